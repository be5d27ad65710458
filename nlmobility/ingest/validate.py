"""Map columns, parse and check every row, derive fields; report each refusal with row and column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import Point
from shapely.validation import explain_validity

from nlmobility import geo
from nlmobility.ingest.cells import (  # noqa: F401 - parse_* are also imported from here by callers
    _DAY_MONTH,
    MIN_YEAR,
    PARSERS,
    _date_part,
    parse_date,
    parse_datetime,
    parse_float,
    parse_int,
    parse_text,
)
from nlmobility.ingest.kinds import Field, Kind
from nlmobility.ingest.read import ImportRefused, Table
from nlmobility.ingest.rules import UNPLACED, Context, RowError, norm
from nlmobility.text.messages import Msg, msg

#: How a field type is named in Spanish, for a value that does not parse.
_TYPE_ES = {
    "int": "número entero",
    "float": "número",
    "date": "fecha",
    "time": "hora",
    "datetime": "fecha y hora",
    "bool": "sí/no",
    "text": "texto",
    "code": "clave",
    "url": "dirección web",
    "color": "color",
    "latlon": "coordenadas",
}


@dataclass
class Problem:
    """A refused row (or column): file row number, source column, reason (a ``Msg``) and reason code.

    Codes (``empty``, ``too_long``, ``type``, ``future``, ``too_old``, ``outside_nl``, ``geometry``,
    ``duplicate``, ``sum``, ``code``, ``date``, ``date_order``, ``conflict``, ``invalid``) let reports
    count refusals by reason without reading their text.
    """

    row: int | None
    column: str | None
    reason: str  # a Msg: English text with its Spanish twin in .es
    code: str = "invalid"
    #: the refused value, where a report lists them (unmatched intersection names)
    value: str | None = None

    def text(self, file: str) -> str:
        """The problem as one English line naming the file, row and column."""
        where = ", ".join(
            x
            for x in (
                f"row {self.row}" if self.row is not None else "",
                f"column {self.column!r}" if self.column else "",
            )
            if x
        )
        return f"{file}: {where}: {self.reason}" if where else f"{file}: {self.reason}"


@dataclass
class Checked:
    """The rows that passed, their file row numbers, the problems found and notes for the report."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    #: intersection names that matched no imported intersection -> how many rows gave them
    unmatched: dict[str, int] = field(default_factory=dict)
    #: names that could be several intersections or match one only weakly -> the candidates (not placed)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    #: names placed by a looser match -> the gazetteer name chosen, the score and how many rows gave them
    loose: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: keys of records this file gives anew that were stored from an earlier version of it (``stored.conflicts``)
    corrected: set[str] = field(default_factory=set)

    @property
    def rejected_rows(self) -> int:
        """How many distinct rows were refused."""
        return len({p.row for p in self.problems if p.row is not None})


def map_columns(kind: Kind, columns: list[str], mapping: dict[str, str], file: str) -> dict[str, str]:
    """field name -> source column."""
    fields = {f.name: f for f in kind.fields}
    out: dict[str, str] = {}
    for src, dst in mapping.items():
        if dst not in fields:
            raise ImportRefused(
                msg("imp_validate_map_not_field", file=file, src=src, dst=dst, kind=kind.name, fields=", ".join(fields))
            )
        if src not in columns:
            raise ImportRefused(
                msg("imp_validate_map_no_column", file=file, src=src, dst=dst, columns=", ".join(columns))
            )
        out[dst] = src
    normalised = {norm(c): c for c in columns}
    for f in kind.fields:
        if f.name in out:
            continue
        for alias in (f.name, *f.aliases):
            if norm(alias) in normalised:
                out[f.name] = normalised[norm(alias)]
                break
    return out


def _missing_required(kind: Kind, found: dict[str, str], has_geometry: bool, ctx: Context) -> list[str]:
    missing = [f.name for f in kind.fields if f.required and f.name not in found]
    if kind.required_rule is not None:  # fields that alternative columns can stand for
        alternatives = kind.required_rule(set(found))
        missing = [x for x in missing if x not in kind.required_by_rule] + alternatives
    if kind.geometry_required and not has_geometry:
        if kind.geometry == "point":
            located = kind.point_from_context and ctx.site is not None
            if not ({"lat", "lon"} <= set(found) or "latlon" in found or "intersection" in found or located):
                missing.append(
                    "lat and lon (or one coordinates column, or a point geometry"
                    + (", or the site's point: --site NAME --lat Y --lon X)" if kind.point_from_context else ")")
                )
        else:
            missing.append(f"geometry ({kind.geometry})")
    return missing


