"""Read an uploaded file into a frame: detect format, encoding and delimiter with well-kept libraries.

CSV: encoding from the BOM, else strict UTF-8, else charset-normalizer (Latin-1/Windows-1252 and
friends); delimiter by ``csv.Sniffer``; parsed by pandas with every cell as text. XLSX by pandas
(openpyxl). GeoJSON, GeoPackage, zipped Shapefile and GeoParquet by GeoPandas/pyogrio, with the
declared CRS honoured and reprojected to EPSG:4326.
"""

from __future__ import annotations

import csv
import io
import pathlib
import zipfile
from dataclasses import dataclass, field

import charset_normalizer
import geopandas as gpd
import pandas as pd

from nlmobility.ingest.messages import m

MAX_BYTES = 200 * 1024 * 1024
MAX_CELL_CHARS = 5_000


class ImportRefused(Exception):
    """The whole file is refused; the message names the file and the row or column."""


@dataclass
class Table:
    """A file read as text cells: the frame, how it was read (format, encoding, delimiter, CRS) and its first data row number."""

    frame: pd.DataFrame
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    crs: str | None = None
    notes: list[str] = field(default_factory=list)
    #: file row number of each frame row (1 = header line for CSV, so data start at 2)
    first_row: int = 2


GEO_SUFFIXES = {".geojson", ".json", ".gpkg", ".zip", ".parquet", ".geoparquet", ".shp"}


def read_any(path: pathlib.Path) -> Table:
    """Read a CSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile or GeoParquet file; refuse anything else with a reason."""
    name = path.name
    if not path.is_file():
        raise ImportRefused(m(f"{name}: the file does not exist", f"{name}: el archivo no existe"))
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused(m(f"{name}: the file is empty (0 bytes)", f"{name}: el archivo está vacío (0 bytes)"))
    if size > MAX_BYTES:
        raise ImportRefused(
            m(
                f"{name}: the file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})",
                f"{name}: el archivo es demasiado grande ({size:,} bytes; el límite es {MAX_BYTES:,})",
            )
        )
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in GEO_SUFFIXES:
        return _read_geo(path)
    raise ImportRefused(
        m(
            f"{name}: unsupported file type {suffix or '(none)'}; use CSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile or GeoParquet",
            f"{name}: tipo de archivo no admitido {suffix or '(ninguno)'}; use CSV, XLSX, GeoJSON, GeoPackage, Shapefile en zip o GeoParquet",
        )
    )


def _decode(path: pathlib.Path, raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(raw[:1_000_000]).best()
    enc = best.encoding if best is not None else "cp1252"
    if enc.replace("_", "").lower() in ("ascii", "utf8"):
        enc = "cp1252"
    try:
        return raw.decode(enc), enc
    except (UnicodeDecodeError, LookupError) as exc:
        raise ImportRefused(
            m(
                f"{path.name}: cannot decode the text (tried UTF-8 and {enc})",
                f"{path.name}: no se puede leer el texto (se probó UTF-8 y {enc})",
            )
        ) from exc


def _read_csv(path: pathlib.Path) -> Table:
    raw = path.read_bytes()
    if b"\x00" in raw[:65536] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(
            m(f"{path.name}: this is a binary file, not CSV text", f"{path.name}: es un archivo binario, no texto CSV")
        )
    text, enc = _decode(path, raw)
    sample = text[:65536]
    first_line = sample.splitlines()[0] if sample.splitlines() else ""
    try:
        delim = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: first_line.count(d) for d in ",;\t|"}
        delim = max(counts, key=lambda d: counts[d]) if max(counts.values()) > 0 else ","
    header = next(csv.reader(io.StringIO(first_line), delimiter=delim), [])
    names = [h.strip().lstrip("\ufeff") for h in header]
    for i, h in enumerate(names):
        if h and names.index(h) != i:
            raise ImportRefused(
                m(
                    f"{path.name}: row 1, column {h!r}: the column appears more than once",
                    f"{path.name}: fila 1, columna {h!r}: la columna aparece más de una vez",
                )
            )
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=delim,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            engine="python",
            on_bad_lines="error",
        )
    except pd.errors.EmptyDataError as exc:
        raise ImportRefused(
            m(f"{path.name}: row 1: no header row and no data", f"{path.name}: fila 1: no hay encabezados ni datos")
        ) from exc
    except (pd.errors.ParserError, csv.Error) as exc:
        bad = _bad_csv_row(text, delim)
        raise ImportRefused(
            m(
                f"{path.name}: row {bad}: the CSV is malformed: {exc}",
                f"{path.name}: fila {bad}: el CSV está mal formado: {exc}",
            )
        ) from exc
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    _check_cells(path.name, df)
    return Table(df, "csv", encoding=enc, delimiter=delim)


