"""Read an uploaded file into a frame: detect format, encoding and delimiter with well-kept libraries.

CSV: encoding from the BOM, else strict UTF-8, else charset-normalizer (Latin-1/Windows-1252 and
friends); delimiter by ``csv.Sniffer``; parsed by pandas with every cell as text. XLSX by pandas
(openpyxl). GeoJSON, GeoPackage, zipped Shapefile and GeoParquet by GeoPandas/pyogrio, with the
declared CRS honoured and reprojected to EPSG:4326.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import pathlib
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import charset_normalizer
import geopandas as gpd
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import shapely

from nlmobility import geo, settings
from nlmobility.ingest.rules import norm
from nlmobility.text.messages import Msg, msg

_log = logging.getLogger(__name__)


#: The largest file accepted, as stored (bytes).
MAX_BYTES = 200 * 1024 * 1024
MAX_CELL_CHARS = 5_000

# Import limits (README, "Import limits"): checked while reading, before a file's rows are materialised, so a
# compression bomb (a small file that expands to millions of rows) is refused in seconds and in little memory.
#: What a file may expand to (bytes): a zip's members, an XLSX's sheet XML, a Parquet file's uncompressed pages.
MAX_UNCOMPRESSED_BYTES = settings.whole("NLMOBILITY_IMPORT_MAX_BYTES")  # 500 MiB
#: Data rows (or features) in one file.
MAX_ROWS = settings.whole("NLMOBILITY_IMPORT_MAX_ROWS")  # 500,000
#: Vertices of one geometry (a line or polygon, all its parts).
MAX_VERTICES = settings.whole("NLMOBILITY_IMPORT_MAX_VERTICES")  # 250,000
#: Vertices of all the geometries of one file.
MAX_FILE_VERTICES = settings.whole("NLMOBILITY_IMPORT_MAX_FILE_VERTICES")  # 2,000,000

#: The setting behind each limit, named in every refusal so an administrator knows what to change.
_SETTING = {
    "MAX_UNCOMPRESSED_BYTES": "NLMOBILITY_IMPORT_MAX_BYTES",
    "MAX_ROWS": "NLMOBILITY_IMPORT_MAX_ROWS",
    "MAX_VERTICES": "NLMOBILITY_IMPORT_MAX_VERTICES",
    "MAX_FILE_VERTICES": "NLMOBILITY_IMPORT_MAX_FILE_VERTICES",
}


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


def _over(name: str, what: str, value: int, limit: str, **where: int) -> ImportRefused:
    """The refusal of a file over one of the import limits: the file, where, what, its value, the limit and its setting.

    ``what``: the catalog key saying what is over the limit (and where: ``where`` holds its placeholders)."""
    bound, setting = int(globals()[limit]), _SETTING[limit]
    return ImportRefused(msg(what, name=name, value=value, bound=bound, setting=setting, **where))


def _check_rows(name: str, rows: int) -> None:
    if rows > MAX_ROWS:
        raise _over(name, "imp_read_over_rows", rows, "MAX_ROWS")


def _check_expanded(name: str, nbytes: int) -> None:
    if nbytes > MAX_UNCOMPRESSED_BYTES:
        raise _over(name, "imp_read_over_expanded", nbytes, "MAX_UNCOMPRESSED_BYTES")


def _check_zip_members(path: pathlib.Path, zf: zipfile.ZipFile) -> None:
    """Refuse a zip (an XLSX is one) whose members expand past the limit, from its directory: nothing is inflated."""
    _check_expanded(path.name, sum(info.file_size for info in zf.infolist()))


def _parquet_limits(path: pathlib.Path) -> None:
    """Rows and uncompressed bytes from the Parquet footer, before a single page is decoded."""
    try:
        meta = pq.read_metadata(path)
    except Exception:  # not Parquet or damaged: the reader says so in its own words
        return
    _check_rows(path.name, meta.num_rows)
    _check_expanded(path.name, sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)))


#: A spreadsheet row element (``<row …>``, also with a namespace prefix): at most 14 bytes long.
_XLSX_ROW = re.compile(rb"<(?:\w{1,8}:)?row[\s>/]")


def _first_sheet(zf: zipfile.ZipFile) -> str | None:
    """The member holding the workbook's first sheet (the one pandas reads), from workbook.xml and its relations."""
    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\b(?:\w+:)?id=\"([^\"]+)\"", book)
    if sheet is None:
        return None
    for rel in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        if re.search(rb'\bId="' + re.escape(sheet.group(1)) + rb'"', rel.group(0)):
            target = re.search(rb'\bTarget="([^"]+)"', rel.group(0))
            if target is None:
                return None
            t = target.group(1).decode("utf-8", "replace")
            return t.lstrip("/") if t.startswith("/") else f"xl/{t}"
    return None