#: Columns that number the records (a report's folio), left out when whole rows are compared for duplicates.
_RECORD_NUMBERS = frozenset({"folio", "id", "no", "numero", "num", "consecutivo", "orden", "id_registro"})

#: Cell texts that mean "no value" (after :func:`norm`).
_BLANKS = ("sin_dato", "s_d", "sd", "na", "n_a", "null", "none", "nan")


def _cell(
    f: Field, raw_value: object, today: dt.date, *, decimal_comma: bool | None = False, month_first: bool = False
) -> tuple[Any, tuple[Msg, str] | None]:
    """Parse one cell for field ``f``: (value, None), or (None, (reason, reason code)) when it is refused."""
    raw = "" if raw_value is None else str(raw_value)
    if raw.strip() == "" or norm(raw) in _BLANKS:
        return None, ((msg("imp_validate_empty"), "empty") if f.required else None)
    if len(raw) > f.max_len:
        return None, (
            msg("imp_validate_too_long", length=len(raw), limit=f.max_len),
            "too_long",
        )
    try:
        value: Any
        if f.type == "float":
            value = parse_float(raw, decimal_comma=decimal_comma)
        elif f.type == "date":
            value = parse_date(raw, month_first=month_first)
        elif f.type == "datetime":
            value = parse_datetime(raw, month_first=month_first)
        else:
            value = PARSERS[f.type](raw)
    except (ValueError, OverflowError) as exc:
        said = exc.args[0] if exc.args else ""
        if isinstance(said, Msg):
            return None, (said, "type")
        # a library's own words in English; in Spanish, the field type and the value: one mapping, each text takes its part
        cell = {"error": str(exc), "type": _TYPE_ES[f.type], "raw": raw[:80]}
        return None, (msg("imp_validate_bad_value", cell=cell), "type")
    refused = _implausible(f, value, raw, today)
    return (None, refused) if refused else (value, None)


def _implausible(f: Field, value: Any, raw: str, today: dt.date) -> tuple[Msg, str] | None:
    """Why a parsed value cannot be right (above its field's range, a date in the future or too old), or None."""
    if f.max_value is not None and value > f.max_value:
        return (
            msg("imp_validate_implausible", value=raw.strip(), limit=f.max_value),
            "range",
        )
    if isinstance(value, dt.date):
        d = value.date() if isinstance(value, dt.datetime) else value
        if d > today:
            return (msg("imp_validate_future_date", date=d.isoformat()), "future")
        if d.year < MIN_YEAR:
            return (msg("imp_validate_date_too_old", date=d.isoformat()), "too_old")
    return None


def _decimal_conventions(kind: Kind, table: Table, found: dict[str, str]) -> dict[str, bool | None]:
    """Per number field, how its column writes decimals (see :func:`parse_float`).

    Comma-separated files and spreadsheets: points (False). ``;``/tab/``|``-separated files: commas
    (True) when the column has commas and never a point, else unknown (None).
    """
    out: dict[str, bool | None] = {}
    for f in kind.fields:
        src = found.get(f.name)
        if f.type != "float" or src is None:
            continue
        if table.delimiter not in (";", "\t", "|"):
            out[f.name] = False
            continue
        values = table.frame[src].astype(str).str.strip()
        commas, points = values.str.contains(",", regex=False).any(), values.str.contains(".", regex=False).any()
        out[f.name] = True if commas and not points else None
    return out


@dataclass
class DateConvention:
    """How one date column writes its dates: decided from its unambiguous cells, applied to all of them."""

    month_first: bool
    #: Cells whose day and month are both 12 or less (``02/01/2023``): read by the convention.
    ambiguous: int = 0
    #: A cell that can only be day-first and one that can only be month-first: (row, text) each.
    day_first_example: tuple[int, str] | None = None
    month_first_example: tuple[int, str] | None = None


