"""Shared widgets: global filters with share links, notices, empty states, indicator links."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import json
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from nlmobility import filters as flt
from nlmobility import indicators
from nlmobility.ui import data
from nlmobility.ui.i18n import LANG_KEY, TEXT, label, lang, t

FILTERS_KEY = "nlm_filters"
_INIT_KEY = "nlm_filters_init"
_NOTICE_KEY = "nlm_param_notice"
_RUN_KEY = "nlm_run"


def _municipality_options() -> dict[str | None, str]:
    df = data.q("municipalities")
    return {"": t("all_municipalities"), **dict(zip(df["cvegeo"], df["name"], strict=True))}


def _corridor_options(cvegeo: str | None) -> dict[str | None, str]:
    df = data.q("corridors", cvegeo=cvegeo)
    return {"": t("all_corridors"), **dict(zip(df["corridor_id"], df["name"], strict=True))}


def _query_params() -> dict[str, str | list[str]]:
    return {k: (v if len(v := st.query_params.get_all(k)) != 1 else v[0]) for k in st.query_params}


def _init_from_query_params(years: tuple[int, int], version: str) -> None:
    """First run of a session: validate the share link and prepare notices.

    Invalid values fall back to their defaults and the user is told which ones; the dataset
    version pinned in the link is checked.
    """
    munis = data.q("municipalities")["cvegeo"].tolist()
    cors = data.q("corridors")["corridor_id"].tolist()
    parsed, rejected = flt.from_params(_query_params(), municipalities=munis, corridors=cors, years=years, version=version)
    notices = []
    if [r for r in rejected if r != "v"]:
        notices.append(("invalid_params", {"names": ", ".join(r for r in rejected if r != "v")}))
    if "v" in rejected:
        notices.append(("version_changed", {"old": str(st.query_params.get("v")), "new": version}))
    # Seed the widgets from the validated link ("" means "all" for the select boxes).
    st.session_state.update({LANG_KEY: parsed.lang, "nlm_mun": parsed.cvegeo or "", "nlm_cor": parsed.corridor_id or "",
                             "nlm_sev": parsed.severity, "nlm_modo": parsed.mode, "nlm_buf": parsed.buffer_m,
                             "nlm_periodo": (parsed.year_from, parsed.year_to)})
    st.session_state[_NOTICE_KEY] = notices
    st.session_state[_INIT_KEY] = True


def add_notice(key: str, **kwargs: str) -> None:
    """Queue a share-link notice; ``page_header`` shows it once, with the frame's own notices."""
    st.session_state.setdefault(_NOTICE_KEY, []).append((key, kwargs))


def ensure_init() -> None:
    if not st.session_state.get(_INIT_KEY):
        _init_from_query_params(data.year_range(), data.version())


def sidebar_filters(page_params: dict[str, str | None] | None = None) -> flt.Filters:
    """Render the global filters in the sidebar (widgets own their state, namespaced keys).

    ``page_params`` are the current page's own share-link parameters (already validated), which
    override the global ones of the same name (the workshop page's corridor and scene).
    """
    version = data.version()
    years = data.year_range()
    ensure_init()
    with st.sidebar:
        st.selectbox(t("language"), list(flt.LANGS), key=LANG_KEY, format_func={"es": "Español", "en": "English"}.get)
        st.header(t("filters"))
        munis = _municipality_options()
        if st.session_state.get("nlm_mun") not in munis:
            st.session_state["nlm_mun"] = ""
        mun = st.selectbox(t("municipality"), list(munis), key="nlm_mun", format_func=munis.get)
        cors = _corridor_options(mun or None)
        if st.session_state.get("nlm_cor") not in cors:
            st.session_state["nlm_cor"] = ""
        cor = st.selectbox(t("corridor"), list(cors), key="nlm_cor", format_func=cors.get)
        lo, hi = st.session_state.get("nlm_periodo", years)
        if not (years[0] <= lo <= hi <= years[1]):
            st.session_state["nlm_periodo"] = years
        if years[0] < years[1]:
            yfrom, yto = st.slider(t("period"), years[0], years[1], key="nlm_periodo")
        else:
            yfrom, yto = years
        sev = st.selectbox(t("severity"), list(flt.SEVERITIES), key="nlm_sev", format_func={v: label("sev", v) for v in flt.SEVERITIES}.get)
        mode = st.selectbox(t("mode"), list(flt.MODES), key="nlm_modo", format_func={v: label("mode", v) for v in flt.MODES}.get)
        buf = st.slider(t("buffer"), flt.BUFFER_RANGE[0], flt.BUFFER_RANGE[1], step=10, key="nlm_buf")
    f = flt.Filters(cvegeo=mun or None, corridor_id=cor or None, year_from=int(yfrom), year_to=int(yto), severity=sev, mode=mode,
                    lang=lang(), buffer_m=int(buf), version=version)
    st.session_state[FILTERS_KEY] = f
    share_link(f, page_params)
    return f


def share_query(f: flt.Filters, page_params: dict[str, str | None] | None = None) -> str:
    """The query string of the current view: filters that differ from the defaults, the dataset version, page parameters."""
    years = data.year_range()
    params = f.to_params(flt.Filters(year_from=years[0], year_to=years[1]))
    for key, value in (page_params or {}).items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return urlencode(params, doseq=True)


