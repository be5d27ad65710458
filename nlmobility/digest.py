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
import html
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
from fpdf import FPDF

from nlmobility import db, factsheet, indicators, meta, plan, queries, safety, textsafe
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
        w = _W[self.lang]
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


_W: dict[str, dict[str, str]] = {
    "es": {
        "title": "Resumen para el foro multiactor",
        "subtitle": "Coalición Nuevo León Abierto · Plan de Acción Local 2022–2024",
        "period": "Situación al {as_of} · cambios desde el {since} · próxima sesión: {next}",
        "scheduled": "Fechas del foro estimadas con la regla del plan (sesión cada dos meses desde la primera, el 9 de agosto de 2022); "
        "si la sesión fue otro día, indíquelo al generar el resumen.",
        "sample": "Datos de muestra: los estados de los hitos son sintéticos, no el avance oficial.",
        "mixed": "Datos mixtos: datos reales importados sobre la muestra; los estados de muestra no son el avance oficial.",
        "real": "Datos reales: estados de los hitos cargados por las instituciones responsables.",
        "road_safety": "Seguridad vial: en los {n} corredores con {months} meses completos tras la apertura, los siniestros "
        "con víctimas cambiaron {pct} frente a lo esperado sin ellos (IC 95 %: {low} a {high}; {design}).",
        "design_eb": "antes-después Empírico Bayes",
        "design_comparison": "antes-después con grupo de comparación",
        "real_no_status": "Estados de los hitos sin dato: no se ha importado ningún archivo de hitos "
        "(nlmobility import milestones ARCHIVO); los hitos y sus fechas planeadas son los del plan de acción publicado.",
        "unknown_count": "{n} de {total} hitos sin estado registrado (sin dato): no se cuentan como finalizados, vencidos "
        "ni atorados; los da el archivo de hitos (nlmobility import milestones ARCHIVO).",
        "no_data": "sin dato",
        "no_status": "Sin dato: ningún hito tiene estado registrado (nlmobility import milestones ARCHIVO).",
        "unknown_apart": "Los {n} hitos sin estado registrado no se cuentan aquí.",
        "col_unknown": "Sin dato",
        "sample_status": "Algunos estados de hitos son de muestra: el avance oficial no se ha publicado.",
        "version": "Versión de datos {version}",
        "summary": "En resumen",
        "col_commitment": "Compromiso",
        "col_milestones": "Hitos",
        "col_finished": "Finalizados",
        "col_overdue": "Vencidos",
        "col_stuck": "Atorados",
        "col_changed": "Cambios",
        "col_due": "Vencen pronto",
        "unlisted": "Sin lista de hitos publicada (avance desconocido, no cero): {names}.",
        "changed": "Qué cambió desde la sesión del {since}",
        "changed_none": "Ningún hito cambió de estado en este periodo.",
        "overdue": "Vencidos",
        "overdue_none": "Ningún hito con estado registrado está vencido.",
        "stuck": "Atorados",
        "stuck_none": "Ningún hito está atorado.",
        "due": "Vencen antes de la próxima sesión, el {next}",
        "due_none": "Ningún hito abierto vence antes de la próxima sesión.",
        "milestone": "Hito",
        "responsible": "Responsable",
        "evidence": "Evidencia",
        "no_evidence": "sin evidencia publicada",
        "note": "Nota",
        "reason": "Motivo",
        "no_reason": "motivo no registrado",
        "changed_what": "{prev} → {now} ({on})",
        "first": "registrado",
        "overdue_what": "vencido hace {days} días (fin planeado {end}); estado: {status}",
        "overdue_what_one": "vencido hace 1 día (fin planeado {end}); estado: {status}",
        "stuck_what": "atorado desde {since} ({days} días)",
        "stuck_what_unknown": "atorado (fecha no registrada)",
        "due_what": "fin planeado {end}; estado: {status}",
        "more": "… y {n} más: véalos en la página Avance del compromiso.",
        "footer": "Generado por nlmobility el {today} · {version} · datos al {as_of}",
    },
    "en": {
        "title": "Digest for the multi-stakeholder forum",
        "subtitle": "Nuevo León Abierto coalition · Local Action Plan 2022–2024",
        "period": "Situation on {as_of} · changes since {since} · next session: {next}",
        "scheduled": "Forum dates estimated with the plan's rule (a session every two months from the first, 9 August 2022); "
        "if the session was on another day, give it when making the digest.",
        "sample": "Sample data: milestone statuses are synthetic, not the official progress.",
        "mixed": "Mixed data: real data imported over the sample; sample statuses are not the official progress.",
        "real": "Real data: milestone statuses loaded by the responsible institutions.",
        "road_safety": "Road safety: across the {n} corridors with {months} full months after opening, crashes with "
        "victims changed by {pct} against what was expected without them (95 % CI: {low} to {high}; {design}).",
        "design_eb": "Empirical Bayes before/after",
        "design_comparison": "comparison-group before/after",
        "real_no_status": "Milestone statuses: no data. No milestones file has been imported "
        "(nlmobility import milestones FILE); the milestones and their planned dates are those of the published action plan.",
        "unknown_count": "{n} of {total} milestones have no recorded status (no data): not counted as finished, overdue "
        "or stuck; the milestones file gives them (nlmobility import milestones FILE).",
        "no_data": "no data",
        "no_status": "No data: no milestone has a recorded status (nlmobility import milestones FILE).",
        "unknown_apart": "The {n} milestones without a recorded status are not counted here.",
        "col_unknown": "No data",
        "sample_status": "Some milestone statuses are sample data: official progress has not been published.",
        "version": "Data version {version}",
        "summary": "At a glance",
        "col_commitment": "Commitment",
        "col_milestones": "Milestones",
        "col_finished": "Finished",
        "col_overdue": "Overdue",
        "col_stuck": "Stuck",
        "col_changed": "Changes",
        "col_due": "Due soon",
        "unlisted": "No published milestone list (progress unknown, not zero): {names}.",
        "changed": "What changed since the session of {since}",
        "changed_none": "No milestone changed status in this period.",
        "overdue": "Overdue",
        "overdue_none": "No milestone with a recorded status is overdue.",
        "stuck": "Stuck",
        "stuck_none": "No milestone is stuck.",
        "due": "Due before the next session, on {next}",
        "due_none": "No open milestone falls due before the next session.",
        "milestone": "Milestone",
        "responsible": "Responsible",
        "evidence": "Evidence",
        "no_evidence": "no evidence published",
        "note": "Note",
        "reason": "Reason",
        "no_reason": "reason not recorded",
        "changed_what": "{prev} → {now} ({on})",
        "first": "recorded",
        "overdue_what": "overdue by {days} days (planned end {end}); status: {status}",
        "overdue_what_one": "overdue by 1 day (planned end {end}); status: {status}",
        "stuck_what": "stuck since {since} ({days} days)",
        "stuck_what_unknown": "stuck (date not recorded)",
        "due_what": "planned end {end}; status: {status}",
        "more": "… and {n} more: see them on the Commitment progress page.",
        "footer": "Made by nlmobility on {today} · {version} · data as of {as_of}",
    },
}


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
    if lang not in _W:
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
    w = _W[lang]
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
        pct=f"{100 * (e.change or 0):+.0f} %",
        low=f"{100 * (e.change_low or 0):+.0f} %",
        high=f"{100 * (e.change_high or 0):+.0f} %",
        design=w[f"design_{answer.design}"],
    )


