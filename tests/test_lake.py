"""Storage on DuckLake with a PostgreSQL catalog (a throwaway server): the same figures as
the single file, 100 workshops from 10 processes, readers during imports, versions as snapshots
(pinned links, diff, rollback), SIGKILL during an import, maintenance, migration."""

from __future__ import annotations

import os
import pathlib
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pandas as pd
import pytest

from nlmobility import db, lake, queries
from nlmobility.filters import Filters
from nlmobility.ingest import Report, run_import
from tests import pgserver, shown
from tests.savers import run_savers
from tests.test_storage import _crash_csv, readers_during_imports

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def postgres() -> Iterator[pgserver.Server]:
    why = pgserver.unavailable()
    if why:
        pytest.skip(why)
    with pgserver.server() as srv:
        yield srv


@pytest.fixture()
def lake_of(postgres: pgserver.Server, tmp_path: pathlib.Path, fixture_db: pathlib.Path) -> tuple[str, pathlib.Path]:
    """A lake migrated from the fixture database on a fresh PostgreSQL catalog; (locator, its data path)."""
    data = tmp_path / "lake-data"
    locator = "ducklake:postgres:" + postgres.new_database()
    lake.migrate(fixture_db, locator, data_path=str(data))
    return locator, data


def _count(locator: str, table: str = "crash", snapshot: int | None = None) -> int:
    con = db.connect_lake(locator, snapshot=snapshot)
    try:
        return int(db.scalar(con, f"SELECT count(*) FROM {table}"))
    finally:
        con.close()


def _import_crashes(locator: str, csv: pathlib.Path, i: int) -> Report:
    """20 new crashes (``tests.test_storage._crash_csv``, batch ``i``) written to ``csv`` and imported into the lake."""
    _crash_csv(csv, i)
    return run_import(pathlib.Path(locator), "crashes", csv, mix_with_sample=True)


def test_the_lake_gives_the_same_figures_as_the_file(
    lake_of: tuple[str, pathlib.Path], fixture_db: pathlib.Path
) -> None:
    locator, _ = lake_of
    f = Filters(severity="all")
    file_db, lake_db = db.Database(fixture_db), db.Database(locator)
    for name, fn in {
        "crash_monthly": lambda c: queries.crash_monthly(c, f),
        "crash_by_municipality": lambda c: queries.crash_by_municipality(c, f),
        "crash_hotspots": lambda c: queries.crash_hotspots(c, f),
        "corridors": queries.corridors,
        "import_log": queries.import_log,
    }.items():
        a, b = fn(file_db.cursor()), fn(lake_db.cursor())
        pd.testing.assert_frame_equal(
            a.sort_values(list(a.columns[:2])).reset_index(drop=True),
            b.sort_values(list(b.columns[:2])).reset_index(drop=True),
            check_dtype=False,
            obj=name,
        )


def test_workshops_from_5_processes_at_once_land_on_the_lake(
    lake_of: tuple[str, pathlib.Path], tmp_path: pathlib.Path
) -> None:
    locator, data = lake_of
    # 5 processes x 4 saves contend for the lake's commits; 100 from 10 is `benchmarks/lake.py`'s figure.
    saved = run_savers(locator, processes=5, saves=4, data_path=data)
    assert saved.codes == [0] * 5, saved.errors
    assert len(saved.lines) == 20 and saved.refused() == []
    con = db.connect_lake(locator)
    try:
        row = con.execute(
            "SELECT (SELECT count(*) FROM participation_event WHERE event_id LIKE 'EV-F%'),"
            " (SELECT count(DISTINCT event_id) FROM participation_event WHERE event_id LIKE 'EV-F%'),"
            " (SELECT count(*) FROM participation_comment WHERE event_id LIKE 'EV-F%'),"
            " (SELECT count(DISTINCT comment_id) FROM participation_comment WHERE event_id LIKE 'EV-F%')"
        ).fetchone()
        versions = con.execute("SELECT count(DISTINCT dataset_version) FROM import_log").fetchone()
    finally:
        con.close()
    assert row == (20, 20, 60, 60)
    assert versions is not None and versions[0] >= 21, "every save is its own version"


def test_four_threads_read_without_an_error_while_five_imports_commit_on_the_lake(
    lake_of: tuple[str, pathlib.Path], tmp_path: pathlib.Path
) -> None:
    locator, _ = lake_of
    readers_during_imports(pathlib.Path(locator), tmp_path)


def test_a_link_pinned_to_a_version_keeps_its_figures_after_a_later_import(
    lake_of: tuple[str, pathlib.Path], tmp_path: pathlib.Path
) -> None:
    locator, _ = lake_of
    first = _import_crashes(locator, tmp_path / "c.csv", 1)
    assert first.ok and first.dataset_version
    con = db.connect_lake(locator)
    try:
        pinned = lake.snapshot_of(con, first.dataset_version)
    finally:
        con.close()
    assert pinned is not None
    at_n = db.Database(locator, snapshot=pinned)
    before = queries.crash_monthly(at_n.cursor(), Filters(severity="all"))
    assert _import_crashes(locator, tmp_path / "d.csv", 2).ok
    after_pinned = queries.crash_monthly(db.Database(locator, snapshot=pinned).cursor(), Filters(severity="all"))
    latest = queries.crash_monthly(db.Database(locator).cursor(), Filters(severity="all"))
    pd.testing.assert_frame_equal(before, after_pinned)
    assert int(latest.iloc[:, 1].sum()) == int(before.iloc[:, 1].sum()) + 20


