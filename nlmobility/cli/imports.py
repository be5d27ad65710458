"""`nlmobility import KIND FILE [--dry-run] [--partial] [--append] [--map column=field ...] [--report PATH]`."""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys

from nlmobility import db, sources
from nlmobility.ingest import api, kinds
from nlmobility.ingest.options import Options


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``import`` subcommand to the ``nlmobility`` parser."""
    p = sub.add_parser("import", help="validated, atomic import of a data file")
    p.add_argument("kind", help=f"one of: {', '.join(kinds.KINDS)} (hyphens accepted)")
    p.add_argument("file", type=pathlib.Path)
    p.add_argument("--db", type=pathlib.Path, default=None)
    p.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    p.add_argument("--partial", action="store_true", help="accept the valid rows and report the rest")
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD", help="map a file column to a field")
    p.add_argument("--report", type=pathlib.Path, default=None, help="also write the report as JSON")
    p.add_argument("--user", default=None, help="who is importing (default: the system user)")
    p.add_argument("--layer", default=None, help="the layer to read from a GeoPackage or a zip with several shapefiles")
    p.add_argument(
        "--title", default=None, help="who publishes the file (default: known publishers by file name, else the file)"
    )
    p.add_argument(
        "--licence", default=None, help="the file's licence (default: known licences by file name, else 'no declarada')"
    )
    p.add_argument(
        "--period",
        default=None,
        metavar="FROM:TO",
        help="crash files: the dates the file covers (aaaa-mm-dd:aaaa-mm-dd; default: its first to last crash)",
    )
    p.add_argument(
        "--municipality",
        default=None,
        metavar="CVEGEO",
        help="crash files of one municipality: points must lie in it or within 100 m of its boundary, and take its code",
    )
    p.add_argument(
        "--site", default=None, metavar="NAME", help="counts: the counting site of a file that does not name one"
    )
    p.add_argument("--lat", type=float, default=None, metavar="Y", help="counts: latitude of --site (WGS 84)")
    p.add_argument("--lon", type=float, default=None, metavar="X", help="counts: longitude of --site (WGS 84)")
    p.add_argument(
        "--append",
        action="store_true",
        help="crash files: add to the stored version of the same source (a file holding only a new period) "
        "instead of replacing it (default: a new version replaces the earlier one: added, changed, removed)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="crash files: replace the stored version even when this one removes more than a fifth of its records",
    )
    p.add_argument(
        "--mix-with-sample",
        action="store_true",
        help="accept real rows into the sample database (pages then say 'mixto')",
    )
    p.set_defaults(func=run)


def _source(args: argparse.Namespace) -> sources.Source | None:
    if args.title is None and args.licence is None:
        return None
    default = sources.known(pathlib.Path(args.file).name)
    return sources.Source(args.title or default.title, args.licence or default.licence)


def _period(text: str | None) -> tuple[dt.date, dt.date] | None:
    if text is None:
        return None
    try:
        start, end = (dt.date.fromisoformat(p.strip()) for p in text.split(":"))
    except ValueError as exc:
        raise SystemExit(f"nlmobility import: --period needs FROM:TO as aaaa-mm-dd:aaaa-mm-dd, got {text!r}") from exc
    if end < start:
        raise SystemExit(f"nlmobility import: --period ends before it starts: {text!r}")
    return start, end


def run(args: argparse.Namespace) -> int:
    """``nlmobility import``: validate and load a file; 0 when imported, 1 when refused."""
    mapping = {}
    for m in args.map:
        if "=" not in m:
            print(f"nlmobility import: --map needs COLUMN=FIELD, got {m!r}", file=sys.stderr)
            return 2
        src, dst = m.split("=", 1)
        mapping[src.strip()] = dst.strip()
    site = None
    if args.site is not None or args.lat is not None or args.lon is not None:
        if args.site is None or args.lat is None or args.lon is None or not args.site.strip():
            print("nlmobility import: --site needs a name with --lat and --lon (the site's point)", file=sys.stderr)
            return 2
        site = (args.site.strip(), args.lon, args.lat)
    opts = Options(
        dry_run=args.dry_run,
        partial=args.partial,
        mapping=mapping,
        who=args.user,
        layer=args.layer,
        mix_with_sample=args.mix_with_sample,
        source=_source(args),
        period=_period(args.period),
        municipality=args.municipality,
        site=site,
        append=args.append,
        replace=args.replace,
    )
    report = api.run_import(args.db or db.default_path(), args.kind, args.file, opts)
    if args.report:
        args.report.write_text(report.to_json(), encoding="utf-8")
    stream = sys.stdout if report.ok else sys.stderr
    for line in report.lines():
        print(line, file=stream)
    return 0 if report.ok else 1
