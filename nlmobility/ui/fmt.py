"""Display formatting: the one set of number, date, percent and missing-value helpers.

Every figure and table cell on every page goes through these, so a missing value always reads
"—" (never ``nan``, ``None`` or 0) and numbers use one locale (comma thousands, point decimals).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from nlmobility import export, stats, textsafe

# the missing mark "—", the minus sign, what counts as a value and signed percentages are
# nlmobility.numbers' (shared with the digest and the PDFs), re-exported for the pages
from nlmobility.numbers import MINUS, MISSING, present, signed_pct  # noqa: F401 - re-exported
from nlmobility.ui.i18n import TEXT, t


def date_text(v: Any) -> str:
    """A date as ``YYYY-MM-DD``, or "not yet" when there is none (an opening still to come)."""
    if not present(v):
        return t("not_yet")
    try:
        return pd.Timestamp(v).date().isoformat()
    except (ValueError, TypeError):
        return t("not_yet")


def count(n: Any) -> str:
    """A count with thousands separators ("12,345"), or "—"."""
    return f"{int(n):,}" if present(n) else MISSING


def decimal(v: Any, digits: int = 1) -> str:
    """A decimal number ("11.5"), or "—"."""
    return f"{float(v):,.{digits}f}" if present(v) else MISSING


def decimal_range(value: Any, low: Any, high: Any) -> str:
    """A rate with its 95 % interval ("12.4 (9.8–15.5)"), or "—"."""
    return f"{decimal(value)} ({decimal(low)}–{decimal(high)})" if present(value) else MISSING


def km(metres: Any) -> str:
    """A length in metres shown in kilometres ("3.42 km"), or "—"."""
    return f"{float(metres) / 1000:.2f} km" if present(metres) else MISSING


def distance(metres: Any) -> str:
    """A distance as its magnitude needs: "850 m" under a kilometre, "1.2 km" from one on, or "—"."""
    if not present(metres):
        return MISSING
    m = float(metres)
    return f"{m:,.0f} m" if m < 1000 else f"{m / 1000:,.1f} km"


def money_millions(v: Any) -> str:
    """Pesos in millions ("$142.0 M MXN"), or "—" (an unknown budget is never $0)."""
    return f"${float(v) / 1e6:,.1f} M MXN" if present(v) else MISSING


def percent(part: float, whole: float) -> str:
    """``part`` of ``whole`` as a whole percentage ("42 %"), or "—" when the whole is 0."""
    return f"{stats.share_pct(part, whole):.0f} %" if whole else MISSING


def progress(pct: Any) -> str:
    """Physical progress of works ("45 %"), or "—" where it was not published (never 0 %)."""
    return f"{float(pct):.0f} %" if present(pct) else MISSING


def pct_range(low: Any, high: Any) -> str:
    """A 95 % interval of a change ("-77 % a +48 %"), or "—"."""
    if not (present(low) and present(high)):
        return MISSING
    return t("ba_ci_range", low=signed_pct(low), high=signed_pct(high))


def suppress(n: float) -> str:
    """A count of people in a public view: small counts hidden (``<5``), see :func:`stats.suppress`."""
    return stats.suppress(n)


def headers(columns: Iterable[object]) -> dict[str, str]:
    """Translations of the column names that are known codes (``planned_end``, ``seq``…)."""
    return {c: t(c) for c in columns if isinstance(c, str) and c in TEXT}


#: Whole-number columns that are calendar values or codes, not amounts.
_PLAIN = frozenset({"year", "month", "hour", "day", "quarter", "seq", "id", "cvegeo", "rank", "weekday", "dow"})

#: Kinds of table column, each written one way everywhere (a desktop table, a phone card, a gap filled with "—").
KINDS = ("money", "length", "count", "decimal")


def column_kind(name: object, values: pd.Series) -> str | None:
    """What a column holds, from its name and type: ``money`` (``*_mxn``), ``length`` (``*_m``: metres),
    ``count`` (whole numbers), ``decimal`` (other numbers); None for text, dates and booleans."""
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return None
    label = str(name).lower()
    if label in _PLAIN or label.endswith(("_id", "_year", "_month", "_hour", "_seq")) or label.startswith("year"):
        return None  # years, months, hours, sequence numbers and codes: written as they are ("2025", not "2,025")
    if label.endswith("_mxn"):
        return "money"
    if label.endswith("_m") or label.endswith("_metres"):
        return "length"
    return "count" if pd.api.types.is_integer_dtype(values) else "decimal"


def value_text(v: Any, kind: str | None) -> str:
    """One value as every page writes it: an amount "$11.5 M MXN", a length "850 m" / "1.9 km", a count
    "2,268", a decimal "11.5"; "—" when missing; a date as ISO; anything else as its text."""
    if not present(v):
        return MISSING
    if kind in _WRITERS:
        return _WRITERS[kind](v)
    if isinstance(v, float) and v.is_integer():  # a year or a code read as a float: "2025", not "2025.0"
        return str(int(v))
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def _decimal_text(v: Any) -> str:
    return count(v) if float(v).is_integer() else decimal(v, 2 if abs(float(v)) < 10 else 1)


#: How each kind of value is written.
_WRITERS: dict[str | None, Callable[[Any], str]] = {
    "money": money_millions,
    "length": distance,
    "count": count,
    "decimal": _decimal_text,
}


def column_texts(values: pd.Series, kind: str | None) -> list[str]:
    """A whole column written one way: as :func:`value_text`, except that a column of decimals keeps one
    number of decimals for all its rows ("12.0" beside "7.4", never "12" beside "7.40")."""
    if kind == "decimal":
        given = pd.to_numeric(values, errors="coerce").dropna()
        if len(given) and not (given == given.round()).all():
            digits = 2 if given.abs().max() < 10 else 1
            return [decimal(v, digits) if present(v) else MISSING for v in values]
    return [value_text(v, kind) for v in values]


def cell_text(v: Any) -> str:
    """One cell of a column of no known kind as text: "—" when missing, whole floats without ".0", dates as ISO
    (a column's kind, when known, writes it: :func:`value_text`)."""
    return value_text(v, None)


def number_format(kind: str | None, values: pd.Series) -> tuple[pd.Series, str] | None:
    """A numeric column kept numeric (it sorts as numbers) with the printf format that writes it as
    :func:`value_text` does: amounts in millions, lengths in km when they reach one, counts localized."""
    if kind == "money":
        return values / 1e6, "$%.1f M MXN"
    if kind == "length":
        big = values.abs().max() >= 1000 if len(values) else False
        return (values / 1000, "%.1f km") if big else (values, "%.0f m")
    if kind == "count":
        return values, "localized"
    return None


def for_display(df: pd.DataFrame, keep_numeric: Iterable[object] = ()) -> pd.DataFrame:
    """Copy of ``df`` ready for a table: whole-day timestamps as dates, missing values as "—".

    DuckDB hands DATE columns to pandas as midnight timestamps ("2025-11-30 00:00:00") and
    Streamlit prints missing values as "None", which reads as English noise in a Spanish table.
    Column headers that are known codes are translated. Text that starts like a spreadsheet
    formula (``=HYPERLINK(…)``) shows as stored (no apostrophe: that guard is for downloaded files)
    behind an invisible word joiner, so the toolbar's CSV cannot run it (``textsafe.WJ``).
    Columns in ``keep_numeric`` (progress bars) keep their gaps as empty cells instead of "—".
    """
    keep = set(keep_numeric)
    # the table toolbar's "download as CSV" exports what is shown; "-42 %" stays a number
    out = textsafe.display_frame(export.neutralise_formulas(df, signed_numbers_are_safe=True, prefix=textsafe.WJ))
    for col in out.columns:
        s = out[col]
        if isinstance(col, str) and col.endswith("_sha256"):  # a checksum's first 16 of 64 digits: enough to compare
            out[col] = s.map(lambda v: f"{str(v)[:16]}…" if present(v) and len(str(v)) > 16 else v)
            continue
        if isinstance(col, str) and col.endswith("_m") and pd.api.types.is_float_dtype(s):
            out[col] = s.round(0)  # lengths and distances in whole metres, not "1906.9225 m"
            s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            valid = s.dropna()
            if valid.empty or (valid == valid.dt.normalize()).all():
                out[col] = s.dt.date
        if out[col].isna().any() and col not in keep:  # a column with gaps becomes text, so Arrow sees one type
            kind = column_kind(col, out[col])
            out[col] = out[col].map(lambda v, k=kind: value_text(v, k))
    return out.rename(columns=headers(out.columns))
