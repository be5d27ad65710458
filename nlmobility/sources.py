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
