"""The forum digest: what to take to the multi-stakeholder forum (Streamlit-free).

The coalition's forum meets every two months to follow each commitment. The digest says, for the
chosen commitments, what changed since the last session (status changes with their notes), what is
overdue and by how long, what is stuck and why, and what falls due before the next session; each
with its responsible institution and evidence link. Spanish or English; Markdown, HTML or a PDF of
one or two pages (``nlmobility digest``, and a button on Avance).

The forum's own calendar is not published: the default session dates follow the plan's rule (every
two months) from the first ordinary session (9 Aug 2022), and the digest says so; ``since`` and
``next_meeting`` take the real dates when known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from nlmobility import db, indicators, meta, numbers, plan, queries, safety, text
from nlmobility.filters import Filters

#: First ordinary session of the multi-stakeholder forum (OGP Inception Reports).
FIRST_FORUM = dt.date(2022, 8, 9)
#: The action plan: the forum meets every two months.
FORUM_MONTHS = 2
FORMATS = ("md", "html", "pdf")
#: A printed digest is one or two pages: longer lists are cut and say how many more the app shows.
MAX_PAGES = 2


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(d.day, last))


def forum_dates(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The last scheduled forum session on or before ``as_of`` and the next one after it (every two months from 9 Aug 2022)."""
    k = 0
    while _add_months(FIRST_FORUM, FORUM_MONTHS * (k + 1)) <= as_of:
        k += 1
    return _add_months(FIRST_FORUM, FORUM_MONTHS * k), _add_months(FIRST_FORUM, FORUM_MONTHS * (k + 1))


@dataclass(frozen=True)
class Item:
    """One milestone line of the digest, already in the reader's language."""

    commitment: str  # plan slot, e.g. T1
    seq: int
    title: str
    what: str  # "En progreso → Atorado (2026-10-15)", "vencido hace 120 días (fin planeado …)"
    note: str | None
    responsible: str
    evidence_url: str | None


@dataclass(frozen=True)
class Digest:
    """Everything a digest prints, in one language."""

    lang: str
    as_of: dt.date
    since: dt.date
    next_meeting: dt.date
    scheduled: bool  # the session dates are the estimated bimonthly calendar (not given)
    version: str
    built_from: str  # sample | real | mixed
    sample_status: bool  # some statuses are sample data
    summary: list[dict[str, Any]]
    unlisted: list[str]  # commitments chosen whose milestone list was not published
    listed: int = 0  # milestones of the chosen commitments' published lists
    unknown: int = 0  # of them, those whose status was never recorded (no data: counted apart, never as 0 overdue)
    changed: list[Item] = field(default_factory=list)
    overdue: list[Item] = field(default_factory=list)
    stuck: list[Item] = field(default_factory=list)
    due: list[Item] = field(default_factory=list)
    road_safety: str | None = None  # the programme's road-safety answer in one line (nlmobility.safety)

    @property
    def no_status(self) -> bool:
        """No milestone of the chosen lists has a recorded status: every list is "sin dato", not 0."""
        return self.unknown == self.listed

    def sections(self) -> list[tuple[str, str, list[Item], str]]:
        """(key, heading with its count, items, empty text) for the four lists.

        Without any recorded status the count is "sin dato" and the empty text says which import
        gives it; with some statuses unknown, the empty text says they are not counted.
        """
        w = text.words("digest", self.lang)
        lists = [
            ("changed", w["changed"].format(since=self.since.isoformat()), self.changed, w["changed_none"]),
            ("overdue", w["overdue"], self.overdue, w["overdue_none"]),
            ("stuck", w["stuck"], self.stuck, w["stuck_none"]),
            ("due", w["due"].format(next=self.next_meeting.isoformat()), self.due, w["due_none"]),
        ]
        out = []
        for key, heading, items, empty in lists:
            if self.listed and self.no_status:
                out.append((key, f"{heading} ({w['no_data']})", items, w["no_status"]))
                continue
            apart = f" {w['unknown_apart'].format(n=self.unknown)}" if self.unknown else ""
            out.append((key, f"{heading} ({len(items)})", items, empty + apart))
        return out


def _text(v: Any) -> str | None:
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) or str(v).strip() == "" else str(v)


def _sentence(v: Any) -> str | None:
    """Imported text as one sentence without its final full stop (the digest adds its own)."""
    s = _text(v)
    return s.strip().rstrip(".").strip() or None if s else None


def _date(v: Any) -> str:
    return pd.Timestamp(v).date().isoformat()


