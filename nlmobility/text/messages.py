"""Messages in two languages without two code paths (imports, syncs, storage errors).

A :class:`Msg` *is* the English text (a ``str``: what the command line prints, logs and tests
read) and carries its Spanish twin in ``.es`` for the Administración page. Every refusal and row
problem is made where it is detected, by :func:`msg` from a key of the catalog (:mod:`nlmobility.text`).
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


def msg(key: str, **kwargs: Any) -> Msg:
    """The catalog's message ``key`` in English with its Spanish twin, formatted with ``kwargs``."""
    from nlmobility.text import tr

    return Msg(tr(key, "en", **kwargs), tr(key, "es", **kwargs))


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


def said_in(message: object, lang: str | None) -> str:
    """``message`` in ``lang``: its Spanish twin for Spanish (itself when it has none), else its English text."""
    from nlmobility.text import language

    return spanish(message) if language(lang) == "es" else ("" if message is None else str(message))


def spanish(text: object) -> str:
    """The Spanish twin of a message, or the text itself when it has none (e.g. a library's error)."""
    return getattr(text, "es", None) or ("" if text is None else str(text))
