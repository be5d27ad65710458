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
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon, box

from nlmobility import db, geo

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
        "apertura), "
        "mientras el total metropolitano sube 3 % al año."
    ),
    "damage_crashes_per_km_month": 8.0,
    "women_share_min": 0.50,
    "women_share_note": "Las mujeres son al menos la mitad de las personas participantes.",
}

# --------------------------------------------------------------------------------------------
# Geography (approximate; coordinates are lon, lat)
# --------------------------------------------------------------------------------------------

#: The 13 municipalities of the narrow Monterrey Metropolitan Area: code, name, 2020 population
#: (INEGI, rounded) and an approximate centre used to draw approximate (Voronoi) polygons.
MUNICIPALITIES: tuple[tuple[str, str, int, float, float], ...] = (
    ("19006", "Apodaca", 656_464, -100.190, 25.780),
    ("19009", "Cadereyta Jiménez", 122_337, -99.985, 25.590),
    ("19010", "El Carmen", 105_261, -100.365, 25.930),
    ("19018", "García", 397_205, -100.590, 25.805),
    ("19019", "San Pedro Garza García", 132_169, -100.400, 25.655),
    ("19021", "General Escobedo", 481_213, -100.330, 25.800),
    ("19026", "Guadalupe", 643_143, -100.215, 25.680),
    ("19031", "Juárez", 471_523, -100.090, 25.650),
    ("19039", "Monterrey", 1_142_994, -100.310, 25.670),
    ("19045", "Salinas Victoria", 86_766, -100.290, 25.960),
    ("19046", "San Nicolás de los Garza", 412_199, -100.290, 25.745),
    ("19048", "Santa Catarina", 306_322, -100.460, 25.675),
    ("19049", "Santiago", 46_784, -100.150, 25.430),
)

#: Main arterials where most crashes happen (approximate lines).
ARTERIALS: tuple[tuple[str, tuple[tuple[float, float], ...]], ...] = (
    ("Av. Constitución / Morones Prieto", ((-100.46, 25.665), (-100.35, 25.675), (-100.30, 25.672), (-100.25, 25.668), (-100.20, 25.665))),
    ("Av. Gonzalitos", ((-100.350, 25.640), (-100.348, 25.700), (-100.345, 25.735))),
    ("Av. Eugenio Garza Sada", ((-100.29, 25.672), (-100.285, 25.620), (-100.27, 25.560))),
    ("Av. Lincoln", ((-100.45, 25.730), (-100.38, 25.715), (-100.34, 25.705))),
    ("Av. Ruiz Cortines", ((-100.40, 25.700), (-100.33, 25.705), (-100.27, 25.700), (-100.20, 25.695))),
    ("Av. Universidad", ((-100.315, 25.690), (-100.305, 25.750), (-100.29, 25.800))),
    ("Av. Miguel Alemán", ((-100.29, 25.690), (-100.22, 25.710), (-100.12, 25.740))),
    ("Calzada del Valle / Vasconcelos", ((-100.43, 25.652), (-100.36, 25.655))),
    ("Av. Sendero", ((-100.36, 25.770), (-100.29, 25.770), (-100.22, 25.770))),
    ("Av. Benito Juárez (Guadalupe)", ((-100.26, 25.675), (-100.18, 25.680), (-100.10, 25.655))),
    ("Av. Manuel L. Barragán", ((-100.31, 25.720), (-100.315, 25.800))),
    ("Carretera Nacional", ((-100.27, 25.560), (-100.20, 25.480), (-100.15, 25.430))),
    ("Av. Fidel Velázquez", ((-100.38, 25.715), (-100.30, 25.710), (-100.24, 25.715))),
    ("Carretera a Saltillo / Libramiento", ((-100.46, 25.665), (-100.55, 25.700), (-100.60, 25.800))),
    ("Av. Madero", ((-100.35, 25.687), (-100.29, 25.688))),
    ("Carretera a Reynosa", ((-100.20, 25.665), (-100.09, 25.650))),
    ("Carretera al Aeropuerto", ((-100.25, 25.740), (-100.18, 25.780), (-100.11, 25.780))),
    ("Av. Raúl Salinas", ((-100.32, 25.780), (-100.33, 25.820))),
    ("Carretera a Cadereyta", ((-100.10, 25.655), (-99.98, 25.590))),
)


@dataclass(frozen=True)
class CorridorSpec:
    corridor_id: str
    name: str
    cvegeo: str
    status: str
    works_start: str | None
    works_end: str | None
    opening_date: str | None
    budget_mxn: float | None
    description: str
    coords: tuple[tuple[float, float], ...]