def build(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: dt.date | None = None,
    since: dt.date | None = None,
    next_meeting: dt.date | None = None,
    commitments: list[str] | None = None,
    lang: str = "es",
) -> Digest:
    """The digest of ``commitments`` (all when None) as of ``as_of`` (today) for the forum.

    ``since`` and ``next_meeting`` default to the estimated bimonthly sessions around ``as_of``.
    Raises ValueError for an unknown commitment, a language other than es/en, or ``since`` after ``as_of``.
    """
    if lang not in text.LANGS:
        raise ValueError(f"language must be es or en, not {lang!r}")
    as_of = as_of or dt.date.today()
    last, nxt = forum_dates(as_of)
    scheduled = since is None or next_meeting is None
    since = since or last
    next_meeting = next_meeting or nxt
    if since > as_of:
        raise ValueError(f"--since {since.isoformat()} is after the digest's date {as_of.isoformat()}")
    if next_meeting < as_of:
        raise ValueError(f"--next {next_meeting.isoformat()} is before the digest's date {as_of.isoformat()}")
    w = text.words("digest", lang)
    cur = db.cursor(con)
    coms = queries.commitments(cur, as_of)
    known_ids = coms["commitment_id"].tolist()
    wanted = known_ids if not commitments else list(dict.fromkeys(commitments))
    unknown = [c for c in wanted if c not in known_ids]
    if unknown:
        raise ValueError(f"unknown commitment {unknown[0]!r}; known: {', '.join(known_ids)}")
    coms = coms[coms["commitment_id"].isin(wanted)]
    ms = queries.digest_milestones(cur, as_of, next_meeting)
    ms = ms[ms["commitment_id"].isin(wanted)]
    ch = queries.digest_changes(cur, since, as_of)
    ch = ch[ch["commitment_id"].isin(wanted)]
    m = meta.meta(cur)

    def title(r: Any) -> str:
        return str(r[f"title_{lang}"] if _text(r[f"title_{lang}"]) else r["title_es"])

    def item(r: Any, what: str, note: str | None) -> Item:
        return Item(
            str(r["plan_slot"]),
            int(r["seq"]),
            title(r),
            what,
            note,
            _sentence(r["responsible"]) or "—",
            _text(r["evidence_url"]),
        )

    def status(s: Any) -> str:
        return plan.status_text(str(s), lang)

    changed = [
        item(
            r,
            w["changed_what"].format(
                prev=status(r["previous"]) if _text(r["previous"]) else w["first"],
                now=status(r["status"]),
                on=_date(r["changed_on"]),
            ),
            _sentence(r["note"]),
        )
        for _, r in ch.iterrows()
    ]
    od = ms[ms["overdue"]].sort_values(["days_overdue", "plan_slot", "seq"], ascending=[False, True, True])
    overdue = [
        item(
            r,
            w["overdue_what_one" if int(r["days_overdue"]) == 1 else "overdue_what"].format(
                days=int(r["days_overdue"]), end=_date(r["planned_end"]), status=status(r["status"])
            ),
            None,
        )
        for _, r in od.iterrows()
    ]
    stuck = [
        item(
            r,
            w["stuck_what"].format(since=_date(r["status_since"]), days=int(r["days_in_status"]))
            if _text(r["status_since"])
            else w["stuck_what_unknown"],
            _sentence(r["stuck_reason"]) or w["no_reason"],
        )
        for _, r in ms[ms["stuck"]].iterrows()
    ]
    due = [
        item(r, w["due_what"].format(end=_date(r["planned_end"]), status=status(r["status"])), None)
        for _, r in ms[ms["due_soon"]].sort_values("planned_end").iterrows()
    ]
    summary = []
    unlisted = []
    for _, c in coms.iterrows():
        slot = str(c["plan_slot"])
        mine = ms[ms["commitment_id"] == c["commitment_id"]]
        if mine.empty:
            unlisted.append(f"{slot} {plan.title(c, lang)}")
            continue
        known = int((mine["status"] != "unknown").sum())
        summary.append(
            {
                "commitment": f"{slot} · {plan.title(c, lang)}",
                "milestones": len(mine),
                "finished": f"{int((mine['status'] == 'finished').sum())} / {known}" if known else "—",
                # no recorded status: "—" (no data), never 0 overdue
                "overdue": int(mine["overdue"].sum()) if known else "—",
                "stuck": int(mine["stuck"].sum()) if known else "—",
                "changed": sum(i.commitment == slot for i in changed) if known else "—",
                "due": sum(i.commitment == slot for i in due) if known else "—",
                "unknown": len(mine) - known,
            }
        )
    answer = safety.evaluate(
        cur, Filters(), months=indicators.BEFORE_AFTER_MONTHS, data_end=queries.data_end(cur)
    ).answer
    return Digest(
        road_safety=_road_safety(answer, w),
        lang=lang,
        as_of=as_of,
        since=since,
        next_meeting=next_meeting,
        scheduled=scheduled,
        version=queries.dataset_version(cur) or "—",
        built_from=meta.built_from(m),
        sample_status=bool(ms["sample_status"].any()),
        summary=summary,
        unlisted=unlisted,
        listed=len(ms),
        unknown=int((ms["status"] == "unknown").sum()),
        changed=changed,
        overdue=overdue,
        stuck=stuck,
        due=due,
    )


def _road_safety(answer: safety.Pooled | None, w: dict[str, str]) -> str | None:
    """The programme's pooled road-safety estimate in one line (None before any complete window or with too few crashes)."""
    if answer is None or not answer.estimate.shown:
        return None
    e = answer.estimate
    return w["road_safety"].format(
        n=len(answer.corridors),
        months=indicators.BEFORE_AFTER_MONTHS,
        pct=numbers.signed_pct(e.change),
        low=numbers.signed_pct(e.change_low),
        high=numbers.signed_pct(e.change_high),
        design=w[f"design_{answer.design}"],
    )