def share_link(f: flt.Filters, page_params: dict[str, str | None] | None = None) -> None:
    """Keep the browser address equal to the current view and show it as a copyable link.

    ``st.query_params`` writes reach the browser one rerun late in this Streamlit (the address
    would show the previous filters), so the address is replaced in the page itself. The query
    string is built only from validated values and embedded as a JSON string literal.
    """
    query = share_query(f, page_params)
    base = st.context.url or ""
    with st.sidebar:
        st.caption(t("share_link"))
        st.code(f"{base}?{query}", language=None, wrap_lines=True)
        st.caption(t("share_help"))
        literal = json.dumps("?" + query).replace("<", "\\u003c")
        # Streamlit may rewrite the address after rendering; apply ours again shortly after. The
        # run counter makes the element new on every run, so it also runs after each rerun.
        run = st.session_state[_RUN_KEY] = st.session_state.get(_RUN_KEY, 0) + 1
        st.html(
            f"<script>/* run {run} */(function(){{var q={literal};function s(){{if(window.location.search!==q)"
            f"{{window.history.replaceState(window.history.state,'',window.location.pathname+q);}}}}"
            f"s();[150,600,1500,3000].forEach(function(d){{setTimeout(s,d);}});}})();</script>",
            unsafe_allow_javascript=True,
        )


def _leave_pages_directory_mode() -> None:
    """Work around Streamlit running a ``pages/`` script directly on a fresh server.

    Until the entrypoint has called ``st.navigation`` once in the process, Streamlit treats a
    ``pages/`` folder as the old (v1) multipage layout, so a first visit straight to ``/mapa``
    runs ``pages/mapa.py`` without ``app.py`` (no frame, no filters). Switching the flag off and
    rerunning makes the entrypoint run and route to the same page (once per server process).
    AppTest resets the flag before every run, where a rerun would drop the click being tested,
    so there the frame is run in place instead. Private API, hence guarded.
    """
    try:
        from unittest import mock

        from streamlit.runtime import Runtime
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - layout of a future Streamlit
        return
    if not getattr(PagesManager, "uses_pages_directory", False):
        return
    PagesManager.uses_pages_directory = False
    if isinstance(getattr(Runtime, "_instance", None), mock.Mock):  # AppTest's mock runtime
        from nlmobility.ui import frame

        frame.run()
        st.stop()
    st.rerun()


def current() -> flt.Filters:
    _leave_pages_directory_mode()
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
    st.page_link("pages/metodologia.py", label=f"{t('how_computed')}: {ind.name(lang())}", icon=":material/functions:",
                 query_params={"ind": key})


def qr_image(png: bytes, *, alt: str, caption: str, width: int = 180) -> None:
    """A QR code image with alternative text (``st.image`` has none): inline PNG, escaped text."""
    data_uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    st.html(f'<figure style="margin:0;text-align:center"><img src="{data_uri}" alt="{html.escape(alt)}" width="{int(width)}" height="{int(width)}">'
            f'<figcaption style="font-size:0.8rem;color:#5c5b59">{html.escape(caption)}</figcaption></figure>')


def scroll_to(anchor: str) -> None:
    """Scroll the page to the heading with this anchor (only registry anchors: fixed, never user text)."""
    literal = json.dumps(anchor).replace("<", "\\u003c")
    st.html(f"<script>setTimeout(function(){{var e=window.parent.document.getElementById({literal})||document.getElementById({literal});"
            f"if(e)e.scrollIntoView({{block:'start'}});}},400);</script>", unsafe_allow_javascript=True)


#: Shown in tables for a missing value (Streamlit would print "None").
MISSING = "—"


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``df`` ready for a table: whole-day timestamps as dates, missing values as "—".

    DuckDB hands DATE columns to pandas as midnight timestamps ("2025-11-30 00:00:00") and
    Streamlit prints missing values as "None", which reads as English noise in a Spanish table.
    Column headers that are known codes (``planned_end``, ``seq``…) are translated.
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            valid = s.dropna()
            if valid.empty or (valid == valid.dt.normalize()).all():
                out[col] = s.dt.date
        if out[col].isna().any():  # a column with gaps becomes text, so Arrow sees one type
            out[col] = out[col].map(_cell_text)
    return out.rename(columns=_headers(out.columns))


def _headers(columns: Any) -> dict[str, str]:
    return {c: t(c) for c in columns if isinstance(c, str) and c in TEXT}


def _cell_text(v: object) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return MISSING
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def table(df: pd.DataFrame, **kwargs: Any) -> None:
    """``st.dataframe`` for every table of the app: see :func:`for_display`; full width, no index."""
    if "column_config" in kwargs:  # configs name the original columns: follow the translated headers
        names = _headers(kwargs["column_config"])
        kwargs["column_config"] = {names.get(k, k): v for k, v in kwargs["column_config"].items()}
    st.dataframe(for_display(df), **{"hide_index": True, "width": "stretch", **kwargs})


def suppress(n: int | float) -> str:
    """Public-view suppression of small counts."""
    n = int(n)
    return f"<{indicators.SUPPRESS_UNDER}" if 0 < n < indicators.SUPPRESS_UNDER else f"{n:,}"
