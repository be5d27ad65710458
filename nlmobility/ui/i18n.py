"""All user-facing text, Spanish first (default) and English: the one translation mechanism.

* Fixed text: pages never hold literal strings; they call :func:`t` with a key of :data:`TEXT`
  (a test checks that every key has both languages) and :func:`label` for coded values.
* Bilingual data: :func:`pick` takes a field in the user's language from anything that carries
  both (a DataFrame's ``title_es``/``title_en`` columns, a row, the data dictionary's titles, an
  import report's ``error``/``error_es``, whose messages are written once in both languages as
  ``ingest.messages.Msg``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

LANG_KEY = "nlm_lang"

TEXT: dict[str, tuple[str, str]] = {
    # Frame and navigation
    "app_title": ("Corredores Verdes", "Green Corridors"),
    "app_subtitle": (
        "Movilidad metropolitana activa e inclusiva · Nuevo León Abierto",
        "Active and inclusive metropolitan mobility · Nuevo León Abierto",
    ),
    "page_inicio": ("Inicio", "Home"),
    "page_mapa": ("Mapa de corredores", "Corridor map"),
    "embed_full_view": ("Abrir el tablero completo", "Open the full dashboard"),
    "old_schema": (
        "La base de datos `{path}` se hizo con una versión anterior del tablero (le falta: {problems}). Actualícela con `nlmobility upgrade --db {path}` (no se pierde nada) y recargue la página.",
        "The database `{path}` was made by an earlier version of the dashboard (it lacks: {problems}). Bring it up to date with `nlmobility upgrade --db {path}` (nothing is lost) and reload the page.",
    ),
    "chain_title": (
        "Ustedes dijeron → respondimos → hicimos → qué pasó",
        "You said → we answered → we did → what happened",
    ),
    "chain_said": ("1. Ustedes dijeron", "1. You said"),
    "chain_answered": ("2. Respondimos", "2. We answered"),
    "chain_did": ("3. Hicimos", "3. We did"),
    "chain_happened": ("4. Qué pasó", "4. What happened"),
    "chain_comments": ("Comentarios", "Comments"),
    "chain_workshops": ("Talleres y sesiones", "Workshops and sessions"),
    "chain_people": ("{n} personas", "{n} people"),
    "chain_people_one": ("1 persona", "1 person"),
    "chain_top_topics": ("Temas más mencionados", "Topics raised most"),
    "chain_replied": ("Con respuesta oficial", "With an official reply"),
    "chain_reply_days": ("Mediana de días para responder", "Median days to reply"),
    "chain_works_start": ("Inicio de obra", "Works start"),
    "chain_milestone": ("Hito {seq} ({what})", "Milestone {seq} ({what})"),
    "chain_crashes": ("Siniestros {severity} a {buffer} m", "Crashes ({severity}) within {buffer} m"),
    "chain_before": ("{months} meses antes de la obra", "{months} months before the works"),
    "chain_after": ("{months} meses después de la apertura", "{months} months after opening"),
    "chain_not_open": (
        "Aún no abre: el antes y después se medirá cuando cumpla {months} meses abierto.",
        "Not open yet: before and after will be measured once it has been open {months} months.",
    ),
    "chain_waiting": (
        "Ya abrió, pero aún no hay {months} meses de datos después de la apertura ({before} siniestros en los {months} meses antes de la obra).",
        "Open, but there are not yet {months} months of data after opening ({before} crashes in the {months} months before the works).",
    ),
    "chain_note": (
        "Es un orden en el tiempo, no una prueba de causa: otras cosas también cambian. {before} comentarios se hicieron antes de que empezara la obra, cuando el proyecto aún podía atenderlos.",
        "This is an order in time, not proof of cause: other things change too. {before} comments were made before the works started, when the project could still take them up.",
    ),
    "chain_topics": ("Tema por tema", "Topic by topic"),
    "chain_before_works": ("Antes de la obra", "Before the works"),
    "chain_latest_reply": ("Última respuesta oficial", "Latest official reply"),
    "chain_latest_reply_by": ("Respondió", "Replied by"),
    "embed_code_help": (
        "Para mostrar este mapa y esta ficha en otro sitio web (por ejemplo, el de la coalición), pegue este código en su página:",
        "To show this map and card on another website (the coalition's, for example), paste this code into its page:",
    ),
    "page_seguridad": ("Seguridad vial", "Road safety"),
    "page_participacion": ("Participación", "Participation"),
    "page_avance": ("Avance del compromiso", "Commitment progress"),
    "page_datos": ("Datos abiertos", "Open data"),
    "page_metodologia": ("Metodología", "Methodology"),
    "filters": ("Filtros", "Filters"),
    "language": ("Idioma / Language", "Idioma / Language"),
    "municipality": ("Municipio", "Municipality"),
    "all_municipalities": ("Toda la zona metropolitana", "Whole metropolitan area"),
    "corridor": ("Corredor", "Corridor"),
    "all_corridors": ("Todos los corredores", "All corridors"),
    "period": ("Periodo", "Period"),
    "severity": ("Gravedad", "Severity"),
    "mode": ("Persona usuaria", "Road user"),
    "buffer": ("Distancia al corredor (m)", "Distance to corridor (m)"),
    "share_link": ("Enlace para compartir esta vista", "Link to share this view"),
    "share_help": (
        "La dirección del navegador es la misma: conserva los filtros y fija la versión de datos.",
        "The browser address is the same: it keeps the filters and pins the data version.",
    ),
    "sev_all": ("Todas", "All"),
    "sev_victims": ("Con víctimas", "With victims"),
    "sev_fatal": ("Fatales", "Fatal"),
    "sev_injury": ("Con lesionados", "With injuries"),
    "sev_damage": ("Solo daños", "Damage only"),
    "sev_unknown": ("Sin dato", "Unknown"),
    "coverage": (
        "Registros de siniestros que cubren esta vista: {spans}.",
        "Crash records covering this view: {spans}.",
    ),
    "coverage_all": ("{n} municipios, del {start} al {end}", "{n} municipalities, {start} to {end}"),
    "partial_years": (
        "Años que los registros no cubren completos en esta zona: {years}. No se comparan con años completos (la tendencia anual los omite); elija un periodo de años completos para comparar.",
        "Years the records do not cover whole in this area: {years}. They are not compared with whole years (the yearly trend leaves them out); choose a period of whole years to compare.",
    ),
    "sev_unknown_note": (
        "{n} siniestros de esta zona y periodo no registran lesionados ni fallecidos (gravedad «sin dato»): no se cuentan en «{severity}».",
        "{n} crashes in this area and period record no injured or killed counts (severity unknown): they are not counted in “{severity}”.",
    ),
    "mode_all": ("Todas", "All"),
    "mode_pedestrian": ("Peatón", "Pedestrian"),
    "mode_cyclist": ("Ciclista", "Cyclist"),
    "mode_motorcyclist": ("Motociclista", "Motorcyclist"),
    "status_planned": ("Planeado", "Planned"),
    "status_in_works": ("En obra", "In works"),
    "status_finished": ("Terminado", "Finished"),
    "ms_not_started": ("No iniciado", "Not started"),
    "ms_in_progress": ("En progreso", "In progress"),
    "ms_stuck": ("Atorado", "Stuck"),
    "ms_finished": ("Finalizado", "Finished"),
    "ms_incomplete": ("Incompleto", "Incomplete"),
    "ms_unknown": ("Sin dato", "Unknown"),
    "ms_unknown_note": (
        "{n} de {total} hitos aún no tienen estado registrado (sin dato): no cuentan como finalizados ni como vencidos. Cargue el avance con `nlmobility import milestones ARCHIVO` o en Administración.",
        "{n} of {total} milestones have no recorded status yet (unknown): they count neither as finished nor as overdue. Load the progress with `nlmobility import milestones FILE` or on Administración.",
    ),
    "no_data_kind": (
        "Aún no hay datos de {what} en esta base. Cárguelos en Administración o con `nlmobility import {kind} ARCHIVO`.",
        "There are no {what} data in this database yet. Load them on Administración or with `nlmobility import {kind} FILE`.",
    ),
    "sample_notice": (
        "**Datos de muestra.** Estas cifras son sintéticas: se generaron para probar el tablero sobre la geografía real de la zona metropolitana. No describen siniestros, obras ni personas reales. Versión de datos: {version}.",
        "**Sample data.** These figures are synthetic: generated to exercise the dashboard on the real geography of the metropolitan area. They do not describe real crashes, works or people. Data version: {version}.",
    ),
    "invalid_params": (
        "Algunos valores del enlace no son válidos y se usaron los valores por omisión: {names}.",
        "Some link values were not valid and defaults were used instead: {names}.",
    ),
    "version_pinned": (
        "Este enlace fija los datos como estaban en la versión «{old}»: las cifras de esta página son las de entonces. La versión actual es «{new}».",
        "This link pins the data as they were at version «{old}»: the figures on this page are those of then. The current version is «{new}».",
    ),
    "see_current": ("Ver los datos actuales", "See the current data"),
    "version_changed": (
        "El enlace se creó con la versión de datos «{old}»; ahora se muestra la versión «{new}».",
        "The link was made with data version «{old}»; version «{new}» is shown now.",
    ),
    "mixed_notice": (
        "**Datos mixtos.** Estas cifras combinan los datos de muestra sintéticos con datos reales importados ({sources}): no describen la realidad ni son solo muestra. Versión de datos: {version}.",
        "**Mixed data.** These figures combine the synthetic sample with imported real data ({sources}): they neither describe reality nor are only a sample. Data version: {version}.",
    ),
    "admin_mix": (
        "Mezclar con los datos de muestra (las páginas dirán «mixto»)",
        "Mix with the sample data (pages will say 'mixed')",
    ),
    "data_date": ("Datos al {date}", "Data as of {date}"),
    "sample_short": (
        "**Datos de muestra** (sintéticos: no describen siniestros, obras ni personas reales) · versión {version} · datos al {date}",
        "**Sample data** (synthetic: not real crashes, works or people) · version {version} · data as of {date}",
    ),
    "mixed_short": (
        "**Datos mixtos:** muestra sintética con datos reales ({sources}) · versión {version} · datos al {date}",
        "**Mixed data:** synthetic sample with real data ({sources}) · version {version} · data as of {date}",
    ),
    "real_short": (
        "**Datos reales:** {sources} · versión {version} · datos al {date}",
        "**Real data:** {sources} · version {version} · data as of {date}",
    ),
    "data_sources_help": (
        "Las fuentes, sus licencias y el periodo que cubren están en Datos abiertos.",
        "Sources, their licences and the period they cover are on Open data.",
    ),
    "link_is_local_short": ("Solo abre en esta computadora", "Opens only on this computer"),
    "public_url_invalid": (
        "La dirección pública configurada no es válida ({error}); los enlaces usan la dirección de este navegador.",
        "The configured public address is not valid ({error}); links use this browser's address.",
    ),
    "link_is_local": (
        "Este enlace y su código QR solo abren en esta computadora (localhost): los teléfonos de la sala no podrán abrirlos. "
        "Abra el tablero con la dirección de red de esta computadora o configure {var} con la dirección pública.",
        "This link and its QR code only open on this computer (localhost): phones in the room cannot open them. "
        "Open the dashboard with this computer's network address or set {var} to the public address.",
    ),
    "taller_commitment": (
        "Compromiso Corredores Verdes: {done} de {total} hitos terminados, {stuck} detenidos (página Avance).",
        "Green Corridors commitment: {done} of {total} milestones finished, {stuck} stuck (Progress page).",
    ),
    "works_progress": ("Avance físico de la obra", "Physical progress of the works"),
    "works_progress_help": (
        "Porcentaje de la obra construida según el último informe publicado; «—» si no se ha publicado.",
        "Share of the works built according to the latest published report; '—' where none was published.",
    ),
    "works_planned_end": ("Fin de obra previsto", "Planned end of works"),
    "step_workshop": ("Taller o consulta", "Workshop or consultation"),
    "step_contract": ("Contrato firmado", "Contract signed"),
    "step_works_start": ("Inicio de obra", "Works start"),
    "step_works_end": ("Fin de obra", "Works end"),
    "step_opening": ("Apertura", "Opening"),
    "step_state_done": ("hecho", "done"),
    "step_state_planned": ("previsto", "planned"),
    "step_state_overdue": ("vencido", "overdue"),
    "step_state_unknown": ("fecha no publicada", "date not published"),
    "legend_river": ("Río Santa Catarina", "Santa Catarina river"),
    "basemap_problem": (
        "El mapa base configurado no se puede usar ({problem}); los mapas usan el mapa integrado.",
        "The configured basemap cannot be used ({problem}); maps use the built-in one.",
    ),
    "legend_crash_points": ("Siniestros cerca del corredor", "Crashes near the corridor"),
    "legend_crash_density": ("Densidad de siniestros", "Crash density"),
    "legend_fewer": ("menos", "fewer"),
    "legend_more": ("más", "more"),
    "wf_no_people": (
        "Escriba cuántas personas participaron (mujeres, hombres u otra identidad).",
        "Enter how many people took part (women, men or another identity).",
    ),
    "wf_ages_sum": (
        "Por edad suman {ages} personas, pero por género suman {total}: deben ser las mismas personas. Revise los números (deje las edades en 0 si no las registró).",
        "By age they add up to {ages} people but by gender to {total}: they must be the same people. Check the numbers (leave ages at 0 if you did not record them).",
    ),
    "wf_disability_sum": (
        "Las personas con discapacidad ({n}) no pueden ser más que las participantes ({total}).",
        "People with a disability ({n}) cannot be more than the participants ({total}).",
    ),
    "wf_future": ("La fecha {date} es posterior a hoy.", "The date {date} is after today."),
    "wf_point_clear": ("Quitar el punto", "Remove the point"),
    "wf_not_saved": ("No se guardó el taller:", "The workshop was not saved:"),
    "wf_point": ("Lugar en el mapa (opcional)", "Place on the map (optional)"),
    "wf_point_help": (
        "Toque el mapa donde fue el taller, o escriba la longitud y la latitud. Sin punto, el taller se ubica en su corredor o municipio.",
        "Tap the map where the workshop took place, or type longitude and latitude. Without a point, the workshop is placed at its corridor or municipality.",
    ),
    "phone_rows": (
        "Se muestran las primeras {n} de {total} filas; la tabla completa está en Datos abiertos o en una pantalla más ancha.",
        "The first {n} of {total} rows are shown; the whole table is on Open data or on a wider screen.",
    ),
    "oc4ids_title": ("Corredores en formato OC4IDS", "Corridors in OC4IDS"),
    "oc4ids_text": (
        "Un proyecto por corredor en el Estándar de Datos para Contrataciones Abiertas en Infraestructura (OC4IDS 0.9): estado, trazo, presupuesto, contratos y proveedores, documentos, hitos (incluidos los talleres como participación) y avance físico. Lo que la base no tiene se omite, nunca se pone en cero; el paquete dice si los datos son de muestra, reales o mixtos.",
        "One project per corridor in the Open Contracting for Infrastructure Data Standard (OC4IDS 0.9): status, line, budget, contracts and suppliers, documents, milestones (workshops as engagement) and physical progress. What the database does not hold is left out, never set to zero; the package says whether the data are sample, real or mixed.",
    ),
    "oc4ids_download": ("Descargar corredores-oc4ids.json", "Download corredores-oc4ids.json"),
    "od_datapackage": (
        "datapackage.json (qué significa cada columna, su tipo, unidad, licencia y fuente)",
        "datapackage.json (what each column means, its type, unit, licence and source)",
    ),
    "feed_link": (
        "Novedades (Atom): hitos, obras y versiones de datos",
        "What changed (Atom): milestones, works and data versions",
    ),
    "share": ("Compartir", "Share"),
    "copy_link": ("Copiar enlace", "Copy link"),
    "near_mun_none": ("Este municipio no tiene corredores.", "This municipality has no corridors."),
    "copied": ("Enlace copiado", "Link copied"),
    "share_card_help": (
        "Este enlace abre el mapa con la ficha de este corredor y los mismos filtros.",
        "This link opens the map with this corridor's card and the same filters.",
    ),
    "share_qr_alt": ("Código QR con el enlace a la ficha del corredor", "QR code with the link to the corridor card"),
    "share_qr": ("Ficha en el teléfono", "Card on a phone"),
    "taller_more": ("Ficha imprimible y salida", "Printable sheet and exit"),
    "empty": (
        "No hay datos para los filtros elegidos. Pruebe con otro municipio, corredor o periodo.",
        "No data for the chosen filters. Try another municipality, corridor or period.",
    ),
    "what_means": ("¿Qué significa?", "What does it mean?"),
    "how_computed": ("Cómo se calcula", "How it is computed"),
    "download": ("Descargar", "Download"),
    "rows": ("filas", "rows"),
    "no_lake": (
        "No se pudo abrir el lago de datos `{path}` ({error}). Revise `NLMOBILITY_DB` y que el catálogo esté en línea, o cree el lago con `nlmobility migrate`.",
        "The data lake `{path}` could not be opened ({error}). Check `NLMOBILITY_DB` and that the catalog is up, or create the lake with `nlmobility migrate`.",
    ),
    "no_db": (
        "No se encontró la base de datos `{path}`. Ejecute `make run` o `nlmobility build`.",
        "Database `{path}` not found. Run `make run` or `nlmobility build`.",
    ),
    "page_taller": ("Modo taller", "Workshop mode"),
    "page_admin": ("Administración", "Administration"),
    "kind_crashes": ("Siniestros viales (crashes)", "Road crashes (crashes)"),
    "kind_corridors": ("Corredores (corridors)", "Corridors (corridors)"),
    "kind_municipalities": ("Municipios (municipalities)", "Municipalities (municipalities)"),
    "kind_participation_events": (
        "Eventos de participación (participation_events)",
        "Participation events (participation_events)",
    ),
    "kind_participation_comments": (
        "Comentarios ciudadanos (participation_comments)",
        "Citizen comments (participation_comments)",
    ),
    "kind_milestones": ("Hitos del compromiso (milestones)", "Commitment milestones (milestones)"),
    "kind_transit_lines": ("Líneas de transporte (transit_lines)", "Transit lines (transit_lines)"),
    "kind_transit_stations": ("Estaciones de transporte (transit_stations)", "Transit stations (transit_stations)"),
    "kind_intersections": ("Intersecciones (intersections)", "Intersections (intersections)"),
    "kind_counts": ("Conteos de personas y vehículos (counts)", "Counts of people and vehicles (counts)"),
    "report_summary": (
        "{file} ({kind}): {read} filas leídas; {accepted} aceptadas, {rejected} rechazadas, {present} ya estaban.",
        "{file} ({kind}): {read} rows read; {accepted} accepted, {rejected} rejected, {present} already present.",
    ),
    "report_would_insert": (
        "Se cargarían {n} filas nuevas (solo revisión: la base de datos no cambió).",
        "{n} new rows would be loaded (check only: the database is unchanged).",
    ),
    "report_inserted": ("Se cargaron {n} filas nuevas.", "{n} new rows were loaded."),
    "report_inserted_one": ("Se cargó 1 fila nueva.", "1 new row was loaded."),
    "report_would_insert_one": (
        "Se cargaría 1 fila nueva (solo revisión: la base de datos no cambió).",
        "1 new row would be loaded (check only: the database did not change).",
    ),
    "filtered_rows_one": ("1 fila con los filtros activos", "1 row with the active filters"),
    "download_selection_n_one": ("Descargar la selección (GeoJSON, 1 fila)", "Download the selection (GeoJSON, 1 row)"),
    "report_version": ("Nueva versión de datos: {version}.", "New data version: {version}."),
    "row": ("Fila", "Row"),
    "column": ("Columna", "Column"),
    "reason": ("Motivo", "Reason"),
    "admin_user": ("Usuario", "User"),
    "admin_password": ("Contraseña", "Password"),
    "admin_login": ("Entrar", "Log in"),
    "admin_logout": ("Salir de Administración", "Log out of Administration"),
    "admin_bad": ("Usuario o contraseña incorrectos.", "Wrong user or password."),
    "admin_wait": (
        "Demasiados intentos fallidos: espere {seconds} s antes de volver a intentar.",
        "Too many failed attempts: wait {seconds} s before trying again.",
    ),
    "admin_locked": (
        "Demasiados intentos fallidos desde este equipo; intente de nuevo en {minutes} min.",
        "Too many failed attempts from this device; try again in {minutes} min.",
    ),
    "admin_expired": (
        "Su sesión expiró por inactividad; vuelva a entrar.",
        "Your session expired after inactivity; log in again.",
    ),
    "admin_no_users": (
        "Aún no hay cuentas de administración. Créelas en el servidor con `nlmobility user add NOMBRE`.",
        "No administrator accounts yet. Create one on the server with `nlmobility user add NAME`.",
    ),
    "admin_hello": (
        "Sesión iniciada como {user}. La sesión expira tras 30 minutos sin actividad.",
        "Logged in as {user}. The session expires after 30 minutes of inactivity.",
    ),
    "admin_upload": ("Cargar archivo", "Upload a file"),
    "admin_workshop": ("Registrar un taller", "Record a workshop"),
    "admin_kind": ("Tipo de datos", "Kind of data"),
    "admin_file": (
        "Archivo (CSV, XLSX, GeoJSON, GeoPackage, Shapefile en zip, GeoParquet)",
        "File (CSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile, GeoParquet)",
    ),
    "admin_portal": ("Portal estatal", "State portal"),
    "admin_append": (
        "Agregar a la versión guardada de esta fuente (un archivo que solo trae un periodo nuevo)",
        "Add to the stored version of this source (a file that holds only a new period)",
    ),
    "admin_replace": (
        "Reemplazar aunque quite más de la quinta parte de lo guardado de esta fuente",
        "Replace even if it removes more than a fifth of what this source stored",
    ),
    "report_versions": (
        "Frente a la versión anterior de este archivo: {added} nuevos, {changed} corregidos, {removed} retirados.",
        "Against the earlier version of this file: {added} added, {changed} changed, {removed} removed.",
    ),
    "portal_intro": (
        "Los siniestros de cada municipio vienen del portal de datos abiertos del Estado ({url}). "
        "Cada exportación nueva reemplaza a la anterior: los registros corregidos se actualizan, los retirados se quitan "
        "y los nuevos se agregan. Si un conjunto falla, sus datos quedan como estaban.",
        "Each municipality's crashes come from the state open-data portal ({url}). Each new export replaces the "
        "earlier one: corrected records are updated, withdrawn ones removed and new ones added. A dataset that fails "
        "keeps its data as they were.",
    ),
    "portal_dataset": ("Conjunto de datos", "Dataset"),
    "portal_last_sync": ("Última sincronización", "Last sync"),
    "portal_never": ("nunca", "never"),
    "portal_modified": ("Modificado en el portal", "Modified on the portal"),
    "portal_status": ("Resultado", "Result"),
    "portal_counts": ("Cambios", "Changes"),
    "portal_counts_value": (
        "{added} nuevos, {changed} corregidos, {removed} retirados",
        "{added} added, {changed} changed, {removed} removed",
    ),
    "portal_st_updated": ("cargado", "loaded"),
    "portal_st_unchanged": ("sin novedades", "nothing new"),
    "portal_st_failed": ("falló", "failed"),
    "portal_run": ("Actualizar desde el portal", "Update from the portal"),
    "portal_running": ("Sincronizando con el portal…", "Syncing with the portal…"),
    "portal_running_one": ("Sincronizando: {name}…", "Syncing: {name}…"),
    "portal_downloaded": ("{name}: {mb} MB descargados", "{name}: {mb} MB downloaded"),
    "portal_updated": (
        "{name}: cargado — {added} nuevos, {changed} corregidos, {removed} retirados.",
        "{name}: loaded — {added} added, {changed} changed, {removed} removed.",
    ),
    "portal_would_update": (
        "{name}: se cargarían {added} nuevos, {changed} corregidos, {removed} retirados (solo revisión).",
        "{name}: would load {added} added, {changed} changed, {removed} removed (check only).",
    ),
    "portal_unchanged": (
        "{name}: sin novedades desde la última sincronización.",
        "{name}: nothing new since the last sync.",
    ),
    "portal_failed": (
        "{name}: falló — {reason}. Sus datos quedan como estaban.",
        "{name}: failed — {reason}. Its data are as they were.",
    ),
    "portal_done": ("Sincronización terminada", "Sync finished"),
    "portal_done_failed": (
        "Sincronización terminada: {n} conjuntos fallaron",
        "Sync finished: {n} datasets failed",
    ),
    "admin_partial": ("Aceptar las filas válidas y reportar las demás", "Accept the valid rows and report the rest"),
    "admin_dry_run": ("Solo revisar, sin cargar", "Check only, load nothing"),
    "admin_layer": ("Capa (opcional)", "Layer (optional)"),
    "admin_layer_help": (
        "Solo para GeoPackage o zip con varias capas: el nombre de la capa que se carga.",
        "Only for a GeoPackage or zip with several layers: the name of the layer to load.",
    ),
    "admin_run": ("Revisar y cargar", "Check and load"),
    "stage_read": ("Leyendo el archivo…", "Reading the file…"),
    "stage_check": ("Revisando cada fila…", "Checking every row…"),
    "stage_copy": ("Preparando una copia privada de la base de datos…", "Preparing a private copy of the database…"),
    "stage_insert": ("Cargando las filas en la copia…", "Loading the rows into the copy…"),
    "stage_commit": ("Guardando y reemplazando la base de datos…", "Saving and replacing the database…"),
    "stage_done": ("Listo", "Done"),
    "admin_refused": ("Archivo rechazado: la base de datos no cambió.", "File refused: the database is unchanged."),
    "admin_report": ("Descargar el reporte (JSON)", "Download the report (JSON)"),
    "admin_place": ("Lugar", "Place"),
    "admin_comments": ("Comentarios (uno por línea)", "Comments (one per line)"),
    "admin_save": ("Guardar taller", "Save workshop"),
    # Administración: the quality check (nlmobility check)
    "admin_quality": ("Calidad de los datos", "Data quality"),
    "qc_intro": (
        "Lo que conviene leer antes de publicar, por archivo cargado: filas aceptadas y rechazadas, registros vinculados a otra fuente (se cuentan una vez), cómo se ubicó cada registro, puntos fuera de su municipio, gravedad y hora sin dato, y las cifras que dirán «sin dato» con la carga que las completa. Lo mismo en la línea de comandos: `nlmobility check` (sale con 1 si hay algo que revisar; `--json` da todo).",
        "What to read before publishing, per loaded file: rows accepted and refused, records linked to another source (counted once), how each record was placed, points outside their municipality, unknown severity and time, and the figures that will say “no data” with the import that fills them. The same on the command line: `nlmobility check` (exits 1 when something must be reviewed; `--json` gives everything).",
    ),
    "qc_status_review": (
        "{review} puntos que revisar antes de publicar · {no_data} cifras sin dato · {notes} notas",
        "{review} things to review before publishing · {no_data} figures without data · {notes} notes",
    ),
    "qc_status_no_data": (
        "Nada que revisar · {no_data} cifras dirán «sin dato» hasta cargar lo que falta · {notes} notas",
        "Nothing to review · {no_data} figures will say “no data” until what is missing is loaded · {notes} notes",
    ),
    "qc_status_clean": (
        "Nada que revisar y ninguna cifra sin dato · {notes} notas",
        "Nothing to review and no figure without data · {notes} notes",
    ),
    "qc_old": (
        "Esta base de datos es de una versión anterior: actualícela con `nlmobility upgrade` para revisar su calidad.",
        "This database is from an earlier version: bring it up to date with `nlmobility upgrade` to check its quality.",
    ),
    "qc_level_review": ("Revisar", "Review"),
    "qc_level_no_data": ("Sin dato", "No data"),
    "qc_level_note": ("Nota", "Note"),
    "qc_findings": ("Hallazgos", "Findings"),
    "qc_sources": ("Por archivo", "Per file"),
    "qc_unplaced": ("Intersecciones sin ubicar ({n})", "Intersections not placed ({n})"),
    "qc_loose": ("Ubicadas por coincidencia aproximada ({n})", "Placed by a looser match ({n})"),
    "qc_links": ("Registros vinculados a otra fuente ({n})", "Records linked to another source ({n})"),
    "qc_coverage": ("Cobertura por municipio", "Coverage per municipality"),
    "qc_download": ("Descargar la revisión (JSON)", "Download the check (JSON)"),
    "qc_code_unmatched": ("sin coincidencia", "no match"),
    "qc_code_ambiguous": ("podría ser varias", "could be several"),
    "qc_code_weak": ("parecido débil", "weak match"),
    "qc_col_level": ("Nivel", "Level"),
    "qc_col_file": ("Archivo", "File"),
    "qc_col_what": ("Qué", "What"),
    "qc_col_n": ("Cifra", "Count"),
    "qc_col_fill": ("Qué hacer", "What to do"),
    "qc_col_kind": ("Tipo", "Kind"),
    "qc_col_accepted": ("Filas aceptadas", "Rows accepted"),
    "qc_col_refused": ("Filas rechazadas", "Rows refused"),
    "qc_col_records": ("Registros", "Records"),
    "qc_col_counted": ("Contados", "Counted"),
    "qc_col_linked": ("Vinculados a otra fuente", "Linked to another source"),
    "qc_col_point": ("Con su propio punto", "Own point"),
    "qc_col_exact": ("Nombre exacto", "Exact name"),
    "qc_col_loose": ("Coincidencia aproximada", "Looser match"),
    "qc_col_unplaced": ("Sin ubicar", "Not placed"),
    "qc_col_outside": ("Fuera de su municipio", "Outside their municipality"),
    "qc_col_outside_max": ("Máx. fuera (m)", "Max. outside (m)"),
    "qc_col_beyond": ("Más allá de la tolerancia", "Beyond the tolerance"),
    "qc_col_unknown_severity": ("Gravedad sin dato (%)", "Unknown severity (%)"),
    "qc_col_unknown_time": ("Hora sin dato (%)", "Unknown time (%)"),
    "qc_col_coverage": ("Cobertura", "Coverage"),
    "qc_col_name": ("Nombre en el archivo", "Name in the file"),
    "qc_col_reason": ("Motivo", "Reason"),
    "qc_col_candidates": ("Candidatas", "Candidates"),
    "qc_col_chosen": ("Intersección elegida", "Intersection chosen"),
    "qc_col_score": ("Puntaje", "Score"),
    "qc_col_date": ("Fecha y hora", "Date and time"),
    "qc_col_counted_source": ("Contado de", "Counted from"),
    "qc_col_distance": ("Distancia (m)", "Distance (m)"),
    "qc_col_rule": ("Regla", "Rule"),
    "qc_col_conflict": ("Víctimas distintas", "Different victims"),
    "qc_col_municipality": ("Municipio", "Municipality"),
    "qc_col_from": ("Desde", "From"),
    "qc_col_to": ("Hasta", "To"),
    "qc_col_whole_years": ("Años completos", "Whole years"),
    "qc_col_years_not_whole": ("Años sin cubrir completos", "Years not covered whole"),
    "qc_col_gaps": ("Huecos", "Gaps"),
    "qc_col_hin": ("Red de alta siniestralidad posible", "High-injury network possible"),
    # Inicio
    "inicio_intro": (
        "Dónde está cada corredor verde, qué pasó con la seguridad vial a su alrededor, quién participó en su diseño y cómo avanza cada hito del compromiso.",
        "Where each green corridor is, what happened to road safety around it, who took part in designing it and how each milestone stands.",
    ),
    "kpi_km": ("Km terminados", "Km finished"),
    "kpi_km_delta": ("de la meta de {goal} km ({pct:.0f} %)", "of the {goal} km goal ({pct:.0f} %)"),
    "kpi_status": ("Corredores", "Corridors"),
    "kpi_status_detail": (
        "terminados: {finished} · en obra: {works} · planeados: {planned}",
        "finished: {finished} · in works: {works} · planned: {planned}",
    ),
    "kpi_victims": ("Siniestros con víctimas a ≤{buffer} m, {year}", "Crashes with victims within {buffer} m, {year}"),
    "kpi_victims_delta": ("{delta:+d} frente a {prev}", "{delta:+d} vs {prev}"),
    "kpi_victims_part": (
        "Siniestros con víctimas a ≤{buffer} m, {start} – {end}",
        "Crashes with victims within {buffer} m, {start} – {end}",
    ),
    "kpi_victims_delta_part": (
        "{delta:+d} frente a los mismos días de {prev}",
        "{delta:+d} vs the same days of {prev}",
    ),
    "ms_no_status": (
        "Sin dato: ningún hito de este compromiso tiene estado registrado, así que no se sabe cuáles están vencidos o "
        "atorados. Cargue el avance con `nlmobility import milestones ARCHIVO` o en Administración.",
        "No data: no milestone of this commitment has a recorded status, so which are overdue or stuck is unknown. "
        "Load the progress with `nlmobility import milestones FILE` or on Administración.",
    ),
    "nodata_corridors": ("falta importar corredores", "corridors not imported"),
    "nodata_participation_events": ("falta importar participación", "participation not imported"),
    "nodata_milestones": ("estados sin dato: falta importarlos", "statuses not imported"),
    "kpi_victims_not_covered": ("{year} sin registros de siniestros", "no crash records for {year}"),
    "kpi_victims_no_before": ("sin dato de {prev} para comparar", "no data for {prev} to compare"),
    "nodata_crashes": ("falta importar siniestros", "crashes not imported"),
    "no_data": ("Sin dato", "No data"),
    "data_end_none": (
        "sin dato (aún no se importan siniestros: nlmobility import crashes ARCHIVO)",
        "no data (no crashes imported yet: nlmobility import crashes FILE)",
    ),
    "kpi_participants": ("Personas participantes", "Participants"),
    "kpi_participants_detail": ("en {events} eventos", "in {events} events"),
    "kpi_milestones": ("Hitos finalizados (Corredores Verdes)", "Milestones finished (Green Corridors)"),
    "small_map": ("Corredores por estado", "Corridors by status"),
    # Map
    "map_layers": ("Capas", "Layers"),
    "layer_crashes": ("Densidad de siniestros", "Crash density"),
    "layer_transit": ("Metro y Ecovía", "Metro and Ecovía"),
    "layer_events": ("Eventos de participación", "Participation events"),
    "layer_labels": ("Nombres de corredores", "Corridor names"),
    "layer_limits": ("Límites municipales (aprox.)", "Municipal limits (approx.)"),
    "layer_arterials": ("Avenidas principales", "Main avenues"),
    "legend": ("Leyenda", "Legend"),
    "map_click_hint": (
        "Toque o haga clic en un corredor para ver su ficha.",
        "Tap or click a corridor to see its card.",
    ),
    "near_me": ("Corredor cerca de mí", "Corridor near me"),
    "near_by": ("Buscar por", "Search by"),
    "near_by_name": ("Nombre", "Name"),
    "near_by_mun": ("Municipio", "Municipality"),
    "map_click_hint_point": (
        "Toque el mapa donde está usted (o el lugar que le interesa) para ver los corredores más cercanos; toque un corredor para ver su ficha.",
        "Tap the map where you are (or the place you care about) to see the nearest corridors; tap a corridor for its card.",
    ),
    "tap_here": ("Buscar corredores cerca de aquí", "Find corridors near here"),
    "near_point_help": (
        "Toque el mapa de arriba o escriba las coordenadas.",
        "Tap the map above or type the coordinates.",
    ),
    "near_by_point": ("Punto (longitud, latitud)", "Point (longitude, latitude)"),
    "lon": ("Longitud", "Longitude"),
    "lat": ("Latitud", "Latitude"),
    "nearest": ("Corredores más cercanos", "Nearest corridors"),
    "distance_m": ("Distancia (m)", "Distance (m)"),
    "point_outside": (
        "El punto está fuera de la zona metropolitana de Monterrey.",
        "The point is outside the Monterrey metropolitan area.",
    ),
    "card_title": ("Ficha del corredor", "Corridor card"),
    "length": ("Longitud", "Length"),
    "status": ("Estado", "Status"),
    "works": ("Periodo de obra", "Works period"),
    "opening": ("Apertura", "Opening"),
    "budget": ("Presupuesto", "Budget"),
    "contracts": ("Contratos", "Contracts"),
    "documents": ("Documentos", "Documents"),
    "nearby_crashes": ("Siniestros cercanos por año", "Nearby crashes per year"),
    "milestones": ("Hitos", "Milestones"),
    "participation": ("Participación", "Participation"),
    "approx_line": (
        "Trazo aproximado: las coordenadas oficiales no se han publicado.",
        "Approximate line: official coordinates have not been published.",
    ),
    "download_selection": ("Descargar la selección", "Download the selection"),
    "download_selection_n": (
        "Descargar la selección (GeoJSON, {n} filas)",
        "Download the selection (GeoJSON, {n} rows)",
    ),
    "not_yet": ("sin fecha", "no date"),
    "choose_corridor": ("Elija un corredor", "Choose a corridor"),
    # Workshop mode
    "scene_corridor": ("1 · El corredor: {name}", "1 · The corridor: {name}"),
    "scene_before": ("2 · Siniestros antes de la obra", "2 · Crashes before the works"),
    "scene_after": ("3 · Siniestros después de la apertura", "3 · Crashes after opening"),
    "scene_milestones": ("4 · Pasos y obra del corredor", "4 · The corridor's steps and works"),
    "scene_participation": ("5 · Quién participó", "5 · Who took part"),
    "taller_prev": ("Anterior", "Previous"),
    "taller_next": ("Siguiente", "Next"),
    "taller_scene_of": ("Escena {n} de {total}", "Scene {n} of {total}"),
    "taller_crashes": ("Siniestros a ≤{buffer} m", "Crashes within {buffer} m"),
    "taller_window": ("Periodo", "Period"),
    "taller_crash_caption": (
        "Cada punto es un siniestro ({severity}; persona usuaria: {mode}). Se excluye el periodo de obra.",
        "Each dot is a crash ({severity}; road user: {mode}). The works period is excluded.",
    ),
    "taller_not_opened": (
        "Este corredor aún no abre: no hay un antes y un después que comparar.",
        "This corridor has not opened yet: there is no before and after to compare.",
    ),
    "taller_qr_alt": ("Código QR con la dirección de esta escena", "QR code with the address of this scene"),
    "taller_qr": ("Esta misma vista", "This same view"),
    "taller_qr_help": (
        "Escanee el código para abrir esta escena en su teléfono (misma red que esta computadora).",
        "Scan the code to open this scene on your phone (same network as this computer).",
    ),
    "sheet_download": ("Ficha imprimible (PDF)", "Printable fact sheet (PDF)"),
    "sheet_subtitle": (
        "Corredores Verdes · Nuevo León Abierto · ficha del corredor",
        "Green Corridors · Nuevo León Abierto · corridor fact sheet",
    ),
    "sheet_sample": (
        "Datos de muestra: cifras sintéticas para probar el tablero; no describen siniestros, obras ni personas reales.",
        "Sample data: synthetic figures to exercise the dashboard; they do not describe real crashes, works or people.",
    ),
    "sheet_footer": (
        "Versión de datos {version} · datos al {date} · impreso el {today} · nlmobility, tablero abierto del compromiso Corredores Verdes (OGP MXMTY0005).",
        "Data version {version} · data as of {date} · printed {today} · nlmobility, open dashboard of the Green Corridors commitment (OGP MXMTY0005).",
    ),
    "sheet_link": ("En línea:", "Online:"),
    "sheet_mixed": (
        "Datos mixtos: muestra sintética combinada con datos reales ({sources}); no describen la realidad ni son solo muestra.",
        "Mixed data: synthetic sample combined with real data ({sources}); they neither describe reality nor are only a sample.",
    ),
    "sheet_map_caption": (
        "Mapa dibujado por el tablero: límites municipales, río Santa Catarina, avenidas y transporte son aproximados.",
        "Map drawn by the dashboard: municipal limits, the Santa Catarina river, avenues and transit are approximate.",
    ),
    "per_km_year": ("por km-año", "per km-year"),
    "taller_exit": ("Salir del modo taller", "Leave workshop mode"),
    # Road safety
    "ba_title": ("Antes y después de la apertura", "Before and after opening"),
    "ba_months": ("Meses de cada ventana", "Months in each window"),
    "ba_intro": (
        "Siniestros a ≤{buffer} m de cada corredor abierto: {months} meses antes del inicio de obra frente a {months} meses después de la apertura. El periodo de obra se excluye.",
        "Crashes within {buffer} m of each opened corridor: {months} months before works started against {months} months after opening. The works period is excluded.",
    ),
    "ba_before": ("Antes", "Before"),
    "ba_after": ("Después", "After"),
    "ba_change": ("Cambio", "Change"),
    "ba_rate_before": ("Antes / km-año", "Before / km-year"),
    "ba_rate_after": ("Después / km-año", "After / km-year"),
    "ba_small": (
        "Pocos casos: con menos de {n} siniestros en una ventana, la diferencia puede deberse al azar.",
        "Few cases: with fewer than {n} crashes in a window, the difference may be chance.",
    ),
    "ba_incomplete": (
        "Aún no hay {months} meses de datos tras la apertura.",
        "There are not yet {months} months of data after opening.",
    ),
    "ba_ci": ("IC 95 %", "95 % CI"),
    "ba_change_ci": ("Cambio (IC 95 %)", "Change (95 % CI)"),
    "ba_adjusted_ci_col": ("Cambio ajustado (IC 95 %)", "Adjusted change (95 % CI)"),
    "ba_ci_range": ("{low} a {high}", "{low} to {high}"),
    "ba_adjusted_help": (
        "El cambio cerca de los corredores descontando cuánto cambiaron, en las mismas fechas, los siniestros del resto de la zona metropolitana.",
        "The change near the corridors net of how much the rest of the metro area's crashes changed over the same dates.",
    ),
    "ba_adjusted_short": ("Cambio ajustado", "Adjusted change"),
    "ba_ci_note": (
        "IC 95 %: intervalo de confianza de 95 % del cambio (conteos tipo Poisson); si incluye 0 %, el cambio podría deberse al azar. "
        "Cambio ajustado: el cambio cerca del corredor dividido entre el cambio de los demás siniestros de la zona metropolitana (lejos de todo corredor; misma gravedad y persona usuaria) en las mismas fechas.",
        "95 % CI: 95 % confidence interval of the change (Poisson counts); if it includes 0 %, the change may be chance. "
        "Adjusted change: the change near the corridor divided by the change of the rest of the metro area's crashes (away from every corridor; same severity and road user) over the same dates.",
    ),
    "ba_total": ("Todos los corredores abiertos", "All opened corridors"),
    "ba_total_one": ("Corredor elegido: {name}", "Chosen corridor: {name}"),
    "ba_adjusted_ci": ("IC 95 % ajustado", "Adjusted 95 % CI"),
    "too_few": ("muy pocos casos", "very few cases"),
    "trend_no_severity": (
        "Con víctimas: sin dato (ningún registro de esta zona y periodo dice si hubo lesionados o fallecidos); "
        "por eso no se dibuja esa línea ni se cuentan fatales.",
        "With victims: no data (no record of this area and period says whether anyone was injured or killed); "
        "so that line is not drawn and no deaths are counted.",
    ),
    "empty_severity_unknown": (
        "Sin dato: los {n} siniestros de esta zona y periodo no dicen si hubo víctimas, así que «{severity}» no tiene "
        "datos aquí (no es 0). Elija Gravedad «Todas» para verlos.",
        "No data: the {n} crashes of this area and period do not say whether anyone was hurt, so “{severity}” has no "
        "data here (not 0). Choose Severity “All” to see them.",
    ),
    "cmf_no_window": ("sin dato: ninguna ventana posterior completa", "no data: no complete after-window"),
    "ba_small_which": (
        "Muy pocos casos (menos de {n} siniestros en una ventana): no se calcula cambio ni intervalo para {names}; se muestran solo los conteos.",
        "Very few cases (fewer than {n} crashes in a window): no change or interval is computed for {names}; only the counts are shown.",
    ),
    "cmf_title": (
        "Lo que lograron tratamientos parecidos en otros lugares",
        "What similar treatments achieved elsewhere",
    ),
    "cmf_intro": (
        "Factores de modificación de siniestros publicados (FHWA CMF Clearinghouse) para tratamientos del tipo que usan los corredores, junto al cambio ajustado observado aquí para las mismas personas usuarias. Los corredores no registran qué tratamiento tiene cada tramo: la comparación es orientativa.",
        "Published crash modification factors (FHWA CMF Clearinghouse) for treatments of the kind the corridors use, next to the adjusted change observed here for the same road users. The corridors do not record which treatment each stretch has: the comparison is indicative.",
    ),
    "cmf_treatment": ("Tratamiento", "Treatment"),
    "cmf_expected": ("Esperado en otros lugares", "Expected elsewhere"),
    "cmf_observed": ("Observado aquí (ajustado)", "Observed here (adjusted)"),
    "cmf_stars": ("Calidad (estrellas, 1-5)", "Quality (stars, 1-5)"),
    "cmf_applies": ("Se aplica a", "Applies to"),
    "cmf_source": ("Fuente", "Source"),
    "cmf_reading": ("Lectura", "Reading"),
    "cmf_unknown": ("sin datos suficientes aquí", "not enough data here"),
    "cmf_wide": (
        "el intervalo observado es demasiado amplio para comparar",
        "the observed interval is too wide to compare",
    ),
    "cmf_consistent": ("compatible con lo esperado", "consistent with what was expected"),
    "cmf_better": ("mejor que lo esperado", "better than expected"),
    "cmf_worse": ("peor que lo esperado", "worse than expected"),
    # Road safety: the programme's answer (nlmobility.safety)
    "rs_answer_title": ("¿Funcionaron los corredores?", "Did the corridors work?"),
    "rs_answer": (
        "En los {n} corredores con {months} meses completos tras la apertura, los siniestros ({severity}) "
        "{verb} {pct} (IC 95 %: {low} a {high}) frente a lo esperado sin ellos, según el antes-después "
        "{design} ({before} antes, {after} después).",
        "Across the {n} corridors with {months} full months after opening, crashes ({severity}) {verb} {pct} "
        "(95 % CI: {low} to {high}) against what was expected without them, by the {design} before/after "
        "({before} before, {after} after).",
    ),
    "rs_verb_down": ("bajaron", "fell by"),
    "rs_verb_up": ("subieron", "rose by"),
    "rs_unclear": (
        " El intervalo incluye 0 %: el cambio aún podría deberse al azar.",
        " The interval includes 0 %: the change could still be chance.",
    ),
    "rs_no_answer": (
        "Aún no hay respuesta para el programa: ningún corredor tiene {months} meses completos de datos tras la apertura.",
        "No answer for the programme yet: no corridor has {months} full months of data after opening.",
    ),
    "rs_too_few": (
        "Aún no hay respuesta para el programa: los corredores con {months} meses completos tras la apertura suman "
        "{before} siniestros antes y {after} después (menos de {n} en una ventana).",
        "No answer for the programme yet: the corridors with {months} full months after opening add up to {before} "
        "crashes before and {after} after (fewer than {n} in a window).",
    ),
    "rs_answer_short": (
        "Corredores abiertos, juntos: {pct} en siniestros con víctimas (IC 95 %: {low} a {high}).",
        "Opened corridors together: {pct} in crashes with victims (95 % CI: {low} to {high}).",
    ),
    "rs_design_eb": ("Empírico Bayes", "Empirical Bayes"),
    "rs_design_comparison": ("con grupo de comparación", "comparison-group"),
    "rs_design_naive": ("simple", "naive"),
    "rs_designs_title": ("El mismo resultado con cada diseño", "The same result by each design"),
    "rs_design": ("Diseño", "Design"),
    "rs_cmf": ("CMF (IC 95 %)", "CMF (95 % CI)"),
    "rs_se": ("Error estándar", "Standard error"),
    "rs_rtm": ("Regresión a la media", "Regression to the mean"),
    "rs_trend": ("Tendencia", "Trend"),
    "rs_accounted": ("considerada", "accounted for"),
    "rs_not_accounted": ("no considerada", "not accounted for"),
    "rs_sites": ("Corredores", "Corridors"),
    "rs_source": ("Datos", "Data"),
    "rs_source_sample": ("de muestra", "sample"),
    "rs_source_real": ("reales", "real"),
    "rs_source_mixed": ("mixtos (reales sobre la muestra)", "mixed (real over the sample)"),
    "rs_quality": (
        "Calidad: diseño {design}; {sites} corredores; {before} siniestros antes y {after} después; error estándar "
        "{se}; regresión a la media {rtm}; tendencia {trend}; datos: {source}.",
        "Quality: {design} design; {sites} corridors; {before} crashes before and {after} after; standard error {se}; "
        "regression to the mean {rtm}; trend {trend}; data: {source}.",
    ),
    "rs_spf_note": (
        "Función de desempeño de seguridad (binomial negativa) ajustada en {site_years} años-tramo sin tratar de "
        "{sites} avenidas ({crashes} siniestros): siniestros/año = exp({b0} + {b1} · ln km + {b2} · (año − {base})); "
        "sobredispersión α = {alpha}.",
        "Safety performance function (negative binomial) fitted on {site_years} untreated segment-years of {sites} "
        "avenues ({crashes} crashes): crashes/year = exp({b0} + {b1} · ln km + {b2} · (year − {base})); "
        "overdispersion α = {alpha}.",
    ),
    "rs_no_spf": (
        "Sin estimación Empírico Bayes: no hay suficientes tramos de referencia sin tratar para la función de desempeño.",
        "No Empirical Bayes estimate: too few untreated reference segments for the performance function.",
    ),
    "rs_method_note": (
        "Empírico Bayes: el conteo antes de cada corredor se acerca a lo que predice la función de desempeño para "
        "avenidas parecidas (corrige la regresión a la media: los corredores se eligen donde hubo muchos siniestros) "
        "y se proyecta a la ventana después con la tendencia de la función. Grupo de comparación: el conteo antes "
        "por el cambio del resto de la zona cubierta (corrige la tendencia, no la regresión a la media). Varianza y "
        "corrección de sesgo de Hauer (1997); el resultado del programa suma los corredores.",
        "Empirical Bayes: each corridor's before count is moved towards what the performance function predicts for "
        "similar avenues (this corrects regression to the mean: corridors are chosen where crashes were high) and "
        "projected to the after window with the function's trend. Comparison group: the before count times the rest "
        "of the covered area's change (corrects the trend, not regression to the mean). Hauer's (1997) variance and "
        "bias correction; the programme's result sums the corridors.",
    ),
    "ba_eb_ci_col": ("Cambio Empírico Bayes (IC 95 %)", "Empirical Bayes change (95 % CI)"),
    "cmf_observed_program": ("Observado aquí (programa)", "Observed here (programme)"),
    "rolling_title": ("Suma de los últimos 12 meses", "Rolling 12-month total"),
    "rolling_note": (
        "Cada punto suma los 12 meses que terminan en ese mes; solo donde los 12 meses están completos en los registros, así que los años parciales no parecen descensos.",
        "Each point adds up the 12 months ending in that month; only where all 12 months are whole in the records, so partial years do not look like declines.",
    ),
    "rolling_none": (
        "Los registros no cubren 12 meses completos seguidos para esta zona: no hay suma anual móvil.",
        "The records do not cover 12 whole months in a row for this area: no rolling yearly total.",
    ),
    "exp_title": ("Riesgo por persona que pasa", "Risk per person passing"),
    "exp_intro": (
        "Siniestros con peatones y con ciclistas a ≤{buffer} m de cada corredor, por millón de pasos contados ({years}). Un corredor al que llega más gente puede tener más siniestros y aun así ser más seguro para cada persona.",
        "Crashes involving pedestrians and cyclists within {buffer} m of each corridor, per million passages counted ({years}). A corridor that draws more people can see more crashes and still be safer for each person.",
    ),
    "exp_limits": (
        "Límites: {sites} sitio(s) contados {days} día(s) entre {first} y {last}, horas {h1}-{h2}; el tránsito fuera de esas horas y de esos puntos no se cuenta, así que la tasa es un máximo. Se supone que esos días son típicos del año. El intervalo considera solo el azar del número de siniestros.",
        "Limits: {sites} site(s) counted {days} day(s) between {first} and {last}, hours {h1}-{h2}; traffic outside those hours and points is not counted, so the rate is an upper bound. Those days are assumed typical of the year. The interval covers only the chance in the number of crashes.",
    ),
    "exp_none": (
        "No hay conteos de personas cerca de los corredores elegidos. Importe un archivo de conteos (tipo «counts») en Administración o con `nlmobility import counts`.",
        "There are no counts of people near the chosen corridors. Import a counts file (kind «counts») on Administración or with `nlmobility import counts`.",
    ),
    "exp_sites": ("Sitios", "Sites"),
    "exp_ped_day": ("Peatones por día", "Pedestrians per day"),
    "exp_cyc_day": ("Ciclistas por día", "Cyclists per day"),
    "exp_ped_rate": ("Siniestros con peatón por millón de pasos", "Pedestrian crashes per million passages"),
    "exp_cyc_rate": ("Siniestros con ciclista por millón de pasos", "Cyclist crashes per million passages"),
    "exp_women": ("Mujeres entre peatones", "Women among pedestrians"),
    "hin_title": ("Red de alta siniestralidad", "High-injury network"),
    "hin_intro": (
        "Lugares (celdas de 100 × 100 m) que concentran los siniestros con personas muertas o lesionadas (persona usuaria: {mode}): en cada ventana de {window} años completos se suma 3 por siniestro mortal y 1 por siniestro con lesiones, y la red son los lugares mejor clasificados que juntos reúnen la mitad de esa suma (con al menos {min_score} puntos). Ventana actual: {latest}.",
        "Places (cells of 100 × 100 m) that concentrate crashes with people killed or injured (road user: {mode}): in each window of {window} whole years a fatal crash scores 3 and an injury crash 1, and the network is the top-ranked places that together hold half that score (with at least {min_score} points). Current window: {latest}.",
    ),
    "hin_summary": (
        "{n} lugares reúnen la mitad de la gravedad de la ventana actual.",
        "{n} places hold half the severity of the current window.",
    ),
    "hin_none": (
        "No hay {window} años completos de registros para esta zona: no se puede trazar la red.",
        "There are not {window} whole years of records for this area: the network cannot be drawn.",
    ),
    "hin_score": ("Puntos de gravedad", "Severity points"),
    "hin_windows": ("Ventanas en la red", "Windows on the network"),
    "hin_place": ("Intersección cercana", "Nearby intersection"),
    "hin_corridors": ("¿Los corredores están en la red?", "Are the corridors on the network?"),
    "hin_places": ("Lugares de la red junto al corredor", "Network places beside the corridor"),
    "hin_best": ("Mejor posición", "Best rank"),
    "hin_on": ("En la red", "On the network"),
    "yes": ("sí", "yes"),
    "card_hin_on": (
        "En la red de alta siniestralidad ({window}): {n} lugar(es) junto al corredor; el mejor en la posición {rank}.",
        "On the high-injury network ({window}): {n} place(s) beside the corridor; the highest at rank {rank}.",
    ),
    "card_hin_off": (
        "Fuera de la red de alta siniestralidad ({window}).",
        "Off the high-injury network ({window}).",
    ),
    "card_women_beside": (
        "Mujeres: {part} de quienes participaron; {walk} de los peatones contados en el corredor.",
        "Women: {part} of participants; {walk} of the pedestrians counted on the corridor.",
    ),
    "no": ("no", "no"),
    "ba_metro": (
        "Tendencia metropolitana (todos los siniestros) en el periodo elegido: {pct:+.1f} % anual.",
        "Metro-wide trend (all crashes) over the chosen period: {pct:+.1f} % a year.",
    ),
    "hot_title": ("Puntos críticos", "Hotspots"),
    "hot_intro": (
        "Las 10 celdas de 200 × 200 m con más siniestros ({severity}; persona usuaria: {mode}; {years}), y el corredor verde más cercano a cada una.",
        "The 10 cells of 200 × 200 m with the most crashes ({severity}; road user: {mode}; {years}), and the nearest green corridor to each.",
    ),
    "hot_corridor": ("Corredor más cercano", "Nearest corridor"),
    "trend_title": ("Tendencia mensual", "Monthly trend"),
    "hw_title": ("Hora y día de la semana", "Hour and weekday"),
    "mun_title": ("Comparación municipal", "Municipal comparison"),
    "sevmode_title": ("Por gravedad y persona usuaria", "By severity and road user"),
    "sevmode_ignores": (
        "Esta tabla compara todas las gravedades y personas usuarias: no aplica los filtros "
        "de gravedad ({severity}) ni de persona usuaria ({mode}); sí el municipio y el periodo.",
        "This table compares every severity and road user: it does not apply the severity ({severity}) "
        "or road-user ({mode}) filters; it does apply the municipality and period.",
    ),
    "crashes": ("Siniestros", "Crashes"),
    "with_victims": ("Con víctimas", "With victims"),
    "month": ("Mes", "Month"),
    "hour": ("Hora", "Hour"),
    "weekday": ("Día", "Day"),
    "per_100k": ("Por 100 mil hab./año", "Per 100k inhabitants/year"),
    "mun_no_rate": (
        "Sin tasa por habitante: ningún municipio con registros de siniestros tiene población en esta base ({names}). "
        "Una base nueva de `nlmobility init` trae la del Censo 2020 del INEGI; si no, importe municipios con una columna "
        "de población (`nlmobility import municipalities ARCHIVO`).",
        "No rate per inhabitant: no municipality with crash records has a population in this database ({names}). "
        "A new database from `nlmobility init` has INEGI's 2020 census figures; otherwise import municipalities with a "
        "population column (`nlmobility import municipalities FILE`).",
    ),
    "mun_population_source": ("Población: {source}.", "Population: {source}."),
    "population_source_file": ("la del archivo de municipios importado", "that of the imported municipalities file"),
    "mun_no_population": (
        "Sin población, sin tasa (no 0): {names}. `nlmobility import municipalities ARCHIVO` con una columna de población.",
        "No population, no rate (not 0): {names}. `nlmobility import municipalities FILE` with a population column.",
    ),
    "mun_not_covered": (
        "Sin registros de siniestros que los cubran, sin tasa (no 0): {names}. `nlmobility import crashes ARCHIVO`.",
        "No crash records cover them, no rate (not 0): {names}. `nlmobility import crashes FILE`.",
    ),
    "weekdays": ("Lun,Mar,Mié,Jue,Vie,Sáb,Dom", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
    "killed": ("Fallecidos", "Killed"),
    "injured": ("Lesionados", "Injured"),
    # Participation
    "events": ("Eventos", "Events"),
    "participants": ("Participantes", "Participants"),
    "women": ("Mujeres", "Women"),
    "men": ("Hombres", "Men"),
    "gender_other": ("Otra / no declarada", "Other / not stated"),
    "children": ("Niñas y niños", "Children"),
    "adolescents": ("Adolescentes", "Adolescents"),
    "adults": ("Personas adultas", "Adults"),
    "older_adults": ("Personas adultas mayores", "Older adults"),
    "with_disability": ("Con discapacidad", "With disability"),
    "by_gender": ("Por género", "By gender"),
    "by_age": ("Por grupo de edad", "By age group"),
    "events_over_time": ("Eventos en el tiempo", "Events over time"),
    "events_map": ("Eventos en el mapa", "Events on the map"),
    "suppressed": (
        "Cifras menores a {n} se ocultan (<{n}) para proteger la privacidad.",
        "Counts under {n} are hidden (<{n}) to protect privacy.",
    ),
    "comments_by_topic": ("Comentarios por tema", "Comments by topic"),
    "topic": ("Tema", "Topic"),
    "comments": ("Comentarios", "Comments"),
    "replied": ("Respondidos", "Replied"),
    "reply_rate": ("Tasa de respuesta", "Reply rate"),
    "latest_comments": ("Comentarios recientes y respuestas", "Recent comments and replies"),
    "official_reply": ("Respuesta oficial", "Official reply"),
    "no_reply": ("Sin respuesta todavía", "No reply yet"),
    "all_topics": ("Todos los temas", "All topics"),
    "kind": ("Tipo", "Kind"),
    "date": ("Fecha", "Date"),
    "step": ("Paso", "Step"),
    "detail": ("Detalle", "Detail"),
    "state": ("Situación", "State"),
    "title": ("Título", "Title"),
    # Progress
    "commitment": ("Compromiso", "Commitment"),
    "pct_finished": ("Hitos finalizados", "Milestones finished"),
    "plan_overview": ("El plan de acción completo", "The whole action plan"),
    "plan_overview_caption": (
        "Los {n} compromisos del Plan de Acción Local 2022–2024 de Nuevo León (2 transversales, 2 estatales, 4 municipales). Solo {listed} tienen una lista de hitos publicada; en los demás los hitos no se encontraron en las fuentes públicas y su avance se muestra como desconocido (—), no como cero. Los porcentajes cuentan solo los hitos con estado registrado.",
        "The {n} commitments of Nuevo León's Local Action Plan 2022–2024 (2 transversal, 2 state, 4 municipal). Only {listed} have a published milestone list; for the others no milestones were found in public sources and their progress shows as unknown (—), not as zero. Percentages count only milestones with a recorded status.",
    ),
    "plan_level": ("Nivel", "Level"),
    "plan_institutions": ("Instituciones", "Institutions"),
    "plan_period": ("Periodo", "Period"),
    "plan_promises": ("Qué promete", "What it promises"),
    "plan_inception": ("Valoración inicial de OGP", "OGP inception assessment"),
    "plan_eoc": ("Informe de fin de compromiso", "End-of-Commitment report"),
    "plan_eoc_note": (
        "OGP publicó un informe de fin de compromiso; su calificación de cumplimiento no se pudo consultar desde aquí, así que no se muestra: ábralo para leerla.",
        "OGP published an End-of-Commitment report; its completion rating could not be retrieved here, so it is not shown: open the report to read it.",
    ),
    "plan_ogp_page": ("Ficha en OGP", "OGP page"),
    "plan_no_milestones": (
        "La lista de hitos de este compromiso no se encontró en las fuentes públicas: su avance es desconocido, no cero. Si la institución responsable la publica, cárguela con `nlmobility import milestones ARCHIVO` o en Administración.",
        "This commitment's milestone list was not found in public sources: its progress is unknown, not zero. If the responsible institution publishes it, load it with `nlmobility import milestones FILE` or on Administración.",
    ),
    "plan_corridors": ("Corredores del compromiso", "The commitment's corridors"),
    "plan_corridors_caption": (
        "Lo que cada corredor aporta a los hitos del compromiso ({milestones}). Abra la ficha de un corredor para ver sus documentos, contratos, talleres y lo que pasó después.",
        "What each corridor contributes to the commitment's milestones ({milestones}). Open a corridor's card for its documents, contracts, workshops and what happened next.",
    ),
    "plan_evidence_col": ("{what} (hito {seq})", "{what} (milestone {seq})"),
    "plan_ev_documents": ("Documentos", "Documents"),
    "plan_ev_contracts": ("Contratos", "Contracts"),
    "plan_ev_events": ("Talleres", "Workshops"),
    "plan_ev_geolocation": ("Trazo en el mapa", "Line on the map"),
    "plan_replied": ("Comentarios respondidos", "Comments answered"),
    "plan_replied_of": ("{replied} de {total}", "{replied} of {total}"),
    "plan_card": ("Ficha", "Card"),
    "plan_detail": ("Un compromiso en detalle", "One commitment in detail"),
    "digest_title": ("Resumen para el foro multiactor", "Digest for the multi-stakeholder forum"),
    "digest_caption": (
        "Para llevar a la sesión del foro: qué cambió desde la última sesión, qué está vencido y por cuánto, qué está atorado y por qué, y qué vence antes de la próxima; con la institución responsable y la evidencia de cada hito. Una o dos páginas. Las fechas de sesión propuestas siguen la regla del plan (cada dos meses desde el 9 de agosto de 2022): cámbielas si el foro se reunió otro día.",
        "To take to the forum session: what changed since the last session, what is overdue and by how long, what is stuck and why, and what falls due before the next; with each milestone's responsible institution and evidence. One or two pages. The proposed session dates follow the plan's rule (every two months from 9 August 2022): change them if the forum met on another day.",
    ),
    "digest_since": ("Última sesión del foro", "Last forum session"),
    "digest_next": ("Próxima sesión", "Next session"),
    "digest_commitments": ("Compromisos", "Commitments"),
    "digest_format": ("Formato", "Format"),
    "digest_download": ("Descargar el resumen", "Download the digest"),
    "digest_none_chosen": ("Elija al menos un compromiso.", "Choose at least one commitment."),
    "overdue": ("Vencidos", "Overdue"),
    "stuck": ("Atorados", "Stuck"),
    "gantt": ("Línea de tiempo (planeado y real)", "Timeline (planned and actual)"),
    "planned": ("Planeado", "Planned"),
    "actual": ("Real", "Actual"),
    "days_in_status": ("Días en el estado", "Days in status"),
    "stuck_reason": ("Motivo", "Reason"),
    "evidence": ("Evidencia", "Evidence"),
    "responsible": ("Responsable", "Responsible"),
    "history": ("Historial de cambios de estado", "Status change history"),
    "overdue_stuck": ("Vencidos y atorados", "Overdue and stuck"),
    "sample_status": (
        "Los estados de los hitos son de muestra: el avance oficial no se ha publicado.",
        "Milestone statuses are sample data: official progress has not been published.",
    ),
    "planned_start": ("Inicio planeado", "Planned start"),
    "planned_end": ("Fin planeado", "Planned end"),
    "actual_start": ("Inicio real", "Actual start"),
    "actual_end": ("Fin real", "Actual end"),
    "changed_on": ("Fecha del cambio", "Changed on"),
    "import_id": ("Carga", "Import"),
    "file_name": ("Archivo", "File"),
    "checksum_sha256": ("SHA-256", "SHA-256"),
    "rows_accepted": ("Filas aceptadas", "Rows accepted"),
    "rows_rejected": ("Filas rechazadas", "Rows rejected"),
    "imported_at": ("Fecha de carga", "Imported at"),
    "licence": ("Licencia", "Licence"),
    "is_sample": ("Muestra", "Sample"),
    "imported_by": ("Cargado por", "Imported by"),
    "dataset_version": ("Versión de datos", "Data version"),
    "contract_ref": ("Contrato", "Contract"),
    "supplier": ("Proveedor", "Supplier"),
    "concept": ("Concepto", "Concept"),
    "amount_mxn": ("Monto (MXN)", "Amount (MXN)"),
    "signed_on": ("Firmado", "Signed"),
    "url": ("Enlace", "Link"),
    "published": ("Publicado", "Published"),
    "event_date": ("Fecha", "Date"),
    "participants_total": ("Participantes", "Participants"),
    "seq": ("Núm.", "No."),
    "name": ("Nombre", "Name"),
    "length_m": ("Longitud (m)", "Length (m)"),
    "note": ("Nota", "Note"),
    "as_of": (
        "Situación de los hitos al {date} (hoy): los vencidos se cuentan hasta esta fecha.",
        "Milestone status as of {date} (today): overdue ones are counted up to this date.",
    ),
    "open_link": ("abrir", "open"),
    # Open data
    "od_intro": (
        "Descargue cada tabla en formatos abiertos. Cada descarga dice qué filtros activos respeta; "
        "las tablas que no se pueden filtrar se descargan completas y lo dicen.",
        "Download every table in open formats. Each download says which active filters it honours; "
        "tables that cannot be filtered are downloaded whole and say so.",
    ),
    "od_applied": ("Filtros que se aplican: {names}.", "Filters applied: {names}."),
    "od_ignored": ("No se aplican a esta tabla: {names}.", "Not applied to this table: {names}."),
    "od_unfiltered": (
        "{n} filas · esta tabla no se filtra: se descarga completa, sin los filtros activos.",
        "{n} rows · this table is not filtered: it downloads whole, without the active filters.",
    ),
    "od_unfiltered_one": (
        "1 fila · esta tabla no se filtra: se descarga completa, sin los filtros activos.",
        "1 row · this table is not filtered: it downloads whole, without the active filters.",
    ),
    "od_f_area": ("municipio", "municipality"),
    "od_f_corridor": ("corredor", "corridor"),
    "od_f_period": ("periodo", "period"),
    "od_f_severity": ("gravedad", "severity"),
    "od_f_mode": ("persona usuaria", "road user"),
    "od_f_buffer": ("distancia al corredor (≤ {m} m)", "distance to the corridor (≤ {m} m)"),
    "table": ("Tabla", "Table"),
    "format": ("Formato", "Format"),
    "filtered_rows": ("{n} filas con los filtros activos", "{n} rows with the active filters"),
    "prepare": ("Preparar descarga", "Prepare download"),
    "too_many": (
        "Demasiadas filas para descargar desde el navegador ({n}); use `nlmobility export` o acote los filtros.",
        "Too many rows to download from the browser ({n}); use `nlmobility export` or narrow the filters.",
    ),
    "dictionary": ("Diccionario de datos", "Data dictionary"),
    "sources": ("Fuentes y licencia", "Sources and licence"),
    "imports": ("Historial de cargas", "Import history"),
    "lake_versions": (
        "Versiones guardadas (cada carga es una versión que se puede consultar y restaurar)",
        "Saved versions (every import is a version you can read and restore)",
    ),
    "lake_snapshot": ("Versión n.º", "Version no."),
    "lake_when": ("Fecha (UTC)", "Date (UTC)"),
    "lake_author": ("Quién", "Who"),
    "lake_diff": ("Qué cambió entre dos versiones", "What changed between two versions"),
    "lake_from": ("Desde la versión", "From version"),
    "lake_to": ("Hasta la versión", "To version"),
    "lake_table": ("Tabla", "Table"),
    "lake_rows_from": ("Filas antes", "Rows before"),
    "lake_rows_to": ("Filas después", "Rows after"),
    "lake_no_diff": ("Ninguna tabla cambió de número de filas.", "No table changed its number of rows."),
    "lake_rollback": ("Volver a una versión anterior", "Go back to an earlier version"),
    "lake_rollback_help": (
        "Los datos vuelven a ser los de esa versión como una versión nueva: nada se borra y la versión actual se puede recuperar igual.",
        "The data become those of that version as a new version: nothing is deleted and the current version can be restored the same way.",
    ),
    "lake_rollback_confirm": (
        "Entiendo que todas las páginas mostrarán esos datos",
        "I understand every page will show those data",
    ),
    "lake_rollback_run": ("Restaurar", "Restore"),
    "lake_rollback_done": ("Restaurado como la versión nueva «{version}».", "Restored as the new version «{version}»."),
    "version": ("Versión de datos", "Data version"),
    "sources_text": (
        "Datos de muestra generados por `nlmobility.sample` (licencia {licence}). Geografía aproximada a partir de hechos públicos: plan de acción local de Nuevo León Abierto (OGP), INEGI (claves municipales), Metrorrey (líneas y estaciones, trazos aproximados). Los datos reales que se carguen traerán su propia fuente en la columna `source`.",
        "Sample data generated by `nlmobility.sample` (licence {licence}). Approximate geography from public facts: Nuevo León Abierto OGP local action plan, INEGI (municipal codes), Metrorrey (lines and stations, approximate). Real data loaded later carry their own source in the `source` column.",
    ),
    # Methodology
    "met_intro": (
        "Cómo se calcula cada cifra del tablero. Cada indicador tiene su fórmula, su unidad, su fuente y una explicación en lenguaje claro.",
        "How every figure in the dashboard is computed: formula, unit, source and a plain-language explanation.",
    ),
    "met_focus": (
        "Usted llegó aquí desde la cifra «{name}»: su explicación está más abajo, marcada en esta página.",
        "You came here from the figure “{name}”: its explanation is below on this page.",
    ),
    "unit": ("Unidad", "Unit"),
    "formula": ("Fórmula", "Formula"),
    "source": ("Fuente", "Source"),
    "direction": ("Dirección", "Direction"),
    "dir_up": ("más es mejor", "more is better"),
    "dir_down": ("menos es mejor", "less is better"),
    "dir_neutral": ("descriptivo", "descriptive"),
    "caveats": ("Advertencias sobre los datos", "Data caveats"),
    "caveats_text": (
        "- Los datos incluidos son **sintéticos** y los polígonos municipales y trazos son **aproximados**.\n- Las distancias, longitudes y áreas se calculan en UTM 14N (EPSG:32614); los mapas usan WGS 84 (EPSG:4326).\n- Antes/después no prueba causalidad: otros cambios (tránsito, reportes, pandemia) también influyen. Compare con la tendencia metropolitana.\n- Las cifras de participación menores a 5 se ocultan en vistas públicas.",
        "- The bundled data are **synthetic** and municipal polygons and lines are **approximate**.\n- Distances, lengths and areas are computed in UTM 14N (EPSG:32614); maps use WGS 84 (EPSG:4326).\n- Before/after does not prove causality: other changes (traffic, reporting, the pandemic) matter too. Compare with the metro trend.\n- Participation counts under 5 are hidden on public views.",
    ),
}


def lang() -> str:
    """The user's language (``es`` unless English was chosen)."""
    v = st.session_state.get(LANG_KEY, "es")
    return v if v in ("es", "en") else "es"


