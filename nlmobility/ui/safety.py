"""Road-safety figures in words and tables: the programme's answer, the before/after table, the benchmarks.

Everything is computed by :mod:`nlmobility.safety` (one home for every safety figure); this module
only formats it, so Seguridad vial, Inicio, the corridor card, the fact sheet and Modo taller say
the same thing for the same filters.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import pandas as pd
import streamlit as st

from nlmobility import db, indicators, safety, stats, text, textsafe
from nlmobility.filters import Filters
from nlmobility.ui import data, fmt, i18n, maps, page
from nlmobility.ui.i18n import label, t


@st.cache_resource(max_entries=64, show_spinner=False, ttl=3600)
def _kept(
    path: str,  # noqa: ARG001 - a cache key only: another database file is another entry
    ver: str,  # noqa: ARG001 - a cache key only: a new dataset version is a new entry
    kind: str,
    f: Filters,
    *,
    months: int,
    data_end: dt.date | None,
) -> safety.Safety | list[safety.Benchmark]:
    """The evaluation (or the benchmarks), kept per database, dataset version, filters and window like ui.data's queries."""
    cur = data.database().cursor()
    try:
        if kind == "benchmarks":
            return safety.benchmarks(cur, f, months=months, data_end=data_end)
        return safety.evaluate(cur, f, months=months, data_end=data_end)
    finally:
        cur.close()


def evaluated(f: Filters, months: int = indicators.BEFORE_AFTER_MONTHS) -> safety.Safety:
    """:func:`nlmobility.safety.evaluate` for the filters at the data's end (cached per filters and dataset version)."""
    got = _kept(str(db.default_path()), data.version(), "evaluate", f, months=int(months), data_end=data.data_date())
    return cast(safety.Safety, got)


def benchmarks(f: Filters, months: int = indicators.BEFORE_AFTER_MONTHS) -> list[safety.Benchmark]:
    """:func:`nlmobility.safety.benchmarks` for the filters at the data's end (cached)."""
    got = _kept(str(db.default_path()), data.version(), "benchmarks", f, months=int(months), data_end=data.data_date())
    return list(cast(list[safety.Benchmark], got))


def design_name(design: str) -> str:
    """The design in words ("Empírico Bayes")."""
    return t(f"rs_design_{design}")


def estimate_text(e: safety.Estimate | None) -> str:
    """'-41 % (-54 % a -24 %)': a change with its interval, "muy pocos casos" under the small-count rule, or "—"."""
    if e is None or e.cmf is None:
        return fmt.MISSING
    if e.too_few:
        return t("too_few")
    return f"{fmt.signed_pct(e.change)} ({fmt.pct_range(e.change_low, e.change_high)})"


def answer_sentence(s: safety.Safety) -> str:
    """The programme's answer in one sentence with its interval (or why there is none yet)."""
    answer = s.answer
    if answer is None:
        return t("rs_no_answer", months=s.months)
    e = answer.estimate
    if e.too_few or e.change is None:
        return t("rs_too_few", months=s.months, before=e.n_before, after=e.n_after, n=indicators.SMALL_COUNT)
    text = t(
        "rs_answer",
        n=len(answer.corridors),
        months=s.months,
        severity=label("sev", s.filters.severity).lower(),
        verb=t("rs_verb_down") if e.change < 0 else t("rs_verb_up"),
        pct=f"{abs(100 * e.change):.0f} %",
        low=fmt.signed_pct(e.change_low),
        high=fmt.signed_pct(e.change_high),
        design=design_name(answer.design),
        before=fmt.count(e.n_before),
        after=fmt.count(e.n_after),
    )
    if e.change_low is not None and e.change_high is not None and e.change_low <= 0 <= e.change_high:
        text += t("rs_unclear")
    return text


def short_answer(s: safety.Safety) -> str | None:
    """Inicio's and the digest's one line: the pooled change with its interval; None when there is no answer yet."""
    answer = s.answer
    if answer is None or not answer.estimate.shown:
        return None
    e = answer.estimate
    return t(
        "rs_answer_short",
        pct=fmt.signed_pct(e.change),
        low=fmt.signed_pct(e.change_low),
        high=fmt.signed_pct(e.change_high),
    )


def quality_text(e: safety.Estimate) -> str:
    """The estimate's quality statement (Clearinghouse criteria) in the user's language."""
    q = e.quality
    return t(
        "rs_quality",
        design=design_name(q.design),
        sites=q.sites,
        before=fmt.count(q.n_before),
        after=fmt.count(q.n_after),
        se=fmt.MISSING if q.se is None else f"{q.se:.3f}",
        rtm=t("rs_accounted") if q.rtm_accounted else t("rs_not_accounted"),
        trend=t("rs_accounted") if q.trend_accounted else t("rs_not_accounted"),
        source=source_text(q.data_source),
    )


def source_text(data_source: str) -> str:
    """ "sample (muestra)" in the user's language: what the figures are built from, then the crash sources."""
    kind, _, rest = data_source.partition(" ")
    key = f"rs_source_{kind}"
    return (t(key) if key in i18n.TEXT else kind) + (f" {rest}" if rest else "")


def spf_note(s: safety.Safety) -> str:
    """The method note generated from the fitted SPF (or why there is no EB estimate)."""
    if s.spf is None:
        return t("rs_no_spf")
    c = s.spf.coefficients
    return t(
        "rs_spf_note",
        site_years=s.spf.site_years,
        sites=s.spf.sites,
        crashes=fmt.count(s.spf.crashes),
        b0=f"{c['const']:.3f}",
        b1=f"{c['ln_km']:.3f}",
        b2=f"{c['year']:.4f}",
        base=s.spf.base_year,
        alpha=f"{s.spf.alpha:.4f}",
    )