def _head(d: Digest, esc: Callable[[str], str] = str) -> list[str]:
    """The lines under the title: period, calendar note, what the data are (the version through ``esc``)."""
    w = _W[d.lang]
    lines = [w["period"].format(as_of=d.as_of.isoformat(), since=d.since.isoformat(), next=d.next_meeting.isoformat())]
    what = "real_no_status" if d.built_from == "real" and d.listed and d.no_status else d.built_from
    lines.append(w[what] + " " + w["version"].format(version=esc(d.version)) + ".")
    if d.unknown and not (d.built_from == "real" and d.no_status):
        lines.append(w["unknown_count"].format(n=d.unknown, total=d.listed))
    if d.sample_status and d.built_from != "sample":
        lines.append(w["sample_status"])
    if d.scheduled:
        lines.append(w["scheduled"])
    if d.road_safety:
        lines.append(d.road_safety)
    return lines


def _columns(d: Digest) -> list[tuple[str, str]]:
    w = _W[d.lang]
    return [
        ("commitment", w["col_commitment"]),
        ("milestones", w["col_milestones"]),
        ("finished", w["col_finished"]),
        ("overdue", w["col_overdue"]),
        ("stuck", w["col_stuck"]),
        ("changed", w["col_changed"]),
        ("due", w["col_due"]),
        ("unknown", w["col_unknown"]),
    ]


