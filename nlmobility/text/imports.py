"""The words of imports and syncs: refusals, row problems and progress, keyed: (Spanish, English). Part of the
one catalog, :mod:`nlmobility.text`; a message is made with :func:`nlmobility.text.msg`."""

from __future__ import annotations

# ruff: noqa: E501 - a text per line reads better than wrapped halves

IMPORTS: dict[str, tuple[str, str]] = {
    # ingest/api.py
    "imp_api_sample_database": (
        "{name}: esta base tiene los datos de muestra sintéticos; las filas reales se mezclarían con datos inventados. Cree una base para datos reales con `nlmobility init --db RUTA` e importe ahí, o acepte la mezcla marcando «mezclar con los datos de muestra» (las páginas dirán que las cifras son mixtas)",
        "{name}: this database holds the synthetic sample; real rows would be mixed with invented ones. Start a database for real data with `nlmobility init --db PATH` and import there, or accept the mix with --mix-with-sample (every page will then say the figures are mixed)",
    ),
    "imp_api_old_database": (
        "{file}: la base es de una versión anterior (falta la tabla {tables}); actualícela primero: nlmobility upgrade --db {db}",
        "{file}: the database was made by an earlier version (no table {tables}); bring it up to date first: nlmobility upgrade --db {db}",
    ),
    "imp_api_no_municipality": (
        "{file}: municipio {cvegeo}: no hay municipio con esa clave en la base (importe primero los límites)",
        "{file}: --municipality {cvegeo}: no municipality with that code in the database (import the boundaries first)",
    ),
    "imp_api_required_at": (
        "fila {row}, columna {column}: falta un valor obligatorio",
        "row {row}, column {column}: a value is required",
    ),
    "imp_api_required": ("columna {column}: falta un valor obligatorio", "column {column}: a value is required"),
    "imp_api_exists_at": (
        "fila {row}, columna {column}: {value} ya existe",
        "row {row}, column {column}: {value} already exists",
    ),
    "imp_api_exists": ("columna {column}: {value} ya existe", "column {column}: {value} already exists"),
    "imp_api_not_allowed": (
        "un valor fuera de los permitidos ({check}): {said}",
        "a value outside the allowed ones ({check}): {said}",
    ),
    "imp_api_database_refused": (
        "la base de datos rechazó las filas de {kind}: {said}",
        "the database refused the rows of {kind}: {said}",
    ),
    "imp_api_unknown_kind": (
        "{name}: tipo de datos desconocido {kind}; use uno de: {kinds}",
        "{name}: unknown kind {kind}; use one of: {kinds}",
    ),
    "imp_api_no_valid_rows": ("{name}: no hay filas válidas para cargar", "{name}: no valid rows to import"),
    "imp_api_feed_not_written": (
        "no se pudo escribir el registro de novedades: {error}",
        "the change feed could not be written: {error}",
    ),
    "imp_api_held_back": (
        "{file}: no se guardó porque {refused} fue rechazado",
        "{file}: not saved because {refused} was refused",
    ),
    # Cell parsers (ingest/cells.py): why one cell is not a value of its field's type
    "imp_cells_not_date_month_first": (
        "no es una fecha: {v!r} (esta columna escribe mm/dd/aaaa)",
        "not a date: {v!r} (this column writes mm/dd/aaaa)",
    ),
    "imp_cells_not_date": (
        "no es una fecha: {v!r} (use dd/mm/aaaa o aaaa-mm-dd)",
        "not a date: {v!r} (use dd/mm/aaaa or aaaa-mm-dd)",
    ),
    "imp_cells_hour_above_23": ("no es una hora: {v!r} (hora mayor que 23)", "not a time: {v!r} (hour above 23)"),
    "imp_cells_not_time": ("no es una hora: {v!r}", "not a time: {v!r}"),
    "imp_cells_not_time_format": (
        "no es una hora: {v!r} (use HH:MM o HH:MM:SS, hora local sin zona)",
        "not a time: {v!r} (use HH:MM or HH:MM:SS, local time without a zone)",
    ),
    "imp_cells_ampm_hour": (
        "no es una hora: {v!r} (hora a.m./p.m. fuera de 1-12)",
        "not a time: {v!r} (a.m./p.m. hour outside 1-12)",
    ),
    "imp_cells_time_out_of_range": ("no es una hora: {v!r} (fuera de rango)", "not a time: {v!r} (out of range)"),
    "imp_cells_count_comma": (
        "número ambiguo {v!r}: una coma que no separa miles (un conteo no lleva decimales)",
        "ambiguous number {v!r}: a comma that is not a thousands separator (a count has no decimals)",
    ),
    "imp_cells_not_whole": ("no es un número entero: {v!r}", "not a whole number: {v!r}"),
    "imp_cells_negative_count": ("conteo negativo: {v!r}", "negative count: {v!r}"),
    "imp_cells_number_comma": (
        "número ambiguo {v!r}: ¿la coma es decimal o separa miles? Use punto decimal",
        "ambiguous number {v!r}: is the comma a decimal or a thousands separator? Use a point for decimals",
    ),
    "imp_cells_not_number": ("no es un número: {v!r}", "not a number: {v!r}"),
    "imp_cells_not_finite": ("no es un número finito: {v!r}", "not a finite number: {v!r}"),
    "imp_cells_not_url": ("no es una dirección web (http o https): {v!r}", "not a web address (http or https): {v!r}"),
    "imp_cells_not_latlon": (
        "no es un par de coordenadas (latitud, longitud): {v!r}",
        "not a pair of coordinates (latitude, longitude): {v!r}",
    ),
    "imp_cells_not_color": ("no es un color (#RRGGBB): {v!r}", "not a colour (#RRGGBB): {v!r}"),
    "imp_cells_control_char": (
        "el texto contiene un carácter de control o no válido ({code}) en la posición {position}",
        "the text holds a control or invalid character ({code}) at position {position}",
    ),
    "imp_cells_not_bool": ("no es sí/no: {v!r}", "not yes/no: {v!r}"),
    # Reading a file (ingest/read.py): import limits, refusals of the whole file, notes on how it was read
    "imp_read_over_rows": (
        "{name}: demasiadas filas: {value:,}; el límite es {bound:,} (ajuste {setting})",
        "{name}: too many rows: {value:,}; the limit is {bound:,} (setting {setting})",
    ),
    "imp_read_over_rows_at_least": (
        "{name}: al menos demasiadas filas: {value:,}; el límite es {bound:,} (ajuste {setting})",
        "{name}: at least too many rows: {value:,}; the limit is {bound:,} (setting {setting})",
    ),
    "imp_read_over_expanded": (
        "{name}: el contenido se expande a demasiados bytes: {value:,}; el límite es {bound:,} (ajuste {setting})",
        "{name}: the content expands to too many bytes: {value:,}; the limit is {bound:,} (setting {setting})",
    ),
    "imp_read_over_vertices_in_geometry": (
        "{name}: fila {row}, columna 'geometry': vértices en una geometría: {value:,}; el límite es {bound:,} (ajuste {setting})",
        "{name}: row {row}, column 'geometry': vertices in one geometry: {value:,}; the limit is {bound:,} (setting {setting})",
    ),
    "imp_read_over_vertices_in_file": (
        "{name}: vértices en el archivo: {value:,}; el límite es {bound:,} (ajuste {setting})",
        "{name}: vertices in the file: {value:,}; the limit is {bound:,} (setting {setting})",
    ),
    "imp_read_row_holds_nul": (
        "{name}: fila {row}, columna {column!r}: el valor {shown} contiene un carácter NUL (código 0), que un texto nunca lleva",
        "{name}: row {row}, column {column!r}: the value {shown} holds a NUL character (code 0), which text never contains",
    ),
    "imp_read_row_holds_surrogate": (
        "{name}: fila {row}, columna {column!r}: el valor {shown} contiene un sustituto UTF-16 suelto (medio carácter), que no es texto",
        "{name}: row {row}, column {column!r}: the value {shown} holds a lone UTF-16 surrogate (half of a character), which is not text",
    ),
    "imp_read_feature_holds_nul": (
        "{name}: elemento {row}, columna {column!r}: el valor {shown} contiene un carácter NUL (código 0), que un texto nunca lleva",
        "{name}: feature {row}, column {column!r}: the value {shown} holds a NUL character (code 0), which text never contains",
    ),
    "imp_read_feature_holds_surrogate": (
        "{name}: elemento {row}, columna {column!r}: el valor {shown} contiene un sustituto UTF-16 suelto (medio carácter), que no es texto",
        "{name}: feature {row}, column {column!r}: the value {shown} holds a lone UTF-16 surrogate (half of a character), which is not text",
    ),
    "imp_read_unsupported_type": (
        "{name}: tipo de archivo no admitido {suffix}; use CSV, XLSX, GeoJSON, GeoPackage, Shapefile en zip o GeoParquet",
        "{name}: unsupported file type {suffix}; use CSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile or GeoParquet",
    ),
    "imp_read_no_file_type": (
        "{name}: tipo de archivo no admitido (ninguno); use CSV, XLSX, GeoJSON, GeoPackage, Shapefile en zip o GeoParquet",
        "{name}: unsupported file type (none); use CSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile or GeoParquet",
    ),
    "imp_read_not_json": ("{name}: no es JSON válido: {error}", "{name}: not valid JSON: {error}"),
    "imp_read_empty_parts": (
        "{count} geometrías tenían partes vacías (filas {rows}); se quitaron las partes vacías",
        "{count} geometries had empty parts (rows {rows}); the empty parts were removed",
    ),
    "imp_read_missing": ("{name}: el archivo no existe", "{name}: the file does not exist"),
    "imp_read_empty_file": ("{name}: el archivo está vacío (0 bytes)", "{name}: the file is empty (0 bytes)"),
    "imp_read_too_large": (
        "{name}: el archivo es demasiado grande ({size:,} bytes; el límite es {limit:,})",
        "{name}: the file is too large ({size:,} bytes; the limit is {limit:,})",
    ),
    "imp_read_cannot_decode": (
        "{name}: no se puede leer el texto (se probó UTF-8, {tried})",
        "{name}: cannot decode the text (tried UTF-8, {tried})",
    ),
    "imp_read_binary": ("{name}: es un archivo binario, no texto CSV", "{name}: this is a binary file, not CSV text"),
    "imp_read_mac_line_endings": (
        "finales de línea de Mac clásico (CR) leídos como saltos de línea",
        "classic Mac line endings (CR) read as line breaks",
    ),
    "imp_read_nul_byte": (
        "{name}: fila {line}: el valor contiene un carácter NUL (byte 0), que un archivo de texto nunca lleva",
        "{name}: row {line}: the value holds a NUL character (byte 0), which text files never contain",
    ),
    "imp_read_trailing_delimiter": (
        "{trailing} filas terminaban con un campo vacío de más (un separador al final); se ignoró",
        "{trailing} rows ended with an extra empty field (a trailing delimiter); it was ignored",
    ),
    "imp_read_too_many_values": (
        "{name}: fila {line}: {values} valores pero el encabezado tiene {columns} columnas",
        "{name}: row {line}: {values} values but the header has {columns} columns",
    ),
    "imp_read_malformed_csv": (
        "{name}: fila {line}: el CSV está mal formado: {exc}",
        "{name}: row {line}: the CSV is malformed: {exc}",
    ),
    "imp_read_no_header": ("{name}: fila 1: no hay encabezados ni datos", "{name}: row 1: no header row and no data"),
    "imp_read_duplicate_column": (
        "{name}: fila 1, columna {column!r}: es la misma columna que {same!r}; deje una o cambie su nombre",
        "{name}: row 1, column {column!r}: the same column as {same!r} appears twice; keep one or rename it",
    ),
    "imp_read_bad_spreadsheet": (
        "{name}: no se puede leer la hoja de cálculo: {exc}",
        "{name}: cannot read the spreadsheet: {exc}",
    ),
    "imp_read_uncalculated_formula": (
        "{name}: fila {row}, columna {column!r}: la fórmula {formula!r} no tiene valor calculado; abra el archivo en una hoja de cálculo y guárdelo de nuevo",
        "{name}: row {row}, column {column!r}: the formula {formula!r} has no calculated value; open the file in a spreadsheet and save it again",
    ),
    "imp_read_zip_no_shp": ("{name}: el zip no contiene un archivo .shp", "{name}: the zip holds no .shp file"),
    "imp_read_no_such_layer": (
        "{name}: no existe la capa {layer!r}; el archivo tiene: {layers}",
        "{name}: layer {layer!r} not found; the file has: {layers}",
    ),
    "imp_read_many_layers": (
        "{name}: el archivo tiene {count} capas ({layers}); elija una en «capa»",
        "{name}: the file has {count} layers ({layers}); choose one with --layer",
    ),
    "imp_read_damaged_zip": ("{name}: archivo zip dañado", "{name}: damaged zip file"),
    "imp_read_unreadable_geo": (
        "{name}: no se puede leer el archivo como {format}: {error}",
        "{name}: cannot read the file as {format}: {error}",
    ),
    "imp_read_geojson_no_crs": (
        "sin sistema de referencia declarado; GeoJSON es WGS 84 por definición",
        "no CRS declared; GeoJSON is WGS 84 by definition",
    ),
    "imp_read_no_crs": (
        "{name}: columna geometry: no se declara el sistema de referencia de coordenadas (¿falta el archivo .prj?)",
        "{name}: column geometry: no coordinate reference system declared (a .prj file is missing?)",
    ),
    "imp_read_reprojected": ("reproyectado de {crs} a EPSG:4326", "reprojected from {crs} to EPSG:4326"),
    "imp_read_no_data_rows": (
        "{name}: fila 2: el archivo tiene encabezados (fila 1) pero ninguna fila de datos",
        "{name}: row 2: the file has a header (row 1) but no data rows",
    ),
    "imp_read_cell_too_long": (
        "{name}: fila {row}, columna {column!r}: el valor tiene {length:,} caracteres (límite {limit:,})",
        "{name}: row {row}, column {column!r}: the value is {length:,} characters long (limit {limit:,})",
    ),
    # Row rules (ingest/rules.py): codes, sums, date order, intersections
    "imp_rules_no_site": (
        "sin sitio de conteo: el archivo no tiene columna de sitio y no se indicó uno (--site NOMBRE --lat Y --lon X)",
        "no counting site: the file has no site column and none was given (--site NAME --lat Y --lon X)",
    ),
    "imp_rules_no_count": (
        "la fila no trae ningún conteo (peatones, ciclistas, motociclistas o vehículos)",
        "no count in the row (pedestrians, cyclists, motorcyclists or vehicles)",
    ),
    "imp_rules_outside_municipality": (
        "punto a {km:.1f} km fuera de {name}, el municipio del archivo",
        "point {km:.1f} km outside {name}, the municipality the file is about",
    ),
    "imp_rules_not_intersection": (
        "no es un cruce de dos calles («A con B»): {name!r}",
        "not an intersection of two streets ('A con B'): {name!r}",
    ),
    "imp_rules_unmatched": (
        "ninguna intersección importada coincide con {given!r}",
        "no imported intersection matches {given!r}",
    ),
    "imp_rules_ambiguous": (
        "{given!r} podría ser {count} intersecciones ({shown}): no se ubica",
        "{given!r} could be {count} intersections ({shown}): not placed",
    ),
    "imp_rules_weak": (
        "{given!r} se parece a {shown!r} solo de lejos: no se ubica",
        "{given!r} matches {shown!r} only weakly: not placed",
    ),
    "imp_rules_date_order": (
        "{later} {later_date} es anterior a {earlier} {earlier_date}",
        "{later} {later_date} is before {earlier} {earlier_date}",
    ),
    "imp_rules_columns_not_read": (
        "columnas {names} no leídas: la fecha viene de {source}",
        "columns {names} not read: the date comes from {source}",
    ),
    "imp_rules_not_inegi_code": (
        "no es una clave municipal del INEGI: {code!r}",
        "not an INEGI municipality code: {code!r}",
    ),
    "imp_rules_groups_sum": (
        "{groups} = {added} pero participants_total = {total}",
        "{groups} = {added} but participants_total = {total}",
    ),
    "imp_rules_planned_end_first": (
        "el fin planeado es anterior al inicio planeado",
        "planned end before planned start",
    ),
    "imp_rules_history_backwards": (
        "status_since {since} es anterior al último cambio registrado del hito ({last}): el historial no puede retroceder",
        "status_since {since} is before the milestone's last recorded change ({last}): the history cannot go backwards",
    ),
    "imp_rules_reply_without_text": ("fecha de respuesta sin texto de respuesta", "a reply date without a reply text"),
    "imp_rules_unknown_line_status": (
        "estado desconocido {status!r}; use operating o under_construction",
        "unknown status {status!r}; use operating or under_construction",
    ),
    "imp_rules_unknown_code": (
        "{name} desconocido {value!r}; use uno de {allowed}",
        "unknown {name} {value!r}; use one of {allowed}",
    ),
    "imp_rules_no_date": ("sin fecha", "no date"),
    "imp_rules_year_disagrees": (
        "el año {year} no coincide con la fecha {date}",
        "year {year} disagrees with date {date}",
    ),
    "imp_rules_unknown_severity": (
        "gravedad desconocida {severity!r}; use fatal, injury o damage",
        "unknown severity {severity!r}; use fatal, injury or damage",
    ),
    "imp_rules_severity_conflict": (
        "la gravedad {sev!r} no coincide con fallecidos={killed}, lesionados={injured}",
        "severity {sev!r} disagrees with killed={killed}, injured={injured}",
    ),
    "imp_rules_group_exceeds": (
        "{names} es mayor que {of} = {whole} (un grupo es parte de su total)",
        "{names} exceed {of} = {whole} (a group is part of its total)",
    ),
    "imp_rules_group_exceeds_one": (
        "{names} es mayor que {of} = {whole} (un grupo es parte de su total)",
        "{names} exceeds {of} = {whole} (a group is part of its total)",
    ),
    "imp_rules_not_a_date": ("no es una fecha: {date[year]}-{date[month]}-{date[day]}", "not a date: {date[error]}"),
    # The table check (ingest/validate.py): columns, cells, dates, geometries, duplicates, placement notes
    "imp_validate_map_not_field": (
        "{file}: columna {src!r}: --map {src}={dst}: {dst!r} no es un campo de {kind} (campos: {fields})",
        "{file}: column {src!r}: --map {src}={dst}: {dst!r} is not a field of {kind} (fields: {fields})",
    ),
    "imp_validate_map_no_column": (
        "{file}: columna {src!r}: --map {src}={dst}: el archivo no tiene la columna {src!r} (columnas: {columns})",
        "{file}: column {src!r}: --map {src}={dst}: the file has no column {src!r} (columns: {columns})",
    ),
    "imp_validate_empty": ("falta un valor obligatorio", "required value is empty"),
    "imp_validate_too_long": (
        "valor demasiado largo ({length} caracteres, límite {limit})",
        "value too long ({length} characters, limit {limit})",
    ),
    "imp_validate_implausible": (
        "valor inverosímil {value!r} (mayor que {limit:,.0f})",
        "implausible value {value!r} (above {limit:,.0f})",
    ),
    "imp_validate_future_date": ("fecha en el futuro: {date}", "date in the future: {date}"),
    "imp_validate_date_too_old": ("fecha demasiado antigua: {date}", "date too old: {date}"),
    "imp_validate_mixed_date_order": (
        "{file}: la columna {src!r} mezcla fechas con el día primero y con el mes primero: la fila {day_row} {day_value!r} solo puede ser día/mes y la fila {month_row} {month_value!r} solo mes/día. Escriba toda la columna de una forma (aaaa-mm-dd es la más segura)",
        "{file}: column {src!r} mixes day-first and month-first dates: row {day_row} {day_value!r} can only be day/month, row {month_row} {month_value!r} only month/day. Write the whole column one way (aaaa-mm-dd is safest)",
    ),
    "imp_validate_month_first": (
        "fechas de {src!r} leídas con el mes primero (mm/dd/aaaa) en todas las celdas: la fila {row} escribe {text!r}",
        "dates in {src!r} read month first (mm/dd/aaaa) for every cell: row {row} writes {text!r}",
    ),
    "imp_validate_ambiguous_dates": (
        "las fechas de {src!r} son ambiguas ({cells} celdas como 02/01/2023, día y mes ambos 12 o menos, y ninguna muestra el orden): se leyeron con el día primero (dd/mm/aaaa); revíselas",
        "dates in {src!r} are ambiguous ({cells} cells like 02/01/2023, day and month both 12 or less, and none that shows the order): read day first (dd/mm/aaaa); check them",
    ),
    "imp_validate_unknown_reference": (
        "{name} desconocido {value!r}: no hay {table} con ese {column}",
        "unknown {name} {value!r}: there is no {table} with that {column}",
    ),
    "imp_validate_no_time": (
        "{no_time} filas sin hora del día (se conserva la fecha; no cuentan en hora × día)",
        "{no_time} rows have no time of day (date kept; left out of hour × weekday)",
    ),
    "imp_validate_unknown_severity": (
        "{unknown} filas con gravedad sin dato (sin conteo de lesionados ni fallecidos)",
        "{unknown} rows have unknown severity (no injured or killed counts)",
    ),
    "imp_validate_swapped": (
        "{swapped} filas tenían latitud y longitud invertidas; se corrigieron",
        "{swapped} rows had latitude and longitude swapped; corrected",
    ),
    "imp_validate_repaired": (
        "{repaired} geometrías no válidas reparadas (make_valid)",
        "{repaired} invalid geometries repaired (make_valid)",
    ),
    "imp_validate_outside_rows": (
        "{outside} filas rechazadas: punto fuera de Nuevo León",
        "{outside} rows refused: point outside Nuevo León",
    ),
    "imp_validate_missing_columns": (
        "{file}: faltan columnas obligatorias para {kind}: {missing} (columnas encontradas: {columns})",
        "{file}: missing required columns for {kind}: {missing} (columns found: {columns})",
    ),
    "imp_validate_decimal_commas": (
        "comas decimales leídas en {columns} (el archivo escribe 25,67 por 25.67)",
        "decimal commas read in {columns} (the file writes 25,67 for 25.67)",
    ),
    "imp_validate_placed": (
        "{placed:,} de {tried:,} filas ubicadas por su intersección ({rate:.1f} %): {exact:,} por el nombre exacto, {n_loose:,} por una coincidencia aproximada ({loose:,} nombres, cada uno con el nombre elegido en el reporte JSON); {unmatched:,} nombres sin ubicar ({ambiguous:,} podrían ser varias intersecciones o se parecen solo de lejos)",
        "{placed:,} of {tried:,} rows placed by their intersection ({rate:.1f} %): {exact:,} by the exact name, {n_loose:,} by a looser match ({loose:,} names, each with the gazetteer name chosen in the JSON report); {unmatched:,} names not placed ({ambiguous:,} of them could be several intersections or match only weakly)",
    ),
    "imp_validate_looser_matches": (
        "coincidencias aproximadas (las más frecuentes primero; todas en el reporte JSON): {top}",
        "looser matches (most frequent first; all in the JSON report): {top}",
    ),
    "imp_validate_not_placed": (
        "intersecciones sin ubicar (las más frecuentes primero; todas en el reporte JSON): {top}",
        "intersections not placed (most frequent first; all in the JSON report): {top}",
    ),
    "imp_validate_point_outside_nl": (
        "punto fuera de Nuevo León: lon {lon}, lat {lat}",
        "point outside Nuevo León: lon {lon}, lat {lat}",
    ),
    "imp_validate_empty_geometry": ("geometría vacía", "empty geometry"),
    "imp_validate_invalid_geometry": (
        "geometría no válida que no se puede reparar con seguridad: {why}",
        "invalid geometry that cannot be repaired safely: {why}",
    ),
    "imp_validate_wrong_geometry": (
        "se esperaba una geometría de tipo {expected}, llegó {got}",
        "expected a {expected} geometry, got {got}",
    ),
    "imp_validate_geometry_outside_nl": (
        "geometría fuera de Nuevo León (límites {minx:.3f}, {miny:.3f}, {maxx:.3f}, {maxy:.3f})",
        "geometry outside Nuevo León (bounds {minx:.3f}, {miny:.3f}, {maxx:.3f}, {maxy:.3f})",
    ),
    "imp_validate_no_coordinates": ("sin coordenadas", "no coordinates"),
    "imp_validate_bad_value": ("valor no válido ({cell[type]}): {cell[raw]!r}", "{cell[error]}"),
    "imp_validate_duplicate_row": (
        "repite la fila {row} (todas las columnas)",
        "duplicate of row {row} (every column)",
    ),
    "imp_validate_duplicate_key": ("repite la fila {row} ({columns})", "duplicate of row {row} ({columns})"),
    # Records already stored from another file (ingest/stored.py)
    "imp_stored_conflict": (
        "{key_field} {key_value} ya está guardado con {field} {stored}, no {given}: una corrección se carga como nueva versión del archivo del que vino, con el mismo nombre",
        "{key_field} {key_value} is already stored with {field} {stored}, not {given}: a correction is imported as a new version of the file it came from, under the same name",
    ),
    # New versions of a source (ingest/versions.py)
    "imp_versions_mass_removal": (
        "esta versión de la fuente quitaría {removed:,} de sus {stored:,} registros guardados ({share}), más de lo que quita una corrección. Si es la nueva versión completa, cárguela marcando «reemplazar»; si solo agrega un periodo, marque «agregar». La base de datos no cambió",
        "this version of the source would remove {removed:,} of its {stored:,} stored records ({share}), more than a correction does. If it is the whole new version, import it with --replace; if it only adds a period, use --append. The database is unchanged",
    ),
    # Writing the rows (ingest/inserts.py): notes for the report
    "imp_inserts_crash_municipality": (
        "municipio de cada siniestro nuevo: {declared:,} el municipio declarado del archivo ({border:,} de ellos hasta la tolerancia fuera del límite), {in_file:,} dados en el archivo, {by_polygon:,} por los límites municipales, {outside:,} fuera de todo límite importado (sin municipio)",
        "municipality of each new crash: {declared:,} the file's declared municipality ({border:,} of them up to the border tolerance outside it), {in_file:,} given in the file, {by_polygon:,} from the municipal boundaries, {outside:,} outside every imported boundary (no municipality)",
    ),
    "imp_inserts_linked_source": (
        "{source}: {linked:,} ({richer:,} se cuentan ahora con el registro más completo de este archivo)",
        "{source}: {linked:,} ({richer:,} now counted from this file's richer record)",
    ),
    "imp_inserts_linked": (
        "{records:,} registros describen siniestros ya guardados de otra fuente y se cuentan una sola vez (vinculados; ver la tabla crash_link): {said[es]}",
        "{records:,} records describe crashes already stored from another source and are counted once (linked; see the table crash_link): {said[en]}",
    ),
    "imp_inserts_coverage_given": (
        "cobertura registrada: {municipalities} municipios, del {start} al {end} (la indicada)",
        "coverage recorded: {municipalities} municipalities, {start} to {end} (as given)",
    ),
    "imp_inserts_coverage_from_dates": (
        "cobertura registrada: {municipalities} municipios, del {start} al {end} (según las fechas de los siniestros; --period la fija)",
        "coverage recorded: {municipalities} municipalities, {start} to {end} (from the crash dates; --period sets it)",
    ),
    "imp_inserts_population_kept": (
        "población: {kept} municipios conservan la conocida ({source}); {given} dadas en el archivo",
        "population: {kept} municipalities keep the one known ({source}); {given} given in the file",
    ),
    "imp_inserts_population_kept_previous": (
        "población: {kept} municipios conservan la conocida (la importación anterior); {given} dadas en el archivo",
        "population: {kept} municipalities keep the one known (the previous import); {given} given in the file",
    ),
    # The portal sync (sync.py): settings, the portal's answers, the export
    "sync_datasets_not_toml": (
        "NLMOBILITY_PORTAL_DATASETS={given}: no se puede leer como TOML: {exc}",
        "NLMOBILITY_PORTAL_DATASETS={given}: cannot be read as TOML: {exc}",
    ),
    "sync_dataset_without_id": ("{given}: el conjunto {i} no tiene id", "{given}: dataset {i} has no id"),
    "sync_no_datasets": ("{given}: no lista ningún [[dataset]]", "{given}: no [[dataset]] listed"),
    "sync_portal_refused": (
        "el portal respondió {code} {reason} para {url}",
        "the portal answered {code} {reason} for {url}",
    ),
    "sync_portal_failed": (
        "el portal respondió {code} {reason} para {url} ({attempts} intentos)",
        "the portal answered {code} {reason} for {url} ({attempts} attempts)",
    ),
    "sync_portal_unreachable": (
        "no se pudo llegar al portal en {url}: {reason} ({attempts} intentos)",
        "the portal could not be reached at {url}: {reason} ({attempts} attempts)",
    ),
    "sync_metadata_not_json": (
        "los metadatos de {dataset} no son JSON",
        "the portal's metadata for {dataset} is not JSON",
    ),
    "sync_metadata_unreadable": (
        "no se pudieron leer los metadatos de {dataset}: {exc}",
        "the portal's metadata for {dataset} could not be read: {exc}",
    ),
    "sync_metadata_not_dataset": (
        "los metadatos de {dataset} no son de un conjunto",
        "the portal's metadata for {dataset} is not a dataset",
    ),
    "sync_export_too_large": (
        "la exportación pasa de {limit:,} bytes (NLMOBILITY_PORTAL_MAX_BYTES)",
        "the export is larger than {limit:,} bytes (NLMOBILITY_PORTAL_MAX_BYTES)",
    ),
    "sync_export_cut_off_after": (
        "la exportación llegó cortada tras {got:,} bytes",
        "the export was cut off after {got:,} bytes",
    ),
    "sync_export_failed": ("no se pudo descargar la exportación: {exc}", "the export could not be downloaded: {exc}"),
    "sync_export_cut_off": (
        "la exportación llegó cortada: {size:,} de {declared:,} bytes",
        "the export was cut off: {size:,} of {declared:,} bytes",
    ),
    "sync_export_empty": ("la exportación está vacía", "the export is empty"),
    "sync_portal_url_not_http": (
        "NLMOBILITY_PORTAL_URL={base!r} no es una dirección http(s)",
        "NLMOBILITY_PORTAL_URL={base!r} is not an http(s) address",
    ),
    "sync_unknown_datasets": ("no es un conjunto configurado: {unknown}", "not a configured dataset: {unknown}"),
    "sync_unexpected_error": ("error inesperado: {error}: {exc}", "unexpected error: {error}: {exc}"),
    "sync_rows_refused": (
        "{rejected:,} filas rechazadas (ver la pestaña Calidad de datos)",
        "{rejected:,} rows refused (see nlmobility check)",
    ),
    # Storage problems of the database file (db.py): what is wrong with the path and how to fix it
    "db_directory": (
        "La ruta de la base de datos {path} es una carpeta, no un archivo DuckDB. Apunte NLMOBILITY_DB (o --db) al archivo de la base (por ejemplo {example}).",
        "The database path {path} is a directory, not a DuckDB file. Set NLMOBILITY_DB (or --db) to the database file (for example {example}).",
    ),
    "db_unreadable": (
        "No se puede leer la base de datos {path} ({why}). Dé permiso de lectura al usuario que ejecuta nlmobility (por ejemplo `chmod a+r {path}`), o apunte nlmobility_db (o --db) al archivo de la base de una copia legible.",
        "The database {path} cannot be read ({why}). Give the user that runs nlmobility read access to it (for example `chmod a+r {path}`), or set nlmobility_db (or --db) to the database file of a readable copy.",
    ),
    "db_not_duckdb": (
        "La ruta de la base de datos {path} no es una base DuckDB (el archivo no empieza como una). Apunte NLMOBILITY_DB (o --db) al archivo de la base, o aparte este archivo y cree una nueva con `nlmobility init --db ARCHIVO`.",
        "The database path {path} is not a valid DuckDB database (the file does not start as one). Set NLMOBILITY_DB (or --db) to the database file, or move this file away and make a new one with `nlmobility init --db FILE`.",
    ),
    "db_damaged": (
        "La base de datos {path} está dañada o truncada (DuckDB dice: {said}). Restáurela de una copia de respaldo o cree una nueva (`nlmobility init --db ARCHIVO` para datos reales, `nlmobility build --db ARCHIVO` para la muestra).",
        "The database {path} is damaged or truncated (DuckDB says: {said}). Restore it from a backup, or make a new one (`nlmobility init --db FILE` for real data, `nlmobility build --db FILE` for the sample).",
    ),
    "db_foreign": (
        "La base de datos {path} es un archivo DuckDB sin las tablas de nlmobility (DuckDB dice: {said}). Apunte NLMOBILITY_DB (o --db) al archivo de la base de nlmobility, o actualice una base de una versión anterior con `nlmobility upgrade --db ARCHIVO`.",
        "The database {path} is a DuckDB file without nlmobility's tables (DuckDB says: {said}). Set NLMOBILITY_DB (or --db) to the database file of nlmobility, or bring a database of an earlier version up to date with `nlmobility upgrade --db FILE`.",
    ),
}
