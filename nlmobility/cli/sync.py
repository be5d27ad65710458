"""``nlmobility sync [--db PATH] [--dataset ID ...] [--dry-run] [--json]``: the state portal's crash datasets, kept current."""

from __future__ import annotations

import argparse
import pathlib
import sys

from nlmobility import db, sync


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``nlmobility sync``."""
    p = sub.add_parser(
        "sync",
        help="bring the state portal's crash datasets up to date (each export a new version of its source)",
    )
    p.add_argument("--db", type=pathlib.Path, default=None)
    p.add_argument("--dataset", action="append", default=[], metavar="ID", help="only this dataset (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="download and check, say what would change, change nothing")
    p.add_argument(
        "--json", action="store_true", help="per dataset: id, status, modified, added/changed/removed, reason"
    )
    p.add_argument(
        "--mix-with-sample", action="store_true", help="accept real rows into the sample database (pages say 'mixto')"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """0 when every dataset synced (updated or unchanged), 1 when any failed, 2 when the sync could not start."""
    path = args.db or db.default_path()
    if not db.exists(path):
        print(
            f"nlmobility sync: database {path} does not exist; create it with `nlmobility init --db {path}`",
            file=sys.stderr,
        )
        return 2
    terminal = sys.stderr.isatty() and not args.json

    def done(result: sync.Result) -> None:
        if terminal:
            print("\r", end="", file=sys.stderr)
        if not args.json:
            print(sync.line(result), file=sys.stdout if result.status != "failed" else sys.stderr, flush=True)

    try:
        results = sync.sync(
            path,
            args.dataset or None,
            dry_run=args.dry_run,
            on_done=done,
            progress=sync.terminal_progress if terminal else None,
            mix_with_sample=args.mix_with_sample,
        )
    except sync.SyncError as exc:
        print(f"nlmobility sync: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(sync.as_json(results))
    elif not any(r.status in ("updated", "would_update") for r in results):
        print("nothing new on the portal" if all(r.status == "unchanged" for r in results) else "nothing imported")
    return 1 if any(r.status == "failed" for r in results) else 0