def designs_table(s: safety.Safety) -> pd.DataFrame:
    """The pooled estimate of each design with what it accounts for: the Clearinghouse's criteria side by side."""
    rows = []
    for design, p in s.pooled.items():
        e, q = p.estimate, p.estimate.quality
        rows.append(
            {
                t("rs_design"): design_name(design),
                t("ba_change_ci"): estimate_text(e),
                t("rs_cmf"): fmt.MISSING
                if e.cmf is None or e.too_few
                else f"{e.cmf:.2f} ({e.cmf_low or 0:.2f}–{e.cmf_high or 0:.2f})",
                t("rs_se"): fmt.MISSING if e.se is None else f"{e.se:.3f}",
                t("rs_sites"): q.sites,
                t("ba_before"): q.n_before,
                t("ba_after"): q.n_after,
                t("rs_rtm"): t("rs_accounted") if q.rtm_accounted else t("rs_not_accounted"),
                t("rs_trend"): t("rs_accounted") if q.trend_accounted else t("rs_not_accounted"),
                t("rs_source"): source_text(q.data_source),
            }
        )
    return pd.DataFrame(rows)


def before_after_table(s: safety.Safety) -> pd.DataFrame:
    """One row per opened corridor: counts, rates, and the naive, area-adjusted and EB changes with intervals."""
    ba = s.table
    rows = []
    for c, r in zip(s.corridors, ba.to_dict("records"), strict=True):
        raw = "" if c.too_few else f"{fmt.signed_pct(r['change'])} ({fmt.pct_range(r['change_low'], r['change_high'])})"
        adjusted = (
            ""
            if c.too_few
            else f"{fmt.signed_pct(r['change_adjusted'])} ({fmt.pct_range(r['adjusted_low'], r['adjusted_high'])})"
        )
        rows.append(
            {
                t("corridor"): maps.short_name(c.name),  # "Corredor Verde" is the table's subject already
                t("opening"): str(c.opening_date),
                t("ba_before"): c.n_before,
                t("ba_after"): c.n_after if c.after_complete else None,
                t("ba_rate_before"): round(float(r["rate_before"]), 1),
                t("ba_rate_after"): None if pd.isna(r["rate_after"]) else round(float(r["rate_after"]), 1),
                t("ba_change_ci"): fmt.MISSING if not c.after_complete else t("too_few") if c.too_few else raw,
                t("ba_adjusted_ci_col"): fmt.MISSING
                if not c.after_complete
                else t("too_few")
                if c.too_few
                else adjusted,
                t("ba_eb_ci_col"): estimate_text(c.estimates["eb"]),
            }
        )
    return pd.DataFrame(rows)


def benchmark_table(rows: list[safety.Benchmark]) -> pd.DataFrame:
    """Published CMFs (with their stars) beside the programme's answer for the same road users."""
    out = []
    for b in rows:
        ref = b.ref
        out.append(
            {
                t("cmf_treatment"): text.choose(i18n.lang(), ref.treatment_es, ref.treatment_en),
                t("cmf_applies"): label("mode", ref.mode),
                t("cmf_expected"): f"{fmt.signed_pct(ref.cmf - 1)} "
                f"({fmt.pct_range(*stats.expected_change_range(ref.cmf, ref.std_error))})",
                t("cmf_observed_program"): t("cmf_no_window") if b.observed is None else estimate_text(b.observed),
                t("cmf_reading"): t(f"cmf_{b.verdict}"),
                t("cmf_stars"): ref.stars,
                t("cmf_source"): f"CMF {ref.cmf_id}: {ref.study}. {ref.setting}. {ref.url}",
            }
        )
    return pd.DataFrame(out)


def answer(s: safety.Safety) -> None:
    """Seguridad vial's first block: the programme's answer in one sentence, its quality, each design and the method."""
    st.subheader(t("rs_answer_title"))
    st.markdown(textsafe.markdown_literal(answer_sentence(s)))
    p = s.answer
    if p is not None:
        st.caption(textsafe.markdown_literal(quality_text(p.estimate)))
    with st.expander(t("rs_designs_title")):
        page.table(designs_table(s))
        st.caption(t("rs_method_note"))
        st.caption(textsafe.markdown_literal(spf_note(s)))


def answer_line(f: Filters) -> None:
    """Inicio's sentence: the programme's answer with its interval (nothing when no corridor has opened)."""
    s = evaluated(f)
    if not s.table.empty:
        st.markdown(textsafe.markdown_literal(answer_sentence(s)))


def before_after(s: safety.Safety) -> None:
    """Seguridad vial's before/after block: the answer first, then each corridor with the small-count notes."""
    f = s.filters
    answer(s)  # the programme's answer first: one sentence with its interval
    st.caption(
        t("ba_intro", buffer=f.buffer_m, months=s.months)
        + f" · {t('severity')}: {label('sev', f.severity)} · {t('mode')}: {label('mode', f.mode)}"
    )
    page.table(before_after_table(s))
    st.caption(t("ba_ci_note"))
    small = [c.name for c in s.corridors if c.after_complete and c.too_few]
    if small and len(small) < len(s.corridors):
        names = ", ".join(map(textsafe.markdown_literal, small))
        st.warning(t("ba_small_which", n=indicators.SMALL_COUNT, names=names), icon=":material/warning:")
    elif small:
        st.warning(t("ba_small", n=indicators.SMALL_COUNT), icon=":material/warning:")
    waiting = [c.name for c in s.corridors if not c.after_complete]
    if waiting:
        st.caption(t("ba_incomplete", months=s.months) + " · " + ", ".join(map(textsafe.markdown_literal, waiting)))
