"""How one file is imported: every choice the command line, Administración and the portal sync can make,
as one typed object handed from ``api.run_import`` to the check and the load (no relayed keyword lists)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypedDict

from nlmobility import sources

#: Reports how far an import has gone: (fraction done 0..1, stage name of ``load.STAGES``).
Progress = Callable[[float, str], None]


def no_progress(_fraction: float, _stage: str) -> None:
    """The default progress: nothing shown."""


@dataclass(frozen=True)
class Options:
    """One import's choices; each default is what ``nlmobility import KIND FILE`` does without options."""

    #: check and report what would be loaded, change nothing
    dry_run: bool = False
    #: load the valid rows and report the rest (default: any refused row refuses the file)
    partial: bool = False
    #: the file's column -> the kind's field, for files whose headers are not recognised
    mapping: Mapping[str, str] | None = None
    #: who imported it (the import log)
    who: str | None = None
    #: the file's name as the user knows it (an upload's temporary file has another)
    display_name: str | None = None
    #: the day dates in the future are judged against (tests)
    today: dt.date | None = None
    progress: Progress = no_progress
    #: the layer of a GeoPackage or another multi-layer file
    layer: str | None = None
    #: accept real rows into the synthetic sample (every page then says the figures are mixed)
    mix_with_sample: bool = False
    #: the file's publisher and licence (default: ``sources.known`` from its name)
    source: sources.Source | None = None
    #: the period the file covers, when it covers more than its rows' dates show
    period: tuple[dt.date, dt.date] | None = None
    #: the municipality (CVEGEO) a municipal file's rows belong to
    municipality: str | None = None
    #: a counting site's (name, lon, lat) for a counts file that has none
    site: tuple[str, float, float] | None = None
    #: add the rows to the earlier version of the same source instead of replacing it
    append: bool = False
    #: accept a version that removes more than a fifth of its source
    replace: bool = False

    def but(self, **changes: object) -> Options:
        """These options with ``changes``."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


class Choices(TypedDict, total=False):
    """:class:`Options` as keyword arguments (``run_import(db, kind, file, dry_run=True)``)."""

    dry_run: bool
    partial: bool
    mapping: Mapping[str, str] | None
    who: str | None
    display_name: str | None
    today: dt.date | None
    progress: Progress | None
    layer: str | None
    mix_with_sample: bool
    source: sources.Source | None
    period: tuple[dt.date, dt.date] | None
    municipality: str | None
    site: tuple[str, float, float] | None
    append: bool
    replace: bool


def options(given: Options | None = None, **choices: object) -> Options:
    """``given`` (default: every default) with ``choices``; a ``progress`` of None is no progress."""
    if choices.get("progress", no_progress) is None:
        choices["progress"] = no_progress
    return (given or Options()).but(**choices) if choices else (given or Options())
