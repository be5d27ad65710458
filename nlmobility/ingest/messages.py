"""Import messages in two languages without two code paths.

A :class:`Msg` *is* the English text (a ``str``: what the command line prints, logs and tests
read) and carries its Spanish twin in ``.es`` for the Administración page. Every refusal and row
problem is written once, where it is detected, in both languages.
"""

from __future__ import annotations


class Msg(str):
    """English text with a Spanish twin (``.es``)."""

    es: str

    def __new__(cls, en: str, es: str) -> Msg:
        """The English text ``en`` carrying ``es`` as its Spanish twin."""
        obj = super().__new__(cls, en)
        obj.es = es
        return obj


def m(en: str, es: str) -> Msg:
    """A message in English with its Spanish twin."""
    return Msg(en, es)


def spanish(text: object) -> str:
    """The Spanish twin of a message, or the text itself when it has none (e.g. a library's error)."""
    return getattr(text, "es", None) or ("" if text is None else str(text))
