"""Load checked rows atomically: copy the database, import into the copy, then swap it in.

Why copy-and-swap: the app keeps read-only connections open (DuckDB allows one writer *or* many
readers per file), and a refused or killed import must leave the database exactly as it was. The
import runs in one transaction on a private copy under the single-writer lock; only a committed
and checkpointed copy replaces the live file (``os.replace`` is atomic). Readers notice the new
file and reopen (``db.Database``), so they see the new dataset version without a restart.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import pathlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import shapely

from nlmobility import db, meta
from nlmobility.ingest.kinds import Kind

_UTM = "ST_Transform({g}, 'EPSG:4326', 'EPSG:32614', always_xy := true)"
_G = "ST_GeomFromWKB(wkb)"


@dataclass
class LoadResult:
    inserted: int
    skipped_existing: int
    dataset_version: str | None
    notes: list[str] = field(default_factory=list)


def sha256(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _frame(kind: Kind, rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if "geometry" in df.columns:
        df["wkb"] = [shapely.to_wkb(g) if g is not None else None for g in df["geometry"]]
        df = df.drop(columns=["geometry"])
    return df


def _existing_keys(con: Any, kind: Kind) -> set[tuple[Any, ...]]:
    cols = ", ".join(kind.key)
    rows = con.execute(f"SELECT {cols} FROM {kind.table}").fetchall()  # noqa: S608 - fixed names from kinds.py
    return {_key(kind, dict(zip(kind.key, r, strict=True))) for r in rows}


def _key(kind: Kind, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(round(row[k], 5) if isinstance(row.get(k), float) else row.get(k) for k in kind.key)


def _insert(con: Any, kind: Kind, df: pd.DataFrame, source: str) -> None:
    """Insert normalised rows into the kind's table (names fixed in code, values from the frame)."""
    con.register("imp", df)
    cols = set(df.columns)

    def c(name: str, default: str = "NULL") -> str:
        return name if name in cols else default

    p = "ST_Point(lon, lat)"
    if kind.name == "crashes":
        start = con.execute("SELECT coalesce(max(crash_id), 0) FROM crash").fetchone()[0]
        con.execute(f"""INSERT INTO crash SELECT {start} + row_number() OVER (), occurred_at, severity, killed, injured, pedestrian,
            cyclist, motorcyclist, crash_type, {c('cause')}, NULL, lon, lat, {p}, {_UTM.format(g=p)}, ? FROM imp""", [source])
        con.execute("UPDATE crash SET cvegeo = m.cvegeo FROM municipality m WHERE crash.cvegeo IS NULL AND ST_Intersects(m.geom, crash.geom)")
    elif kind.name == "municipalities":
        con.execute("DELETE FROM municipality WHERE cvegeo IN (SELECT cvegeo FROM imp)")
        metro = "('19006','19009','19010','19018','19019','19021','19026','19031','19039','19045','19046','19048','19049')"
        con.execute(f"""INSERT INTO municipality SELECT cvegeo, name, {c('population')}, cvegeo IN {metro}, false,
            ST_Area({_UTM.format(g=_G)}) / 1e6, {_G}, {_UTM.format(g=_G)} FROM imp""")
    elif kind.name == "corridors":
        con.execute("DELETE FROM corridor WHERE corridor_id IN (SELECT corridor_id FROM imp)")
        con.execute(f"""INSERT INTO corridor SELECT corridor_id, name, cvegeo, status, {c('works_start')}, {c('works_end')},
            {c('opening_date')}, ST_Length({_UTM.format(g=_G)}), {c('budget_mxn')}, {c('description')}, false, ?, {_G}, {_UTM.format(g=_G)} FROM imp""", [source])
    elif kind.name == "participation_events":
        geom = f"CASE WHEN lon IS NULL THEN NULL ELSE {p} END" if "lon" in cols else "NULL"
        geom_utm = f"CASE WHEN lon IS NULL THEN NULL ELSE {_UTM.format(g=p)} END" if "lon" in cols else "NULL"
        con.execute(f"""INSERT INTO participation_event SELECT event_id, event_date, kind, coalesce({c('title')}, kind), {c('corridor_id')},
            cvegeo, {c('place')}, participants_total, coalesce({c('women')}, 0), coalesce({c('men')}, 0),
            coalesce({c('gender_other')}, participants_total - coalesce({c('women')}, 0) - coalesce({c('men')}, 0)),
            coalesce({c('children')}, 0), coalesce({c('adolescents')}, 0), coalesce({c('adults')}, 0), coalesce({c('older_adults')}, 0),
            coalesce({c('with_disability')}, 0), {geom}, {geom_utm}, ? FROM imp""", [source])
    elif kind.name == "participation_comments":
        geom = f"CASE WHEN lon IS NULL THEN NULL ELSE {p} END" if "lon" in cols else "NULL"
        con.execute(f"""INSERT INTO participation_comment SELECT comment_id, {c('event_id')}, {c('corridor_id')}, {c('cvegeo')}, comment_date,
            topic, text, {c('reply_text')}, {c('reply_date')}, {c('replied_by')}, {geom}, ? FROM imp""", [source])
    elif kind.name == "milestones":
        con.execute("""INSERT INTO milestone_status_history SELECT i.milestone_id, i.status_since, i.status, 'Importado'
            FROM imp i LEFT JOIN milestone m USING (milestone_id) WHERE m.status IS DISTINCT FROM i.status
            ON CONFLICT DO NOTHING""")
        con.execute("DELETE FROM milestone WHERE milestone_id IN (SELECT milestone_id FROM imp)")
        con.execute(f"""INSERT INTO milestone SELECT milestone_id, commitment_id, seq, title_es, coalesce({c('title_en')}, title_es), responsible,
            planned_start, planned_end, {c('actual_start')}, {c('actual_end')}, status, status_since, {c('stuck_reason')},
            {c('evidence_url')}, false FROM imp""")
    elif kind.name == "transit_lines":
        con.execute("DELETE FROM transit_line WHERE line_id IN (SELECT line_id FROM imp)")
        con.execute(f"""INSERT INTO transit_line SELECT line_id, name, mode, status, coalesce({c('color')}, '#666666'),
            ST_Length({_UTM.format(g=_G)}), false, {_G}, {_UTM.format(g=_G)} FROM imp""")
    elif kind.name == "transit_stations":
        con.execute("DELETE FROM transit_station WHERE station_id IN (SELECT station_id FROM imp)")
        con.execute(f"INSERT INTO transit_station SELECT station_id, line_id, name, seq, {p}, {_UTM.format(g=p)} FROM imp")
    con.unregister("imp")


