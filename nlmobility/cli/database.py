"""Commands on the database itself: ``build`` (the sample), ``init`` (for real data), ``info``, ``check``
(the quality report before publishing) and ``upgrade``."""

from __future__ import annotations

import argparse
import json
import sys
import time

import duckdb

from nlmobility import db, meta, sample
from nlmobility.cli.common import db_arg, db_path


def cmd_build(args: argparse.Namespace) -> int:
    """``nlmobility build``: write the sample database."""
    path = db_path(args)
    t0 = time.perf_counter()
    sample.build(path, seed=args.seed, crashes=args.crashes)
    secs = time.perf_counter() - t0
    con = db.connect(path)
    try:
        counts = meta.table_counts(con)
    finally:
        con.close()
    size = path.stat().st_size
    print(f"built {path} in {secs:.1f} s ({size / 1e6:.1f} MB): " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """``nlmobility init``: an empty database for real data (schema, commitments, milestone lists)."""
    from nlmobility import initdb

    path = db_path(args)
    try:
        initdb.init(path)
    except FileExistsError as exc:
        print(f"nlmobility init: {exc}", file=sys.stderr)
        return 1
    print(f"initialised {path}: the action plan's commitments and milestones (status unknown), no sample rows")
    print(f"next: nlmobility import municipalities FILE --db {path}, then crashes, corridors, ... (see README)")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    """``nlmobility info``: tables, counts, dataset version and whether spatial loads."""
    path = db_path(args)
    try:
        con = db.connect(path)
    except (FileNotFoundError, db.SpatialUnavailableError) as exc:
        print(f"nlmobility info: {exc}", file=sys.stderr)
        return 2
    try:
        data = meta.info(con, str(path))
    finally:
        con.close()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(
            f"database: {data['database']}\ndataset version: {data['dataset_version']}\n"
            f"sample data: {data['is_sample']}\nspatial loaded: {data['spatial_loaded']}"
        )
        for t, n in data["tables"].items():
            print(f"  {t:<28} {n:>12,}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """``nlmobility check``: the quality report to read before publishing; exit 1 when something must be reviewed."""
    from nlmobility import quality

    path = db_path(args)
    try:
        con = db.connect(path)
    except (FileNotFoundError, db.SpatialUnavailableError, duckdb.Error) as exc:  # duckdb.Error: not a database
        print(f"nlmobility check: {path}: {exc}", file=sys.stderr)
        return 2
    try:
        report = quality.check(db.cursor(con))
    except quality.OldDatabase as exc:
        print(f"nlmobility check: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    print(quality.as_json(report) if args.json else quality.text(report))
    return quality.exit_status(report, strict=args.strict)


def cmd_upgrade(args: argparse.Namespace) -> int:
    """``nlmobility upgrade``: bring a database made by an earlier version up to this version."""
    from nlmobility import upgrade

    path = db_path(args)
    try:
        steps = upgrade.upgrade(path)
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"nlmobility upgrade: {exc}", file=sys.stderr)
        return 1
    print(f"{path}: " + ("; ".join(steps) if steps else "already up to date"))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``build``, ``init``, ``info``, ``check`` and ``upgrade``."""
    b = sub.add_parser("build", help="build the synthetic sample database")
    db_arg(b)
    b.add_argument(
        "--crashes",
        type=int,
        default=sample.DEFAULT_CRASHES,
        help="total number of crashes (default %(default)s); the ~21,000 planted near-corridor crashes are always included",
    )
    b.add_argument("--seed", type=int, default=sample.DEFAULT_SEED, help="random seed (default %(default)s)")
    b.set_defaults(func=cmd_build)

    ini = sub.add_parser("init", help="create an empty database for real data (no sample rows)")
    db_arg(ini)
    ini.set_defaults(func=cmd_init)

    i = sub.add_parser("info", help="tables, row counts, dataset version, spatial status")
    db_arg(i)
    i.add_argument("--json", action="store_true", help="print JSON")
    i.set_defaults(func=cmd_info)

    ck = sub.add_parser(
        "check", help="quality report before publishing: per source, links, placements, gaps (exit 1: review)"
    )
    db_arg(ck)
    ck.add_argument("--json", action="store_true", help="the whole report as JSON (shape in nlmobility/quality.py)")
    ck.add_argument("--strict", action="store_true", help="exit 1 also when a figure would show no data")
    ck.set_defaults(func=cmd_check)
    up = sub.add_parser("upgrade", help="bring a database made by an earlier version up to this version")
    db_arg(up)
    up.set_defaults(func=cmd_upgrade)
