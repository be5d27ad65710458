"""``nlmobility migrate`` and ``nlmobility lake versions|diff|rollback|maintain`` (storage on DuckLake)."""

from __future__ import annotations

import argparse
import pathlib
import sys

import duckdb

from nlmobility import db, lake, settings


def _locator(args: argparse.Namespace) -> str | None:
    value = args.lake or settings.given(db.ENV_DB)
    return value if value and db.is_lake(value) else None


def cmd_migrate(args: argparse.Namespace) -> int:
    """Copy a single-file database into a new, empty lake (its history kept as the first snapshot)."""
    if not db.is_lake(args.to):
        print(f"nlmobility migrate: --to must be a lake locator starting with {db.LAKE_PREFIX!r}", file=sys.stderr)
        return 2
    try:
        snap = lake.migrate(args.db, args.to, data_path=args.data_path)
    except (lake.LakeError, duckdb.Error) as exc:
        print(f"nlmobility migrate: {exc}", file=sys.stderr)
        return 1
    print(f"{args.db} → {args.to}: snapshot {snap}; start the app with NLMOBILITY_DB='{args.to}'")
    return 0


def cmd_lake(args: argparse.Namespace) -> int:
    """Versions, differences, rollback and maintenance of the lake in ``--lake`` or ``$NLMOBILITY_DB``."""
    locator = _locator(args)
    if locator is None:
        print(f"nlmobility lake: give --lake {db.LAKE_PREFIX}… or set {db.ENV_DB} to one", file=sys.stderr)
        return 2
    try:
        if args.lake_command == "rollback":
            version = lake.rollback(locator, args.snapshot)
            print(f"rolled back to snapshot {args.snapshot} as a new version: {version}")
            return 0
        con = lake.connect(locator)
        try:
            if args.lake_command == "diff":
                changes = lake.diff(con, args.a, args.b)
                for name, na, nb in changes:
                    print(f"{name}: {na} → {nb} rows ({nb - na:+d})")
                if not changes:
                    print("no table differs in row count")
                return 0
            for s in lake.snapshots(con):
                print(f"{s.snapshot_id}\t{s.at:%Y-%m-%d %H:%M:%S}\t{s.author or ''}\t{s.version}")
            return 0
        finally:
            con.close()
    except (lake.LakeError, duckdb.Error) as exc:
        print(f"nlmobility lake: {exc}", file=sys.stderr)
        return 1


def cmd_maintain(args: argparse.Namespace) -> int:
    """A file: crashes rewritten in date order. A lake: small files merged, snapshots older than --keep-days expired."""
    from nlmobility import upgrade

    target = args.db or settings.text(db.ENV_DB)
    try:
        if db.is_lake(target):
            if args.keep_days is None:
                print("nlmobility maintain: a lake needs --keep-days (how long to keep old versions)", file=sys.stderr)
                return 2
            done = lake.maintain(target, keep_days=args.keep_days)
            print(
                f"snapshots: {done['snapshots_before']} → {done['snapshots_after']} "
                f"(kept {args.keep_days:g} days); small files merged"
            )
            return 0
        n = upgrade.sort_crashes(target)
        print(f"{target}: {n} crashes rewritten in date order, the yearly cell counts by severity")
        return 0
    except (lake.LakeError, duckdb.Error, FileNotFoundError, RuntimeError) as exc:
        print(f"nlmobility maintain: {exc}", file=sys.stderr)
        return 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``migrate`` and ``lake``."""
    m = sub.add_parser("migrate", help="turn a single-file database into a DuckLake (history kept)")
    m.add_argument("--db", type=pathlib.Path, default=db.DEFAULT_DB, help="the database file to copy")
    m.add_argument(
        "--to", required=True, help="the lake: ducklake:postgres:dbname=… host=… port=… (a PostgreSQL catalog)"
    )
    m.add_argument(
        "--data-path", default=settings.given(db.ENV_DATA_PATH), help="where the lake keeps its Parquet files"
    )
    m.set_defaults(func=cmd_migrate)
    lk = sub.add_parser("lake", help="versions (snapshots), differences, rollback and maintenance of a lake")
    lk.add_argument("--lake", default=None, help="the lake locator (default: $NLMOBILITY_DB)")
    lsub = lk.add_subparsers(dest="lake_command", required=True)
    lsub.add_parser("versions", help="every version: snapshot, time, author, dataset version").set_defaults(
        func=cmd_lake
    )
    d = lsub.add_parser("diff", help="tables whose row count differs between two snapshots")
    d.add_argument("a", type=int)
    d.add_argument("b", type=int)
    d.set_defaults(func=cmd_lake)
    r = lsub.add_parser("rollback", help="make the data what it was at a snapshot, as a new version (nothing deleted)")
    r.add_argument("snapshot", type=int)
    r.set_defaults(func=cmd_lake)
    mt = sub.add_parser(
        "maintain",
        help="a file: crashes back in date order, yearly cells by severity; a lake: merge small files, expire old snapshots",
    )
    mt.add_argument("--db", default=None, help="the database file or lake (default: $NLMOBILITY_DB)")
    mt.add_argument("--keep-days", type=float, default=None, help="a lake: keep versions of the last D days")
    mt.set_defaults(func=cmd_maintain)
