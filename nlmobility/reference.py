"""Reference facts about the Monterrey Metropolitan Area and the action plan (no generator here).

Read by the sample generator (which places synthetic records on them) and by the live map (the
avenues drawn for context), so the map never imports the generator. Geometry is approximate and
in (lon, lat) order, EPSG:4326; facts and their sources are in ``shared/design/FACTS.md`` and
``ACTION_PLAN.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Geography (approximate; coordinates are lon, lat)
# --------------------------------------------------------------------------------------------

#: The 13 municipalities of the narrow Monterrey Metropolitan Area: code, name, 2020 population
#: (INEGI, Censo de Población y Vivienda 2020, total population: :data:`POPULATION_SOURCE`) and an
#: approximate centre used to draw approximate (Voronoi) polygons.
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

#: Where the municipalities' population comes from (``nlmobility init`` stores it with the figures).
POPULATION_SOURCE = "INEGI, Censo de Población y Vivienda 2020 (población total por municipio)"


def census_population() -> dict[str, int]:
    """The 2020 census population of each metro municipality (INEGI code -> inhabitants)."""
    return {code: population for code, _name, population, _lon, _lat in MUNICIPALITIES}


#: The Santa Catarina river across the metro area, west to east (approximate line, for orientation).
RIVER: tuple[str, tuple[tuple[float, float], ...]] = (
    "Río Santa Catarina",
    (
        (-100.520, 25.680),
        (-100.460, 25.668),
        (-100.400, 25.668),
        (-100.350, 25.671),
        (-100.310, 25.667),
        (-100.280, 25.664),
        (-100.240, 25.661),
        (-100.180, 25.659),
        (-100.120, 25.654),
    ),
)

#: Landmarks people in Monterrey orient by (approximate points, for labels only).
LANDMARKS: tuple[tuple[str, float, float], ...] = (
    ("Cerro de la Silla", -100.236, 25.632),
    ("Cerro de las Mitras", -100.410, 25.712),
    ("Macroplaza", -100.309, 25.669),
    ("Parque Fundidora", -100.284, 25.678),
)

#: Main arterials where most crashes happen (approximate lines).
ARTERIALS: tuple[tuple[str, tuple[tuple[float, float], ...]], ...] = (
    (
        "Av. Constitución / Morones Prieto",
        ((-100.46, 25.665), (-100.35, 25.675), (-100.30, 25.672), (-100.25, 25.668), (-100.20, 25.665)),
    ),
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
    """A corridor as published: id, name, municipality, status, dates, budget, description and approximate line."""

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
    #: physical progress of the works (%), None where not published
    progress_pct: float | None = None


#: Corridors. Named real ones with their published facts (dates, lengths); lines approximate.
CORRIDORS: tuple[CorridorSpec, ...] = (
    CorridorSpec(
        "CV-PUENTE-VERDE",
        "Puente Verde",
        "19039",
        "finished",
        "2022-10-03",
        "2023-08-15",
        "2023-08-29",
        142_000_000,
        "Puente peatonal y ciclista de 496 m sobre el cauce del río Santa Catarina, entre Parque Fundidora (Av. Constitución) y Parque España (Morones Prieto).",
        ((-100.2880, 25.6707), (-100.2878, 25.6662)),
    ),
    CorridorSpec(
        "CV-OCAMPO",
        "Corredor Verde Ocampo",
        "19039",
        "finished",
        "2022-06-01",
        "2023-02-28",
        "2023-03-15",
        38_500_000,
        "Calle Ocampo en el centro de Monterrey: banquetas amplias, arbolado y cruces seguros (cerca de 1 km).",
        ((-100.3180, 25.6685), (-100.3080, 25.6687)),
    ),
    CorridorSpec(
        "CV-MODESTO-ARREOLA",
        "Corredor Verde Modesto Arreola",
        "19039",
        "finished",
        "2023-02-01",
        "2024-02-15",
        "2024-03-01",
        61_000_000,
        "1.9 km de calle completa en el centro, de Pino Suárez a Héroes del 47.",
        ((-100.3118, 25.6790), (-100.3307, 25.6792)),
    ),
    CorridorSpec(
        "CV-FEDERICO-GOMEZ",
        "Corredor Verde Federico Gómez",
        "19039",
        "finished",
        "2023-11-06",
        "2024-09-30",
        "2024-10-15",
        45_000_000,
        "De Av. Revolución a calle Guadalupe; obra iniciada en noviembre de 2023.",
        ((-100.2840, 25.6560), (-100.2745, 25.6552)),
    ),
    CorridorSpec(
        "CV-GUADALUPE",
        "Corredor Verde Guadalupe (Zaragoza y Matancillas)",
        "19026",
        "finished",
        "2024-11-01",
        "2025-10-20",
        "2025-11-04",
        52_000_000,
        "1.2 km sobre las calles Zaragoza y Matancillas en el centro de Guadalupe; entregado el 4 de noviembre de 2025.",
        ((-100.2605, 25.6800), (-100.2530, 25.6800), (-100.2530, 25.6755)),
    ),
    CorridorSpec(
        "CV-EXPOSICION",
        "Corredor Verde Exposición",
        "19026",
        "finished",
        "2025-03-01",
        "2026-01-15",
        "2026-01-27",
        24_000_000,
        "Cerca de 500 m por Arturo B. de la Garza, de la estación Exposición del Metro hacia el Estadio BBVA; abierto el 27 de enero de 2026.",
        ((-100.2456, 25.6785), (-100.2452, 25.6740)),
    ),
    CorridorSpec(
        "CV-CONSTITUCION",
        "Parque Lineal Constitución",
        "19039",
        "in_works",
        "2025-09-01",
        None,
        None,
        265_000_000,
        "6.1 km de parque lineal de Parque Fundidora al distribuidor Gonzalitos, bajo la Línea 4 del Metro; obra desde septiembre de 2025.",
        ((-100.2950, 25.6712), (-100.3200, 25.6730), (-100.3400, 25.6760), (-100.3555, 25.6788)),
    ),
    CorridorSpec(
        "CV-VASCONCELOS",
        "La Nueva Vasconcelos",
        "19019",
        "finished",
        "2023-03-01",
        "2023-12-20",
        "2024-01-15",
        96_000_000,
        "Banquetas amplias, arbolado y cruces seguros en Av. José Vasconcelos (San Pedro); la segunda etapa reabrió en enero de 2024.",
        ((-100.4050, 25.6565), (-100.3750, 25.6575)),
    ),
    CorridorSpec(
        "CV-SAN-NICOLAS",
        "Corredor Verde San Nicolás, primera etapa (nombre de muestra)",
        "19046",
        "finished",
        "2022-09-05",
        "2023-05-30",
        "2023-06-10",
        40_000_000,
        "Primera etapa de corredor verde en San Nicolás de los Garza (nombre real no localizado; trazo de muestra).",
        ((-100.2950, 25.7420), (-100.2830, 25.7430)),
    ),
    CorridorSpec(
        "CV-MADERO",
        "Corredor Verde Calzada Madero (muestra)",
        "19039",
        "planned",
        None,
        None,
        None,
        70_000_000,
        "Corredor planeado sobre Calzada Madero (proyecto de muestra).",
        ((-100.3300, 25.6830), (-100.3050, 25.6840)),
    ),
    CorridorSpec(
        "CV-LA-SILLA",
        "Corredor Verde Río La Silla (muestra)",
        "19026",
        "planned",
        None,
        None,
        None,
        55_000_000,
        "Corredor planeado junto al río La Silla en Guadalupe (proyecto de muestra).",
        ((-100.2400, 25.6420), (-100.2100, 25.6500)),
    ),
    CorridorSpec(
        "CV-UNIVERSIDAD",
        "Corredor Verde Av. Universidad (muestra)",
        "19046",
        "planned",
        None,
        None,
        None,
        35_000_000,
        "Corredor planeado en Av. Universidad, San Nicolás (proyecto de muestra).",
        ((-100.3050, 25.7250), (-100.3020, 25.7380)),
    ),
    CorridorSpec(
        "CV-GOMEZ-MORIN",
        "Corredor Verde Gómez Morín (muestra)",
        "19019",
        "in_works",
        "2025-06-02",
        "2026-09-30",
        None,
        48_000_000,
        "Corredor en obra sobre Av. Gómez Morín, San Pedro (proyecto de muestra).",
        ((-100.3650, 25.6450), (-100.3620, 25.6620)),
        45.0,
    ),
)

#: Transit: (line_id, name, mode, status, colour, stations with approximate positions).
TRANSIT: tuple[tuple[str, str, str, str, str, tuple[tuple[str, float, float], ...]], ...] = (
    (
        "L1",
        "Metro Línea 1 (Talleres–Exposición)",
        "metro",
        "operating",
        "#F2C200",
        (
            ("Talleres", -100.3650, 25.7535),
            ("San Bernabé", -100.3610, 25.7480),
            ("Unidad Modelo", -100.3555, 25.7415),
            ("Aztlán", -100.3500, 25.7330),
            ("Penitenciaría", -100.3440, 25.7230),
            ("Alfonso Reyes", -100.3425, 25.7130),
            ("Mitras", -100.3420, 25.7040),
            ("Simón Bolívar", -100.3420, 25.6955),
            ("Hospital", -100.3380, 25.6910),
            ("Edison", -100.3320, 25.6900),
            ("Central", -100.3250, 25.6890),
            ("Cuauhtémoc", -100.3180, 25.6860),
            ("Del Golfo", -100.3080, 25.6860),
            ("Félix U. Gómez", -100.2970, 25.6860),
            ("Parque Fundidora", -100.2890, 25.6840),
            ("Y Griega", -100.2800, 25.6830),
            ("Eloy Cavazos", -100.2680, 25.6810),
            ("Lerdo de Tejada", -100.2570, 25.6800),
            ("Exposición", -100.2456, 25.6794),
        ),
    ),
    (
        "L2",
        "Metro Línea 2 (Sendero–General I. Zaragoza)",
        "metro",
        "operating",
        "#00843D",
        (
            ("Sendero", -100.2925, 25.7695),
            ("Santiago Tapia", -100.2950, 25.7590),
            ("San Nicolás", -100.2985, 25.7500),
            ("Anáhuac", -100.3020, 25.7410),
            ("Universidad", -100.3080, 25.7240),
            ("Niños Héroes", -100.3110, 25.7150),
            ("Regina", -100.3140, 25.7070),
            ("General Anaya", -100.3160, 25.6980),
            ("Cuauhtémoc", -100.3180, 25.6860),
            ("Alameda", -100.3190, 25.6790),
            ("Fundadores", -100.3170, 25.6745),
            ("Padre Mier", -100.3130, 25.6710),
            ("General I. Zaragoza", -100.3094, 25.6674),
        ),
    ),
    (
        "L3",
        "Metro Línea 3 (Hospital Metropolitano–Zaragoza)",
        "metro",
        "operating",
        "#F47920",
        (
            ("Hospital Metropolitano", -100.2730, 25.7080),
            ("Los Ángeles", -100.2790, 25.7020),
            ("Ruiz Cortines", -100.2850, 25.6990),
            ("Colonia Moderna", -100.2900, 25.6950),
            ("Metalúrgicos", -100.2950, 25.6900),
            ("Félix U. Gómez", -100.2970, 25.6860),
            ("Santa Lucía", -100.3040, 25.6760),
            ("Zaragoza", -100.3094, 25.6674),
        ),
    ),
    (
        "L4",
        "Metro Línea 4 (en construcción)",
        "metro",
        "under_construction",
        "#8C6BB1",
        (
            ("Centro (L4)", -100.3100, 25.6730),
            ("Constitución–Gonzalitos", -100.3480, 25.6770),
            ("Santa Catarina Poniente", -100.4200, 25.6700),
            ("Santa Catarina", -100.4550, 25.6740),
        ),
    ),
    (
        "L6",
        "Metro Línea 6 (en construcción)",
        "metro",
        "under_construction",
        "#C51B7D",
        (
            ("Parque Fundidora (L6)", -100.2890, 25.6900),
            ("Miguel Alemán", -100.2350, 25.7100),
            ("Apodaca Centro", -100.1900, 25.7750),
            ("Aeropuerto", -100.1100, 25.7780),
        ),
    ),
    (
        "ECOVIA",
        "Ecovía (Lincoln–Valle Soleado)",
        "brt",
        "operating",
        "#0072B2",
        (
            ("Lincoln", -100.4400, 25.7280),
            ("Mitras Centro", -100.3700, 25.7130),
            ("Gonzalitos", -100.3460, 25.7060),
            ("Regina (Ecovía)", -100.3150, 25.7050),
            ("Ruiz Cortines", -100.2800, 25.7000),
            ("Churubusco", -100.2600, 25.6990),
            ("Guadalupe (Ecovía)", -100.2300, 25.6950),
            ("Valle Soleado", -100.2000, 25.6930),
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# Commitments and milestones
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commitment:
    """One commitment of the Nuevo León Local Action Plan 2022–2024, as far as it was published.

    ``None`` means *not found in the published sources* (see ``../shared/design/ACTION_PLAN.md``):
    the app shows it as unknown, never as an invented value.
    """

    commitment_id: str  # the OGP id where found, else the plan's slot prefixed with NLA-
    plan_slot: str  # T1, T2 (transversal), S1, S2 (state), M1–M4 (municipal)
    ogp_id: str | None
    title_es: str | None
    title_en: str | None
    scope: str  # transversal | estatal | municipal
    jurisdiction: str
    starts_on: str | None
    ends_on: str | None
    institutions: str | None
    url: str | None
    eoc_url: str | None  # End-of-Commitment report (its completion rating was not retrievable)
    inception_es: str | None  # the Inception Report's assessment, as published
    inception_en: str | None
    summary_es: str | None
    summary_en: str | None


_OGP = "https://www.opengovpartnership.org/"
_EOC = "https://opengovpartnership.org/documents/end-of-commitment-report-"


def _san_pedro_unpublished(slot: str) -> Commitment:
    """One of San Pedro's own two commitments: only its place in the plan and its government are known."""
    return Commitment(f"NLA-{slot}", slot, None, None, None, "municipal", "San Pedro Garza García", *(None,) * 9)