def _bad_csv_row(text: str, delim: str) -> int | str:
    """Row (line) where the standard csv reader fails, or where the field count changes."""
    reader = csv.reader(io.StringIO(text), delimiter=delim, strict=True)
    width = None
    try:
        for row in reader:
            if width is None:
                width = len(row)
            elif row and len(row) != width:
                return reader.line_num
    except csv.Error:
        return reader.line_num
    return reader.line_num or "?"


def _read_xlsx(path: pathlib.Path) -> Table:
    try:
        df = pd.read_excel(path, dtype=str, keep_default_na=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ImportRefused(
            m(
                f"{path.name}: cannot read the spreadsheet: {exc}",
                f"{path.name}: no se puede leer la hoja de cálculo: {exc}",
            )
        ) from exc
    df.columns = [str(c).strip() for c in df.columns]
    _check_cells(path.name, df)
    return Table(df, "xlsx")


def _read_geo(path: pathlib.Path) -> Table:
    suffix = path.suffix.lower()
    notes: list[str] = []
    try:
        if suffix in (".parquet", ".geoparquet"):
            gdf = gpd.read_parquet(path)
        elif suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                shps = [n for n in zf.namelist() if n.lower().endswith(".shp")]
            if not shps:
                raise ImportRefused(
                    m(f"{path.name}: the zip holds no .shp file", f"{path.name}: el zip no contiene un archivo .shp")
                )
            gdf = gpd.read_file(f"zip://{path}!{shps[0]}")
        else:
            gdf = gpd.read_file(path)
    except ImportRefused:
        raise
    except zipfile.BadZipFile as exc:
        raise ImportRefused(m(f"{path.name}: damaged zip file", f"{path.name}: archivo zip dañado")) from exc
    except Exception as exc:  # pyogrio/pyarrow raise format-specific errors
        raise ImportRefused(
            m(
                f"{path.name}: cannot read the file as {suffix[1:].upper()}: {str(exc)[:300]}",
                f"{path.name}: no se puede leer el archivo como {suffix[1:].upper()}: {str(exc)[:300]}",
            )
        ) from exc
    if gdf.crs is None:
        if suffix in (".geojson", ".json"):
            gdf = gdf.set_crs("EPSG:4326")  # RFC 7946: GeoJSON is WGS 84
            notes.append(
                m(
                    "no CRS declared; GeoJSON is WGS 84 by definition",
                    "sin sistema de referencia declarado; GeoJSON es WGS 84 por definición",
                )
            )
        else:
            raise ImportRefused(
                m(
                    f"{path.name}: column geometry: no coordinate reference system declared (a .prj file is missing?)",
                    f"{path.name}: columna geometry: no se declara el sistema de referencia de coordenadas (¿falta el archivo .prj?)",
                )
            )
    crs = gdf.crs.to_string()
    if gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs("EPSG:4326")
        notes.append(m(f"reprojected from {crs} to EPSG:4326", f"reproyectado de {crs} a EPSG:4326"))
    df = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).astype(object).where(lambda d: d.notna(), "")
    df = df.map(lambda v: v if isinstance(v, str) else str(v))
    df.columns = [str(c).strip() for c in df.columns]
    df["__geometry__"] = list(gdf.geometry.values)
    _check_cells(path.name, df.drop(columns=["__geometry__"]))
    return Table(df, suffix[1:], crs=crs, notes=notes, first_row=1)


def _check_cells(name: str, df: pd.DataFrame) -> None:
    if df.empty:
        raise ImportRefused(
            m(
                f"{name}: row 2: the file has a header (row 1) but no data rows",
                f"{name}: fila 2: el archivo tiene encabezados (fila 1) pero ninguna fila de datos",
            )
        )
    dupes = [c for c in df.columns if list(df.columns).count(c) > 1]
    if dupes:
        raise ImportRefused(
            m(
                f"{name}: column {dupes[0]!r} appears more than once",
                f"{name}: la columna {dupes[0]!r} aparece más de una vez",
            )
        )
    for col in df.columns:
        lengths = df[col].astype(str).str.len()
        if (lengths > MAX_CELL_CHARS).any():
            row = int(lengths.to_numpy().argmax()) + 2
            raise ImportRefused(
                m(
                    f"{name}: row {row}, column {col!r}: the value is {int(lengths.max()):,} characters long (limit {MAX_CELL_CHARS:,})",
                    f"{name}: fila {row}, columna {col!r}: el valor tiene {int(lengths.max()):,} caracteres (límite {MAX_CELL_CHARS:,})",
                )
            )
