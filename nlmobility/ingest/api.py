"""One entry point for the command line and the admin page: read, check, load, report."""

from __future__ import annotations

import json
import pathlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Unpack

import duckdb
import shapely

from nlmobility import db, sources
from nlmobility.ingest import kinds, load, read, rules, stored, validate, versions
from nlmobility.ingest.options import Choices, Options, options
from nlmobility.text.messages import Msg, msg, plain, spanish


@dataclass
class Report:
    """What an import did or why it was refused, in English with Spanish twins (``*_es``), as shown and downloaded."""

    file: str
    kind: str
    ok: bool
    rows_read: int = 0
    accepted: int = 0
    inserted: int = 0
    already_present: int = 0
    #: records of an earlier version of the same file (source) that this version changed (updated) or no longer has
    changed: int = 0
    removed: int = 0
    rejected: int = 0
    dataset_version: str | None = None
    dry_run: bool = False
    error: str | None = None
    error_es: str | None = None  # the same refusal in Spanish, for the Administración page
    problems: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notes_es: list[str] = field(default_factory=list)
    detected: dict[str, Any] = field(default_factory=dict)
    #: Rejected rows per reason code (``validate.Problem.code``): what went wrong, countable.
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    #: Intersection names of a crash file that matched no imported intersection, with their counts.
    unmatched_intersections: dict[str, int] = field(default_factory=dict)
    #: Names not placed because they could be several intersections or match one only weakly -> the candidates.
    ambiguous_intersections: dict[str, list[str]] = field(default_factory=dict)
    #: Names placed by a looser match -> {"chosen": gazetteer name, "score": 0..1, "rows": n}.
    loose_intersections: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Crash records found to describe an event already stored from another source -> per that source:
    #: {"linked": n, "counted_new": records of this file that replaced the stored one (richer), "kept_stored": n}.
    linked: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Valid but not saved because another file of the same transaction was refused (``run_imports``).
    held_back: bool = False

    def to_json(self) -> str:
        """The report as JSON (what the admin page offers for download and ``--report`` writes).

        Messages are written as their English text, their Spanish twins in the ``*_es`` fields
        (``messages.plain``): ``dataclasses.asdict`` would deep-copy each :class:`Msg`.
        """
        return json.dumps(plain(self), ensure_ascii=False, indent=2, default=str)

    def lines(self, limit: int = 50) -> list[str]:
        """The report as command-line lines (English), at most ``limit`` problems."""
        if self.error:
            return [f"REFUSED: {self.error}", "The database is unchanged."]
        head = (
            f"{self.file} ({self.kind}): read {self.rows_read} rows; accepted {self.accepted}, rejected {self.rejected}; "
            f"{'would insert' if self.dry_run else 'inserted'} {self.inserted}, already present {self.already_present}"
        )
        out = [head]
        if self.changed or self.removed:
            out.append(
                f"against the earlier version of {self.file}: {max(0, self.inserted - self.changed)} added, "
                f"{self.changed} changed, {self.removed} removed"
            )
        if self.dataset_version:
            out.append(f"new dataset version: {self.dataset_version}")
        out += [f"note: {n}" for n in self.notes]
        for p in self.problems[:limit]:
            out.append(
                f"{self.file}: row {p['row']}, column {p['column']!r}: {p['reason']}"
                if p["column"]
                else f"{self.file}: row {p['row']}: {p['reason']}"
            )
        if len(self.problems) > limit:
            out.append(f"… and {len(self.problems) - limit} more problems")
        if not self.ok:
            out.append(
                "REFUSED: nothing was imported (use --partial to accept the valid rows). The database is unchanged."
            )
        return out


