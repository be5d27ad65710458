"""The whole action plan: 8 commitments as published, unknown shown as unknown, the overview and the corridors on Avance."""

from __future__ import annotations

import pathlib

import pytest
from streamlit.testing.v1 import AppTest

from nlmobility import db, plan, reference
from tests import shown

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")


def _avance(fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch, lang: str | None = None) -> AppTest:
    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    at = AppTest.from_file(APP, default_timeout=120)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page("app_pages/avance.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_plan_has_its_eight_commitments_with_the_published_titles(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        rows = con.execute(
            "SELECT plan_slot, scope, ogp_id, title_es, title_en FROM commitment ORDER BY plan_slot"
        ).fetchall()
    finally:
        con.close()
    assert len(rows) == 8
    scopes = [r[1] for r in rows]
    assert scopes.count("transversal") == 2 and scopes.count("estatal") == 2 and scopes.count("municipal") == 4
    by_slot = {r[0]: r for r in rows}
    # the Spanish titles confirmed by the Governor's letter (Oficio 466-A/2022)
    assert by_slot["T1"][3].startswith("Estrategia de apertura sobre movilidad metropolitana activa e inclusiva")
    assert by_slot["T2"][3] == "Haciendo transparencia proactiva en Nuevo León"
    assert by_slot["S1"][3].startswith("Innovar para participar con datos abiertos")
    assert by_slot["S2"][3].startswith("En Nuevo León, niñas, niños y adolescentes participamos")
    # municipal Spanish titles were not published: never invented
    assert all(by_slot[s][3] is None for s in ("M1", "M2", "M3", "M4"))
    assert by_slot["M3"][4] is None and by_slot["M4"][4] is None and by_slot["M3"][2] is None
    assert by_slot["S1"][2] == "MXNLE0001" and by_slot["S2"][2] == "MXNLE0002" and by_slot["M2"][2] == "MXMTY0001"


def test_titles_say_when_they_were_not_published() -> None:
    m1 = next(c for c in reference.COMMITMENTS if c.plan_slot == "M1")
    m3 = next(c for c in reference.COMMITMENTS if c.plan_slot == "M3")
    row1, row3 = vars(m1), vars(m3)
    assert plan.title(row1, "es").endswith("(título en español no publicado)")
    assert plan.title(row1, "en") == m1.title_en
    assert plan.title(row3, "es") == "Compromiso municipal de San Pedro Garza García (título no publicado)"
    assert plan.title(row3, "en") == "Municipal commitment of San Pedro Garza García (title not published)"
    assert plan.label(row3, "es").startswith("M3 · Compromiso")  # no OGP id shown where none was published


def test_avance_overview_lists_all_eight_and_unknown_is_not_zero(
    fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _avance(fixture_db, monkeypatch)
    ov = next(t for t in shown.tables(at) if "Compromiso" in t.columns)
    assert len(ov) == 8
    con = db.connect(fixture_db)
    try:
        expected = {
            r[0]: (r[1], r[2])
            for r in con.execute(
                "SELECT c.plan_slot, count(m.milestone_id), count(m.milestone_id) FILTER (WHERE m.status = 'stuck') "
                "FROM commitment c LEFT JOIN milestone m USING (commitment_id) GROUP BY 1"
            ).fetchall()
        }
    finally:
        con.close()
    for _, r in ov.iterrows():
        slot = str(r["Compromiso"]).split(" · ")[0]
        n, stuck = expected[slot]
        if n == 0:  # no published list: unknown, never 0
            assert r["Hitos"] == "—" and r["Atorados"] == "—" and r["Hitos finalizados"] == "—", r
        else:
            assert int(r["Hitos"]) == n and int(r["Atorados"]) == stuck
    assert any("Solo 3 tienen una lista de hitos publicada" in c.value for c in at.caption)


def test_a_commitment_without_milestones_says_unknown_instead_of_zero(
    fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _avance(fixture_db, monkeypatch)
    at.selectbox(key="avance_commitment").set_value("NLA-M3").run()
    assert not at.exception
    assert any("no se encontró en las fuentes públicas" in i.value for i in at.info)
    assert not at.metric  # no "0 %" nor "0 vencidos"
    assert any("no publicado" in m.value for m in at.markdown)


def test_green_corridors_lists_its_corridors_with_their_evidence(
    fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _avance(fixture_db, monkeypatch)
    table = next(d for d in shown.tables(at) if "Ficha" in d.columns)
    con = db.connect(fixture_db)
    try:
        want = dict(
            con.execute(
                "SELECT c.name, (SELECT count(*) FROM corridor_contract k WHERE k.corridor_id = c.corridor_id) FROM corridor c"
            ).fetchall()
        )
        events = dict(
            con.execute(
                "SELECT c.name, count(e.event_id) FROM corridor c LEFT JOIN participation_event e USING (corridor_id) GROUP BY 1"
            ).fetchall()
        )
    finally:
        con.close()
    assert set(table["Corredor"]) == set(want)
    for _, r in table.iterrows():
        assert int(r["Contratos (hito 6)"]) == want[r["Corredor"]]
        assert int(r["Talleres (hito 7)"]) == events[r["Corredor"]]
        assert "cor=" in r["Ficha"]