def test_versions_diff_and_rollback_as_a_new_snapshot(
    lake_of: tuple[str, pathlib.Path], tmp_path: pathlib.Path
) -> None:
    locator, _ = lake_of
    base = _count(locator)
    assert _import_crashes(locator, tmp_path / "c.csv", 3).ok
    con = db.connect_lake(locator)
    try:
        versions = lake.snapshots(con)
        assert [v.version for v in versions][-1].startswith("v2-")
        first, second = versions[0].snapshot_id, versions[-1].snapshot_id
        assert ("crash", base, base + 20) in lake.diff(con, first, second)
    finally:
        con.close()
    rolled = lake.rollback(locator, first)
    assert _count(locator) == base
    assert _count(locator, snapshot=second) == base + 20, "the rolled-back version stays readable"
    con = db.connect_lake(locator)
    try:
        assert lake.snapshots(con)[-1].version == rolled
    finally:
        con.close()


def test_cli_versions_diff_rollback_and_maintain(lake_of: tuple[str, pathlib.Path], tmp_path: pathlib.Path) -> None:
    locator, data = lake_of
    env = {**os.environ, "NLMOBILITY_DB": locator, "NLMOBILITY_DATA_PATH": str(data)}
    for i in range(3):
        assert _import_crashes(locator, tmp_path / f"c{i}.csv", i).ok
    files_before = len(list(data.rglob("*.parquet")))
    out = subprocess.run(
        [sys.executable, "-m", "nlmobility.cli", "lake", "versions"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0 and len(out.stdout.splitlines()) == 4, out.stderr
    out = subprocess.run(
        [sys.executable, "-m", "nlmobility.cli", "maintain", "--keep-days", "0"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert len(list(data.rglob("*.parquet"))) < files_before, "small files merged, expired ones removed"
    assert _count(locator) == _count(locator)  # still readable
    bad = subprocess.run(
        [sys.executable, "-m", "nlmobility.cli", "lake", "rollback", "99999"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 1 and "no snapshot 99999" in bad.stderr


KILL_IMPORT = "from nlmobility.cli import main; import sys; sys.exit(main(sys.argv[1:]))"


def test_sigkill_during_a_lake_import_leaves_the_previous_or_the_next_snapshot(
    lake_of: tuple[str, pathlib.Path], tmp_path: pathlib.Path
) -> None:
    locator, data = lake_of
    base = _count(locator)
    rng = random.Random(11)
    env = {**os.environ, "NLMOBILITY_DB": locator, "NLMOBILITY_DATA_PATH": str(data), "NLMOBILITY_IMPORT_PAUSE": "1.5"}
    landed = 0
    for i in range(4):
        f = tmp_path / f"k{i}.csv"
        _crash_csv(f, i)
        p = subprocess.Popen(
            [sys.executable, "-c", KILL_IMPORT, "import", "crashes", str(f), "--db", locator, "--mix-with-sample"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 4.5))
        p.send_signal(signal.SIGKILL)
        p.wait()
        n = _count(locator)
        assert n in (base + 20 * landed, base + 20 * (landed + 1)), "never between two snapshots"
        landed = (n - base) // 20
    assert _import_crashes(locator, tmp_path / "after.csv", 9).ok, "the lake still takes imports"
    assert _count(locator) == base + 20 * (landed + 1)


def test_migrate_refuses_a_lake_that_is_not_empty(lake_of: tuple[str, pathlib.Path], fixture_db: pathlib.Path) -> None:
    locator, _ = lake_of
    with pytest.raises(lake.LakeError, match="already holds tables"):
        lake.migrate(fixture_db, locator)
    assert _count(locator) > 0


def test_the_app_opened_with_a_link_pinned_to_an_earlier_version_shows_that_version(
    lake_of: tuple[str, pathlib.Path], tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    locator, _ = lake_of
    con = db.connect_lake(locator)
    try:
        first = str(db.scalar(con, "SELECT dataset_version FROM import_log ORDER BY import_id DESC LIMIT 1"))
    finally:
        con.close()
    later = _import_crashes(locator, tmp_path / "c.csv", 4)
    assert later.ok and later.dataset_version
    monkeypatch.setenv("NLMOBILITY_DB", locator)
    monkeypatch.setenv("NLMOBILITY_DATA_PATH", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["v"] = first
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")  # values are escaped as Markdown literals
    assert f"versión «{first}»" in warnings and later.dataset_version in warnings
    shown = " ".join(str(c.value) for c in at.caption) + " ".join(str(i.value) for i in at.info)
    assert later.dataset_version not in shown.replace(f"«{later.dataset_version}»", "")
    at.button(key="nlm_unpin").click().run()
    assert not at.exception
    assert not [b for b in at.button if b.key == "nlm_unpin"], "back on the current data"


def test_administracion_lists_the_lake_versions_their_differences_and_restores_one(
    lake_of: tuple[str, pathlib.Path], tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from nlmobility import auth

    locator, _ = lake_of
    base = _count(locator)
    assert _import_crashes(locator, tmp_path / "c.csv", 6).ok
    monkeypatch.setenv("NLMOBILITY_DB", locator)
    monkeypatch.setenv(auth.ENV_USERS, str(tmp_path / "users.json"))
    auth.add_user("oficial", "correcto-caballo-bateria")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/admin.py")
    at.run()
    at.text_input(key="admin_login_user").set_value("oficial")
    at.text_input(key="admin_login_password").set_value("correcto-caballo-bateria")
    at.button(key="admin_login_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    tables = shown.tables(at)

    assert any("Versión n.º" in df.columns and len(df) == 2 for df in tables), "both versions listed"
    assert any("Filas después" in df.columns and (df["Filas después"] - df["Filas antes"] == 20).any() for df in tables)
    assert at.button(key="lk_run").disabled, "nothing is restored without the confirmation"
    at.checkbox(key="lk_sure").check().run()
    at.button(key="lk_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Restaurado" in s.value for s in at.success)
    assert _count(locator) == base


@pytest.mark.parametrize(
    "locator",
    [
        "ducklake:postgres:dbname=nlm host=127.0.0.1 port=1 connect_timeout=2",  # no server there
        "ducklake:sqlite:/tmp/catalog.sqlite",  # refused: one transaction at a time
    ],
)
def test_a_lake_that_cannot_be_opened_is_said_plainly(locator: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NLMOBILITY_DB", locator)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("No se pudo abrir el lago de datos" in e.value for e in at.error)


def test_embedded_catalogs_are_refused_with_the_reason(tmp_path: pathlib.Path, fixture_db: pathlib.Path) -> None:
    for locator in (f"ducklake:sqlite:{tmp_path / 'c.sqlite'}", f"ducklake:{tmp_path / 'c.ducklake'}"):
        with pytest.raises(db.UnsupportedCatalogError, match="must be PostgreSQL"):
            lake.migrate(fixture_db, locator, data_path=str(tmp_path / "d"))
    assert not list(tmp_path.iterdir()), "nothing created"


def test_writers_on_one_machine_take_turns_on_the_local_queue(tmp_path: pathlib.Path) -> None:
    """Two threads writing to the same lake: the second waits for the first instead of conflicting."""
    import threading

    locator = f"ducklake:postgres:dbname=queue-test-{tmp_path.name}"
    spans: list[tuple[str, float, float]] = []

    def writer(name: str) -> None:
        with lake.local_queue(locator):
            start = time.monotonic()
            time.sleep(0.3)
            spans.append((name, start, time.monotonic()))

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (_, _, e1), (_, s2, _) = sorted(spans, key=lambda x: x[1])
    assert s2 >= e1, "the second writer started before the first one finished"


def test_a_stuck_local_queue_does_not_stop_a_write(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The queue is only an optimisation: a lock held elsewhere for longer than the wait lets the write go ahead."""
    import filelock

    locator = f"ducklake:postgres:dbname=stuck-test-{tmp_path.name}"
    monkeypatch.setenv("NLMOBILITY_WRITE_WAIT", "0.2")
    held = filelock.FileLock(lake._queue_path(locator))
    ran = []

    def other_process_holds_it() -> None:
        with held:
            time.sleep(1.0)

    import threading

    t = threading.Thread(target=other_process_holds_it)
    t.start()
    time.sleep(0.1)
    started = time.monotonic()
    with lake.local_queue(locator):
        ran.append(time.monotonic() - started)
    t.join()
    assert ran and ran[0] < 0.9, "the write waited for the stuck lock instead of going ahead"
    assert "stuck-test" not in str(lake._queue_path(locator)), (
        "the lock file must not spell out the locator (it may hold a password)"
    )


def test_a_new_version_of_a_crash_file_replaces_the_earlier_one_on_a_lake(
    lake_of: tuple[str, pathlib.Path], tmp_path: pathlib.Path
) -> None:
    """The same replacement as on a file (ingest/versions.py), in one lake transaction."""
    locator, _data = lake_of
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    before = _count(locator)
    assert _import_crashes(locator, first / "lote.csv", 1).inserted == 20
    _crash_csv(second / "lote.csv", 2)
    report = run_import(pathlib.Path(locator), "crashes", second / "lote.csv", mix_with_sample=True)
    assert report.ok, report.lines()
    assert (report.inserted, report.removed, report.already_present) == (20, 20, 0), report.lines()
    assert _count(locator) == before + 20
    con = db.connect_lake(locator)
    try:
        stored = db.scalar(con, "SELECT count(*) FROM crash WHERE source = 'lote.csv'")
        cells = db.scalar(con, "SELECT count(*) FROM crash_corridor WHERE crash_id NOT IN (SELECT crash_id FROM crash)")
    finally:
        con.close()
    assert (stored, cells) == (20, 0)
