"""Indicator registry: every figure the dashboard shows, defined as data.

The Metodología page is generated from this registry, and every figure on the other pages links
to its entry (anchor ``#ind-<key>``). A test checks that every indicator appears there.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlmobility import text


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the registry: its name, unit, formula, source, direction and plain-language explainer."""

    key: str
    name_es: str
    name_en: str
    unit: str
    formula: str
    source: str
    direction: str  # "up" = more is better, "down" = less is better, "neutral"
    explainer_es: str
    explainer_en: str

    def name(self, lang: str) -> str:
        """The indicator's name in ``lang`` (``es`` or ``en``)."""
        return text.choose(lang, self.name_es, self.name_en)

    def explainer(self, lang: str) -> str:
        """The plain-language explanation in ``lang`` (``es`` or ``en``)."""
        return text.choose(lang, self.explainer_es, self.explainer_en)

    def unit_in(self, lang: str) -> str:
        """The unit in ``lang`` (the registry holds Spanish; English from :data:`ENGLISH`)."""
        return text.choose(lang, self.unit, ENGLISH[self.key][0])

    def formula_in(self, lang: str) -> str:
        """The formula in ``lang`` (column names stay as in the data dictionary)."""
        return text.choose(lang, self.formula, ENGLISH[self.key][1])