def _details(w: dict[str, str], key: str, i: Item, esc: Callable[[str], str]) -> str:
    """What happened to a milestone, its note or reason, and who is responsible.

    The imported parts (note, institution) go through ``esc``; the rest is the digest's own words and dates.
    """
    out = f"{i.what}."
    if i.note:
        out += f" {w['note'] if key == 'changed' else w['reason']}: {esc(i.note)}."
    return out + f" {w['responsible']}: {esc(i.responsible)}."


def _safe_link(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) and not any(c.isspace() for c in url) else None


def to_markdown(d: Digest, *, limit: int | None = None) -> str:
    """The digest as Markdown; every imported text is escaped (shown as written, never as Markdown or HTML).

    Text goes through ``textsafe.commonmark_literal`` and evidence addresses through
    ``textsafe.markdown_url`` (percent-encoded, so ``>`` cannot end the link and open an image).
    """
    w = _W[d.lang]
    lit = textsafe.commonmark_literal
    out = [f"# {w['title']}", "", f"*{w['subtitle']}*", ""]
    out += [x + "  " for x in _head(d, lit)]  # our own words and dates, and the version escaped
    out += ["", f"## {w['summary']}", ""]
    cols = _columns(d)
    out.append("| " + " | ".join(h for _, h in cols) + " |")
    out.append("|" + "|".join("---" if k == "commitment" else "---:" for k, _ in cols) + "|")
    for r in d.summary:
        out.append("| " + " | ".join(lit(r[k]) for k, _ in cols) + " |")  # "|" is escaped too
    if d.unlisted:
        out += ["", w["unlisted"].format(names="; ".join(lit(n) for n in d.unlisted))]
    for _key, heading, items, empty in d.sections():
        out += ["", f"## {heading}", ""]
        if not items:
            out.append(empty)
        shown = items if limit is None else items[:limit]
        for i in shown:
            line = f"- **{lit(i.commitment)} · {w['milestone']} {i.seq}** «{lit(i.title)}»: {_details(w, _key, i, lit)}"
            link = textsafe.markdown_url(_safe_link(i.evidence_url))
            line += f" {w['evidence']}: <{link}>" if link else f" {w['evidence']}: {w['no_evidence']}."
            out.append(line)
        if len(shown) < len(items):
            out.append(f"- {w['more'].format(n=len(items) - len(shown))}")
    today = dt.date.today().isoformat()
    out += [
        "",
        "---",
        w["footer"].format(today=today, version=w["version"].format(version=lit(d.version)), as_of=d.as_of),
    ]
    return "\n".join(out) + "\n"