COMMITMENTS: tuple[Commitment, ...] = (
    Commitment(
        "MXMTY0005",
        "T1",
        "MXMTY0005",
        "Estrategia de apertura sobre movilidad metropolitana activa e inclusiva – Corredores Verdes",
        "Open Government Strategy on Active and Inclusive Metropolitan Mobility – Green Corridors",
        "transversal",
        "Estado de Nuevo León, Monterrey y San Pedro Garza García",
        "2023-01-01",
        "2024-06-30",
        "Secretaría de Movilidad y Planeación Urbana; IMPLANC Monterrey; IMPLAN San Pedro; Secretaría de Innovación y Gobierno Abierto de Monterrey; Secretaría de Innovación y Participación Ciudadana de San Pedro",
        _OGP + "members/monterrey-mexico/commitments/MXMTY0005/",
        _EOC + "open-government-strategy-on-active-and-inclusive-metropolitan-mobility-green-corridors-3",
        "Verificable y relevante (acceso a la información, rendición de cuentas, participación, tecnología); "
        "continúa una práctica existente; cambio positivo, no vinculante ni institucionalizado.",
        "Verifiable and relevant (access to information, accountability, participation, technology); continues "
        "an existing practice; positive change, not binding or institutionalized.",
        "Informe transversal de los corredores, sitio web con información, geolocalización, documentos y contratos "
        "en formato abierto, sesiones presenciales y una guía para construir corredores con modelos participativos.",
        "A cross-cutting report on the corridors, a website with information, geolocation, documents and contracts "
        "in open format, face-to-face sessions and a guide for building corridors with participatory models.",
    ),
    Commitment(
        "MXSPG0003",
        "T2",
        "MXSPG0003",
        "Haciendo transparencia proactiva en Nuevo León",
        "Making transparency proactive in Nuevo León",
        "transversal",
        "Estado de Nuevo León, Monterrey y San Pedro Garza García",
        "2023-01-01",
        "2024-06-30",
        "Secretaría de la Contraloría y Transparencia Gubernamental; Secretaría de Innovación y Gobierno Abierto de "
        "Monterrey; Secretaría de Innovación y Participación Ciudadana de San Pedro; INFO NL; Secretaría de "
        "Participación Ciudadana; Cómo Vamos Nuevo León; Consejo Nuevo León",
        _OGP + "members/san-pedro-garza-garcia-mexico/commitments/MXSPG0003/",
        _EOC + "making-transparency-proactive-in-nuevo-leon",
        "Verificable; continúa una práctica existente; cambio positivo, no vinculante.",
        "Verifiable; continues an existing practice; positive change, not binding.",
        "Una guía de transparencia proactiva para los sujetos obligados del estado, hecha con diagnóstico, revisión "
        "de buenas prácticas y sesiones participativas, difundida y usada por la coalición.",
        "A proactive-transparency guide for the state's regulated entities, built from a diagnosis, a review of good "
        "practice and participatory sessions, then publicised and used by the coalition.",
    ),
    Commitment(
        "MXNLE0001",
        "S1",
        "MXNLE0001",
        "Innovar para participar con datos abiertos – dataLABNL con Gobierno Abierto",
        "Participation through innovation with open data – dataLABNL with Open Government",
        "estatal",
        "Estado de Nuevo León",
        "2023-01-01",
        "2024-06-30",
        "Secretaría de Cultura; Secretaría de Participación Ciudadana; Secretaría de Administración; Secretaría de "
        "Economía; Hagámoslo Bien; Asociación de vecinos Monterrey AC",
        _OGP + "members/nuevo-leon-(state)-mexico/commitments/mxnle0001/",
        _EOC + "participation-through-innovation-with-open-data-datalabnl-with-open-government",
        None,  # the commitment page says the Inception Report is "Not available"
        None,
        "Espacios físicos y virtuales donde las personas usan datos abiertos (preferentemente del estado) para "
        "prototipar soluciones a problemas públicos.",
        "Physical and virtual spaces where people use (preferably State) open data to prototype solutions to "
        "public problems.",
    ),
    Commitment(
        "MXNLE0002",
        "S2",
        "MXNLE0002",
        "En Nuevo León, niñas, niños y adolescentes participamos para mejorar nuestro entorno",
        "In Nuevo León, girls, boys and adolescents participate to improve our environment",
        "estatal",
        "Estado de Nuevo León",
        "2023-01-01",
        "2024-06-30",
        "Secretaría de Participación Ciudadana; Secretaría de Educación; SESIPINNA; Vía Educación; PAZ ES; "
        "Accountability Lab México; Vecinos de Chepevera y Lomas",
        _OGP + "members/nuevo-leon-state-mexico/commitments/MXNLE0002",
        _EOC + "in-nuevo-leon-girls-boys-and-adolescents-participate-to-improve-our-environment",
        "Verificable; continúa una práctica existente; resultará en un cambio de reglas vinculante o institucionalizado.",
        "Verifiable; continues an existing practice; will result in a change of rules, binding or institutionalized.",
        "Espacios físicos y digitales donde niñas, niños y adolescentes se forman en participación y ayudan a mejorar "
        "su entorno (por ejemplo, sus escuelas).",
        "Physical and digital spaces where children and adolescents are trained in participation and help improve "
        "their surroundings (e.g. schools).",
    ),
    Commitment(
        "NLA-M1",
        "M1",
        None,
        None,  # Spanish title not published
        "Creation of spatial data infrastructure for urban development in Monterrey that guarantees the right to "
        "the city, under open government principles",
        "municipal",
        "Monterrey",
        "2023-01-01",
        "2024-06-30",
        None,
        None,
        _EOC + "creation-of-spatial-data-infrastructure-for-urban-development-in-monterrey-that-guarantees-the-right-"
        "to-the-city-under-the-open-government-principles",
        None,
        None,
        "En unos 18 meses, abrir datos de desarrollo urbano: déficit de espacio público, nivel de riesgo y permisos "
        "de construcción, uso de suelo, catastro, asentamientos y vivienda.",
        "Over about 18 months, open urban-development data: public-space deficits, developments' risk level and "
        "building permits, land use, cadastre, settlements and housing.",
    ),
    Commitment(
        "MXMTY0001",
        "M2",
        "MXMTY0001",
        None,  # only OGP's machine translation exists; not an official title
        "Open Government Committee to reinforce data of the Attention to Victims of Familiar Violence and Genre of "
        "Monterrey Unit (UAVVI) regarding violence against women",
        "municipal",
        "Monterrey",
        "2023-01-01",
        "2024-07-31",
        "Secretaría de Seguridad y Protección Ciudadana de Monterrey; Secretaría de Innovación y Gobierno Abierto de "
        "Monterrey; Instituto Municipal de las Mujeres Regias",
        _OGP + "members/monterrey-mexico/commitments/mxmty0001/",
        "https://www.opengovpartnership.org/es/documents/end-of-commitment-report-og-committee-to-reinforce-data-of-"
        "the-attention-to-victims",
        "Verificable; práctica nueva; cambio positivo, no vinculante.",
        "Verifiable; a new practice; positive change, not binding.",
        "Un comité de gobierno, academia y sociedad civil para fortalecer el uso de los datos de la UAVVI sobre "
        "violencia contra las mujeres.",
        "A committee of government, academia and civil society to strengthen use of UAVVI's data on violence "
        "against women.",
    ),
    *(_san_pedro_unpublished(slot) for slot in ("M3", "M4")),
)

