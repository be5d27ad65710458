"""What each import kind checks in a row beyond types: codes, sums, date order, derived fields.

Each kind in ``kinds.KINDS`` names its row rule (``Kind.row_rule``) and, where a field can come
from alternative columns, its required-column rule (``Kind.required_rule``). A rule raises
:class:`RowError` naming the column, the reason (English and Spanish) and a reason code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from shapely.geometry import Point

from nlmobility import geo
from nlmobility.text.messages import Msg, msg


class RowError(Exception):
    """A row refused by a rule: the source column (None: the whole row), the reason, its code and the value refused."""

    def __init__(self, column: str | None, reason: Msg, code: str = "invalid", value: str | None = None) -> None:
        super().__init__(reason)
        self.column, self.reason, self.code, self.value = column, reason, code, value


def norm(name: str) -> str:
    """A column name or code reduced for matching: lower case, no accents, punctuation as ``_``."""
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower().strip()
    s = s.replace("ñ", "n")
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


#: Allowed code values, with common Spanish spellings mapped to the stored codes.
CODES: dict[str, dict[str, str]] = {
    "severity": {
        "fatal": "fatal",
        "mortal": "fatal",
        "injury": "injury",
        "lesionados": "injury",
        "con_lesionados": "injury",
        "herido": "injury",
        "damage": "damage",
        "danos": "damage",
        "solo_danos": "damage",
        "unknown": "unknown",
        "sin_dato": "unknown",
        "desconocida": "unknown",
    },
    "status": {
        "planned": "planned",
        "planeado": "planned",
        "in_works": "in_works",
        "en_obra": "in_works",
        "finished": "finished",
        "terminado": "finished",
        "not_started": "not_started",
        "no_iniciado": "not_started",
        "in_progress": "in_progress",
        "en_progreso": "in_progress",
        "stuck": "stuck",
        "atorado": "stuck",
        "finalizado": "finished",
        "incomplete": "incomplete",
        "incompleto": "incomplete",
    },
    "mode": {"metro": "metro", "brt": "brt", "ecovia": "brt"},
}
CORRIDOR_STATUSES = {"planned", "in_works", "finished"}
MILESTONE_STATUSES = {"not_started", "in_progress", "stuck", "finished", "incomplete"}
LINE_STATUSES = {
    "operating": "operating",
    "en_operacion": "operating",
    "under_construction": "under_construction",
    "en_construccion": "under_construction",
}


@dataclass
class Context:
    """What row rules may consult beyond the row: keys already in the database, the latest status changes."""

    #: (table, column) -> the values present (foreign keys point at these)
    keys: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: milestone id -> the date of its latest recorded status change
    last_status_change: dict[str, dt.date] = field(default_factory=dict)
    #: the imported intersections, for crash records located by intersection (:func:`locate_by_intersection`)
    gazetteer: Gazetteer = field(default_factory=lambda: Gazetteer([]))
    #: the municipality a file declares it is about (code, name, boundary in UTM 14N): rows must lie in it
    municipality: tuple[str, str, Any] | None = None
    #: the counting site given on the command line or the form (name, lon, lat) for count files without one
    site: tuple[str, float, float] | None = None


def count_site(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:  # noqa: ARG001 - one signature for every row rule
    """A count row without its own site or point takes the site given with the import (``--site --lat --lon``)."""
    if ctx.site is None:
        return
    name, lon, lat = ctx.site
    if not v.get("site"):
        v["site"] = name
    if v.get("lat") is None and v.get("lon") is None and v.get("latlon") is None:
        v["lon"], v["lat"] = lon, lat


#: The groups of a count's pedestrians, each at most the pedestrians (women and men together; children).
COUNT_GROUPS = (("women", "men"), ("children",))


def count_row(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:  # noqa: ARG001 - one signature for every row rule
    """A count row names its site and counts someone: pedestrians, cyclists, motorcyclists or vehicles."""
    if not v.get("site"):
        raise RowError(
            found.get("site"),
            msg("imp_rules_no_site"),
            "required",
        )
    if all(v.get(k) is None for k in ("pedestrians", "cyclists", "motorcyclists", "vehicles")):
        raise RowError(
            found.get("pedestrians"),
            msg("imp_rules_no_count"),
            "required",
        )
    # women and men, and children, are counted among the pedestrians (the exposure table's shares)
    groups_within_total(v, found, "pedestrians", COUNT_GROUPS)


#: How far outside the declared municipality's boundary a point may lie (geocoding on border roads).
BORDER_TOLERANCE_M = 100.0
#: The same for a point taken from the gazetteer of intersections: an intersection's point is less exact, and
#: San Pedro's gazetteer puts some of its own border crossings up to 251 m inside Monterrey or Santa Catarina.
BORDER_TOLERANCE_INTERSECTION_M = 300.0


def in_declared_municipality(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:
    """A file declared to be of one municipality (``--municipality``): its points lie in it or within 100 m, and take its code."""
    if ctx.municipality is None or v.get("lon") is None:
        return
    code, name, boundary_utm = ctx.municipality
    x, y = geo.to_utm(np.array([v["lon"]]), np.array([v["lat"]]))
    distance = float(boundary_utm.distance(Point(float(x[0]), float(y[0]))))
    by_intersection = v.get("located_by") == "intersection"
    if distance > (BORDER_TOLERANCE_INTERSECTION_M if by_intersection else BORDER_TOLERANCE_M):
        raise RowError(
            found.get("lat") or found.get("latlon") or found.get("intersection"),
            msg("imp_rules_outside_municipality", km=distance / 1000, name=name),
            "outside_municipality",
        )
    v["cvegeo"] = code
    v["cvegeo_by"] = "declared_border" if distance > 0 else "declared"


#: Words that name the kind of street, not the street: dropped before comparing names loosely. "Privada",
#: "Cerrada", "Andador" and "Prolongación" are not among them: they name another street ("Benito Juarez con
#: Privada Fco I Madero" lies 694 m from "… con Fco I Madero").
_STREET_WORDS = frozenset(
    {
        "av",
        "ave",
        "avda",
        "avenida",
        "blvd",
        "blvr",
        "bulevar",
        "boulevard",
        "calz",
        "calzada",
        "c",
        "calle",
        "carr",
        "carretera",
        "camino",
        "cam",
        "paseo",
        "pso",
        "circuito",
        "cto",
        "col",
        "colonia",
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "y",
    }
)
_JOINERS = re.compile(r"\s+(?:con|y|esq(?:uina)?|e)\s+|\s*[&/]\s*|\s+x\s+", re.IGNORECASE)
_ABBREVIATIONS = {
    "gral": "general",
    "gpe": "guadalupe",
    "sta": "santa",
    "sto": "santo",
    "sn": "san",
    "ing": "ingeniero",
    "lic": "licenciado",
    "dr": "doctor",
    "pte": "presidente",
    "prof": "profesor",
    "ma": "maria",
    "fco": "francisco",
    "priv": "privada",
    "pvda": "privada",
    "cda": "cerrada",
    "and": "andador",
    "prol": "prolongacion",
}


def _street(name: str) -> str:
    words = [w for w in norm(name).split("_") if w]
    words = [_ABBREVIATIONS.get(w, w) for w in words]
    kept = [
        w for w in words if w not in _STREET_WORDS and not (len(w) == 1 and w.isalpha())
    ]  # also initials ("A. Lopez Mateos")
    return " ".join(kept or words)


def intersection_key(text: str) -> str | None:
    """The two streets of "A con B" normalised (case, accents, street words, abbreviations, initials) and sorted.

    "Alfonso Reyes con A. Lopez Mateos" and "LÓPEZ MATEOS y Av. Alfonso Reyes" give the same key;
    None when the text does not name two streets.
    """
    parts = [p for p in _JOINERS.split(str(text).strip()) if p.strip()]
    if len(parts) != 2:
        return None
    a, b = sorted(_street(p) for p in parts)
    return f"{a}|{b}" if a and b else None


def intersection_row(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:  # noqa: ARG001 - one signature for every row rule
    """An intersection's name must name two streets: it is how crash records find it."""
    key = intersection_key(v["name"])
    if key is None:
        raise RowError(
            found.get("name"),
            msg("imp_rules_not_intersection", name=v["name"][:80]),
            "code",
        )
    v["name_key"] = key


