"""Storage benchmark: query medians on a lake vs the single file, and concurrent-writer throughput.

- Query medians (``benchmarks.queries.query_figures``, 5 runs each) on the sample file and on the
  same data migrated to a lake with a PostgreSQL catalog (a throwaway server, when PostgreSQL is
  installed); with ``--large PATH`` also on a larger database file
  (e.g. 10M crashes built by ``nlmobility build --crashes 10000000``).
- Writer throughput: ``--writers`` processes each save ``--saves`` workshops through the form's
  code path at once, against the file and the lake; saves per second and failures.

Prints figures and ratios side by side with the load average. A benchmark, not a test.

    .venv/bin/python -m benchmarks.lake --writers 10 --saves 5
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from nlmobility import db, lake

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import queries as bench  # noqa: E402 - run as python -m benchmarks.lake
from tests import pgserver  # noqa: E402 - the throwaway server helper lives with the tests
from tests.savers import run_savers  # noqa: E402 - the form's code path


def _targets(stack: ExitStack, tmp: pathlib.Path, source: pathlib.Path) -> dict[str, tuple[str, pathlib.Path | None]]:
    """The file and its lakes: name → (locator, data path)."""
    out: dict[str, tuple[str, pathlib.Path | None]] = {}
    copy = tmp / "file.duckdb"
    shutil.copy(source, copy)
    out["file"] = (str(copy), None)
    why = pgserver.unavailable()
    if why is None:
        srv = stack.enter_context(pgserver.server())
        pg = "ducklake:postgres:" + srv.new_database()
        lake.migrate(source, pg, data_path=str(tmp / "pg-data"))
        out["lake (PostgreSQL catalog)"] = (pg, tmp / "pg-data")
    else:
        print(f"(no PostgreSQL lake: {why})")
    return out


def queries_side_by_side(targets: dict[str, tuple[str, pathlib.Path | None]], label: str) -> None:
    figures = {name: bench.query_figures(pathlib.Path(loc)) for name, (loc, _) in targets.items()}
    names = list(figures)
    print(f"\n## query medians, {label} (ms; ratio to the file)  load average {os.getloadavg()[0]:.2f}")
    print(f"{'query':<36}" + "".join(f"{n:>28}" for n in names))
    for q in figures["file"]:
        base = figures["file"][q]
        cells = "".join(
            f"{figures[n][q]:>19.1f} ({figures[n][q] / base if base else 0:4.1f}×)" if n != "file" else f"{base:>28.1f}"
            for n in names
        )
        print(f"{q:<36}{cells}")


def writers(targets: dict[str, tuple[str, pathlib.Path | None]], n_proc: int, saves: int) -> None:
    print(f"\n## {n_proc} processes × {saves} workshop saves at once (event + 3 comments, one transaction each)")
    for name, (loc, data) in targets.items():
        t0 = time.perf_counter()
        saved = run_savers(loc, processes=n_proc, saves=saves, data_path=data)
        secs = time.perf_counter() - t0
        ok, lines = saved.ok, saved.lines
        print(
            f"{name:<28} {ok}/{n_proc * saves} saved, {len(lines) - ok} refused, {secs:6.1f} s, "
            f"{ok / secs:5.2f} saves/s  (load average {os.getloadavg()[0]:.2f})"
        )


@contextmanager
def _tmp() -> Iterator[pathlib.Path]:
    with tempfile.TemporaryDirectory(prefix="nlm-lakebench-") as d:
        yield pathlib.Path(d)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=pathlib.Path, default=db.default_path())
    ap.add_argument("--large", type=pathlib.Path, default=None, help="also compare on this (larger) database file")
    ap.add_argument("--writers", type=int, default=10)
    ap.add_argument("--saves", type=int, default=5)
    args = ap.parse_args(argv)
    print(f"# storage benchmark ({os.cpu_count()} cores)")
    with ExitStack() as stack:
        tmp = stack.enter_context(_tmp())
        (tmp / "s").mkdir()
        targets = _targets(stack, tmp / "s", args.db)
        queries_side_by_side(targets, f"sample ({args.db})")
        writers(targets, args.writers, args.saves)
        if args.large:
            (tmp / "l").mkdir()
            t0 = time.perf_counter()
            large = _targets(stack, tmp / "l", args.large)
            print(f"\n(migrated {args.large} to the lakes in {time.perf_counter() - t0:.0f} s)")
            queries_side_by_side(large, f"large ({args.large})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