def _date_convention(table: Table, src: str) -> DateConvention:
    day_ex: tuple[int, str] | None = None
    month_ex: tuple[int, str] | None = None
    ambiguous = 0
    for i, raw in enumerate(table.frame[src].tolist()):
        if raw is None or not isinstance(raw, str):
            continue
        hit = _DAY_MONTH.match(_date_part(raw))
        if not hit:
            continue
        a, b = int(hit.group(1)), int(hit.group(3))
        if a > 12 >= b and day_ex is None:
            day_ex = (table.row_number(i), raw.strip())
        elif b > 12 >= a and month_ex is None:
            month_ex = (table.row_number(i), raw.strip())
        elif a <= 12 and b <= 12:
            ambiguous += 1
    return DateConvention(month_ex is not None and day_ex is None, ambiguous, day_ex, month_ex)


def date_conventions(kind: Kind, table: Table, found: dict[str, str], file: str, notes: list[str]) -> dict[str, bool]:
    """Per date and datetime field, whether its column writes the month first; ``notes`` gains what says so.

    A column is day-first (``dd/mm/aaaa``, the Mexican convention and the default) or month-first
    for **all** its cells, decided from the cells that can only be one (``20/12/2023``: day first;
    ``12/20/2023``: month first), as decimal commas are decided per column. A column with cells that
    can only be one and cells that can only be the other is refused naming the column and one row of
    each; a column whose cells are all ambiguous (day and month both 12 or less) is read day-first
    with a note saying so.
    """
    out: dict[str, bool] = {}
    for f in kind.fields:
        src = found.get(f.name)
        if f.type not in ("date", "datetime") or src is None or src not in table.frame.columns:
            continue
        c = _date_convention(table, src)
        if c.day_first_example and c.month_first_example:
            (dr, dv), (mr, mv) = c.day_first_example, c.month_first_example
            raise ImportRefused(
                msg(
                    "imp_validate_mixed_date_order",
                    file=file,
                    src=src,
                    day_row=dr,
                    day_value=dv,
                    month_row=mr,
                    month_value=mv,
                )
            )
        out[f.name] = c.month_first
        if c.month_first and c.month_first_example is not None:  # month first: always with its example
            row, text = c.month_first_example
            notes.append(msg("imp_validate_month_first", src=src, row=row, text=text))
        elif c.ambiguous and c.day_first_example is None:
            notes.append(msg("imp_validate_ambiguous_dates", src=src, cells=c.ambiguous))
    return out


def _reference_problems(
    kind: Kind, values: dict[str, Any], found: dict[str, str], ctx: Context, rown: int
) -> list[Problem]:
    """Foreign keys that point at nothing in the database."""
    out = []
    for name, table, column in kind.references:
        value = values.get(name)
        known = ctx.keys.get((table, column))
        if value is not None and known is not None and str(value) not in known:
            out.append(
                Problem(
                    rown,
                    found.get(name, name),
                    msg("imp_validate_unknown_reference", name=name, value=value, table=table, column=column),
                    "reference",
                )
            )
    return out


def _unknown_notes(rows: list[dict[str, Any]]) -> list[str]:
    """How many accepted rows have no recorded time or severity (shown as such, never as midnight or "damage")."""
    notes: list[str] = []
    no_time = sum(1 for r in rows if r.get("time_known") is False)
    unknown = sum(1 for r in rows if r.get("severity") == "unknown")
    if no_time:
        notes.append(msg("imp_validate_no_time", no_time=no_time))
    if unknown:
        notes.append(msg("imp_validate_unknown_severity", unknown=unknown))
    return notes


def _row_notes(*, swapped: int, repaired: int, outside: int) -> list[str]:
    """Report notes on rows that were corrected or refused for their geometry."""
    notes: list[str] = []
    if swapped:
        notes.append(msg("imp_validate_swapped", swapped=swapped))
    if repaired:
        notes.append(msg("imp_validate_repaired", repaired=repaired))
    if outside:
        notes.append(msg("imp_validate_outside_rows", outside=outside))
    return notes


