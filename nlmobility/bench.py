"""`nlmobility bench`: database figures (build time, size, query times). Not a test.

Page render times and bytes per page are measured by ``benchmarks/bench_pages.py`` (it needs
Streamlit and a browser, which this Streamlit-free package does not import).
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

from nlmobility import db, queries, sample
from nlmobility.filters import Filters


def _median_ms(fn: Callable[[], Any], runs: int = 5) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def query_figures(path: pathlib.Path) -> dict[str, float]:
    """Median time in milliseconds of each indicator query on the database at ``path`` (5 runs each)."""
    con = db.connect(path)
    try:
        f = Filters()
        end = dt.date(sample.LAST_YEAR, 12, 31)
        cases: dict[str, Callable[[], Any]] = {
            "inicio_kpis": lambda: queries.inicio_kpis(
                con.cursor(), cvegeo=None, buffer_m=50.0, data_year=sample.LAST_YEAR
            ),
            "before_after (50 m, 12 months)": lambda: queries.before_after(con.cursor(), f, months=12, data_end=end),
            "crash_grid (400 m cells)": lambda: queries.crash_grid(con.cursor(), Filters(severity="all"), cell_m=400.0),
            "crash_monthly": lambda: queries.crash_monthly(con.cursor(), Filters(severity="all")),
            "crash_by_municipality": lambda: queries.crash_by_municipality(con.cursor(), Filters(severity="all")),
            "filtered_count crash": lambda: queries.filtered_count(con.cursor(), "crash", Filters(severity="all")),
            "crash_hotspots (200 m, top 10)": lambda: queries.crash_hotspots(con.cursor(), Filters(severity="all")),
            "corridor_crash_points (12 months)": lambda: queries.corridor_crash_points(
                con.cursor(),
                f,
                "CV-OCAMPO",
                date_from=dt.date(sample.LAST_YEAR - 1, 1, 1),
                date_to=dt.date(sample.LAST_YEAR, 1, 1),
            ),
        }
        return {name: _median_ms(fn) for name, fn in cases.items()}
    finally:
        con.close()


def main(*, crashes: int | None = None, db_path: pathlib.Path | None = None) -> int:
    """Print query benchmark figures on the sample and, with ``crashes``, on a larger generated database."""
    path = pathlib.Path(db_path) if db_path else db.default_path()
    if not path.exists():
        print(f"building {path} first")
        sample.build(path)
    print(
        f"# nlmobility bench ({os.cpu_count()} cores)\n\n## queries on {path} ({path.stat().st_size / 1e6:.0f} MB), median of 5"
    )
    for name, ms in query_figures(path).items():
        print(f"{name:<34} {ms:9.1f} ms")
    if crashes:
        with tempfile.TemporaryDirectory() as tmp:
            big = pathlib.Path(tmp) / "bench.duckdb"
            t0 = time.perf_counter()
            sample.build(big, crashes=crashes)
            secs = time.perf_counter() - t0
            print(
                f"\n## build with {crashes:,} crashes: {secs:.1f} s, {big.stat().st_size / 1e6:.0f} MB "
                f"({crashes / secs:,.0f} crashes/s)"
            )
            for name, ms in query_figures(big).items():
                print(f"{name:<34} {ms:9.1f} ms")
    return 0
