"""The user's language and the catalog's text in it, for pages (the catalog itself is :mod:`nlmobility.text`).

* Fixed text: pages never hold literal strings; they call :func:`t` with a key of :data:`TEXT`
  (a test checks that every key has both languages) and :func:`label` for coded values.
* Bilingual data: :func:`pick` takes a field in the user's language from anything that carries
  both (a DataFrame's ``title_es``/``title_en`` columns, a row, the data dictionary's titles, an
  import report's ``error``/``error_es``, whose messages are written once in both languages as
  ``text.messages.Msg``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from nlmobility.text import TEXT, tr

LANG_KEY = "nlm_lang"


def lang() -> str:
    """The user's language (``es`` unless English was chosen)."""
    v = st.session_state.get(LANG_KEY, "es")
    return v if v in ("es", "en") else "es"


def t(key: str, **kwargs: Any) -> str:
    """The text of ``key`` in the user's language, formatted with ``kwargs`` (plurals: :func:`text.tr`)."""
    return tr(key, lang(), **kwargs)


def label(prefix: str, value: str | None) -> str:
    """Translated label of a code value (status, severity, mode, milestone status)."""
    if value is None:
        return ""
    key = f"{prefix}_{value}"
    return t(key) if key in TEXT else str(value)


def _has(source: object, name: str) -> bool:
    if isinstance(source, pd.DataFrame):
        return name in source.columns
    if isinstance(source, pd.Series):
        return name in source.index
    if isinstance(source, Mapping):
        return name in source
    return hasattr(source, name)


def _get(source: object, name: str) -> Any:
    if isinstance(source, pd.DataFrame | pd.Series | Mapping):
        return source[name]
    return getattr(source, name)


def pick(source: object, field: str) -> Any:
    """``field`` of ``source`` in the user's language: ``<field>_es`` or ``<field>_en``, else ``<field>``.

    ``source`` is a DataFrame (returns the column), a row, a mapping or an object (returns the
    value). English falls back to the plain field (``error`` is English next to ``error_es``).
    """
    for name in (f"{field}_{lang()}", field):
        if _has(source, name):
            return _get(source, name)
    raise KeyError(f"{field!r} has no {lang()} version in {type(source).__name__}")