def check(
    kind: Kind,
    table: Table,
    file: str,
    *,
    mapping: dict[str, str] | None = None,
    today: dt.date | None = None,
    context: Context | None = None,
) -> Checked:
    """Map the columns of ``table`` to the fields of ``kind``, parse and check every row, and derive fields.

    ``context`` holds the database keys that foreign keys must point at (none checked without it).
    """
    ctx = context or Context()
    df = table.frame
    has_geom = "__geometry__" in df.columns
    columns = [c for c in df.columns if c != "__geometry__"]
    found = map_columns(kind, columns, mapping or {}, file)
    column_notes: list[Msg] = []
    if kind.column_rule is not None:
        found, column_notes = kind.column_rule(found)
    missing = _missing_required(kind, found, has_geom, ctx)
    if missing:
        raise ImportRefused(
            msg(
                "imp_validate_missing_columns",
                file=file,
                kind=kind.name,
                missing=", ".join(missing),
                columns=", ".join(columns),
            )
        )
    today = today or dt.date.today()
    out = Checked(notes=[*table.notes, *column_notes])
    swapped = outside = repaired = 0
    fields = {f.name: f for f in kind.fields}
    raw_rows: list[tuple[str, ...]] = []
    compared = [c for c in columns if norm(c) not in _RECORD_NUMBERS]  # a report number does not make a new crash
    conventions = _decimal_conventions(kind, table, found)
    month_first = date_conventions(kind, table, found, file, out.notes)
    comma_columns = sorted(found[n] for n, c in conventions.items() if c)
    if comma_columns:
        out.notes.append(msg("imp_validate_decimal_commas", columns=", ".join(comma_columns)))
    for i, rec in enumerate(df.to_dict("records")):
        rown = table.row_number(i)
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for name, src in found.items():
            values[name], problem = _cell(
                fields[name],
                rec.get(src),
                today,
                decimal_comma=conventions.get(name, False),
                month_first=month_first.get(name, False),
            )
            if problem is not None:
                problems.append(Problem(rown, src, *problem))
        geom = rec.get("__geometry__") if has_geom else None
        if not problems:
            try:
                values, note = _finish(kind, values, geom, found, ctx)
            except RowError as exc:
                problems.append(Problem(rown, exc.column, exc.reason, exc.code, exc.value))
            else:
                swapped += note == "swapped"
                repaired += note == "repaired"
                problems += _reference_problems(kind, values, found, ctx, rown)
        if problems:
            outside += any(p.code == "outside_nl" for p in problems)
            out.problems.extend(problems)
        else:
            out.rows.append(values)
            out.row_numbers.append(rown)
            raw_rows.append(tuple(str(rec.get(c, "")) for c in compared))
    out.notes += _row_notes(swapped=swapped, repaired=repaired, outside=outside)
    # Duplicates inside the file: the same natural key, or for records without an identifier (crashes)
    # the same whole row: two records alike in what is stored but not in the file are two crashes.
    seen: dict[tuple[Any, ...], int] = {}
    keep_rows, keep_nums = [], []
    for values, rown, raw_row in zip(out.rows, out.row_numbers, raw_rows, strict=True):
        key = raw_row if kind.duplicates_by_whole_row else tuple(_key_part(values.get(k)) for k in kind.key)
        if key in seen:
            out.problems.append(
                Problem(
                    rown,
                    None,
                    msg("imp_validate_duplicate_row", row=seen[key])
                    if kind.duplicates_by_whole_row
                    else msg("imp_validate_duplicate_key", row=seen[key], columns=", ".join(kind.key)),
                    "duplicate",
                )
            )
            continue
        seen[key] = rown
        keep_rows.append(values)
        keep_nums.append(rown)
    out.rows, out.row_numbers = keep_rows, keep_nums
    out.notes += _unknown_notes(out.rows)
    if "intersection" in found:
        out.notes += _intersection_notes(out, found["intersection"], ctx)
    return out


def _intersection_notes(out: Checked, column: str, ctx: Context) -> list[str]:
    """How rows were placed by their intersection (exact, looser, unplaced), every non-exact match and every unplaced name."""
    exact = sum(1 for r in out.rows if r.get("placement") == "exact")
    loose: dict[str, dict[str, Any]] = {}
    for r in out.rows:
        if r.get("placement") == "normalised":
            hit = loose.setdefault(
                str(r["intersection"]), {"chosen": r["place_name"], "score": r["placement_score"], "rows": 0}
            )
            hit["rows"] += 1
    unmatched: dict[str, int] = {}
    for p in out.problems:
        if p.code in UNPLACED and p.column == column:
            name = p.value or ""
            unmatched[name] = unmatched.get(name, 0) + 1
            if p.code != "unmatched" and name not in out.ambiguous:
                found = ctx.gazetteer.place(name)
                out.ambiguous[name] = found[1] if isinstance(found, tuple) else []
    out.unmatched = dict(sorted(unmatched.items(), key=lambda kv: (-kv[1], kv[0])))
    out.loose = dict(sorted(loose.items(), key=lambda kv: (-kv[1]["rows"], kv[0])))
    placed = exact + sum(v["rows"] for v in loose.values())
    tried = placed + sum(unmatched.values())
    if not tried:
        return []
    rate = 100 * placed / tried
    n_loose = placed - exact
    notes: list[str] = [
        msg(
            "imp_validate_placed",
            placed=placed,
            tried=tried,
            rate=rate,
            exact=exact,
            n_loose=n_loose,
            loose=len(loose),
            unmatched=len(unmatched),
            ambiguous=len(out.ambiguous),
        )
    ]
    if loose:
        top = ", ".join(f"{k} → {v['chosen']} ({v['score']:.2f})" for k, v in list(out.loose.items())[:10])
        notes.append(msg("imp_validate_looser_matches", top=top))
    if unmatched:
        top = ", ".join(f"{k} ({n})" for k, n in list(out.unmatched.items())[:15])
        notes.append(msg("imp_validate_not_placed", top=top))
    return notes