def run_import(
    db_path: pathlib.Path,
    kind_name: str,
    file: pathlib.Path,
    given: Options | None = None,
    /,
    **choices: Unpack[Choices],
) -> Report:
    """Validate ``file`` as ``kind_name`` and load it atomically into ``db_path``, as ``given`` options (or the
    keyword ``choices``: :class:`~nlmobility.ingest.options.Options`' fields) say.

    All-or-nothing unless ``partial``: any rejected row refuses the whole file. Never raises for
    bad input: the report carries the reason, naming the file and the row or column. ``progress``
    is called with (fraction done, stage) as the import moves through ``load.STAGES``. A crash file
    of a source already stored replaces that version (``versions``) unless ``append``; a version that
    would remove more than a fifth of the source is refused unless ``replace``.
    """
    opts = options(given, **choices)
    try:
        checked = _check(db_path, kind_name, file, opts)
    except db.StorageError as exc:  # the database path is a directory, not DuckDB, damaged or unreadable
        return _storage_refusal(opts.display_name or pathlib.Path(file).name, kind_name, opts.dry_run, exc)
    if isinstance(checked, Report):
        return checked
    report, kind, rows = checked
    _load(report, db_path, kind, rows, file, opts=opts)
    return report


def _storage_refusal(name: str, kind_name: str, dry_run: bool, exc: db.StorageError) -> Report:
    """The report of a file not imported because the database path cannot be read as a database."""
    return Report(
        file=name,
        kind=kind_name,
        ok=False,
        dry_run=dry_run,
        error=f"{name}: {exc.msg}",
        error_es=f"{name}: {exc.msg.es}",
    )


def _check(
    db_path: pathlib.Path,
    kind_name: str,
    file: pathlib.Path,
    opts: Options,
    pending: dict[tuple[str, str], set[str]] | None = None,
) -> Report | tuple[Report, kinds.Kind, validate.Checked]:
    """Read and check ``file``: a refusal's report, or the report so far with the checked rows to load."""
    name = opts.display_name or pathlib.Path(file).name
    step = opts.progress
    try:
        kind = kinds.resolve(kind_name)
    except KeyError:
        said = msg("imp_api_unknown_kind", name=name, kind=repr(kind_name), kinds=", ".join(kinds.KINDS))
        return Report(file=name, kind=kind_name, ok=False, error=said, error_es=said.es)
    report = Report(file=name, kind=kind.name, ok=False, dry_run=opts.dry_run)
    if not opts.dry_run and not opts.mix_with_sample and _is_sample(db_path):
        report.error = msg("imp_api_sample_database", name=name)
        report.error_es = spanish(report.error)
        return report
    try:
        step(0.05, "read")
        table = read.read_any(pathlib.Path(file), layer=opts.layer)
        report.detected = {
            "format": table.format,
            "encoding": table.encoding,
            "delimiter": table.delimiter,
            "crs": table.crs,
            "layer": table.layer,
        }
        report.rows_read = len(table.frame)
        step(0.25, "check")
        checked = validate.check(
            kind,
            table,
            name,
            mapping=dict(opts.mapping) if opts.mapping is not None else None,
            today=opts.today,
            context=_context(db_path, kind, opts.municipality, name, opts.site, pending=pending),
        )
        if stored.applies(kind) and db.exists(db_path):
            stored.without(checked, _stored_conflicts(db_path, kind, checked, name))
    except read.ImportRefused as exc:
        report.error, report.error_es = str(exc), spanish(exc.args[0] if exc.args else exc)
        return report
    report.notes, report.notes_es = [str(n) for n in checked.notes], [spanish(n) for n in checked.notes]
    report.problems = [
        {"row": p.row, "column": p.column, "code": p.code, "reason": str(p.reason), "reason_es": spanish(p.reason)}
        for p in checked.problems
    ]
    report.rejected_by_reason = dict(Counter(p.code for p in checked.problems))
    report.unmatched_intersections = checked.unmatched
    report.ambiguous_intersections = checked.ambiguous
    report.loose_intersections = checked.loose
    report.rejected = checked.rejected_rows
    report.accepted = len(checked.rows)
    if checked.problems and not opts.partial:
        return report
    if not checked.rows:
        report.error = msg("imp_api_no_valid_rows", name=name)
        report.error_es = report.error.es
        return report
    return report, kind, checked


