"""Login gate and import helpers for the Administración page."""

from __future__ import annotations

import datetime as dt
import pathlib
import secrets
import tempfile
import time
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from nlmobility import auth, db, quality, textsafe
from nlmobility.ingest import Options, Report, run_import, run_imports
from nlmobility.ui import data, page
from nlmobility.ui.i18n import label, pick, t

_USER = "nlm_admin_user"
_STARTED = "nlm_admin_started"
_SEEN = "nlm_admin_seen"


def require_login() -> str:
    """Return the logged-in user, or show the login form and stop the page."""
    now = time.time()
    if st.session_state.get(_USER) and auth.session_valid(
        st.session_state.get(_STARTED), st.session_state.get(_SEEN), now
    ):
        st.session_state[_SEEN] = now
        return str(st.session_state[_USER])
    if st.session_state.get(_USER):
        st.warning(t("admin_expired"))
        for k in (_USER, _STARTED, _SEEN):
            st.session_state.pop(k, None)
    if not auth.has_users():
        st.error(t("admin_no_users"))
        st.stop()
    name = st.text_input(t("admin_user"), key="admin_login_user")
    password = st.text_input(t("admin_password"), type="password", key="admin_login_password")
    sent = st.button(t("admin_login"), key="admin_login_button", type="primary")
    if sent:
        outcome = auth.verify(name, password, client=st.context.ip_address or "desconocido")
        if outcome.ok:
            st.session_state.update({_USER: name, _STARTED: now, _SEEN: now})
            st.rerun()
        elif outcome.locked:
            st.error(t("admin_locked", minutes=max(1, round(outcome.wait_seconds / 60))))
        elif outcome.wait_seconds > 0:
            st.error(t("admin_wait", seconds=round(outcome.wait_seconds)))
        else:
            st.error(t("admin_bad"))
    st.stop()


def logout_button() -> None:
    """A sidebar button that ends the admin session."""
    if st.sidebar.button(t("admin_logout"), key="admin_logout"):
        for k in (_USER, _STARTED, _SEEN):
            st.session_state.pop(k, None)
        st.rerun()


def import_upload(kind: str, uploaded: UploadedFile, opts: Options) -> Report:
    """Write the upload to a private temp file and run the same import as the command line, with ``opts``
    (the upload's name and a progress bar added)."""
    bar = st.progress(0.0, text=t("stage_read"))

    def step(fraction: float, stage: str) -> None:
        bar.progress(fraction, text=t(f"stage_{stage}"))

    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / pathlib.Path(uploaded.name).name
        path.write_bytes(uploaded.getvalue())
        report = run_import(db.default_path(), kind, path, opts.but(display_name=uploaded.name, progress=step))
    bar.progress(1.0, text=t("stage_done") if report.ok else t("admin_refused"))
    return report


def show_report(report: Report) -> None:
    """An import report in the user's language: summary or refusal, refused rows, notes and the JSON download."""
    if report.ok:
        summary = t(
            "report_summary",
            file=textsafe.markdown_literal(report.file),
            kind=label("kind", report.kind),
            read=report.rows_read,
            accepted=report.accepted,
            rejected=report.rejected,
            present=report.already_present,
        )
        summary += " " + (
            t("report_would_insert", n=report.inserted) if report.dry_run else t("report_inserted", n=report.inserted)
        )
        if report.changed or report.removed:
            summary += " " + t(
                "report_versions",
                added=max(0, report.inserted - report.changed),
                changed=report.changed,
                removed=report.removed,
            )
        if report.dataset_version:
            summary += " " + t("report_version", version=report.dataset_version)
        st.success(summary)  # the file name in it is escaped
    else:
        st.error(textsafe.markdown_literal(pick(report, "error")) or t("admin_refused"))
    if report.problems:
        problems = pd.DataFrame(report.problems)
        page.table(problems[["row", "column"]].assign(reason=pick(problems, "reason")))
    for n in pick(report, "notes"):
        st.caption(textsafe.markdown_literal(n))
    st.download_button(
        t("admin_report"),
        report.to_json(),
        file_name=f"reporte-{report.file}.json",
        mime="application/json",
        key="admin_report_dl",
    )


