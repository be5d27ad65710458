"""Storage under concurrency: writers that wait instead of being refused, a workshop and its comments in
one transaction, readers that never see an error while a write commits, a killed writer's log."""

from __future__ import annotations

import concurrent.futures
import pathlib
import shutil
import subprocess
import sys
import textwrap
import threading

import pytest

from nlmobility import db
from nlmobility.ingest import run_import
from tests.savers import run_savers

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _workshops(dbfile: pathlib.Path) -> tuple[int, int, int, int]:
    con = db.current_file_reader(dbfile)
    try:
        row = con.execute(
            "SELECT (SELECT count(*) FROM src.participation_event WHERE event_id LIKE 'EV-F%'),"
            " (SELECT count(DISTINCT event_id) FROM src.participation_event WHERE event_id LIKE 'EV-F%'),"
            " (SELECT count(*) FROM src.participation_comment WHERE event_id LIKE 'EV-F%'),"
            " (SELECT count(*) FROM src.participation_event e WHERE e.event_id LIKE 'EV-F%' AND"
            "   (SELECT count(*) FROM src.participation_comment c WHERE c.event_id = e.event_id) <> 3)"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def test_workshops_saved_from_5_processes_at_once_all_land_with_their_comments(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    dbfile = tmp_path / "w.duckdb"
    shutil.copy(fixture_db, dbfile)
    # 5 processes x 4 saves: every save contends for the lock; 100 from 10 is `benchmarks/lake.py`'s figure.
    saved = run_savers(str(dbfile), processes=5, saves=4)
    assert saved.codes == [0] * 5, saved.errors
    assert len(saved.lines) == 20 and saved.refused() == []
    events, distinct, comments, without_all = _workshops(dbfile)
    assert (events, distinct, comments, without_all) == (20, 20, 60, 0)


def test_a_workshop_whose_comments_are_refused_is_not_saved_either(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nlmobility.ui import admin

    dbfile = tmp_path / "w.duckdb"
    shutil.copy(fixture_db, dbfile)
    monkeypatch.setenv("NLMOBILITY_DB", str(dbfile))
    values: dict[str, object] = {
        "event_id": admin.new_event_id(),
        "event_date": "2024-05-01",
        "kind": "taller",
        "cvegeo": "19039",
        "corridor_id": None,
        "place": "Plaza",
        "participants_total": 3,
        "women": 3,
        "men": 0,
        "gender_other": 0,
        "with_disability": 0,
    }
    reports = admin.record_workshop(values, ["x" * 30_000], "f", mix_with_sample=True)  # longer than a comment may be
    assert [r.ok for r in reports] == [False, False]
    assert reports[0].held_back and "no se guardó" in (reports[0].error_es or "")
    assert admin.main_report(reports) is reports[1]
    assert reports[1].problems or reports[1].error, "the comments' report says why"
    assert _workshops(dbfile) == (0, 0, 0, 0)


def test_form_event_ids_never_collide() -> None:
    from nlmobility.ui import admin

    ids = {admin.new_event_id() for _ in range(5000)}
    assert len(ids) == 5000


def _crash_csv(path: pathlib.Path, i: int, injured: int = 1) -> None:
    rows = [
        f"2023-0{1 + k % 9}-1{k % 9},12:00,25.67{i}{k:02d},-100.31{k:02d},0,{injured},reader-test-{i}-{k}"
        for k in range(20)
    ]
    path.write_text(
        "fecha,hora,latitud,longitud,fallecidos,lesionados,tipo_accidente\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )


def test_four_threads_read_without_an_error_while_five_imports_commit(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    dbfile = tmp_path / "r.duckdb"
    shutil.copy(fixture_db, dbfile)
    readers_during_imports(dbfile, tmp_path)


def readers_during_imports(store: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """4 threads read the store (a file or a lake) while 5 imports commit: every import lands, no read errs."""
    reader = db.Database(store)
    stop = threading.Event()
    seen: set[int] = set()

    def read() -> tuple[int, list[str]]:
        n, errors = 0, []
        while not stop.is_set():
            try:
                df = reader.query_df("SELECT count(*) AS n FROM crash")
                seen.add(int(df["n"].iloc[0]))
                n += 1
            except Exception as exc:
                errors.append(repr(exc))
        return n, errors

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(read) for _ in range(4)]
        reports = []
        for i in range(5):
            f = tmp_path / f"c{i}.csv"
            _crash_csv(f, i)
            reports.append(run_import(store, "crashes", f, mix_with_sample=True))
        stop.set()
        results = [fu.result() for fu in futures]
    assert all(r.ok and r.inserted == 20 for r in reports), [r.lines() for r in reports]
    assert sum(n for n, _ in results) > 20, "the readers did read"
    assert [e for _, errs in results for e in errs] == []
    assert len(seen) >= 2, "readers saw new versions without a restart"


KILLED_WRITER = textwrap.dedent(
    """
    import os, sys
    from nlmobility import db
    con = db.connect(sys.argv[1], read_only=False)
    con.execute("SET checkpoint_threshold = '1GB'")
    con.execute("INSERT INTO dataset_meta VALUES ('killed_writer', 'committed before the kill')")
    os._exit(9)  # no checkpoint: the committed row is only in the write-ahead log
    """
)


def test_a_log_left_by_a_killed_writer_is_kept_and_never_replayed_twice(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    dbfile = tmp_path / "k.duckdb"
    shutil.copy(fixture_db, dbfile)
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(dbfile)], cwd=ROOT, check=False)
    assert pathlib.Path(str(dbfile) + ".wal").exists(), "the writer left its log"
    f = tmp_path / "c.csv"
    _crash_csv(f, 7)
    report = run_import(dbfile, "crashes", f, mix_with_sample=True)
    assert report.ok, report.lines()
    assert not pathlib.Path(str(dbfile) + ".wal").exists()
    for _ in range(2):  # opened twice: nothing replayed again
        con = db.connect(dbfile)
        try:
            assert con.execute("SELECT value FROM dataset_meta WHERE key = 'killed_writer'").fetchall() == [
                ("committed before the kill",)
            ]
            assert con.execute("SELECT count(*) - count(DISTINCT import_id) FROM import_log").fetchone() == (0,)
        finally:
            con.close()
    assert not list(tmp_path.glob("*.import.tmp*")), "no leftovers"


def test_maintain_puts_imported_crashes_back_in_date_order_without_changing_a_row(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    from nlmobility import cli

    dbfile = tmp_path / "m.duckdb"
    shutil.copy(fixture_db, dbfile)
    f = tmp_path / "old.csv"
    _crash_csv(f, 8)  # 2023 dates, appended after the newest crashes
    assert run_import(dbfile, "crashes", f, mix_with_sample=True).ok
    _crash_csv(f, 9, injured=0)  # damage only: its yearly cell counts land after the injury ones
    assert run_import(dbfile, "crashes", f, mix_with_sample=True, append=True).ok  # a second batch, not a new version

    def snapshot() -> tuple[list[tuple[object, ...]], bool, int, list[tuple[object, ...]], bool]:
        con = db.connect(dbfile)
        try:
            rows = con.execute("SELECT * EXCLUDE (geom, geom_utm) FROM crash ORDER BY crash_id").fetchall()
            dates = [r[0] for r in con.execute("SELECT occurred_at FROM crash").fetchall()]  # storage order
            pk = con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'crash'").fetchone()
            cells = con.execute("SELECT * FROM crash_year_cell ORDER BY ALL").fetchall()
            severities = [r[0] for r in con.execute("SELECT severity FROM crash_year_cell").fetchall()]
        finally:
            con.close()
        return rows, dates == sorted(dates), int(pk[0]) if pk else 0, cells, severities == sorted(severities)

    before, in_order, constraints, cells_before, cells_in_order = snapshot()
    assert not in_order, "the import appended older crashes after newer ones"
    assert not cells_in_order, "the import appended its yearly cell counts after the built ones"
    assert cli.main(["maintain", "--db", str(dbfile)]) == 0
    after, in_order, kept, cells_after, cells_in_order = snapshot()
    assert in_order and after == before
    assert kept == constraints > 0, "the same NOT NULL and CHECK constraints"
    assert cells_in_order and cells_after == cells_before, "the yearly cell counts by severity again, the same rows"
