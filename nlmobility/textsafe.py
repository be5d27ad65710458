"""Make user-supplied text safe to show: always as text, never as HTML or Markdown."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def markdown_literal(text: object) -> str:
    """Escape every Markdown/HTML-significant character so Streamlit shows ``text`` literally."""
    s = "" if text is None or text != text else str(text)  # noqa: PLR0124 - NaN and NaT are the values unequal to themselves  # None and NaN (SQL NULL via pandas) are blank
    s = html.escape(s, quote=False)  # quotes stay quotes: Markdown shows an entity like &#x27; literally
    return _MD_SPECIAL.sub(r"\\\1", s).replace("\n", "  \n")
