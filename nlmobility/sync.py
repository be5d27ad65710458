"""``nlmobility sync``: keep the state portal's crash datasets current, each export a new version of its source.

The state open-data portal is an Opendatasoft portal: each municipality's crash records are a dataset
whose metadata (last modified, record count) is at ``/api/explore/v2.1/catalog/datasets/{id}`` and
whose whole export is at ``…/{id}/exports/csv``. For each configured dataset, a sync reads the
metadata; when it changed since the last sync (or was never synced) it downloads the export to a
temporary file (streamed, with a size limit, a timeout and bounded retries with back-off), skips it
when its SHA-256 is the one already loaded, and otherwise imports it as a new version of its source
(``--partial``, declared of its municipality): corrected records are updated, dropped ones removed,
new ones added (``ingest/versions.py``). A dataset that fails (unreachable, refused, a file whose
columns changed) is reported with the reason and leaves its rows as they were; the others still sync.
What each dataset's sync found is kept in ``portal_sync``. Standard proxy variables are honoured
(``urllib``). Imports take the database's write lock, so a sync never collides with an import or a
workshop form.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import logging
import pathlib
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from nlmobility import db, settings, sources
from nlmobility.text.messages import msg, spanish

_log = logging.getLogger(__name__)

#: Attempts per request (the first and two retries), and the back-off before each retry (seconds).
ATTEMPTS = 3
BACKOFF_S = (1.0, 3.0)
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Dataset:
    """A portal dataset to keep current, and the INEGI code of the municipality it is about."""

    id: str
    municipality: str | None


@dataclass
class Result:
    """What a sync did for one dataset (the ``--json`` output, and a ``portal_sync`` row)."""

    id: str
    status: str  # updated, unchanged, failed (would_update on a dry run)
    modified: str | None = None
    records: int | None = None
    added: int = 0
    changed: int = 0
    removed: int = 0
    reason: str | None = None
    reason_es: str | None = None  # the same in Spanish, for the Administración page
    url: str = ""
    sha256: str | None = None
    source: str | None = None


class SyncError(Exception):
    """A dataset could not be synced: the reason in one line."""


def default_datasets() -> list[Dataset]:
    """The nine municipal crash datasets of the state portal (``sources.PORTAL_MUNICIPALITIES``)."""
    return [
        Dataset(f"indices-de-estadisticas-de-accidentes-viales-{name}", code)
        for name, code in sources.PORTAL_MUNICIPALITIES.items()
    ]


def datasets(env: dict[str, str] | None = None) -> list[Dataset]:
    """The datasets to sync: the TOML file ``NLMOBILITY_PORTAL_DATASETS`` names, else the defaults.

    The file holds ``[[dataset]]`` tables with ``id`` and optional ``municipality`` (INEGI code).
    """
    given = settings.given("NLMOBILITY_PORTAL_DATASETS", env)
    if given is None:
        return default_datasets()
    path = pathlib.Path(given)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SyncError(msg("sync_datasets_not_toml", given=given, exc=exc)) from exc
    out = []
    for i, item in enumerate(data.get("dataset", []), start=1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
            raise SyncError(msg("sync_dataset_without_id", given=given, i=i))
        code = item.get("municipality")
        out.append(Dataset(item["id"].strip(), str(code) if code is not None else None))
    if not out:
        raise SyncError(msg("sync_no_datasets", given=given))
    return out


def portal_url(env: dict[str, str] | None = None) -> str:
    """The portal's address (``NLMOBILITY_PORTAL_URL``, without a trailing slash)."""
    return settings.text("NLMOBILITY_PORTAL_URL", env).rstrip("/")


def metadata_url(dataset_id: str, env: dict[str, str] | None = None) -> str:
    """The dataset's metadata address."""
    return f"{portal_url(env)}/api/explore/v2.1/catalog/datasets/{urllib.parse.quote(dataset_id)}"


def export_url(dataset_id: str, env: dict[str, str] | None = None) -> str:
    """The dataset's whole export, as CSV."""
    return metadata_url(dataset_id, env) + "/exports/csv"


def _open(url: str, timeout: float) -> http.client.HTTPResponse:
    """GET ``url`` with bounded retries: a server error or a dropped connection is retried, a 4xx is not."""
    last: Exception | None = None
    for attempt in range(ATTEMPTS):
        if attempt:
            time.sleep(BACKOFF_S[min(attempt - 1, len(BACKOFF_S) - 1)])
        try:
            request = urllib.request.Request(url, headers={"User-Agent": "nlmobility-sync"})
            response: http.client.HTTPResponse = urllib.request.urlopen(request, timeout=timeout)
            return response
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                raise SyncError(msg("sync_portal_refused", code=exc.code, reason=exc.reason, url=url)) from exc
            last = exc
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            last = exc
    if isinstance(last, urllib.error.HTTPError):
        raise SyncError(msg("sync_portal_failed", code=last.code, reason=last.reason, url=url, attempts=ATTEMPTS))
    reason = getattr(last, "reason", last)
    raise SyncError(msg("sync_portal_unreachable", url=url, reason=reason, attempts=ATTEMPTS))


