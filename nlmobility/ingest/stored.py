"""Rows whose key is already stored with other values: refused by row, column and value, never silently kept.

A comment or a workshop whose identifier is already in the database is skipped as "already present"
when it is the same record. When the file gives other values for it (another text, another date),
skipping it would report the row as accepted while the database keeps the old values; replacing it
would let any file overwrite another source's record. So the row is refused, naming the column, the
stored value and the file's value; a correction comes as a new version of the record's own file
(the same name), whose changed records replace the stored ones.
Reference kinds (``Kind.upsert``) replace by design; crash records have no identifier of their own
(their key is their content), so neither is checked here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from nlmobility.ingest.kinds import Kind
from nlmobility.ingest.validate import Checked, Problem
from nlmobility.text.messages import msg

#: Row fields that are not stored as such (the point is stored as a geometry).
_NOT_COMPARED = frozenset({"geometry", "lat", "lon", "latlon"})


def applies(kind: Kind) -> bool:
    """Whether rows of ``kind`` can clash with a stored record of the same identifier."""
    return not kind.upsert and kind.table != "crash" and len(kind.key) == 1


def _same(stored: Any, given: Any) -> bool:
    if isinstance(stored, dt.datetime) and isinstance(given, dt.date) and not isinstance(given, dt.datetime):
        return stored.date() == given
    if isinstance(stored, float | int) and isinstance(given, float | int) and not isinstance(given, bool):
        return float(stored) == float(given)
    return bool(stored == given)


def _shown(value: Any) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return repr(text if len(text) <= 60 else text[:57] + "…")


def conflicts(
    con: duckdb.DuckDBPyConnection, schema: str, kind: Kind, checked: Checked, source: str
) -> tuple[list[Problem], set[str]]:
    """One problem per row and column whose value differs from another source's record with the same key.

    ``con`` reads the database under ``schema`` (``db.current_file_reader``'s ``src``). A value the
    file leaves empty does not contradict a stored one. Records stored from ``source`` itself (the
    same file name: a new version of it) are not conflicts but corrections: their keys are returned
    second, for the load to replace them.
    """
    if not applies(kind) or not checked.rows:
        return [], set()
    key = kind.key[0]
    columns = {
        str(r[0])
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main'"
            " AND table_catalog = ?",
            [kind.table, schema],
        ).fetchall()
    }
    fields = sorted({f for row in checked.rows for f in row} & columns - _NOT_COMPARED - {key})
    if not fields:
        return [], set()
    keys = sorted({str(row[key]) for row in checked.rows if row.get(key) is not None})
    # table, key and field names come from the fixed kinds definitions and the schema, never from the file
    stored = {
        str(r[0]): dict(zip(["source", *fields], r[1:], strict=True))
        for r in con.execute(
            f"SELECT {key}, source, {', '.join(fields)} FROM {schema}.{kind.table} WHERE {key} IN (SELECT unnest(?))",  # noqa: S608
            [keys],
        ).fetchall()
    }
    out: list[Problem] = []
    corrected: set[str] = set()
    for row, number in zip(checked.rows, checked.row_numbers, strict=True):
        record = stored.get(str(row.get(key)))
        if record is None:
            continue
        for name in fields:
            given = row.get(name)
            if given is None or name not in row or _same(record[name], given):
                continue
            if record["source"] == source:
                corrected.add(str(row[key]))
                continue
            out.append(
                Problem(
                    number,
                    name,
                    msg(
                        "imp_stored_conflict",
                        key_field=key,
                        key_value=_shown(row[key]),
                        field=name,
                        stored=_shown(record[name]),
                        given=_shown(given),
                    ),
                    "conflict",
                    str(given),
                )
            )
    return out, corrected


def without(checked: Checked, found: tuple[list[Problem], set[str]]) -> None:
    """Take the rows named in the problems out of ``checked``, add the problems to it, note the corrected keys."""
    problems, checked.corrected = found
    if not problems:
        return
    refused = {p.row for p in problems}
    kept = [(r, n) for r, n in zip(checked.rows, checked.row_numbers, strict=True) if n not in refused]
    checked.rows = [r for r, _ in kept]
    checked.row_numbers = [n for _, n in kept]
    checked.problems = sorted([*checked.problems, *problems], key=lambda p: (p.row or 0, p.column or ""))