def record_workshop(
    values: dict[str, object], comments: list[str], who: str, *, mix_with_sample: bool = False
) -> list[Report]:
    """Record a workshop and its comments through the validated import path, in one transaction.

    Both land or neither does (the reports say why); a save while another is being written waits
    for it instead of being refused.
    """
    with tempfile.TemporaryDirectory() as tmp:
        ev = pathlib.Path(tmp) / "taller.csv"
        pd.DataFrame([values]).to_csv(ev, index=False)
        files = [("participation_events", ev, f"formulario-{values['event_id']}")]
        if comments:
            cm = pathlib.Path(tmp) / "comentarios.csv"
            pd.DataFrame(
                [
                    {
                        "comment_id": f"{values['event_id']}-C{i + 1:02d}",
                        "event_id": values["event_id"],
                        "corridor_id": values.get("corridor_id"),
                        "cvegeo": values["cvegeo"],
                        "comment_date": values["event_date"],
                        "topic": "taller",
                        "text": c,
                    }
                    for i, c in enumerate(comments)
                ]
            ).to_csv(cm, index=False)
            files.append(("participation_comments", cm, f"formulario-{values['event_id']}-comentarios"))
        return run_imports(db.default_path(), files, who=who, mix_with_sample=mix_with_sample)


def lake_versions() -> None:
    """On a lake: its versions (snapshots), what changed between two, and a rollback (as a new version)."""
    from nlmobility import lake

    cur = db.lake_cursor(str(db.default_path()))
    try:
        snaps = lake.snapshots(cur)
    finally:
        cur.close()
    if not snaps:
        return
    st.subheader(t("lake_versions"))
    page.table(
        pd.DataFrame(
            {
                t("lake_snapshot"): [s.snapshot_id for s in snaps],
                t("lake_when"): [s.at for s in snaps],
                t("lake_author"): [s.author for s in snaps],
                t("version"): [s.version for s in snaps],
            }
        ).iloc[::-1]
    )
    ids = [s.snapshot_id for s in snaps]
    names = {s.snapshot_id: f"{s.snapshot_id} · {s.version}" for s in snaps}

    def name(i: int) -> str:
        return names.get(i, str(i))

    st.markdown("**" + t("lake_diff") + "**")
    c1, c2 = st.columns(2)
    a = c1.selectbox(t("lake_from"), ids, index=max(0, len(ids) - 2), format_func=name, key="lk_from")
    b = c2.selectbox(t("lake_to"), ids, index=len(ids) - 1, format_func=name, key="lk_to")
    cur = db.lake_cursor(str(db.default_path()))
    try:
        changes: list[tuple[str, int, int]] = lake.diff(cur, int(a), int(b)) if a is not None and b is not None else []
    finally:
        cur.close()
    if changes:
        page.table(pd.DataFrame(changes, columns=[t("lake_table"), t("lake_rows_from"), t("lake_rows_to")]))
    else:
        st.caption(t("lake_no_diff"))
    st.markdown("**" + t("lake_rollback") + "**", help=t("lake_rollback_help"))
    back = st.selectbox(t("lake_snapshot"), ids[:-1][::-1], format_func=name, key="lk_back")
    sure = st.checkbox(t("lake_rollback_confirm"), key="lk_sure")
    if back is not None and st.button(t("lake_rollback_run"), key="lk_run", disabled=not sure):
        version = lake.rollback(str(db.default_path()), int(back))
        st.success(t("lake_rollback_done", version=textsafe.markdown_literal(version)))


def main_report(reports: list[Report]) -> Report:
    """The report to show in full: the file that was refused (with its rows and reasons), else the first."""
    return next((r for r in reports if not r.ok and not r.held_back), reports[0])


AGE_GROUPS = ("children", "adolescents", "adults", "older_adults")
GENDERS = ("women", "men", "gender_other")


def workshop_problems(values: dict[str, object], today: dt.date) -> list[str]:
    """What is wrong with the workshop form, in plain words of the user's language (empty: nothing).

    Age groups left at 0 mean "not recorded" (the caller sends them empty); when some are given
    they must add up to the people counted by gender, and people with a disability cannot be
    more than the participants.
    """

    def n(key: str) -> int:
        v = values.get(key)
        return int(v) if isinstance(v, int | float) else 0

    total = sum(n(g) for g in GENDERS)
    ages = sum(n(a) for a in AGE_GROUPS)
    problems = []
    if total == 0:
        problems.append(t("wf_no_people"))
    if ages and ages != total:
        problems.append(t("wf_ages_sum", ages=ages, total=total))
    if n("with_disability") > total:
        problems.append(t("wf_disability_sum", n=n("with_disability"), total=total))
    when = values.get("event_date")
    if isinstance(when, str) and dt.date.fromisoformat(when) > today:
        problems.append(t("wf_future", date=when))
    return problems


