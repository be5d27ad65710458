"""Administración › Portal estatal: each portal dataset's last sync, and a button that syncs them (``nlmobility sync``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from nlmobility import db, sync, textsafe
from nlmobility.text.messages import said_in
from nlmobility.ui import data, fmt, page
from nlmobility.ui.i18n import lang, pick, t

#: Marks every font has (no emoji: an offline machine may have no emoji font and draw a box)
_STATUS_ICON = {"updated": "✓", "unchanged": "=", "failed": "⚠", "would_update": "?"}


def display_names(datasets: list[sync.Dataset], municipalities: dict[str, str]) -> dict[str, str]:
    """Dataset id -> what the panel calls it: its municipality's name when no other dataset has it, else its id."""
    codes = [d.municipality for d in datasets]
    return {
        d.id: municipalities[d.municipality]
        if d.municipality in municipalities and codes.count(d.municipality) == 1
        else d.id
        for d in datasets
    }


def _when(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return fmt.date_text(value) + value.strftime(" %H:%M") + " UTC"
    return str(value)


def _reason(result: sync.Result) -> str:
    return str(pick(result, "reason") or "")


def line(result: sync.Result, name: str) -> str:
    """One dataset's result in the user's language (plain text: shown escaped)."""
    if result.status == "failed":
        return t("portal_failed", name=name, reason=_reason(result))
    if result.status == "unchanged":
        return t("portal_unchanged", name=name)
    key = "portal_would_update" if result.status == "would_update" else "portal_updated"
    return t(
        key,
        name=name,
        added=fmt.count(result.added),
        changed=fmt.count(result.changed),
        removed=fmt.count(result.removed),
    )


def state_table(datasets: list[sync.Dataset], names: dict[str, str]) -> pd.DataFrame:
    """Per dataset: municipality, last sync, the portal's modified date, what it did, why."""
    last = sync.last_synced(db.default_path())
    rows = []
    for d in datasets:
        s = last.get(d.id, {})
        status = s.get("status")
        rows.append(
            {
                t("municipality"): names[d.id],
                t("portal_dataset"): d.id,
                t("portal_last_sync"): _when(s.get("synced_at")) if s else t("portal_never"),
                t("portal_modified"): s.get("modified") or "—",
                t("portal_status"): f"{_STATUS_ICON.get(status or '', '')} {t('portal_st_' + status)}"
                if status
                else "—",
                t("portal_counts"): (
                    t(
                        "portal_counts_value",
                        added=fmt.count(s.get("added") or 0),
                        changed=fmt.count(s.get("changed") or 0),
                        removed=fmt.count(s.get("removed") or 0),
                    )
                    if status == "updated"
                    else "—"
                ),
                t("reason"): s.get("reason") or "",
            }
        )
    return pd.DataFrame(rows)


def panel() -> None:
    """The portal panel: where the data come from, each dataset's state, and the sync button."""
    try:
        datasets = sync.datasets()
    except sync.SyncError as exc:
        st.error(textsafe.markdown_literal(said_in(exc.args[0], lang())))
        return
    names = display_names(datasets, data.municipality_names())
    st.caption(t("portal_intro", url=textsafe.markdown_literal(sync.portal_url())))
    table = st.container()  # filled last: after a sync it shows what the sync did
    mix = st.checkbox(t("admin_mix"), key="portal_mix") if data.is_sample() else False
    dry = st.checkbox(t("admin_dry_run"), key="portal_dry")
    if st.button(t("portal_run"), key="portal_run", type="primary", icon=":material/sync:"):
        _run(names, dry=dry, mix=mix)
    with table:
        page.table(state_table(datasets, names))


def _run(names: dict[str, str], *, dry: bool, mix: bool) -> None:
    """Sync every dataset, saying what each one did as it goes."""
    with st.status(t("portal_running"), expanded=True) as box:
        progress = st.empty()

        def start(d: sync.Dataset) -> None:
            box.update(label=t("portal_running_one", name=textsafe.markdown_literal(names[d.id])))

        shown: dict[str, int] = {}

        def step(d: sync.Dataset, size: int) -> None:
            if shown.get(d.id) != size >> 20:  # once per MiB: every chunk would flood the page with updates
                shown[d.id] = size >> 20
                name = textsafe.markdown_literal(names[d.id])
                progress.caption(t("portal_downloaded", name=name, mb=fmt.decimal(size / 1e6, 1)))

        def done(r: sync.Result) -> None:
            progress.empty()
            said = textsafe.markdown_literal(line(r, names[r.id]))
            (st.warning if r.status == "failed" else st.write)(said)

        try:
            results = sync.sync(
                db.default_path(), dry_run=dry, on_start=start, on_done=done, progress=step, mix_with_sample=mix
            )
        except sync.SyncError as exc:  # the portal's address is not an http(s) one
            box.update(label=t("portal_done_failed", n="—"), state="error", expanded=True)
            st.error(textsafe.markdown_literal(said_in(exc.args[0], lang())))
            return
        failed = sum(r.status == "failed" for r in results)
        box.update(
            label=t("portal_done_failed", n=failed) if failed else t("portal_done"),
            state="error" if failed else "complete",
            expanded=True,
        )
