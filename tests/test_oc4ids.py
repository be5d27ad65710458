"""The OC4IDS export: valid against the standard's own schema (offline), one project per corridor."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest
import shapely

from nlmobility import cli, db, geo, oc4ids, queries
from tests.conftest import SHARED

SCHEMAS = SHARED / "standards" / "oc4ids"


def _need_schemas() -> None:
    """Skip, with the reason, where ../shared (the standard's local copy) is not beside the clone."""
    if not (SCHEMAS / "project-package-schema.json").exists():
        pytest.skip(
            f"OC4IDS schema copy not found under {SCHEMAS} (../shared is only beside CI and developer checkouts)"
        )


def validator():  # -> jsonschema validator for the package schema, its $ref resolved to the local file
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    _need_schemas()
    package = json.loads((SCHEMAS / "project-package-schema.json").read_text(encoding="utf-8"))
    proj = json.loads((SCHEMAS / "project-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resources(
        [(s["id"], Resource.from_contents(s, default_specification=DRAFT4)) for s in (package, proj)]
    )
    cls = jsonschema.validators.validator_for(package)
    return cls(package, registry=registry, format_checker=cls.FORMAT_CHECKER)


def codes(name: str) -> set[str]:
    import csv

    _need_schemas()
    with (SCHEMAS / "codelists" / f"{name}.csv").open(encoding="utf-8") as f:
        return {row["Code"] for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def pkg(fixture_db: pathlib.Path) -> dict:
    con = db.connect(fixture_db)
    try:
        return oc4ids.package(con.cursor(), today=dt.date(2026, 1, 15))
    finally:
        con.close()


def test_the_package_validates_against_the_local_oc4ids_schema(pkg: dict) -> None:
    errors = sorted(validator().iter_errors(pkg), key=lambda e: list(e.absolute_path))
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    assert pkg["x_nlmobility"]["builtFrom"] == "sample" and pkg["license"].startswith("https://creativecommons.org/")


def test_one_project_per_corridor_with_its_line_and_measured_length(pkg: dict, fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        cors = queries.corridors(con.cursor()).set_index("corridor_id")
    finally:
        con.close()
    assert sorted(p["id"] for p in pkg["projects"]) == sorted(f"nlmobility-{c}" for c in cors.index)
    for p in pkg["projects"]:
        cid = p["id"].removeprefix("nlmobility-")
        line = shapely.geometry.shape(p["locations"][0]["geometry"])
        x, y = geo.to_utm(*line.xy) if line.geom_type == "LineString" else (None, None)
        length = shapely.LineString(list(zip(x, y, strict=True))).length
        assert abs(length - cors.loc[cid, "length_m"]) < 0.01 * cors.loc[cid, "length_m"], cid
        assert p["status"] in codes("projectStatus")


def test_codes_come_from_the_codelists_and_unknowns_are_left_out(pkg: dict) -> None:
    for p in pkg["projects"]:
        assert {d["documentType"] for d in p.get("documents", []) if "documentType" in d} <= codes("documentType")
        assert {m["type"] for m in p.get("milestones", [])} <= codes("milestoneType")
        assert set(p.get("sector", [])) <= codes("projectSector") and p["type"] in codes("projectType")
        for party in p.get("parties", []):
            assert set(party["roles"]) <= codes("partyRole")
    constitucion = next(p for p in pkg["projects"] if p["id"] == "nlmobility-CV-CONSTITUCION")
    assert "metrics" not in constitucion, "progress not published: no metric, never 0 %"
    gomez = next(p for p in pkg["projects"] if p["id"] == "nlmobility-CV-GOMEZ-MORIN")
    assert gomez["metrics"][0]["observations"][0]["measure"] == "45"


def test_participation_events_are_engagement_milestones(pkg: dict, fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        n = con.execute("SELECT count(*) FROM participation_event WHERE corridor_id = 'CV-OCAMPO'").fetchone()[0]
    finally:
        con.close()
    ocampo = next(p for p in pkg["projects"] if p["id"] == "nlmobility-CV-OCAMPO")
    assert sum(m["type"] == "engagement" for m in ocampo["milestones"]) == n > 0


def test_cli_writes_the_package(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    out = tmp_path / "corredores-oc4ids.json"
    assert cli.main(["export", "oc4ids", "--db", str(fixture_db), "--out", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["version"] == "0.9" and written["projects"]
    assert list(validator().iter_errors(written)) == []


def test_datos_abiertos_offers_the_package(fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.test_app_pages import APP

    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/datos.py").run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Descargar corredores-oc4ids.json" in labels


def test_a_database_without_corridors_is_refused_clearly(tmp_path: pathlib.Path, capsys) -> None:
    from nlmobility import initdb

    empty = initdb.init(tmp_path / "real.duckdb")
    assert cli.main(["export", "oc4ids", "--db", str(empty), "--out", str(tmp_path / "x.json")]) == 1
    assert "no corridors in this database" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()