def _load(
    report: Report,
    db_path: pathlib.Path,
    kind: kinds.Kind,
    checked: validate.Checked,
    file: pathlib.Path,
    *,
    opts: Options,
) -> None:
    """Load checked rows and complete ``report``; a database refusal becomes the report's error."""
    batch = load.Batch(
        kind,
        checked.rows,
        report.file,
        load.sha256(pathlib.Path(file)),
        report.rejected,
        opts.source,
        opts.period,
        issues(checked),
        corrected=checked.corrected,
        append=opts.append,
        replace=opts.replace,
    )
    try:
        (result,) = load.load_many(db_path, [batch], who=opts.who, dry_run=opts.dry_run, progress=opts.progress)
    except (db.StorageError, versions.VersionRefused) as exc:
        report.error, report.error_es = f"{report.file}: {exc.msg}", f"{report.file}: {exc.msg.es}"
        return
    except (FileNotFoundError, RuntimeError) as exc:
        report.error = report.error_es = f"{report.file}: {exc}"
        return
    except duckdb.Error as exc:  # a database constraint: refuse the file, the database is unchanged
        said = explain_database_error(exc, kind, checked)
        report.error, report.error_es = f"{report.file}: {said}", f"{report.file}: {spanish(said)}"
        return
    _complete(report, result)
    if not opts.dry_run:
        _write_feed(db_path, report)
    opts.progress(1.0, "done")


def _complete(report: Report, result: load.LoadResult) -> None:
    """Fill ``report`` with what the load did."""
    report.notes += [str(n) for n in result.notes]
    report.notes_es += [spanish(n) for n in result.notes]
    report.inserted = result.inserted
    report.already_present = result.skipped_existing
    report.changed = result.changed
    report.removed = result.removed
    report.dataset_version = result.dataset_version
    report.linked = result.linked
    report.ok = True


def issues(checked: validate.Checked) -> list[tuple[str, str | None, str | None, int]]:
    """What the check refused, per reason code, and every intersection name not placed with its candidates."""
    by_code = Counter(p.code for p in checked.problems if p.code not in rules.UNPLACED)
    out: list[tuple[str, str | None, str | None, int]] = [(code, None, None, n) for code, n in sorted(by_code.items())]
    per_name = Counter((p.code, p.value or "") for p in checked.problems if p.code in rules.UNPLACED)
    for (code, name), n in sorted(per_name.items()):
        candidates = checked.ambiguous.get(name)
        out.append((code, name, " | ".join(candidates) if candidates else None, n))
    return out


def _write_feed(db_path: pathlib.Path, report: Report) -> None:
    """The change feed gains the new version (the import itself has landed; a failure is a note)."""
    from nlmobility import feed

    try:
        feed.write(db_path)
    except (OSError, duckdb.Error) as exc:
        said = msg("imp_api_feed_not_written", error=exc)
        report.notes.append(said)
        report.notes_es.append(said.es)


