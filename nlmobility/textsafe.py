"""Make user-supplied text safe to show: always as text, never as HTML, Markdown or a link."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
#: Streamlit's Markdown turns bare addresses into links (GitHub-flavoured autolinks) even when every
#: special character is escaped; a zero-width space inside the trigger keeps them plain text.
_AUTOLINK_TRIGGERS = re.compile(r"(://|www\.|@)", re.IGNORECASE)
ZWSP = "\u200b"


def _blank(text: object) -> bool:
    """None, NaN and NaT (SQL NULL through pandas) show as nothing: the values unequal to themselves."""
    return text is None or text != text  # noqa: PLR0124


def markdown_literal(text: object) -> str:
    """``text`` as Streamlit Markdown that shows it literally: no formatting, no HTML, no links, no images.

    Quotes stay quotes (Markdown would show an entity such as ``&#x27;`` literally); addresses get
    an invisible zero-width space so they are not turned into live links.
    """
    s = "" if _blank(text) else str(text)
    s = _AUTOLINK_TRIGGERS.sub(lambda m: m.group(1)[0] + ZWSP + m.group(1)[1:], s)
    s = html.escape(s, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", s).replace("\n", "  \n")


def plain(shown: str) -> str:
    """What a reader sees of :func:`markdown_literal`'s output, without the invisible link breakers."""
    return shown.replace(ZWSP, "")
