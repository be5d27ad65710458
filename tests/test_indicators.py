"""Independent checks of indicators: each query's result equals the same figure computed in pandas from the raw tables.

The pandas side never uses the SQL files or the schema macros: it reads plain columns and applies
the definitions of the indicator registry (``nlmobility/indicators.py``) directly.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterator

import duckdb
import numpy as np
import pandas as pd
import pytest

from nlmobility import db, figures, indicators, queries, stats
from nlmobility.filters import Filters

VICTIMS = {"injury", "fatal"}


@pytest.fixture(scope="module")
def con(fixture_db: pathlib.Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = db.connect(fixture_db)
    yield c
    c.close()


@pytest.fixture(scope="module")
def crashes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT occurred_at, severity, pedestrian, cyclist, motorcyclist, cvegeo FROM crash").df()


def _filtered(k: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The crash filter written again in pandas (the SQL side uses the schema macros)."""
    keep = pd.Series(True, index=k.index)
    if f.cvegeo:
        keep &= k["cvegeo"] == f.cvegeo
    years = k["occurred_at"].dt.year
    keep &= years.between(f.year_from or 0, f.year_to or 9999)
    if f.severity == "victims":
        keep &= k["severity"].isin(VICTIMS)
    elif f.severity != "all":
        keep &= k["severity"] == f.severity
    if f.mode != "all":
        keep &= k[f.mode]
    return k[keep]


FILTERS = [
    pytest.param(Filters(), id="default"),
    pytest.param(
        Filters(cvegeo="19039", year_from=2021, year_to=2023, severity="all", mode="pedestrian"),
        id="monterrey-pedestrians",
    ),
    pytest.param(
        Filters(year_from=2024, year_to=2024, severity="fatal", mode="motorcyclist"), id="fatal-motorcyclists-2024"
    ),
    pytest.param(Filters(cvegeo="19019", severity="damage", mode="cyclist"), id="san-pedro-damage-cyclists"),
]


@pytest.mark.parametrize("f", FILTERS)
def test_crash_trend_counts_every_month(con: duckdb.DuckDBPyConnection, crashes: pd.DataFrame, f: Filters) -> None:
    assert "crash_trend" in indicators.BY_KEY
    got = queries.crash_monthly(con.cursor(), f)
    k = _filtered(crashes, f)
    month = k["occurred_at"].dt.to_period("M").dt.to_timestamp()
    want = (
        k.assign(month=month, victim=k["severity"].isin(VICTIMS))
        .groupby("month")
        .agg(crashes=("severity", "size"), with_victims=("victim", "sum"))
        .reset_index()
    )
    assert got["crashes"].sum() == len(k)
    assert pd.to_datetime(got["month"]).tolist() == want["month"].tolist()
    assert got["crashes"].tolist() == want["crashes"].tolist()
    assert got["with_victims"].tolist() == want["with_victims"].tolist()


@pytest.mark.parametrize("f", FILTERS)
def test_hour_weekday_counts(con: duckdb.DuckDBPyConnection, crashes: pd.DataFrame, f: Filters) -> None:
    assert "hour_weekday" in indicators.BY_KEY
    got = queries.crash_hour_weekday(con.cursor(), f)
    k = _filtered(crashes, f)
    want = k.groupby([k["occurred_at"].dt.day_of_week + 1, k["occurred_at"].dt.hour]).size()
    assert got["weekday"].between(1, 7).all() and got["hour"].between(0, 23).all()
    assert dict(zip(zip(got["weekday"], got["hour"], strict=True), got["crashes"], strict=True)) == {
        (int(d), int(h)): int(n) for (d, h), n in want.items()
    }


@pytest.mark.parametrize("f", FILTERS)
def test_crash_rate_per_municipality(con: duckdb.DuckDBPyConnection, crashes: pd.DataFrame, f: Filters) -> None:
    """Crashes per 100,000 inhabitants per year *of coverage*: the years are the days the records cover in the period."""
    assert "crash_rate_municipality" in indicators.BY_KEY
    got = queries.crash_by_municipality(con.cursor(), f).set_index("cvegeo")
    munis = con.execute("SELECT cvegeo, population FROM municipality WHERE is_metro").df().set_index("cvegeo")
    cover = (
        con.execute("SELECT cvegeo, min(date_from) AS a, max(date_to) AS b FROM crash_coverage GROUP BY 1")
        .df()
        .set_index("cvegeo")
    )
    k = _filtered(crashes, Filters(**{**f.__dict__, "cvegeo": None}))
    start, end = dt.date(f.year_from or 1900, 1, 1), dt.date(f.year_to or 2999, 12, 31)
    assert sorted(got.index) == sorted(munis.index), "every metro municipality, even with no crash"
    for code, pop in munis["population"].items():
        n = int((k["cvegeo"] == code).sum())
        first, last = max(cover.loc[code, "a"].date(), start), min(cover.loc[code, "b"].date(), end)
        years = max(0, (last - first).days + 1) / 365.25
        assert int(got.loc[code, "crashes"]) == n
        assert got.loc[code, "per_100k_year"] == pytest.approx(n * 100_000 / pop / years)


