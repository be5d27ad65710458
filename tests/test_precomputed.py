"""The precomputed crash-to-corridor table equals the direct spatial join, at every offered distance, also after imports."""

from __future__ import annotations

import json
import pathlib
import shutil

import pytest
import shapely

from nlmobility import db, figures, precomputed, queries
from nlmobility.filters import Filters
from nlmobility.ingest import run_import

DISTANCES = (10, 50, 120, 300)


def _direct(con, buffer_m: float) -> set[tuple[int, str]]:
    return set(
        con.execute(
            "SELECT k.crash_id, c.corridor_id FROM crash k JOIN corridor c ON ST_DWithin(k.geom_utm, c.geom_utm, ?)",
            [buffer_m],
        ).fetchall()
    )


def _table(con, buffer_m: float) -> set[tuple[int, str]]:
    return set(
        con.execute("SELECT crash_id, corridor_id FROM crash_corridor WHERE distance_m <= ?", [buffer_m]).fetchall()
    )


def _same_as_direct(path: pathlib.Path) -> None:
    con = db.connect(path)
    try:
        for d in DISTANCES:
            assert _table(con, d) == _direct(con, d), d
        # and the columns copied from the crash table are the crash's own
        bad = con.execute(
            "SELECT count(*) FROM crash_corridor cc JOIN crash k USING (crash_id) WHERE cc.occurred_at <> k.occurred_at "
            "OR cc.severity <> k.severity OR cc.pedestrian <> k.pedestrian OR cc.cyclist <> k.cyclist "
            "OR cc.motorcyclist <> k.motorcyclist OR cc.lon <> k.lon OR cc.lat <> k.lat "
            "OR cc.cvegeo IS DISTINCT FROM k.cvegeo"
        ).fetchone()[0]
        assert bad == 0
    finally:
        con.close()