def t(key: str, **kwargs: Any) -> str:
    """The text of ``key`` in the user's language, formatted with ``kwargs``.

    Plurals: when ``n`` is 1 and a ``KEY_one`` text exists, that one is used ("1 fila nueva").
    """
    if str(kwargs.get("n", "")).strip() == "1" and f"{key}_one" in TEXT:
        key = f"{key}_one"
    es, en = TEXT[key]
    s = es if lang() == "es" else en
    return s.format(**kwargs) if kwargs else s


def label(prefix: str, value: str | None) -> str:
    """Translated label of a code value (status, severity, mode, milestone status)."""
    if value is None:
        return ""
    key = f"{prefix}_{value}"
    return t(key) if key in TEXT else str(value)


def _has(source: object, name: str) -> bool:
    if isinstance(source, pd.DataFrame):
        return name in source.columns
    if isinstance(source, pd.Series):
        return name in source.index
    if isinstance(source, Mapping):
        return name in source
    return hasattr(source, name)


def _get(source: object, name: str) -> Any:
    if isinstance(source, pd.DataFrame | pd.Series | Mapping):
        return source[name]
    return getattr(source, name)


def pick(source: object, field: str) -> Any:
    """``field`` of ``source`` in the user's language: ``<field>_es`` or ``<field>_en``, else ``<field>``.

    ``source`` is a DataFrame (returns the column), a row, a mapping or an object (returns the
    value). English falls back to the plain field (``error`` is English next to ``error_es``).
    """
    for name in (f"{field}_{lang()}", field):
        if _has(source, name):
            return _get(source, name)
    raise KeyError(f"{field!r} has no {lang()} version in {type(source).__name__}")
