"""Property-based imports: random cells of every field type in random file shapes, through every kind.

The only outcomes allowed: the file is accepted and the values are stored as given, or it is
refused with a message naming the file and a row or column, and the database is byte-for-byte
the same data as before. Never an exception.
"""

from __future__ import annotations

import csv
import io
import pathlib
import shutil
import string
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlmobility import db, sample
from nlmobility.ingest import kinds, run_import

#: Cells a field may receive: valid-looking values of its type, and anything else.
TEXTY = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
BY_TYPE: dict[str, st.SearchStrategy[str]] = {
    "int": st.one_of(st.integers(-5, 10**7).map(str), st.sampled_from(["1,5", "1,234", "3.0", "1e3", "", "NA", "dos"])),
    "float": st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.sampled_from(["25,67", "1,234.5", "-100.31", "25.68", "", "1e308"]),
    ),
    "date": st.one_of(
        st.dates(min_value=__import__("datetime").date(1900, 1, 1)).map(lambda d: d.isoformat()),
        st.sampled_from(["15/03/2024", "2024-02-30", "32/13/2024", "ayer", ""]),
    ),
    "time": st.sampled_from(["08:30", "9", "0.8125", "25:99", "mediodía", "08:30 CST", "7:05 p.m.", ""]),
    "datetime": st.sampled_from(["2024-03-01 08:30", "2024-03-01T08:30:00-06:00", "x", ""]),
    "bool": st.sampled_from(["sí", "no", "1", "0", "quizás", ""]),
    "code": st.one_of(
        st.sampled_from(
            ["19039", "CV-OCAMPO", "EV-001", "MXMTY0005", "L1", "finished", "planned", "operating", "metro"]
        ),
        TEXTY,
    ),
    "text": TEXTY,
    "url": st.sampled_from(["https://example.org/x", "javascript:alert(1)", "data:text/html,x", "ftp://x", ""]),
    "color": st.sampled_from(["#00843D", "abc", "rojo", "#12345G", ""]),
    "latlon": st.sampled_from(["25.768185, -100.248738", "-100.24 25.76", "25.7;-100.2", "25.7", "a, b", ""]),
}
COORDS = {
    "lat": st.sampled_from(["25.68", "-100.31", "40.4", "abc", ""]),
    "lon": st.sampled_from(["-100.31", "25.68", "0", ""]),
}
DELIMITERS = st.sampled_from([",", ";", "\t", "|"])
KIND_NAMES = [k for k, kind in kinds.KINDS.items() if kind.geometry in (None, "point")]


@pytest.fixture(scope="module")
def work_db(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[pathlib.Path]:
    path = tmp_path_factory.mktemp("props") / "props.duckdb"
    shutil.copy(fixture_db, path)
    yield path


def _state(path: pathlib.Path) -> tuple[list[tuple[str, int]], str]:
    con = db.connect(path)
    try:
        return sample.table_counts(con), sample.data_checksum(con)
    finally:
        con.close()


@st.composite
def files(draw: st.DrawFn, kind_name: str) -> tuple[str, list[str], list[list[str]]]:
    """(delimiter, header, rows) for a random subset of the kind's fields, by their Spanish or English names."""
    kind = kinds.KINDS[kind_name]
    fields = [f for f in kind.fields if f.required or draw(st.booleans())]
    header = [draw(st.sampled_from((f.name, *f.aliases))) for f in fields]
    seen: set[str] = set()
    fields = [f for f, h in zip(fields, header, strict=True) if not (kinds.norm(h) in seen or seen.add(kinds.norm(h)))]
    header = list(dict.fromkeys(header))
    n = draw(st.integers(1, 4))
    rows = [[draw(COORDS.get(f.name, BY_TYPE[f.type])) for f in fields] for _ in range(n)]
    return draw(DELIMITERS), header, rows


def _csv(delimiter: str, header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


@pytest.mark.parametrize("kind_name", KIND_NAMES)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_random_files_are_accepted_exactly_or_refused_by_row_and_column(
    work_db: pathlib.Path, kind_name: str, data: st.DataObject
) -> None:
    delimiter, header, rows = data.draw(files(kind_name))
    with tempfile.TemporaryDirectory() as tmp:
        name = "".join(data.draw(st.lists(st.sampled_from(string.ascii_lowercase), min_size=1, max_size=8))) + ".csv"
        path = pathlib.Path(tmp) / name
        path.write_text(_csv(delimiter, header, rows), encoding="utf-8")
        before = _state(work_db)
        report = run_import(work_db, kind_name, path, mix_with_sample=True)  # must not raise, whatever the file holds
        message = "\n".join(report.lines())
        if not report.ok:
            assert name in message, message
            named = report.problems or any(w in (report.error or "") for w in ("row ", "column", "columns"))
            assert named or "no valid rows" in (report.error or ""), message
            assert _state(work_db) == before, "a refused file changed the database"
            assert report.error_es or all(p["reason_es"] for p in report.problems), "Spanish message for the admin page"
        else:
            assert report.rejected == 0 and report.accepted == len(rows) - sum(
                1 for p in report.problems if p["code"] == "duplicate"
            )
            _stored_texts_are_exact(work_db, kind_name, header, rows)


def _stored_texts_are_exact(path: pathlib.Path, kind_name: str, header: list[str], rows: list[list[str]]) -> None:
    """Text fields come back exactly as written (trimmed), for the rows of this file's natural keys."""
    kind = kinds.KINDS[kind_name]
    by_norm = {kinds.norm(a): f for f in kind.fields for a in (f.name, *f.aliases)}
    texts = [
        (i, by_norm[kinds.norm(h)].name)
        for i, h in enumerate(header)
        if by_norm.get(kinds.norm(h)) and by_norm[kinds.norm(h)].type == "text"
    ]
    key = kind.key[0]
    key_col = next(
        (i for i, h in enumerate(header) if by_norm.get(kinds.norm(h)) and by_norm[kinds.norm(h)].name == key), None
    )
    if not texts or key_col is None or kind_name == "crashes":
        return
    con = db.connect(path)
    try:
        for row in rows:
            for i, field in texts:
                # field and table names come from kinds.py, the key value is bound
                got = con.execute(
                    f"SELECT {field} FROM {kind.table} WHERE {key} = ?", [row[key_col].strip()]
                ).fetchone()
                if (
                    got is not None
                    and row[i].strip()
                    and kinds.norm(row[i]) not in ("sin_dato", "na", "n_a", "null", "none", "nan")
                ):
                    assert got[0] == row[i].strip(), (field, row[i], got[0])
    finally:
        con.close()