def run_imports(
    db_path: pathlib.Path,
    files: list[tuple[str, pathlib.Path, str]],
    *,
    who: str | None = None,
    mix_with_sample: bool = False,
) -> list[Report]:
    """Check several files (``(kind, path, display name)``) and load them in **one transaction**.

    All are loaded or none: a refusal of any file (or of the load) refuses every one, each report
    saying why (the others name the file that was refused). Used by the workshop form, whose
    event and comments must never land one without the other.
    """
    checked: list[tuple[Report, kinds.Kind, validate.Checked]] = []
    reports: list[Report] = []
    pending: dict[tuple[str, str], set[str]] = {}
    for kind_name, file, name in files:
        try:
            c: Report | tuple[Report, kinds.Kind, validate.Checked] = _check(
                db_path, kind_name, file, Options(display_name=name, mix_with_sample=mix_with_sample), pending
            )
        except db.StorageError as exc:
            c = _storage_refusal(name, kind_name, False, exc)
        if isinstance(c, Report):
            reports.append(c)
            continue
        reports.append(c[0])
        checked.append(c)
        for col in c[1].key:  # later files may point at these rows
            pending.setdefault((c[1].table, col), set()).update(
                str(r[col]) for r in c[2].rows if r.get(col) is not None
            )
    refused = [r for r in reports if r.error or r.problems]
    if refused:
        for r in reports:
            if r not in refused:
                r.ok, r.held_back = False, True
                said = msg("imp_api_held_back", file=r.file, refused=refused[0].file)
                r.error, r.error_es = said, said.es
        return reports
    batches = [
        load.Batch(
            kind, c.rows, r.file, load.sha256(pathlib.Path(f)), r.rejected, record_issues=False, corrected=c.corrected
        )
        for (r, kind, c), (_k, f, _n) in zip(checked, files, strict=True)
    ]
    try:
        results = load.load_many(db_path, batches, who=who)
    except db.StorageError as exc:
        for r in reports:
            r.error, r.error_es = f"{r.file}: {exc.msg}", f"{r.file}: {exc.msg.es}"
        return reports
    except (FileNotFoundError, RuntimeError, duckdb.Error) as exc:
        for r in reports:
            r.error = r.error_es = f"{r.file}: {exc}"
        return reports
    for r, res in zip(reports, results, strict=True):
        _complete(r, res)
    _write_feed(db_path, reports[-1])
    return reports


def _stored_conflicts(
    db_path: pathlib.Path, kind: kinds.Kind, checked: validate.Checked, name: str
) -> tuple[list[validate.Problem], set[str]]:
    """Rows whose identifier the database holds with other values from another file; the keys this file corrects."""
    con = db.current_file_reader(db_path)
    try:
        return stored.conflicts(con, "src", kind, checked, name)
    finally:
        con.close()


def _context(
    db_path: pathlib.Path,
    kind: kinds.Kind,
    municipality: str | None = None,
    file: str = "",
    site: tuple[str, float, float] | None = None,
    *,
    pending: dict[tuple[str, str], set[str]] | None = None,
) -> rules.Context:
    """The database keys this kind's foreign keys point at, the milestones' latest status changes, the declared municipality.

    ``pending`` adds keys of rows checked earlier in the same transaction (a workshop's event, for its comments).
    """
    ctx = rules.Context(site=site)
    for ref, values in (pending or {}).items():
        ctx.keys.setdefault(ref, set()).update(values)
    if not db.exists(db_path):
        return ctx
    con = db.current_file_reader(db_path)  # not the instance an app may hold on a replaced file
    try:
        _refuse_outdated(con, db_path, file)
        if municipality is None and kind.table == "crash":
            municipality = _known_municipality(con, file)
        if municipality is not None:
            ctx.municipality = _declared_municipality(con, municipality, file)
        for _, table, column in kind.references:
            # table and column come from the fixed kinds definitions, never from the file
            rows = con.execute(f"SELECT DISTINCT {column} FROM src.{table}").fetchall()  # noqa: S608
            ctx.keys.setdefault((table, column), set()).update(str(r[0]) for r in rows if r[0] is not None)
        if kind.locate is not None and _has_table(con, "intersection"):
            rows = con.execute("SELECT name, lon, lat FROM src.intersection").fetchall()
            ctx.gazetteer = rules.Gazetteer([(str(k), float(lon), float(lat)) for k, lon, lat in rows])
        if kind.table == "milestone":
            history = con.execute(
                "SELECT milestone_id, max(changed_on) FROM src.milestone_status_history GROUP BY 1"
            ).fetchall()
            ctx.last_status_change = {str(mid): d for mid, d in history if d is not None}
    finally:
        con.close()
    return ctx


