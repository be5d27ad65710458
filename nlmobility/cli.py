"""The ``nlmobility`` command: build, info, export, import, bench."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys
import time
from collections.abc import Sequence

import duckdb

from nlmobility import db, export, meta, sample


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        type=pathlib.Path,
        default=None,
        help="database file (default: $NLMOBILITY_DB or data/nlmobility.duckdb)",
    )


def _path(args: argparse.Namespace) -> pathlib.Path:
    return args.db if args.db is not None else db.default_path()


def cmd_build(args: argparse.Namespace) -> int:
    """``nlmobility build``: write the sample database."""
    path = _path(args)
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

    path = _path(args)
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
    path = _path(args)
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


def _export_datapackage(args: argparse.Namespace) -> int:
    """Every table as CSV in one folder, with the ``datapackage.json`` that describes them."""
    from nlmobility import datapackage, dictionary, queries

    out = pathlib.Path(args.out or "datos-abiertos")
    out.mkdir(parents=True, exist_ok=True)
    con = db.connect(_path(args))
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


def _write_output(out: pathlib.Path, data: bytes, message: str) -> None:
    """``data`` to the file ``out`` (then ``message`` on stderr), or to stdout when ``out`` is "-"."""
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        pathlib.Path(out).write_bytes(data)
        print(message, file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    """``nlmobility export``: one table as CSV, GeoJSON or GeoParquet, or the corridors as an OC4IDS package."""
    if args.kind == "datapackage":
        return _export_datapackage(args)
    if args.kind == "oc4ids":
        from nlmobility import oc4ids

        con = db.connect(_path(args))
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
    con = db.connect(_path(args))
    try:
        frame = export.read_table(con, table)
    finally:
        con.close()
    data = export.to_bytes(frame, args.format)
    out = args.out or pathlib.Path(f"{table}.{export.EXTENSION[args.format]}")
    _write_output(out, data, f"wrote {len(frame)} rows of {table} to {out} ({len(data):,} bytes)")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """``nlmobility bench``: benchmark figures (not tests)."""
    from nlmobility import bench  # imported lazily: it builds temporary databases

    return bench.main(crashes=args.crashes, db_path=args.db, as_json=args.json)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def cmd_digest(args: argparse.Namespace) -> int:
    """``nlmobility digest``: what changed, what is overdue, stuck or due, for the multi-stakeholder forum."""
    from nlmobility import digest, digest_render

    con = db.connect(_path(args))
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
    _write_output(
        out,
        digest_render.render(d, args.format),
        f"wrote {out}: milestone statuses: no data ({d.unknown} milestones; nlmobility import milestones FILE)"
        if d.listed and d.no_status
        else f"wrote {out}: {len(d.changed)} changed since {d.since}, {len(d.overdue)} overdue, {len(d.stuck)} stuck, "
        f"{len(d.due)} due by {d.next_meeting}"
        + (f"; {d.unknown} without a recorded status (no data)" if d.unknown else ""),
    )
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    """``nlmobility upgrade``: bring a database made by an earlier version up to this version."""
    from nlmobility import upgrade

    path = _path(args)
    try:
        steps = upgrade.upgrade(path)
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"nlmobility upgrade: {exc}", file=sys.stderr)
        return 1
    print(f"{path}: " + ("; ".join(steps) if steps else "already up to date"))
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
    con = db.connect(_path(args))
    try:
        notes: list[str] = []
        print(report.run(con, args.kind, f, months=args.months, fmt="csv" if args.csv else "json", notes=notes))
        for note in notes:  # an empty CSV says why on stderr (the JSON carries it as "reason")
            print(f"nlmobility report {args.kind}: {note}", file=sys.stderr)
    finally:
        con.close()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """``nlmobility check``: the quality report to read before publishing; exit 1 when something must be reviewed."""
    from nlmobility import quality

    path = _path(args)
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


def _check_parser(sub: argparse._SubParsersAction) -> None:
    """``nlmobility check`` and its options."""
    ck = sub.add_parser(
        "check", help="quality report before publishing: per source, links, placements, gaps (exit 1: review)"
    )
    _db_arg(ck)
    ck.add_argument("--json", action="store_true", help="the whole report as JSON (shape in nlmobility/quality.py)")
    ck.add_argument("--strict", action="store_true", help="exit 1 also when a figure would show no data")
    ck.set_defaults(func=cmd_check)


def cmd_user_add(args: argparse.Namespace) -> int:
    """``nlmobility user add``: create an administrator account."""
    import getpass

    from nlmobility import auth

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Contraseña / password: ")
        if getpass.getpass("Repita / repeat: ") != password:
            print("nlmobility user add: the passwords differ", file=sys.stderr)
            return 2
    try:
        auth.add_user(args.name, password)
    except ValueError as exc:
        print(f"nlmobility user add: {exc}", file=sys.stderr)
        return 2
    print(f"user {args.name} saved in {auth.users_path()} (argon2 hash)")
    return 0


def cmd_user_reset(args: argparse.Namespace) -> int:
    """``nlmobility user reset``: clear an account's failed-login waits and locks, from every client."""
    from nlmobility import auth

    n = auth.reset(args.name)
    print(f"user {args.name}: {n} failed-login record(s) cleared")
    return 0


