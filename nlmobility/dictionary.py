"""Data dictionary: every column of every table, with meaning (Spanish and English), unit and type.

The Datos abiertos page shows it and a test checks that it matches the live schema exactly, so it
cannot drift from ``sql/schema.sql``.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlmobility import text


@dataclass(frozen=True, slots=True)
class Column:
    """One column: name, SQL type, unit and meaning in Spanish and English."""

    name: str
    type: str
    unit: str
    meaning_es: str
    meaning_en: str


@dataclass(frozen=True, slots=True)
class Table:
    """One table: name, title in Spanish and English, and its columns."""

    name: str
    title_es: str
    title_en: str
    columns: tuple[Column, ...]


def _c(name: str, type_: str, unit: str, es: str, en: str) -> Column:
    return Column(name, type_, unit, es, en)


_GEOM = _c(
    "geom",
    "GEOMETRY",
    "EPSG:4326 (lon, lat)",
    "Geometría en WGS 84, orden longitud, latitud",
    "Geometry in WGS 84, lon/lat order",
)
_GEOM_UTM = _c(
    "geom_utm",
    "GEOMETRY",
    "EPSG:32614 (m)",
    "Geometría en UTM 14N (metros), para longitudes y distancias",
    "Geometry in UTM 14N metres, for lengths and distances",
)
_CVEGEO = _c(
    "cvegeo",
    "VARCHAR",
    "",
    "Clave INEGI del municipio (5 dígitos, con ceros)",
    "INEGI municipality code (5 digits, zero-padded)",
)
_SOURCE = _c(
    "source",
    "VARCHAR",
    "",
    "Origen del registro ('muestra' = dato sintético, o nombre del archivo importado)",
    "Record origin ('muestra' = synthetic, or imported file name)",
)
_CORRIDOR_ID = _c("corridor_id", "VARCHAR", "", "Identificador del corredor", "Corridor identifier")

#: What the precomputed count tables count by, and the count (shared by the three of them).
_COUNTED = (
    _c("cvegeo", "VARCHAR", "", "Municipio (clave INEGI)", "Municipality (INEGI code)"),
    _c("severity", "VARCHAR", "", "Gravedad", "Severity"),
    _c("pedestrian", "BOOLEAN", "", "Con peatón", "Pedestrian involved"),
    _c("cyclist", "BOOLEAN", "", "Con ciclista", "Cyclist involved"),
    _c("motorcyclist", "BOOLEAN", "", "Con motociclista", "Motorcyclist involved"),
    _c("n", "BIGINT", "siniestros", "Número de siniestros", "Number of crashes"),
)

TABLES: tuple[Table, ...] = (
    Table(
        "dataset_meta",
        "Metadatos del conjunto de datos",
        "Dataset metadata",
        (
            _c("key", "VARCHAR", "", "Nombre del metadato (p. ej. is_sample, seed, planted_effects)", "Metadata key"),
            _c("value", "VARCHAR", "", "Valor (texto o JSON)", "Value (text or JSON)"),
        ),
    ),
    Table(
        "municipality",
        "Municipios",
        "Municipalities",
        (
            _CVEGEO,
            _c("name", "VARCHAR", "", "Nombre oficial", "Official name"),
            _c(
                "population",
                "INTEGER",
                "personas",
                "Población 2020 (INEGI, redondeada)",
                "Population 2020 (INEGI, rounded)",
            ),
            _c(
                "is_metro",
                "BOOLEAN",
                "",
                "Pertenece a la Zona Metropolitana de Monterrey (13 municipios)",
                "Part of the Monterrey Metropolitan Area (13 municipalities)",
            ),
            _c(
                "approximate",
                "BOOLEAN",
                "",
                "El polígono es aproximado (no oficial)",
                "Polygon is approximate (not official)",
            ),
            _c("area_km2", "DOUBLE", "km²", "Área calculada en UTM 14N", "Area computed in UTM 14N"),
            _GEOM,
            _GEOM_UTM,
        ),
    ),
    Table(
        "corridor",
        "Corredores verdes",
        "Green corridors",
        (
            _CORRIDOR_ID,
            _c("name", "VARCHAR", "", "Nombre del corredor", "Corridor name"),
            _CVEGEO,
            _c(
                "status",
                "VARCHAR",
                "",
                "Estado: planned (planeado), in_works (en obra), finished (terminado)",
                "Status: planned, in_works, finished",
            ),
            _c("works_start", "DATE", "", "Inicio de obra", "Works start"),
            _c("works_end", "DATE", "", "Fin de obra", "Works end"),
            _c("opening_date", "DATE", "", "Fecha de apertura al público", "Opening date"),
            _c(
                "length_m",
                "DOUBLE",
                "m",
                "Longitud medida sobre la geometría en UTM 14N",
                "Length measured on the UTM 14N geometry",
            ),
            _c("budget_mxn", "DOUBLE", "MXN", "Presupuesto (pesos mexicanos)", "Budget (Mexican pesos)"),
            _c("description", "VARCHAR", "", "Descripción en lenguaje claro", "Plain-language description"),
            _c(
                "progress_pct",
                "DOUBLE",
                "%",
                "Avance físico de la obra (0 a 100); vacío si no se ha publicado",
                "Physical progress of the works (0 to 100); empty where not published",
            ),
            _c(
                "approximate",
                "BOOLEAN",
                "",
                "El trazo es aproximado (coordenadas no publicadas)",
                "The line is approximate (coordinates not published)",
            ),
            _SOURCE,
            _GEOM,
            _GEOM_UTM,
        ),
    ),
    Table(
        "corridor_contract",
        "Contratos de los corredores",
        "Corridor contracts",
        (
            _c("contract_ref", "VARCHAR", "", "Número de contrato", "Contract reference"),
            _CORRIDOR_ID,
            _c("supplier", "VARCHAR", "", "Proveedor o contratista", "Supplier or contractor"),
            _c("concept", "VARCHAR", "", "Concepto del contrato", "What the contract is for"),
            _c("amount_mxn", "DOUBLE", "MXN", "Monto del contrato", "Contract amount"),
            _c("signed_on", "DATE", "", "Fecha de firma", "Signature date"),
            _c("url", "VARCHAR", "", "Enlace al contrato", "Link to the contract"),
        ),
    ),
    Table(
        "corridor_document",
        "Documentos de los corredores",
        "Corridor documents",
        (
            _c("document_id", "VARCHAR", "", "Identificador del documento", "Document identifier"),
            _CORRIDOR_ID,
            _c(
                "kind",
                "VARCHAR",
                "",
                "Tipo: proyecto ejecutivo, diagnóstico, guía, minuta…",
                "Kind: design, diagnosis, guide, minutes…",
            ),
            _c("title", "VARCHAR", "", "Título", "Title"),
            _c("published", "DATE", "", "Fecha de publicación", "Publication date"),
            _c("url", "VARCHAR", "", "Enlace", "Link"),
        ),
    ),
    Table(
        "crash",
        "Siniestros viales",
        "Road crashes",
        (
            _c("crash_id", "BIGINT", "", "Identificador del siniestro", "Crash identifier"),
            _c("occurred_at", "TIMESTAMP", "hora local", "Fecha y hora del siniestro", "Date and time (local)"),
            _c(
                "severity",
                "VARCHAR",
                "",
                "Gravedad: fatal (con muertes), injury (con lesionados), damage (solo daños), unknown (sin dato: el registro no da lesionados ni fallecidos)",
                "Severity: fatal, injury, damage only, unknown (the record gives no injured or killed counts)",
            ),
            _c(
                "killed",
                "INTEGER",
                "personas",
                "Personas fallecidas (vacío: el registro no lo dice)",
                "People killed (empty: not recorded)",
            ),
            _c(
                "injured",
                "INTEGER",
                "personas",
                "Personas lesionadas (vacío: el registro no lo dice)",
                "People injured (empty: not recorded)",
            ),
            _c("pedestrian", "BOOLEAN", "", "Involucra a un peatón", "Involves a pedestrian"),
            _c("cyclist", "BOOLEAN", "", "Involucra a un ciclista", "Involves a cyclist"),
            _c("motorcyclist", "BOOLEAN", "", "Involucra a un motociclista", "Involves a motorcyclist"),
            _c("crash_type", "VARCHAR", "", "Tipo de siniestro (atropello, alcance, lateral…)", "Crash type"),
            _c("cause", "VARCHAR", "", "Causa probable", "Probable cause"),
            _CVEGEO,
            _c("lon", "DOUBLE", "grados", "Longitud (WGS 84)", "Longitude (WGS 84)"),
            _c("lat", "DOUBLE", "grados", "Latitud (WGS 84)", "Latitude (WGS 84)"),
            _GEOM,
            _GEOM_UTM,
            _SOURCE,
            _c(
                "time_known",
                "BOOLEAN",
                "",
                "La hora consta en el registro (si no, occurred_at es el día a las 00:00 y no cuenta en la matriz hora × día)",
                "The record gives the time (if not, occurred_at is the day at 00:00 and is left out of hour × weekday)",
            ),
            _c("x", "DOUBLE", "m", "Coordenada X en UTM 14N (EPSG:32614)", "X coordinate in UTM 14N (EPSG:32614)"),
            _c("y", "DOUBLE", "m", "Coordenada Y en UTM 14N (EPSG:32614)", "Y coordinate in UTM 14N (EPSG:32614)"),
        ),
    ),
    Table(
        "data_source",
        "Fuentes de los datos",
        "Data sources",
        (
            _c(
                "source",
                "VARCHAR",
                "",
                "Valor de la columna source de las filas: 'muestra' o el archivo importado",
                "The rows' source value: 'muestra' or the imported file",
            ),
            _c("kind", "VARCHAR", "", "Tipo de datos que aportó", "Kind of data it supplied"),
            _c("title", "VARCHAR", "", "Quién publica los datos", "Who publishes the data"),
            _c("licence", "VARCHAR", "", "Licencia de uso (o «no declarada»)", "Licence (or 'not stated')"),
            _c("is_sample", "BOOLEAN", "", "Datos de muestra sintéticos", "Synthetic sample data"),
            _c("imported_at", "TIMESTAMP", "UTC", "Cuándo se cargó", "When it was loaded"),
        ),
    ),
    Table(
        "crash_coverage",
        "Cobertura de los registros de siniestros",
        "Crash record coverage",
        (
            _c(
                "source",
                "VARCHAR",
                "",
                "Fuente de los registros ('muestra' o el archivo importado)",
                "Source of the records",
            ),
            _CVEGEO,
            _c(
                "date_from",
                "DATE",
                "",
                "Primer día que cubre la fuente en ese municipio",
                "First day the source covers there",
            ),
            _c("date_to", "DATE", "", "Último día que cubre", "Last day it covers"),
        ),
    ),
    Table(
        "intersection",
        "Intersecciones (nomenclátor)",
        "Intersections (gazetteer)",
        (
            _c(
                "name",
                "VARCHAR",
                "",
                'Nombre de la intersección como lo publica la fuente ("A con B")',
                'Intersection name as published ("A con B")',
            ),
            _c(
                "name_key",
                "VARCHAR",
                "",
                "Las dos calles normalizadas y en orden alfabético: así se ubican los siniestros que solo dan la intersección",
                "The two streets normalised and sorted: how crash records that give only the intersection are placed",
            ),
            _c("lon", "DOUBLE", "grados", "Longitud (WGS 84)", "Longitude (WGS 84)"),
            _c("lat", "DOUBLE", "grados", "Latitud (WGS 84)", "Latitude (WGS 84)"),
            _GEOM,
            _GEOM_UTM,
            _SOURCE,
        ),
    ),
    Table(
        "crash_link",
        "Registros de un mismo siniestro en otra fuente",
        "Records of the same crash in another source",
        (
            _c(
                "crash_id",
                "BIGINT",
                "",
                "El siniestro contado que este registro también describe",
                "The counted crash this record also describes",
            ),
            _c("source", "VARCHAR", "", "Archivo del que viene este registro", "File this record came from"),
            _c(
                "occurred_at",
                "TIMESTAMP",
                "hora local",
                "Fecha y hora según este registro",
                "Date and time in this record",
            ),
            _c("time_known", "BOOLEAN", "", "El registro da la hora", "The record gives the time"),
            _c("severity", "VARCHAR", "", "Gravedad según este registro", "Severity in this record"),
            _c(
                "killed",
                "INTEGER",
                "personas",
                "Fallecidos según este registro (vacío: sin dato)",
                "Killed in this record (empty: not recorded)",
            ),
            _c(
                "injured",
                "INTEGER",
                "personas",
                "Lesionados según este registro (vacío: sin dato)",
                "Injured in this record (empty: not recorded)",
            ),
            _c("pedestrian", "BOOLEAN", "", "Involucra peatón", "Involves a pedestrian"),
            _c("cyclist", "BOOLEAN", "", "Involucra ciclista", "Involves a cyclist"),
            _c("motorcyclist", "BOOLEAN", "", "Involucra motociclista", "Involves a motorcyclist"),
            _c("crash_type", "VARCHAR", "", "Tipo de siniestro según este registro", "Crash type in this record"),
            _c("cause", "VARCHAR", "", "Causa según este registro", "Cause in this record"),
            _CVEGEO,
            _c("lon", "DOUBLE", "grados", "Longitud de este registro (WGS 84)", "Longitude of this record (WGS 84)"),
            _c("lat", "DOUBLE", "grados", "Latitud de este registro (WGS 84)", "Latitude of this record (WGS 84)"),
            _c(
                "placement",
                "VARCHAR",
                "",
                "Cómo se ubicó: point (coordenadas propias), exact o normalised (por el nombre de la intersección)",
                "How it was located: point (own coordinates), exact or normalised (by the intersection's name)",
            ),
            _c(
                "place_name",
                "VARCHAR",
                "",
                "Intersección del nomenclátor donde se ubicó (vacío: coordenadas propias)",
                "Gazetteer intersection it was placed at (empty: own coordinates)",
            ),
            _c(
                "distance_m",
                "DOUBLE",
                "m",
                "Distancia entre este registro y el siniestro contado",
                "Distance between this record and the counted crash",
            ),
            _c(
                "rule",
                "VARCHAR",
                "",
                "Por qué son el mismo siniestro (la regla aplicada)",
                "Why they are one crash (the rule applied)",
            ),
            _c(
                "was_counted",
                "BOOLEAN",
                "",
                "Verdadero: era el registro contado hasta que llegó uno más completo del mismo siniestro",
                "True: it was the counted record until a richer record of the same crash arrived",
            ),
            _c(
                "linked_by",
                "VARCHAR",
                "",
                "Importación (archivo) que hizo el vínculo",
                "Import (file) that made the link",
            ),
            _c("linked_at", "TIMESTAMP", "UTC", "Cuándo se hizo el vínculo", "When the link was made"),
        ),
    ),
    Table(
        "crash_record",
        "Número de cada registro de siniestro en su fuente",
        "Each crash record's number in its source",
        (
            _c("source", "VARCHAR", "", "Archivo del que viene el registro", "File the record came from"),
            _c(
                "record_id",
                "VARCHAR",
                "",
                "Número que la fuente da al registro (el Folio del portal estatal; no siempre único)",
                "Number the source gives the record (the state portal's Folio; not always unique)",
            ),
            _c("occurred_at", "TIMESTAMP", "hora local", "Fecha y hora del registro", "Date and time of the record"),
            _c("lon", "DOUBLE", "grados", "Longitud del registro (WGS 84)", "Longitude of the record (WGS 84)"),
            _c("lat", "DOUBLE", "grados", "Latitud del registro (WGS 84)", "Latitude of the record (WGS 84)"),
            _c("crash_type", "VARCHAR", "", "Tipo de siniestro del registro", "Crash type of the record"),
            _c("cause", "VARCHAR", "", "Causa del registro", "Cause of the record"),
            _c("killed", "INTEGER", "personas", "Fallecidos (vacío: sin dato)", "Killed (empty: not recorded)"),
            _c("injured", "INTEGER", "personas", "Lesionados (vacío: sin dato)", "Injured (empty: not recorded)"),
        ),
    ),
    Table(
        "crash_placement",
        "Ubicación de siniestros por nombre de intersección",
        "Crashes placed by intersection name",
        (
            _c("crash_id", "BIGINT", "", "Identificador del siniestro", "Crash identifier"),
            _c("source", "VARCHAR", "", "Archivo del que viene el registro", "File the record came from"),
            _c(
                "method",
                "VARCHAR",
                "",
                "exact: mismas calles, todas las palabras; normalised: sin tipo de calle, abreviaturas ni iniciales, "
                "solo si ninguna otra intersección comparte ese nombre",
                "exact: same streets, every word; normalised: street words, abbreviations or initials dropped, "
                "only where no other intersection shares that name",
            ),
            _c("score", "DOUBLE", "0-1", "Parecido de los nombres (1: exacto)", "Similarity of the names (1: exact)"),
            _c(
                "given_name",
                "VARCHAR",
                "",
                "La intersección como la escribe el archivo",
                "The intersection as the file writes it",
            ),
            _c(
                "place_name",
                "VARCHAR",
                "",
                "La intersección del nomenclátor elegida",
                "The gazetteer intersection chosen",
            ),
        ),
    ),
    Table(
        "import_issue",
        "Filas rechazadas o sin ubicar por importación",
        "Rows refused or not placed per import",
        (
            _c("source", "VARCHAR", "", "Archivo importado", "Imported file"),
            _c(
                "code",
                "VARCHAR",
                "",
                "Motivo (unmatched, ambiguous, weak, outside_municipality, date, …)",
                "Reason (unmatched, ambiguous, weak, outside_municipality, date, …)",
            ),
            _c(
                "value",
                "VARCHAR",
                "",
                "Nombre sin ubicar (vacío: todas las filas del motivo)",
                "Name not placed (empty: every row of the reason)",
            ),
            _c(
                "candidates",
                "VARCHAR",
                "",
                "Intersecciones que podría ser, separadas por ' | '",
                "Intersections it could be, separated by ' | '",
            ),
            _c("n", "BIGINT", "filas", "Filas", "Rows"),
        ),
    ),
    Table(
        "traffic_count",
        "Conteos de personas y vehículos",
        "Counts of people and vehicles",
        (
            _c("site", "VARCHAR", "", "Sitio de conteo (cámara, aforo manual)", "Counting site (camera, manual count)"),
            _c("count_date", "DATE", "", "Día del conteo", "Day counted"),
            _c(
                "hour",
                "INTEGER",
                "hora",
                "Hora del día (0-23); vacío: total del día",
                "Hour of day (0-23); empty: whole-day total",
            ),
            _c(
                "pedestrians",
                "INTEGER",
                "personas",
                "Peatones que pasaron; vacío: no contados",
                "Pedestrians passing; empty: not counted",
            ),
            _c("women", "INTEGER", "personas", "De ellos, mujeres", "Of them, women"),
            _c("men", "INTEGER", "personas", "De ellos, hombres", "Of them, men"),
            _c("children", "INTEGER", "personas", "De ellos, niñas y niños", "Of them, children"),
            _c("cyclists", "INTEGER", "personas", "Ciclistas que pasaron", "Cyclists passing"),
            _c("motorcyclists", "INTEGER", "vehículos", "Motocicletas que pasaron", "Motorcycles passing"),
            _c("vehicles", "INTEGER", "vehículos", "Vehículos de motor que pasaron", "Motor vehicles passing"),
            _c("lon", "DOUBLE", "grados", "Longitud del sitio (WGS 84)", "Site longitude (WGS 84)"),
            _c("lat", "DOUBLE", "grados", "Latitud del sitio (WGS 84)", "Site latitude (WGS 84)"),
            _GEOM,
            _GEOM_UTM,
            _SOURCE,
        ),
    ),
    Table(
        "transit_line",
        "Líneas de transporte masivo",
        "Transit lines",
        (
            _c("line_id", "VARCHAR", "", "Identificador de la línea", "Line identifier"),
            _c("name", "VARCHAR", "", "Nombre", "Name"),
            _c("mode", "VARCHAR", "", "Modo: metro o brt (Ecovía)", "Mode: metro or brt"),
            _c(
                "status",
                "VARCHAR",
                "",
                "operating (en operación) o under_construction (en construcción)",
                "operating or under_construction",
            ),
            _c("color", "VARCHAR", "", "Color de la línea (hex)", "Line colour (hex)"),
            _c("length_m", "DOUBLE", "m", "Longitud en UTM 14N", "Length in UTM 14N"),
            _c("approximate", "BOOLEAN", "", "El trazo es aproximado", "The line is approximate"),
            _GEOM,
            _GEOM_UTM,
        ),
    ),
    Table(
        "transit_station",
        "Estaciones",
        "Stations",
        (
            _c("station_id", "VARCHAR", "", "Identificador de la estación", "Station identifier"),
            _c("line_id", "VARCHAR", "", "Línea a la que pertenece", "Line"),
            _c("name", "VARCHAR", "", "Nombre", "Name"),
            _c("seq", "INTEGER", "", "Orden en la línea", "Order along the line"),
            _GEOM,
            _GEOM_UTM,
        ),
    ),
    Table(
        "participation_event",
        "Eventos de participación",
        "Participation events",
        (
            _c("event_id", "VARCHAR", "", "Identificador del evento", "Event identifier"),
            _c("event_date", "DATE", "", "Fecha", "Date"),
            _c(
                "kind",
                "VARCHAR",
                "",
                "Tipo: taller, consulta, recorrido, diálogo abierto, presentación",
                "Kind: workshop, consultation, walk, open dialogue, presentation",
            ),
            _c("title", "VARCHAR", "", "Título", "Title"),
            _CORRIDOR_ID,
            _CVEGEO,
            _c("place", "VARCHAR", "", "Lugar", "Place"),
            _c("participants_total", "INTEGER", "personas", "Total de participantes", "Total participants"),
            _c("women", "INTEGER", "personas", "Mujeres", "Women"),
            _c("men", "INTEGER", "personas", "Hombres", "Men"),
            _c("gender_other", "INTEGER", "personas", "Otra identidad o no declarada", "Other gender or not stated"),
            _c("children", "INTEGER", "personas", "Niñas y niños (0–11 años)", "Children (0–11)"),
            _c("adolescents", "INTEGER", "personas", "Adolescentes (12–17 años)", "Adolescents (12–17)"),
            _c("adults", "INTEGER", "personas", "Personas adultas (18–59 años)", "Adults (18–59)"),
            _c("older_adults", "INTEGER", "personas", "Personas adultas mayores (60+ años)", "Older adults (60+)"),
            _c("with_disability", "INTEGER", "personas", "Personas con discapacidad", "People with disability"),
            _GEOM,
            _GEOM_UTM,
            _SOURCE,
        ),
    ),
    Table(
        "participation_comment",
        "Comentarios ciudadanos",
        "Citizen comments",
        (
            _c("comment_id", "VARCHAR", "", "Identificador del comentario", "Comment identifier"),
            _c("event_id", "VARCHAR", "", "Evento donde se recibió (si aplica)", "Event where it was received"),
            _CORRIDOR_ID,
            _CVEGEO,
            _c("comment_date", "DATE", "", "Fecha", "Date"),
            _c("topic", "VARCHAR", "", "Tema", "Topic"),
            _c(
                "text",
                "VARCHAR",
                "",
                "Texto del comentario (se muestra siempre como texto)",
                "Comment text (always rendered as text)",
            ),
            _c("reply_text", "VARCHAR", "", "Respuesta oficial", "Official reply"),
            _c("reply_date", "DATE", "", "Fecha de la respuesta", "Reply date"),
            _c("replied_by", "VARCHAR", "", "Institución que respondió", "Replying institution"),
            _GEOM,
            _SOURCE,
        ),
    ),
    Table(
        "commitment",
        "Compromisos OGP",
        "OGP commitments",
        (
            _c(
                "commitment_id",
                "VARCHAR",
                "",
                "Clave del compromiso: la de OGP si se publicó, si no NLA- y su lugar en el plan",
                "Commitment key: the OGP id where published, else NLA- and its place in the plan",
            ),
            _c(
                "plan_slot",
                "VARCHAR",
                "",
                "Lugar en el plan: T1–T2 transversales, S1–S2 estatales, M1–M4 municipales",
                "Place in the plan: T1–T2 transversal, S1–S2 state, M1–M4 municipal",
            ),
            _c("ogp_id", "VARCHAR", "", "Clave OGP (vacía: no localizada)", "OGP id (empty: not found)"),
            _c(
                "title_es",
                "VARCHAR",
                "",
                "Título en español (vacío: no publicado)",
                "Spanish title (empty: not published)",
            ),
            _c(
                "title_en",
                "VARCHAR",
                "",
                "Título en inglés (vacío: no publicado)",
                "English title (empty: not published)",
            ),
            _c(
                "scope",
                "VARCHAR",
                "",
                "Alcance: transversal, estatal o municipal",
                "Scope: transversal, state or municipal",
            ),
            _c("jurisdiction", "VARCHAR", "", "Gobierno(s) que lo asumen", "Government(s) that made it"),
            _c("starts_on", "DATE", "", "Inicio (vacío: no publicado)", "Start (empty: not published)"),
            _c("ends_on", "DATE", "", "Fin (vacío: no publicado)", "End (empty: not published)"),
            _c(
                "institutions",
                "VARCHAR",
                "",
                "Instituciones responsables (vacío: no publicadas)",
                "Responsible institutions (empty: not published)",
            ),
            _c("url", "VARCHAR", "", "Enlace a la ficha pública", "Link to the public page"),
            _c(
                "eoc_url",
                "VARCHAR",
                "",
                "Informe de fin de compromiso (OGP)",
                "End-of-Commitment report (OGP)",
            ),
            _c(
                "inception_es",
                "VARCHAR",
                "",
                "Valoración del informe inicial de OGP, en español (vacía: no disponible)",
                "OGP Inception Report assessment, in Spanish (empty: not available)",
            ),
            _c(
                "inception_en",
                "VARCHAR",
                "",
                "Valoración del informe inicial de OGP, en inglés",
                "OGP Inception Report assessment, in English",
            ),
            _c("summary_es", "VARCHAR", "", "Qué promete, en español", "What it promises, in Spanish"),
            _c("summary_en", "VARCHAR", "", "Qué promete, en inglés", "What it promises, in English"),
        ),
    ),
    Table(
        "milestone",
        "Hitos de los compromisos",
        "Commitment milestones",
        (
            _c("milestone_id", "VARCHAR", "", "Identificador del hito", "Milestone identifier"),
            _c("commitment_id", "VARCHAR", "", "Compromiso al que pertenece", "Commitment"),
            _c("seq", "INTEGER", "", "Número de hito", "Milestone number"),
            _c("title_es", "VARCHAR", "", "Título en español", "Spanish title"),
            _c("title_en", "VARCHAR", "", "Título en inglés", "English title"),
            _c("responsible", "VARCHAR", "", "Institución responsable", "Responsible institution"),
            _c("planned_start", "DATE", "", "Inicio planeado", "Planned start"),
            _c("planned_end", "DATE", "", "Fin planeado", "Planned end"),
            _c("actual_start", "DATE", "", "Inicio real", "Actual start"),
            _c("actual_end", "DATE", "", "Fin real", "Actual end"),
            _c(
                "status",
                "VARCHAR",
                "",
                "Estado OGP: not_started, in_progress, stuck, finished, incomplete",
                "OGP status",
            ),
            _c(
                "status_since", "DATE", "", "Fecha desde la que tiene el estado actual", "Date the current status began"
            ),
            _c(
                "stuck_reason",
                "VARCHAR",
                "",
                "Motivo cuando está atorado o incompleto",
                "Reason when stuck or incomplete",
            ),
            _c("evidence_url", "VARCHAR", "", "Enlace a la evidencia", "Evidence link"),
            _c(
                "sample_status",
                "BOOLEAN",
                "",
                "El estado es de muestra (el real no se publicó)",
                "Status is sample data",
            ),
        ),
    ),
    Table(
        "milestone_status_history",
        "Historial de estados de los hitos",
        "Milestone status history",
        (
            _c("milestone_id", "VARCHAR", "", "Hito", "Milestone"),
            _c("changed_on", "DATE", "", "Fecha del cambio", "Change date"),
            _c("status", "VARCHAR", "", "Nuevo estado", "New status"),
            _c("note", "VARCHAR", "", "Nota del cambio", "Change note"),
        ),
    ),
    Table(
        "import_log",
        "Bitácora de cargas",
        "Import log",
        (
            _c("import_id", "INTEGER", "", "Número de carga", "Import number"),
            _c("kind", "VARCHAR", "", "Tipo de datos cargados", "Kind of data"),
            _c("file_name", "VARCHAR", "", "Nombre del archivo", "File name"),
            _c("checksum_sha256", "VARCHAR", "", "Huella SHA-256 del archivo", "SHA-256 of the file"),
            _c("rows_accepted", "BIGINT", "filas", "Filas aceptadas", "Rows accepted"),
            _c("rows_rejected", "BIGINT", "filas", "Filas rechazadas", "Rows rejected"),
            _c("imported_at", "TIMESTAMP", "UTC", "Momento de la carga", "When"),
            _c("imported_by", "VARCHAR", "", "Quién la hizo", "Who"),
            _c(
                "dataset_version",
                "VARCHAR",
                "",
                "Versión del conjunto de datos tras la carga",
                "Dataset version after the import",
            ),
            _c("note", "VARCHAR", "", "Nota", "Note"),
        ),
    ),
    Table(
        "portal_sync",
        "Sincronización con el portal de datos abiertos del Estado",
        "Sync with the state open-data portal",
        (
            _c(
                "dataset_id",
                "VARCHAR",
                "",
                "Identificador del conjunto de datos en el portal",
                "The portal's dataset id",
            ),
            _c("source", "VARCHAR", "", "Archivo con el que se cargó", "File name it was imported as"),
            _c("url", "VARCHAR", "", "Dirección de la exportación", "The export's address"),
            _c("modified", "VARCHAR", "", "Última modificación según el portal", "Last modified, per the portal"),
            _c("records", "BIGINT", "registros", "Registros según el portal", "Records, per the portal"),
            _c("sha256", "VARCHAR", "", "SHA-256 de la última exportación", "SHA-256 of the last export"),
            _c("synced_at", "TIMESTAMP", "UTC", "Cuándo se sincronizó", "When it was synced"),
            _c(
                "status",
                "VARCHAR",
                "",
                "updated: cargado; unchanged: sin novedades; failed: falló (ver reason)",
                "updated: imported; unchanged: nothing new; failed: see reason",
            ),
            _c("added", "BIGINT", "registros", "Registros nuevos", "Records added"),
            _c("changed", "BIGINT", "registros", "Registros corregidos", "Records changed"),
            _c("removed", "BIGINT", "registros", "Registros retirados", "Records removed"),
            _c("reason", "VARCHAR", "", "Por qué falló, o qué dijo la carga", "Why it failed, or what the import said"),
        ),
    ),
    Table(
        "crash_corridor",
        "Siniestros cerca de cada corredor (calculado)",
        "Crashes near each corridor (derived)",
        (
            _c("crash_id", "BIGINT", "", "Identificador del siniestro", "Crash identifier"),
            _c("corridor_id", "VARCHAR", "", "Corredor", "Corridor"),
            _c(
                "distance_m",
                "DOUBLE",
                "m",
                "Distancia del siniestro al trazo del corredor, en UTM 14N (hasta 300 m)",
                "Distance from the crash to the corridor's line, in UTM 14N (up to 300 m)",
            ),
            _c("occurred_at", "TIMESTAMP", "hora local", "Fecha y hora del siniestro", "Date and time of the crash"),
            _c("severity", "VARCHAR", "", "Gravedad del siniestro", "Crash severity"),
            _c("pedestrian", "BOOLEAN", "", "Hubo peatón involucrado", "A pedestrian was involved"),
            _c("cyclist", "BOOLEAN", "", "Hubo ciclista involucrado", "A cyclist was involved"),
            _c("motorcyclist", "BOOLEAN", "", "Hubo motociclista involucrado", "A motorcyclist was involved"),
            _c("lon", "DOUBLE", "grados", "Longitud (WGS 84)", "Longitude (WGS 84)"),
            _c("lat", "DOUBLE", "grados", "Latitud (WGS 84)", "Latitude (WGS 84)"),
            _c(
                "cvegeo",
                "VARCHAR",
                "",
                "Municipio del siniestro (clave INEGI)",
                "Municipality of the crash (INEGI code)",
            ),
        ),
    ),
    Table(
        "corridor_display",
        "Trazo de cada corredor para los mapas (calculado)",
        "Each corridor's line as maps draw it (derived)",
        (
            _c("corridor_id", "VARCHAR", "", "Corredor", "Corridor"),
            _c(
                "tolerance_m",
                "DOUBLE",
                "m",
                "Tolerancia de la simplificación (ST_SimplifyPreserveTopology en UTM 14N)",
                "Simplification tolerance (ST_SimplifyPreserveTopology in UTM 14N)",
            ),
            _c("vertices", "INTEGER", "", "Vértices del trazo simplificado", "Vertices of the simplified line"),
            _c(
                "geom",
                "GEOMETRY",
                "EPSG:4326 (lon, lat)",
                "Trazo simplificado, coordenadas redondeadas a 1e-6 grados; el exacto está en corridor.geom",
                "Simplified line, coordinates rounded to 1e-6 degrees; the exact one is corridor.geom",
            ),
        ),
    ),
    Table(
        "crash_day_count",
        "Siniestros por día (calculado)",
        "Crashes per day (derived)",
        (
            _c("day", "DATE", "", "Día", "Day"),
            *_COUNTED,
        ),
    ),
    Table(
        "crash_month_cell",
        "Siniestros por mes y celda de 400 m (calculado)",
        "Crashes per month and 400 m cell (derived)",
        (
            _c("month", "DATE", "", "Primer día del mes", "First day of the month"),
            _c("cx", "INTEGER", "", "Columna de la celda: floor(x / 400)", "Cell column: floor(x / 400)"),
            _c("cy", "INTEGER", "", "Fila de la celda: floor(y / 400)", "Cell row: floor(y / 400)"),
            *_COUNTED,
        ),
    ),
    Table(
        "crash_year_cell",
        "Siniestros por año y celda de 100 m (calculado)",
        "Crashes per year and 100 m cell (derived)",
        (
            _c("year", "INTEGER", "", "Año", "Year"),
            _c("cx", "BIGINT", "", "Columna de la celda: floor(x / 100)", "Cell column: floor(x / 100)"),
            _c("cy", "BIGINT", "", "Fila de la celda: floor(y / 100)", "Cell row: floor(y / 100)"),
            *_COUNTED,
        ),
    ),
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def rows(lang: str = "es") -> list[dict[str, str]]:
    """The dictionary as flat rows, for display and download."""
    head = text.words("dictionary", lang)
    return [
        {
            head["table"]: t.name,
            head["column"]: c.name,
            head["type"]: c.type,
            head["unit"]: c.unit,
            head["meaning"]: text.choose(lang, c.meaning_es, c.meaning_en),
        }
        for t in TABLES
        for c in t.columns
    ]