GC_MILESTONES = (
    ("Diagnóstico transversal de los corredores", "Cross-cutting diagnosis of the corridors", "2023-01", "2023-04"),
    (
        "Especificaciones técnicas de los corredores en datos abiertos",
        "Technical specifications of the corridors as open data",
        "2023-03",
        "2023-06",
    ),
    (
        "Publicación del informe transversal en datos abiertos",
        "Publication of the cross-cutting report as open data",
        "2023-06",
        "2023-07",
    ),
    (
        "Sitio web: información básica y geolocalización de los proyectos",
        "Website: basic information and geolocation of the projects",
        "2023-04",
        "2023-09",
    ),
    (
        "Sitio web: documentos, guías y casos de éxito",
        "Website: documents, guides and success stories",
        "2023-07",
        "2023-11",
    ),
    (
        "Sitio web: contratos y adquisiciones en formato abierto",
        "Website: contracts and acquisitions in open format",
        "2023-08",
        "2023-12",
    ),
    (
        "Sesiones presenciales de presentación de los corredores",
        "Face-to-face presentation sessions",
        "2023-05",
        "2024-03",
    ),
    (
        "Taller de co-diseño con personas con discapacidad, niñas, niños y adolescentes",
        "Co-design workshop with people with disabilities and children",
        "2023-09",
        "2023-11",
    ),
    (
        "Guía para construir corredores verdes con modelos participativos: borrador",
        "Guide to building green corridors with participatory models: draft",
        "2023-10",
        "2024-02",
    ),
    ("Guía: validación y publicación", "Guide: validation and publication", "2024-02", "2024-05"),
    ("Informe final de cumplimiento", "Final compliance report", "2024-05", "2024-06"),
)

