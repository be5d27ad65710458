"""Map columns, parse and check every row, derive fields; report each refusal with row and column."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.validation import explain_validity

from nlmobility import geo
from nlmobility.ingest.kinds import (
    CODES,
    CORRIDOR_STATUSES,
    LINE_STATUSES,
    MILESTONE_STATUSES,
    Kind,
    norm,
)
from nlmobility.ingest.messages import Msg, m
from nlmobility.ingest.read import ImportRefused, Table

#: How a field type is named in Spanish, for a value that does not parse.
_TYPE_ES = {"int": "número entero", "float": "número", "date": "fecha", "time": "hora", "datetime": "fecha y hora",
            "bool": "sí/no", "text": "texto", "code": "clave"}


@dataclass
class Problem:
    row: int | None
    column: str | None
    reason: str  # a Msg: English text with its Spanish twin in .es

    def text(self, file: str) -> str:
        where = ", ".join(x for x in (f"row {self.row}" if self.row is not None else "", f"column {self.column!r}" if self.column else "") if x)
        return f"{file}: {where}: {self.reason}" if where else f"{file}: {self.reason}"


@dataclass
class Checked:
    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems if p.row is not None})


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d/%m/%y", "%Y%m%d")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([aApP])\.?\s*[mM]\.?)?$")


def parse_date(v: str) -> dt.date:
    s = v.strip()
    if "T" in s or " " in s:
        s = s.replace("T", " ").split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(m(f"not a date: {v!r} (use dd/mm/aaaa or aaaa-mm-dd)", f"no es una fecha: {v!r} (use dd/mm/aaaa o aaaa-mm-dd)"))


_HOUR_ONLY = re.compile(r"^(\d{1,2})$")
_DAY_FRACTION = re.compile(r"^0?\.\d+$")


def parse_time(v: str) -> dt.time:
    """A clock time: ``HH:MM``, ``HH:MM:SS``, with ``a.m./p.m.``, a bare hour (``9``) or a spreadsheet day fraction.

    Anything with a time zone (``08:30 CST``, ``08:30-06:00``) is refused: the stored times are
    local Monterrey times and a zone name is ambiguous.
    """
    s = v.strip()
    if _HOUR_ONLY.match(s):
        hour = int(s)
        if hour > 23:
            raise ValueError(m(f"not a time: {v!r} (hour above 23)", f"no es una hora: {v!r} (hora mayor que 23)"))
        return dt.time(hour, 0)
    if _DAY_FRACTION.match(s):  # a spreadsheet cell formatted as time: a fraction of a day
        seconds = round(float(s) * 86_400)
        if seconds >= 86_400:
            raise ValueError(m(f"not a time: {v!r}", f"no es una hora: {v!r}"))
        return dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
    match = _TIME.match(s)
    if not match:
        raise ValueError(m(f"not a time: {v!r} (use HH:MM or HH:MM:SS, local time without a zone)",
                           f"no es una hora: {v!r} (use HH:MM o HH:MM:SS, hora local sin zona)"))
    h, mi, se = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if match.group(4):
        if not 1 <= h <= 12:
            raise ValueError(m(f"not a time: {v!r} (a.m./p.m. hour outside 1-12)", f"no es una hora: {v!r} (hora a.m./p.m. fuera de 1-12)"))
        h = h % 12 + (12 if match.group(4).lower() == "p" else 0)
    if h > 23 or mi > 59 or se > 59:
        raise ValueError(m(f"not a time: {v!r} (out of range)", f"no es una hora: {v!r} (fuera de rango)"))
    return dt.time(h, mi, se)


def parse_datetime(v: str) -> dt.datetime:
    s = v.strip().replace("T", " ")
    parts = s.split(" ", 1)
    d = parse_date(parts[0])
    t = parse_time(parts[1].split(".")[0].rstrip("Z")) if len(parts) > 1 and parts[1].strip() else dt.time(0, 0)
    return dt.datetime.combine(d, t)


def parse_int(v: str) -> int:
    s = v.strip().replace(",", "")
    f = float(s)
    if f != int(f):
        raise ValueError(m(f"not a whole number: {v!r}", f"no es un número entero: {v!r}"))
    if f < 0:
        raise ValueError(m(f"negative count: {v!r}", f"conteo negativo: {v!r}"))
    return int(f)


def parse_float(v: str) -> float:
    s = v.strip()
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")  # decimal comma
    f = float(s.replace(",", ""))
    if f != f or f in (float("inf"), float("-inf")):
        raise ValueError(m(f"not a finite number: {v!r}", f"no es un número finito: {v!r}"))
    return f


def parse_bool(v: str) -> bool:
    s = norm(v)
    if s in ("1", "si", "s", "true", "verdadero", "yes", "y", "x"):
        return True
    if s in ("0", "no", "n", "false", "falso", ""):
        return False
    raise ValueError(m(f"not yes/no: {v!r}", f"no es sí/no: {v!r}"))


PARSERS = {"int": parse_int, "float": parse_float, "date": parse_date, "time": parse_time, "datetime": parse_datetime,
           "bool": parse_bool, "text": lambda v: v.strip(), "code": lambda v: v.strip()}


def map_columns(kind: Kind, columns: list[str], mapping: dict[str, str], file: str) -> dict[str, str]:
    """field name -> source column."""
    fields = {f.name: f for f in kind.fields}
    out: dict[str, str] = {}
    for src, dst in mapping.items():
        if dst not in fields:
            raise ImportRefused(m(f"{file}: column {src!r}: --map {src}={dst}: {dst!r} is not a field of {kind.name} (fields: {', '.join(fields)})",
                                  f"{file}: columna {src!r}: --map {src}={dst}: {dst!r} no es un campo de {kind.name} (campos: {', '.join(fields)})"))
        if src not in columns:
            raise ImportRefused(m(f"{file}: column {src!r}: --map {src}={dst}: the file has no column {src!r} (columns: {', '.join(columns)})",
                                  f"{file}: columna {src!r}: --map {src}={dst}: el archivo no tiene la columna {src!r} (columnas: {', '.join(columns)})"))
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


def _missing_required(kind: Kind, found: dict[str, str], has_geometry: bool) -> list[str]:
    missing = [f.name for f in kind.fields if f.required and f.name not in found]
    if kind.name == "municipalities" and "cvegeo" in missing and {"cve_ent", "cve_mun"} <= set(found):
        missing.remove("cvegeo")
    if kind.name == "crashes":
        if not ({"occurred_at"} <= set(found) or {"date"} <= set(found) or {"year", "month", "day"} <= set(found)):
            missing.append("fecha (or fecha_hora, or año/mes/día)")
        if not ({"killed", "injured"} & set(found) or "severity" in found):
            missing.append("lesionados/fallecidos (or gravedad)")
    if kind.geometry_required and not has_geometry:
        if kind.geometry == "point":
            if not {"lat", "lon"} <= set(found):
                missing.append("lat and lon (or a point geometry)")
        else:
            missing.append(f"geometry ({kind.geometry})")
    return missing


def check(kind: Kind, table: Table, file: str, *, mapping: dict[str, str] | None = None, today: dt.date | None = None) -> Checked:
    df = table.frame
    has_geom = "__geometry__" in df.columns
    columns = [c for c in df.columns if c != "__geometry__"]
    found = map_columns(kind, columns, mapping or {}, file)
    missing = _missing_required(kind, found, has_geom)
    if missing:
        raise ImportRefused(m(f"{file}: missing required columns for {kind.name}: {', '.join(missing)} (columns found: {', '.join(columns)})",
                              f"{file}: faltan columnas obligatorias para {kind.name}: {', '.join(missing)} (columnas encontradas: {', '.join(columns)})"))
    today = today or dt.date.today()
    out = Checked(notes=list(table.notes))
    swapped = outside = repaired = 0
    fields = {f.name: f for f in kind.fields}
    for i, rec in enumerate(df.to_dict("records")):
        rown = i + table.first_row
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for name, src in found.items():
            raw = rec.get(src)
            raw = "" if raw is None else str(raw)
            f = fields[name]
            if raw.strip() == "" or norm(raw) in ("sin_dato", "na", "n_a", "null", "none", "nan"):
                if f.required:
                    problems.append(Problem(rown, src, m("required value is empty", "falta un valor obligatorio")))
                values[name] = None
                continue
            if len(raw) > f.max_len:
                problems.append(Problem(rown, src, m(f"value too long ({len(raw)} characters, limit {f.max_len})",
                                                     f"valor demasiado largo ({len(raw)} caracteres, límite {f.max_len})")))
                continue
            try:
                values[name] = PARSERS[f.type](raw)
            except (ValueError, OverflowError) as exc:
                said = exc.args[0] if exc.args else ""
                problems.append(Problem(rown, src, said if isinstance(said, Msg) else m(str(exc), f"valor no válido ({_TYPE_ES[f.type]}): {raw[:80]!r}")))
                continue
            if f.type in ("date", "datetime") and values[name] is not None:
                d = values[name] if isinstance(values[name], dt.date) and not isinstance(values[name], dt.datetime) else values[name].date()
                if d > today:
                    problems.append(Problem(rown, src, m(f"date in the future: {d.isoformat()}", f"fecha en el futuro: {d.isoformat()}")))
                elif d.year < 1990:
                    problems.append(Problem(rown, src, m(f"date too old: {d.isoformat()}", f"fecha demasiado antigua: {d.isoformat()}")))
        geom = rec.get("__geometry__") if has_geom else None
        if not problems:
            try:
                values, note = _finish(kind, values, geom, found)
            except _RowError as exc:
                problems.append(Problem(rown, exc.column, exc.reason))
            else:
                swapped += note == "swapped"
                repaired += note == "repaired"
        if problems:
            outside += any("outside Nuevo León" in p.reason for p in problems)
            out.problems.extend(problems)
        else:
            out.rows.append(values)
            out.row_numbers.append(rown)
    if swapped:
        out.notes.append(m(f"{swapped} rows had latitude and longitude swapped; corrected", f"{swapped} filas tenían latitud y longitud invertidas; se corrigieron"))
    if repaired:
        out.notes.append(m(f"{repaired} invalid geometries repaired (make_valid)", f"{repaired} geometrías no válidas reparadas (make_valid)"))
    if outside:
        out.notes.append(m(f"{outside} rows refused: point outside Nuevo León", f"{outside} filas rechazadas: punto fuera de Nuevo León"))
    # Duplicates inside the file (same natural key)
    seen: dict[tuple[Any, ...], int] = {}
    keep_rows, keep_nums = [], []
    for values, rown in zip(out.rows, out.row_numbers, strict=True):
        key = tuple(_key_part(values.get(k)) for k in kind.key)
        if key in seen:
            out.problems.append(Problem(rown, None, m(f"duplicate of row {seen[key]} ({', '.join(kind.key)})", f"repite la fila {seen[key]} ({', '.join(kind.key)})")))
            continue
        seen[key] = rown
        keep_rows.append(values)
        keep_nums.append(rown)
    out.rows, out.row_numbers = keep_rows, keep_nums
    return out


def _key_part(v: Any) -> Any:
    return round(v, 5) if isinstance(v, float) else v


class _RowError(Exception):
    def __init__(self, column: str | None, reason: Msg) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


def _point(values: dict[str, Any], geom: Any, found: dict[str, str]) -> tuple[Any, str | None]:
    note = None
    if geom is not None and getattr(geom, "geom_type", None) == "Point" and not geom.is_empty:
        lon, lat = geom.x, geom.y
    elif values.get("lat") is not None and values.get("lon") is not None:
        lat, lon = values["lat"], values["lon"]
    else:
        return None, None
    b = geo.NUEVO_LEON_BBOX
    inside = geo.in_bbox(lon, lat, b)
    if not inside and geo.in_bbox(lat, lon, b):
        lat, lon = lon, lat
        note = "swapped"
    elif not inside:
        raise _RowError(found.get("lat", "geometry"), m(f"point outside Nuevo León: lon {lon}, lat {lat}", f"punto fuera de Nuevo León: lon {lon}, lat {lat}"))
    values["lat"], values["lon"] = round(float(lat), 7), round(float(lon), 7)
    return Point(values["lon"], values["lat"]), note


def _shape(kind: Kind, geom: Any) -> tuple[Any, str | None]:
    if geom is None or geom.is_empty:
        raise _RowError("geometry", m("empty geometry", "geometría vacía"))
    want = {"line": ("LineString", "MultiLineString"), "polygon": ("Polygon", "MultiPolygon")}[kind.geometry or ""]
    note = None
    if not geom.is_valid:
        why = explain_validity(geom)
        fixed = shapely.make_valid(geom)
        if kind.geometry == "polygon":
            fixed = shapely.union_all([g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in want])
        if fixed.is_empty or fixed.geom_type not in want or not fixed.is_valid:
            raise _RowError("geometry", m(f"invalid geometry that cannot be repaired safely: {why}", f"geometría no válida que no se puede reparar con seguridad: {why}"))
        geom, note = fixed, "repaired"
    if geom.geom_type not in want:
        raise _RowError("geometry", m(f"expected a {kind.geometry} geometry, got {geom.geom_type}", f"se esperaba una geometría de tipo {kind.geometry}, llegó {geom.geom_type}"))
    minx, miny, maxx, maxy = geom.bounds
    b = geo.NUEVO_LEON_BBOX
    if not (geo.in_bbox(minx, miny, b) and geo.in_bbox(maxx, maxy, b)):
        raise _RowError("geometry", m(f"geometry outside Nuevo León (bounds {minx:.3f}, {miny:.3f}, {maxx:.3f}, {maxy:.3f})",
                                      f"geometría fuera de Nuevo León (límites {minx:.3f}, {miny:.3f}, {maxx:.3f}, {maxy:.3f})"))
    return geom, note


def _finish(kind: Kind, v: dict[str, Any], geom: Any, found: dict[str, str]) -> tuple[dict[str, Any], str | None]:
    note = None
    if kind.geometry == "point":
        point, note = _point(v, geom, found)
        if point is None and kind.geometry_required:
            raise _RowError(found.get("lat"), m("no coordinates", "sin coordenadas"))
        v["geometry"] = point
    elif kind.geometry in ("line", "polygon"):
        v["geometry"], note = _shape(kind, geom)
    if kind.name == "crashes":
        _finish_crash(v, found)
    elif kind.name == "municipalities":
        code = v.get("cvegeo") or f"{(v.get('cve_ent') or '').zfill(2)}{(v.get('cve_mun') or '').zfill(3)}"
        code = code.split(".")[0]
        if not code.isdigit() or len(code) > 5:
            raise _RowError(found.get("cvegeo"), m(f"not an INEGI municipality code: {code!r}", f"no es una clave municipal del INEGI: {code!r}"))
        v["cvegeo"] = code.zfill(5)
    elif kind.name == "participation_events":
        total = v["participants_total"]
        for group in (("women", "men", "gender_other"), ("children", "adolescents", "adults", "older_adults")):
            given = [v.get(g) for g in group]
            if all(x is not None for x in given) and sum(given) != total:
                raise _RowError(found.get(group[0]), m(f"{' + '.join(group)} = {sum(given)} but participants_total = {total}",
                                                       f"{' + '.join(group)} = {sum(given)} pero participants_total = {total}"))
            if sum(x or 0 for x in given) > total:
                raise _RowError(found.get(group[0]), m(f"{' + '.join(group)} exceed participants_total = {total}",
                                                       f"{' + '.join(group)} suman más que participants_total = {total}"))
        if (v.get("with_disability") or 0) > total:
            raise _RowError(found.get("with_disability"), m("with_disability exceeds participants_total", "with_disability es mayor que participants_total"))
    elif kind.name == "corridors":
        v["status"] = _code("status", v["status"], found, CORRIDOR_STATUSES)
    elif kind.name == "milestones":
        v["status"] = _code("status", v["status"], found, MILESTONE_STATUSES)
        if v["planned_end"] < v["planned_start"]:
            raise _RowError(found.get("planned_end"), m("planned end before planned start", "el fin planeado es anterior al inicio planeado"))
    elif kind.name == "transit_lines":
        v["mode"] = _code("mode", v["mode"], found, {"metro", "brt"})
        st = LINE_STATUSES.get(norm(v["status"]))
        if st is None:
            raise _RowError(found.get("status"), m(f"unknown status {v['status']!r}; use operating or under_construction",
                                                   f"estado desconocido {v['status']!r}; use operating o under_construction"))
        v["status"] = st
    return v, note


def _code(name: str, value: str, found: dict[str, str], allowed: set[str]) -> str:
    c = CODES.get(name, {}).get(norm(value), norm(value))
    if c not in allowed:
        raise _RowError(found.get(name), m(f"unknown {name} {value!r}; use one of {', '.join(sorted(allowed))}",
                                           f"{name} desconocido {value!r}; use uno de {', '.join(sorted(allowed))}"))
    return c


_PED = re.compile(r"atropell|peat", re.I)
_CYC = re.compile(r"cicl|bicic", re.I)
_MOTO = re.compile(r"moto", re.I)


def _finish_crash(v: dict[str, Any], found: dict[str, str]) -> None:
    if v.get("occurred_at") is None:
        if v.get("date") is not None:
            d = v["date"]
        elif None not in (v.get("year"), v.get("month"), v.get("day")):
            try:
                d = dt.date(v["year"], v["month"], v["day"])
            except ValueError as exc:
                raise _RowError(found.get("day"), m(f"not a date: {exc}", f"no es una fecha: {v['year']}-{v['month']}-{v['day']}")) from exc
        else:
            raise _RowError(found.get("date") or found.get("year"), m("no date", "sin fecha"))
        if v.get("year") is not None and v.get("date") is not None and v["year"] != d.year:
            raise _RowError(found.get("year"), m(f"year {v['year']} disagrees with date {d.isoformat()}", f"el año {v['year']} no coincide con la fecha {d.isoformat()}"))
        v["occurred_at"] = dt.datetime.combine(d, v.get("time") or dt.time(0, 0))
    killed, injured = v.get("killed"), v.get("injured")
    sev = v.get("severity")
    if sev is not None:
        sev = CODES["severity"].get(norm(sev))
        if sev is None:
            raise _RowError(found.get("severity"), m(f"unknown severity {v['severity']!r}; use fatal, injury or damage",
                                                     f"gravedad desconocida {v['severity']!r}; use fatal, injury o damage"))
    if killed is not None or injured is not None:
        derived = "fatal" if (killed or 0) > 0 else "injury" if (injured or 0) > 0 else "damage"
        if sev is not None and sev != derived:
            raise _RowError(found.get("severity"), m(f"severity {sev!r} disagrees with killed={killed}, injured={injured}",
                                                     f"la gravedad {sev!r} no coincide con fallecidos={killed}, lesionados={injured}"))
        sev = derived
    v["severity"] = sev
    v["killed"], v["injured"] = killed or 0, injured or 0
    ctype = v.get("crash_type") or "sin dato"
    v["crash_type"] = ctype.strip()
    for flag, rx in (("pedestrian", _PED), ("cyclist", _CYC), ("motorcyclist", _MOTO)):
        if v.get(flag) is None:
            v[flag] = bool(rx.search(ctype))
    v["cause"] = v.get("cause")


def as_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows)