def exact_intersection_key(text: str) -> str | None:
    """The two streets of "A con B" with only case, accents, punctuation, spacing and order removed.

    Every word is kept ("Priv.", initials, "Andador De"): two gazetteer entries never share this key
    unless their names are the same streets written differently.
    """
    parts = [p for p in _JOINERS.split(str(text).strip()) if p.strip()]
    if len(parts) != 2:
        return None
    a, b = sorted(" ".join(w for w in norm(p).split("_") if w) for p in parts)
    return f"{a}|{b}" if a and b else None


#: A looser match (street words, abbreviations and initials dropped) is accepted only when the names
#: are at least this similar (difflib's ratio of the exact keys, 0..1); below it the name is unplaced.
LOOSE_MATCH_MIN_SCORE = 0.6


@dataclass(frozen=True)
class Placement:
    """Where a crash record's intersection name was placed: the gazetteer entry, how and how surely."""

    name: str  # the gazetteer's name of the intersection chosen
    lon: float
    lat: float
    method: (
        str  # "exact" (same streets, every word kept) or "normalised" (street words, abbreviations or initials dropped)
    )
    score: float  # 1 for exact; for normalised, the similarity of the two names (0..1)


def _similarity(a: str, b: str) -> float:
    """How alike two names of one intersection are (0..1): each street with its counterpart, every word kept."""

    def streets(text: str) -> list[str]:
        parts = [p for p in _JOINERS.split(str(text).strip()) if p.strip()]
        return [" ".join(w for w in norm(p).split("_") if w) for p in sorted(parts, key=_street)]

    pairs = list(zip(streets(a), streets(b), strict=False))
    if not pairs:
        return 0.0
    return round(sum(difflib.SequenceMatcher(None, x, y).ratio() for x, y in pairs) / len(pairs), 3)


