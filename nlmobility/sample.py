"""Deterministic synthetic sample data on the real geography of the Monterrey Metropolitan Area.

Everything here is **sample data**: plausible in magnitude (see ``shared/design/FACTS.md``) but
invented. Corridor lines, municipal polygons and transit lines are approximate; budgets,
contracts, crashes, participation and milestone statuses are synthetic. The database records this
in ``dataset_meta`` (``is_sample = true``) and every page says so.

The generator plants **known effects** (:data:`PLANTED_EFFECTS`) so tests can check that the
indicators recover them. They are also written to ``dataset_meta.planted_effects`` as JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pathlib
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon, box

from nlmobility import db, geo, precomputed, reference

DEFAULT_SEED = 20230129
DEFAULT_CRASHES = 490_000
FIRST_YEAR, LAST_YEAR = 2019, 2025
SOURCE = "muestra"

#: Effects planted in the sample. Tests read these and check that indicators recover them.
PLANTED_EFFECTS: dict[str, Any] = {
    "metro_trend_per_year": 0.03,
    "metro_trend_note": "El total metropolitano de siniestros crece 3 % anual (2019–2025).",
    "near_corridor_buffer_m": 50.0,
    "near_corridor_placement_max_m": 40.0,
    "background_exclusion_m": 60.0,
    "victim_crashes_per_km_month_before": 1.0,
    "victim_crash_drop_after_opening": 0.40,
    "victim_crash_note": (
        "Los siniestros con víctimas (lesionados o fallecidos) a menos de 50 m de cada corredor "
        "abierto bajan 40 % en los 12 meses tras la apertura frente a los 12 meses antes del "
        "inicio de obra (tasa constante de 1 por km-mes antes, 0.8 durante la obra y 0.6 desde la "
        "apertura; en el corredor de la trampa de regresión a la media, abajo, el año antes de la obra fue "
        "peor), mientras el total metropolitano sube 3 % al año."
    ),
    "rtm_trap": {
        "corridor_id": "CV-MODESTO-ARREOLA",
        "before_window_factor": 1.75,
        "note": (
            "Trampa de regresión a la media: el corredor Modesto Arreola se eligió tras un año malo. En los 12 "
            "meses antes del inicio de obra sus siniestros con víctimas son 1.75 veces su tasa de largo plazo "
            "(1 por km-mes, la de los años anteriores); el efecto real de la apertura es el mismo −40 % que en los "
            "demás, pero el cambio ingenuo (después frente a ese año malo) sale cerca de −68 %. El antes-después "
            "Empírico Bayes, que acerca ese año a lo esperado por la función de desempeño, recupera −40 %."
        ),
    },
    "damage_crashes_per_km_month": 8.0,
    "women_share_min": 0.50,
    "women_share_note": "Las mujeres son al menos la mitad de las personas participantes.",
}

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _to_utm_geom(g: Any) -> Any:
    return shapely.transform(g, lambda xy: np.column_stack(geo.to_utm(xy[:, 0], xy[:, 1])))


def municipality_polygons() -> dict[str, Polygon]:
    """Approximate municipal polygons: Voronoi cells of the centres, clipped to the metro box."""
    frame = box(*geo.METRO_BBOX)
    pts = MultiPoint([Point(m[3], m[4]) for m in reference.MUNICIPALITIES])
    cells = shapely.voronoi_polygons(pts, extend_to=frame)
    out: dict[str, Polygon] = {}
    for cell in cells.geoms:
        clipped = cell.intersection(frame)
        for m in reference.MUNICIPALITIES:
            if clipped.contains(Point(m[3], m[4])):
                out[m[0]] = shapely.set_precision(clipped, 1e-6)
    assert len(out) == len(reference.MUNICIPALITIES)
    return out


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _random_points_near_line(
    rng: np.random.Generator, line_utm: LineString, n: int, max_m: float
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points at a uniform distance (≤ ``max_m``) to either side of ``line_utm``."""
    d = rng.uniform(0, line_utm.length, n)
    base = shapely.line_interpolate_point(line_utm, d)
    ahead = shapely.line_interpolate_point(line_utm, np.minimum(d + 1.0, line_utm.length))
    behind = shapely.line_interpolate_point(line_utm, np.maximum(d - 1.0, 0.0))
    bx, by = shapely.get_x(base), shapely.get_y(base)
    dx = shapely.get_x(ahead) - shapely.get_x(behind)
    dy = shapely.get_y(ahead) - shapely.get_y(behind)
    norm = np.hypot(dx, dy)
    norm[norm == 0] = 1.0
    off = rng.uniform(-max_m, max_m, n)
    return bx - dy / norm * off, by + dx / norm * off


# --------------------------------------------------------------------------------------------
# Crashes
# --------------------------------------------------------------------------------------------

