"""datapackage.json beside the CSV exports: valid for Frictionless, every exported column described."""

from __future__ import annotations

import csv
import json
import pathlib

import pytest

from nlmobility import cli, datapackage, dictionary


@pytest.fixture(scope="module")
def exported(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("datos")
    assert cli.main(["export", "datapackage", "--db", str(fixture_db), "--out", str(out)]) == 0
    return out


def test_the_package_and_its_data_validate_with_frictionless(exported: pathlib.Path) -> None:
    from frictionless import validate

    report = validate(exported / "datapackage.json")
    problems = [(t.name, [e.note for e in t.errors[:2]]) for t in report.tasks if not t.valid]
    assert report.valid, problems


def test_every_exported_column_is_described_with_its_type_and_unit(exported: pathlib.Path) -> None:
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {f"{t.name}.csv" for t in dictionary.TABLES}
    for r in package["resources"]:
        with (exported / r["path"]).open(encoding="utf-8") as f:
            header = next(csv.reader(f))
        described = {fl["name"]: fl for fl in r["schema"]["fields"]}
        assert header == [fl["name"] for fl in r["schema"]["fields"]], r["name"]
        assert all(described[c]["description"] and described[c]["description_en"] for c in header), r["name"]
    crash = next(r for r in package["resources"] if r["name"] == "crash")
    killed = next(fl for fl in crash["schema"]["fields"] if fl["name"] == "killed")
    assert killed["type"] == "integer"
    assert package["licenses"][0]["title"] == "CC BY 4.0" and "muestra" in package["sources"][0]["title"].lower()
    assert "sample" in package["description"]


def test_a_table_resource_matches_the_single_download_of_datos_abiertos() -> None:
    r = datapackage.resource("corridor", "corridor.csv")
    assert r["name"] == "corridor" and r["schema"]["fields"][-1]["name"] == "wkt"
    assert datapackage.resource("participation_event", "x.csv")["name"] == "participation-event"


def test_datos_abiertos_offers_the_description_beside_a_csv(
    fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.test_app_pages import APP

    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/datos.py").run()
    at.selectbox(key="od_table").set_value("corridor")
    at.toggle(key="od_prepare").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("datapackage.json") for label in labels), labels
