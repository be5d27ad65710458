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
import openpyxl
import pandas as pd
import pyogrio

from nlmobility.ingest.messages import m
from nlmobility.ingest.rules import norm

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
    #: the file line where each frame row starts, when it is not ``first_row + i`` (blank lines, quoted line breaks)
    row_numbers: list[int] | None = None
    #: the layer read from a multi-layer file (GeoPackage, zip)
    layer: str | None = None

    def row_number(self, i: int) -> int:
        """The file row (line) number of frame row ``i``: what every refusal names."""
        return self.row_numbers[i] if self.row_numbers is not None else self.first_row + i


GEO_SUFFIXES = {".geojson", ".json", ".gpkg", ".zip", ".parquet", ".geoparquet", ".shp"}


def read_any(path: pathlib.Path, *, layer: str | None = None) -> Table:
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
        return _read_geo(path, layer)
    raise ImportRefused(
        m(
            f"{name}: unsupported file type {suffix or '(none)'}; use CSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile or GeoParquet",
            f"{name}: tipo de archivo no admitido {suffix or '(ninguno)'}; use CSV, XLSX, GeoJSON, GeoPackage, Shapefile en zip o GeoParquet",
        )
    )


#: Letters and signs of Spanish text outside ASCII: the evidence that decides between code pages.
SPANISH = frozenset("áéíóúüñÁÉÍÓÚÜÑ¿¡ªº°")
#: Single-byte code pages worth trying besides charset-normalizer's guesses, most likely first.
_FALLBACKS = ("cp1252", "latin-1")


def _spanish_score(text: str) -> int:
    """Spanish letters found, minus letters a Spanish file would not hold (ń, ŕ… from the wrong code page)."""
    odd = sum(1 for ch in text if ord(ch) > 0x7F and ch not in SPANISH and (ch.isalpha() or 0x80 <= ord(ch) <= 0x9F))
    return sum(1 for ch in text if ch in SPANISH) - 3 * odd