_CRASH_TYPES = np.array(["alcance", "lateral", "crucero", "estrellamiento", "reversa", "volcadura"])
_CRASH_TYPE_P = np.array([0.38, 0.24, 0.22, 0.09, 0.05, 0.02])
_CAUSES = np.array(
    [
        "distracción",
        "exceso de velocidad",
        "no respetar semáforo",
        "no ceder el paso",
        "alcohol",
        "invadir carril",
        "Sin Dato",
    ]
)
_CAUSE_P = np.array([0.30, 0.18, 0.14, 0.14, 0.06, 0.10, 0.08])
_HOUR_P = np.array(
    [
        1.2,
        0.9,
        0.7,
        0.6,
        0.6,
        1.0,
        2.6,
        4.6,
        5.6,
        4.8,
        4.4,
        4.6,
        5.0,
        5.6,
        6.2,
        6.0,
        5.8,
        6.0,
        6.6,
        6.2,
        5.0,
        3.6,
        2.6,
        1.8,
    ]
)
_HOUR_P = _HOUR_P / _HOUR_P.sum()
_WEEKDAY_W = np.array([1.00, 1.00, 1.02, 1.05, 1.18, 1.12, 0.80])  # Monday..Sunday
_MONTH_W = np.array([0.94, 0.95, 1.00, 0.93, 1.00, 0.98, 0.96, 0.99, 1.00, 1.02, 1.05, 1.18])


def _attributes(rng: np.random.Generator, severity: np.ndarray) -> dict[str, np.ndarray]:
    """Killed/injured counts, road-user involvement, type and cause for given severities."""
    n = len(severity)
    fatal, injury = severity == "fatal", severity == "injury"
    killed = np.where(fatal, 1 + rng.poisson(0.1, n), 0)
    injured = np.where(fatal, rng.poisson(0.8, n), np.where(injury, 1 + rng.poisson(0.4, n), 0))
    u = rng.random(n)
    # One vulnerable road user at most per crash; probabilities depend on severity.
    p_ped = np.where(fatal, 0.40, np.where(injury, 0.30, 0.002))
    p_cyc = np.where(fatal, 0.05, np.where(injury, 0.05, 0.005))
    p_moto = np.where(fatal, 0.20, np.where(injury, 0.20, 0.06))
    ped = u < p_ped
    cyc = (~ped) & (u < p_ped + p_cyc)
    moto = (~ped) & (~cyc) & (u < p_ped + p_cyc + p_moto)
    ctype = rng.choice(_CRASH_TYPES, n, p=_CRASH_TYPE_P)
    ctype = np.where(ped, "atropello", ctype)
    ctype = np.where(cyc, "choque con ciclista", ctype)
    ctype = np.where(moto, np.where(rng.random(n) < 0.5, "caída de motocicleta", "choque de motocicleta"), ctype)
    return {
        "killed": killed.astype(np.int32),
        "injured": injured.astype(np.int32),
        "pedestrian": ped,
        "cyclist": cyc,
        "motorcyclist": moto,
        "crash_type": ctype,
        "cause": rng.choice(_CAUSES, n, p=_CAUSE_P),
    }