class Gazetteer:
    """The imported intersections, looked up exact first, then loosely only where that cannot pick the wrong one.

    A loose key (:func:`intersection_key`) shared by two or more entries distinguishes them only by the
    words it drops: a name that matches them only loosely is ambiguous and stays unplaced.
    """

    def __init__(self, entries: list[tuple[str, float, float]]) -> None:
        self.exact: dict[str, list[tuple[str, float, float]]] = {}
        self.loose: dict[str, list[tuple[str, float, float]]] = {}
        for name, lon, lat in sorted(entries):
            ek, lk = exact_intersection_key(name), intersection_key(name)
            if ek is not None:
                self.exact.setdefault(ek, []).append((name, lon, lat))
            if lk is not None:
                self.loose.setdefault(lk, []).append((name, lon, lat))
        self._memo: dict[str, Placement | tuple[str, list[str]]] = {}

    def __len__(self) -> int:
        return len(self.exact)

    def place(self, text: str) -> Placement | tuple[str, list[str]]:
        """The placement of ``text``, or why it is unplaced: ("unmatched" | "ambiguous" | "weak", candidates)."""
        if text not in self._memo:
            self._memo[text] = self._place(text)
        return self._memo[text]

    def _place(self, text: str) -> Placement | tuple[str, list[str]]:
        ek = exact_intersection_key(text)
        if ek is not None and ek in self.exact:
            same = self.exact[ek]
            written = [e for e in same if e[0].strip() == str(text).strip()]
            points = {(round(lon, 5), round(lat, 5)) for _, lon, lat in same}
            if len(written) == 1 or len(points) == 1:
                name, lon, lat = (written or same)[0]
                return Placement(name, lon, lat, "exact", 1.0)
            return "ambiguous", [e[0] for e in same]  # one name, two points in the gazetteer: never pick one
        lk = intersection_key(text)
        candidates = self.loose.get(lk, []) if lk else []
        if not candidates:
            return "unmatched", []
        if len(candidates) > 1:
            return "ambiguous", [c[0] for c in candidates]
        name, lon, lat = candidates[0]
        score = _similarity(text, name)
        if score < LOOSE_MATCH_MIN_SCORE:
            return "weak", [name]
        return Placement(name, lon, lat, "normalised", score)


