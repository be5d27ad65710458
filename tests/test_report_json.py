"""An import's report survives JSON, copying and pickling whatever messages it carries (issue 28, item 5)."""

from __future__ import annotations

import copy
import dataclasses
import json
import pathlib
import pickle

from nlmobility import cli
from nlmobility.ingest import api
from nlmobility.text.messages import Msg, plain

MILESTONE = (
    "id,compromiso,numero,titulo,responsable,inicio,fin,estado,desde\n"
    "MXMTY0005-H09,MXMTY0005,9,Diagnóstico,Secretaría,2023-01-01,2023-04-30,finalizado,2023-05-02\n"
)


def test_msg_keeps_its_spanish_twin_through_copy_deepcopy_and_pickle() -> None:
    msg = Msg("refused", "rechazado")
    for twin in (copy.copy(msg), copy.deepcopy(msg), pickle.loads(pickle.dumps(msg))):
        assert isinstance(twin, Msg)
        assert (str(twin), twin.es) == ("refused", "rechazado")
    assert msg.as_json() == {"en": "refused", "es": "rechazado"}


def test_a_report_with_a_message_in_every_field_is_plain_json() -> None:
    msg = Msg("english", "español")
    report = api.Report(
        file="f.csv",
        kind="milestones",
        ok=False,
        error=msg,
        error_es=msg.es,
        notes=[msg],
        notes_es=[msg.es],
        problems=[{"row": 2, "column": "fin", "code": "x", "reason": msg, "reason_es": msg.es}],
        detected={"nested": {"deep": [msg, (msg,)]}},
        ambiguous_intersections={"a": [msg]},
    )
    data = json.loads(report.to_json())
    assert data["error"] == "english" and data["error_es"] == "español"
    assert data["problems"][0]["reason"] == "english"
    assert data["detected"]["nested"]["deep"] == ["english", ["english"]]
    # ``dataclasses.asdict`` (what the report used before) no longer fails on a message either
    assert dataclasses.asdict(report)["error"].es == "español"
    assert plain(report) == data


def test_import_into_the_sample_with_report_writes_the_refusal_as_json(
    default_db: pathlib.Path, tmp_path: pathlib.Path, capsys
) -> None:
    """The documented ``--report`` option on a refusal: a JSON file and exit 1, no ``TypeError``."""
    src = tmp_path / "m.csv"
    src.write_text(MILESTONE, encoding="utf-8")
    out = tmp_path / "r.json"
    status = cli.main(["import", "milestones", str(src), "--db", str(default_db), "--report", str(out)])
    assert status == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["ok"] is False
    assert "synthetic sample" in data["error"] and "datos de muestra" in data["error_es"]
    assert "REFUSED" in capsys.readouterr().err
