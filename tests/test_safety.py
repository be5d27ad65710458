"""nlmobility.safety: Hauer's estimators by hand, the SPF, the sample's planted effects and trap, coverage."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import pathlib

import numpy as np
import pandas as pd
import pytest

from benchmarks import coverage
from nlmobility import db, indicators, report, safety, sample
from nlmobility.filters import Filters
from tests import shown

END = dt.date(2025, 12, 31)


# --- the estimators, checked by hand -------------------------------------------------------------


def test_hauer_cmf_and_variance_by_hand() -> None:
    # lambda = 60 after, pi = 100 expected with Var(pi) = 25: theta = 0.6 / 1.0025, Var as Hauer (1997, eq. 6.7).
    theta, se = safety.cmf_from(60, 100, 25)
    assert theta == pytest.approx(0.6 / 1.0025)
    assert se == pytest.approx(math.sqrt(theta**2 * (1 / 60 + 0.0025) / 1.0025**2))
    low, high = safety.log_interval(theta, se)
    assert low == pytest.approx(theta * math.exp(-1.959963984540054 * se / theta))
    assert math.log(theta) - math.log(low) == pytest.approx(math.log(high) - math.log(theta)), (
        "symmetric on the log scale"
    )
    assert safety.cmf_from(0, 100, 25) is None and safety.cmf_from(5, 0, 0) is None


def test_comparison_group_odds_ratio_by_hand() -> None:
    pi, var = safety.comparison_expected(100, 1000, 1100)
    assert pi == pytest.approx(100 * 1.1 / (1 + 1 / 1000))
    assert var == pytest.approx(pi**2 * (1 / 100 + 1 / 1000 + 1 / 1100))
    assert safety.comparison_expected(100, 0, 10) is None


def test_empirical_bayes_shrinks_towards_the_spf_by_the_overdispersion() -> None:
    # No overdispersion: the sites are alike and the SPF is the expectation (w = 1); large: the count is.
    pi, var = safety.eb_expected(40, 20.0, 22.0, 0.0)
    assert pi == pytest.approx(22.0) and var == pytest.approx(0.0)
    pi, var = safety.eb_expected(40, 20.0, 22.0, 1e6)
    assert pi == pytest.approx(44.0, rel=1e-4)
    w = 1 / (1 + 0.1 * 20)
    pi, var = safety.eb_expected(40, 20.0, 22.0, 0.1)
    assert pi == pytest.approx((w * 20 + (1 - w) * 40) * 1.1) and var == pytest.approx(pi * 1.1 * (1 - w))


def test_the_spf_recovers_its_coefficients_and_overdispersion() -> None:
    rng = np.random.default_rng(3)
    km = rng.uniform(0.5, 3.0, 400)
    mean = 6.0 * km * rng.gamma(1 / 0.3, 0.3, 400)
    years = np.arange(6)
    counts = rng.poisson(np.outer(mean, 1.03**years))
    ref = pd.DataFrame(
        {
            "corridor_id": np.repeat(np.arange(400), 6),
            "year": np.tile(2010 + years, 400),
            "km": np.repeat(km, 6),
            "crashes": counts.ravel(),
        }
    )
    spf, reason = safety.fit_spf(ref)
    assert reason is None and spf is not None
    assert spf.coefficients["ln_km"] == pytest.approx(1.0, abs=0.1)
    assert math.exp(spf.coefficients["year"]) == pytest.approx(1.03, abs=0.01)
    assert spf.alpha == pytest.approx(0.3, abs=0.06)
    assert spf.per_year(1.0, 2010.5) == pytest.approx(6.0, rel=0.1), "a calendar year's count sits at its middle"
    assert "negative binomial" in spf.note() and spf.sites == 400
    none, why = safety.fit_spf(ref[ref["corridor_id"] < 2])
    assert none is None and why and "too few" in why


def test_small_count_rule_is_the_one_the_views_used() -> None:
    assert safety.small(9, 50) and safety.small(50, 9) and not safety.small(10, 10)
    assert safety.small(50, 50, after_complete=False), "an incomplete after window estimates nothing"
    assert indicators.SMALL_COUNT == 10


# --- the sample ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evaluated(fixture_db: pathlib.Path) -> safety.Safety:
    con = db.connect(fixture_db)
    try:
        return safety.evaluate(con.cursor(), Filters(), months=12, data_end=END)
    finally:
        con.close()


def test_the_pooled_answers_contain_the_planted_drop_and_are_narrower_than_any_corridor(
    evaluated: safety.Safety,
) -> None:
    planted = -sample.PLANTED_EFFECTS["victim_crash_drop_after_opening"]
    assert evaluated.spf is not None, evaluated.spf_reason
    for design in ("eb", "comparison"):
        e = evaluated.pooled[design].estimate
        assert e.shown and e.change_low is not None and e.change_high is not None
        assert e.change_low <= planted <= e.change_high, (design, e)
        width = e.change_high - e.change_low
        for c in evaluated.corridors:
            ce = c.estimates[design]
            if ce.cmf_low is not None and ce.cmf_high is not None:
                assert width < ce.cmf_high - ce.cmf_low, (design, c.corridor_id)
    assert evaluated.answer is not None and evaluated.answer.design == "eb"
    assert len(evaluated.answer.corridors) == sum(c.after_complete for c in evaluated.corridors)


def test_the_rtm_trap_fools_the_naive_change_but_not_empirical_bayes(evaluated: safety.Safety) -> None:
    trap = sample.PLANTED_EFFECTS["rtm_trap"]
    planted = -sample.PLANTED_EFFECTS["victim_crash_drop_after_opening"]
    c = evaluated.corridor(trap["corridor_id"])
    assert c is not None and not c.too_few
    naive, eb = c.estimates["naive"], c.estimates["eb"]
    assert naive.change is not None and naive.change < planted - 0.15, "the naive change overstates the reduction"
    assert eb.change_low is not None and eb.change_high is not None
    assert eb.change_low <= planted <= eb.change_high
    assert eb.change is not None and abs(eb.change - planted) < abs(naive.change - planted)
    assert eb.quality.rtm_accounted and not naive.quality.rtm_accounted


def test_quality_statements_name_the_clearinghouse_criteria(evaluated: safety.Safety) -> None:
    for design, p in evaluated.pooled.items():
        q = p.estimate.quality
        assert q.design == design and q.sites == len(p.corridors) and q.se == p.estimate.se
        assert q.data_source.startswith("sample")
        words = q.statement
        for part in ("crashes before", "standard error", "regression to the mean", "trend", "data: sample"):
            assert part in words, (design, words)
    assert evaluated.pooled["eb"].estimate.quality.trend_accounted
    assert not evaluated.pooled["comparison"].estimate.quality.rtm_accounted


def test_report_json_has_eb_columns_and_the_pooled_object(fixture_db: pathlib.Path) -> None:
    import json

    con = db.connect(fixture_db)
    try:
        out = json.loads(report.run(con, "before-after", Filters(), months=12))
        ev = report.road_safety(con.cursor(), Filters(), months=12)
    finally:
        con.close()
    keys = {
        "method",
        "corridors",
        "n_before",
        "n_after",
        "cmf",
        "cmf_low",
        "cmf_high",
        "change",
        "change_low",
        "change_high",
    }
    assert set(out["pooled"]) == {"eb", "comparison", "naive"}
    for design, obj in out["pooled"].items():
        assert keys <= set(obj), design
        assert obj["cmf"] == pytest.approx(ev.pooled[design].estimate.cmf, abs=1e-6)
        assert obj["change_low"] == pytest.approx(obj["cmf_low"] - 1, abs=1e-6)
    for row in out["rows"]:
        assert {"eb_cmf", "eb_low", "eb_high"} <= set(row)
        assert (row["eb_cmf"] is None) == row["too_few"], row
    assert out["spf"]["alpha"] >= 0 and "note" in out["spf"]


def test_with_no_reference_sites_there_is_no_eb_but_the_comparison_stands(evaluated: safety.Safety) -> None:
    table = evaluated.table.to_dict("records")
    bare = [safety.corridor_estimates({str(k): v for k, v in r.items()}, None, 12, "x") for r in table]
    assert all(c.estimates["eb"].cmf is None for c in bare)
    assert [c.estimates["comparison"].cmf for c in bare] == [c.estimates["comparison"].cmf for c in evaluated.corridors]
    assert safety.pool(bare, "eb", "x").estimate.cmf is None


# --- coverage by simulation ----------------------------------------------------------------------


def test_empirical_bayes_covers_the_truth_when_sites_are_chosen_on_high_counts() -> None:
    """A few hundred simulated programmes (``python -m benchmarks.coverage`` runs more and prints the table)."""
    got = coverage.run(coverage.Scenario(selection="high", reference=150), replicates=200, seed=11)
    assert got.replicates == 200
    assert 0.85 <= got.coverage["eb"] <= 0.995, got
    assert abs(got.bias["eb"]) < 0.04, got
    assert got.bias["comparison"] < got.bias["eb"] - 0.02, (
        "the comparison group does not correct regression to the mean"
    )


def test_the_comparison_group_covers_the_truth_when_sites_are_chosen_at_random() -> None:
    got = coverage.run(coverage.Scenario(selection="random", reference=150), replicates=150, seed=12)
    assert 0.85 <= got.coverage["comparison"] <= 0.995, got
    assert 0.85 <= got.coverage["eb"] <= 0.995, got
    assert abs(got.bias["comparison"]) < 0.04, got


# --- one home: every view gives the same figures -------------------------------------------------


def test_page_card_sheet_workshop_and_report_give_identical_figures(
    fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For the same filters, Seguridad vial, the corridor card, the fact sheet, Modo taller and the report agree."""
    import json

    from streamlit.testing.v1 import AppTest

    from nlmobility.ui import data, sheets

    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    data._cached.clear()
    cid = sample.PLANTED_EFFECTS["rtm_trap"]["corridor_id"]  # opened, enough crashes for every figure
    con = db.connect(fixture_db)
    try:
        one = json.loads(report.run(con, "before-after", Filters(corridor_id=cid), months=12))
        every = json.loads(report.run(con, "before-after", Filters(), months=12))
    finally:
        con.close()
    row = one["rows"][0]
    assert row["corridor_id"] == cid and not row["too_few"]
    assert row == next(r for r in every["rows"] if r["corridor_id"] == cid), (
        "a corridor's row does not depend on the others"
    )

    def pct(v: float) -> str:  # the interface's rule: a true minus sign, zero unsigned
        r = round(100 * v)
        return "0 %" if r == 0 else f"{'+' if r > 0 else chr(0x2212)}{abs(r)} %"

    raw = f"{pct(row['change'])} ({pct(row['change_low'])} a {pct(row['change_high'])})"
    eb = f"{pct(row['eb_cmf'] - 1)} ({pct(row['eb_low'] - 1)} a {pct(row['eb_high'] - 1)})"

    def app(page: str, **params: str) -> AppTest:
        at = AppTest.from_file(str(pathlib.Path(__file__).parent.parent / "app.py"), default_timeout=120)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        if page != "app_pages/inicio.py":
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    # Seguridad vial: the corridor's row, and the programme's answer without the corridor filter
    at = app("app_pages/seguridad.py", cor=cid)
    table = next(d for d in shown.tables(at) if "Cambio Empírico Bayes (IC 95 %)" in d.columns).iloc[0]
    assert (int(table["Antes"]), int(table["Después"])) == (row["n_before"], row["n_after"])
    assert table["Cambio (IC 95 %)"] == raw and table["Cambio Empírico Bayes (IC 95 %)"] == eb
    pooled = every["pooled"]["eb"]
    sentence = next(m.value for m in app("app_pages/seguridad.py").markdown if "corredores con 12 meses" in m.value)
    assert (
        f"{abs(100 * pooled['change']):.0f} % (IC 95 %: {pct(pooled['change_low'])} a {pct(pooled['change_high'])})"
        in sentence.replace("\\", "").replace("\u2060", "")  # markdown escapes and word joiners, not figures
    )
    # the fact sheet
    s = sheets.sheet(cid, Filters(), None)
    assert s is not None
    rows = {k: v for sec in s.sections for k, v in sec.rows}
    assert rows["Antes"].startswith(f"{row['n_before']} (") and rows["Después"].startswith(f"{row['n_after']} (")
    assert rows["Cambio"] == f"{pct(row['change'])} (IC 95 %: {pct(row['change_low'])} a {pct(row['change_high'])})"
    assert rows["Cambio Empírico Bayes (IC 95 %)"] == eb
    # the corridor card (Mapa de corredores): "what happened" box
    card = " ".join(m.value for m in app("app_pages/mapa.py", cor=cid).markdown).replace("\\", "").replace("\u2060", "")
    assert (
        f"12 meses antes de la obra: {row['n_before']}" in card
        and f"12 meses después de la apertura: {row['n_after']}" in card
    )
    assert f"Cambio: {pct(row['change'])} (IC 95 %: {pct(row['change_low'])} a {pct(row['change_high'])})" in card
    # Modo taller, scene 3 (after opening)
    at = app("app_pages/taller.py", cor=cid, escena="3")
    got = {m.label: m.value for m in at.metric}
    assert got["Cambio"] == pct(row["change"])
    assert next(v for k, v in got.items() if k.startswith("Siniestros a")) == f"{row['n_after']:,}"


def test_the_pooled_comparison_group_counts_the_shared_comparison_error_once_for_all_corridors() -> None:
    row = {
        "corridor_id": "A",
        "name": "A",
        "length_m": 1000.0,
        "works_start": dt.date(2022, 1, 1),
        "opening_date": dt.date(2023, 1, 1),
        "after_complete": True,
        "n_before": 40,
        "n_after": 25,
        "metro_before": 400,
        "metro_after": 440,
    }
    one = safety.corridor_estimates(row, None, 12, "x")
    two = [one, dataclasses.replace(one, corridor_id="B")]
    pi, var = safety.comparison_expected(40, 400, 440)
    shared = pi**2 * (1 / 400 + 1 / 440)
    pooled = safety.pool(two, "comparison", "x").estimate
    assert pooled.expected == pytest.approx(2 * pi)
    assert pooled.var_expected == pytest.approx(2 * pi**2 / 40 + 4 * shared), "the comparison's error is common"
    assert pooled.var_expected > 2 * var, "more than if the corridors had independent comparison areas"
    naive = safety.pool(two, "naive", "x").estimate
    assert naive.var_expected == pytest.approx(80.0), "independent before counts add up"
