"""Shared widgets: global filters with share links, notices, empty states, indicator links."""

from __future__ import annotations

import dataclasses

import streamlit as st

from nlmobility import filters as flt
from nlmobility import indicators
from nlmobility.ui import data
from nlmobility.ui.i18n import LANG_KEY, label, lang, t

FILTERS_KEY = "nlm_filters"
_INIT_KEY = "nlm_filters_init"
_NOTICE_KEY = "nlm_param_notice"


def _municipality_options() -> dict[str | None, str]:
    df = data.q("municipalities")
    return {"": t("all_municipalities"), **dict(zip(df["cvegeo"], df["name"], strict=True))}


def _corridor_options(cvegeo: str | None) -> dict[str | None, str]:
    df = data.q("corridors", cvegeo=cvegeo)
    return {"": t("all_corridors"), **dict(zip(df["corridor_id"], df["name"], strict=True))}


def _init_from_query_params(years: tuple[int, int], version: str) -> None:
    """First run of a session: seed widget state from the (validated) share-link parameters."""
    munis = data.q("municipalities")["cvegeo"].tolist()
    cors = data.q("corridors")["corridor_id"].tolist()
    parsed, rejected = flt.from_params(dict(st.query_params), municipalities=munis, corridors=cors, years=years, version=version)
    st.session_state[LANG_KEY] = parsed.lang
    # "" means "all" (a None selectbox value would read as "no choice made").
    st.session_state["nlm_mun"] = parsed.cvegeo or ""
    st.session_state["nlm_cor"] = parsed.corridor_id or ""
    st.session_state["nlm_years"] = (parsed.year_from, parsed.year_to)
    st.session_state["nlm_sev"] = parsed.severity
    st.session_state["nlm_mode"] = parsed.mode
    st.session_state["nlm_buf"] = parsed.buffer_m
    notices = []
    if [r for r in rejected if r != "v"]:
        notices.append(("invalid_params", {"names": ", ".join(r for r in rejected if r != "v")}))
    if "v" in rejected:
        notices.append(("version_changed", {"old": str(st.query_params.get("v")), "new": version}))
    st.session_state[_NOTICE_KEY] = notices
    st.session_state[_INIT_KEY] = True


def ensure_init() -> None:
    if not st.session_state.get(_INIT_KEY):
        _init_from_query_params(data.year_range(), data.version())


def sidebar_filters() -> flt.Filters:
    """Render the global filters in the sidebar and keep the URL in step with them."""
    version = data.version()
    years = data.year_range()
    ensure_init()
    with st.sidebar:
        st.selectbox(t("language"), ["es", "en"], key=LANG_KEY, format_func={"es": "Español", "en": "English"}.get)
        st.header(t("filters"))
        munis = _municipality_options()
        if st.session_state.get("nlm_mun") not in munis:
            st.session_state["nlm_mun"] = ""
        mun = st.selectbox(t("municipality"), list(munis), key="nlm_mun", format_func=munis.get)
        cors = _corridor_options(mun or None)
        if st.session_state.get("nlm_cor") not in cors:
            st.session_state["nlm_cor"] = ""
        cor = st.selectbox(t("corridor"), list(cors), key="nlm_cor", format_func=cors.get)
        lo, hi = st.session_state.get("nlm_years", years)
        if not (years[0] <= lo <= hi <= years[1]):
            st.session_state["nlm_years"] = years
        if years[0] < years[1]:
            yfrom, yto = st.slider(t("period"), years[0], years[1], key="nlm_years")
        else:
            yfrom, yto = years
        sev = st.selectbox(t("severity"), list(flt.SEVERITIES), key="nlm_sev", format_func={v: label("sev", v) for v in flt.SEVERITIES}.get)
        mode = st.selectbox(t("mode"), list(flt.MODES), key="nlm_mode", format_func={v: label("mode", v) for v in flt.MODES}.get)
        buf = st.slider(t("buffer"), flt.BUFFER_RANGE[0], 200, step=10, key="nlm_buf")
    f = flt.Filters(cvegeo=mun or None, corridor_id=cor or None, year_from=int(yfrom), year_to=int(yto), severity=sev, mode=mode,
                    lang=lang(), buffer_m=int(buf), version=version)
    wanted = f.to_params(flt.Filters(year_from=years[0], year_to=years[1]))
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[FILTERS_KEY] = f
    return f


def current() -> flt.Filters:
    f = st.session_state.get(FILTERS_KEY)
    return f if isinstance(f, flt.Filters) else dataclasses.replace(flt.Filters())


def page_header(title_key: str) -> None:
    """Title, pending share-link notices and the sample-data notice (every page)."""
    st.title(t(title_key))
    for key, kwargs in st.session_state.pop(_NOTICE_KEY, []) or []:
        st.warning(t(key, **kwargs), icon=":material/warning:")
    if data.is_sample():
        st.info(t("sample_notice", version=data.version()), icon=":material/info:")
    st.caption(t("data_date", date=data.data_date().isoformat()))


def empty_state() -> None:
    st.info(t("empty"), icon=":material/search_off:")


def indicator_help(key: str) -> str:
    """Tooltip text for a figure: the plain-language explainer and a pointer to Metodología."""
    ind = indicators.BY_KEY[key]
    return f"{ind.explainer(lang())}  \n{t('how_computed')}: {t('page_metodologia')} → {ind.name(lang())}"


def indicator_link(key: str) -> None:
    """A small link to the indicator's entry on the Metodología page."""
    ind = indicators.BY_KEY[key]
    st.page_link("pages/metodologia.py", label=f"{t('how_computed')}: {ind.name(lang())}", icon=":material/functions:")


def suppress(n: int | float) -> str:
    """Public-view suppression of small counts."""
    n = int(n)
    return f"<{indicators.SUPPRESS_UNDER}" if 0 < n < indicators.SUPPRESS_UNDER else f"{n:,}"