#: Corridors. Named real ones with their published facts (dates, lengths); lines approximate.
CORRIDORS: tuple[CorridorSpec, ...] = (
    CorridorSpec("CV-PUENTE-VERDE", "Puente Verde", "19039", "finished", "2022-10-03", "2023-08-15", "2023-08-29", 142_000_000,
                 "Puente peatonal y ciclista de 496 m sobre el cauce del río Santa Catarina, entre Parque Fundidora (Av. Constitución) y Parque España (Morones Prieto).",
                 ((-100.2880, 25.6707), (-100.2878, 25.6662))),
    CorridorSpec("CV-OCAMPO", "Corredor Verde Ocampo", "19039", "finished", "2022-06-01", "2023-02-28", "2023-03-15", 38_500_000,
                 "Calle Ocampo en el centro de Monterrey: banquetas amplias, arbolado y cruces seguros (cerca de 1 km).",
                 ((-100.3180, 25.6685), (-100.3080, 25.6687))),
    CorridorSpec("CV-MODESTO-ARREOLA", "Corredor Verde Modesto Arreola", "19039", "finished", "2023-02-01", "2024-02-15", "2024-03-01", 61_000_000,
                 "1.9 km de calle completa en el centro, de Pino Suárez a Héroes del 47.",
                 ((-100.3118, 25.6790), (-100.3307, 25.6792))),
    CorridorSpec("CV-FEDERICO-GOMEZ", "Corredor Verde Federico Gómez", "19039", "finished", "2023-11-06", "2024-09-30", "2024-10-15", 45_000_000,
                 "De Av. Revolución a calle Guadalupe; obra iniciada en noviembre de 2023.",
                 ((-100.2840, 25.6560), (-100.2745, 25.6552))),
    CorridorSpec("CV-GUADALUPE", "Corredor Verde Guadalupe (Zaragoza y Matancillas)", "19026", "finished", "2024-11-01", "2025-10-20", "2025-11-04", 52_000_000,
                 "1.2 km sobre las calles Zaragoza y Matancillas en el centro de Guadalupe; entregado el 4 de noviembre de 2025.",
                 ((-100.2605, 25.6800), (-100.2530, 25.6800), (-100.2530, 25.6755))),
    CorridorSpec("CV-EXPOSICION", "Corredor Verde Exposición", "19026", "finished", "2025-03-01", "2026-01-15", "2026-01-27", 24_000_000,
                 "Cerca de 500 m por Arturo B. de la Garza, de la estación Exposición del Metro hacia el Estadio BBVA; abierto el 27 de enero de 2026.",
                 ((-100.2456, 25.6785), (-100.2452, 25.6740))),
    CorridorSpec("CV-CONSTITUCION", "Parque Lineal Constitución", "19039", "in_works", "2025-09-01", None, None, 265_000_000,
                 "6.1 km de parque lineal de Parque Fundidora al distribuidor Gonzalitos, bajo la Línea 4 del Metro; obra desde septiembre de 2025.",
                 ((-100.2950, 25.6712), (-100.3200, 25.6730), (-100.3400, 25.6760), (-100.3555, 25.6788))),
    CorridorSpec("CV-VASCONCELOS", "La Nueva Vasconcelos", "19019", "finished", "2023-03-01", "2023-12-20", "2024-01-15", 96_000_000,
                 "Banquetas amplias, arbolado y cruces seguros en Av. José Vasconcelos (San Pedro); la segunda etapa reabrió en enero de 2024.",
                 ((-100.4050, 25.6565), (-100.3750, 25.6575))),
    CorridorSpec("CV-SAN-NICOLAS", "Corredor Verde San Nicolás, primera etapa (nombre de muestra)", "19046", "finished", "2022-09-05", "2023-05-30", "2023-06-10", 40_000_000,
                 "Primera etapa de corredor verde en San Nicolás de los Garza (nombre real no localizado; trazo de muestra).",
                 ((-100.2950, 25.7420), (-100.2830, 25.7430))),
    CorridorSpec("CV-MADERO", "Corredor Verde Calzada Madero (muestra)", "19039", "planned", None, None, None, 70_000_000,
                 "Corredor planeado sobre Calzada Madero (proyecto de muestra).",
                 ((-100.3300, 25.6830), (-100.3050, 25.6840))),
    CorridorSpec("CV-LA-SILLA", "Corredor Verde Río La Silla (muestra)", "19026", "planned", None, None, None, 55_000_000,
                 "Corredor planeado junto al río La Silla en Guadalupe (proyecto de muestra).",
                 ((-100.2400, 25.6420), (-100.2100, 25.6500))),
    CorridorSpec("CV-UNIVERSIDAD", "Corredor Verde Av. Universidad (muestra)", "19046", "planned", None, None, None, 35_000_000,
                 "Corredor planeado en Av. Universidad, San Nicolás (proyecto de muestra).",
                 ((-100.3050, 25.7250), (-100.3020, 25.7380))),
    CorridorSpec("CV-GOMEZ-MORIN", "Corredor Verde Gómez Morín (muestra)", "19019", "in_works", "2025-06-02", None, None, 48_000_000,
                 "Corredor en obra sobre Av. Gómez Morín, San Pedro (proyecto de muestra).",
                 ((-100.3650, 25.6450), (-100.3620, 25.6620))),
)

