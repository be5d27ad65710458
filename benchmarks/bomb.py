"""A compression bomb refused: a small GeoParquet file that expands to 20 million crash rows (issue 28, item 2).

Builds the file in a temporary directory (one 1-million-row group written 20 times: little memory),
runs ``nlmobility import crashes FILE --dry-run`` on it in a subprocess against a fresh empty
database, and prints the file's size, the refusal, the elapsed seconds (wall clock, and the
child's CPU seconds, which a loaded machine does not inflate: most of either is starting Python
and importing the libraries) and the child's peak memory (``resource.getrusage(RUSAGE_CHILDREN)``;
no other child runs before it). Then the refusal alone, in this process (``read.read_any``).
Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bomb.py [--rows 20000000]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from nlmobility import initdb
from nlmobility.ingest import read

ROOT = pathlib.Path(__file__).resolve().parent.parent


def build(path: pathlib.Path, rows: int, *, group: int = 1_000_000) -> None:
    """A crash GeoParquet of ``rows`` identical rows (one point in Monterrey): dictionary and RLE make it tiny."""
    wkb = shapely.to_wkb(shapely.Point(-100.31, 25.67))
    n = min(group, rows)
    table = pa.table(
        {
            "fecha": pa.array(["2023-05-01"] * n).dictionary_encode(),
            "hora": pa.array(["08:30"] * n).dictionary_encode(),
            "tipo_accidente": pa.array(["Choque"] * n).dictionary_encode(),
            "lesionados": pa.array([1] * n, pa.int32()),
            "geometry": pa.array([wkb] * n, pa.binary()).dictionary_encode(),
        }
    )
    geo = {
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"], "crs": None}},
    }
    table = table.replace_schema_metadata({b"geo": json.dumps(geo).encode()})
    with pq.ParquetWriter(path, table.schema, compression="zstd") as writer:
        left = rows
        while left > 0:
            writer.write_table(table.slice(0, min(n, left)))
            left -= n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = pathlib.Path(tmp)
        bomb = d / "bomb.parquet"
        build(bomb, args.rows)
        db = d / "empty.duckdb"
        initdb.init(db)  # in this process: the only child measured is the import
        cli = [sys.executable, "-m", "nlmobility.cli"]
        t0 = time.perf_counter()
        r = subprocess.run(
            [*cli, "import", "crashes", str(bomb), "--db", str(db), "--dry-run"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        elapsed = time.perf_counter() - t0
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"file: {bomb.stat().st_size / 1024:,.0f} KB holding {args.rows:,} rows")
        print(f"exit code: {r.returncode}")
        print("output:", (r.stdout + r.stderr).strip()[-600:])
        print(f"elapsed: {elapsed:.2f} s wall, {usage.ru_utime + usage.ru_stime:.2f} s CPU (command start included)")
        print(f"peak RSS of the import process: {usage.ru_maxrss / 1024:,.0f} MB")
        t0 = time.perf_counter()
        try:
            read.read_any(bomb)
            print("the refusal alone: NOT refused")
        except read.ImportRefused as exc:
            print(f"the refusal alone (read.read_any in this process): {time.perf_counter() - t0:.3f} s: {exc}")


if __name__ == "__main__":
    main()