REGISTRY: tuple[Indicator, ...] = (
    Indicator(
        "km_finished",
        "Kilómetros de corredor terminados",
        "Corridor kilometres finished",
        "km",
        "Σ length_m / 1000 de corredores con status = finished; meta metropolitana 28.7 km",
        "corridor",
        "up",
        "Cuántos kilómetros de corredores verdes ya están abiertos, comparados con la meta de 28.7 km del plan metropolitano.",
        "How many kilometres of green corridors are open, against the 28.7 km metropolitan goal.",
    ),
    Indicator(
        "corridors_by_status",
        "Corredores por estado",
        "Corridors by status",
        "corredores",
        "count(*) por status (planeado, en obra, terminado)",
        "corridor",
        "neutral",
        "Cuántos corredores están planeados, en obra o terminados.",
        "How many corridors are planned, in works or finished.",
    ),
    Indicator(
        "victims_near",
        "Siniestros con víctimas cerca de corredores",
        "Crashes with victims near corridors",
        "siniestros/año",
        "count(*) de siniestros con severity en (injury, fatal) a ≤ buffer m (UTM 14N) de cualquier corredor, por año",
        "crash, corridor",
        "down",
        "Siniestros con personas lesionadas o fallecidas a menos de 50 m de un corredor, este año contra el anterior. Menos es mejor.",
        "Crashes with injured or killed people within 50 m of a corridor, this year against last year. Fewer is better.",
    ),
    Indicator(
        "before_after",
        "Antes y después de la apertura",
        "Before and after opening",
        "siniestros por km-año",
        "n_after / n_before − 1, con n_before en los 12 meses antes del inicio de obra y n_after en los 12 meses tras "
        "la apertura (el periodo de obra se excluye); tasa = n / (km × años); "
        "IC 95 % del cambio: intervalo «score» de la razón de dos tasas de Poisson (statsmodels, confint_poisson_2indep); "
        "ajustado = (n_after / n_before) / (metro_after / metro_before) − 1 (razón de razones), "
        "con metro = siniestros a más de la distancia elegida de todo corredor; su IC 95 % viene de un modelo "
        "log-lineal de Poisson de la tabla 2 × 2 (statsmodels GLM): exp(ln RR ± 1.96 √(1/a + 1/b + 1/c + 1/d)) − 1; "
        "sin porcentaje ni intervalo cuando una ventana tiene menos de 10 siniestros",
        "crash, corridor",
        "down",
        "Compara los siniestros cerca del corredor antes de la obra y después de abrirlo, y descuenta cuánto cambiaron "
        "en las mismas fechas los del resto de la zona metropolitana. "
        "El intervalo de 95 % es el rango de cambios compatibles con los datos: si incluye 0 %, el cambio podría ser azar. "
        "Con menos de 10 casos en una ventana no damos porcentaje.",
        "Compares crashes near the corridor before works and after opening, net of how the rest of the metro area changed over the same dates. "
        "The 95 % interval is the range of changes compatible with the data: if it includes 0 %, the change may be chance. "
        "With fewer than 10 cases in a window we give no percentage.",
    ),
    Indicator(
        "crash_trend",
        "Tendencia mensual de siniestros",
        "Monthly crash trend",
        "siniestros/mes",
        "count(*) por mes de occurred_at con los filtros activos",
        "crash",
        "down",
        "Cuántos siniestros hay cada mes en la zona y periodo elegidos.",
        "How many crashes happen each month in the chosen area and period.",
    ),
    Indicator(
        "hour_weekday",
        "Siniestros por hora y día",
        "Crashes by hour and weekday",
        "siniestros",
        "count(*) por isodow(occurred_at) y hour(occurred_at)",
        "crash",
        "neutral",
        "A qué horas y días ocurren más siniestros.",
        "At which hours and days most crashes happen.",
    ),
    Indicator(
        "crash_rate_municipality",
        "Siniestros por 100 mil habitantes",
        "Crashes per 100,000 inhabitants",
        "por 100 mil hab./año",
        "count(*) × 100000 / población / años del periodo",
        "crash, municipality",
        "down",
        "Permite comparar municipios de distinto tamaño.",
        "Lets municipalities of different size be compared.",
    ),
    Indicator(
        "crash_hotspots",
        "Puntos críticos",
        "Hotspots",
        "siniestros por celda de 200 m",
        "count(*) por celda de 200 × 200 m en UTM 14N (floor(x / 200), floor(y / 200)); las 10 celdas con más siniestros",
        "crash, corridor",
        "down",
        "Los lugares donde se concentran los siniestros del periodo, y qué tan lejos queda el corredor más cercano.",
        "The places where the period's crashes concentrate, and how far the nearest corridor is.",
    ),
    Indicator(
        "exposure_rate",
        "Siniestros por millón de pasos",
        "Crashes per million passages",
        "siniestros por millón de pasos",
        "(siniestros con peatón [o ciclista] a ≤ distancia del corredor en los años completos del periodo / años) / "
        "(pasos contados / días-sitio contados × 365 / 10⁶); IC 95 % exacto de Poisson del número de siniestros "
        "(statsmodels, confint_poisson, exact-c), tomando los pasos como conocidos",
        "crash, traffic_count, corridor",
        "down",
        "El riesgo de cada persona que camina o pedalea por el corredor: si llega más gente, puede haber más siniestros y aun así menos riesgo para cada una. "
        "Los conteos cubren pocos días y horas en un punto: la cifra es orientativa y se dicen sus límites.",
        "The risk for each person walking or cycling the corridor: more people can bring more crashes and still less risk for each. "
        "Counts cover a few days and hours at one point: the figure is indicative and its limits are stated.",
    ),
    Indicator(
        "high_injury_network",
        "Red de alta siniestralidad",
        "High-injury network",
        "lugares (celdas de 100 m)",
        "por ventana de 3 años completos: puntos = 3 × mortales + 1 × con lesiones por celda de 100 × 100 m (UTM 14N); "
        "celdas en orden de puntos hasta reunir el 50 % del total, con al menos 3 puntos; la red es la de la última ventana; "
        "un corredor está en la red si una de sus celdas más cercanas queda a ≤ distancia + 50 m",
        "crash, corridor, intersection",
        "down",
        "Dónde se concentran las muertes y lesiones de tránsito, año tras año, y si los corredores pasan por ahí.",
        "Where traffic deaths and injuries concentrate, year after year, and whether the corridors run through them.",
    ),
    Indicator(
        "participants",
        "Personas participantes",
        "Participants",
        "personas",
        "Σ participants_total de los eventos filtrados",
        "participation_event",
        "up",
        "Cuántas personas asistieron a talleres, consultas, recorridos y diálogos.",
        "How many people attended workshops, consultations, walks and dialogues.",
    ),
    Indicator(
        "women_share",
        "Proporción de mujeres",
        "Share of women",
        "%",
        "Σ women / Σ participants_total",
        "participation_event",
        "up",
        "Qué parte de quienes participaron son mujeres; el compromiso busca su participación plena.",
        "The share of participants who are women.",
    ),
    Indicator(
        "participants_by_age",
        "Participantes por grupo de edad",
        "Participants by age group",
        "personas",
        "Σ children, adolescents, adults, older_adults",
        "participation_event",
        "neutral",
        "Niñas y niños, adolescentes, personas adultas y adultas mayores.",
        "Children, adolescents, adults and older adults.",
    ),
    Indicator(
        "participants_disability",
        "Participantes con discapacidad",
        "Participants with disability",
        "personas",
        "Σ with_disability",
        "participation_event",
        "up",
        "Personas con discapacidad que participaron en el diseño de los corredores.",
        "People with disability who took part.",
    ),
    Indicator(
        "reply_rate",
        "Tasa de respuesta a comentarios",
        "Comment reply rate",
        "%",
        "count(reply_text) / count(*) de comentarios",
        "participation_comment",
        "up",
        "De cada 100 comentarios ciudadanos, cuántos recibieron respuesta oficial.",
        "Out of every 100 citizen comments, how many got an official reply.",
    ),
    Indicator(
        "milestones_finished",
        "Hitos finalizados",
        "Milestones finished",
        "%",
        "count(status = finished) / count(*) de hitos del compromiso",
        "milestone",
        "up",
        "Qué parte de los hitos prometidos ya se cumplió.",
        "What share of the promised milestones is done.",
    ),
    Indicator(
        "milestones_overdue",
        "Hitos vencidos",
        "Overdue milestones",
        "hitos",
        "count(*) de hitos con status ≠ finished y planned_end < hoy",
        "milestone",
        "down",
        "Hitos cuya fecha planeada ya pasó y no están finalizados.",
        "Milestones past their planned date and not finished.",
    ),
    Indicator(
        "days_in_status",
        "Días en el estado actual",
        "Days in current status",
        "días",
        "hoy − status_since",
        "milestone",
        "neutral",
        "Cuánto tiempo lleva cada hito sin cambiar de estado.",
        "How long each milestone has kept its status.",
    ),
)

