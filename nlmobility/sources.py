"""Who publishes each known file and under which licence: the defaults an import records when not told.

An import records its file in ``data_source`` (title and licence), so every page and download can
say what a figure is built from. ``nlmobility import --title … --licence …`` overrides these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOT_STATED = "no declarada"


@dataclass(frozen=True)
class Source:
    """A publisher and a licence."""

    title: str
    licence: str


#: File-name patterns of files Nuevo León's offices and partners publish (see shared/realdata/SOURCES.md).
KNOWN: tuple[tuple[re.Pattern[str], Source], ...] = (
    (
        re.compile(r"^atropellos_\d{4}-\d{4}", re.I),
        Source("Municipio de San Pedro Garza García (sanpgg/atropellos-spgg)", "GPL-3.0"),
    ),
    (
        re.compile(r"^indices-de-estadisticas-de-accidentes-viales", re.I),
        Source("Portal de datos abiertos del Estado de Nuevo León", NOT_STATED),
    ),
    (re.compile(r"^hechosviales", re.I), Source("IMPLAN San Pedro Garza García (tablero de movilidad)", NOT_STATED)),
    (re.compile(r"^hin_new_comp", re.I), Source("Municipio de San Pedro Garza García (radar vial)", NOT_STATED)),
    (
        re.compile(r"^nuevo le[oó]n\.json$", re.I),
        Source("INEGI Marco Geoestadístico vía PhantomInsights/mexico-geojson", "MIT"),
    ),
    (re.compile(r"^formulario-", re.I), Source("Formulario de talleres (Administración)", "CC BY 4.0")),
)


def known(file_name: str) -> Source:
    """The publisher and licence of a known file, else the file itself with the licence not stated."""
    for pattern, source in KNOWN:
        if pattern.search(file_name):
            return source
    return Source(file_name, NOT_STATED)


#: The municipality each state-portal dataset is about (the dataset id's last words).
PORTAL_MUNICIPALITIES = {
    "apodaca": "19006",
    "garcia": "19018",
    "general-escobedo": "19021",
    "guadalupe": "19026",
    "juarez": "19031",
    "monterrey": "19039",
    "san-nicolas-de-los-garza": "19046",
    "santa-catarina": "19048",
    "santiago": "19049",
}
_PORTAL = re.compile(r"^indices-de-estadisticas-de-accidentes-viales-([a-z-]+?)(?:[-_ (]*\d+\)?)?\.", re.I)
#: San Pedro Garza García's own crash files (its pedestrian strikes and the municipal records).
_SAN_PEDRO = re.compile(r"^(atropellos_\d{4}-\d{4}|hechosviales)", re.I)


def known_municipality(file_name: str) -> str | None:
    """The INEGI code of the municipality a known crash file is about (its records keep it near the border), else None."""
    if _SAN_PEDRO.search(file_name):
        return "19019"
    hit = _PORTAL.search(file_name)
    return PORTAL_MUNICIPALITIES.get(hit.group(1).lower()) if hit else None


#: A state-portal export as downloaded ("…-apodaca.csv", or "…-apodaca (2).csv" when a browser saved it twice).
#: A name with other words or numbers ("…-apodaca-2023.csv") is a source of its own: never a version of the whole.
_PORTAL_ID = re.compile(r"^(indices-de-estadisticas-de-accidentes-viales-[a-z-]+?)(?: \(\d+\))?\.[a-z0-9]+$", re.I)


def identity(file_name: str) -> str:
    """The source a file is a version of: a state-portal dataset's id, else the file name itself.

    Two files with the same identity are two versions of one source: the later replaces the earlier
    (``ingest/versions.py``).
    """
    hit = _PORTAL_ID.search(file_name)
    return hit.group(1).lower() if hit else file_name