def _decode(path: pathlib.Path, raw: bytes) -> tuple[str, str]:
    """Text and encoding: BOM, else strict UTF-8, else the code page with the most Spanish evidence.

    charset-normalizer proposes candidates (its ranking alone reads ``Peña`` as ``Peńa``: cp1250 and
    cp1252 score the same on its measures); among them and Windows-1252/Latin-1, the one whose text
    holds the most Spanish letters and the fewest foreign ones wins, Windows-1252 on a tie.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guesses = [r.encoding for r in charset_normalizer.from_bytes(raw[:1_000_000])]
    candidates = list(
        dict.fromkeys([*_FALLBACKS, *(g for g in guesses if g.replace("_", "").lower() not in ("ascii", "utf8"))])
    )
    best: tuple[int, int, str, str] | None = None
    for rank, enc in enumerate(candidates):
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        score = (_spanish_score(text[:1_000_000]), -rank)
        if best is None or score > best[:2]:
            best = (*score, enc, text)
    if best is None:
        raise ImportRefused(
            m(
                f"{path.name}: cannot decode the text (tried UTF-8, {', '.join(candidates)})",
                f"{path.name}: no se puede leer el texto (se probó UTF-8, {', '.join(candidates)})",
            )
        )
    return best[3], best[2]


def _nul_line(text: str) -> int:
    """The line (from 1) of the first NUL character."""
    return text[: text.index("\x00")].count("\n") + 1


def _read_csv(path: pathlib.Path) -> Table:
    raw = path.read_bytes()
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and raw[:65536].count(b"\x00") > max(8, len(raw[:65536]) // 100):
        raise ImportRefused(
            m(f"{path.name}: this is a binary file, not CSV text", f"{path.name}: es un archivo binario, no texto CSV")
        )
    text, enc = _decode(path, raw)
    notes: list[str] = []
    if "\r" in text:
        if "\n" not in text:
            notes.append(
                m(
                    "classic Mac line endings (CR) read as line breaks",
                    "finales de línea de Mac clásico (CR) leídos como saltos de línea",
                )
            )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = _nul_line(text)
        raise ImportRefused(
            m(
                f"{path.name}: row {line}: the value holds a NUL character (byte 0), which text files never contain",
                f"{path.name}: fila {line}: el valor contiene un carácter NUL (byte 0), que un archivo de texto nunca lleva",
            )
        )
    sample = text[:65536]
    lines = sample.split("\n")
    first_line = next((ln for ln in lines if ln.strip()), "")
    try:
        delim = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: first_line.count(d) for d in ",;\t|"}
        delim = max(counts, key=lambda d: counts[d]) if max(counts.values()) > 0 else ","
    header, records, numbers, trailing = _csv_records(path.name, text, delim)
    if trailing:
        notes.append(
            m(
                f"{trailing} rows ended with an extra empty field (a trailing delimiter); it was ignored",
                f"{trailing} filas terminaban con un campo vacío de más (un separador al final); se ignoró",
            )
        )
    df = pd.DataFrame(records, columns=header, dtype=object) if records else pd.DataFrame(columns=header, dtype=object)
    _check_cells(path.name, df, numbers)
    return Table(df, "csv", encoding=enc, delimiter=delim, notes=notes, row_numbers=numbers)


def _csv_records(name: str, text: str, delim: str) -> tuple[list[str], list[list[str]], list[int], int]:
    """Header, data rows as text, the file line where each row starts, and how many had a trailing delimiter.

    Read with the standard csv module (strict quoting) so row numbers are file line numbers:
    blank lines are skipped but counted, a quoted value may span lines. A row with one more
    field than the header and that field empty had a trailing delimiter (ignored); any other
    width mismatch is refused, naming the row.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    header: list[str] | None = None
    records: list[list[str]] = []
    numbers: list[int] = []
    trailing = 0
    start = 1
    try:
        for raw in reader:
            line, start = start, reader.line_num + 1
            rec = list(raw)
            if not any(v.strip() for v in rec):
                continue  # a blank line: skipped, still counted
            if header is None:
                header = [h.strip().lstrip("\ufeff") for h in rec]
                if len(header) > 1 and header[-1] == "":
                    header = header[:-1]  # the header itself ends with the delimiter
                _check_header(name, header)
                continue
            if len(rec) == len(header) + 1 and not rec[-1].strip():
                rec.pop()
                trailing += 1
            if len(rec) > len(header):
                raise ImportRefused(
                    m(
                        f"{name}: row {line}: {len(rec)} values but the header has {len(header)} columns",
                        f"{name}: fila {line}: {len(rec)} valores pero el encabezado tiene {len(header)} columnas",
                    )
                )
            records.append(rec + [""] * (len(header) - len(rec)))
            numbers.append(line)
    except csv.Error as exc:
        raise ImportRefused(
            m(
                f"{name}: row {reader.line_num}: the CSV is malformed: {exc}",
                f"{name}: fila {reader.line_num}: el CSV está mal formado: {exc}",
            )
        ) from exc
    if header is None:
        raise ImportRefused(
            m(f"{name}: row 1: no header row and no data", f"{name}: fila 1: no hay encabezados ni datos")
        )
    return header, records, numbers, trailing


def _check_header(name: str, header: list[str]) -> None:
    """Refuse a header naming one column twice, also when only case, accents or spacing differ (``fecha``, ``Fecha``)."""
    seen: dict[str, str] = {}
    for h in header:
        key = norm(h)
        if not key:
            continue
        if key in seen:
            raise ImportRefused(
                m(
                    f"{name}: row 1, column {h!r}: the same column as {seen[key]!r} appears twice; keep one or rename it",
                    f"{name}: fila 1, columna {h!r}: es la misma columna que {seen[key]!r}; deje una o cambie su nombre",
                )
            )
        seen[key] = h


def _read_xlsx(path: pathlib.Path) -> Table:
    """The first sheet: its first non-empty row is the header; row numbers are the sheet's."""
    try:
        grid = pd.read_excel(path, dtype=str, keep_default_na=False, header=None)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ImportRefused(
            m(
                f"{path.name}: cannot read the spreadsheet: {exc}",
                f"{path.name}: no se puede leer la hoja de cálculo: {exc}",
            )
        ) from exc
    filled = [i for i in range(len(grid)) if any(str(v).strip() for v in grid.iloc[i])]
    if not filled:
        raise ImportRefused(
            m(f"{path.name}: row 1: no header row and no data", f"{path.name}: fila 1: no hay encabezados ni datos")
        )
    top = filled[0]
    header = [str(v).strip() for v in grid.iloc[top]]
    while header and header[-1] == "":
        header.pop()
    _check_header(path.name, header)
    body = [i for i in filled[1:]]
    df = pd.DataFrame([[str(v) for v in grid.iloc[i, : len(header)]] for i in body], columns=header, dtype=object)
    numbers = [i + 1 for i in body]  # spreadsheet rows count from 1
    _check_uncalculated_formulas(path, grid)
    _check_cells(path.name, df, numbers)
    return Table(df, "xlsx", row_numbers=numbers)


