"""Evaluation an official can defend: intervals from statsmodels, rolling totals, exposure, benchmarks, high-injury network."""

from __future__ import annotations

import json
import pathlib
import shutil

import numpy as np
import pandas as pd
import pytest
import shapely
from statsmodels.stats.rates import confint_poisson, confint_poisson_2indep

from nlmobility import cli, db, figures, queries, reference, stats
from nlmobility.filters import Filters
from nlmobility.ingest.api import run_import
from tests.conftest import realdata

# --- intervals -----------------------------------------------------------------------------------


def test_rate_ratio_interval_is_statsmodels_score_interval_and_hand_checked() -> None:
    low, high = stats.rate_ratio_interval(60, 100)
    assert (low, high) == pytest.approx(confint_poisson_2indep(60, 1, 100, 1, method="score", compare="ratio"))
    # Hand-checked (score interval of 60 vs 100 events over equal times): 0.4363 to 0.8252.
    assert round(low, 4) == 0.4363 and round(high, 4) == 0.8252
    # The Wald-log interval exp(ln 0.6 ± 1.96 √(1/60 + 1/100)) is 0.4357 to 0.8263: close, not equal.
    assert abs(low - 0.4357) < 0.001 and abs(high - 0.8263) < 0.002
    assert stats.rate_ratio_interval(0, 5) is None and stats.rate_ratio_interval(4, 0) is None


def test_adjusted_change_interval_is_the_ratio_of_ratios_wald_interval() -> None:
    rrr, low, high = stats.ratio_of_ratios(100, 60, 1000, 1030)
    assert rrr == pytest.approx(0.6 / 1.03)
    half = 1.959964 * np.sqrt(1 / 100 + 1 / 60 + 1 / 1000 + 1 / 1030)  # by hand: 0.33168
    assert low == pytest.approx(rrr * np.exp(-half), rel=1e-5) and high == pytest.approx(rrr * np.exp(half), rel=1e-5)
    assert round(low, 4) == 0.4181 and round(high, 4) == 0.8116
    assert stats.ratio_of_ratios(100, 0, 1000, 1030) is None, "no finite estimate from an empty window"


def test_change_uncertainty_rows_and_total_change() -> None:
    ci = stats.change_uncertainty([100, 0, 5], [60, 4, 0], [1000, 1000, 1000], [1030, 1000, 0])
    assert round(100 * ci["low"][0]) == -56 and round(100 * ci["high"][0]) == -17
    assert round(100 * ci["adjusted"][0], 1) == -41.7
    assert round(100 * ci["adjusted_low"][0]) == -58 and round(100 * ci["adjusted_high"][0]) == -19
    assert ci.iloc[1:].isna().all().all(), "no interval or ratio from an empty window"
    total = stats.total_change(100, 60, 1000, 1030)
    assert total["change"] == pytest.approx(-0.4) and total["adjusted_low"] == pytest.approx(ci["adjusted_low"][0])
    assert stats.too_few(9, 50) and not stats.too_few(10, 10)


