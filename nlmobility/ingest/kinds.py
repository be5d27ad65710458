"""What each import kind expects: target fields, recognised column names, types and rules.

Column names are matched after normalising (lower case, accents and punctuation removed), so
``Año``, ``ano`` and ``AÑO`` all match ``anio``. ``--map columna=campo`` overrides recognition.

Derived fields (documented in the README):
* crash severity: ``fatal`` when killed > 0, else ``injury`` when injured > 0, else ``damage``;
* crash road users: pedestrian when the crash type mentions atropello/peatón, cyclist when it
  mentions ciclista/bicicleta, motorcyclist when it mentions moto;
* crash time: ``fecha`` + ``hora``, or ``año``/``mes``/``día`` columns, or one timestamp column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from nlmobility.ingest import inserts, rules
from nlmobility.ingest.rules import (
    CODES,
    CORRIDOR_STATUSES,
    LINE_STATUSES,
    MILESTONE_STATUSES,
    norm,
)
from nlmobility.text.messages import Msg


@dataclass(frozen=True)
class Field:
    """One target field: name, type, the column names that mean it, whether it is required, its length limit."""

    name: str
    type: str  # text, int, float, date, time, datetime, bool, code, url, color
    aliases: tuple[str, ...] = ()
    required: bool = False
    max_len: int = 2000
    #: plausible range of a number (a value outside is a typing error, not data)
    max_value: float | None = None


@dataclass(frozen=True)
class Kind:
    """One import kind: its fields, key and geometry, and its own rules and insert.

    ``required_rule`` lists the missing columns that alternative columns could stand for (it
    replaces the plain required check of the fields in ``required_by_rule``); ``row_rule`` checks
    and completes each parsed row (raising ``rules.RowError``); ``insert`` writes the registered
    frame ``imp`` into ``table``.
    """

    name: str
    table: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # natural key: re-importing the same rows adds nothing
    insert: inserts.Insert
    geometry: str | None = None  # point, line, polygon
    geometry_required: bool = False
    upsert: bool = False  # rows with an existing key replace it (reference data)
    row_rule: rules.RowRule | None = None
    required_rule: Callable[[set[str]], list[str]] | None = None
    required_by_rule: tuple[str, ...] = ()
    #: after the rows are in: records what the file covers (source, optional period) and returns report notes
    coverage: Callable[[duckdb.DuckDBPyConnection, str, tuple[dt.date, dt.date] | None], list[str]] | None = None
    #: places a row before its geometry is checked (crash records that give only an intersection)
    locate: rules.RowRule | None = None
    #: drops mapped columns that must not be read (returns the kept mapping and notes for the report)
    column_rule: Callable[[dict[str, str]], tuple[dict[str, str], list[Msg]]] | None = None
    #: records without an identifier: a duplicate inside a file is a repeated whole row, not a repeated key
    duplicates_by_whole_row: bool = False
    #: the point may come from the import's context instead of the file (a count site given with --site)
    point_from_context: bool = False
    #: foreign keys: (field, table, column) that must exist in the database (or earlier in the same file)
    references: tuple[tuple[str, str, str], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


F = Field
LAT = F("lat", "float", ("lat", "latitud", "latitude", "y", "coord_y"))
LON = F("lon", "float", ("lon", "lng", "long", "longitud", "longitude", "x", "coord_x"))
#: Both coordinates in one column, as the state open-data portal publishes them ("25.768185, -100.248738").
LATLON = F(
    "latlon",
    "latlon",
    ("georreferencia", "coordenadas", "coordinates", "lat_lon", "latlon", "ubicacion_gps"),
    max_len=80,
)

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "crashes",
            "crash",
            (
                F("occurred_at", "datetime", ("occurred_at", "fecha_hora", "datetime", "timestamp")),
                F("date", "date", ("fecha", "date", "fecha_accidente", "fecha_siniestro")),
                F("time", "time", ("hora", "time", "hora_accidente")),
                F("year", "int", ("anio", "ano", "year"), max_value=2100),
                F("month", "int", ("mes", "month"), max_value=12),
                F("day", "int", ("dia", "day"), max_value=31),
                LAT,
                LON,
                LATLON,
                F("killed", "int", ("fallecidos", "muertos", "killed", "deaths", "occisos"), max_value=200),
                F("injured", "int", ("lesionados", "heridos", "injured", "injuries"), max_value=1_000),
                F("severity", "code", ("severity", "gravedad", "severidad")),
                F("crash_type", "text", ("tipo_accidente", "tipo", "crash_type", "tipo_de_accidente"), max_len=200),
                F("intersection", "text", ("interseccion", "intersection", "cruce", "crucero"), max_len=300),
                F("cvegeo", "code", ("cvegeo", "municipio_clave", "clave_municipio")),
                F("cause", "text", ("causa_accidente", "causa", "cause"), max_len=200),
                F("pedestrian", "bool", ("pedestrian", "peaton")),
                F("cyclist", "bool", ("cyclist", "ciclista")),
                F("motorcyclist", "bool", ("motorcyclist", "motociclista")),
                # the source's own number of the record (the state portal's Folio): pairs a corrected record
                # with its earlier version (ingest/versions.py); never part of the key nor of a duplicate
                F("record_id", "code", ("folio", "record_id", "id_registro"), max_len=100),
            ),
            key=("occurred_at", "lon", "lat", "crash_type", "cause", "killed", "injured"),
            insert=inserts.crashes,
            geometry="point",
            geometry_required=True,
            row_rule=rules.crash_row,
            locate=rules.locate_by_intersection,
            coverage=inserts.crash_coverage,
            duplicates_by_whole_row=True,
            references=(("cvegeo", "municipality", "cvegeo"),),
            column_rule=rules.crash_columns,
            required_rule=rules.crash_required,
        ),
        Kind(
            "municipalities",
            "municipality",
            (
                F("cvegeo", "code", ("cvegeo", "clave", "clave_inegi", "cve_geo"), required=True),
                F("cve_ent", "code", ("cve_ent",)),
                F("cve_mun", "code", ("cve_mun",)),
                F("name", "text", ("nomgeo", "nombre", "name", "municipio", "nom_mun"), required=True, max_len=200),
                F("population", "int", ("poblacion", "pob", "population", "pobtot"), max_value=20_000_000),
            ),
            key=("cvegeo",),
            insert=inserts.municipalities,
            geometry="polygon",
            geometry_required=True,
            upsert=True,
            row_rule=rules.municipality_row,
            required_rule=rules.municipality_required,
            required_by_rule=("cvegeo",),
        ),
        Kind(
            "corridors",
            "corridor",
            (
                F("corridor_id", "code", ("corridor_id", "id", "clave"), required=True),
                F("name", "text", ("name", "nombre"), required=True, max_len=200),
                F("cvegeo", "code", ("cvegeo", "municipio_clave", "cve_mun"), required=True),
                F("status", "code", ("status", "estado", "estatus"), required=True),
                F("works_start", "date", ("works_start", "inicio_obra")),
                F("works_end", "date", ("works_end", "fin_obra")),
                F("opening_date", "date", ("opening_date", "apertura", "fecha_apertura")),
                F("budget_mxn", "float", ("budget_mxn", "presupuesto", "budget"), max_value=1e11),
                F("description", "text", ("description", "descripcion")),
                F("progress_pct", "float", ("progress_pct", "avance_fisico", "avance", "progress"), max_value=100),
            ),
            key=("corridor_id",),
            insert=inserts.corridors,
            references=(("cvegeo", "municipality", "cvegeo"),),
            geometry="line",
            geometry_required=True,
            upsert=True,
            row_rule=rules.corridor_row,
        ),
        Kind(
            "participation_events",
            "participation_event",
            (
                F("event_id", "code", ("event_id", "id", "evento", "id_evento"), required=True),
                F("event_date", "date", ("event_date", "fecha", "date"), required=True),
                F("kind", "text", ("kind", "tipo", "tipo_evento"), required=True, max_len=100),
                F("title", "text", ("title", "titulo", "nombre"), max_len=300),
                F("corridor_id", "code", ("corridor_id", "corredor")),
                F("cvegeo", "code", ("cvegeo", "municipio_clave", "cve_mun"), required=True),
                F("place", "text", ("place", "lugar", "sede"), max_len=300),
                F(
                    "participants_total",
                    "int",
                    ("participants_total", "participantes", "asistentes", "total"),
                    required=True,
                    max_value=100_000,
                ),
                F("women", "int", ("women", "mujeres"), max_value=100_000),
                F("men", "int", ("men", "hombres"), max_value=100_000),
                F("gender_other", "int", ("gender_other", "otro_genero", "otra_identidad"), max_value=100_000),
                F("children", "int", ("children", "ninas_y_ninos", "ninos", "infancias"), max_value=100_000),
                F("adolescents", "int", ("adolescents", "adolescentes"), max_value=100_000),
                F("adults", "int", ("adults", "adultos", "personas_adultas"), max_value=100_000),
                F(
                    "older_adults",
                    "int",
                    ("older_adults", "adultos_mayores", "personas_adultas_mayores"),
                    max_value=100_000,
                ),
                F("with_disability", "int", ("with_disability", "discapacidad", "con_discapacidad"), max_value=100_000),
                LAT,
                LON,
                LATLON,
            ),
            key=("event_id",),
            insert=inserts.participation_events,
            references=(("cvegeo", "municipality", "cvegeo"), ("corridor_id", "corridor", "corridor_id")),
            geometry="point",
            row_rule=rules.event_row,
        ),
        Kind(
            "participation_comments",
            "participation_comment",
            (
                F("comment_id", "code", ("comment_id", "id", "folio"), required=True),
                F("event_id", "code", ("event_id", "evento")),
                F("corridor_id", "code", ("corridor_id", "corredor")),
                F("cvegeo", "code", ("cvegeo", "municipio_clave")),
                F("comment_date", "date", ("comment_date", "fecha", "date"), required=True),
                F("topic", "text", ("topic", "tema"), required=True, max_len=100),
                F("text", "text", ("text", "texto", "comentario"), required=True),
                F("reply_text", "text", ("reply_text", "respuesta")),
                F("reply_date", "date", ("reply_date", "fecha_respuesta")),
                F("replied_by", "text", ("replied_by", "respondio", "institucion"), max_len=200),
                LAT,
                LON,
                LATLON,
            ),
            key=("comment_id",),
            insert=inserts.participation_comments,
            references=(
                ("event_id", "participation_event", "event_id"),
                ("corridor_id", "corridor", "corridor_id"),
                ("cvegeo", "municipality", "cvegeo"),
            ),
            row_rule=rules.comment_row,
            geometry="point",
        ),
        Kind(
            "milestones",
            "milestone",
            (
                F("milestone_id", "code", ("milestone_id", "id", "hito"), required=True),
                F("commitment_id", "code", ("commitment_id", "compromiso"), required=True),
                F("seq", "int", ("seq", "numero", "no"), required=True, max_value=10_000),
                F("title_es", "text", ("title_es", "titulo", "nombre"), required=True, max_len=300),
                F("title_en", "text", ("title_en", "title"), max_len=300),
                F("responsible", "text", ("responsible", "responsable"), required=True, max_len=300),
                F("planned_start", "date", ("planned_start", "inicio_planeado", "inicio"), required=True),
                F("planned_end", "date", ("planned_end", "fin_planeado", "fin"), required=True),
                F("actual_start", "date", ("actual_start", "inicio_real")),
                F("actual_end", "date", ("actual_end", "fin_real")),
                F("status", "code", ("status", "estado", "estatus"), required=True),
                F("status_since", "date", ("status_since", "fecha_estado", "desde"), required=True),
                F("stuck_reason", "text", ("stuck_reason", "motivo")),
                F("evidence_url", "url", ("evidence_url", "evidencia", "url"), max_len=500),
            ),
            key=("milestone_id",),
            insert=inserts.milestones,
            references=(("commitment_id", "commitment", "commitment_id"),),
            upsert=True,
            row_rule=rules.milestone_row,
        ),
        Kind(
            "transit_lines",
            "transit_line",
            (
                F("line_id", "code", ("line_id", "id", "linea"), required=True),
                F("name", "text", ("name", "nombre"), required=True, max_len=200),
                F("mode", "code", ("mode", "modo"), required=True),
                F("status", "code", ("status", "estado"), required=True),
                F("color", "color", ("color", "colour"), max_len=20),
            ),
            key=("line_id",),
            insert=inserts.transit_lines,
            geometry="line",
            geometry_required=True,
            upsert=True,
            row_rule=rules.transit_line_row,
        ),
        Kind(
            "transit_stations",
            "transit_station",
            (
                F("station_id", "code", ("station_id", "id", "estacion_id"), required=True),
                F("line_id", "code", ("line_id", "linea"), required=True),
                F("name", "text", ("name", "nombre", "estacion"), required=True, max_len=200),
                F("seq", "int", ("seq", "orden"), required=True, max_value=10_000),
                LAT,
                LON,
                LATLON,
            ),
            key=("station_id",),
            insert=inserts.transit_stations,
            references=(("line_id", "transit_line", "line_id"),),
            geometry="point",
            geometry_required=True,
            upsert=True,
        ),
        Kind(
            "intersections",
            "intersection",
            (
                F(
                    "name",
                    "text",
                    ("intersecciones", "interseccion", "cruce", "nombre", "name"),
                    required=True,
                    max_len=300,
                ),
                LAT,
                LON,
                LATLON,
            ),
            key=("name",),
            insert=inserts.intersections,
            geometry="point",
            geometry_required=True,
            upsert=True,
            row_rule=rules.intersection_row,
        ),
        Kind(
            "counts",
            "traffic_count",
            (
                F("site", "text", ("sitio", "site", "punto", "ubicacion", "camara", "estacion", "aforo"), max_len=300),
                F("count_date", "date", ("fecha", "dia", "date", "day", "fecha_conteo"), required=True),
                F("hour", "int", ("hora", "hour", "hora_inicio"), max_value=23),
                F("pedestrians", "int", ("peatones", "pedestrians", "peaton", "personas_a_pie"), max_value=1_000_000),
                F("women", "int", ("woman", "women", "mujeres", "mujer"), max_value=1_000_000),
                F("men", "int", ("man", "men", "hombres", "hombre"), max_value=1_000_000),
                F(
                    "children",
                    "int",
                    ("child", "children", "ninos", "ninas", "infancias", "menores"),
                    max_value=1_000_000,
                ),
                F(
                    "cyclists",
                    "int",
                    ("bicycle", "bicycles", "bicicletas", "bicicleta", "ciclistas", "cyclists"),
                    max_value=1_000_000,
                ),
                F(
                    "motorcyclists",
                    "int",
                    ("motorcycle", "motorcycles", "motos", "motocicletas", "motociclistas"),
                    max_value=1_000_000,
                ),
                F(
                    "vehicles",
                    "int",
                    ("autos", "vehiculos", "vehicles", "vehicle", "automoviles"),
                    max_value=10_000_000,
                ),
                LAT,
                LON,
                LATLON,
            ),
            key=("site", "count_date", "hour"),
            insert=inserts.counts,
            geometry="point",
            geometry_required=True,
            point_from_context=True,
            locate=rules.count_site,
            row_rule=rules.count_row,
        ),
    )
}

__all__ = [
    "CODES",
    "CORRIDOR_STATUSES",
    "KINDS",
    "LINE_STATUSES",
    "MILESTONE_STATUSES",
    "Field",
    "Kind",
    "norm",
    "resolve",
]


def resolve(kind: str) -> Kind:
    """The kind named ``kind`` (plural, singular table name or with hyphens); KeyError naming the kinds."""
    k = kind.strip().lower().replace("-", "_")
    if k not in KINDS:
        raise KeyError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    return KINDS[k]