def _key_part(v: Any) -> Any:
    return round(v, 5) if isinstance(v, float) else v


def _point(values: dict[str, Any], geom: Any, found: dict[str, str]) -> tuple[Any, str | None]:
    note = None
    if geom is not None and getattr(geom, "geom_type", None) == "Point" and not geom.is_empty:
        lon, lat = geom.x, geom.y
    elif values.get("lat") is not None and values.get("lon") is not None:
        lat, lon = values["lat"], values["lon"]
    elif values.get("latlon") is not None:
        lat, lon = values["latlon"]  # read as (latitude, longitude); swapped below when the values say so
    else:
        return None, None
    b = geo.NUEVO_LEON_BBOX
    inside = geo.in_bbox(lon, lat, b)
    if not inside and geo.in_bbox(lat, lon, b):
        lat, lon = lon, lat
        note = "swapped"
    elif not inside:
        raise RowError(
            found.get("lat") or found.get("latlon") or "geometry",
            msg("imp_validate_point_outside_nl", lon=lon, lat=lat),
            "outside_nl",
        )
    values["lat"], values["lon"] = round(float(lat), 7), round(float(lon), 7)
    return Point(values["lon"], values["lat"]), note


def _shape(kind: Kind, geom: Any) -> tuple[Any, str | None]:
    if geom is None or geom.is_empty:
        raise RowError("geometry", msg("imp_validate_empty_geometry"), "geometry")
    want = {"line": ("LineString", "MultiLineString"), "polygon": ("Polygon", "MultiPolygon")}[kind.geometry or ""]
    note = None
    if not geom.is_valid:
        why = explain_validity(geom)
        fixed = shapely.make_valid(geom)
        if kind.geometry == "polygon":
            fixed = shapely.union_all([g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in want])
        if fixed.is_empty or fixed.geom_type not in want or not fixed.is_valid:
            raise RowError(
                "geometry",
                msg("imp_validate_invalid_geometry", why=why),
                "geometry",
            )
        geom, note = fixed, "repaired"
    if geom.geom_type not in want:
        raise RowError(
            "geometry",
            msg("imp_validate_wrong_geometry", expected=kind.geometry, got=geom.geom_type),
            "geometry",
        )
    minx, miny, maxx, maxy = geom.bounds
    b = geo.NUEVO_LEON_BBOX
    if not (geo.in_bbox(minx, miny, b) and geo.in_bbox(maxx, maxy, b)):
        raise RowError(
            "geometry",
            msg("imp_validate_geometry_outside_nl", minx=minx, miny=miny, maxx=maxx, maxy=maxy),
            "outside_nl",
        )
    return geom, note


def _finish(
    kind: Kind, v: dict[str, Any], geom: Any, found: dict[str, str], ctx: Context
) -> tuple[dict[str, Any], str | None]:
    note = None
    if kind.locate is not None:
        kind.locate(v, found, ctx)
    if kind.geometry == "point":
        point, note = _point(v, geom, found)
        if point is None and kind.geometry_required:
            raise RowError(found.get("lat") or found.get("latlon"), msg("imp_validate_no_coordinates"), "geometry")
        v["geometry"] = point
    elif kind.geometry in ("line", "polygon"):
        v["geometry"], note = _shape(kind, geom)
    if kind.row_rule is not None:
        kind.row_rule(v, found, ctx)
    return v, note