def test_planted_effect_lies_inside_the_adjusted_interval_of_each_corridor_total(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        ba = figures.before_after(con.cursor(), Filters(), months=12, data_end=pd.Timestamp("2025-12-31").date())
    finally:
        con.close()
    done = ba[ba["after_complete"]]
    total = stats.total_change(*(int(done[c].sum()) for c in ("n_before", "n_after", "metro_before", "metro_after")))
    assert total["adjusted_low"] <= -0.40 <= total["adjusted_high"], total


# --- rolling totals ------------------------------------------------------------------------------


def test_rolling_totals_equal_an_independent_computation_inside_the_coverage(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        monthly = queries.crash_monthly(con.cursor(), Filters.all_time())
        coverage = queries.crash_coverage(con.cursor())
    finally:
        con.close()
    got = stats.rolling_totals(monthly, coverage)
    # Independent: every covered month, 0 where no row, then each month's sum of itself and the 11 before.
    counts = {pd.Timestamp(m): int(n) for m, n in zip(monthly["month"], monthly["crashes"], strict=True)}
    start, end = pd.to_datetime(coverage["date_from"]).max(), pd.to_datetime(coverage["date_to"]).min()
    months = []
    m = (
        pd.Timestamp(start.year, start.month, 1)
        if start.day == 1
        else pd.Timestamp(start.year, start.month, 1) + pd.DateOffset(months=1)
    )
    while m + pd.DateOffset(months=1) - pd.Timedelta(days=1) <= end:
        months.append(m)
        m += pd.DateOffset(months=1)
    expected = [(months[i], sum(counts.get(x, 0) for x in months[i - 11 : i + 1])) for i in range(11, len(months))]
    assert len(got) == len(expected) > 0
    assert [(pd.Timestamp(a), int(b)) for a, b in zip(got["month"], got["rolling"], strict=True)] == expected


def test_rolling_totals_leave_partial_months_and_short_coverage_out() -> None:
    monthly = pd.DataFrame({"month": pd.date_range("2021-01-01", periods=27, freq="MS"), "crashes": 1})
    coverage = pd.DataFrame({"cvegeo": ["19006"], "date_from": ["2021-01-01"], "date_to": ["2023-03-15"]})
    got = stats.rolling_totals(monthly, coverage)
    assert got["month"].max() == pd.Timestamp("2023-02-01"), "March 2023 is partly covered: no total ends there"
    assert got["month"].min() == pd.Timestamp("2021-12-01") and set(got["rolling"]) == {12}
    short = pd.DataFrame({"cvegeo": ["19006"], "date_from": ["2021-01-01"], "date_to": ["2021-10-31"]})
    assert stats.rolling_totals(monthly, short).empty


# --- exposure ------------------------------------------------------------------------------------


def test_camera_file_imports_with_the_site_given_by_the_user(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    camera = realdata("camaras_viales_hora.csv")
    path = tmp_path / "db.duckdb"
    shutil.copy(fixture_db, path)
    refused = run_import(path, "counts", camera, mix_with_sample=True)
    assert not refused.ok and "--site" in (refused.error or "") + " ".join(p.reason for p in refused.problems[:1])
    site = ("Alfonso Reyes (cámara)", -100.3735, 25.6539)
    r = run_import(path, "counts", camera, mix_with_sample=True, site=site)
    # 13 days x 19 hours (05:00-23:00): SOURCES.md says 246 rows, the file has 247.
    assert r.ok and r.accepted == 247 and r.inserted == 247, r.lines()[:5]
    again = run_import(path, "counts", camera, mix_with_sample=True, site=site)
    assert again.ok and again.inserted == 0, "re-importing the same hours adds nothing"
    con = db.connect(path)
    try:
        got = con.execute(
            "SELECT count(*), sum(pedestrians), sum(women), sum(men), sum(children), sum(cyclists), min(hour), max(hour) "
            "FROM traffic_count WHERE site = ?",
            [site[0]],
        ).fetchone()
    finally:
        con.close()
    raw = pd.read_csv(camera)
    assert got == (
        247,
        raw["peatones"].sum(),
        raw["woman"].sum(),
        raw["man"].sum(),
        raw["child"].sum(),
        raw["bicycle"].sum(),
        5,
        23,
    )


def test_a_count_site_needs_a_name_and_a_point(tmp_path: pathlib.Path) -> None:
    assert cli.main(["import", "counts", "x.csv", "--site", "A", "--lat", "25.6"]) == 2


def test_exposure_rate_on_the_fixture_equals_an_independent_computation(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        years = queries.whole_years(con.cursor(), None, 2022, 2024)
        got = figures.corridor_exposure(con.cursor(), buffer_m=50, years=years).set_index("corridor_id")
        counts = con.execute(
            "SELECT site, count_date, pedestrians, women, ST_X(geom_utm) x, ST_Y(geom_utm) y FROM traffic_count"
        ).df()
        crash = con.execute(
            "SELECT occurred_at, pedestrian, ST_X(geom_utm) x, ST_Y(geom_utm) y FROM crash WHERE year(occurred_at) BETWEEN 2022 AND 2024"
        ).df()
        cors = con.execute("SELECT corridor_id, ST_AsWKB(geom_utm) wkb FROM corridor").df()
    finally:
        con.close()
    assert years == [2022, 2023, 2024] and len(got) == 2
    for cid, wkb in zip(cors["corridor_id"], cors["wkb"], strict=True):
        line = shapely.from_wkb(bytes(wkb))
        sites = counts[shapely.dwithin(line, shapely.points(counts["x"], counts["y"]), 50)]
        if sites.empty:
            assert cid not in got.index
            continue
        peds = int(sites["pedestrians"].sum())
        site_days = len(sites[["site", "count_date"]].drop_duplicates())
        near = crash[shapely.dwithin(line, shapely.points(crash["x"], crash["y"]), 50) & crash["pedestrian"]]
        millions = peds / site_days * 365 * 3 / 1e6
        rate = len(near) / millions
        low, high = confint_poisson(len(near), millions, method="exact-c")
        row = got.loc[cid]
        assert int(row["pedestrian_crashes"]) == len(near)
        assert row["pedestrians_rate"] == pytest.approx(rate)
        assert (row["pedestrians_rate_low"], row["pedestrians_rate_high"]) == pytest.approx((low, high))
        assert row["women_share"] == pytest.approx(sites["women"].sum() / peds)


# --- benchmarks ----------------------------------------------------------------------------------


def test_every_cmf_shown_has_a_citation() -> None:
    assert reference.CMFS
    for c in reference.CMFS:
        assert c.url.startswith("https://") and "cmfclearinghouse" in c.url and f"facid={c.cmf_id}" in c.url
        assert c.study and c.setting and 1 <= c.stars <= 5 and c.std_error > 0 and 0 < c.cmf < 2
        assert c.mode in ("pedestrian", "cyclist", "all")


def test_observed_change_against_a_benchmark_reads_honestly() -> None:
    assert stats.versus_benchmark(None, None, 0.49, 0.114) == "unknown"
    assert stats.versus_benchmark(-0.9, 0.5, 0.49, 0.114) == "wide"
    assert stats.versus_benchmark(-0.6, -0.4, 0.49, 0.114) == "consistent"
    assert stats.versus_benchmark(-0.1, 0.2, 0.49, 0.114) == "worse"
    assert stats.versus_benchmark(-0.95, -0.85, 0.9, 0.02) == "better"


# --- high-injury network -------------------------------------------------------------------------


def test_high_injury_network_matches_an_independent_ranking(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        network, windows = figures.high_injury_network(con.cursor(), cvegeo=None, mode="all")
        k = con.execute(
            "SELECT year(occurred_at) AS year, severity, ST_X(geom_utm) x, ST_Y(geom_utm) y FROM crash "
            "WHERE severity IN ('fatal', 'injury')"
        ).df()
        years = queries.whole_years(con.cursor(), None)
    finally:
        con.close()
    assert windows[-1] == (years[-1] - 2, years[-1])
    last = k[k["year"].between(years[-1] - 2, years[-1])]
    cells = (
        (np.floor(last["x"] / 100)).astype("int64").astype(str)
        + ":"
        + (np.floor(last["y"] / 100)).astype("int64").astype(str)
    )
    score = (
        last.assign(cell=cells, pts=np.where(last["severity"] == "fatal", 3, 1), fatal=last["severity"] == "fatal")
        .groupby("cell")
        .agg(score=("pts", "sum"), fatal=("fatal", "sum"))
        .reset_index()
    )
    ranked = score.sort_values(["score", "fatal", "cell"], ascending=[False, False, True], ignore_index=True)
    total, running, expected = ranked["score"].sum(), 0, []
    for r in ranked.itertuples():
        if running >= total / 2 or r.score < 3:
            break
        expected.append(r.cell)
        running += r.score
    assert network["cell"].tolist() == expected
    assert network["rank"].tolist() == list(range(1, len(expected) + 1))
    assert network["windows_on"].between(1, len(windows)).all()


# --- the report command --------------------------------------------------------------------------


def test_report_commands_on_the_sample(fixture_db: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", "before-after", "--json", "--db", str(fixture_db)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["built_from"] == "sample" and out["dataset_version"] and out["rows"]
    row = next(r for r in out["rows"] if not r["too_few"])
    assert row["adjusted_low"] <= row["change_adjusted"] <= row["adjusted_high"]
    assert all(r["change"] is None for r in out["rows"] if r["too_few"]), "no percentage from too few cases"
    assert cli.main(["report", "hin", "--json", "--db", str(fixture_db)]) == 0
    hin = json.loads(capsys.readouterr().out)
    assert hin["windows"] and hin["rows"][0]["rank"] == 1 and hin["weights"] == {"fatal": 3, "injury": 1}
    assert cli.main(["report", "exposure", "--csv", "--db", str(fixture_db)]) == 0
    assert capsys.readouterr().out.startswith("corridor_id,name,sites")


def test_report_commands_on_a_real_database(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    boundaries = realdata("Nuevo León.json")
    apodaca = realdata("indices-de-estadisticas-de-accidentes-viales-apodaca.csv")
    path = tmp_path / "real.duckdb"
    assert cli.main(["init", "--db", str(path)]) == 0
    assert run_import(path, "municipalities", boundaries).ok
    assert run_import(path, "crashes", apodaca, partial=True).ok
    capsys.readouterr()
    for kind in ("before-after", "hin", "exposure"):
        assert cli.main(["report", kind, "--json", "--db", str(path)]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["built_from"] == "real" and out["sources"], kind


@pytest.mark.parametrize(("cvegeo", "mode"), [(None, "all"), (None, "pedestrian"), ("19039", "all"), (None, "cyclist")])
def test_the_network_in_sql_equals_the_reference_rule_in_python(
    fixture_db: pathlib.Path, cvegeo: str | None, mode: str
) -> None:
    """figures.high_injury_network ranks in SQL; stats.high_injury_network is the rule written plainly: same places."""
    con = db.connect(fixture_db)
    try:
        network, windows = figures.high_injury_network(con.cursor(), cvegeo=cvegeo, mode=mode)
        cells = queries.crash_hin_cells(con.cursor(), cvegeo=cvegeo, mode=mode, cell_m=100.0)
        years = queries.whole_years(con.cursor(), cvegeo)
    finally:
        con.close()
    expected, expected_windows = stats.high_injury_network(cells[cells["year"].isin(years)], years)
    assert windows == expected_windows
    cols = ["cell", "rank", "score", "fatal", "injury", "windows_on"]
    assert len(network) > 0 or mode == "cyclist"
    pd.testing.assert_frame_equal(
        network[cols].astype({c: "int64" for c in cols[1:]}).reset_index(drop=True),
        expected[cols].astype({c: "int64" for c in cols[1:]}).reset_index(drop=True),
    )
    assert np.allclose(network["share"].astype(float), expected["share"].astype(float))
