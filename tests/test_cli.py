"""The `nlmobility` command: info, export, build, errors."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest

from nlmobility import cli, db, export


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nlmobility.cli", *args], capture_output=True, text=True)


def test_info_json_on_the_default_sample(default_db: pathlib.Path) -> None:
    out = run_cli("info", "--db", str(default_db), "--json")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["spatial_loaded"] is True
    assert info["is_sample"] is True
    assert info["dataset_version"].startswith("muestra-")
    t = info["tables"]
    # the gazetteer, the links between sources, placements by name, import refusals, the records' numbers in their
    # source and the portal syncs come only from real files
    only_real = {"intersection", "crash_link", "crash_placement", "import_issue", "crash_record", "portal_sync"}
    assert all(n > 0 for name, n in t.items() if name not in only_real), t
    assert all(t[name] == 0 for name in only_real), t
    assert t["municipality"] >= 13 and t["corridor"] >= 10 and t["participation_event"] >= 40 and t["milestone"] >= 40
    assert 400_000 <= t["crash"] <= 600_000


def test_info_on_a_missing_database_fails_clearly(tmp_path: pathlib.Path) -> None:
    out = run_cli("info", "--db", str(tmp_path / "nope.duckdb"))
    assert out.returncode == 2
    assert "nlmobility build" in out.stderr


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_round_trips_every_row(fixture_db: pathlib.Path, tmp_path: pathlib.Path, fmt: str) -> None:
    out = tmp_path / f"corridors.{fmt}"
    assert cli.main(["export", "corridors", "--db", str(fixture_db), "--format", fmt, "--out", str(out)]) == 0
    con = db.connect(fixture_db)
    n, names = con.execute("SELECT count(*), list(name ORDER BY name) FROM corridor").fetchone()
    con.close()
    if fmt == "csv":
        back = pd.read_csv(out)
        assert back["wkt"].str.startswith("LINESTRING").all()
    elif fmt == "geojson":
        back = gpd.read_file(out)
        assert back.crs.to_epsg() == 4326
    else:
        back = gpd.read_parquet(out)
        assert back.crs.to_epsg() == 4326
    assert len(back) == n
    assert sorted(back["name"]) == names


@pytest.mark.parametrize(
    "kind", ["participation_comments", "participation_events", "milestones", "crashes", "transit_stations"]
)
@pytest.mark.parametrize("fmt", export.FORMATS)
def test_every_table_with_missing_geometries_exports(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path, kind: str, fmt: str
) -> None:
    """Comments without a location used to crash the export (pd.NA where bytes were expected)."""
    out = tmp_path / f"out.{export.EXTENSION[fmt]}"
    assert cli.main(["export", kind, "--db", str(fixture_db), "--format", fmt, "--out", str(out)]) == 0
    con = db.connect(fixture_db)
    try:
        n = int(con.execute(f"SELECT count(*) FROM {export.table_name(kind)}").fetchone()[0])
    finally:
        con.close()
    back = pd.read_csv(out) if fmt == "csv" else gpd.read_file(out) if fmt == "geojson" else gpd.read_parquet(out)
    assert len(back) == n > 0


def test_export_accepts_hyphenated_kinds_and_rejects_unknown(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    assert export.table_name("participation-events") == "participation_event"
    out = run_cli("export", "drop table crash", "--db", str(fixture_db))
    assert out.returncode == 2 and "unknown kind" in out.stderr


def test_csv_export_neutralises_formulas() -> None:
    df = pd.DataFrame({"text": ['=HYPERLINK("http://x")', "+1", "normal", "-2", "@SUM(A1)"], "n": [1, 2, 3, 4, 5]})
    back = pd.read_csv(__import__("io").BytesIO(export.to_bytes(df, "csv")))
    assert list(back["text"]) == ['\'=HYPERLINK("http://x")', "'+1", "normal", "'-2", "'@SUM(A1)"]
    assert list(back["n"]) == [1, 2, 3, 4, 5]


def test_build_is_atomic_and_replaces_the_previous_database(tmp_path: pathlib.Path) -> None:
    p = tmp_path / "b.duckdb"
    assert cli.main(["build", "--db", str(p), "--crashes", "25000", "--seed", "5"]) == 0
    assert not list(tmp_path.glob("*.tmp"))
    con = db.connect(p)
    assert con.execute("SELECT count(*) FROM crash").fetchone()[0] == 25_000
    con.close()