def _check_uncalculated_formulas(path: pathlib.Path, grid: pd.DataFrame) -> None:
    """Refuse a formula cell that has no calculated value (saved by a program that does not calculate):
    its value is not known, and an empty cell would be read instead."""
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # pandas read the same file just before: nothing more to learn here
        return
    try:
        sheet = wb.worksheets[0]
        for r, row in enumerate(sheet.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if (
                    isinstance(value, str)
                    and value.startswith("=")
                    and r < len(grid)
                    and c < grid.shape[1]
                    and not str(grid.iat[r, c]).strip()
                ):
                    header = str(grid.iat[0, c]).strip() if len(grid) else ""
                    raise ImportRefused(
                        m(
                            f"{path.name}: row {r + 1}, column {header!r}: the formula {value[:40]!r} has no calculated value; "
                            "open the file in a spreadsheet and save it again",
                            f"{path.name}: fila {r + 1}, columna {header!r}: la fórmula {value[:40]!r} no tiene valor calculado; "
                            "abra el archivo en una hoja de cálculo y guárdelo de nuevo",
                        )
                    )
    finally:
        wb.close()


def _layers(path: pathlib.Path) -> list[str]:
    """Layer names of a GeoPackage, or the shapefiles in a zip (one entry for single-layer formats)."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            return [n for n in zf.namelist() if n.lower().endswith(".shp")]
    if suffix == ".gpkg":
        return [str(row[0]) for row in pyogrio.list_layers(path)]
    return []


def _choose_layer(path: pathlib.Path, layer: str | None) -> str | None:
    """The layer to read: the only one, or the one asked for; refuse naming every layer otherwise."""
    names = _layers(path)
    if path.suffix.lower() == ".zip" and not names:
        raise ImportRefused(
            m(f"{path.name}: the zip holds no .shp file", f"{path.name}: el zip no contiene un archivo .shp")
        )
    if layer is not None:
        if names and layer not in names:
            raise ImportRefused(
                m(
                    f"{path.name}: layer {layer!r} not found; the file has: {', '.join(names)}",
                    f"{path.name}: no existe la capa {layer!r}; el archivo tiene: {', '.join(names)}",
                )
            )
        return layer
    if len(names) > 1:
        raise ImportRefused(
            m(
                f"{path.name}: the file has {len(names)} layers ({', '.join(names)}); choose one with --layer",
                f"{path.name}: el archivo tiene {len(names)} capas ({', '.join(names)}); elija una en «capa»",
            )
        )
    return names[0] if names else None


def _read_geo(path: pathlib.Path, layer: str | None = None) -> Table:
    suffix = path.suffix.lower()
    notes: list[str] = []
    try:
        if suffix in (".parquet", ".geoparquet"):
            gdf = gpd.read_parquet(path)
        elif suffix == ".zip":
            layer = _choose_layer(path, layer)
            gdf = gpd.read_file(f"zip://{path}!{layer}")
        elif suffix == ".gpkg":
            layer = _choose_layer(path, layer)
            gdf = gpd.read_file(path, layer=layer)
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
    _check_header(path.name, [c for c in df.columns if c != "__geometry__"])
    _check_cells(path.name, df.drop(columns=["__geometry__"]), None, first_row=1)
    return Table(df, suffix[1:], crs=crs, notes=notes, first_row=1, layer=layer)


def _check_cells(name: str, df: pd.DataFrame, numbers: list[int] | None, *, first_row: int = 2) -> None:
    if df.empty:
        raise ImportRefused(
            m(
                f"{name}: row 2: the file has a header (row 1) but no data rows",
                f"{name}: fila 2: el archivo tiene encabezados (fila 1) pero ninguna fila de datos",
            )
        )
    for col in df.columns:
        lengths = df[col].astype(str).str.len()
        if (lengths > MAX_CELL_CHARS).any():
            at = int(lengths.to_numpy().argmax())
            row = numbers[at] if numbers is not None else first_row + at
            raise ImportRefused(
                m(
                    f"{name}: row {row}, column {col!r}: the value is {int(lengths.max()):,} characters long (limit {MAX_CELL_CHARS:,})",
                    f"{name}: fila {row}, columna {col!r}: el valor tiene {int(lengths.max()):,} caracteres (límite {MAX_CELL_CHARS:,})",
                )
            )
