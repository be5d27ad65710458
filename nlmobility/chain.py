"""'You said → we did → what happened' for one corridor, as counts (Streamlit-free).

One readable chain on the corridor card: the topics people raised in its workshops and comments,
the official replies, the works and milestones that followed, and the before/after figures once
the corridor has been open long enough. The chain is an order in time, not a proof of cause.
Built only from what the database holds; unknown stays unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from nlmobility.timeline import as_date


@dataclass(frozen=True)
class Said:
    """What people said: workshops, participants, comments and their topics."""

    workshops: int
    participants: int
    comments: int
    topics: int
    first: dt.date | None
    last: dt.date | None
    before_works: int  # comments made before the works started (the ones the works could answer)


@dataclass(frozen=True)
class Answered:
    """How the comments were answered."""

    replied: int
    comments: int
    median_days: float | None


@dataclass(frozen=True)
class Did:
    """What was done on the corridor."""

    contracts: int
    contracted_mxn: float | None  # None: no contract amount published
    works_start: dt.date | None
    opening: dt.date | None
    status: str
    progress_pct: float | None


@dataclass(frozen=True)
class Happened:
    """Crashes near the corridor before the works and after opening; ``state`` says whether the figures exist yet.

    state: ``figures`` (both windows complete), ``waiting`` (opened, the after window is not complete),
    ``not_open`` (not opened yet).
    """

    state: str
    n_before: int | None = None
    n_after: int | None = None
    change: float | None = None
    change_low: float | None = None
    change_high: float | None = None


@dataclass(frozen=True)
class Chain:
    """The four links of the chain."""

    said: Said
    answered: Answered
    did: Did
    happened: Happened


def build(
    corridor: Any,
    *,
    said: pd.DataFrame,
    events: pd.DataFrame,
    contracts: pd.DataFrame,
    before_after: pd.DataFrame | None,
) -> Chain:
    """The chain of one corridor.

    ``corridor`` is a row of ``corridors.sql``; ``said`` the rows of ``corridor_said.sql``;
    ``events`` its participation events; ``contracts`` its contracts; ``before_after`` the row of
    ``before_after.sql`` for the corridor (empty or None when it has not opened).
    """
    comments = int(said["comments"].sum()) if not said.empty else 0
    replied = int(said["replied"].sum()) if not said.empty else 0
    first = [d for d in (as_date(v) for v in said.get("first_comment", [])) if d]
    last = [d for d in (as_date(v) for v in said.get("last_comment", [])) if d]
    s = Said(
        workshops=len(events),
        participants=int(events["participants_total"].sum()) if not events.empty else 0,
        comments=comments,
        topics=len(said),
        first=min(first) if first else None,
        last=max(last) if last else None,
        before_works=int(said["before_works"].sum()) if not said.empty else 0,
    )
    overall = said["all_median_reply_days"].iloc[0] if not said.empty else None
    median = None if overall is None or pd.isna(overall) else float(overall)
    a = Answered(replied=replied, comments=comments, median_days=median)
    amounts = contracts["amount_mxn"].dropna() if "amount_mxn" in contracts and not contracts.empty else pd.Series()
    progress = corridor.get("progress_pct")
    d = Did(
        contracts=len(contracts),
        contracted_mxn=float(amounts.sum()) if len(amounts) else None,
        works_start=as_date(corridor.get("works_start")),
        opening=as_date(corridor.get("opening_date")),
        status=str(corridor.get("status")),
        progress_pct=None if progress is None or pd.isna(progress) else float(progress),
    )
    if before_after is None or before_after.empty or d.opening is None:
        h = Happened("not_open")
    else:
        b = before_after.iloc[0]
        if not bool(b["after_complete"]):
            h = Happened("waiting", n_before=int(b["n_before"]))
        else:
            h = Happened(
                "figures",
                n_before=int(b["n_before"]),
                n_after=int(b["n_after"]),
                change=None if pd.isna(b["change"]) else float(b["change"]),
                change_low=None if pd.isna(b.get("change_low")) else float(b["change_low"]),
                change_high=None if pd.isna(b.get("change_high")) else float(b["change_high"]),
            )
    return Chain(s, a, d, h)