_CSS = """body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;color:#0b7a4b;border-bottom:1px solid #0b7a4b;margin-top:1.6rem}
.sub{color:#555}.note{background:#e8f2fc;color:#143c78;padding:.5rem .7rem;border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:right}
th:first-child,td:first-child{text-align:left}li{margin:.35rem 0}footer{margin-top:2rem;color:#666;font-size:.85rem}
@media print{body{margin:0;max-width:none}a{color:#222}}"""


def to_html(d: Digest, *, limit: int | None = None) -> str:
    """The digest as one self-contained HTML page (no external files); every text escaped."""
    w = _W[d.lang]

    def e(v: object) -> str:
        return html.escape(textsafe.display(v))

    out = [
        "<!doctype html>",
        f'<html lang="{d.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(w['title'])} · {d.as_of.isoformat()}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(w['title'])}</h1>",
        f'<p class="sub">{e(w["subtitle"])}</p>',
        '<p class="note">' + "<br>".join(e(x) for x in _head(d)) + "</p>",
        f"<h2>{e(w['summary'])}</h2>",
        "<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for _, h in _columns(d)) + "</tr></thead><tbody>",
    ]
    for r in d.summary:
        out.append("<tr>" + "".join(f"<td>{e(str(r[k]))}</td>" for k, _ in _columns(d)) + "</tr>")
    out.append("</tbody></table>")
    if d.unlisted:
        out.append(f"<p>{e(w['unlisted'].format(names='; '.join(d.unlisted)))}</p>")
    for key, heading, items, empty in d.sections():
        out.append(f"<h2>{e(heading)}</h2>")
        if not items:
            out.append(f"<p>{e(empty)}</p>")
            continue
        shown = items if limit is None else items[:limit]
        out.append("<ul>")
        for i in shown:
            li = f"<strong>{e(i.commitment)} · {e(w['milestone'])} {i.seq}</strong> «{e(i.title)}»: {_details(w, key, i, e)}"
            link = _safe_link(i.evidence_url)
            li += (
                f' {e(w["evidence"])}: <a href="{e(link)}" rel="noopener noreferrer">{e(link)}</a>'
                if link
                else f" {e(w['evidence'])}: {e(w['no_evidence'])}."
            )
            out.append(f"<li>{li}</li>")
        if len(shown) < len(items):
            out.append(f"<li>{e(w['more'].format(n=len(items) - len(shown)))}</li>")
        out.append("</ul>")
    footer = w["footer"].format(
        today=dt.date.today().isoformat(), version=w["version"].format(version=d.version), as_of=d.as_of
    )
    out.append(f"<footer>{e(footer)}</footer></body></html>")
    return "\n".join(out) + "\n"


