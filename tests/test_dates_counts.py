"""Dates read by one convention per column, and counts whose groups never exceed their total (issue 28, items 9, 10)."""

from __future__ import annotations

import datetime as dt
import pathlib

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlmobility.ingest import api, kinds, read, validate

TODAY = dt.date(2026, 1, 1)
HEAD = "id,compromiso,numero,titulo,responsable,inicio,fin,estado,desde\n"


def _milestones(tmp_path: pathlib.Path, starts: list[str]) -> pathlib.Path:
    rows = [
        f"MXMTY0005-H{i:02d},MXMTY0005,{i},Hito {i},Secretaría,{start},2024-12-31,in_progress,2025-01-02\n"
        for i, start in enumerate(starts, start=1)
    ]
    path = tmp_path / "hitos.csv"
    path.write_text(HEAD + "".join(rows), encoding="utf-8")
    return path


def _check(kind: str, path: pathlib.Path) -> validate.Checked:
    return validate.check(kinds.resolve(kind), read.read_any(path), path.name, today=TODAY)


def test_one_month_first_cell_makes_the_whole_column_month_first(tmp_path: pathlib.Path) -> None:
    """The issue's file: 12/20/2023 can only be month first, so 02/01/2023 is 1 February, not 2 January."""
    checked = _check("milestones", _milestones(tmp_path, ["12/20/2023", "02/01/2023", "04/11/2023"]))
    assert not checked.problems, [p.reason for p in checked.problems]
    assert [r["planned_start"] for r in checked.rows] == [
        dt.date(2023, 12, 20),
        dt.date(2023, 2, 1),
        dt.date(2023, 4, 11),
    ]
    (note,) = [n for n in checked.notes if "month first" in n]
    assert "'inicio'" in note and "row 2" in note and "12/20/2023" in note and "mes primero" in note.es


def test_a_column_of_only_ambiguous_dates_is_day_first_with_a_warning(tmp_path: pathlib.Path) -> None:
    checked = _check("milestones", _milestones(tmp_path, ["02/01/2023", "04/11/2023"]))
    assert not checked.problems
    assert [r["planned_start"] for r in checked.rows] == [dt.date(2023, 1, 2), dt.date(2023, 11, 4)]
    (note,) = [n for n in checked.notes if "ambiguous" in n]
    assert "'inicio'" in note and "2 cells" in note and "day first" in note and "ambiguas" in note.es


def test_a_column_with_evidence_both_ways_is_refused_naming_the_column_and_two_rows(tmp_path: pathlib.Path) -> None:
    path = _milestones(tmp_path, ["02/01/2023", "20/12/2023", "04/11/2023", "12/20/2023"])
    with pytest.raises(read.ImportRefused) as refused:
        _check("milestones", path)
    said = refused.value.args[0]
    assert "'inicio'" in said and "row 3 '20/12/2023'" in said and "row 5 '12/20/2023'" in said, said
    assert "la columna 'inicio'" in said.es
    report = api.run_import(tmp_path / "none.duckdb", "milestones", path, dry_run=True, partial=True, today=TODAY)
    assert not report.ok and report.error and "mixes day-first and month-first" in report.error
    assert report.accepted == 0, "never some rows one way and the rest the other"


def test_day_first_evidence_keeps_the_column_day_first_without_a_warning(tmp_path: pathlib.Path) -> None:
    checked = _check("milestones", _milestones(tmp_path, ["20/12/2023", "02/01/2023"]))
    assert [r["planned_start"] for r in checked.rows] == [dt.date(2023, 12, 20), dt.date(2023, 1, 2)]
    assert not [n for n in checked.notes if "ambiguous" in n or "month first" in n]


def test_iso_dates_need_no_convention(tmp_path: pathlib.Path) -> None:
    checked = _check("milestones", _milestones(tmp_path, ["2023-12-20", "2023-02-01"]))
    assert [r["planned_start"] for r in checked.rows] == [dt.date(2023, 12, 20), dt.date(2023, 2, 1)]
    assert not [n for n in checked.notes if "ambiguous" in n or "month first" in n]