def test_a_municipality_without_coverage_has_no_rate_not_zero(
    con: duckdb.DuckDBPyConnection, fixture_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    import shutil

    path = tmp_path / "cov.duckdb"
    shutil.copy(fixture_db, path)
    w = db.connect(path, read_only=False)
    try:
        w.execute("DELETE FROM crash_coverage WHERE cvegeo = '19019'")
        w.execute("UPDATE crash_coverage SET date_to = DATE '2022-06-30' WHERE cvegeo = '19039'")
        got = queries.crash_by_municipality(w.cursor(), Filters(year_from=2021, year_to=2023)).set_index("cvegeo")
        cov = pd.DataFrame(w.execute("SELECT cvegeo, date_from, date_to FROM crash_coverage").df())
    finally:
        w.close()
    assert pd.isna(got.loc["19019", "per_100k_year"]), "never covered: no rate, not 0"
    assert got.loc["19039", "covered_years"] == pytest.approx(
        ((dt.date(2022, 6, 30) - dt.date(2021, 1, 1)).days + 1) / 365.25
    )
    assert stats.partial_years(cov, 2021, 2023, "19039") == [2022, 2023]
    assert stats.partial_years(cov, 2021, 2023) == [2022, 2023], "the covered municipalities: Monterrey stops mid-2022"
    assert stats.default_period(cov[cov["cvegeo"] != "19039"], (2019, 2025)) == (2019, 2025)
    assert stats.default_period(cov[cov["cvegeo"] == "19039"], (2019, 2025)) == (2019, 2021)


@pytest.fixture(scope="module")
def events(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * EXCLUDE (geom, geom_utm) FROM participation_event").df()


AREAS = [
    pytest.param(Filters(), id="default"),
    pytest.param(Filters(cvegeo="19039", year_from=2023, year_to=2024), id="monterrey-2023-2024"),
    pytest.param(Filters.all_time(corridor_id="CV-OCAMPO"), id="ocampo-all-time"),
]


def _events_in(ev: pd.DataFrame, f: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=ev.index)
    if f.cvegeo:
        keep &= ev["cvegeo"] == f.cvegeo
    if f.corridor_id:
        keep &= ev["corridor_id"] == f.corridor_id
    years = pd.to_datetime(ev["event_date"]).dt.year
    keep &= years.between(f.year_from or 0, f.year_to or 9999)
    return ev[keep]


@pytest.mark.parametrize("f", AREAS)
def test_participants_by_age_and_disability(con: duckdb.DuckDBPyConnection, events: pd.DataFrame, f: Filters) -> None:
    assert {"participants_by_age", "participants_disability"} <= set(indicators.BY_KEY)
    got = queries.participation_totals(con.cursor(), f)
    ev = _events_in(events, f)
    assert got["events"] == len(ev) > 0
    for group in (
        "children",
        "adolescents",
        "adults",
        "older_adults",
        "with_disability",
        "women",
        "men",
        "gender_other",
    ):
        assert got[group] == int(ev[group].sum()), group
    assert got["children"] + got["adolescents"] + got["adults"] + got["older_adults"] <= got["total"]


def test_all_time_includes_every_year(con: duckdb.DuckDBPyConnection, events: pd.DataFrame) -> None:
    every = queries.participation_totals(con.cursor(), Filters.all_time())
    assert every["events"] == len(events)
    assert every["total"] == int(events["participants_total"].sum())


@pytest.mark.parametrize("f", AREAS)
def test_reply_rate_per_topic(con: duckdb.DuckDBPyConnection, f: Filters) -> None:
    assert "reply_rate" in indicators.BY_KEY
    got = queries.comments_by_topic(con.cursor(), f).set_index("topic")
    cm = con.execute(
        "SELECT cvegeo, corridor_id, comment_date, topic, reply_text, reply_date FROM participation_comment"
    ).df()
    keep = pd.Series(True, index=cm.index)
    if f.cvegeo:
        keep &= cm["cvegeo"] == f.cvegeo
    if f.corridor_id:
        keep &= cm["corridor_id"] == f.corridor_id
    keep &= pd.to_datetime(cm["comment_date"]).dt.year.between(f.year_from or 0, f.year_to or 9999)
    cm = cm[keep]
    assert sorted(got.index) == sorted(cm["topic"].unique())
    for topic, rows in cm.groupby("topic"):
        replied = int(rows["reply_text"].notna().sum())
        assert int(got.loc[topic, "comments"]) == len(rows)
        assert int(got.loc[topic, "replied"]) == replied
        assert float(got.loc[topic, "reply_rate"]) == pytest.approx(replied / len(rows))


@pytest.mark.parametrize("as_of", [dt.date(2023, 6, 1), dt.date(2024, 6, 30), dt.date(2025, 12, 31)], ids=str)
def test_days_in_status_and_overdue(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    assert "days_in_status" in indicators.BY_KEY
    got = queries.milestones(con.cursor(), "MXMTY0005", as_of).set_index("milestone_id")
    raw = con.execute(
        "SELECT milestone_id, status, status_since, planned_end FROM milestone WHERE commitment_id = 'MXMTY0005'"
    ).df()
    assert len(got) == len(raw) > 0
    for r in raw.itertuples():
        since = pd.Timestamp(r.status_since).date()
        assert int(got.loc[r.milestone_id, "days_in_status"]) == (as_of - since).days
        overdue = r.status != "finished" and pd.Timestamp(r.planned_end).date() < as_of
        assert bool(got.loc[r.milestone_id, "overdue"]) == overdue


# --- the pure rules behind the pages (nlmobility.stats) ---------------------------------------


def test_annual_growth_is_the_compound_rate_between_first_and_last_year() -> None:
    monthly = pd.DataFrame(
        {"month": pd.to_datetime(["2019-01-01", "2019-07-01", "2021-03-01"]), "crashes": [40, 60, 121]}
    )
    assert stats.annual_growth(monthly) == pytest.approx(0.1)  # 100 -> 121 over two years
    assert stats.annual_growth(monthly.iloc[:2]) is None, "one year: no growth"
    assert stats.annual_growth(monthly.iloc[:0]) is None


def test_total_change_of_summed_corridors() -> None:
    out = stats.total_change(100, 60, 1000, 1030)
    assert out["change"] == pytest.approx(-0.4)
    assert round(100 * out["low"]) == -56 and round(100 * out["high"]) == -17
    assert out["adjusted"] == pytest.approx(0.6 / 1.03 - 1)
    empty = stats.total_change(0, 4, 0, 0)
    assert empty["change"] is None and empty["low"] is None and empty["adjusted"] is None


def test_suppression_hides_small_counts_of_people_only() -> None:
    assert [stats.suppress(n) for n in (0, 1, 4, 5, 12_345)] == ["0", "<5", "<5", "5", "12,345"]
    assert stats.share_pct(1, 4) == 25.0 and stats.share_pct(3, 0) == 0.0


def test_events_per_quarter() -> None:
    ev = pd.DataFrame(
        {
            "event_id": ["a", "b", "c"],
            "event_date": pd.to_datetime(["2024-02-01", "2023-12-31", "2024-03-31"]),
            "participants_total": [10, 5, 7],
        }
    )
    out = stats.events_per_quarter(ev)
    assert out.to_dict("records") == [
        {"q": "2023Q4", "events": 1, "participants": 5},
        {"q": "2024Q1", "events": 2, "participants": 17},
    ]
    assert stats.events_per_quarter(ev.iloc[:0]).empty


def test_gantt_rows_end_open_bars_today_and_closed_ones_when_closed() -> None:
    as_of = dt.date(2024, 5, 1)
    ms = pd.DataFrame(
        {
            "seq": [1, 2, 3],
            "title": ["Uno", "Dos", "Tres"],
            "estado": ["En progreso", "Incompleto", "No iniciado"],
            "status": ["in_progress", "incomplete", "not_started"],
            "planned_start": pd.to_datetime(["2023-01-01"] * 3),
            "planned_end": pd.to_datetime(["2023-06-01"] * 3),
            "actual_start": pd.to_datetime(["2023-02-01", "2023-03-01", None]),
            "actual_end": pd.to_datetime([None, None, None]),
            "status_since": pd.to_datetime(["2023-02-01", "2024-06-30", "2022-12-01"]),
        }
    )
    out = stats.gantt_rows(ms, as_of=as_of, planned="Planeado", actual="Real")
    assert (out["kind"] == "Planeado").sum() == 3
    real = out[out["kind"] == "Real"].set_index("seq")
    assert list(real.index) == [1, 2], "no actual bar for a milestone never started"
    assert real.loc[1, "end"] == pd.Timestamp(as_of)
    assert real.loc[2, "end"] == pd.Timestamp("2024-06-30")
    assert out["label"].iloc[0] == "1. Uno"
    assert not np.any(pd.isna(out["start"]))


def test_the_metro_comparison_counts_only_covered_municipalities_and_days(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    import shutil

    path = tmp_path / "metro.duckdb"
    shutil.copy(fixture_db, path)
    f = Filters(severity="all")
    w = db.connect(path, read_only=False)
    try:
        full = figures.before_after(w.cursor(), f, months=12, data_end=dt.date(2025, 12, 31)).set_index("corridor_id")
        w.execute("DELETE FROM crash_coverage WHERE cvegeo <> '19039'")  # only Monterrey's records count now
        only_mty = figures.before_after(w.cursor(), f, months=12, data_end=dt.date(2025, 12, 31)).set_index(
            "corridor_id"
        )
        w.execute("DELETE FROM crash_coverage")
        none = figures.before_after(w.cursor(), f, months=12, data_end=dt.date(2025, 12, 31)).set_index("corridor_id")
    finally:
        w.close()
    assert (only_mty["metro_before"] < full["metro_before"]).all() and (only_mty["metro_before"] > 0).all()
    assert (none["metro_before"] == 0).all() and (none["metro_after"] == 0).all(), "no coverage, no comparison area"
    assert none["change_adjusted"].isna().all(), "without a comparison area the adjusted change is unknown, not 0"
    assert (none["n_before"] == full["n_before"]).all(), (
        "the corridor's own counts do not depend on the comparison area"
    )
