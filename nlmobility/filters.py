"""Global filters and their share-link form (plain, validated query parameters).

Streamlit-free so it can be tested directly. ``from_params`` never raises: every invalid value
falls back to its default and is reported, so a page can show a notice.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Any

SEVERITIES = ("victims", "all", "fatal", "injury", "damage")  # first = default
MODES = ("all", "pedestrian", "cyclist", "motorcyclist")
LANGS = ("es", "en")
MIN_YEAR, MAX_YEAR = 2015, 2035
BUFFER_RANGE = (10, 300)
_ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")


@dataclasses.dataclass(frozen=True)
class Filters:
    """The global filters of every page (sidebar and share link); also the key of cached queries.

    ``year_from``/``year_to`` bound the period in whole calendar years; ``None`` on a side means
    no bound there (see :meth:`all_time`).
    """

    cvegeo: str | None = None
    corridor_id: str | None = None
    year_from: int | None = 2019
    year_to: int | None = 2025
    severity: str = "victims"
    mode: str = "all"
    lang: str = "es"
    buffer_m: int = 50
    version: str | None = None

    @classmethod
    def all_time(cls, *, corridor_id: str | None = None, cvegeo: str | None = None) -> Filters:
        """Every record of a corridor or municipality, whatever its date (the corridor card, the fact sheet)."""
        return cls(cvegeo=cvegeo, corridor_id=corridor_id, year_from=None, year_to=None)

    def crash_params(self) -> dict[str, Any]:
        """Bound parameters of the crash filter (``crash_*`` macros of the schema)."""
        return {
            "cvegeo": self.cvegeo,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "severity": self.severity,
            "mode": self.mode,
        }

    def area_params(self) -> dict[str, Any]:
        """Bound parameters of the area and period filter of participation queries."""
        return {
            "cvegeo": self.cvegeo,
            "corridor_id": self.corridor_id,
            "year_from": self.year_from,
            "year_to": self.year_to,
        }

    def to_params(self, defaults: Filters | None = None) -> dict[str, str | list[str]]:
        """Query parameters for a share link (only values that differ from the defaults, plus v)."""
        base = defaults or Filters()
        out: dict[str, str | list[str]] = {}
        for key, field in _PARAM_FIELDS.items():
            value = getattr(self, field)
            if value != getattr(base, field) and value is not None:
                out[key] = str(value)
        if (self.year_from, self.year_to) != (base.year_from, base.year_to):
            out["periodo"] = [str(self.year_from), str(self.year_to)]
        if self.version:
            out["v"] = self.version
        return out


#: query-parameter name -> Filters field (the period is the pair ``periodo=YYYY&periodo=YYYY``)
_PARAM_FIELDS = {
    "mun": "cvegeo",
    "cor": "corridor_id",
    "sev": "severity",
    "modo": "mode",
    "lang": "lang",
    "buf": "buffer_m",
}
PARAM_NAMES = (*_PARAM_FIELDS, "periodo", "v")


def from_params(
    params: Mapping[str, str | list[str]],
    *,
    municipalities: Iterable[str],
    corridors: Iterable[str],
    years: tuple[int, int],
    version: str | None,
) -> tuple[Filters, list[str]]:
    """Parse and validate query parameters. Returns the filters and the names of rejected ones."""

    def get(key: str) -> str | None:
        v = params.get(key)
        if isinstance(v, list):
            v = v[-1] if v else None
        return None if v is None or v == "" else str(v)

    munis, cors = set(municipalities), set(corridors)
    d = Filters(year_from=years[0], year_to=years[1], version=version)
    values: dict[str, Any] = {}
    rejected: list[str] = []

    mun = get("mun")
    if mun is not None:
        (values.__setitem__("cvegeo", mun) if mun in munis else rejected.append("mun"))
    cor = get("cor")
    if cor is not None:
        (values.__setitem__("corridor_id", cor) if _ID.match(cor) and cor in cors else rejected.append("cor"))
    period = params.get("periodo")
    if period is not None:
        raw = period if isinstance(period, list) else [period]
        if (
            len(raw) == 2
            and all(str(x).isdigit() and years[0] <= int(x) <= years[1] for x in raw)
            and int(raw[0]) <= int(raw[1])
        ):
            values["year_from"], values["year_to"] = int(raw[0]), int(raw[1])
        else:
            rejected.append("periodo")
    for key, field, allowed in (("sev", "severity", SEVERITIES), ("modo", "mode", MODES), ("lang", "lang", LANGS)):
        value = get(key)
        if value is not None:
            (values.__setitem__(field, value) if value in allowed else rejected.append(key))
    buf = get("buf")
    if buf is not None:
        if buf.isdigit() and BUFFER_RANGE[0] <= int(buf) <= BUFFER_RANGE[1]:
            values["buffer_m"] = int(buf)
        else:
            rejected.append("buf")
    v = get("v")
    if v is not None and version is not None and v != version:
        rejected.append("v")
    return dataclasses.replace(d, **values), rejected