TP_MILESTONES = (
    (
        "Diagnóstico de necesidades de transparencia proactiva",
        "Diagnosis of proactive-transparency needs",
        "2023-02",
        "2023-04",
    ),
    ("Identificar contenido existente", "Identify existing content", "2023-01", "2023-02"),
    ("Intercambio de buenas prácticas", "Exchange of good practices", "2023-02", "2023-03"),
    ("Consulta ciudadana sobre temas prioritarios", "Citizen consultation on priority topics", "2023-02", "2023-03"),
    ("Redactar la guía", "Draft the guide", "2023-03", "2023-05"),
    ("Retroalimentación mediante documento comentado", "Feedback via commented document", "2023-07", "2023-07"),
    (
        "Identificar necesidades de información mediante participación",
        "Identify information needs through participation",
        "2023-08",
        "2023-09",
    ),
    ("Integrar comentarios", "Integrate comments", "2023-09", "2023-10"),
    ("Material didáctico", "Teaching material", "2023-11", "2023-11"),
    ("Publicar y difundir la guía", "Publish and disseminate the guide", "2023-12", "2024-01"),
    ("Socializar la guía", "Socialise the guide", "2024-02", "2024-03"),
    ("Promover la adopción voluntaria", "Promote voluntary adoption", "2024-04", "2024-04"),
    ("Informe de seguimiento", "Follow-up report", "2024-05", "2024-06"),
)

