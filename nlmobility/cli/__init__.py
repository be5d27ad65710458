"""The ``nlmobility`` command: one module per group of subcommands, each with its ``add_parser``.

``database`` (build, init, info, check, upgrade), ``imports`` (import), ``sync`` (the state portal),
``lake`` (migrate, lake, maintain), ``publish`` (export, report, digest), ``basemap``, ``accounts`` (user) and ``config`` (settings).
Benchmarks are not commands: they live in ``benchmarks/`` (``make bench``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import duckdb

from nlmobility import db
from nlmobility.cli import accounts, basemap, config, database, imports, lake, publish, sync

GROUPS = (database, imports, sync, lake, publish, basemap, accounts, config)


def build_parser() -> argparse.ArgumentParser:
    """The ``nlmobility`` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="nlmobility", description="Green Corridors dashboard data tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``nlmobility`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except db.StorageError as exc:  # the database path is a directory, not DuckDB, damaged or unreadable
        print(f"nlmobility {args.command}: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:  # a file damaged past its header fails only when read; another DuckDB file
        said = db.storage_error(getattr(args, "db", None) or db.default_path(), exc)
        if said is None:
            raise
        print(f"nlmobility {args.command}: {said}", file=sys.stderr)
        return 2
