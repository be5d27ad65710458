"""Commands that publish what the database holds: ``export`` (a table, OC4IDS, the data package), ``report``
(evaluation tables) and ``digest`` (the forum digest)."""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

from nlmobility import db, export
from nlmobility.cli.common import db_arg, db_path, iso_date, write_output


def _export_datapackage(args: argparse.Namespace) -> int:
    """Every table as CSV in one folder, with the ``datapackage.json`` that describes them."""
    from nlmobility import datapackage, dictionary, queries

    out = pathlib.Path(args.out or "datos-abiertos")
    out.mkdir(parents=True, exist_ok=True)
    con = db.connect(db_path(args))
    try:
        files = {}
        for t in dictionary.TABLES:
            name = datapackage.csv_name(t.name)
            (out / name).write_bytes(export.to_bytes(export.read_table(con, t.name), "csv"))
            files[t.name] = name
        cur = db.cursor(con)
        package = datapackage.package(
            files,
            dataset_meta=queries.dataset_meta(cur),
            sources=queries.data_sources(cur),
            version=queries.dataset_version(cur) or "sin-version",
        )
    finally:
        con.close()
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {len(files)} CSV files and datapackage.json to {out}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``nlmobility export``: one table as CSV, GeoJSON or GeoParquet, or the corridors as an OC4IDS package."""
    if args.kind == "datapackage":
        return _export_datapackage(args)
    if args.kind == "oc4ids":
        from nlmobility import oc4ids

        con = db.connect(db_path(args))
        try:
            package = oc4ids.package(db.cursor(con))
        except oc4ids.NoProjects as exc:
            print(f"nlmobility export oc4ids: {exc}", file=sys.stderr)
            return 1
        finally:
            con.close()
        text = json.dumps(package, ensure_ascii=False, indent=1)
        out = args.out or pathlib.Path("corredores-oc4ids.json")
        if str(out) == "-":
            sys.stdout.write(text + "\n")
        else:
            pathlib.Path(out).write_text(text, encoding="utf-8")
            print(f"wrote {len(package['projects'])} OC4IDS projects to {out}", file=sys.stderr)
        return 0
    try:
        table = export.table_name(args.kind)
    except ValueError as exc:
        print(f"nlmobility export: {exc}", file=sys.stderr)
        return 2
    con = db.connect(db_path(args))
    try:
        frame = export.read_table(con, table)
    finally:
        con.close()
    data = export.to_bytes(frame, args.format)
    out = args.out or pathlib.Path(f"{table}.{export.EXTENSION[args.format]}")
    write_output(out, data, f"wrote {len(frame)} rows of {table} to {out} ({len(data):,} bytes)")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """``nlmobility report``: before/after with intervals, the high-injury network or exposure rates, as JSON or CSV."""
    from nlmobility import report
    from nlmobility.filters import BUFFER_RANGE, Filters

    if not BUFFER_RANGE[0] <= args.buffer <= BUFFER_RANGE[1]:
        print(
            f"nlmobility report: --buffer must be {BUFFER_RANGE[0]}–{BUFFER_RANGE[1]} metres (the distances the app offers)",
            file=sys.stderr,
        )
        return 2
    f = Filters(
        cvegeo=args.mun,
        buffer_m=args.buffer,
        severity=args.severity,
        mode=args.mode,
        year_from=args.year_from,
        year_to=args.year_to,
    )
    con = db.connect(db_path(args))
    try:
        notes: list[str] = []
        print(report.run(con, args.kind, f, months=args.months, fmt="csv" if args.csv else "json", notes=notes))
        for note in notes:  # an empty CSV says why on stderr (the JSON carries it as "reason")
            print(f"nlmobility report {args.kind}: {note}", file=sys.stderr)
    finally:
        con.close()
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    """``nlmobility digest``: what changed, what is overdue, stuck or due, for the multi-stakeholder forum."""
    from nlmobility import digest, digest_render

    con = db.connect(db_path(args))
    try:
        d = digest.build(
            con,
            as_of=args.as_of,
            since=args.since,
            next_meeting=args.next,
            commitments=args.commitment or None,
            lang=args.lang,
        )
    except ValueError as exc:
        print(f"nlmobility digest: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    out = args.out or pathlib.Path(f"{digest_render.file_stem(d)}.{args.format}")
    write_output(
        out,
        digest_render.render(d, args.format),
        f"wrote {out}: milestone statuses: no data ({d.unknown} milestones; nlmobility import milestones FILE)"
        if d.listed and d.no_status
        else f"wrote {out}: {len(d.changed)} changed since {d.since}, {len(d.overdue)} overdue, {len(d.stuck)} stuck, "
        f"{len(d.due)} due by {d.next_meeting}"
        + (f"; {d.unknown} without a recorded status (no data)" if d.unknown else ""),
    )
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``export``, ``report`` and ``digest``."""
    e = sub.add_parser("export", help="export a table as CSV, GeoJSON or GeoParquet")
    db_arg(e)
    e.add_argument(
        "kind",
        help="table to export (crashes, corridors, …), 'oc4ids' or 'datapackage' (every table + datapackage.json into --out DIR)",
    )
    e.add_argument("--format", choices=export.FORMATS, default="csv")
    e.add_argument("--out", type=pathlib.Path, default=None, help="output file ('-' for stdout)")
    e.set_defaults(func=cmd_export)

    r = sub.add_parser("report", help="evaluation tables: before-after (with intervals), hin, exposure")
    r.add_argument("kind", choices=["before-after", "hin", "exposure"])
    fmt = r.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON with what the figures are built from (default)")
    fmt.add_argument("--csv", action="store_true", help="the table only, as CSV")
    r.add_argument("--mun", default=None, metavar="CVEGEO", help="one municipality (default: the metro area)")
    r.add_argument("--buffer", type=int, default=50, help="metres around each corridor (default 50)")
    r.add_argument("--months", type=int, default=12, help="before-after: months in each window (default 12)")
    r.add_argument("--severity", default="victims", choices=["all", "victims", "fatal", "injury", "damage"])
    r.add_argument("--mode", default="all", choices=["all", "pedestrian", "cyclist", "motorcyclist"])
    r.add_argument(
        "--year-from", type=int, default=None, help="exposure: first year of crashes (default: all whole years)"
    )
    r.add_argument("--year-to", type=int, default=None, help="exposure: last year of crashes")
    db_arg(r)
    r.set_defaults(func=cmd_report)

    dg = sub.add_parser(
        "digest", help="the forum digest: changed, overdue, stuck and due milestones (PDF, Markdown or HTML)"
    )
    db_arg(dg)
    dg.add_argument("--format", choices=("pdf", "md", "html"), default="pdf")
    dg.add_argument(
        "--since",
        type=iso_date,
        default=None,
        metavar="DATE",
        help="date of the last forum session (default: the bimonthly calendar from 2022-08-09)",
    )
    dg.add_argument("--next", type=iso_date, default=None, metavar="DATE", help="date of the next forum session")
    dg.add_argument(
        "--as-of", type=iso_date, default=None, metavar="DATE", help="situation on this date (default today)"
    )
    dg.add_argument(
        "--commitment", action="append", metavar="ID", help="one commitment (repeat for several; default: all)"
    )
    dg.add_argument("--lang", choices=("es", "en"), default="es")
    dg.add_argument("--out", type=pathlib.Path, default=None, help="output file ('-' for stdout)")
    dg.set_defaults(func=cmd_digest)