#: Reports how far an import has gone: (fraction done 0..1, stage name). Stage names are stable
#: keys (see ``STAGES``) so that the admin page can show them in the user's language.
Progress = Callable[[float, str], None]
STAGES = ("read", "check", "copy", "insert", "commit", "done")


def _no_progress(_fraction: float, _stage: str) -> None:
    return None


def load(path: pathlib.Path, kind: Kind, rows: list[dict[str, Any]], *, file_name: str, checksum: str, rejected: int,
         who: str | None = None, dry_run: bool = False, progress: Progress = _no_progress) -> LoadResult:
    """Insert ``rows`` (new keys only) on a private copy and swap it in; ``dry_run`` rolls back.

    For a dry run ``inserted`` is how many rows *would* be inserted.
    """
    target = pathlib.Path(path)
    if not target.exists():
        raise FileNotFoundError(f"database {target} does not exist; build it with `nlmobility build --db {target}`")
    with db.write_lock(target):
        work = target.with_name(target.name + ".import.tmp")
        for stale in (work, pathlib.Path(str(work) + ".wal")):
            stale.unlink(missing_ok=True)  # left by a killed import: never the live file
        progress(0.5, "copy")
        shutil.copy2(target, work)
        try:
            con = db.connect(work, read_only=False)
            try:
                existing = _existing_keys(con, kind) if not kind.upsert else set()
                fresh = [r for r in rows if _key(kind, r) not in existing]
                skipped = len(rows) - len(fresh)
                version = None
                con.execute("BEGIN TRANSACTION")
                progress(0.65, "insert")
                if fresh:
                    _insert(con, kind, _frame(kind, fresh), file_name)
                pause = os.environ.get("NLMOBILITY_IMPORT_PAUSE")  # test hook: widen the window for the SIGKILL test
                if pause:
                    time.sleep(float(pause))
                if dry_run or not fresh:
                    con.execute("ROLLBACK")
                else:
                    progress(0.85, "commit")
                    n = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM import_log").fetchone()[0]
                    version = f"v{n}-{checksum[:8]}"
                    con.execute("INSERT INTO import_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [n, kind.name, file_name, checksum, len(fresh), rejected, dt.datetime.now(dt.UTC).replace(tzinfo=None),
                                 who or _who(), version, f"{skipped} rows already present" if skipped else None])
                    con.execute("COMMIT")
                    con.execute("CHECKPOINT")
            finally:
                con.close()
            if version is not None:
                os.replace(work, target)
            return LoadResult(inserted=len(fresh), skipped_existing=skipped, dataset_version=version)
        finally:
            for leftover in (work, pathlib.Path(str(work) + ".wal")):
                leftover.unlink(missing_ok=True)


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "desconocido"


def counts(path: pathlib.Path) -> dict[str, int]:
    con = db.connect(path)
    try:
        return meta.table_counts(con)
    finally:
        con.close()
