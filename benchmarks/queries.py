"""Database figures: build time, size, every indicator query's median, import times. A benchmark, not a test.

    .venv/bin/python -m benchmarks.queries [--db PATH] [--crashes N] [--json]

Page render times and bytes per page are measured by ``benchmarks/bench_pages.py``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import pathlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from nlmobility import db, figures, queries, sample
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
                db.cursor(con), cvegeo=None, buffer_m=50.0, data_year=sample.LAST_YEAR
            ),
            "before_after (50 m, 12 months)": lambda: figures.before_after(db.cursor(con), f, months=12, data_end=end),
            "crash_grid (400 m cells)": lambda: queries.crash_grid(
                db.cursor(con), Filters(severity="all"), cell_m=400.0
            ),
            "crash_monthly": lambda: queries.crash_monthly(db.cursor(con), Filters(severity="all")),
            "crash_by_municipality": lambda: queries.crash_by_municipality(db.cursor(con), Filters(severity="all")),
            "filtered_count crash": lambda: queries.filtered_count(db.cursor(con), "crash", Filters(severity="all")),
            "crash_hotspots (200 m, top 10)": lambda: queries.crash_hotspots(db.cursor(con), Filters(severity="all")),
            "crash_density (adaptive cells)": lambda: figures.crash_density(db.cursor(con), Filters(severity="all")),
            "high_injury_network (100 m)": lambda: figures.high_injury_network(db.cursor(con), cvegeo=None, mode="all"),
            "crash_hour_weekday": lambda: queries.crash_hour_weekday(db.cursor(con), Filters(severity="all")),
            "crash_by_severity_mode": lambda: queries.crash_by_severity_mode(db.cursor(con), Filters()),
            "corridor_crashes_by_year (50 m)": lambda: queries.corridor_crashes_by_year(
                db.cursor(con), "CV-OCAMPO", 50.0
            ),
            "corridor_exposure (50 m)": lambda: figures.corridor_exposure(
                db.cursor(con), buffer_m=50.0, years=list(range(sample.LAST_YEAR - 2, sample.LAST_YEAR + 1))
            ),
            "corridor_crash_points (12 months)": lambda: queries.corridor_crash_points(
                db.cursor(con),
                f,
                "CV-OCAMPO",
                date_from=dt.date(sample.LAST_YEAR - 1, 1, 1),
                date_to=dt.date(sample.LAST_YEAR, 1, 1),
            ),
        }
        return {name: _median_ms(fn) for name, fn in cases.items()}
    finally:
        con.close()


def _new_crashes_csv(path: pathlib.Path, n: int = 270, seed: int = 7) -> None:
    """``n`` new crashes in Monterrey (a state-portal-like CSV: date, time, coordinates, victims)."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["fecha", "hora", "latitud", "longitud", "fallecidos", "lesionados", "tipo_accidente", "cvegeo"])
        for i in range(n):
            day = dt.date(sample.LAST_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(360))
            w.writerow(
                [
                    day.isoformat(),
                    f"{rng.randrange(24):02d}:{rng.randrange(60):02d}",
                    f"{25.66 + rng.random() * 0.05:.6f}",
                    f"{-100.34 + rng.random() * 0.05:.6f}",
                    0,
                    rng.choice([0, 0, 1, 2]),
                    f"bench-{seed}-{i}",
                    "19039",
                ]
            )


#: Runs ``nlmobility`` in a child process and prints its own peak memory (VmHWM, which exec resets; the
#: rusage of children would count the parent's pages copied at fork).
_PEAK_WRAPPER = (
    "import sys\n"
    "from nlmobility.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1]\n"
    "print(f'peak_kb={hwm}', file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


def import_figures(path: pathlib.Path, rows: int = 270) -> dict[str, float]:
    """Time and peak memory of importing ``rows`` new crashes into a copy of the database at ``path`` (a child process)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp) / "import.duckdb"
        shutil.copy2(path, work)
        f = pathlib.Path(tmp) / "new.csv"
        _new_crashes_csv(f, rows)
        t0 = time.perf_counter()
        r = subprocess.run(
            [sys.executable, "-c", _PEAK_WRAPPER, "import", "crashes", str(f), "--db", str(work), "--mix-with-sample"],
            capture_output=True,
            text=True,
            check=False,
        )
        secs = time.perf_counter() - t0
        if r.returncode != 0:
            raise RuntimeError(f"bench import failed: {r.stderr[-500:]}")
        peak_kb = int(r.stderr.strip().splitlines()[-1].removeprefix("peak_kb="))
        return {
            "import_rows": float(rows),
            "import_seconds": secs,
            "import_peak_mb": peak_kb / 1024,
            "database_mb": path.stat().st_size / 1e6,
        }


def main(*, crashes: int | None = None, db_path: pathlib.Path | None = None, as_json: bool = False) -> int:
    """Print query benchmark figures on the sample and, with ``crashes``, on a larger generated database.

    ``as_json``: one JSON object instead (every query's median in ms and the import figures).
    """
    path = pathlib.Path(db_path) if db_path else db.default_path()
    if not path.exists():
        print(f"building {path} first", file=sys.stderr)
        sample.build(path)
    if as_json:
        out: dict[str, Any] = {
            "cores": os.cpu_count(),
            "load_average": os.getloadavg(),
            "sample": {"path": str(path), "queries_ms": query_figures(path), **import_figures(path)},
        }
        if crashes:
            with tempfile.TemporaryDirectory() as tmp:
                big = pathlib.Path(tmp) / "bench.duckdb"
                t0 = time.perf_counter()
                sample.build(big, crashes=crashes)
                out["large"] = {
                    "crashes": crashes,
                    "build_seconds": time.perf_counter() - t0,
                    "queries_ms": query_figures(big),
                    **import_figures(big),
                }
        print(json.dumps(out, indent=1))
        return 0
    print(
        f"# benchmarks.queries ({os.cpu_count()} cores)\n\n## queries on {path} ({path.stat().st_size / 1e6:.0f} MB), median of 5"
    )
    for name, ms in query_figures(path).items():
        print(f"{name:<34} {ms:9.1f} ms")
    imp = import_figures(path)
    print(
        f"import of {imp['import_rows']:.0f} new crashes: {imp['import_seconds']:.1f} s, "
        f"peak {imp['import_peak_mb']:.0f} MB (child process)"
    )
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
            imp = import_figures(big)
            print(
                f"import of {imp['import_rows']:.0f} new crashes: {imp['import_seconds']:.1f} s, "
                f"peak {imp['import_peak_mb']:.0f} MB (child process)"
            )
    return 0


if __name__ == "__main__":
    cli = argparse.ArgumentParser(prog="python -m benchmarks.queries", description=__doc__)
    cli.add_argument(
        "--db", type=pathlib.Path, default=None, help="the database (default: $NLMOBILITY_DB or the sample)"
    )
    cli.add_argument("--crashes", type=int, default=None, help="also build and time a database with N crashes")
    cli.add_argument("--json", action="store_true", help="every query's median in ms and the import figures, as JSON")
    a = cli.parse_args()
    raise SystemExit(main(crashes=a.crashes, db_path=a.db, as_json=a.json))