#: Transit: (line_id, name, mode, status, colour, stations with approximate positions).
TRANSIT: tuple[tuple[str, str, str, str, str, tuple[tuple[str, float, float], ...]], ...] = (
    ("L1", "Metro Línea 1 (Talleres–Exposición)", "metro", "operating", "#F2C200", (
        ("Talleres", -100.3650, 25.7535), ("San Bernabé", -100.3610, 25.7480), ("Unidad Modelo", -100.3555, 25.7415),
        ("Aztlán", -100.3500, 25.7330), ("Penitenciaría", -100.3440, 25.7230), ("Alfonso Reyes", -100.3425, 25.7130),
        ("Mitras", -100.3420, 25.7040), ("Simón Bolívar", -100.3420, 25.6955), ("Hospital", -100.3380, 25.6910),
        ("Edison", -100.3320, 25.6900), ("Central", -100.3250, 25.6890), ("Cuauhtémoc", -100.3180, 25.6860),
        ("Del Golfo", -100.3080, 25.6860), ("Félix U. Gómez", -100.2970, 25.6860), ("Parque Fundidora", -100.2890, 25.6840),
        ("Y Griega", -100.2800, 25.6830), ("Eloy Cavazos", -100.2680, 25.6810), ("Lerdo de Tejada", -100.2570, 25.6800),
        ("Exposición", -100.2456, 25.6794),
    )),
    ("L2", "Metro Línea 2 (Sendero–General I. Zaragoza)", "metro", "operating", "#00843D", (
        ("Sendero", -100.2925, 25.7695), ("Santiago Tapia", -100.2950, 25.7590), ("San Nicolás", -100.2985, 25.7500),
        ("Anáhuac", -100.3020, 25.7410), ("Universidad", -100.3080, 25.7240), ("Niños Héroes", -100.3110, 25.7150),
        ("Regina", -100.3140, 25.7070), ("General Anaya", -100.3160, 25.6980), ("Cuauhtémoc", -100.3180, 25.6860),
        ("Alameda", -100.3190, 25.6790), ("Fundadores", -100.3170, 25.6745), ("Padre Mier", -100.3130, 25.6710),
        ("General I. Zaragoza", -100.3094, 25.6674),
    )),
    ("L3", "Metro Línea 3 (Hospital Metropolitano–Zaragoza)", "metro", "operating", "#F47920", (
        ("Hospital Metropolitano", -100.2730, 25.7080), ("Los Ángeles", -100.2790, 25.7020), ("Ruiz Cortines", -100.2850, 25.6990),
        ("Colonia Moderna", -100.2900, 25.6950), ("Metalúrgicos", -100.2950, 25.6900), ("Félix U. Gómez", -100.2970, 25.6860),
        ("Santa Lucía", -100.3040, 25.6760), ("Zaragoza", -100.3094, 25.6674),
    )),
    ("L4", "Metro Línea 4 (en construcción)", "metro", "under_construction", "#8C6BB1", (
        ("Centro (L4)", -100.3100, 25.6730), ("Constitución–Gonzalitos", -100.3480, 25.6770),
        ("Santa Catarina Poniente", -100.4200, 25.6700), ("Santa Catarina", -100.4550, 25.6740),
    )),
    ("L6", "Metro Línea 6 (en construcción)", "metro", "under_construction", "#C51B7D", (
        ("Parque Fundidora (L6)", -100.2890, 25.6900), ("Miguel Alemán", -100.2350, 25.7100),
        ("Apodaca Centro", -100.1900, 25.7750), ("Aeropuerto", -100.1100, 25.7780),
    )),
    ("ECOVIA", "Ecovía (Lincoln–Valle Soleado)", "brt", "operating", "#0072B2", (
        ("Lincoln", -100.4400, 25.7280), ("Mitras Centro", -100.3700, 25.7130), ("Gonzalitos", -100.3460, 25.7060),
        ("Regina (Ecovía)", -100.3150, 25.7050), ("Ruiz Cortines", -100.2800, 25.7000), ("Churubusco", -100.2600, 25.6990),
        ("Guadalupe (Ecovía)", -100.2300, 25.6950), ("Valle Soleado", -100.2000, 25.6930),
    )),
)

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _to_utm_geom(g: Any) -> Any:
    return shapely.transform(g, lambda xy: np.column_stack(geo.to_utm(xy[:, 0], xy[:, 1])))