def read_metadata(dataset_id: str, env: dict[str, str] | None = None) -> tuple[str | None, int | None]:
    """(last modified, record count) as the portal gives them for the dataset."""
    url = metadata_url(dataset_id, env)
    timeout = settings.seconds("NLMOBILITY_PORTAL_TIMEOUT", env)
    try:
        with _open(url, timeout) as response:
            body = response.read(1 << 20)
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, or nested past what Python reads
        raise SyncError(msg("sync_metadata_not_json", dataset=dataset_id)) from exc
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise SyncError(msg("sync_metadata_unreadable", dataset=dataset_id, exc=exc)) from exc
    if not isinstance(data, dict):
        raise SyncError(msg("sync_metadata_not_dataset", dataset=dataset_id))
    metas = data.get("metas")
    default = metas.get("default") if isinstance(metas, dict) else None
    default = default if isinstance(default, dict) else {}
    modified = default.get("modified") or default.get("data_processed") or data.get("modified")
    records = default.get("records_count", data.get("records_count"))
    count = records if isinstance(records, int) and not isinstance(records, bool) and records >= 0 else None
    return (str(modified)[:100] if isinstance(modified, str | int | float) and modified else None), count


def download(
    url: str, target: pathlib.Path, env: dict[str, str] | None = None, progress: Callable[[int], None] | None = None
) -> str:
    """Stream ``url`` into ``target`` (at most ``NLMOBILITY_PORTAL_MAX_BYTES``); its SHA-256.

    A body shorter than its declared length (a dropped connection) or over the limit is refused.
    """
    limit = settings.whole("NLMOBILITY_PORTAL_MAX_BYTES", env)
    timeout = settings.seconds("NLMOBILITY_PORTAL_TIMEOUT", env)
    h = hashlib.sha256()
    size = 0
    try:
        with _open(url, timeout) as response, target.open("wb") as out:
            declared = response.headers.get("Content-Length")
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise SyncError(msg("sync_export_too_large", limit=limit))
                h.update(chunk)
                out.write(chunk)
                if progress:
                    progress(size)
    except http.client.IncompleteRead as exc:
        got = size + len(exc.partial)
        raise SyncError(msg("sync_export_cut_off_after", got=got)) from exc
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise SyncError(msg("sync_export_failed", exc=exc)) from exc
    if declared is not None and declared.isdigit() and int(declared) != size:
        raise SyncError(msg("sync_export_cut_off", size=size, declared=int(declared)))
    if size == 0:
        raise SyncError(msg("sync_export_empty"))
    return h.hexdigest()


_LATEST = """SELECT dataset_id, modified, records, sha256, synced_at, status, added, changed, removed, reason, url
    FROM src.portal_sync WHERE status IN (SELECT unnest(?))
    QUALIFY row_number() OVER (PARTITION BY dataset_id ORDER BY synced_at DESC) = 1"""
_KEYS = ("modified", "records", "sha256", "synced_at", "status", "added", "changed", "removed", "reason", "url")


