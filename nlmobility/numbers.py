"""How figures are written, for every output (pages, PDFs, the digest): Streamlit-free.

``nlmobility.ui.fmt`` writes the pages' figures through these; the digest and the fact sheet use
them directly, so a change reads the same on a page, in a PDF and in the forum's digest.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

#: The minus sign of every signed figure (U+2212: as wide as "+", never read as a hyphen).
MINUS = "\u2212"
#: What an unknown or missing figure is written as (never 0).
MISSING = "—"


def present(v: Any) -> bool:
    """A real value: not None, NaN or NaT, and not blank text (pandas gives NaN for SQL NULL)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return False
    return not (isinstance(v, str) and not v.strip())


def signed_pct(fraction: Any) -> str:
    """A change as a signed whole percentage with a true minus sign ("−42 %", "+5 %", "0 %"), or "—".

    Zero has no sign: an interval reads "−65 % a 0 %", never "+0 %".
    """
    if not present(fraction):
        return MISSING
    v = round(100 * float(fraction))
    if v == 0:
        return "0 %"
    return f"{'+' if v > 0 else MINUS}{abs(v)} %"