#: The reason codes of a crash record whose intersection name was not placed.
UNPLACED = ("unmatched", "ambiguous", "weak")


def locate_by_intersection(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:
    """A crash without coordinates is placed at its intersection: exact name first, a looser one only when unique.

    The placement's method, score and the gazetteer name chosen go with the row (stored with the
    crash); a name that matches nothing, or could be two intersections, or matches only weakly, is
    refused naming its candidates (``--partial`` accepts the other rows).
    """
    if v.get("lat") is not None or v.get("lon") is not None or v.get("latlon") is not None or not v.get("intersection"):
        return
    given = str(v["intersection"])
    placed = ctx.gazetteer.place(given)
    if not isinstance(placed, Placement):
        why, candidates = placed
        shown = "; ".join(candidates[:5])
        reason = {
            "unmatched": msg("imp_rules_unmatched", given=given[:80]),
            "ambiguous": msg("imp_rules_ambiguous", given=given[:80], count=len(candidates), shown=shown),
            "weak": msg("imp_rules_weak", given=given[:80], shown=shown),
        }[why]
        raise RowError(found.get("intersection"), reason, why, value=given)
    v["lon"], v["lat"] = placed.lon, placed.lat
    v["located_by"] = "intersection"
    v["placement"], v["placement_score"], v["place_name"] = placed.method, placed.score, placed.name


#: A row rule: checks and completes the parsed values of one row in place (``found``: field -> source column).
RowRule = Callable[[dict[str, Any], dict[str, str], Context], None]


def _not_before(v: dict[str, Any], found: dict[str, str], later: str, earlier: str) -> None:
    """Refuse ``later`` dated before ``earlier`` (both optional)."""
    a, b = v.get(later), v.get(earlier)
    if a is not None and b is not None and a < b:
        raise RowError(
            found.get(later),
            msg(
                "imp_rules_date_order",
                later=later,
                later_date=a.isoformat(),
                earlier=earlier,
                earlier_date=b.isoformat(),
            ),
            "date_order",
        )


def crash_required(found: set[str]) -> list[str]:
    """A crash file needs a date in one of three shapes. Without counts or severity, severity is unknown (never "damage")."""
    if not ({"occurred_at"} <= found or {"date"} <= found or {"year", "month", "day"} <= found):
        return ["fecha (or fecha_hora, or año/mes/día)"]
    return []


def crash_columns(found: dict[str, str]) -> tuple[dict[str, str], list[Msg]]:
    """With a full date column, month and day columns are not read (the state portal's ``Mes`` holds quarters, ``Dia`` weekday names)."""
    if not ({"date", "occurred_at"} & set(found)):
        return found, []
    ignored = [found[f] for f in ("month", "day") if f in found]
    if not ignored:
        return found, []
    kept = {k: v for k, v in found.items() if k not in ("month", "day")}
    names = ", ".join(ignored)
    return kept, [msg("imp_rules_columns_not_read", names=names, source=found.get("date") or found.get("occurred_at"))]


def municipality_required(found: set[str]) -> list[str]:
    """A municipality code may be given whole (cvegeo) or as state + municipality codes."""
    return [] if "cvegeo" in found or {"cve_ent", "cve_mun"} <= found else ["cvegeo"]


def municipality_row(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:  # noqa: ARG001 - one signature for every row rule
    """The INEGI code, zero-padded to 5 digits (from cvegeo, or cve_ent + cve_mun)."""
    code = v.get("cvegeo") or f"{(v.get('cve_ent') or '').zfill(2)}{(v.get('cve_mun') or '').zfill(3)}"
    code = code.split(".")[0]
    if not code.isdigit() or len(code) > 5:
        raise RowError(
            found.get("cvegeo"),
            msg("imp_rules_not_inegi_code", code=code),
            "code",
        )
    v["cvegeo"] = code.zfill(5)


def groups_within_total(
    v: dict[str, Any], found: dict[str, str], total: str, groups: tuple[tuple[str, ...], ...]
) -> None:
    """Groups of people never add up to more than their total: every share stays at most 100 %.

    One rule for participation events (gender and age groups, with a disability, of the participants)
    and counts (women and men, children, of the pedestrians); a row breaking it is refused naming the
    column and the value, in the file's own column names.
    """
    whole = v.get(total)
    if whole is None:
        return
    for group in groups:
        given = [(f, int(v[f])) for f in group if v.get(f) is not None]
        added = sum(x for _, x in given)
        if added <= whole:
            continue
        col, value = next(((f, x) for f, x in given if x > whole), given[0])
        names = " + ".join(f"{found.get(f) or f} = {x}" for f, x in given)
        if len(given) > 1:
            names += f" (= {added})"
        of = found.get(total) or total
        raise RowError(
            found.get(col),
            msg("imp_rules_group_exceeds", names=names, of=of, whole=whole, n=len(given)),
            "sum",
            str(value),
        )


def event_row(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:  # noqa: ARG001 - one signature for every row rule
    """Gender and age groups add up to the participants (when all are given) and never exceed them."""
    total = v["participants_total"]
    groups = (("women", "men", "gender_other"), ("children", "adolescents", "adults", "older_adults"))
    for group in groups:
        given: list[int] = [v.get(g) for g in group]  # type: ignore[misc] # None until checked just below
        if all(x is not None for x in given) and sum(given) != total:
            raise RowError(
                found.get(group[0]),
                msg("imp_rules_groups_sum", groups=" + ".join(group), added=sum(given), total=total),
                "sum",
            )
    groups_within_total(v, found, "participants_total", (*groups, ("with_disability",)))


def corridor_row(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:  # noqa: ARG001 - one signature for every row rule
    """A known corridor status; works end after they start, opening not before the works start."""
    v["status"] = code_value("status", v["status"], found, CORRIDOR_STATUSES)
    _not_before(v, found, "works_end", "works_start")
    _not_before(v, found, "opening_date", "works_start")


def milestone_row(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:
    """A known status; ends not before starts; the status date not before the last recorded change."""
    v["status"] = code_value("status", v["status"], found, MILESTONE_STATUSES)
    if v["planned_end"] < v["planned_start"]:
        raise RowError(
            found.get("planned_end"),
            msg("imp_rules_planned_end_first"),
            "date_order",
        )
    _not_before(v, found, "actual_end", "actual_start")
    last = ctx.last_status_change.get(v["milestone_id"])
    if last is not None and v["status_since"] < last:
        since = v["status_since"].isoformat()
        raise RowError(
            found.get("status_since"),
            msg("imp_rules_history_backwards", since=since, last=last.isoformat()),
            "history",
        )


def comment_row(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:  # noqa: ARG001 - one signature for every row rule
    """A reply is dated on or after its comment and has a text."""
    _not_before(v, found, "reply_date", "comment_date")
    if v.get("reply_date") is not None and not v.get("reply_text"):
        raise RowError(
            found.get("reply_date"),
            msg("imp_rules_reply_without_text"),
            "empty",
        )


def transit_line_row(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:  # noqa: ARG001 - one signature for every row rule
    """A known mode (metro, brt) and status (operating, under construction)."""
    v["mode"] = code_value("mode", v["mode"], found, {"metro", "brt"})
    status = LINE_STATUSES.get(norm(v["status"]))
    if status is None:
        raise RowError(
            found.get("status"),
            msg("imp_rules_unknown_line_status", status=v["status"]),
            "code",
        )
    v["status"] = status


def code_value(name: str, value: str, found: dict[str, str], allowed: set[str]) -> str:
    """The stored code for ``value`` (Spanish spellings accepted); RowError naming the allowed codes otherwise."""
    c = CODES.get(name, {}).get(norm(value), norm(value))
    if c not in allowed:
        raise RowError(
            found.get(name),
            msg("imp_rules_unknown_code", name=name, value=value, allowed=", ".join(sorted(allowed))),
            "code",
        )
    return c


_PED = re.compile(r"atropell|peat", re.I)
_CYC = re.compile(r"cicl|bicic", re.I)
_MOTO = re.compile(r"moto", re.I)


def crash_row(v: dict[str, Any], found: dict[str, str], ctx: Context) -> None:
    """The crash time from its date parts, severity derived from the counts, road users from the crash type.

    A crash whose record gives no time keeps its date with ``time_known`` false; one whose record
    gives no injured/killed counts (nor severity) has severity ``unknown`` and counts left empty.
    """
    if v.get("occurred_at") is not None:
        v["time_known"] = v["occurred_at"].time() != dt.time(0, 0)  # a date-time column without a time part
    else:
        if v.get("date") is not None:
            d = v["date"]
        elif None not in (v.get("year"), v.get("month"), v.get("day")):
            try:
                d = dt.date(v["year"], v["month"], v["day"])
            except ValueError as exc:
                raise RowError(
                    found.get("day"),
                    # English gives the reason, Spanish the date as given: one mapping, each text takes its part
                    msg(
                        "imp_rules_not_a_date",
                        date={"error": exc, "year": v["year"], "month": v["month"], "day": v["day"]},
                    ),
                    "date",
                ) from exc
        else:
            raise RowError(found.get("date") or found.get("year"), msg("imp_rules_no_date"), "date")
        if v.get("year") is not None and v.get("date") is not None and v["year"] != d.year:
            raise RowError(
                found.get("year"),
                msg("imp_rules_year_disagrees", year=v["year"], date=d.isoformat()),
                "date",
            )
        v["time_known"] = v.get("time") is not None
        v["occurred_at"] = dt.datetime.combine(d, v.get("time") or dt.time(0, 0))
    killed, injured = v.get("killed"), v.get("injured")
    sev = v.get("severity")
    if sev is not None:
        sev = CODES["severity"].get(norm(sev))
        if sev is None:
            raise RowError(
                found.get("severity"),
                msg("imp_rules_unknown_severity", severity=v["severity"]),
                "code",
            )
    if killed is not None or injured is not None:
        derived = (
            "fatal"
            if (killed or 0) > 0
            else "injury"
            if (injured or 0) > 0
            else "damage"
            if killed == 0 and injured == 0
            else "unknown"  # one count is 0 and the other not recorded: nobody can say "damage only"
        )
        if sev is not None and sev != derived:
            raise RowError(
                found.get("severity"),
                msg("imp_rules_severity_conflict", sev=sev, killed=killed, injured=injured),
                "conflict",
            )
        if derived != "unknown" or sev is None:
            sev = derived
    v["severity"] = sev or "unknown"
    v["killed"], v["injured"] = killed, injured
    ctype = v.get("crash_type") or "sin dato"
    v["crash_type"] = ctype.strip()
    for flag, rx in (("pedestrian", _PED), ("cyclist", _CYC), ("motorcyclist", _MOTO)):
        if v.get(flag) is None:
            v[flag] = bool(rx.search(ctype))
    v["cause"] = v.get("cause")
    in_declared_municipality(v, found, ctx)