def workshop_point(cvegeo: str, corridor_id: str | None) -> tuple[float, float] | None:
    """An optional point for the workshop: a tap on the small map or typed coordinates (None: no point).

    The map frames the chosen corridor (else the municipality's corridors); a tap anywhere sets the
    point at the tapped ~500 m cell's centre (the same pick grid as "corridor near me").
    """
    from nlmobility.filters import Filters
    from nlmobility.ui import mapview

    st.caption(t("wf_point_help"))
    at = (st.session_state.get("wf_lon"), st.session_state.get("wf_lat"))
    click = mapview.corridor_map(
        Filters(cvegeo=cvegeo, corridor_id=corridor_id),
        layers={"labels", "limits", "arterials"},
        key="wf_map",
        height=300,
        pick_points=True,
        point=(float(at[0]), float(at[1])) if at[0] is not None and at[1] is not None else None,
    )
    if click.cell and click.cell != st.session_state.get("wf_cell"):
        st.session_state["wf_cell"] = click.cell
        st.session_state["wf_lon"], st.session_state["wf_lat"] = mapview.cell_point(click.cell)
        st.rerun()
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    st.session_state.setdefault("wf_lon", None)  # empty until tapped or typed (no default point)
    st.session_state.setdefault("wf_lat", None)
    lon = c1.number_input(t("lon"), format="%.4f", step=0.001, key="wf_lon")
    lat = c2.number_input(t("lat"), format="%.4f", step=0.001, key="wf_lat")
    c3.button(t("wf_point_clear"), key="wf_point_clear", on_click=_clear_point)
    if lon is None or lat is None:
        return None
    if not mapview.inside_metro(float(lon), float(lat)):
        st.warning(t("point_outside"))
        return None
    return float(lon), float(lat)


def _clear_point() -> None:
    for k in ("wf_lon", "wf_lat"):
        st.session_state[k] = None


def new_event_id() -> str:
    """A new id for a workshop recorded on the form: the time, then 8 random hex digits (two saves never collide)."""
    return "EV-F" + dt.datetime.now().strftime("%Y%m%d%H%M%S") + "-" + secrets.token_hex(4).upper()


@st.cache_data(max_entries=4, show_spinner=False, ttl=3600)
def _quality(path: str, ver: str) -> dict[str, Any] | None:  # noqa: ARG001 - cache keys: a new version is a new check
    """The quality report of the database (None when it predates the check's tables)."""
    cur = data.database().cursor()
    try:
        return quality.check(cur)
    except quality.OldDatabase:
        return None
    finally:
        cur.close()