@pytest.fixture()
def work(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
    p = tmp_path / "work.duckdb"
    shutil.copy(fixture_db, p)
    return p


def test_the_table_is_the_spatial_join_at_every_offered_distance(fixture_db: pathlib.Path) -> None:
    _same_as_direct(fixture_db)
    con = db.connect(fixture_db)
    try:
        assert con.execute("SELECT max(distance_m) FROM crash_corridor").fetchone()[0] <= precomputed.MAX_BUFFER_M
        assert len(_direct(con, 50)) > 1000  # the fixture has crashes near corridors to compare
    finally:
        con.close()


def test_indicators_read_from_the_table_equal_the_direct_computation(fixture_db: pathlib.Path) -> None:
    """Before/after, crashes by year and the Inicio figure, recomputed here with the spatial join itself."""
    con = db.connect(fixture_db)
    try:
        cur = con.cursor()
        for d in (30, 50, 200):
            by_year = queries.corridor_crashes_by_year(cur, "CV-OCAMPO", float(d))
            direct = con.execute(
                "SELECT year(k.occurred_at), count(*) FROM crash k JOIN corridor c ON ST_DWithin(k.geom_utm, c.geom_utm, ?) "
                "WHERE c.corridor_id = 'CV-OCAMPO' GROUP BY 1 ORDER BY 1",
                [d],
            ).fetchall()
            assert list(zip(by_year["year"], by_year["crashes"], strict=True)) == direct
            end = con.execute("SELECT max(occurred_at)::DATE FROM crash").fetchone()[0]
            ba = figures.before_after(cur, Filters(buffer_m=d, severity="all"), months=12, data_end=end)
            for r in ba.itertuples():
                n_before = con.execute(
                    "SELECT count(*) FROM crash k JOIN corridor c ON ST_DWithin(k.geom_utm, c.geom_utm, ?) "
                    "WHERE c.corridor_id = ? AND k.occurred_at >= c.works_start - INTERVAL 12 MONTH "
                    "AND k.occurred_at < c.works_start",
                    [d, r.corridor_id],
                ).fetchone()[0]
                assert r.n_before == n_before, (d, r.corridor_id)
            year = end.year
            kpi = queries.inicio_kpis(cur, cvegeo=None, buffer_m=float(d), data_year=year)
            victims = con.execute(
                "SELECT count(DISTINCT k.crash_id) FROM crash k JOIN corridor c ON ST_DWithin(k.geom_utm, c.geom_utm, ?) "
                "WHERE k.severity IN ('fatal', 'injury') AND year(k.occurred_at) = ?",
                [d, year],
            ).fetchone()[0]
            assert kpi["victims_near_this_year"] == victims, d
    finally:
        con.close()


def _crashes_near_a_corridor(path: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
    con = db.connect(path)
    try:
        wkt = con.execute("SELECT ST_AsText(geom) FROM corridor WHERE corridor_id = 'CV-OCAMPO'").fetchone()[0]
    finally:
        con.close()
    line = shapely.from_wkt(wkt)
    f = tmp_path / "near.csv"
    rows = ["fecha,hora,latitud,longitud,fallecidos,lesionados,tipo_accidente,cvegeo"]
    for i in range(12):
        p = line.interpolate(i / 11, normalized=True)
        rows.append(f"2025-06-{i + 1:02d},10:{i:02d},{p.y + 0.0001 * (i % 3):.6f},{p.x:.6f},0,1,prueba-{i},19039")
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return f


def test_a_crash_import_adds_its_crashes_in_the_same_transaction(work: pathlib.Path, tmp_path: pathlib.Path) -> None:
    con = db.connect(work)
    before = con.execute("SELECT count(*) FROM crash_corridor").fetchone()[0]
    con.close()
    r = run_import(work, "crashes", _crashes_near_a_corridor(work, tmp_path), mix_with_sample=True)
    assert r.ok, r.lines()
    con = db.connect(work)
    try:
        after = con.execute("SELECT count(*) FROM crash_corridor WHERE corridor_id = 'CV-OCAMPO'").fetchone()[0]
        total = con.execute("SELECT count(*) FROM crash_corridor").fetchone()[0]
    finally:
        con.close()
    assert total >= before + 12 and after > 0
    _same_as_direct(work)


def test_a_dry_run_or_refused_import_leaves_the_table_as_it_was(work: pathlib.Path, tmp_path: pathlib.Path) -> None:
    con = db.connect(work)
    before = con.execute("SELECT count(*) FROM crash_corridor").fetchone()[0]
    con.close()
    r = run_import(work, "crashes", _crashes_near_a_corridor(work, tmp_path), mix_with_sample=True, dry_run=True)
    assert r.ok
    con = db.connect(work)
    try:
        assert con.execute("SELECT count(*) FROM crash_corridor").fetchone()[0] == before
    finally:
        con.close()


def test_a_corridors_import_rebuilds_the_table(work: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """A new corridor drawn where crashes are: its crashes appear at once, the old ones stay."""
    f = tmp_path / "corr.geojson"
    f.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {
                            "corridor_id": "CV-PRUEBA",
                            "name": "Corredor de prueba",
                            "cvegeo": "19039",
                            "status": "planned",
                        },
                        "geometry": {"type": "LineString", "coordinates": [[-100.33, 25.67], [-100.30, 25.68]]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    r = run_import(work, "corridors", f, mix_with_sample=True)
    assert r.ok, r.lines()
    con = db.connect(work)
    try:
        assert con.execute("SELECT count(*) FROM crash_corridor WHERE corridor_id = 'CV-PRUEBA'").fetchone()[0] > 0
    finally:
        con.close()
    _same_as_direct(work)


def test_every_offered_distance_is_covered() -> None:
    from nlmobility.filters import BUFFER_RANGE

    assert BUFFER_RANGE[1] <= precomputed.MAX_BUFFER_M


FILTERS = (
    Filters(severity="all"),
    Filters(severity="victims", mode="pedestrian"),
    Filters(cvegeo="19039", severity="fatal", year_from=2021, year_to=2023),
    Filters(severity="injury", mode="cyclist", year_from=2024, year_to=2025),
)


def _summary_same_as_direct(path: pathlib.Path) -> None:
    """Density cells, the monthly trend and the municipal table from crash_month_cell equal a direct count of crash."""
    con = db.connect(path)
    try:
        cur = con.cursor()
        for f in FILTERS:
            p = f.crash_params()
            where = (
                "($cvegeo IS NULL OR cvegeo = $cvegeo) AND crash_in_years(occurred_at, $year_from, $year_to) "
                "AND crash_severity_matches(severity, $severity) "
                "AND crash_mode_matches(pedestrian, cyclist, motorcyclist, $mode)"
            )
            for cell in (400.0, 800.0):
                grid = queries.crash_grid(cur, f, cell_m=cell, max_cells=1_000_000)
                direct = con.execute(
                    f"SELECT count(*), sum(n) FROM (SELECT floor(ST_X(geom_utm) / {cell}), floor(ST_Y(geom_utm) / {cell}), "
                    f"count(*) AS n FROM crash WHERE {where} GROUP BY 1, 2)",
                    p,
                ).fetchone()
                assert (len(grid), int(grid["n"].sum())) == (direct[0], direct[1] or 0), (f, cell)
            monthly = queries.crash_monthly(cur, f)
            direct_m = con.execute(
                f"SELECT date_trunc('month', occurred_at)::DATE, count(*), count(*) FILTER (WHERE crash_has_victims(severity)) "
                f"FROM crash WHERE {where} GROUP BY 1 ORDER BY 1",
                p,
            ).fetchall()
            got = [
                (r.month.date() if hasattr(r.month, "date") else r.month, r.crashes, r.with_victims)
                for r in monthly.itertuples()
            ]
            assert got == direct_m, f
            if f.cvegeo is None:
                mun = queries.crash_by_municipality(cur, f).set_index("cvegeo")["crashes"].to_dict()
                direct_mun = dict(
                    con.execute(
                        "SELECT m.cvegeo, count(k.crash_id) FROM municipality m LEFT JOIN crash k ON k.cvegeo = m.cvegeo "
                        "AND crash_in_years(k.occurred_at, $year_from, $year_to) AND crash_severity_matches(k.severity, $severity) "
                        "AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode) WHERE m.is_metro GROUP BY 1",
                        {k: v for k, v in p.items() if k != "cvegeo"},
                    ).fetchall()
                )
                assert mun == direct_mun, f
        assert (
            con.execute("SELECT count(*) FROM crash WHERE x <> ST_X(geom_utm) OR y <> ST_Y(geom_utm)").fetchone()[0]
            == 0
        )
    finally:
        con.close()


def test_monthly_cell_counts_equal_the_direct_count(fixture_db: pathlib.Path) -> None:
    _summary_same_as_direct(fixture_db)


def test_monthly_cell_counts_after_a_crash_import(work: pathlib.Path, tmp_path: pathlib.Path) -> None:
    r = run_import(work, "crashes", _crashes_near_a_corridor(work, tmp_path), mix_with_sample=True)
    assert r.ok, r.lines()
    _summary_same_as_direct(work)


def test_density_cells_must_be_multiples_of_the_precomputed_cell(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        with pytest.raises(ValueError, match="multiple of 400"):
            queries.crash_grid(con.cursor(), Filters(), cell_m=500.0)
    finally:
        con.close()


def _crash_frame(con, f: Filters):
    return con.execute(
        "SELECT x, y, year(occurred_at) AS year, severity, pedestrian, cvegeo FROM crash "
        "WHERE ($cvegeo IS NULL OR cvegeo = $cvegeo) AND crash_in_years(occurred_at, $year_from, $year_to) "
        "AND crash_severity_matches(severity, $severity) AND crash_mode_matches(pedestrian, cyclist, motorcyclist, $mode)",
        f.crash_params(),
    ).df()


def _yearly_same_as_direct(path: pathlib.Path) -> None:
    """Hotspots (200 m) and the high-injury network's cells (100 m) from crash_year_cell equal pandas on the crash table."""
    con = db.connect(path)
    try:
        cur = con.cursor()
        for f in FILTERS:
            k = _crash_frame(con, f).assign(cx=lambda d: d["x"] // 200, cy=lambda d: d["y"] // 200)
            g = k.groupby(["cx", "cy"]).agg(
                crashes=("x", "size"),
                fatal=("severity", lambda s: int((s == "fatal").sum())),
                pedestrian=("pedestrian", "sum"),
            )
            g = g.reset_index().sort_values(["crashes", "cx", "cy"], ascending=[False, True, True]).head(10)
            hot = queries.crash_hotspots(cur, f, cell_m=200.0, limit=10)
            assert list(hot["crashes"]) == list(g["crashes"]), f
            assert list(hot["fatal"]) == list(g["fatal"]) and list(hot["pedestrian"]) == [
                int(v) for v in g["pedestrian"]
            ]
            for (_, h), (_, d) in zip(hot.iterrows(), g.iterrows(), strict=True):  # the municipality with most crashes
                counts = k[(k["cx"] == d["cx"]) & (k["cy"] == d["cy"])]["cvegeo"].value_counts()
                names = dict(con.execute("SELECT cvegeo, name FROM municipality").fetchall())
                assert h["municipality"] in {names.get(c) for c in counts[counts == counts.max()].index}
        for mode in ("all", "pedestrian"):
            cells = queries.crash_hin_cells(cur, cvegeo=None, mode=mode, cell_m=100.0)
            k = _crash_frame(con, Filters(severity="victims", mode=mode, year_from=None, year_to=None))
            k = k.assign(
                cell=(k["x"] // 100).astype("int64").astype(str) + ":" + (k["y"] // 100).astype("int64").astype(str)
            )
            d = k.groupby(["cell", "year"]).agg(
                fatal=("severity", lambda s: int((s == "fatal").sum())),
                injury=("severity", lambda s: int((s == "injury").sum())),
            )
            got = cells.set_index(["cell", "year"])[["fatal", "injury"]].sort_index()
            assert got.astype("int64").equals(d.sort_index().astype("int64")), mode
    finally:
        con.close()


def test_yearly_cells_equal_the_direct_computation(fixture_db: pathlib.Path) -> None:
    _yearly_same_as_direct(fixture_db)


def test_yearly_cells_after_a_crash_import(work: pathlib.Path, tmp_path: pathlib.Path) -> None:
    r = run_import(work, "crashes", _crashes_near_a_corridor(work, tmp_path), mix_with_sample=True)
    assert r.ok, r.lines()
    _yearly_same_as_direct(work)


def _metro_same_as_direct(path: pathlib.Path) -> None:
    """Before/after's rest-of-metro counts (day counts minus near-corridor crashes) equal a direct count."""
    con = db.connect(path)
    try:
        end = con.execute("SELECT max(occurred_at)::DATE FROM crash").fetchone()[0]
        for f in (Filters(severity="victims"), Filters(severity="all", mode="pedestrian", buffer_m=120)):
            ba = figures.before_after(con.cursor(), f, months=12, data_end=end)
            for r in ba.itertuples():
                direct = con.execute(
                    """SELECT count(*) FILTER (WHERE k.occurred_at >= w.s - INTERVAL 12 MONTH AND k.occurred_at < w.s),
                              count(*) FILTER (WHERE k.occurred_at >= w.o AND k.occurred_at < w.o + INTERVAL 12 MONTH)
                       FROM crash k, (SELECT coalesce(works_start, opening_date) AS s, opening_date AS o
                                      FROM corridor WHERE corridor_id = $cid) w
                       WHERE NOT EXISTS (SELECT 1 FROM corridor r WHERE ST_DWithin(k.geom_utm, r.geom_utm, $b))
                         AND EXISTS (SELECT 1 FROM crash_coverage v WHERE v.cvegeo = k.cvegeo
                                     AND CAST(k.occurred_at AS DATE) BETWEEN v.date_from AND v.date_to)
                         AND crash_severity_matches(k.severity, $sev)
                         AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)""",
                    {"cid": r.corridor_id, "b": float(f.buffer_m), "sev": f.severity, "mode": f.mode},
                ).fetchone()
                assert (r.metro_before, r.metro_after) == direct, (f, r.corridor_id)
    finally:
        con.close()


def test_rest_of_metro_counts_equal_the_direct_count(fixture_db: pathlib.Path) -> None:
    _metro_same_as_direct(fixture_db)


def test_rest_of_metro_counts_after_a_crash_import(work: pathlib.Path, tmp_path: pathlib.Path) -> None:
    r = run_import(work, "crashes", _crashes_near_a_corridor(work, tmp_path), mix_with_sample=True)
    assert r.ok, r.lines()
    _metro_same_as_direct(work)


def test_density_cells_grow_until_the_map_payload_is_small(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        cur = con.cursor()
        f = Filters(severity="all", year_from=None, year_to=None)
        fine, cell = figures.crash_density(cur, f)
        assert cell == 400.0 and len(fine) <= figures.DENSITY_MAX_CELLS
        coarse, cell = figures.crash_density(cur, f, max_cells=50)
        assert cell > 400.0 and len(coarse) <= 50
        total = con.execute("SELECT count(*) FROM crash").fetchone()[0]
        assert int(fine["n"].sum()) == total and int(coarse["n"].sum()) == total  # every crash still counted
    finally:
        con.close()