def _count_xml_rows(zf: zipfile.ZipFile, member: str, stop_after: int) -> int:
    """Row elements in a sheet's XML, inflated 1 MB at a time (stops counting past ``stop_after``)."""
    n, carry = 0, b""
    with zf.open(member) as f:
        while chunk := f.read(1 << 20):
            buf = carry + chunk
            safe = max(0, len(buf) - 15)  # a row tag starting in the last 15 bytes is counted with the next chunk
            n += sum(1 for hit in _XLSX_ROW.finditer(buf, 0, len(buf)) if hit.start() < safe)
            carry = buf[safe:]
            if n > stop_after:
                return n
    return n + len(_XLSX_ROW.findall(carry))


def _xlsx_limits(path: pathlib.Path) -> None:
    """Expanded size (zip directory) and rows of the first sheet (its XML streamed) before openpyxl parses anything."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # pandas says the spreadsheet is damaged
    with zf:
        _check_zip_members(path, zf)
        first = _first_sheet(zf)
        names = set(zf.namelist())
        members = (
            [first] if first in names else [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        )
        try:
            rows = max((_count_xml_rows(zf, n, MAX_ROWS + 1) for n in members), default=0)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError):
            return  # a damaged or encrypted member: pandas says the spreadsheet cannot be read
    if rows - 1 > MAX_ROWS:  # the header is a row too
        raise _over(
            path.name,
            "imp_read_over_rows_at_least" if rows > MAX_ROWS + 1 else "imp_read_over_rows",
            rows - 1,
            "MAX_ROWS",
        )


def _feature_count(source: str | pathlib.Path, layer: str | None) -> int:
    """Features of a GDAL layer from its metadata (a GeoPackage's or a shapefile's header); -1 when unknown."""
    try:
        return int(pyogrio.read_info(source, layer=layer)["features"])
    except Exception:  # the reader reports a damaged file in its own words
        return -1


#: A GeoJSON feature's type member: counted on the bytes before GDAL parses the file.
_GEOJSON_FEATURE = re.compile(rb'"type"\s*:\s*"Feature"')
#: An escaped NUL or UTF-16 surrogate in JSON text; GDAL cuts a string at the NUL and turns a lone surrogate into U+FFFD.
_JSON_RISKY_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
#: A NUL or a lone surrogate in decoded text: never text (a correctly paired surrogate decodes to one character).
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


#: The refusal of a value that is not text, by where it is (a row, a GeoJSON feature) and whether it holds a NUL.
_NOT_TEXT_KEYS = {
    ("row", True): "imp_read_row_holds_nul",
    ("row", False): "imp_read_row_holds_surrogate",
    ("feature", True): "imp_read_feature_holds_nul",
    ("feature", False): "imp_read_feature_holds_surrogate",
}


def _refuse_not_text(name: str, row: int, column: str, value: str, what: str = "row") -> ImportRefused:
    shown = ascii(value[:80])  # escapes NUL and surrogates: the message itself stays printable text
    key = _NOT_TEXT_KEYS[what, "\x00" in value]
    return ImportRefused(msg(key, name=name, row=row, column=column, shown=shown))


def _strings(value: Any, key: str) -> Iterator[tuple[str, str]]:
    """Every (column, string) of a GeoJSON property value, nested lists and objects included, property names too."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield key, str(k)
            yield from _strings(v, key)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)


def _geojson_limits(path: pathlib.Path) -> None:
    """Features counted and strings GDAL would silently change (NUL, lone surrogates) found, on the file's bytes."""
    raw = path.read_bytes()
    features = len(_GEOJSON_FEATURE.findall(raw))
    _check_rows(path.name, features)
    if b"\x00" not in raw and not _JSON_RISKY_ESCAPE.search(raw):
        return
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ImportRefused(msg("imp_read_not_json", name=path.name, error=str(exc)[:200])) from exc
    feats = doc.get("features") if isinstance(doc, dict) else None
    for i, feat in enumerate(feats if isinstance(feats, list) else [doc]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict):
            continue
        for key, v in props.items():
            for column, text in [(str(key), str(key)), *_strings(v, str(key))]:
                if _NOT_TEXT.search(text):
                    raise _refuse_not_text(path.name, i + 1, column, text, "feature")


