"""What a page's tables show, read back for AppTests: interactive tables as they are, page tables (small
desktop tables drawn by ``st.table``, every value written by the one formatter) as values again."""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd

_INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b\u200c\u200d"), None)
_WHOLE = re.compile(r"^−?-?\d{1,3}(,\d{3})*$|^−?-?\d+$")
_DECIMAL = re.compile(r"^−?-?\d+\.\d+$")
_LENGTH = re.compile(r"^(\d[\d,]*(?:\.\d+)?) (m|km)$")


def plain(text: str) -> str:
    """A page-table cell as its text reads: Markdown escapes, entities and invisible joiners undone, spaces plain."""
    unescaped = html.unescape(re.sub(r"\\(.)", r"\1", str(text)))  # Markdown escapes, then HTML entities
    return unescaped.translate(_INVISIBLE).replace("\u00a0", " ")


def value(text: str) -> Any:
    """A page-table cell as a value: whole numbers and decimals as numbers, "850 m" / "1.9 km" in metres."""
    s = plain(text)
    if _WHOLE.match(s):
        return int(s.replace(",", "").replace("−", "-"))
    if _DECIMAL.match(s):
        return float(s.replace("−", "-"))
    if m := _LENGTH.match(s):
        n = float(m.group(1).replace(",", ""))
        return n * 1000 if m.group(2) == "km" else n
    return s


def tables(at: Any) -> list[pd.DataFrame]:
    """Every table on the page: ``st.dataframe`` values as they are, ``st.table`` values read back."""
    out = [d.value for d in at.dataframe]
    for t in at.table:
        df = t.value
        df = df.rename(columns={c: plain(c) for c in df.columns})
        out.append(df.apply(lambda col: col.map(value)))
    return out
