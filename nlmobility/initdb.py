"""A database for real data: the schema, the action plan's commitments and milestone lists, nothing synthetic.

``nlmobility init`` writes it; the official files are then loaded with ``nlmobility import``. The
milestones come from the published action plan (``reference.py``) with status *unknown* until a
milestones file gives it: the plan says what was promised and when, not how it went.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib

import duckdb
import pandas as pd

from nlmobility import db, reference, sample

#: dataset_meta of a real database: no sample, no licence of its own (each imported source keeps its own).
META = {
    "is_sample": "false",
    "generator": "nlmobility init",
}


def _month_start(ym: str) -> dt.date:
    return dt.date.fromisoformat(ym + "-01")


def _month_end(ym: str) -> dt.date:
    start = _month_start(ym)
    return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1) - dt.timedelta(days=1)


def milestones() -> pd.DataFrame:
    """Every milestone of the published lists, with its planned months and status unknown."""
    institutions = {c.commitment_id: c.institutions or c.jurisdiction for c in reference.COMMITMENTS}
    rows = []
    for cid, items in reference.MILESTONE_LISTS.items():
        for seq, (es, en, start, end) in enumerate(items, start=1):
            rows.append(
                {
                    "milestone_id": f"{cid}-H{seq:02d}",
                    "commitment_id": cid,
                    "seq": seq,
                    "title_es": es,
                    "title_en": en,
                    "responsible": institutions[cid],
                    "planned_start": _month_start(start),
                    "planned_end": _month_end(end),
                }
            )
    return pd.DataFrame(rows)


def population_meta() -> dict[str, str]:
    """The 2020 census population of the 13 metro municipalities, with its source, as dataset_meta entries.

    ``init`` has no municipal boundaries (the municipality table needs them), so the figures wait
    here; the municipalities import gives them to the municipalities it loads when the file has
    no population of its own (``ingest.inserts.municipalities``), and rates per inhabitant can be shown.
    """
    return {
        "population": json.dumps(reference.census_population(), sort_keys=True),
        "population_source": reference.POPULATION_SOURCE,
    }


def init(path: str | os.PathLike[str]) -> pathlib.Path:
    """Write an empty real database at ``path`` (atomically; refuses to overwrite an existing file)."""
    target = pathlib.Path(path)
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose another path or remove it first")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".init.tmp")
    tmp.unlink(missing_ok=True)
    with db.write_lock(target):
        con = db.connect(tmp, read_only=False)
        try:
            sample.create_schema(con)
            _fill(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        tmp.replace(target)
    from nlmobility import feed  # imported here: feed reads the new file

    feed.write(target)
    return target


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    sample.insert_commitments(con)
    ms = milestones()
    con.register("ms_df", ms)
    con.execute(
        "INSERT INTO milestone SELECT milestone_id, commitment_id, seq, title_es, title_en, responsible, planned_start, "
        "planned_end, NULL, NULL, 'unknown', NULL, NULL, NULL, false FROM ms_df"
    )
    con.unregister("ms_df")
    con.executemany("INSERT INTO dataset_meta VALUES (?, ?)", list({**META, **population_meta()}.items()))
    checksum = sample.data_checksum(con)
    con.execute(
        "INSERT INTO import_log VALUES (1, 'init', 'nlmobility init', ?, ?, 0, current_timestamp::TIMESTAMP, 'nlmobility init', ?, ?)",
        [
            checksum,
            len(reference.COMMITMENTS) + len(ms),
            f"v1-{checksum[:8]}",
            "Base para datos reales: compromisos e hitos del plan de acción, sin datos de muestra",
        ],
    )