def _check_vertices(name: str, geoms: Any) -> None:
    """Refuse a geometry with more vertices than the limit (naming its row), or a file with too many in all."""
    counts = shapely.get_num_coordinates(geoms)
    if not len(counts):
        return
    at = int(counts.argmax())
    if int(counts[at]) > MAX_VERTICES:
        raise _over(name, "imp_read_over_vertices_in_geometry", int(counts[at]), "MAX_VERTICES", row=at + 1)
    total = int(counts.sum())
    if total > MAX_FILE_VERTICES:
        raise _over(name, "imp_read_over_vertices_in_file", total, "MAX_FILE_VERTICES")


def _drop_empty_parts(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, Msg | None]:
    """Remove the empty parts of multi-part geometries (``MULTILINESTRING((…), EMPTY)``): never stored, and a note says so.

    A geometry empty as a whole is left alone: the row is refused as having no geometry."""
    out, fixed = geo.drop_empty_parts(gdf.geometry.to_numpy())
    if not fixed:
        return gdf, None
    gdf = gdf.copy()
    gdf[gdf.geometry.name] = gpd.GeoSeries(out, index=gdf.index, crs=gdf.crs)
    rows = ", ".join(str(i + 1) for i in fixed[:10]) + ("…" if len(fixed) > 10 else "")
    return gdf, msg("imp_read_empty_parts", count=len(fixed), rows=rows)