def municipality_polygons() -> dict[str, Polygon]:
    """Approximate municipal polygons: Voronoi cells of the centres, clipped to the metro box."""
    frame = box(*geo.METRO_BBOX)
    pts = MultiPoint([Point(m[3], m[4]) for m in MUNICIPALITIES])
    cells = shapely.voronoi_polygons(pts, extend_to=frame)
    out: dict[str, Polygon] = {}
    for cell in cells.geoms:
        clipped = cell.intersection(frame)
        for m in MUNICIPALITIES:
            if clipped.contains(Point(m[3], m[4])):
                out[m[0]] = shapely.set_precision(clipped, 1e-6)
    assert len(out) == len(MUNICIPALITIES)
    return out


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _random_points_near_line(rng: np.random.Generator, line_utm: LineString, n: int, max_m: float) -> tuple[np.ndarray, np.ndarray]:
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
_CAUSES = np.array(["distracción", "exceso de velocidad", "no respetar semáforo", "no ceder el paso", "alcohol", "invadir carril", "Sin Dato"])
_CAUSE_P = np.array([0.30, 0.18, 0.14, 0.14, 0.06, 0.10, 0.08])
_HOUR_P = np.array([1.2, 0.9, 0.7, 0.6, 0.6, 1.0, 2.6, 4.6, 5.6, 4.8, 4.4, 4.6, 5.0, 5.6, 6.2, 6.0, 5.8, 6.0, 6.6, 6.2, 5.0, 3.6, 2.6, 1.8])
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
    the metro trend.
    """
    pe = PLANTED_EFFECTS
    days = pd.date_range(f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31", freq="D")
    day_dates = days.values.astype("datetime64[D]")
    per_day = pe["victim_crashes_per_km_month_before"] * 12 / 365.25
    trend = (1 + pe["metro_trend_per_year"]) ** (days.year.to_numpy() - FIRST_YEAR)
    frames = []
    for spec in CORRIDORS:
        line = corridors_utm[spec.corridor_id]
        km = line.length / 1000.0
        factor = np.ones(len(days))
        if spec.works_start:
            factor[day_dates >= np.datetime64(spec.works_start)] = 0.8
        if spec.opening_date:
            factor[day_dates >= np.datetime64(spec.opening_date)] = 1.0 - pe["victim_crash_drop_after_opening"]
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


def _background_points(rng: np.random.Generator, n: int, arterials_utm: list[LineString], centres_utm: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """75 % of crashes along arterials (±15 m), the rest around municipal centres."""
    n_art = int(round(n * 0.75))
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


def generate_crashes(rng: np.random.Generator, total: int, corridors_utm: dict[str, LineString], metro_utm: Any) -> list[pd.DataFrame]:
    """All crashes as chunks of rows (so that 10 million rows fit comfortably in memory)."""
    planted = _planted_near_corridors(rng, corridors_utm)
    n_background = max(total - len(planted), 0)
    arterials_utm = [_to_utm_geom(LineString(c)) for _, c in ARTERIALS]
    cx, cy = geo.to_utm(np.array([m[3] for m in MUNICIPALITIES]), np.array([m[4] for m in MUNICIPALITIES]))
    centres = np.column_stack([cx, cy])
    weights = np.array([m[2] for m in MUNICIPALITIES], dtype=float)
    exclusion = shapely.union_all([line.buffer(PLANTED_EFFECTS["background_exclusion_m"]) for line in corridors_utm.values()])
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
    for c in chunks:
        c = c.reset_index(drop=True)
        attrs = _attributes(rng, c["severity"].to_numpy())
        lon, lat = geo.to_lonlat(c["x"].to_numpy(), c["y"].to_numpy())
        df = pd.DataFrame({"crash_id": np.arange(next_id, next_id + len(c), dtype=np.int64), "occurred_at": c["occurred_at"].astype("datetime64[us]"),
                           "severity": c["severity"].astype(str), **attrs, "lon": np.round(lon, 6), "lat": np.round(lat, 6)})
        next_id += len(c)
        out.append(df)
    return out


# --------------------------------------------------------------------------------------------
# Participation
# --------------------------------------------------------------------------------------------

_EVENT_KINDS = ("taller", "consulta", "recorrido", "diálogo abierto", "presentación")
_TOPICS = ("banquetas", "arbolado", "iluminación", "cruces seguros", "ciclovía", "accesibilidad", "transporte público", "mantenimiento")
_COMMENT_TEMPLATES = {
    "banquetas": ("Las banquetas de {c} necesitan ser más anchas y sin escalones.", "Pedimos banqueta continua en {c}, hoy caminamos por el arroyo vehicular."),
    "arbolado": ("Faltan árboles con sombra en {c}; en verano no se puede caminar.", "Que los árboles de {c} sean especies nativas y reciban riego."),
    "iluminación": ("De noche {c} está muy oscuro; pedimos más luminarias peatonales.", "La iluminación en {c} debe cubrir también los cruces."),
    "cruces seguros": ("Hace falta un cruce seguro frente a la escuela en {c}.", "Los autos no respetan el paso peatonal en {c}; pedimos reductores de velocidad."),
    "ciclovía": ("Una ciclovía protegida en {c} nos permitiría ir en bici al trabajo.", "Que la ciclovía de {c} conecte con la estación del Metro."),
    "accesibilidad": ("Las rampas en {c} deben cumplir la norma para sillas de ruedas.", "Pedimos guía táctil y semáforos sonoros en {c}."),
    "transporte público": ("Las paradas de camión en {c} no tienen techo ni bancas.", "Mejorar la conexión de {c} con la Ecovía y el Metro."),
    "mantenimiento": ("¿Quién dará mantenimiento a las áreas verdes de {c}?", "Hay basura y bancas rotas en {c}; pedimos un plan de mantenimiento."),
}
_REPLIES = (
    "Gracias. Se incorporó al proyecto ejecutivo y se revisará en la siguiente etapa.",
    "Gracias por su comentario. Se canalizó al área de mantenimiento de espacios públicos.",
    "El proyecto incluye esta mejora; puede consultar el plano en la sección de documentos.",
    "Se evaluará con el equipo técnico y se informará en la próxima sesión presencial.",
)
_INSTITUTIONS = ("Secretaría de Movilidad y Planeación Urbana (NL)", "Instituto Municipal de Planeación Urbana y Convivencia de Monterrey",
                 "Instituto Municipal de Planeación y Gestión Urbana de San Pedro")


def generate_participation(rng: np.random.Generator, corridors_ll: dict[str, LineString]) -> tuple[pd.DataFrame, pd.DataFrame]:
    specs = {c.corridor_id: c for c in CORRIDORS}
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
            p = corridors_ll[cid].interpolate(float(rng.uniform(0.2, 0.8)), normalized=True)
            lon, lat = p.x + rng.normal(0, 0.0008), p.y + rng.normal(0, 0.0008)
            place = f"Sobre {spec.name}"
            title = f"{kind.capitalize()}: {spec.name}"
        else:
            mun = next(m for m in MUNICIPALITIES if m[0] == cvegeo)
            lon, lat = mun[3] + rng.normal(0, 0.004), mun[4] + rng.normal(0, 0.004)
            place = f"Palacio municipal de {mun[1]}"
            title = f"{kind.capitalize()}: movilidad activa en {mun[1]}"
        total = int(rng.integers(60, 180) if kind == "presentación" else rng.integers(8, 70))
        # Planted: women are at least half of participants (share 0.52–0.66 per event).
        women = int(round(total * rng.uniform(0.52, 0.66)))
        other = int(rng.integers(0, 3)) if total - women > 3 else 0
        men = total - women - other
        kids_event = kind == "taller" and rng.random() < 0.3
        shares = rng.dirichlet([6, 5, 20, 4] if kids_event else [1, 1.5, 20, 5])
        ages = np.floor(shares * total).astype(int)
        ages[2] += total - ages.sum()
        disability = int(rng.binomial(total, 0.07))
        events.append({
            "event_id": f"EV-{i + 1:03d}", "event_date": d, "kind": kind, "title": title, "corridor_id": cid,
            "cvegeo": cvegeo, "place": place, "participants_total": total, "women": women, "men": men,
            "gender_other": other, "children": int(ages[0]), "adolescents": int(ages[1]), "adults": int(ages[2]),
            "older_adults": int(ages[3]), "with_disability": disability, "lon": round(lon, 6), "lat": round(lat, 6),
        })
    ev = pd.DataFrame(events)
    comments = []
    for j in range(330):
        e = ev.iloc[int(rng.integers(0, len(ev)))]
        topic = _TOPICS[int(rng.integers(0, len(_TOPICS)))]
        cname = specs[e.corridor_id].name if isinstance(e.corridor_id, str) else "mi colonia"
        text = _COMMENT_TEMPLATES[topic][int(rng.integers(0, 2))].format(c=cname)
        cdate = e.event_date + dt.timedelta(days=int(rng.integers(0, 10)))
        replied = rng.random() < 0.55
        comments.append({
            "comment_id": f"CM-{j + 1:04d}", "event_id": e.event_id, "corridor_id": e.corridor_id if isinstance(e.corridor_id, str) else None, "cvegeo": e.cvegeo,
            "comment_date": cdate, "topic": topic, "text": text,
            "reply_text": _REPLIES[int(rng.integers(0, len(_REPLIES)))] if replied else None,
            "reply_date": cdate + dt.timedelta(days=int(rng.integers(3, 60))) if replied else None,
            "replied_by": _INSTITUTIONS[int(rng.integers(0, len(_INSTITUTIONS)))] if replied else None,
            "lon": round(float(e.lon + rng.normal(0, 0.0005)), 6) if rng.random() < 0.4 else None,
            "lat": None,
        })
        if comments[-1]["lon"] is not None:
            comments[-1]["lat"] = round(float(e.lat + rng.normal(0, 0.0005)), 6)
    return ev, pd.DataFrame(comments)


# --------------------------------------------------------------------------------------------
# Commitments and milestones
# --------------------------------------------------------------------------------------------

COMMITMENTS = (
    ("MXMTY0005", "Estrategia de apertura sobre movilidad metropolitana activa e inclusiva – Corredores Verdes",
     "Open Government Strategy on Active and Inclusive Metropolitan Mobility – Green Corridors", "transversal",
     "2023-01-01", "2024-06-30",
     "Secretaría de Movilidad y Planeación Urbana; IMPLANC Monterrey; IMPLAN San Pedro; Secretaría de Innovación y Gobierno Abierto de Monterrey; Secretaría de Innovación y Participación Ciudadana de San Pedro",
     "https://www.opengovpartnership.org/members/nuevo-leon-mexico/commitments/MXMTY0005/"),
    ("MXSPG0003", "Transparencia proactiva en Nuevo León", "Proactive transparency in Nuevo León", "transversal",
     "2023-01-01", "2024-06-30", "Coalición Nuevo León Abierto",
     "https://www.opengovpartnership.org/members/san-pedro-garza-garcia-mexico/commitments/MXSPG0003/"),
    ("DATALABNL", "dataLABNL con Gobierno Abierto (clave OGP no localizada)", "dataLABNL with Open Government (OGP id not found)", "estatal",
     "2023-01-01", "2024-06-30", "Secretaría de Cultura; Secretaría de Participación Ciudadana; Secretaría de Administración", None),
)

_GC_MILESTONES = (
    ("Diagnóstico transversal de los corredores", "Cross-cutting diagnosis of the corridors", "2023-01", "2023-04"),
    ("Especificaciones técnicas de los corredores en datos abiertos", "Technical specifications of the corridors as open data", "2023-03", "2023-06"),
    ("Publicación del informe transversal en datos abiertos", "Publication of the cross-cutting report as open data", "2023-06", "2023-07"),
    ("Sitio web: información básica y geolocalización de los proyectos", "Website: basic information and geolocation of the projects", "2023-04", "2023-09"),
    ("Sitio web: documentos, guías y casos de éxito", "Website: documents, guides and success stories", "2023-07", "2023-11"),
    ("Sitio web: contratos y adquisiciones en formato abierto", "Website: contracts and acquisitions in open format", "2023-08", "2023-12"),
    ("Sesiones presenciales de presentación de los corredores", "Face-to-face presentation sessions", "2023-05", "2024-03"),
    ("Taller de co-diseño con personas con discapacidad, niñas, niños y adolescentes", "Co-design workshop with people with disabilities and children", "2023-09", "2023-11"),
    ("Guía para construir corredores verdes con modelos participativos: borrador", "Guide to building green corridors with participatory models: draft", "2023-10", "2024-02"),
    ("Guía: validación y publicación", "Guide: validation and publication", "2024-02", "2024-05"),
    ("Informe final de cumplimiento", "Final compliance report", "2024-05", "2024-06"),
)

_TP_MILESTONES = (
    ("Diagnóstico de necesidades de transparencia proactiva", "Diagnosis of proactive-transparency needs", "2023-02", "2023-04"),
    ("Identificar contenido existente", "Identify existing content", "2023-01", "2023-02"),
    ("Intercambio de buenas prácticas", "Exchange of good practices", "2023-02", "2023-03"),
    ("Consulta ciudadana sobre temas prioritarios", "Citizen consultation on priority topics", "2023-02", "2023-03"),
    ("Redactar la guía", "Draft the guide", "2023-03", "2023-05"),
    ("Retroalimentación mediante documento comentado", "Feedback via commented document", "2023-07", "2023-07"),
    ("Identificar necesidades de información mediante participación", "Identify information needs through participation", "2023-08", "2023-09"),
    ("Integrar comentarios", "Integrate comments", "2023-09", "2023-10"),
    ("Material didáctico", "Teaching material", "2023-11", "2023-11"),
    ("Publicar y difundir la guía", "Publish and disseminate the guide", "2023-12", "2024-01"),
    ("Socializar la guía", "Socialise the guide", "2024-02", "2024-03"),
    ("Promover la adopción voluntaria", "Promote voluntary adoption", "2024-04", "2024-04"),
    ("Informe de seguimiento", "Follow-up report", "2024-05", "2024-06"),
)

_DL_MILESTONES = (
    ("Diagnóstico colaborativo de datos abiertos", "Collaborative diagnosis of open data", "2023-01", "2023-06"),
    ("Mecanismo de colaboración", "Collaboration mechanism", "2023-02", "2023-04"),
    ("Aliados internos", "Internal allies", "2023-02", "2023-03"),
    ("Reuniones y acuerdos con aliados", "Meetings and agreements with allies", "2023-04", "2023-04"),
    ("Lineamientos del programa: primer borrador", "Programme guidelines: first draft", "2023-01", "2023-01"),
    ("Lineamientos del programa: segundo borrador", "Programme guidelines: second draft", "2023-03", "2023-03"),
    ("Lineamientos del programa: tercer borrador", "Programme guidelines: third draft", "2023-05", "2023-05"),
    ("Mapear y validar la calidad de los datos", "Map and validate data quality", "2023-01", "2023-04"),
    ("Atributos de los datos abiertos", "Open-data attributes", "2023-04", "2023-05"),
    ("Necesidades de infraestructura", "Infrastructure needs", "2023-05", "2023-05"),
    ("Estrategia del repositorio de datos abiertos", "Open-data repository strategy", "2023-06", "2023-06"),
    ("Estrategia de comunicación", "Communication strategy", "2023-07", "2023-07"),
    ("Priorización de temas", "Topic prioritisation", "2023-07", "2023-09"),
    ("Directorio de liderazgos vecinales", "Directory of neighbourhood leaders", "2023-08", "2023-08"),
    ("Convocatoria y consulta sobre necesidades ciudadanas", "Call and consultation on citizen needs", "2023-08", "2023-09"),
    ("Proyecto piloto", "Pilot project", "2023-09", "2023-09"),
    ("Prototipo", "Prototype", "2023-10", "2023-11"),
    ("Espacios físicos y digitales", "Physical and digital spaces", "2023-05", "2023-05"),
    ("Informe de resultados del piloto", "Pilot results report", "2023-12", "2023-12"),
    ("Evaluación multiactor", "Multi-actor evaluation", "2024-01", "2024-02"),
    ("Vinculación con la institución implementadora", "Link with the implementing institution", "2024-02", "2024-02"),
    ("Lineamientos finales", "Final guidelines", "2024-03", "2024-05"),
    ("Mecanismo de rendición de cuentas", "Accountability mechanism", "2024-05", "2024-05"),
    ("Lanzamiento del programa", "Programme launch", "2024-06", "2024-06"),
)

_STUCK_REASONS = (
    "Falta de acuerdo entre dependencias para publicar los contratos de obra en formato abierto.",
    "Cambio de titular en la dependencia responsable; el hito espera nueva designación.",
    "Sin presupuesto asignado para la etapa de difusión.",
)

_RESPONSIBLE = {
    "MXMTY0005": ("Secretaría de Movilidad y Planeación Urbana", "IMPLANC Monterrey", "IMPLAN San Pedro"),
    "MXSPG0003": ("Secretaría de Innovación y Gobierno Abierto de Monterrey", "Secretaría de Innovación y Participación Ciudadana de San Pedro"),
    "DATALABNL": ("Secretaría de Cultura", "Secretaría de Participación Ciudadana", "Secretaría de Administración"),
}


def _month_bounds(start: str, end: str) -> tuple[dt.date, dt.date]:
    s = dt.date.fromisoformat(start + "-01")
    e0 = dt.date.fromisoformat(end + "-01")
    e = dt.date(e0.year + e0.month // 12, e0.month % 12 + 1, 1) - dt.timedelta(days=1)
    return s, e


def generate_milestones(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, hist = [], []
    as_of = dt.date(2025, 12, 31)
    lists = (("MXMTY0005", _GC_MILESTONES), ("MXSPG0003", _TP_MILESTONES), ("DATALABNL", _DL_MILESTONES))
    for cid, items in lists:
        for k, (es, en, s, e) in enumerate(items, start=1):
            ps, pe = _month_bounds(s, e)
            u = rng.random()
            status = "finished" if u < 0.68 else "incomplete" if u < 0.80 else "in_progress" if u < 0.90 else "stuck" if u < 0.96 else "not_started"
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
                h.append((actual_end, "finished", "Evidencia publicada."))
            elif status == "incomplete":
                h.append((dt.date(2024, 6, 30), "incomplete", "Cierre del plan de acción sin completar el hito."))
                reason = "El plan cerró antes de completar todas las actividades."
            elif status == "stuck":
                reason = _STUCK_REASONS[0] if (cid, k) == ("MXMTY0005", 6) else _STUCK_REASONS[int(rng.integers(1, len(_STUCK_REASONS)))]
                stuck_on = max(actual_start + dt.timedelta(days=int(rng.integers(20, 90))), pe - dt.timedelta(days=10))
                h.append((stuck_on, "stuck", reason))
            for when, st, note in h:
                hist.append({"milestone_id": mid, "changed_on": when, "status": st, "note": note})
            resp = _RESPONSIBLE[cid]
            rows.append({
                "milestone_id": mid, "commitment_id": cid, "seq": k, "title_es": es, "title_en": en,
                "responsible": resp[k % len(resp)], "planned_start": ps, "planned_end": pe,
                "actual_start": actual_start, "actual_end": actual_end, "status": status,
                "status_since": min(h[-1][0], as_of), "stuck_reason": reason,
                "evidence_url": f"https://example.org/nlmobility/muestra/evidencia/{mid}.pdf" if status in ("finished", "incomplete") else None,
                "sample_status": True,
            })
    return pd.DataFrame(rows), pd.DataFrame(hist)


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------


def _contracts_and_documents(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    suppliers = ("Constructora Muestra del Norte, S.A. de C.V.", "Paisaje Urbano Regio (muestra), S.A. de C.V.",
                 "Ingeniería Vial Ficticia, S.C.", "Consultores en Movilidad (muestra), S.C.")
    contracts, docs = [], []
    for spec in CORRIDORS:
        slug = spec.corridor_id.lower()
        docs.append({"document_id": f"{spec.corridor_id}-D1", "corridor_id": spec.corridor_id, "kind": "ficha técnica",
                     "title": f"Ficha técnica: {spec.name} (muestra)", "published": dt.date(2023, 3, 1),
                     "url": f"https://example.org/nlmobility/muestra/documentos/{slug}-ficha.pdf"})
        if spec.status == "planned":
            continue
        ws = _date(spec.works_start)
        assert ws is not None and spec.budget_mxn is not None
        docs.append({"document_id": f"{spec.corridor_id}-D2", "corridor_id": spec.corridor_id, "kind": "proyecto ejecutivo",
                     "title": f"Proyecto ejecutivo: {spec.name} (muestra)", "published": ws - dt.timedelta(days=60),
                     "url": f"https://example.org/nlmobility/muestra/documentos/{slug}-proyecto.pdf"})
        shares = (0.88, 0.12)
        for k, (concept, share) in enumerate(zip(("obra civil y paisaje", "supervisión externa"), shares, strict=True), start=1):
            contracts.append({"contract_ref": f"NL-CV-{ws.year}-{spec.corridor_id[3:6]}-{k:02d}", "corridor_id": spec.corridor_id,
                              "supplier": suppliers[int(rng.integers(0, len(suppliers)))], "concept": concept,
                              "amount_mxn": round(spec.budget_mxn * share, 2), "signed_on": ws - dt.timedelta(days=int(rng.integers(15, 60))),
                              "url": f"https://example.org/nlmobility/muestra/contratos/{slug}-{k}.pdf"})
    return pd.DataFrame(contracts), pd.DataFrame(docs)


def _schema_sql() -> str:
    return (pathlib.Path(__file__).parent / "sql" / "schema.sql").read_text(encoding="utf-8")


def create_schema(con: Any) -> None:
    con.execute(_schema_sql())


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
        os.replace(tmp, target)
    return {"path": str(target), "seed": seed}


def _fill(con: Any, rng: np.random.Generator, *, seed: int, crashes: int) -> None:
    polys = municipality_polygons()
    metro = shapely.union_all(list(polys.values()))
    metro_utm = _to_utm_geom(metro)
    # Municipalities
    mun = pd.DataFrame([{"cvegeo": m[0], "name": m[1], "population": m[2], "wkb": shapely.to_wkb(polys[m[0]])} for m in MUNICIPALITIES])
    con.register("mun_df", mun)
    con.execute(f"""INSERT INTO municipality SELECT cvegeo, name, population, true, true,
        ST_Area({_UTM.format(g='ST_GeomFromWKB(wkb)')}) / 1e6, ST_GeomFromWKB(wkb), {_UTM.format(g='ST_GeomFromWKB(wkb)')}
        FROM mun_df ORDER BY cvegeo""")
    con.unregister("mun_df")
    # Corridors
    corridors_ll = {c.corridor_id: LineString(c.coords) for c in CORRIDORS}
    corridors_utm = {k: _to_utm_geom(v) for k, v in corridors_ll.items()}
    cor = pd.DataFrame([{
        "corridor_id": c.corridor_id, "name": c.name, "cvegeo": c.cvegeo, "status": c.status,
        "works_start": _date(c.works_start), "works_end": _date(c.works_end), "opening_date": _date(c.opening_date),
        "budget_mxn": c.budget_mxn, "description": c.description, "wkb": shapely.to_wkb(corridors_ll[c.corridor_id]),
    } for c in CORRIDORS])
    con.register("cor_df", cor)
    g = "ST_GeomFromWKB(wkb)"
    con.execute(f"""INSERT INTO corridor SELECT corridor_id, name, cvegeo, status, works_start, works_end, opening_date,
        ST_Length({_UTM.format(g=g)}), budget_mxn, description, true, '{SOURCE}', {g}, {_UTM.format(g=g)} FROM cor_df""")
    con.unregister("cor_df")
    contracts, docs = _contracts_and_documents(rng)
    con.register("c_df", contracts)
    con.execute("INSERT INTO corridor_contract SELECT contract_ref, corridor_id, supplier, concept, amount_mxn, signed_on, url FROM c_df")
    con.unregister("c_df")
    con.register("d_df", docs)
    con.execute("INSERT INTO corridor_document SELECT document_id, corridor_id, kind, title, published, url FROM d_df")
    con.unregister("d_df")
    # Transit
    lines, stations = [], []
    for line_id, name, mode, status, colour, st in TRANSIT:
        lines.append({"line_id": line_id, "name": name, "mode": mode, "status": status, "color": colour,
                      "wkb": shapely.to_wkb(LineString([(s[1], s[2]) for s in st]))})
        for k, s in enumerate(st, start=1):
            stations.append({"station_id": f"{line_id}-{k:02d}", "line_id": line_id, "name": s[0], "seq": k, "wkb": shapely.to_wkb(Point(s[1], s[2]))})
    con.register("l_df", pd.DataFrame(lines))
    con.execute(f"INSERT INTO transit_line SELECT line_id, name, mode, status, color, ST_Length({_UTM.format(g=g)}), true, {g}, {_UTM.format(g=g)} FROM l_df")
    con.unregister("l_df")
    con.register("s_df", pd.DataFrame(stations))
    con.execute(f"INSERT INTO transit_station SELECT station_id, line_id, name, seq, {g}, {_UTM.format(g=g)} FROM s_df")
    con.unregister("s_df")
    # Crashes (chunked), municipality assigned by point-in-polygon in DuckDB
    for chunk in generate_crashes(rng, crashes, corridors_utm, metro_utm):
        con.register("crash_df", chunk)
        p = "ST_Point(lon, lat)"
        con.execute(f"""INSERT INTO crash SELECT crash_id, occurred_at, severity, killed, injured, pedestrian, cyclist, motorcyclist,
            crash_type, cause, NULL, lon, lat, {p}, {_UTM.format(g=p)}, '{SOURCE}' FROM crash_df""")
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
    com = pd.DataFrame([dict(zip(("commitment_id", "title_es", "title_en", "scope", "starts_on", "ends_on", "institutions", "url"), c, strict=True)) for c in COMMITMENTS])
    con.register("com_df", com)
    con.execute("INSERT INTO commitment SELECT commitment_id, title_es, title_en, scope, CAST(starts_on AS DATE), CAST(ends_on AS DATE), institutions, url FROM com_df")
    con.unregister("com_df")
    ms, hist = generate_milestones(rng)
    con.register("ms_df", ms)
    con.execute("""INSERT INTO milestone SELECT milestone_id, commitment_id, seq, title_es, title_en, responsible, planned_start,
        planned_end, actual_start, actual_end, status, status_since, stuck_reason, evidence_url, sample_status FROM ms_df""")
    con.unregister("ms_df")
    con.register("h_df", hist)
    con.execute("INSERT INTO milestone_status_history SELECT milestone_id, changed_on, status, note FROM h_df")
    con.unregister("h_df")
    # Metadata and the first import_log row (defines the dataset version)
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


DATA_TABLES = ("municipality", "corridor", "corridor_contract", "corridor_document", "crash", "transit_line", "transit_station",
               "participation_event", "participation_comment", "commitment", "milestone", "milestone_status_history")


def table_counts(con: Any) -> list[tuple[str, int]]:
    return [(t, int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])) for t in DATA_TABLES]  # noqa: S608 - fixed allow-list


def data_checksum(con: Any) -> str:
    """SHA-256 over an order-independent hash of every data table (not the import log)."""
    h = hashlib.sha256()
    for t in DATA_TABLES:
        cols = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [t]).fetchall()]
        exprs = ", ".join(f"ST_AsWKB({c})" if c.startswith("geom") else f'"{c}"' for c in cols)
        n, s = con.execute(f"SELECT count(*), coalesce(sum(hash({exprs})), 0) FROM {t}").fetchone()  # noqa: S608 - names from the catalogue
        h.update(f"{t}:{n}:{int(s)}\n".encode())
    return h.hexdigest()
