"""'You said → we answered → we did → what happened' on the corridor card: counts match independent queries."""

from __future__ import annotations

import datetime as dt
import pathlib

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from nlmobility import chain, db, figures, indicators
from nlmobility.filters import Filters
from tests import shown

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")


def _card(fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch, cor: str) -> AppTest:
    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["cor"] = cor
    at.run()
    at.switch_page("app_pages/mapa.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _box(at: AppTest, heading: str) -> str:
    texts = [m.value for m in at.markdown]
    i = texts.index(f"**{heading}**")
    return texts[i + 1]


def test_the_chain_counts_what_the_tables_hold(fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cor = "CV-VASCONCELOS"
    con = db.connect(fixture_db)
    try:
        comments, replied, before = con.execute(
            "SELECT count(*), count(reply_text), count(*) FILTER (WHERE comment_date < (SELECT works_start FROM corridor "
            "WHERE corridor_id = ?)) FROM participation_comment WHERE corridor_id = ?",
            [cor, cor],
        ).fetchone()
        workshops, people = con.execute(
            "SELECT count(*), sum(participants_total) FROM participation_event WHERE corridor_id = ?", [cor]
        ).fetchone()
        contracts = con.execute("SELECT count(*) FROM corridor_contract WHERE corridor_id = ?", [cor]).fetchone()[0]
        ba = figures.before_after(
            con.cursor(),
            Filters(corridor_id=cor),
            months=indicators.BEFORE_AFTER_MONTHS,
            data_end=con.execute("SELECT max(occurred_at)::DATE FROM crash").fetchone()[0],
        ).iloc[0]
    finally:
        con.close()
    assert comments > 0 and replied > 0 and workshops > 0
    at = _card(fixture_db, monkeypatch, cor)
    said = _box(at, "1. Ustedes dijeron")
    assert f"Comentarios: {comments}" in said and f"Talleres y sesiones: {workshops} ({people} personas)" in said
    assert f"Con respuesta oficial: {replied} / {comments}" in _box(at, "2. Respondimos")
    assert f"Contratos: {contracts}" in _box(at, "3. Hicimos")
    happened = _box(at, "4. Qué pasó")
    if bool(ba["after_complete"]):
        assert f"12 meses antes de la obra: {int(ba['n_before'])}" in happened
        assert f"12 meses después de la apertura: {int(ba['n_after'])}" in happened
    assert any(f"{before} comentarios se hicieron antes" in c.value for c in at.caption)
    topics = next(d for d in shown.tables(at) if "Antes de la obra" in d.columns)
    assert int(topics["Comentarios"].sum()) == comments and int(topics["Con respuesta oficial"].sum()) == replied


def test_a_planned_corridor_says_it_has_not_opened(fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _card(fixture_db, monkeypatch, "CV-MADERO")
    assert _box(at, "4. Qué pasó").startswith("Aún no abre")


def _corridor(**kw: object) -> dict[str, object]:
    return {"works_start": None, "opening_date": None, "status": "planned", "progress_pct": None, **kw}


def test_chain_states_and_unknowns() -> None:
    empty_said = pd.DataFrame(columns=["topic", "comments", "replied", "before_works", "first_comment", "last_comment"])
    no_events = pd.DataFrame(columns=["participants_total"])
    no_contracts = pd.DataFrame(columns=["amount_mxn"])
    c = chain.build(_corridor(), said=empty_said, events=no_events, contracts=no_contracts, before_after=None)
    assert c.said.comments == 0 and c.answered.median_days is None and c.did.contracted_mxn is None
    assert c.happened.state == "not_open"
    opened = _corridor(status="finished", works_start=dt.date(2024, 1, 1), opening_date=dt.date(2025, 6, 1))
    waiting = pd.DataFrame([{"after_complete": False, "n_before": 7, "n_after": 2, "change": None}])
    c = chain.build(opened, said=empty_said, events=no_events, contracts=no_contracts, before_after=waiting)
    assert c.happened.state == "waiting" and c.happened.n_before == 7 and c.happened.n_after is None
    contracts = pd.DataFrame({"amount_mxn": [1e6, None]})  # one amount unpublished: the known sum, not zero
    c = chain.build(opened, said=empty_said, events=no_events, contracts=contracts, before_after=waiting)
    assert c.did.contracts == 2 and c.did.contracted_mxn == 1e6