def read_any(path: pathlib.Path, *, layer: str | None = None) -> Table:
    """Read a CSV, XLSX, GeoJSON, GeoPackage, zipped Shapefile or GeoParquet file; refuse anything else with a reason."""
    name = path.name
    if not path.is_file():
        raise ImportRefused(msg("imp_read_missing", name=name))
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused(msg("imp_read_empty_file", name=name))
    if size > MAX_BYTES:
        raise ImportRefused(msg("imp_read_too_large", name=name, size=size, limit=MAX_BYTES))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in GEO_SUFFIXES:
        return _read_geo(path, layer)
    raise ImportRefused(
        msg("imp_read_unsupported_type", name=name, suffix=suffix)
        if suffix
        else msg("imp_read_no_file_type", name=name)
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
        raise ImportRefused(msg("imp_read_cannot_decode", name=path.name, tried=", ".join(candidates)))
    return best[3], best[2]


def _nul_line(text: str) -> int:
    """The line (from 1) of the first NUL character."""
    return text[: text.index("\x00")].count("\n") + 1


def _read_csv(path: pathlib.Path) -> Table:
    raw = path.read_bytes()
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and raw[:65536].count(b"\x00") > max(8, len(raw[:65536]) // 100):
        raise ImportRefused(msg("imp_read_binary", name=path.name))
    text, enc = _decode(path, raw)
    notes: list[str] = []
    if "\r" in text:
        if "\n" not in text:
            notes.append(msg("imp_read_mac_line_endings"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = _nul_line(text)
        raise ImportRefused(msg("imp_read_nul_byte", name=path.name, line=line))
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
        notes.append(msg("imp_read_trailing_delimiter", trailing=trailing))
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
                    msg("imp_read_too_many_values", name=name, line=line, values=len(rec), columns=len(header))
                )
            records.append(rec + [""] * (len(header) - len(rec)))
            numbers.append(line)
            if len(records) > MAX_ROWS:  # refused as soon as the row past the limit is read
                raise _over(name, "imp_read_over_rows_at_least", len(records), "MAX_ROWS")
    except csv.Error as exc:
        raise ImportRefused(msg("imp_read_malformed_csv", name=name, line=reader.line_num, exc=exc)) from exc
    if header is None:
        raise ImportRefused(msg("imp_read_no_header", name=name))
    return header, records, numbers, trailing


def _check_header(name: str, header: list[str]) -> None:
    """Refuse a header naming one column twice, also when only case, accents or spacing differ (``fecha``, ``Fecha``)."""
    seen: dict[str, str] = {}
    for h in header:
        key = norm(h)
        if not key:
            continue
        if key in seen:
            raise ImportRefused(msg("imp_read_duplicate_column", name=name, column=h, same=seen[key]))
        seen[key] = h


def _read_xlsx(path: pathlib.Path) -> Table:
    """The first sheet: its first non-empty row is the header; row numbers are the sheet's."""
    _xlsx_limits(path)
    try:
        grid = pd.read_excel(path, dtype=str, keep_default_na=False, header=None)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ImportRefused(msg("imp_read_bad_spreadsheet", name=path.name, exc=exc)) from exc
    filled = [i for i in range(len(grid)) if any(str(v).strip() for v in grid.iloc[i])]
    if not filled:
        raise ImportRefused(msg("imp_read_no_header", name=path.name))
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
                        msg(
                            "imp_read_uncalculated_formula",
                            name=path.name,
                            row=r + 1,
                            column=header,
                            formula=value[:40],
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
        raise ImportRefused(msg("imp_read_zip_no_shp", name=path.name))
    if layer is not None:
        if names and layer not in names:
            raise ImportRefused(msg("imp_read_no_such_layer", name=path.name, layer=layer, layers=", ".join(names)))
        return layer
    if len(names) > 1:
        raise ImportRefused(msg("imp_read_many_layers", name=path.name, count=len(names), layers=", ".join(names)))
    return names[0] if names else None


def _read_geo(path: pathlib.Path, layer: str | None = None) -> Table:
    suffix = path.suffix.lower()
    notes: list[str] = []
    try:
        if suffix in (".parquet", ".geoparquet"):
            _parquet_limits(path)
            gdf = gpd.read_parquet(path)
        elif suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                _check_zip_members(path, zf)
            layer = _choose_layer(path, layer)
            _check_rows(path.name, _feature_count(f"zip://{path}!{layer}", None))
            gdf = gpd.read_file(f"zip://{path}!{layer}")
        elif suffix == ".gpkg":
            layer = _choose_layer(path, layer)
            _check_rows(path.name, _feature_count(path, layer))
            gdf = gpd.read_file(path, layer=layer)
        else:
            _geojson_limits(path)
            gdf = gpd.read_file(path)
    except ImportRefused:
        raise
    except zipfile.BadZipFile as exc:
        raise ImportRefused(msg("imp_read_damaged_zip", name=path.name)) from exc
    except Exception as exc:  # pyogrio/pyarrow raise format-specific errors
        raise ImportRefused(
            msg("imp_read_unreadable_geo", name=path.name, format=suffix[1:].upper(), error=str(exc)[:300])
        ) from exc
    _check_rows(path.name, len(gdf))
    _check_vertices(path.name, gdf.geometry.to_numpy())
    gdf, emptied = _drop_empty_parts(gdf)
    if emptied is not None:
        notes.append(emptied)
    if gdf.crs is None:
        if suffix in (".geojson", ".json"):
            gdf = gdf.set_crs("EPSG:4326")  # RFC 7946: GeoJSON is WGS 84
            notes.append(msg("imp_read_geojson_no_crs"))
        else:
            raise ImportRefused(msg("imp_read_no_crs", name=path.name))
    crs = gdf.crs.to_string()
    if gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs("EPSG:4326")
        notes.append(msg("imp_read_reprojected", crs=crs))
    df = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).astype(object).where(lambda d: d.notna(), "")
    df = df.map(lambda v: v if isinstance(v, str) else str(v))
    df.columns = [str(c).strip() for c in df.columns]
    df["__geometry__"] = list(gdf.geometry.values)
    _check_header(path.name, [c for c in df.columns if c != "__geometry__"])
    _check_cells(path.name, df.drop(columns=["__geometry__"]), None, first_row=1)
    return Table(df, suffix[1:], crs=crs, notes=notes, first_row=1, layer=layer)


def _check_cells(name: str, df: pd.DataFrame, numbers: list[int] | None, *, first_row: int = 2) -> None:
    if df.empty:
        raise ImportRefused(msg("imp_read_no_data_rows", name=name))
    for col in df.columns:
        try:
            text = df[col].astype(str)
            bad = text.str.contains("\x00", regex=False)
        except UnicodeEncodeError:  # a lone surrogate: Arrow strings cannot hold one
            values = [str(v) for v in df[col].tolist()]
            at = next((i for i, v in enumerate(values) if _NOT_TEXT.search(v)), 0)
            raise _refuse_not_text(
                name, numbers[at] if numbers is not None else first_row + at, str(col), values[at]
            ) from None
        if bad.any():
            at = int(bad.to_numpy().argmax())
            raise _refuse_not_text(
                name, numbers[at] if numbers is not None else first_row + at, str(col), str(text.iat[at])
            )
        lengths = text.str.len()
        if (lengths > MAX_CELL_CHARS).any():
            at = int(lengths.to_numpy().argmax())
            row = numbers[at] if numbers is not None else first_row + at
            raise ImportRefused(
                msg(
                    "imp_read_cell_too_long",
                    name=name,
                    row=row,
                    column=col,
                    length=int(lengths.max()),
                    limit=MAX_CELL_CHARS,
                )
            )