#: Unit and formula of each indicator in English (key -> (unit, formula)).
ENGLISH: dict[str, tuple[str, str]] = {
    "km_finished": ("km", "Σ length_m / 1000 of corridors with status = finished; metropolitan goal 28.7 km"),
    "corridors_by_status": ("corridors", "count(*) by status (planned, in works, finished)"),
    "victims_near": (
        "crashes/year",
        "count(*) of crashes with severity in (injury, fatal) within buffer m (UTM 14N) of any corridor, per year",
    ),
    "before_after": (
        "crashes per km-year",
        "n_after / n_before − 1, with n_before in the 12 months before works start and n_after in the 12 months "
        "after opening (the works period is excluded); rate = n / (km × years); 95 % CI of the change: score interval "
        "of the ratio of two Poisson rates (statsmodels, confint_poisson_2indep); adjusted = (n_after / n_before) / "
        "(metro_after / metro_before) − 1 (ratio of ratios), metro = crashes farther than the chosen distance from "
        "every corridor; its 95 % CI from a Poisson log-linear model of the 2 × 2 table (statsmodels GLM): "
        "exp(ln RR ± 1.96 √(1/a + 1/b + 1/c + 1/d)) − 1; no percentage or interval when a window has fewer than 10 crashes; "
        "Empirical Bayes and comparison-group CMFs with Hauer's variance and bias correction, and the programme's pooled "
        "(sum-over-sites) estimate: nlmobility.safety (python -m benchmarks.coverage checks their coverage)",
    ),
    "crash_trend": ("crashes/month", "count(*) per month of occurred_at with the active filters"),
    "hour_weekday": ("crashes", "count(*) by isodow(occurred_at) and hour(occurred_at)"),
    "crash_rate_municipality": ("per 100k inhabitants/year", "count(*) × 100000 / population / years of the period"),
    "crash_hotspots": (
        "crashes per 200 m cell",
        "count(*) per 200 × 200 m cell in UTM 14N (floor(x / 200), floor(y / 200)); the 10 cells with most crashes",
    ),
    "exposure_rate": (
        "crashes per million passages",
        "(crashes with a pedestrian [or cyclist] within the distance of the corridor in the period's whole years / years) "
        "/ (passages counted / site-days counted × 365 / 10⁶); exact Poisson 95 % CI of the crash count "
        "(statsmodels, confint_poisson, exact-c), passages taken as known",
    ),
    "high_injury_network": (
        "places (100 m cells)",
        "per window of 3 whole years: points = 3 × fatal + 1 × injury per 100 × 100 m cell (UTM 14N); cells in order "
        "of points until 50 % of the total, with at least 3 points; the network is the latest window's; a corridor "
        "is on it if one of its nearest cells lies within the distance + 50 m",
    ),
    "participants": ("people", "Σ participants_total of the filtered events"),
    "women_share": ("%", "Σ women / Σ participants_total"),
    "participants_by_age": ("people", "Σ children, adolescents, adults, older_adults"),
    "participants_disability": ("people", "Σ with_disability"),
    "reply_rate": ("%", "count(reply_text) / count(*) of comments"),
    "milestones_finished": ("%", "count(status = finished) / count(*) of the commitment's milestones"),
    "milestones_overdue": ("milestones", "count(*) of milestones with status ≠ finished and planned_end < today"),
    "days_in_status": ("days", "today − status_since"),
}

BY_KEY: dict[str, Indicator] = {i.key: i for i in REGISTRY}


def anchor(key: str) -> str:
    """The heading anchor of the indicator's entry on Metodología (links scroll to it)."""
    if key not in BY_KEY:
        raise KeyError(key)
    return f"ind-{key}"


#: Below this many crashes in either window, a before/after change is flagged as inconclusive.
SMALL_COUNT = 10
#: Months in each before/after window unless the user picks another (Seguridad vial, Modo taller, fact sheet).
BEFORE_AFTER_MONTHS = 12
#: Participation counts under this are suppressed on public views.
SUPPRESS_UNDER = 5
#: Metropolitan goal of green-corridor kilometres (FACTS.md).
KM_GOAL = 28.7
