"""A corridor's own steps, in date order: design workshops, contracts, works, opening (no Streamlit).

Built only from what the database holds for the corridor; a step without a date (a planned end
that was never published) is listed as "unknown", never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

#: Step kinds, in the order they happen; labels live in the UI's translations (``step_*``).
STEPS = ("workshop", "contract", "works_start", "works_end", "opening")
#: States a step can be in: done, planned (future), overdue (planned date passed, not done), unknown date.
STATES = ("done", "planned", "overdue", "unknown")


def as_date(v: Any) -> dt.date | None:
    """A date from a DuckDB or pandas value; None when missing."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()


def fmt_int(v: Any) -> str:
    """A whole count as text ("?" when missing)."""
    return "?" if v is None or pd.isna(v) else str(int(v))


def corridor_steps(
    corridor: Mapping[str, Any], *, events: pd.DataFrame, contracts: pd.DataFrame, today: dt.date
) -> pd.DataFrame:
    """The corridor's steps: columns ``date`` (None when unknown), ``step``, ``detail`` and ``state``.

    ``corridor`` is a row of ``corridors.sql``; ``events`` its participation events (``event_date``,
    ``title``, ``participants_total``); ``contracts`` its contracts (``signed_on``, ``supplier``,
    ``concept``). The works end is "done" once the corridor is finished or opened, "overdue" when
    its planned date has passed while the works go on, and "unknown" when no end was published
    for works under way.
    """
    rows: list[dict[str, Any]] = []
    for e in events.itertuples():
        rows.append(
            {
                "date": as_date(e.event_date),
                "step": "workshop",
                "detail": f"{e.title} ({fmt_int(e.participants_total)})",
                "state": "done" if (d := as_date(e.event_date)) is not None and d <= today else "planned",
            }
        )
    for c in contracts.itertuples():
        signed = as_date(c.signed_on)
        rows.append(
            {
                "date": signed,
                "step": "contract",
                "detail": f"{c.supplier}: {c.concept}",
                "state": "unknown" if signed is None else ("done" if signed <= today else "planned"),
            }
        )
    status = str(corridor.get("status"))
    start, end, opening = (as_date(corridor.get(k)) for k in ("works_start", "works_end", "opening_date"))
    if start is not None:
        rows.append(
            {"date": start, "step": "works_start", "detail": "", "state": "done" if start <= today else "planned"}
        )
    if status != "planned" or end is not None:
        finished = status == "finished" or (opening is not None and opening <= today)
        if finished:
            state = "done"
        elif end is None:
            state = "unknown"
        else:
            state = "overdue" if end < today else "planned"
        rows.append({"date": end, "step": "works_end", "detail": "", "state": state})
    if opening is not None:
        rows.append(
            {"date": opening, "step": "opening", "detail": "", "state": "done" if opening <= today else "planned"}
        )
    out = pd.DataFrame(rows, columns=["date", "step", "detail", "state"])
    order = {s: i for i, s in enumerate(STEPS)}
    out["_k"] = out["date"].map(lambda d: d or dt.date.max)
    out["_o"] = out["step"].map(order)
    return out.sort_values(["_k", "_o"], kind="stable").drop(columns=["_k", "_o"]).reset_index(drop=True)
