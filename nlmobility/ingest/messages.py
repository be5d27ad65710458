"""Import messages in two languages without two code paths.

A :class:`Msg` *is* the English text (a ``str``: what the command line prints, logs and tests
read) and carries its Spanish twin in ``.es`` for the Administración page. Every refusal and row
problem is written once, where it is detected, in both languages.
"""

from __future__ import annotations

import dataclasses
from typing import Any


class Msg(str):
    """English text with a Spanish twin (``.es``)."""

    es: str

    def __new__(cls, en: str, es: str) -> Msg:
        """The English text ``en`` carrying ``es`` as its Spanish twin."""
        obj = super().__new__(cls, en)
        obj.es = es
        return obj

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        """Both texts: ``copy``, ``pickle`` and ``dataclasses.asdict`` rebuild a Msg with its twin."""
        return (str(self), self.es)

    def as_json(self) -> dict[str, str]:
        """The message's JSON form: ``{"en": …, "es": …}``."""
        return {"en": str(self), "es": self.es}


def m(en: str, es: str) -> Msg:
    """A message in English with its Spanish twin."""
    return Msg(en, es)


def plain(value: object) -> Any:
    """``value`` with every :class:`Msg` made a plain ``str`` (its English text), recursing into dataclasses,
    dicts, lists and tuples: what JSON writers get (the Spanish twin travels in the record's own ``*_es``
    field, so a report's JSON keeps its flat shape)."""
    if isinstance(value, Msg):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def spanish(text: object) -> str:
    """The Spanish twin of a message, or the text itself when it has none (e.g. a library's error)."""
    return getattr(text, "es", None) or ("" if text is None else str(text))