def cmd_basemap(args: argparse.Namespace) -> int:
    """``nlmobility basemap install PACK`` / ``status``: the offline tile pack and the basemap in use."""
    from nlmobility import basemap

    if args.basemap_command == "install":
        try:
            done = basemap.install(pathlib.Path(args.pack))
        except basemap.BasemapError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        zooms = done["zooms"]
        assert isinstance(zooms, list)
        print(
            f"installed {done['pack']}: {done['tiles']} {done['format']} tiles, zoom {min(zooms)}-{max(zooms)}; "
            f"start the app with {basemap.ENV_BASEMAP}=tiles"
        )
        return 0
    choice = basemap.current()
    print(f"basemap: {choice.name} ({choice.style_url})" + (f"; {choice.problem}" if choice.problem else ""))
    return 0


def _digest_parser(sub: argparse._SubParsersAction) -> None:
    """``nlmobility digest`` and its options (and ``nlmobility upgrade`` and ``nlmobility check``)."""
    _check_parser(sub)
    up = sub.add_parser("upgrade", help="bring a database made by an earlier version up to this version")
    _db_arg(up)
    up.set_defaults(func=cmd_upgrade)
    dg = sub.add_parser(
        "digest", help="the forum digest: changed, overdue, stuck and due milestones (PDF, Markdown or HTML)"
    )
    _db_arg(dg)
    dg.add_argument("--format", choices=("pdf", "md", "html"), default="pdf")
    dg.add_argument(
        "--since",
        type=_iso_date,
        default=None,
        metavar="DATE",
        help="date of the last forum session (default: the bimonthly calendar from 2022-08-09)",
    )
    dg.add_argument("--next", type=_iso_date, default=None, metavar="DATE", help="date of the next forum session")
    dg.add_argument(
        "--as-of", type=_iso_date, default=None, metavar="DATE", help="situation on this date (default today)"
    )
    dg.add_argument(
        "--commitment", action="append", metavar="ID", help="one commitment (repeat for several; default: all)"
    )
    dg.add_argument("--lang", choices=("es", "en"), default="es")
    dg.add_argument("--out", type=pathlib.Path, default=None, help="output file ('-' for stdout)")
    dg.set_defaults(func=cmd_digest)


def build_parser() -> argparse.ArgumentParser:
    """The ``nlmobility`` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="nlmobility", description="Green Corridors dashboard data tools")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the synthetic sample database")
    _db_arg(b)
    b.add_argument(
        "--crashes",
        type=int,
        default=sample.DEFAULT_CRASHES,
        help="total number of crashes (default %(default)s); the ~21,000 planted near-corridor crashes are always included",
    )
    b.add_argument("--seed", type=int, default=sample.DEFAULT_SEED, help="random seed (default %(default)s)")
    b.set_defaults(func=cmd_build)

    ini = sub.add_parser("init", help="create an empty database for real data (no sample rows)")
    _db_arg(ini)
    ini.set_defaults(func=cmd_init)

    i = sub.add_parser("info", help="tables, row counts, dataset version, spatial status")
    _db_arg(i)
    i.add_argument("--json", action="store_true", help="print JSON")
    i.set_defaults(func=cmd_info)

    e = sub.add_parser("export", help="export a table as CSV, GeoJSON or GeoParquet")
    _db_arg(e)
    e.add_argument(
        "kind",
        help="table to export (crashes, corridors, …), 'oc4ids' or 'datapackage' (every table + datapackage.json into --out DIR)",
    )
    e.add_argument("--format", choices=export.FORMATS, default="csv")
    e.add_argument("--out", type=pathlib.Path, default=None, help="output file ('-' for stdout)")
    e.set_defaults(func=cmd_export)

    bn = sub.add_parser("bench", help="print benchmark figures (not a test)")
    _db_arg(bn)
    bn.add_argument("--crashes", type=int, default=None, help="also build and time a database with N crashes")
    bn.add_argument("--json", action="store_true", help="every query's median in ms and the import figures, as JSON")
    bn.set_defaults(func=cmd_bench)

    from nlmobility import lake_cli, sync_cli
    from nlmobility.ingest import cli as ingest_cli

    for module in (ingest_cli, lake_cli, sync_cli):
        module.add_parser(sub)

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
    _db_arg(r)
    r.set_defaults(func=cmd_report)

    _digest_parser(sub)

    bm = sub.add_parser("basemap", help="offline tile pack for the maps (NLMOBILITY_BASEMAP=builtin|tiles|online)")
    bmsub = bm.add_subparsers(dest="basemap_command", required=True)
    bmi = bmsub.add_parser("install", help="unpack an MBTiles pack (raster or vector) into the app's static folder")
    bmi.add_argument("pack")
    bmi.set_defaults(func=cmd_basemap)
    bmsub.add_parser("status", help="the basemap the app would use, and why").set_defaults(func=cmd_basemap)

    u = sub.add_parser("user", help="manage administrator accounts (no default account exists)")
    usub = u.add_subparsers(dest="user_command", required=True)
    ua = usub.add_parser("add", help="create or reset an administrator (password asked, or read from stdin)")
    ua.add_argument("name")
    ua.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    ua.set_defaults(func=cmd_user_add)
    ur = usub.add_parser("reset", help="clear the waits and locks after failed logins for a name (every client)")
    ur.add_argument("name")
    ur.set_defaults(func=cmd_user_reset)
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


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
