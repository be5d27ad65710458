"""Database layer: offline spatial, read-only readers, the single writer, reopen on swap."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time

import duckdb
import pytest

from nlmobility import db, sample


def test_spatial_extension_file_matches_duckdb_version() -> None:
    path = db.spatial_extension_path()
    assert path.is_file()
    assert f"v{duckdb.__version__}" in str(path)


def test_spatial_loads_with_empty_home_and_writes_nothing_there(tmp_path: pathlib.Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    code = (
        "from nlmobility import db, meta\n"
        "con = db.connect(':memory:', read_only=False)\n"
        "print(meta.spatial_loaded(con))\n"
        "print(con.execute(\"SELECT ST_X(ST_Transform(ST_Point(-100.316, 25.686), 'EPSG:4326', 'EPSG:32614', always_xy := true))\").fetchone()[0])\n"
        "print(con.execute(\"SELECT current_setting('autoinstall_known_extensions')\").fetchone()[0])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HTTP", "HTTPS"))}
    env.update(HOME=str(home), http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=tmp_path
    )
    loaded, easting, autoinstall = out.stdout.split()
    assert loaded == "True"
    assert 367_000 < float(easting) < 369_000  # downtown Monterrey in UTM 14N
    assert autoinstall.lower() == "false"
    assert list(home.iterdir()) == [], "loading spatial must not write under HOME"


def test_read_only_connection_refuses_writes(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db, read_only=True)
    try:
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM corridor")
    finally:
        con.close()


def test_missing_database_names_the_build_command(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError, match="nlmobility build"):
        db.connect(tmp_path / "absent.duckdb")


def test_only_one_writer_at_a_time_and_the_second_is_refused_only_after_waiting(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "w.duckdb"
    t0 = time.monotonic()
    with (
        db.write_lock(path),
        pytest.raises(RuntimeError, match="another build or import"),
        db.write_lock(path, wait_s=0.3),
    ):
        pass
    assert time.monotonic() - t0 >= 0.3, "the second writer waited before giving up"


def test_a_second_writer_waits_for_the_first_instead_of_being_refused(tmp_path: pathlib.Path) -> None:
    import threading

    path = tmp_path / "w.duckdb"
    order: list[str] = []
    first_has_it = threading.Event()

    def first() -> None:
        with db.write_lock(path):
            first_has_it.set()
            time.sleep(0.5)
            order.append("first done")

    th = threading.Thread(target=first)
    th.start()
    first_has_it.wait(5)
    with db.write_lock(path, wait_s=30):
        order.append("second in")
    th.join()
    assert order == ["first done", "second in"]


def test_database_hands_out_independent_cursors(fixture_db: pathlib.Path) -> None:
    d = db.Database(fixture_db)
    a, b = d.cursor(), d.cursor()
    assert a is not b
    assert (
        a.execute("SELECT count(*) FROM corridor").fetchone() == b.execute("SELECT count(*) FROM corridor").fetchone()
    )
    d.close()


def test_cursors_from_real_threads_read_concurrently(fixture_db: pathlib.Path) -> None:
    """Streamlit runs each session in its own thread: a cursor per query, the shared connection stays open."""
    import concurrent.futures

    d = db.Database(fixture_db)
    expected = d.query_df("SELECT severity, count(*) AS n FROM crash GROUP BY 1 ORDER BY 1")["n"].tolist()

    def work(i: int) -> list[int]:
        out = []
        for _ in range(25):
            cur = d.cursor()
            try:
                out.append(
                    cur.execute("SELECT severity, count(*) AS n FROM crash GROUP BY 1 ORDER BY 1").df()["n"].tolist()
                )
            finally:
                cur.close()
        return [i] if all(r == expected for r in out) else []

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        done = list(pool.map(work, range(8)))
    d.close()
    assert done == [[i] for i in range(8)], "every thread read the same counts 25 times"


def test_database_reopens_when_the_file_is_replaced(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "swap.duckdb"
    sample.build(path, seed=1, crashes=2_000)
    d = db.Database(path)
    first = d.query_df("SELECT dataset_version FROM import_log").iloc[0, 0]
    sample.build(path, seed=2, crashes=2_000)  # atomic replace, as imports do
    second = d.query_df("SELECT dataset_version FROM import_log").iloc[0, 0]
    d.close()
    assert first != second


def test_geometry_columns_hold_the_crs_their_name_says(fixture_db: pathlib.Path) -> None:
    """geom is lon/lat degrees around Monterrey; geom_utm is UTM 14N metres (same places)."""
    con = db.connect(fixture_db)
    try:
        cols = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE column_name LIKE 'geom%'"
        ).fetchall()
        assert len(cols) == 18  # corridor_display.geom: the map's simplified copy
        for table, column in cols:
            lo_x, hi_x, lo_y, hi_y = con.execute(
                f"SELECT min(ST_XMin({column})), max(ST_XMax({column})), min(ST_YMin({column})), max(ST_YMax({column})) FROM {table}"
            ).fetchone()
            if lo_x is None:
                assert table == "intersection", "only the gazetteer (real files only) is empty in the sample"
                continue
            if column == "geom":
                assert lo_x > -100.9 and hi_x < -99.7 and lo_y > 25.1 and hi_y < 26.2, (table, column)
            else:
                assert lo_x > 280_000 and hi_x < 440_000 and lo_y > 2_780_000 and hi_y < 2_900_000, (table, column)
        # The two columns describe the same place: transform one and compare with the other.
        gap = con.execute(
            """SELECT max(ST_Distance(ST_Transform(geom, 'EPSG:4326', 'EPSG:32614', always_xy := true), geom_utm))
               FROM crash"""
        ).fetchone()[0]
        assert gap < 0.01
    finally:
        con.close()