def _timestamps(rng: np.random.Generator, n: int) -> np.ndarray:
    days = pd.date_range(f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31", freq="D")
    w = (1 + PLANTED_EFFECTS["metro_trend_per_year"]) ** (days.year - FIRST_YEAR)
    w = w * _MONTH_W[days.month - 1] * _WEEKDAY_W[days.day_of_week]
    w = np.asarray(w, dtype=float)
    day_idx = rng.choice(len(days), n, p=w / w.sum())
    secs = rng.choice(24, n, p=_HOUR_P) * 3600 + rng.integers(0, 3600, n)
    return days.values[day_idx] + secs.astype("timedelta64[s]")


def _planted_near_corridors(rng: np.random.Generator, corridors_utm: dict[str, LineString]) -> pd.DataFrame:
    """Crashes within ``near_corridor_placement_max_m`` of each corridor, with the planted drop.

    Crashes with victims follow a deterministic daily rate (cumulative rounding), so that any
    window's count is within one crash of its expected value: 1 per km-month before works,
    0.8 during works and 0.6 from the opening date on. Damage-only crashes are Poisson and follow
    the metro trend. The regression-to-the-mean trap's corridor (``rtm_trap``) has its before window
    (the months before works start) at ``before_window_factor`` times its long-run rate.
    """
    pe = PLANTED_EFFECTS
    days = pd.date_range(f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31", freq="D")
    day_dates = days.values.astype("datetime64[D]")
    per_day = pe["victim_crashes_per_km_month_before"] * 12 / 365.25
    trend = (1 + pe["metro_trend_per_year"]) ** (days.year.to_numpy() - FIRST_YEAR)
    frames = []
    for spec in reference.CORRIDORS:
        line = corridors_utm[spec.corridor_id]
        km = line.length / 1000.0
        factor = np.ones(len(days))
        if spec.works_start:
            factor[day_dates >= np.datetime64(spec.works_start)] = 0.8
        if spec.opening_date:
            factor[day_dates >= np.datetime64(spec.opening_date)] = 1.0 - pe["victim_crash_drop_after_opening"]
        if spec.corridor_id == pe["rtm_trap"]["corridor_id"] and spec.works_start:
            start = np.datetime64(pd.Timestamp(spec.works_start) - pd.DateOffset(months=12), "D")
            bad_year = (day_dates >= start) & (day_dates < np.datetime64(spec.works_start))
            factor[bad_year] = pe["rtm_trap"]["before_window_factor"]
        victims = np.diff(np.floor(np.cumsum(factor * per_day * km) + 0.5), prepend=0).astype(int)
        damage = rng.poisson(pe["damage_crashes_per_km_month"] * 12 / 365.25 * km * trend)
        n_v, n_d = int(victims.sum()), int(damage.sum())
        day_of = np.concatenate([np.repeat(day_dates, victims), np.repeat(day_dates, damage)])
        n = n_v + n_d
        secs = rng.choice(24, n, p=_HOUR_P) * 3600 + rng.integers(0, 3600, n)
        t = day_of.astype("datetime64[s]") + secs.astype("timedelta64[s]")
        sev = np.array(["damage"] * n, dtype=object)
        sev[:n_v] = np.where(rng.random(n_v) < 0.06, "fatal", "injury")
        x, y = _random_points_near_line(rng, line, n, pe["near_corridor_placement_max_m"])
        frames.append(pd.DataFrame({"occurred_at": t, "severity": sev.astype(str), "x": x, "y": y}))
    return pd.concat(frames, ignore_index=True)


def _background_points(
    rng: np.random.Generator, n: int, arterials_utm: list[LineString], centres_utm: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """75 % of crashes along arterials (±15 m), the rest around municipal centres."""
    n_art = round(n * 0.75)
    lengths = np.array([a.length for a in arterials_utm])
    which = rng.choice(len(arterials_utm), n_art, p=lengths / lengths.sum())
    xs, ys = np.empty(n), np.empty(n)
    for i, line in enumerate(arterials_utm):
        idx = np.flatnonzero(which == i)
        if len(idx):
            xs[idx], ys[idx] = _random_points_near_line(rng, line, len(idx), 15.0)
    k = n - n_art
    muni = rng.choice(len(centres_utm), k, p=weights / weights.sum())
    spread = np.where(weights[muni] > 1_000_000, 4500.0, 3000.0)
    xs[n_art:] = centres_utm[muni, 0] + rng.normal(0, 1, k) * spread
    ys[n_art:] = centres_utm[muni, 1] + rng.normal(0, 1, k) * spread
    return xs, ys


def generate_crashes(
    rng: np.random.Generator, total: int, corridors_utm: dict[str, LineString], metro_utm: Any
) -> list[pd.DataFrame]:
    """All crashes as chunks of rows (so that 10 million rows fit comfortably in memory)."""
    planted = _planted_near_corridors(rng, corridors_utm)
    n_background = max(total - len(planted), 0)
    arterials_utm = [_to_utm_geom(LineString(c)) for _, c in reference.ARTERIALS]
    cx, cy = geo.to_utm(
        np.array([m[3] for m in reference.MUNICIPALITIES]), np.array([m[4] for m in reference.MUNICIPALITIES])
    )
    centres = np.column_stack([cx, cy])
    weights = np.array([m[2] for m in reference.MUNICIPALITIES], dtype=float)
    exclusion = shapely.union_all(
        [line.buffer(PLANTED_EFFECTS["background_exclusion_m"]) for line in corridors_utm.values()]
    )
    shapely.prepare(exclusion)
    shapely.prepare(metro_utm)
    chunks = [planted]
    remaining, chunk_size = n_background, 1_000_000
    while remaining > 0:
        want = min(chunk_size, remaining)
        # Oversample, then drop points inside the corridor exclusion zone or outside the metro area.
        m = int(want * 1.08) + 100
        x, y = _background_points(rng, m, arterials_utm, centres, weights)
        pts = shapely.points(x, y)
        keep = ~shapely.intersects(exclusion, pts) & shapely.contains(metro_utm, pts)
        x, y = x[keep][:want], y[keep][:want]
        n = len(x)
        u = rng.random(n)
        sev = np.where(u < 0.003, "fatal", np.where(u < 0.053, "injury", "damage"))
        chunks.append(pd.DataFrame({"occurred_at": _timestamps(rng, n), "severity": sev, "x": x, "y": y}))
        remaining -= n
    out = []
    next_id = 1
    for chunk in chunks:
        c = chunk.reset_index(drop=True)
        attrs = _attributes(rng, c["severity"].to_numpy())
        lon, lat = geo.to_lonlat(c["x"].to_numpy(), c["y"].to_numpy())
        df = pd.DataFrame(
            {
                "crash_id": np.arange(next_id, next_id + len(c), dtype=np.int64),
                "occurred_at": c["occurred_at"].astype("datetime64[us]"),
                "severity": c["severity"].astype(str),
                **attrs,
                "lon": np.round(lon, 6),
                "lat": np.round(lat, 6),
            }
        )
        next_id += len(c)
        out.append(df)
    return out


# --------------------------------------------------------------------------------------------
# Participation
# --------------------------------------------------------------------------------------------

_EVENT_KINDS = ("taller", "consulta", "recorrido", "diálogo abierto", "presentación")
_TOPICS = (
    "banquetas",
    "arbolado",
    "iluminación",
    "cruces seguros",
    "ciclovía",
    "accesibilidad",
    "transporte público",
    "mantenimiento",
)
_COMMENT_TEMPLATES = {
    "banquetas": (
        "Las banquetas de {c} necesitan ser más anchas y sin escalones.",
        "Pedimos banqueta continua en {c}, hoy caminamos por el arroyo vehicular.",
    ),
    "arbolado": (
        "Faltan árboles con sombra en {c}; en verano no se puede caminar.",
        "Que los árboles de {c} sean especies nativas y reciban riego.",
    ),
    "iluminación": (
        "De noche {c} está muy oscuro; pedimos más luminarias peatonales.",
        "La iluminación en {c} debe cubrir también los cruces.",
    ),
    "cruces seguros": (
        "Hace falta un cruce seguro frente a la escuela en {c}.",
        "Los autos no respetan el paso peatonal en {c}; pedimos reductores de velocidad.",
    ),
    "ciclovía": (
        "Una ciclovía protegida en {c} nos permitiría ir en bici al trabajo.",
        "Que la ciclovía de {c} conecte con la estación del Metro.",
    ),
    "accesibilidad": (
        "Las rampas en {c} deben cumplir la norma para sillas de ruedas.",
        "Pedimos guía táctil y semáforos sonoros en {c}.",
    ),
    "transporte público": (
        "Las paradas de camión en {c} no tienen techo ni bancas.",
        "Mejorar la conexión de {c} con la Ecovía y el Metro.",
    ),
    "mantenimiento": (
        "¿Quién dará mantenimiento a las áreas verdes de {c}?",
        "Hay basura y bancas rotas en {c}; pedimos un plan de mantenimiento.",
    ),
}
_REPLIES = (
    "Gracias. Se incorporó al proyecto ejecutivo y se revisará en la siguiente etapa.",
    "Gracias por su comentario. Se canalizó al área de mantenimiento de espacios públicos.",
    "El proyecto incluye esta mejora; puede consultar el plano en la sección de documentos.",
    "Se evaluará con el equipo técnico y se informará en la próxima sesión presencial.",
)
_INSTITUTIONS = (
    "Secretaría de Movilidad y Planeación Urbana (NL)",
    "Instituto Municipal de Planeación Urbana y Convivencia de Monterrey",
    "Instituto Municipal de Planeación y Gestión Urbana de San Pedro",
)


def generate_participation(
    rng: np.random.Generator, corridors_ll: dict[str, LineString]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Synthetic participation events and comments along the corridors (women at least half)."""
    specs = {c.corridor_id: c for c in reference.CORRIDORS}
    ids = list(specs)
    start, end = dt.date(2022, 11, 1), dt.date(2025, 12, 15)
    n_events = 64
    dates = sorted(start + dt.timedelta(days=int(d)) for d in rng.integers(0, (end - start).days, n_events))
    events = []
    for i, d in enumerate(dates):
        cid = ids[int(rng.integers(0, len(ids)))] if rng.random() < 0.9 else None
        kind = _EVENT_KINDS[int(rng.choice(len(_EVENT_KINDS), p=[0.35, 0.2, 0.2, 0.15, 0.1]))]
        spec = specs[cid] if cid else None
        cvegeo = spec.cvegeo if spec else ("19039" if rng.random() < 0.6 else "19019")
        if spec:
            p = corridors_ll[spec.corridor_id].interpolate(float(rng.uniform(0.2, 0.8)), normalized=True)
            lon, lat = p.x + rng.normal(0, 0.0008), p.y + rng.normal(0, 0.0008)
            place = f"Sobre {spec.name}"
            title = f"{kind.capitalize()}: {spec.name}"
        else:
            mun = next(m for m in reference.MUNICIPALITIES if m[0] == cvegeo)
            lon, lat = mun[3] + rng.normal(0, 0.004), mun[4] + rng.normal(0, 0.004)
            place = f"Palacio municipal de {mun[1]}"
            title = f"{kind.capitalize()}: movilidad activa en {mun[1]}"
        total = int(rng.integers(60, 180) if kind == "presentación" else rng.integers(8, 70))
        # Planted: women are at least half of participants (share 0.52–0.66 per event).
        women = round(total * rng.uniform(0.52, 0.66))
        other = int(rng.integers(0, 3)) if total - women > 3 else 0
        men = total - women - other
        kids_event = kind == "taller" and rng.random() < 0.3
        shares = rng.dirichlet([6, 5, 20, 4] if kids_event else [1, 1.5, 20, 5])
        ages = np.floor(shares * total).astype(int)
        ages[2] += total - ages.sum()
        disability = int(rng.binomial(total, 0.07))
        events.append(
            {
                "event_id": f"EV-{i + 1:03d}",
                "event_date": d,
                "kind": kind,
                "title": title,
                "corridor_id": cid,
                "cvegeo": cvegeo,
                "place": place,
                "participants_total": total,
                "women": women,
                "men": men,
                "gender_other": other,
                "children": int(ages[0]),
                "adolescents": int(ages[1]),
                "adults": int(ages[2]),
                "older_adults": int(ages[3]),
                "with_disability": disability,
                "lon": round(lon, 6),
                "lat": round(lat, 6),
            }
        )
    ev = pd.DataFrame(events)
    comments = []
    for j in range(330):
        e = ev.iloc[int(rng.integers(0, len(ev)))]
        topic = _TOPICS[int(rng.integers(0, len(_TOPICS)))]
        cname = specs[e.corridor_id].name if isinstance(e.corridor_id, str) else "mi colonia"
        text = _COMMENT_TEMPLATES[topic][int(rng.integers(0, 2))].format(c=cname)
        cdate = e.event_date + dt.timedelta(days=int(rng.integers(0, 10)))
        replied = rng.random() < 0.55
        comments.append(
            {
                "comment_id": f"CM-{j + 1:04d}",
                "event_id": e.event_id,
                "corridor_id": e.corridor_id if isinstance(e.corridor_id, str) else None,
                "cvegeo": e.cvegeo,
                "comment_date": cdate,
                "topic": topic,
                "text": text,
                "reply_text": _REPLIES[int(rng.integers(0, len(_REPLIES)))] if replied else None,
                "reply_date": cdate + dt.timedelta(days=int(rng.integers(3, 60))) if replied else None,
                "replied_by": _INSTITUTIONS[int(rng.integers(0, len(_INSTITUTIONS)))] if replied else None,
                "lon": round(float(e.lon + rng.normal(0, 0.0005)), 6) if rng.random() < 0.4 else None,
                "lat": None,
            }
        )
        if comments[-1]["lon"] is not None:
            comments[-1]["lat"] = round(float(e.lat + rng.normal(0, 0.0005)), 6)
    return ev, pd.DataFrame(comments)


_STUCK_REASONS = (
    "Falta de acuerdo entre dependencias para publicar los contratos de obra en formato abierto.",
    "Cambio de titular en la dependencia responsable; el hito espera nueva designación.",
    "Sin presupuesto asignado para la etapa de difusión.",
)

_RESPONSIBLE = {
    "MXMTY0005": ("Secretaría de Movilidad y Planeación Urbana", "IMPLANC Monterrey", "IMPLAN San Pedro"),
    "MXSPG0003": (
        "Secretaría de Innovación y Gobierno Abierto de Monterrey",
        "Secretaría de Innovación y Participación Ciudadana de San Pedro",
    ),
    "MXNLE0001": ("Secretaría de Cultura", "Secretaría de Participación Ciudadana", "Secretaría de Administración"),
}


#: Synthetic counting sites: (corridor, first day counted); 14 days, hours 06-22, at the line's middle.
COUNT_SITES = (("CV-VASCONCELOS", "2024-03-04"), ("CV-OCAMPO", "2024-10-07"))
COUNT_DAYS = 14
COUNT_HOURS = range(6, 23)


def generate_counts(rng: np.random.Generator, corridors_ll: dict[str, LineString]) -> pd.DataFrame:
    """Hourly counts of pedestrians (women, men, children), cyclists, motorcyclists and vehicles at two corridor sites."""
    rows = []
    profile = np.array([0.4, 0.9, 1.0, 0.7, 0.6, 0.7, 0.9, 0.9, 0.8, 0.7, 0.8, 1.0, 0.9, 0.7, 0.5, 0.4, 0.3])
    for corridor_id, first in COUNT_SITES:
        if corridor_id not in corridors_ll:
            continue
        middle = corridors_ll[corridor_id].interpolate(0.5, normalized=True)
        start = dt.date.fromisoformat(first)
        for d in range(COUNT_DAYS):
            day = start + dt.timedelta(days=d)
            weekend = day.weekday() >= 5
            for i, hour in enumerate(COUNT_HOURS):
                walkers = int(rng.poisson(220 * profile[i] * (0.7 if weekend else 1.0)))
                children = int(rng.binomial(walkers, 0.06))
                women = int(rng.binomial(walkers - children, 0.46))
                rows.append(
                    {
                        "site": f"Conteo de muestra · {corridor_id}",
                        "count_date": day,
                        "hour": hour,
                        "pedestrians": walkers,
                        "women": women,
                        "men": walkers - children - women,
                        "children": children,
                        "cyclists": int(rng.poisson(35 * profile[i])),
                        "motorcyclists": int(rng.poisson(60 * profile[i])),
                        "vehicles": int(rng.poisson(900 * profile[i])),
                        "lon": float(middle.x),
                        "lat": float(middle.y),
                    }
                )
    return pd.DataFrame(rows)


def _month_bounds(start: str, end: str) -> tuple[dt.date, dt.date]:
    s = dt.date.fromisoformat(start + "-01")
    e0 = dt.date.fromisoformat(end + "-01")
    e = dt.date(e0.year + e0.month // 12, e0.month % 12 + 1, 1) - dt.timedelta(days=1)
    return s, e


def insert_commitments(con: duckdb.DuckDBPyConnection) -> None:
    """The action plan's 8 commitments as published (unknown fields stay NULL), for the sample and a real database."""
    cols = reference.COMMITMENT_COLUMNS
    con.executemany(
        f"INSERT INTO commitment ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [[getattr(c, k) for k in cols] for c in reference.COMMITMENTS],
    )


def generate_milestones(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Milestones of the three commitments with synthetic statuses and their status history."""
    rows, hist = [], []
    as_of = dt.date(2025, 12, 31)
    for cid, items in reference.MILESTONE_LISTS.items():
        for k, (es, en, s, e) in enumerate(items, start=1):
            ps, pe = _month_bounds(s, e)
            u = rng.random()
            status = (
                "finished"
                if u < 0.68
                else "incomplete"
                if u < 0.80
                else "in_progress"
                if u < 0.90
                else "stuck"
                if u < 0.96
                else "not_started"
            )
            if cid == "MXMTY0005" and k == 6:
                status = "stuck"  # the open-contracting milestone: documented sample case
            mid = f"{cid}-H{k:02d}"
            h = [(ps - dt.timedelta(days=30), "not_started", "Hito registrado en el plan de acción.")]
            actual_start = actual_end = None
            reason = None
            if status != "not_started":
                actual_start = ps + dt.timedelta(days=int(rng.integers(-10, 45)))
                h.append((actual_start, "in_progress", "Inicio de actividades."))
            if status == "finished":
                actual_end = pe + dt.timedelta(days=int(rng.integers(-15, 120)))
                assert actual_start is not None  # a finished milestone has started (set above)
                actual_end = max(
                    actual_end, actual_start + dt.timedelta(days=1)
                )  # a short milestone never ends before it starts
                h.append((actual_end, "finished", "Evidencia publicada."))
            elif status == "incomplete":
                h.append((dt.date(2024, 6, 30), "incomplete", "Cierre del plan de acción sin completar el hito."))
                reason = "El plan cerró antes de completar todas las actividades."
            elif status == "stuck":
                assert actual_start is not None  # a stuck milestone has started (set above)
                reason = (
                    _STUCK_REASONS[0]
                    if (cid, k) == ("MXMTY0005", 6)
                    else _STUCK_REASONS[int(rng.integers(1, len(_STUCK_REASONS)))]
                )
                stuck_on = max(actual_start + dt.timedelta(days=int(rng.integers(20, 90))), pe - dt.timedelta(days=10))
                h.append((stuck_on, "stuck", reason))
            for when, st, note in h:
                hist.append({"milestone_id": mid, "changed_on": when, "status": st, "note": note})
            resp = _RESPONSIBLE[cid]
            rows.append(
                {
                    "milestone_id": mid,
                    "commitment_id": cid,
                    "seq": k,
                    "title_es": es,
                    "title_en": en,
                    "responsible": resp[k % len(resp)],
                    "planned_start": ps,
                    "planned_end": pe,
                    "actual_start": actual_start,
                    "actual_end": actual_end,
                    "status": status,
                    "status_since": min(h[-1][0], as_of),
                    "stuck_reason": reason,
                    "evidence_url": f"https://example.org/nlmobility/muestra/evidencia/{mid}.pdf"
                    if status in ("finished", "incomplete")
                    else None,
                    "sample_status": True,
                }
            )
    return pd.DataFrame(rows), pd.DataFrame(hist)


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------


def _contracts_and_documents(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    suppliers = (
        "Constructora Muestra del Norte, S.A. de C.V.",
        "Paisaje Urbano Regio (muestra), S.A. de C.V.",
        "Ingeniería Vial Ficticia, S.C.",
        "Consultores en Movilidad (muestra), S.C.",
    )
    contracts, docs = [], []
    for spec in reference.CORRIDORS:
        slug = spec.corridor_id.lower()
        docs.append(
            {
                "document_id": f"{spec.corridor_id}-D1",
                "corridor_id": spec.corridor_id,
                "kind": "ficha técnica",
                "title": f"Ficha técnica: {spec.name} (muestra)",
                "published": dt.date(2023, 3, 1),
                "url": f"https://example.org/nlmobility/muestra/documentos/{slug}-ficha.pdf",
            }
        )
        if spec.status == "planned":
            continue
        ws = _date(spec.works_start)
        assert ws is not None and spec.budget_mxn is not None
        docs.append(
            {
                "document_id": f"{spec.corridor_id}-D2",
                "corridor_id": spec.corridor_id,
                "kind": "proyecto ejecutivo",
                "title": f"Proyecto ejecutivo: {spec.name} (muestra)",
                "published": ws - dt.timedelta(days=60),
                "url": f"https://example.org/nlmobility/muestra/documentos/{slug}-proyecto.pdf",
            }
        )
        shares = (0.88, 0.12)
        for k, (concept, share) in enumerate(
            zip(("obra civil y paisaje", "supervisión externa"), shares, strict=True), start=1
        ):
            contracts.append(
                {
                    "contract_ref": f"NL-CV-{ws.year}-{spec.corridor_id[3:6]}-{k:02d}",
                    "corridor_id": spec.corridor_id,
                    "supplier": suppliers[int(rng.integers(0, len(suppliers)))],
                    "concept": concept,
                    "amount_mxn": round(spec.budget_mxn * share, 2),
                    "signed_on": ws - dt.timedelta(days=int(rng.integers(15, 60))),
                    "url": f"https://example.org/nlmobility/muestra/contratos/{slug}-{k}.pdf",
                }
            )
    return pd.DataFrame(contracts), pd.DataFrame(docs)


def schema_sql() -> str:
    """The text of sql/schema.sql (every table and macro)."""
    return (pathlib.Path(__file__).parent / "sql" / "schema.sql").read_text(encoding="utf-8")


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and macro of ``sql/schema.sql``."""
    con.execute(schema_sql())


_UTM = "ST_Transform({g}, 'EPSG:4326', 'EPSG:32614', always_xy := true)"


def build(path: str | os.PathLike[str], *, seed: int = DEFAULT_SEED, crashes: int = DEFAULT_CRASHES) -> dict[str, Any]:
    """Build the sample database at ``path`` atomically (written to a temp file, then renamed)."""
    target = pathlib.Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".building.tmp")
    for p in (tmp, pathlib.Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    with db.write_lock(target):
        con = db.connect(tmp, read_only=False)
        try:
            con.execute("SET preserve_insertion_order = true")
            create_schema(con)
            _fill(con, rng, seed=seed, crashes=crashes)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        pathlib.Path(tmp).replace(target)
    from nlmobility import feed  # imported here: feed reads the built file

    feed.write(target)
    return {"path": str(target), "seed": seed}


def _fill(con: duckdb.DuckDBPyConnection, rng: np.random.Generator, *, seed: int, crashes: int) -> None:
    polys = municipality_polygons()
    metro = shapely.union_all(list(polys.values()))
    metro_utm = _to_utm_geom(metro)
    # Municipalities
    mun = pd.DataFrame(
        [
            {"cvegeo": m[0], "name": m[1], "population": m[2], "wkb": shapely.to_wkb(polys[m[0]])}
            for m in reference.MUNICIPALITIES
        ]
    )
    con.register("mun_df", mun)
    con.execute(f"""INSERT INTO municipality SELECT cvegeo, name, population, true, true,
        ST_Area({_UTM.format(g="ST_GeomFromWKB(wkb)")}) / 1e6, ST_GeomFromWKB(wkb), {_UTM.format(g="ST_GeomFromWKB(wkb)")}
        FROM mun_df ORDER BY cvegeo""")
    con.unregister("mun_df")
    # Corridors
    corridors_ll = {c.corridor_id: LineString(c.coords) for c in reference.CORRIDORS}
    corridors_utm = {k: _to_utm_geom(v) for k, v in corridors_ll.items()}
    cor = pd.DataFrame(
        [
            {
                "corridor_id": c.corridor_id,
                "name": c.name,
                "cvegeo": c.cvegeo,
                "status": c.status,
                "works_start": _date(c.works_start),
                "works_end": _date(c.works_end),
                "opening_date": _date(c.opening_date),
                "budget_mxn": c.budget_mxn,
                "description": c.description,
                "progress_pct": c.progress_pct,
                "wkb": shapely.to_wkb(corridors_ll[c.corridor_id]),
            }
            for c in reference.CORRIDORS
        ]
    )
    con.register("cor_df", cor)
    g = "ST_GeomFromWKB(wkb)"
    con.execute(f"""INSERT INTO corridor SELECT corridor_id, name, cvegeo, status, works_start, works_end, opening_date,
        ST_Length({_UTM.format(g=g)}), budget_mxn, description, true, '{SOURCE}', {g}, {_UTM.format(g=g)}, progress_pct FROM cor_df""")
    con.unregister("cor_df")
    contracts, docs = _contracts_and_documents(rng)
    con.register("c_df", contracts)
    con.execute(
        "INSERT INTO corridor_contract SELECT contract_ref, corridor_id, supplier, concept, amount_mxn, signed_on, url FROM c_df"
    )
    con.unregister("c_df")
    con.register("d_df", docs)
    con.execute("INSERT INTO corridor_document SELECT document_id, corridor_id, kind, title, published, url FROM d_df")
    con.unregister("d_df")
    # Transit
    lines, stations = [], []
    for line_id, name, mode, status, colour, st in reference.TRANSIT:
        lines.append(
            {
                "line_id": line_id,
                "name": name,
                "mode": mode,
                "status": status,
                "color": colour,
                "wkb": shapely.to_wkb(LineString([(s[1], s[2]) for s in st])),
            }
        )
        for k, s in enumerate(st, start=1):
            stations.append(
                {
                    "station_id": f"{line_id}-{k:02d}",
                    "line_id": line_id,
                    "name": s[0],
                    "seq": k,
                    "wkb": shapely.to_wkb(Point(s[1], s[2])),
                }
            )
    con.register("l_df", pd.DataFrame(lines))
    con.execute(
        f"INSERT INTO transit_line SELECT line_id, name, mode, status, color, ST_Length({_UTM.format(g=g)}), true, {g}, {_UTM.format(g=g)} FROM l_df"
    )
    con.unregister("l_df")
    con.register("s_df", pd.DataFrame(stations))
    con.execute(f"INSERT INTO transit_station SELECT station_id, line_id, name, seq, {g}, {_UTM.format(g=g)} FROM s_df")
    con.unregister("s_df")
    # Crashes (chunked), municipality assigned by point-in-polygon in DuckDB
    for chunk in generate_crashes(rng, crashes, corridors_utm, metro_utm):
        con.register("crash_df", chunk)
        p = "ST_Point(lon, lat)"
        con.execute(f"""INSERT INTO crash SELECT crash_id, occurred_at, severity, killed, injured, pedestrian, cyclist, motorcyclist,
            crash_type, cause, NULL, lon, lat, {p}, {_UTM.format(g=p)}, '{SOURCE}', true,
            ST_X({_UTM.format(g=p)}), ST_Y({_UTM.format(g=p)}) FROM crash_df""")
        con.unregister("crash_df")
    con.execute("""UPDATE crash SET cvegeo = m.cvegeo FROM municipality m
        WHERE crash.cvegeo IS NULL AND ST_Intersects(m.geom, crash.geom)""")
    # Participation
    ev, cm = generate_participation(rng, corridors_ll)
    con.register("ev_df", ev)
    p = "ST_Point(lon, lat)"
    con.execute(f"""INSERT INTO participation_event SELECT event_id, event_date, kind, title, corridor_id, cvegeo, place,
        participants_total, women, men, gender_other, children, adolescents, adults, older_adults, with_disability,
        {p}, {_UTM.format(g=p)}, '{SOURCE}' FROM ev_df""")
    con.unregister("ev_df")
    con.register("cm_df", cm)
    con.execute(f"""INSERT INTO participation_comment SELECT comment_id, event_id, corridor_id, cvegeo, comment_date, topic, text,
        reply_text, reply_date, replied_by, CASE WHEN lon IS NULL THEN NULL ELSE {p} END, '{SOURCE}' FROM cm_df""")
    con.unregister("cm_df")
    # Commitments and milestones
    insert_commitments(con)
    ms, hist = generate_milestones(rng)
    con.register("ms_df", ms)
    con.execute("""INSERT INTO milestone SELECT milestone_id, commitment_id, seq, title_es, title_en, responsible, planned_start,
        planned_end, actual_start, actual_end, status, status_since, stuck_reason, evidence_url, sample_status FROM ms_df""")
    con.unregister("ms_df")
    con.register("h_df", hist)
    con.execute("INSERT INTO milestone_status_history SELECT milestone_id, changed_on, status, note FROM h_df")
    con.unregister("h_df")
    _counts_and_coverage(con, seed, corridors_ll)
    precomputed.rebuild(con)  # crashes near corridors, read by the indicators
    # Metadata, the sample's source and the first import_log row (defines the dataset version)
    checksum = data_checksum(con)
    version = f"muestra-{seed}-{checksum[:8]}"
    meta = {
        "is_sample": "true",
        "seed": str(seed),
        "crashes_requested": str(crashes),
        "data_date": f"{LAST_YEAR}-12-31",
        "planted_effects": json.dumps(PLANTED_EFFECTS, ensure_ascii=False),
        "licence": "CC BY 4.0 (datos de muestra sintéticos)",
        "generator": "nlmobility.sample",
    }
    con.executemany("INSERT INTO dataset_meta VALUES (?, ?)", list(meta.items()))
    con.execute(
        "INSERT INTO import_log VALUES (1, 'sample', 'nlmobility.sample', ?, ?, 0, current_timestamp::TIMESTAMP, 'nlmobility build', ?, ?)",
        [checksum, sum(n for _, n in table_counts(con)), version, f"Datos de muestra sintéticos, semilla {seed}"],
    )


def _insert_counts(con: duckdb.DuckDBPyConnection, seed: int, corridors_ll: dict[str, LineString]) -> None:
    """Counts of people passing (exposure), from their own random stream so that no other table changed with them."""
    counts = generate_counts(np.random.default_rng(seed + 7), corridors_ll)
    con.register("n_df", counts)
    p = "ST_Point(lon, lat)"
    con.execute(f"""INSERT INTO traffic_count SELECT site, count_date, hour, pedestrians, women, men, children, cyclists,
        motorcyclists, vehicles, lon, lat, {p}, {_UTM.format(g=p)}, '{SOURCE}' FROM n_df""")
    con.unregister("n_df")


def _counts_and_coverage(con: duckdb.DuckDBPyConnection, seed: int, corridors_ll: dict[str, LineString]) -> None:
    _insert_counts(con, seed, corridors_ll)
    _record_coverage(con)


def _record_coverage(con: duckdb.DuckDBPyConnection) -> None:
    """The sample as a source (publisher, licence) and what it covers: every metro municipality, every generated day."""
    con.execute(
        "INSERT INTO data_source VALUES (?, 'sample', 'Datos de muestra sintéticos (nlmobility)', 'CC BY 4.0', true, current_timestamp::TIMESTAMP)",
        [SOURCE],
    )
    con.execute(
        "INSERT INTO crash_coverage SELECT ?, cvegeo, make_date(?, 1, 1), make_date(?, 12, 31) FROM municipality WHERE is_metro",
        [SOURCE, FIRST_YEAR, LAST_YEAR],
    )


DATA_TABLES = (
    "municipality",
    "corridor",
    "corridor_contract",
    "corridor_document",
    "crash",
    "transit_line",
    "transit_station",
    "participation_event",
    "participation_comment",
    "commitment",
    "milestone",
    "milestone_status_history",
)


def table_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Row count of every data table, in a fixed order."""
    return [(t, int(db.scalar(con, f"SELECT count(*) FROM {t}"))) for t in DATA_TABLES]


def data_checksum(con: duckdb.DuckDBPyConnection) -> str:
    """SHA-256 over an order-independent hash of every data table (not the import log)."""
    h = hashlib.sha256()
    for t in DATA_TABLES:
        cols = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [t]
            ).fetchall()
        ]
        exprs = ", ".join(f"ST_AsWKB({c})" if c.startswith("geom") else f'"{c}"' for c in cols)
        row = con.execute(f"SELECT count(*), coalesce(sum(hash({exprs})), 0) FROM {t}").fetchone()
        n, s = row if row else (0, 0)
        h.update(f"{t}:{n}:{int(s)}\n".encode())
    return h.hexdigest()