def _refuse_outdated(con: duckdb.DuckDBPyConnection, db_path: pathlib.Path, file: str) -> None:
    """A database made by an earlier version lacks tables an import writes: refuse, saying how to upgrade it."""
    from nlmobility import dictionary

    if str(db_path) in _UP_TO_DATE:
        return
    have = {
        str(r[0])
        for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_catalog = 'src'").fetchall()
    }
    missing = [t.name for t in dictionary.TABLES if t.name not in have]
    if missing:
        raise read.ImportRefused(msg("imp_api_old_database", file=file, tables=", ".join(missing[:3]), db=db_path))
    _UP_TO_DATE.add(str(db_path))  # a database brought up to date stays so: not asked again (a lake's catalog is slow)


#: Databases this process found up to date (the catalog is not asked again on every workshop saved).
_UP_TO_DATE: set[str] = set()


def _known_municipality(con: duckdb.DuckDBPyConnection, file: str) -> str | None:
    """The municipality a known file is about (San Pedro's files, a state-portal dataset), when its real boundary is imported.

    The sample's approximate polygons cannot say which side of a border a point lies on: there the
    boundaries decide, as for any file.
    """
    code = sources.known_municipality(file)
    if code is None:
        return None
    found = con.execute("SELECT count(*) FROM src.municipality WHERE cvegeo = ? AND NOT approximate", [code]).fetchone()
    return code if found and found[0] else None


def _declared_municipality(con: duckdb.DuckDBPyConnection, cvegeo: str, file: str) -> tuple[str, str, Any]:
    db.load_spatial(con)
    row = con.execute("SELECT name, ST_AsWKB(geom_utm) FROM src.municipality WHERE cvegeo = ?", [cvegeo]).fetchone()
    if row is None:
        raise read.ImportRefused(msg("imp_api_no_municipality", file=file, cvegeo=cvegeo))
    return cvegeo, str(row[0]), shapely.from_wkb(bytes(row[1]))


def _is_sample(db_path: pathlib.Path) -> bool:
    """Whether the database holds the synthetic sample (real rows would be mixed with invented ones)."""
    if not db.exists(db_path):
        return False
    con = db.current_file_reader(db_path)
    try:
        row = con.execute("SELECT value FROM src.dataset_meta WHERE key = 'is_sample'").fetchone()
    finally:
        con.close()
    return bool(row and row[0] == "true")


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'src' AND table_name = ?", [table]
    ).fetchone()
    return bool(found and found[0])


_NOT_NULL = re.compile(r"NOT NULL constraint failed: (\w+)\.(\w+)")
_DUPLICATE = re.compile(r"[Dd]uplicate key \"?(\w+): ([^\"]+)\"?")
_CHECK = re.compile(r"CHECK constraint failed: (\w+)")


def explain_database_error(exc: Exception, kind: kinds.Kind, checked: validate.Checked) -> Msg:
    """A database refusal in the words of the file: the row and column it comes from, when they can be found.

    Validation should leave nothing for the database to refuse; this is the net under it, so a
    constraint never reaches the user as a database message alone.
    """
    text = str(exc).splitlines()[0][:300]
    rows, numbers = checked.rows, checked.row_numbers
    if (hit := _NOT_NULL.search(text)) is not None:
        column = hit.group(2)
        at = next((n for r, n in zip(rows, numbers, strict=True) if r.get(column) is None), None)
        return msg("imp_api_required_at" if at else "imp_api_required", row=at, column=repr(column))
    if (hit := _DUPLICATE.search(text)) is not None:
        column, value = hit.group(1), hit.group(2).strip()
        at = next((n for r, n in zip(rows, numbers, strict=True) if str(r.get(column)) == value), None)
        return msg("imp_api_exists_at" if at else "imp_api_exists", row=at, column=repr(column), value=repr(value))
    if (hit := _CHECK.search(text)) is not None:
        return msg("imp_api_not_allowed", check=hit.group(1), said=text)
    return msg("imp_api_database_refused", kind=kind.name, said=text)
