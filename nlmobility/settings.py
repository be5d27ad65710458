"""Every ``NLMOBILITY_*`` setting in one place: its name, default, how it is read and what it is for.

Settings come from the environment and are read when asked (never remembered here), so a command,
the app and a test each see the environment as it is. A value that cannot be read falls back to
the default with a warning in the log (a typo never lifts a limit nor stops the app); settings that
must be right (the public address, the basemap) are checked by their own modules, which name the
setting in their message. The README's settings table lists the same names (a test keeps them in
step with :data:`SETTINGS`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pathlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "path", "whole", "seconds"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    """One environment setting: its name, its default as written, what it does, and how it is read.

    ``kind`` names the reader (:func:`text`, :func:`path`, :func:`whole`, :func:`seconds`); ``choices``
    are the only values a text setting may take (its own module refuses others, naming the setting).
    """

    name: str
    default: str
    purpose: str
    kind: Kind = "text"
    choices: tuple[str, ...] = ()


#: Every setting the code reads, by name.
SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("NLMOBILITY_DB", "data/nlmobility.duckdb", "the database: a DuckDB file or a lake locator"),
        Setting("NLMOBILITY_DATA_PATH", "data", "where a lake keeps its Parquet files (and its feed)", "path"),
        Setting(
            "NLMOBILITY_WRITE_WAIT", "300", "seconds a writer waits for the write lock before giving up", "seconds"
        ),
        Setting("NLMOBILITY_USERS", "data/users.json", "the Administración page's accounts", "path"),
        Setting("NLMOBILITY_PUBLIC_URL", "", "the public address used in share links, QR codes and the feed"),
        Setting(
            "NLMOBILITY_BASEMAP",
            "builtin",
            "the map background: builtin, tiles (an installed pack) or online",
            choices=("builtin", "tiles", "online"),
        ),
        Setting("NLMOBILITY_TILE_URL", "", "the online basemap's tile address (only with NLMOBILITY_BASEMAP=online)"),
        Setting("NLMOBILITY_TILE_ATTRIBUTION", "", "the online basemap's attribution"),
        Setting("NLMOBILITY_PAGE_RUNS", "2", "page runs one process lets into Python at once", "whole"),
        Setting("NLMOBILITY_PAGE_WAIT", "10", "seconds a page run waits for its turn before going ahead", "seconds"),
        Setting("NLMOBILITY_IMPORT_MAX_BYTES", "524288000", "what an imported file may expand to (bytes)", "whole"),
        Setting("NLMOBILITY_IMPORT_MAX_ROWS", "500000", "rows (features) in one imported file", "whole"),
        Setting("NLMOBILITY_IMPORT_MAX_VERTICES", "250000", "vertices of one imported geometry", "whole"),
        Setting("NLMOBILITY_IMPORT_MAX_FILE_VERTICES", "2000000", "vertices of all of one file's geometries", "whole"),
        Setting(
            "NLMOBILITY_PORTAL_URL", "https://datos.nl.gob.mx", "the state open-data portal `nlmobility sync` reads"
        ),
        Setting(
            "NLMOBILITY_PORTAL_DATASETS", "", "a TOML file listing the portal datasets to sync (default: the nine)"
        ),
        Setting(
            "NLMOBILITY_PORTAL_MAX_BYTES", "209715200", "the largest portal export `sync` downloads (bytes)", "whole"
        ),
        Setting("NLMOBILITY_PORTAL_TIMEOUT", "30", "seconds `sync` waits for the portal to answer", "seconds"),
        Setting("NLMOBILITY_IMPORT_PAUSE", "", "test hook: seconds an import pauses before committing", "seconds"),
    )
}


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def text(name: str, env: Mapping[str, str] | None = None) -> str:
    """The setting as written, stripped; its default when unset or blank."""
    raw = _env(env).get(SETTINGS[name].name, "").strip()
    return raw or SETTINGS[name].default


def given(name: str, env: Mapping[str, str] | None = None) -> str | None:
    """The setting as written, stripped; None when unset or blank (whatever the default)."""
    return _env(env).get(SETTINGS[name].name, "").strip() or None


def path(name: str, env: Mapping[str, str] | None = None) -> pathlib.Path:
    """The setting as a path (its default when unset)."""
    return pathlib.Path(text(name, env))


def whole(name: str, env: Mapping[str, str] | None = None) -> int:
    """A positive whole number (``1_000_000``, ``1,000,000`` and ``1000000`` all read).

    Unset: the default. Not a positive whole number: the default, with a warning in the log (a typo
    must not lift a limit).
    """
    default = int(SETTINGS[name].default)
    raw = (given(name, env) or "").replace("_", "").replace(",", "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        _log.warning("%s=%r is not a positive whole number; using the default %s", name, raw, default)
        return default
    return value


def seconds(name: str, env: Mapping[str, str] | None = None) -> float:
    """A number of seconds, at least 0 (the default when unset or not a number, with a warning)."""
    default = float(SETTINGS[name].default or 0)
    raw = given(name, env)
    if raw is None:
        return default
    try:
        return max(0.0, float(raw))
    except ValueError:
        _log.warning("%s=%r is not a number of seconds; using the default %s", name, raw, default)
        return default


def value(name: str, env: Mapping[str, str] | None = None) -> str:
    """The value in effect, written as the code reads it (a number as read, a path as a path)."""
    kind = SETTINGS[name].kind
    if kind == "whole":
        return str(whole(name, env))
    if kind == "seconds":
        read = seconds(name, env)
        return "" if not given(name, env) and not SETTINGS[name].default else f"{read:g}"
    if kind == "path":
        return str(path(name, env))
    choices = SETTINGS[name].choices
    if choices and text(name, env).lower() not in choices:
        return SETTINGS[name].default
    return text(name, env).lower() if choices else text(name, env)


def _readable(name: str, env: Mapping[str, str] | None) -> bool:
    """Whether the value as written is what the code uses (not replaced by the default)."""
    s, raw = SETTINGS[name], given(name, env)
    if raw is None:
        return True
    if s.choices:
        return raw.lower() in s.choices
    if s.kind == "whole":
        digits = raw.replace("_", "").replace(",", "")
        return digits.isdigit() and int(digits) > 0
    if s.kind == "seconds":
        try:
            float(raw)
        except ValueError:
            return False
    return True


#: What a value that cannot be used is not, by kind.
_NOT_A = {"whole": "a positive whole number", "seconds": "a number of seconds"}


def effective(env: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """Every setting as it stands: name, value in effect, where it came from, purpose.

    ``from`` is ``environment`` when the environment's value is used, ``default`` when unset, and
    ``default (NAME=… not read: …)`` when a value was set that the code cannot use.
    """
    rows = []
    for s in SETTINGS.values():
        raw = given(s.name, env)
        if raw is None:
            source = "default"
        elif _readable(s.name, env):
            source = "environment"
        else:
            wanted = f"one of {', '.join(s.choices)}" if s.choices else _NOT_A.get(s.kind, "readable")
            source = f"default: the environment's {raw!r} is not {wanted}"
        with _quiet():
            current = value(s.name, env)
        rows.append({"name": s.name, "value": current, "from": source, "purpose": s.purpose})
    return rows


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Readers warn about an unreadable value in the log; the settings listing says it in its own column."""
    previous = _log.disabled
    _log.disabled = True
    try:
        yield
    finally:
        _log.disabled = previous


def _read_as(s: Setting) -> str:
    """The README's words for how a setting is read."""
    if s.choices:
        return "one of " + ", ".join(f"`{c}`" for c in s.choices)
    return {"whole": "whole number > 0", "seconds": "seconds ≥ 0", "path": "path", "text": "text"}[s.kind]


def markdown_table() -> str:
    """The README's settings table, made from :data:`SETTINGS` (a test keeps the README equal to it)."""
    rows = ["| setting | default | read as | what it sets |", "|---|---|---|---|"]
    rows += [
        f"| `{s.name}` | {f'`{s.default}`' if s.default else '(unset)'} | {_read_as(s)} | {s.purpose} |"
        for s in SETTINGS.values()
    ]
    return "\n".join(rows)
