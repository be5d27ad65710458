"""Every download on Datos abiertos does what its caption says (issue 25).

With the share link's filters ``periodo=2025&sev=fatal&buf=50`` (and a municipality, a road user), every
table's download is read and checked row by row against each filter the table says it honours; a table
that honours none is downloaded whole and its caption says so instead of "con los filtros activos".
"""

from __future__ import annotations

import pathlib

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from nlmobility import db, dictionary, export
from nlmobility.filters import Filters

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")
TABLES = [tb.name for tb in dictionary.TABLES if tb.name != "dataset_meta"]
#: The column that dates a row, per table that honours the period.
DATE_COLUMN = {
    "crash": "occurred_at",
    "crash_corridor": "occurred_at",
    "crash_link": "occurred_at",
    "crash_day_count": "day",
    "crash_month_cell": "month",
    "crash_year_cell": "year",
    "participation_event": "event_date",
    "participation_comment": "comment_date",
    "traffic_count": "count_date",
}
FILTERS = [
    Filters(year_from=2025, year_to=2025, severity="fatal", buffer_m=50),
    Filters(cvegeo="19039", year_from=2021, year_to=2023, severity="victims", mode="pedestrian", buffer_m=100),
    Filters(corridor_id="CV-OCAMPO", year_from=None, year_to=None, severity="all", mode="cyclist", buffer_m=300),
]


def _year(values: pd.Series) -> pd.Series:
    return values if pd.api.types.is_integer_dtype(values) else pd.to_datetime(values).dt.year


def _violations(table: str, df: pd.DataFrame, f: Filters, con: object) -> list[str]:
    """What in ``df`` breaks a filter that ``table`` says it honours (empty: every row satisfies them)."""
    honours = export.table_filter(table).honours
    bad: list[str] = []
    if "period" in honours:
        years = _year(df[DATE_COLUMN[table]])
        lo, hi = f.year_from or 0, f.year_to or 9999
        if len(df) and not years.between(lo, hi).all():
            bad.append(f"period: {sorted(set(years) - set(range(lo, hi + 1)))[:5]}")
    if "severity" in honours and f.severity != "all":
        allowed = {"fatal", "injury"} if f.severity == "victims" else {f.severity}
        if not df["severity"].isin(allowed).all():
            bad.append(f"severity: {sorted(set(df['severity']) - allowed)}")
    if "mode" in honours and f.mode != "all" and not df[f.mode].astype(bool).all():
        bad.append(f"mode {f.mode}")
    if "buffer" in honours and not (df["distance_m"] <= f.buffer_m).all():
        bad.append(f"buffer: max {df['distance_m'].max()}")
    if "corridor" in honours and f.corridor_id and not (df["corridor_id"] == f.corridor_id).all():
        bad.append("corridor")
    if "area" in honours and f.cvegeo:
        if "cvegeo" in df.columns:
            ok = (df["cvegeo"] == f.cvegeo).all()
        else:  # a corridor's contracts, documents, display copies: the corridor's municipality
            inside = {
                r[0] for r in con.execute("SELECT corridor_id FROM corridor WHERE cvegeo = ?", [f.cvegeo]).fetchall()
            }  # type: ignore[attr-defined]
            ok = df["corridor_id"].isin(inside).all()
        if not ok:
            bad.append("area")
    return bad


@pytest.mark.parametrize("f", FILTERS, ids=["2025-fatal-50m", "guadalupe-peatones", "ocampo-ciclistas"])
def test_every_download_satisfies_the_filters_it_claims_and_the_rest_download_whole(
    fixture_db: pathlib.Path, f: Filters
) -> None:
    con = db.connect(fixture_db)
    try:
        for table in TABLES:
            df = export.read_filtered(con, table, f)
            assert len(df) == export.count_filtered(con, table, f), table
            assert not _violations(table, df, f, con), (table, _violations(table, df, f, con))
            if not export.table_filter(table).honours:
                whole = con.execute(f"SELECT count(*) FROM {table}").fetchone()
                assert whole and len(df) == whole[0], f"{table} says it downloads whole"
    finally:
        con.close()


def test_the_derived_tables_the_issue_found_unfiltered_are_filtered(fixture_db: pathlib.Path) -> None:
    """crash_corridor and crash_year_cell gave 31,385 and 149,963 rows whatever the filters."""
    f = FILTERS[0]
    con = db.connect(fixture_db)
    try:
        for table in ("crash_corridor", "crash_year_cell", "crash_month_cell", "crash_day_count"):
            whole = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert whole is not None
            n = export.count_filtered(con, table, f)
            assert 0 < n < whole[0], (table, n, whole[0])
        assert export.table_filter("crash_corridor").honours == export.FILTER_NAMES
    finally:
        con.close()


def test_the_page_says_which_filters_a_download_honours_and_which_it_cannot(
    fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["periodo"] = ["2025", "2025"]
    at.query_params["sev"] = "fatal"
    at.query_params["buf"] = "50"
    at.run()
    at.switch_page("app_pages/datos.py").run()
    assert not at.exception, [e.value for e in at.exception]

    def caption() -> str:
        return " ".join(c.value for c in at.caption)

    at.selectbox(key="od_table").set_value("crash_corridor").run()
    said = caption()
    assert (
        "Filtros que se aplican: municipio, corredor, periodo, gravedad, persona usuaria, distancia al corredor (≤ 50 m)"
        in said
    )
    at.selectbox(key="od_table").set_value("crash_year_cell").run()
    said = caption()
    assert "No se aplican a esta tabla: corredor, distancia al corredor (≤ 50 m)" in said, said
    at.selectbox(key="od_table").set_value("milestone").run()
    said = caption()
    assert "esta tabla no se filtra" in said and "con los filtros activos" not in said, said
    assert "respetan los filtros activos" not in " ".join(m.value for m in at.markdown)
