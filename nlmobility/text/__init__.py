"""All user-facing text, keyed, Spanish first and English beside it: the one catalog.

Pages (:mod:`.pages`), the documents nlmobility writes (:mod:`.documents`: the forum digest, the fact sheet)
and the messages of imports and syncs (:mod:`.imports`) keep their entries in their own module; :data:`TEXT`
is all of them, and a test checks that every key has both languages with the same placeholders and that
every key is used. Streamlit-free: pages read it through ``ui.i18n.t`` (the user's language), everything
else through :func:`tr`, :func:`words` or :func:`msg` with a language it is given.
"""

from __future__ import annotations

from typing import Any

from nlmobility.text.documents import DOCUMENTS
from nlmobility.text.imports import IMPORTS
from nlmobility.text.pages import PAGES

#: The languages of the catalog, Spanish first (the default).
LANGS = ("es", "en")

TEXT: dict[str, tuple[str, str]] = {**PAGES, **DOCUMENTS, **IMPORTS}
if len(TEXT) != len(PAGES) + len(DOCUMENTS) + len(IMPORTS):  # pragma: no cover - a test names the key
    raise RuntimeError("a text key is defined in two parts of the catalog")


def language(lang: str | None) -> str:
    """``lang`` when the catalog has it, else Spanish."""
    return lang if lang in LANGS else "es"


def choose(lang: str | None, es: str, en: str) -> str:
    """The one of a bilingual pair of data (a title, a description) in ``lang``: English falls back to Spanish
    when it is empty."""
    return en if language(lang) == "en" and en else es


def tr(key: str, lang: str | None, **kwargs: Any) -> str:
    """The text of ``key`` in ``lang``, formatted with ``kwargs``.

    Plurals: when ``n`` is 1 and a ``KEY_one`` text exists, that one is used ("1 fila nueva").
    """
    if str(kwargs.get("n", "")).strip() == "1" and f"{key}_one" in TEXT:
        key = f"{key}_one"
    es, en = TEXT[key]
    s = choose(lang, es, en)
    return s.format(**kwargs) if kwargs else s


def words(part: str, lang: str | None) -> dict[str, str]:
    """Every text of one part of the catalog (keys ``PART_*``) in ``lang``, by the rest of the key: a document's
    own words (``words("digest", "en")["title"]``)."""
    head = f"{part}_"
    return {k.removeprefix(head): choose(lang, *v) for k, v in TEXT.items() if k.startswith(head)}