class _Printer:
    """Writes the digest on an A4 PDF (DejaVu where installed, so every character prints as written)."""

    def __init__(self, d: Digest) -> None:
        self.d = d
        self.w = _W[d.lang]
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(auto=True, margin=14)
        self.pdf.set_margins(15, 13, 15)
        self.pdf.add_page()
        self.family, self.unicode = factsheet.fonts(self.pdf)
        self.width = self.pdf.w - self.pdf.l_margin - self.pdf.r_margin

    def txt(self, v: object) -> str:
        shown = textsafe.display(v)  # no bidirectional controls, no invisible control characters
        return shown if self.unicode else factsheet.latin1(shown)

    def para(self, text: str, size: float, style: str = "", *, indent: float = 0, height: float = 4.2) -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(self.width - indent, height, self.txt(text), new_x="LMARGIN", new_y="NEXT", align="L")

    def head(self) -> None:
        pdf, w = self.pdf, self.w
        pdf.set_title(self.txt(w["title"]))
        self.para(w["title"], 16, "B", height=7)
        pdf.set_text_color(80, 80, 80)
        self.para(w["subtitle"], 9.5, height=4.6)
        pdf.ln(1.5)
        pdf.set_fill_color(232, 242, 252)
        pdf.set_text_color(20, 60, 120)
        pdf.set_font(self.family, "", 8.5)
        pdf.multi_cell(
            self.width,
            4.2,
            self.txt("\n".join(_head(self.d))),
            fill=True,
            new_x="LMARGIN",
            new_y="NEXT",
            padding=2,
            align="L",
        )
        pdf.set_text_color(0, 0, 0)

    def heading(self, text: str) -> None:
        pdf = self.pdf
        pdf.ln(2)
        pdf.set_text_color(11, 122, 75)
        pdf.set_font(self.family, "B", 11)
        pdf.cell(self.width, 6, self.txt(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(11, 122, 75)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + self.width, pdf.get_y())
        pdf.ln(1)
        pdf.set_text_color(0, 0, 0)

    def summary(self) -> None:
        d, w = self.d, self.w
        self.heading(w["summary"])
        self.pdf.set_font(self.family, "", 8.5)
        cols = _columns(d)
        with self.pdf.table(
            col_widths=(70, 12, 19, 15, 15, 14, 18, 17), text_align=("LEFT", *("RIGHT",) * 7), line_height=4.2
        ) as table:
            row = table.row()
            for _, h in cols:
                row.cell(self.txt(h))
            for r in d.summary:
                row = table.row()
                for k, _ in cols:
                    row.cell(self.txt(r[k]))
        if d.unlisted:
            self.pdf.ln(1)
            self.para(w["unlisted"].format(names="; ".join(d.unlisted)), 8, "I", height=3.9)

    def items(self, key: str, head: str, items: list[Item], empty: str, limit: int | None) -> None:
        w = self.w
        self.heading(head)
        if not items:
            self.para(empty, 8.5)
            return
        shown = items if limit is None else items[:limit]
        for i in shown:
            self.para(f"{i.commitment} · {w['milestone']} {i.seq}: {i.title}", 8.5, "B")
            rest = _details(w, key, i, str)
            link = _safe_link(i.evidence_url)
            rest += f" {w['evidence']}: {link}" if link else f" {w['evidence']}: {w['no_evidence']}."
            self.para(rest, 8.5, indent=4)
            self.pdf.ln(0.6)
        if len(shown) < len(items):
            self.para(w["more"].format(n=len(items) - len(shown)), 8.5, "I")

    def footer(self) -> None:
        w = self.w
        self.pdf.ln(3)
        self.pdf.set_text_color(100, 100, 100)
        text = w["footer"].format(
            today=dt.date.today().isoformat(), version=w["version"].format(version=self.d.version), as_of=self.d.as_of
        )
        self.para(text, 7.5, height=3.6)


def _pdf(d: Digest, limit: int | None) -> FPDF:
    p = _Printer(d)
    p.head()
    p.summary()
    for key, head, items, empty in d.sections():
        p.items(key, head, items, empty, limit)
    p.footer()
    return p.pdf


def to_pdf(d: Digest) -> bytes:
    """The digest as a PDF of at most two A4 pages: longer lists are shortened and say how many more there are."""
    limit: int | None = None
    longest = max((len(items) for _, _, items, _ in d.sections()), default=0)
    while True:
        pdf = _pdf(d, limit)
        if pdf.page_no() <= MAX_PAGES or limit == 1:
            break
        limit = max(1, (longest if limit is None else limit) * 2 // 3)
    buf = io.BytesIO()
    pdf.output(buf)
    return buf.getvalue()


def render(d: Digest, fmt: str) -> bytes:
    """The digest in ``fmt`` (md, html or pdf) as bytes (UTF-8 for the text formats)."""
    if fmt == "md":
        return to_markdown(d).encode("utf-8")
    if fmt == "html":
        return to_html(d).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(d)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def file_stem(d: Digest) -> str:
    """'resumen-foro-2026-11-26' or 'forum-digest-2026-11-26'."""
    return f"{'resumen-foro' if d.lang == 'es' else 'forum-digest'}-{d.as_of.isoformat()}"
