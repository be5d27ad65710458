"""nlmobility upgrade: a database made by the previous version is brought up to date; the app says how until then."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from nlmobility import db, upgrade

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture()
def old_db(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
    """The fixture as the previous version wrote it: no precomputed tables, no crash x/y, three commitments."""
    p = tmp_path / "old.duckdb"
    shutil.copy(fixture_db, p)
    con = db.connect(p, read_only=False)
    try:
        for t in ("crash_corridor", "crash_month_cell", "crash_year_cell", "crash_day_count"):
            con.execute(f"DROP TABLE {t}")
        con.execute("ALTER TABLE crash DROP COLUMN x")
        con.execute("ALTER TABLE crash DROP COLUMN y")
        con.execute("DROP TABLE commitment")
        con.execute(
            "CREATE TABLE commitment (commitment_id VARCHAR PRIMARY KEY, title_es VARCHAR NOT NULL, title_en VARCHAR NOT NULL, "
            "scope VARCHAR NOT NULL, starts_on DATE NOT NULL, ends_on DATE NOT NULL, institutions VARCHAR NOT NULL, url VARCHAR)"
        )
        con.execute(
            "INSERT INTO commitment VALUES ('MXMTY0005', 'Corredores Verdes', 'Green Corridors', 'transversal', '2023-01-01', "
            "'2024-06-30', 'SMPU', NULL), ('MXSPG0003', 'Transparencia', 'Transparency', 'transversal', '2023-01-01', "
            "'2024-06-30', 'Coalición', NULL), ('DATALABNL', 'dataLABNL', 'dataLABNL', 'estatal', '2023-01-01', "
            "'2024-06-30', 'Cultura', NULL)"
        )
        for t in ("milestone_status_history", "milestone"):
            con.execute(f"UPDATE {t} SET milestone_id = replace(milestone_id, 'MXNLE0001', 'DATALABNL')")
        con.execute("UPDATE milestone SET commitment_id = 'DATALABNL' WHERE commitment_id = 'MXNLE0001'")
    finally:
        con.close()
    return p


def test_the_app_says_how_to_upgrade_an_old_database(old_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NLMOBILITY_DB", str(old_db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert any("nlmobility upgrade" in e.value and "commitment.plan_slot" in e.value for e in at.error), [
        e.value for e in at.error
    ]


def test_upgrade_brings_it_up_to_date_and_keeps_every_row(old_db: pathlib.Path) -> None:
    con = db.connect(old_db)
    try:
        before = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("crash", "milestone", "milestone_status_history")
        }
        version = con.execute("SELECT dataset_version FROM import_log ORDER BY import_id DESC LIMIT 1").fetchone()[0]
        assert upgrade.problems(con)
    finally:
        con.close()
    r = subprocess.run(
        [sys.executable, "-m", "nlmobility.cli", "upgrade", "--db", str(old_db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert "commitments" in r.stdout and "precomputed" in r.stdout
    con = db.connect(old_db)
    try:
        assert upgrade.problems(con) == []
        after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
        assert after == before
        assert con.execute("SELECT count(*) FROM commitment").fetchone()[0] == 8
        assert con.execute("SELECT count(*) FROM milestone WHERE commitment_id = 'MXNLE0001'").fetchone()[0] == 24
        assert (
            con.execute(
                "SELECT count(*) FROM milestone_status_history WHERE milestone_id LIKE 'DATALABNL%'"
            ).fetchone()[0]
            == 0
        )
        assert con.execute("SELECT count(*) FROM crash WHERE x IS DISTINCT FROM ST_X(geom_utm)").fetchone()[0] == 0
        near = con.execute("SELECT count(*) FROM crash_corridor WHERE distance_m <= 50").fetchone()[0]
        direct = con.execute(
            "SELECT count(*) FROM crash k JOIN corridor c ON ST_DWithin(k.geom_utm, c.geom_utm, 50)"
        ).fetchone()[0]
        assert near == direct
        new_version = con.execute("SELECT dataset_version FROM import_log ORDER BY import_id DESC LIMIT 1").fetchone()[
            0
        ]
        assert new_version != version  # every page reloads its figures
    finally:
        con.close()
    again = subprocess.run(
        [sys.executable, "-m", "nlmobility.cli", "upgrade", "--db", str(old_db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0 and "already up to date" in again.stdout


def test_a_current_database_needs_nothing(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        assert upgrade.problems(con) == []
    finally:
        con.close()
