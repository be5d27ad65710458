"""Cell parsers: one text cell of an imported file to a value (dates, times, numbers, yes/no, text,
addresses, coordinates, colours), or a ``ValueError`` whose message says why in English and Spanish.

The table check (:mod:`nlmobility.ingest.validate`) picks a parser per field type (:data:`PARSERS`) and
decides the file's conventions (decimal comma, day or month first) before calling them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from nlmobility.ingest.rules import norm
from nlmobility.text.messages import msg

#: Dates before this year are refused as typing errors (no source we load goes back further).
MIN_YEAR = 1990
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d/%m/%y", "%Y%m%d")
#: The same for a column decided to write the month first (``mm/dd/aaaa``, see :func:`date_conventions`).
_DATE_FORMATS_MONTH_FIRST = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%Y/%m/%d", "%m/%d/%y", "%Y%m%d")
#: A date written with the day and the month as the first two numbers (either order), then the year.
_DAY_MONTH = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([aApP])\.?\s*[mM]\.?)?$")


def _date_part(v: str) -> str:
    s = v.strip()
    return s.replace("T", " ").split(" ")[0] if "T" in s or " " in s else s


def parse_date(v: str, *, month_first: bool = False) -> dt.date:
    """A date in ``aaaa-mm-dd``, ``dd/mm/aaaa`` and similar forms (a time part is ignored).

    ``month_first``: the column writes ``mm/dd/aaaa`` (decided for the whole column by
    :func:`date_conventions`, never per cell).
    """
    s = _date_part(v)
    for fmt in _DATE_FORMATS_MONTH_FIRST if month_first else _DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    if month_first:
        raise ValueError(msg("imp_cells_not_date_month_first", v=v))
    raise ValueError(msg("imp_cells_not_date", v=v))


_HOUR_ONLY = re.compile(r"^(\d{1,2})$")
_DAY_FRACTION = re.compile(r"^0?\.\d+$")


#: A spreadsheet's date+time cell in a time column: the date part of a time-only cell is its epoch.
_SHEET_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)$")
_SHEET_EPOCHS = ("1899-12-30", "1899-12-31", "1900-01-00", "1900-01-01")


def parse_time(v: str) -> dt.time | None:
    """A clock time: ``HH:MM``, ``HH:MM:SS``, with ``a.m./p.m.``, a bare hour (``9``) or a spreadsheet day fraction.

    Anything with a time zone (``08:30 CST``, ``08:30-06:00``) is refused: the stored times are
    local Monterrey times and a zone name is ambiguous.
    """
    s = v.strip()
    sheet = _SHEET_DATETIME.match(s)
    if sheet:  # a spreadsheet artefact: a time-only cell, or a zero time on some date
        clock = parse_time(sheet.group(2))
        known = sheet.group(1) in _SHEET_EPOCHS and clock != dt.time(0, 0)
        return clock if known else None  # None: the record does not say when in the day
    if _HOUR_ONLY.match(s):
        hour = int(s)
        if hour > 23:
            raise ValueError(msg("imp_cells_hour_above_23", v=v))
        return dt.time(hour, 0)
    if _DAY_FRACTION.match(s):  # a spreadsheet cell formatted as time: a fraction of a day
        seconds = round(float(s) * 86_400)
        if seconds >= 86_400:
            raise ValueError(msg("imp_cells_not_time", v=v))
        return dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
    match = _TIME.match(s)
    if not match:
        raise ValueError(msg("imp_cells_not_time_format", v=v))
    h, mi, se = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if match.group(4):
        if not 1 <= h <= 12:
            raise ValueError(msg("imp_cells_ampm_hour", v=v))
        h = h % 12 + (12 if match.group(4).lower() == "p" else 0)
    if h > 23 or mi > 59 or se > 59:
        raise ValueError(msg("imp_cells_time_out_of_range", v=v))
    return dt.time(h, mi, se)


def parse_datetime(v: str, *, month_first: bool = False) -> dt.datetime:
    """A date with an optional time (``aaaa-mm-dd HH:MM``, ``dd/mm/aaaa HH:MM``, ISO with ``T``)."""
    s = v.strip().replace("T", " ")
    parts = s.split(" ", 1)
    d = parse_date(parts[0], month_first=month_first)
    t = parse_time(parts[1].split(".")[0].rstrip("Z")) if len(parts) > 1 and parts[1].strip() else None
    return dt.datetime.combine(d, t or dt.time(0, 0))


_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
_WHOLE = re.compile(r"^[-+]?\d+(\.0*)?$")  # "3" or a spreadsheet's "3.0"; never an exponent
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


def parse_int(v: str) -> int:
    """A non-negative whole number: ``12``, ``1,234`` (thousands), ``3.0`` (a spreadsheet's float).

    A comma that is not a thousands separator (``1,5``) is refused as ambiguous: it could be a
    decimal (not a count) or a typing error; nothing is guessed.
    """
    s = v.strip()
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    elif "," in s:
        raise ValueError(msg("imp_cells_count_comma", v=v))
    if not _WHOLE.match(s):
        raise ValueError(msg("imp_cells_not_whole", v=v))
    f = float(s)
    if not math.isfinite(f) or f != int(f):
        raise ValueError(msg("imp_cells_not_whole", v=v))
    if f < 0:
        raise ValueError(msg("imp_cells_negative_count", v=v))
    return int(f)


def parse_float(v: str, *, decimal_comma: bool | None = False) -> float:
    """A finite number: a decimal point and optional thousands commas (``1,234.5``), the Mexican way.

    ``decimal_comma`` is the file's convention for this column: True when it writes decimals with a
    comma (``;``- or tab-separated and no value uses a point): ``25,67`` is 25.67; None when the
    file is not comma-separated but the column mixes both: a comma is a decimal only when it
    cannot be a thousands separator (``25,6866``, not ``1,234``). Anything else with a comma is
    ambiguous and refused.
    """
    s = v.strip()
    single = _DECIMAL_COMMA.match(s)
    if single and (decimal_comma or (decimal_comma is None and len(s.split(",")[1]) != 3)):
        s = s.replace(",", ".")
    elif _THOUSANDS.match(s) and decimal_comma is False:
        s = s.replace(",", "")
    elif "," in s:
        raise ValueError(msg("imp_cells_number_comma", v=v))
    if not _PLAIN_NUMBER.match(s):
        raise ValueError(msg("imp_cells_not_number", v=v))
    f = float(s)
    if not math.isfinite(f):
        raise ValueError(msg("imp_cells_not_finite", v=v))
    return f


def parse_url(v: str) -> str:
    """An http or https address (never ``javascript:``, ``data:`` or a file path)."""
    s = v.strip()
    parts = urllib.parse.urlsplit(s)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(ch.isspace() for ch in s):
        raise ValueError(msg("imp_cells_not_url", v=v[:80]))
    return s


_PAIR_SPLIT = re.compile(r"\s*[,;|]\s*|\s+")


def parse_latlon(v: str) -> tuple[float, float]:
    """Two coordinates in one cell (``"25.768185, -100.248738"``; comma, semicolon, bar or spaces between)."""
    parts = [p for p in _PAIR_SPLIT.split(v.strip().strip("()[]")) if p]
    if len(parts) != 2:
        raise ValueError(msg("imp_cells_not_latlon", v=v[:60]))
    a, b = (parse_float(p) for p in parts)
    return a, b


_COLOR = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


def parse_color(v: str) -> str:
    """A colour as ``#RRGGBB`` (``#abc`` and ``abc123`` accepted and normalised)."""
    match = _COLOR.match(v.strip())
    if not match:
        raise ValueError(msg("imp_cells_not_color", v=v[:40]))
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()


def parse_text(v: str) -> str:
    """Text as given, trimmed; control characters (other than tab and line breaks) are refused, and so
    is every code point XML cannot hold (U+FFFE, U+FFFF, lone surrogates): they would make the feed unparseable."""
    found = _CONTROL.search(v)
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise ValueError(msg("imp_cells_control_char", code=code, position=found.start() + 1))
    return v.strip()


#: C0 controls but tab and line breaks, DEL, surrogates and U+FFFE/U+FFFF (``nlmobility.textsafe.XML_INVALID`` and DEL).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def parse_bool(v: str) -> bool:
    """Yes/no in Spanish or English (sí, no, 1, 0, true, false, x…)."""
    s = norm(v)
    if s in ("1", "si", "s", "true", "verdadero", "yes", "y", "x"):
        return True
    if s in ("0", "no", "n", "false", "falso", ""):
        return False
    raise ValueError(msg("imp_cells_not_bool", v=v))


PARSERS: dict[str, Callable[[str], Any]] = {
    "int": parse_int,
    "float": parse_float,
    "date": parse_date,
    "time": parse_time,
    "datetime": parse_datetime,
    "bool": parse_bool,
    "text": parse_text,
    "code": parse_text,
    "url": parse_url,
    "latlon": parse_latlon,
    "color": parse_color,
}