def _pct(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def _source_rows(report: dict[str, Any]) -> pd.DataFrame:
    """One row per imported file: rows, records, placement, outside, unknowns and coverage."""
    rows = []
    for s in report["sources"]:
        c = s["crashes"] or {}
        p, o = c.get("placement", {}), c.get("outside_municipality", {})
        rows.append(
            {
                t("qc_col_file"): s["source"],
                t("qc_col_kind"): label("kind", s["kind"]),
                t("qc_col_accepted"): s["rows_accepted"],
                t("qc_col_refused"): s["rows_refused"],
                t("qc_col_records"): c.get("records"),
                t("qc_col_counted"): c.get("counted"),
                t("qc_col_linked"): c.get("linked"),
                t("qc_col_point"): p.get("point"),
                t("qc_col_exact"): p.get("exact"),
                t("qc_col_loose"): p.get("normalised"),
                t("qc_col_unplaced"): p.get("unplaced"),
                t("qc_col_outside"): o.get("n"),
                t("qc_col_outside_max"): o.get("max_m"),
                t("qc_col_beyond"): o.get("beyond_tolerance"),
                t("qc_col_unknown_severity"): _pct(c["unknown_severity"]["share"]) if c else None,
                t("qc_col_unknown_time"): _pct(c["unknown_time"]["share"]) if c else None,
                t("qc_col_coverage"): "; ".join(
                    f"{v['name']} {v['date_from']} – {v['date_to']}" for v in c.get("coverage", [])
                ),
            }
        )
    return pd.DataFrame(rows)


def quality_panel() -> None:
    """The quality check (``nlmobility check``) for an official to read before publishing.

    Every name from a file (files, intersections, rules) is shown in tables, as text; the
    status line holds only counts.
    """
    st.caption(t("qc_intro"))
    report = _quality(str(db.default_path()), data.version())
    if report is None:
        st.error(t("qc_old"))
        return
    c = report["counts"]
    counts = {"review": c["review"], "no_data": c["no_data"], "notes": c["note"]}
    if c["review"]:
        st.error(t("qc_status_review", **counts), icon=":material/rule:")
    elif c["no_data"]:
        st.warning(t("qc_status_no_data", **counts), icon=":material/help:")
    else:
        st.success(t("qc_status_clean", **counts), icon=":material/check:")
    st.markdown("**" + t("qc_findings") + "**")
    page.table(
        pd.DataFrame(
            {
                t("qc_col_level"): [t(f"qc_level_{f['level']}") for f in report["findings"]],
                t("qc_col_file"): [f["source"] or "" for f in report["findings"]],
                t("qc_col_what"): [pick(f, "text") for f in report["findings"]],
                t("qc_col_n"): [f["n"] for f in report["findings"]],
                t("qc_col_fill"): [pick(f, "fill") or "" for f in report["findings"]],
            }
        )
    )
    st.markdown("**" + t("qc_sources") + "**")
    page.table(_source_rows(report))
    _quality_lists(report)
    st.download_button(
        t("qc_download"),
        quality.as_json(report),
        file_name=f"calidad-{report['dataset_version'] or 'sin-version'}.json",
        mime="application/json",
        key="qc_download",
    )


def _quality_lists(report: dict[str, Any]) -> None:
    """The names not placed, the looser matches, the linked records and the coverage, each in an expander."""
    crash = [s for s in report["sources"] if s["crashes"]]
    unplaced = [(s["source"], u) for s in crash for u in s["crashes"]["unplaced"]]
    with st.expander(t("qc_unplaced", n=len(unplaced))):
        page.table(
            pd.DataFrame(
                {
                    t("qc_col_file"): [s for s, _ in unplaced],
                    t("qc_col_name"): [u["name"] for _, u in unplaced],
                    t("qc_col_reason"): [label("qc_code", u["code"]) for _, u in unplaced],
                    t("qc_col_candidates"): [" | ".join(u["candidates"]) for _, u in unplaced],
                    t("qc_col_n"): [u["n"] for _, u in unplaced],
                }
            )
        )
    loose = [(s["source"], x) for s in crash for x in s["crashes"]["loose"]]
    with st.expander(t("qc_loose", n=len(loose))):
        page.table(
            pd.DataFrame(
                {
                    t("qc_col_file"): [s for s, _ in loose],
                    t("qc_col_name"): [x["given_name"] for _, x in loose],
                    t("qc_col_chosen"): [x["place_name"] for _, x in loose],
                    t("qc_col_score"): [x["score"] for _, x in loose],
                    t("qc_col_n"): [x["n"] for _, x in loose],
                }
            )
        )
    links = report["links"]
    with st.expander(t("qc_links", n=len(links))):
        page.table(
            pd.DataFrame(
                {
                    t("qc_col_file"): [r["source"] for r in links],
                    t("qc_col_date"): [r["occurred_at"] for r in links],
                    t("qc_col_counted_source"): [r["counted_source"] for r in links],
                    t("qc_col_distance"): [r["distance_m"] for r in links],
                    t("qc_col_conflict"): [bool(r["conflicting_victims"]) for r in links],
                    t("qc_col_rule"): [r["rule"] for r in links],
                }
            )
        )
    munis = report["coverage"]["municipalities"]
    with st.expander(t("qc_coverage")):
        page.table(
            pd.DataFrame(
                {
                    t("qc_col_municipality"): [m["name"] for m in munis],
                    t("qc_col_from"): [m["date_from"] for m in munis],
                    t("qc_col_to"): [m["date_to"] for m in munis],
                    t("qc_col_whole_years"): [", ".join(map(str, m["whole_years"])) for m in munis],
                    t("qc_col_years_not_whole"): [", ".join(map(str, m["years_not_whole"])) for m in munis],
                    t("qc_col_gaps"): ["; ".join(f"{a} – {b}" for a, b in m["gaps"]) for m in munis],
                    t("qc_col_hin"): [bool(m["hin"]) for m in munis],
                }
            )
        )
