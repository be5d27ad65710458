"""The action plan's commitments in plain words, for the pages, the forum digest and exports (Streamlit-free).

Unknown is never shown as zero or invented: a title that was not published says so, a commitment
whose milestone list was not published has no percentage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from nlmobility import text

#: A commitment: a row of the ``commitments`` query, or a mapping of its fields.
Row = Mapping[str, Any] | pd.Series


def _present(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and pd.isna(v)) and v is not pd.NA and str(v).strip() != ""


def status_text(status: str, lang: str) -> str:
    """A milestone status in plain words (OGP's vocabulary; ``unknown`` = no recorded status)."""
    key = f"ms_{status}"
    return text.tr(key, lang) if key in text.TEXT else status


def _level(row: Row, lang: str) -> str:
    key = f"plan_scope_{row['scope']}"
    return text.tr(key, lang) if key in text.TEXT else str(row["scope"])


def scope_text(row: Row, lang: str) -> str:
    """'Municipal · Monterrey', 'Transversal · Estado de Nuevo León, Monterrey y San Pedro Garza García'."""
    return f"{_level(row, lang)} · {row['jurisdiction']}"


def title(row: Row, lang: str) -> str:
    """The commitment's title in ``lang``; where it was not published, the other language's with a note, or a description.

    Never an invented title: OGP published only English titles for the municipal commitments and none
    for San Pedro's own two.
    """
    es, en = row.get("title_es"), row.get("title_en")
    mine, other = (en, es) if text.language(lang) == "en" else (es, en)
    if _present(mine):
        return str(mine)
    if _present(other):
        return f"{other} ({text.tr('plan_title_other_language', lang)})"
    said = text.tr("plan_title_unpublished", lang, level=_level(row, lang).lower(), jurisdiction=row["jurisdiction"])
    return said[:1].upper() + said[1:]


def label(row: Row, lang: str) -> str:
    """'T1 · MXMTY0005 · title' (the OGP id only where it was published)."""
    parts = [str(row["plan_slot"])]
    if _present(row.get("ogp_id")):
        parts.append(str(row["ogp_id"]))
    parts.append(title(row, lang))
    return " · ".join(parts)


def or_unknown(value: Any, lang: str) -> str:
    """``value`` as text, or 'no publicado' / 'not published'."""
    return str(value) if _present(value) else text.tr("plan_not_published", lang)


def finished_pct(row: Row) -> float | None:
    """Percentage of milestones finished among those with a known status; None when none is known."""
    known = int(row["milestones"]) - int(row["unknown"])
    return 100.0 * int(row["finished"]) / known if known > 0 else None


def overview(coms: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per commitment: label, level, milestones known, % finished, overdue, stuck (None where unknown).

    A commitment without a published milestone list has None in every count: not zero, unknown; one
    whose milestones have no recorded status has None for overdue and stuck.
    """
    rows = []
    for _, c in coms.iterrows():
        listed = int(c["milestones"]) > 0
        known = listed and int(c["milestones"]) > int(c["unknown"])  # no recorded status: overdue is unknown, not 0
        rows.append(
            {
                "commitment_id": c["commitment_id"],
                "commitment": label(c, lang),
                "level": scope_text(c, lang),
                "milestones": int(c["milestones"]) if listed else None,
                "known": int(c["milestones"]) - int(c["unknown"]) if listed else None,
                "finished_pct": finished_pct(c) if listed else None,
                "overdue": int(c["overdue"]) if known else None,
                "stuck": int(c["stuck"]) if known else None,
                "inception": c.get(f"inception_{lang}") if _present(c.get(f"inception_{lang}")) else None,
                "eoc_url": c["eoc_url"] if _present(c["eoc_url"]) else None,
            }
        )
    out = pd.DataFrame(rows)
    for col in ("milestones", "known", "overdue", "stuck"):
        out[col] = out[col].astype("Int64")
    return out