def _latest(db_path: pathlib.Path, statuses: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Per dataset, its latest ``portal_sync`` row among ``statuses`` (empty before any sync)."""
    if not db.exists(db_path):
        return {}
    con = db.current_file_reader(db_path)
    try:
        rows = con.execute(_LATEST, [list(statuses)]).fetchall()
    except duckdb.Error:
        return {}  # a database made before sync existed: nothing synced yet
    finally:
        con.close()
    return {str(r[0]): dict(zip(_KEYS, r[1:], strict=True)) for r in rows}


def last_synced(db_path: pathlib.Path) -> dict[str, dict[str, Any]]:
    """Per dataset, what its last sync found (modified, records, sha256, when, status, counts, reason)."""
    return _latest(db_path, ("updated", "unchanged", "failed"))


def _loaded(db_path: pathlib.Path) -> dict[str, dict[str, Any]]:
    """Per dataset, the last sync whose export is the one in the database (updated or unchanged)."""
    return _latest(db_path, ("updated", "unchanged"))


def sync_one(
    db_path: pathlib.Path,
    dataset: Dataset,
    before: dict[str, Any] | None,
    *,
    dry_run: bool = False,
    env: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    mix_with_sample: bool = False,
) -> Result:
    """Sync one dataset; never raises for the portal's or the file's faults (the result says why)."""
    from nlmobility.ingest import run_import

    result = Result(dataset.id, "failed", url=export_url(dataset.id, env))
    try:
        result.modified, result.records = read_metadata(dataset.id, env)
        said = result.modified is not None or result.records is not None  # else only the export can tell
        if said and before and before.get("modified") == result.modified and before.get("records") == result.records:
            result.status, result.sha256, result.source = "unchanged", before.get("sha256"), f"{dataset.id}.csv"
            return result
        with tempfile.TemporaryDirectory(prefix="nlmobility-sync-") as tmp:
            target = pathlib.Path(tmp) / f"{dataset.id}.csv"
            result.sha256 = download(result.url, target, env, progress)
            if before and before.get("sha256") == result.sha256:
                result.status, result.source = "unchanged", f"{dataset.id}.csv"
                return result
            report = run_import(
                db_path,
                "crashes",
                target,
                partial=True,
                dry_run=dry_run,
                municipality=dataset.municipality,
                who="nlmobility sync",
                mix_with_sample=mix_with_sample,
            )
    except SyncError as exc:
        result.reason, result.reason_es = str(exc.args[0]), spanish(exc.args[0])
        return result
    except Exception as exc:  # one dataset's surprise must not stop the others nor lose their record
        _log.exception("nlmobility sync: %s failed unexpectedly", dataset.id)
        why = msg("sync_unexpected_error", error=type(exc).__name__, exc=exc)
        result.reason, result.reason_es = str(why), why.es
        return result
    if not report.ok:
        result.reason = report.error or "; ".join(report.lines(limit=3)[1:4])
        result.reason_es = report.error_es or "; ".join(p["reason_es"] for p in report.problems[:3])
        return result
    result.status = "would_update" if dry_run else "updated"
    result.added, result.changed = max(0, report.inserted - report.changed), report.changed
    result.removed = report.removed
    result.source = report.file
    if report.rejected:
        why = msg("sync_rows_refused", rejected=report.rejected)
        result.reason, result.reason_es = str(why), why.es
    return result


def _counts(r: Result) -> tuple[int, int, int, str | None]:
    return r.added, r.changed, r.removed, r.reason


def record(db_path: pathlib.Path, results: list[Result]) -> None:
    """Keep what each dataset's sync found in ``portal_sync`` (one write for the whole run)."""
    rows = [r for r in results if r.status in ("updated", "unchanged", "failed")]
    if not rows:
        return
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    def apply(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("BEGIN TRANSACTION")
        con.executemany(
            "INSERT INTO portal_sync VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.id, r.source, r.url, r.modified, r.records, r.sha256, now, r.status, *_counts(r)) for r in rows],
        )
        con.execute("COMMIT")

    if db.is_lake(db_path):
        from nlmobility import lake

        lake.write(str(db_path), apply, message=lambda _r: "nlmobility sync")
    else:
        db.rewrite(db_path, apply, suffix=".sync.tmp")


def sync(
    db_path: pathlib.Path,
    only: list[str] | None = None,
    *,
    dry_run: bool = False,
    env: dict[str, str] | None = None,
    on_start: Callable[[Dataset], None] | None = None,
    on_done: Callable[[Result], None] | None = None,
    progress: Callable[[Dataset, int], None] | None = None,
    mix_with_sample: bool = False,
) -> list[Result]:
    """Sync every configured dataset (or those in ``only``), one after the other; what each one did."""
    todo = datasets(env)
    base = portal_url(env)
    if not base.lower().startswith(("https://", "http://")):
        raise SyncError(msg("sync_portal_url_not_http", base=base))
    if only:
        unknown = sorted(set(only) - {d.id for d in todo})
        if unknown:
            raise SyncError(msg("sync_unknown_datasets", unknown=", ".join(unknown)))
        todo = [d for d in todo if d.id in only]
    loaded = _loaded(db_path)
    results = []
    for dataset in todo:
        if on_start:
            on_start(dataset)
        step = (lambda n, d=dataset: progress(d, n)) if progress else None
        result = sync_one(
            db_path,
            dataset,
            loaded.get(dataset.id),
            dry_run=dry_run,
            env=env,
            progress=step,
            mix_with_sample=mix_with_sample,
        )
        results.append(result)
        if on_done:
            on_done(result)
    if not dry_run:
        try:
            record(db_path, results)
        except (
            db.StorageError,
            FileNotFoundError,
            duckdb.Error,
        ) as exc:  # the imports stand; the next sync checks again
            _log.warning("nlmobility sync: what this run found could not be recorded: %s", exc)
    return results


def line(r: Result) -> str:
    """One line per dataset for the terminal."""
    if r.status == "failed":
        return f"{r.id}: FAILED: {r.reason} (its rows are as they were)"
    if r.status == "unchanged":
        return f"{r.id}: unchanged since the last sync (modified {r.modified or 'not given'})"
    verb = "would import" if r.status == "would_update" else "imported"
    tail = f"; {r.reason}" if r.reason else ""
    return f"{r.id}: {verb} (modified {r.modified or 'not given'}): {r.added:,} added, {r.changed:,} changed, {r.removed:,} removed{tail}"


def as_json(results: list[Result]) -> str:
    """Per dataset: id, status, modified, rows added/changed/removed, reason."""
    keep = ("id", "status", "modified", "records", "added", "changed", "removed", "reason")
    return json.dumps([{k: asdict(r)[k] for k in keep} for r in results], ensure_ascii=False, indent=2)


def terminal_progress(dataset: Dataset, size: int) -> None:
    """A one-line progress count on a terminal (nothing when output is not a terminal)."""
    if sys.stderr.isatty():
        print(f"\r{dataset.id}: {size / 1e6:,.1f} MB", end="", file=sys.stderr, flush=True)