def test_a_datetime_column_is_decided_the_same_way(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "siniestros.csv"
    path.write_text(
        "fecha_hora,lat,lon,gravedad\n12/20/2023 08:30,25.67,-100.31,fatal\n02/01/2023 17:05,25.68,-100.30,fatal\n",
        encoding="utf-8",
    )
    fields = {f.name: f for f in kinds.resolve("crashes").fields}
    datetime_fields = [n for n, f in fields.items() if f.type == "datetime"]
    assert datetime_fields, "crashes carry a date and time field"
    table = read.read_any(path)
    found = validate.map_columns(kinds.resolve("crashes"), list(table.frame.columns), {}, path.name)
    notes: list[str] = []
    month_first = validate.date_conventions(kinds.resolve("crashes"), table, found, path.name, notes)
    (name,) = [n for n in datetime_fields if n in found]
    assert month_first[name] is True and notes
    assert validate.parse_datetime("02/01/2023 17:05", month_first=True) == dt.datetime(2023, 2, 1, 17, 5)


@pytest.mark.parametrize(
    "kind_field",
    [(k.name, f.name) for k in kinds.KINDS.values() for f in k.fields if f.type in ("date", "datetime")],
)
def test_every_date_column_of_every_kind_is_decided_per_column(kind_field: tuple[str, str]) -> None:
    kind_name, field = kind_field
    kind = kinds.resolve(kind_name)
    table = read.Table(pd.DataFrame({"c": ["12/20/2023", "02/01/2023", "20/12/2023"]}), format="csv")
    with pytest.raises(read.ImportRefused, match="'c' mixes"):
        validate.date_conventions(kind, table, {field: "c"}, "f.csv", [])
    table = read.Table(pd.DataFrame({"c": ["12/20/2023", "02/01/2023"]}), format="csv")
    assert validate.date_conventions(kind, table, {field: "c"}, "f.csv", []) == {field: True}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2025, 12, 31)), min_size=1, max_size=12),
    st.booleans(),
    st.sampled_from(["/", "-"]),
)
def test_a_column_written_one_way_reads_back_exactly_or_warns(
    dates: list[dt.date], month_first: bool, sep: str
) -> None:
    """Whatever the dates: read back exactly when one cell shows the order; all ambiguous: day first and a note."""
    fmt = f"%m{sep}%d{sep}%Y" if month_first else f"%d{sep}%m{sep}%Y"
    table = read.Table(pd.DataFrame({"c": [d.strftime(fmt) for d in dates]}), format="csv")
    kind = kinds.resolve("milestones")
    notes: list[str] = []
    decided = validate.date_conventions(kind, table, {"planned_start": "c"}, "f.csv", notes)["planned_start"]
    shows_order = any(d.day > 12 for d in dates)
    read_back = [validate.parse_date(d.strftime(fmt), month_first=decided) for d in dates]
    if shows_order:
        assert decided is month_first and read_back == dates
    else:
        assert decided is False and any("ambiguous" in n for n in notes)
        assert read_back == [d if not month_first else d.replace(month=d.day, day=d.month) for d in dates]


COUNTS = "sitio,fecha,hora,peatones,mujeres,hombres,ninos,lat,lon\n"


def test_a_count_whose_groups_exceed_the_pedestrians_is_refused_naming_row_column_and_value(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "aforo.csv"
    path.write_text(
        COUNTS
        + "Plaza,2024-03-01,8,10,50,40,99,25.67,-100.31\n"  # the row: a women's share of 500 %
        + "Plaza,2024-03-01,9,10,6,4,3,25.67,-100.31\n"  # fine: women + men = pedestrians
        + "Plaza,2024-03-01,10,10,6,5,,25.67,-100.31\n"  # women + men = 11 > 10
        + "Plaza,2024-03-01,11,10,,,11,25.67,-100.31\n",  # children alone exceed
        encoding="utf-8",
    )
    checked = _check("counts", path)
    by_row = {p.row: p for p in checked.problems}
    assert {p.code for p in checked.problems} == {"sum"}, [(p.row, p.reason) for p in checked.problems]
    assert set(by_row) == {2, 4, 5}
    assert by_row[2].column == "mujeres" and by_row[2].value == "50" and "peatones = 10" in by_row[2].reason
    assert by_row[4].column == "mujeres" and "(= 11)" in by_row[4].reason
    assert by_row[5].column == "ninos" and by_row[5].value == "11" and "es mayor que peatones" in by_row[5].reason.es
    report = api.run_import(tmp_path / "none.duckdb", "counts", path, dry_run=True, today=TODAY)
    assert not report.ok
    line = next(x for x in report.lines() if "row 2" in x)
    assert line.startswith("aforo.csv: row 2, column 'mujeres'") and "mujeres = 50" in line, line


def test_participation_events_keep_the_same_rule(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "eventos.csv"
    path.write_text(
        "id,fecha,tipo,cvegeo,participantes,mujeres,hombres,discapacidad\n"
        "E1,2024-03-01,taller,19039,10,50,,\n"
        "E2,2024-03-01,taller,19039,10,4,5,11\n"
        "E3,2024-03-01,taller,19039,10,4,5,2\n",
        encoding="utf-8",
    )
    by_row = {p.row: p for p in _check("participation_events", path).problems}
    assert set(by_row) == {2, 3}
    assert by_row[2].column == "mujeres" and by_row[2].value == "50"
    assert by_row[3].column == "discapacidad" and by_row[3].value == "11"