DL_MILESTONES = (
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
    (
        "Convocatoria y consulta sobre necesidades ciudadanas",
        "Call and consultation on citizen needs",
        "2023-08",
        "2023-09",
    ),
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


@dataclass(frozen=True)
class CrashModificationFactor:
    """A published crash modification factor: what a treatment did to crashes elsewhere, with its source.

    ``cmf`` multiplies the expected crashes (0.49 is 51 % fewer); ``std_error`` is the
    Clearinghouse's unadjusted standard error; ``stars`` its 1-5 quality rating; ``mode`` the
    road user whose crashes it applies to (our filter's values: pedestrian, cyclist, all).
    """

    cmf_id: int
    treatment_es: str
    treatment_en: str
    cmf: float
    std_error: float
    stars: int
    crash_type: str
    mode: str
    study: str
    setting: str
    url: str


#: Only values read on the FHWA CMF Clearinghouse's own detail pages (cited by id and study);
#: values without a standard error and rating there are left out.
CMFS: tuple[CrashModificationFactor, ...] = (
    CrashModificationFactor(
        4039,
        "Cruce ciclista elevado (u otra medida que reduce la velocidad) en la entrada de calles laterales",
        "Raised bicycle crossing (or other speed-reducing measure) at side-road entries",
        0.49,
        0.114,
        3,
        "Vehículo/bicicleta, todas las gravedades",
        "cyclist",
        "Schepers et al., 2011, «Road Factors and Bicycle-Motor Vehicle Crashes at Unsignalized Priority Intersections»",
        "Países Bajos, zonas urbanas y suburbanas, análisis transversal de regresión",
        "https://cmfclearinghouse.fhwa.dot.gov/detail.php?facid=4039",
    ),
    CrashModificationFactor(
        1993,
        "Fase peatonal anticipada en semáforos (intervalo peatonal adelantado)",
        "Leading pedestrian interval at signals",
        0.413,
        0.064,
        4,
        "Vehículo/peatón, todas las gravedades",
        "pedestrian",
        "Fayish y Gross, 2009, «Safety Effectiveness of Leading Pedestrian Intervals Using the Empirical Bayes Method»",
        "State College (EE. UU.), arterias urbanas, antes/después con Bayes empírico",
        "https://www.cmfclearinghouse.org/detail.php?facid=1993",
    ),
)

#: The milestone lists known per commitment (the other commitments' lists were not published).
MILESTONE_LISTS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "MXMTY0005": GC_MILESTONES,
    "MXSPG0003": TP_MILESTONES,
    "MXNLE0001": DL_MILESTONES,
}

#: Column order of the ``commitment`` table (the dataclass's fields).
COMMITMENT_COLUMNS: tuple[str, ...] = tuple(Commitment.__dataclass_fields__)

#: Which Green Corridors milestone (its number) each kind of per-corridor evidence answers.
CORRIDOR_EVIDENCE: dict[str, int] = {"geolocation": 4, "documents": 5, "contracts": 6, "events": 7}
