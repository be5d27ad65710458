"""The global filters in the sidebar and the share link that carries them.

The frame calls :func:`ensure_init` (the first run of a session validates the link's values
and queues a notice for each one that fell back to its default) and :func:`sidebar` (the widgets,
which own their state under namespaced keys, and the address kept equal to the view). Pages read
the result with :func:`current`.
"""

from __future__ import annotations

import dataclasses
import json
from typing import cast
from urllib.parse import urlencode

import streamlit as st

from nlmobility import filters as flt
from nlmobility import links
from nlmobility.ui import data
from nlmobility.ui.i18n import LANG_KEY, label, lang, t

FILTERS_KEY = "nlm_filters"
_INIT_KEY = "nlm_filters_init"
_NOTICE_KEY = "nlm_param_notice"
_RUN_KEY = "nlm_run"
#: Widget keys of the sidebar filters (namespaced: ``nlm_``).
KEYS = {
    "mun": "nlm_mun",
    "cor": "nlm_cor",
    "sev": "nlm_sev",
    "modo": "nlm_modo",
    "buf": "nlm_buf",
    "periodo": "nlm_periodo",
}

#: A notice to show once: (i18n key, format arguments).
Notice = tuple[str, dict[str, str]]


def _query_params() -> dict[str, str | list[str]]:
    return {k: (v if len(v := st.query_params.get_all(k)) != 1 else v[0]) for k in st.query_params}


def _init_from_query_params(years: tuple[int, int], version: str) -> None:
    """First run of a session: validate the share link, seed the widgets and queue notices.

    On a lake, a link made at an earlier version shows the data as of that version (pinned).
    """
    linked = st.query_params.get("v")
    if linked and linked != version and data.pin(str(linked)):
        add_notice("version_pinned", old=str(linked), new=version)
        version = str(linked)
    parsed, rejected = flt.from_params(
        _query_params(),
        municipalities=list(data.municipality_names()),
        corridors=list(data.corridor_names()),
        years=years,
        version=version,
    )
    if "periodo" not in st.query_params or "periodo" in rejected:  # open on the latest span the records cover whole
        start, end = data.default_period()
        parsed = dataclasses.replace(parsed, year_from=start, year_to=end)
    invalid = [r for r in rejected if r != "v"]
    if invalid:
        add_notice("invalid_params", names=", ".join(invalid))
    if "v" in rejected:
        add_notice("version_changed", old=str(st.query_params.get("v")), new=version)
    # Seed the widgets from the validated link ("" means "all" for the select boxes).
    st.session_state.update(
        {
            LANG_KEY: parsed.lang,
            KEYS["mun"]: parsed.cvegeo or "",
            KEYS["cor"]: parsed.corridor_id or "",
            KEYS["sev"]: parsed.severity,
            KEYS["modo"]: parsed.mode,
            KEYS["buf"]: parsed.buffer_m,
            KEYS["periodo"]: (parsed.year_from, parsed.year_to),
        }
    )
    st.session_state[_INIT_KEY] = True


def add_notice(key: str, **kwargs: str) -> None:
    """Queue a share-link notice; the page header shows it once, with the frame's own notices."""
    st.session_state.setdefault(_NOTICE_KEY, []).append((key, kwargs))


def pop_notices() -> list[Notice]:
    """The queued notices, removed from the queue (each is shown once)."""
    return list(st.session_state.pop(_NOTICE_KEY, None) or [])


def ensure_init() -> None:
    """Validate the share link on the first run of a session (idempotent)."""
    if not st.session_state.get(_INIT_KEY):
        _init_from_query_params(data.year_range(), data.version())


def _reset_if_invalid(key: str, allowed: dict[str, str]) -> None:
    if st.session_state.get(key) not in allowed:
        st.session_state[key] = ""


def sidebar(page_params: dict[str, str | None] | None = None) -> flt.Filters:
    """Render the global filters in the sidebar and keep the address equal to the view.

    ``page_params`` are the current page's own share-link parameters (already validated), which
    override the global ones of the same name (the workshop page's corridor and scene).
    """
    version = data.version()
    years = data.year_range()
    ensure_init()
    with st.sidebar:
        st.selectbox(
            t("language"), list(flt.LANGS), key=LANG_KEY, format_func={"es": "Español", "en": "English"}.__getitem__
        )
        st.header(t("filters"))
        munis = {"": t("all_municipalities"), **data.municipality_names()}
        _reset_if_invalid(KEYS["mun"], munis)
        mun = st.selectbox(t("municipality"), list(munis), key=KEYS["mun"], format_func=munis.__getitem__)
        cors = {"": t("all_corridors"), **_corridors_in(mun or None)}
        _reset_if_invalid(KEYS["cor"], cors)
        cor = st.selectbox(t("corridor"), list(cors), key=KEYS["cor"], format_func=cors.__getitem__)
        current = st.session_state.get(KEYS["periodo"])
        # A pair within the records' years, else the whole span: without a pair the slider would
        # fall back to its single default value (a client that sends no widget states, a cleared state).
        if not (
            isinstance(current, tuple | list)
            and len(current) == 2
            and years[0] <= int(current[0]) <= int(current[1]) <= years[1]
        ):
            st.session_state[KEYS["periodo"]] = years
        if years[0] < years[1]:
            period = st.slider(
                t("period"), years[0], years[1], key=KEYS["periodo"]
            )  # a range: the session value is a pair
            yfrom, yto = cast(tuple[int, int], period)
        else:
            yfrom, yto = years
        sev = st.selectbox(
            t("severity"),
            list(flt.SEVERITIES),
            key=KEYS["sev"],
            format_func={v: label("sev", v) for v in flt.SEVERITIES}.__getitem__,
        )
        mode = st.selectbox(
            t("mode"),
            list(flt.MODES),
            key=KEYS["modo"],
            format_func={v: label("mode", v) for v in flt.MODES}.__getitem__,
        )
        buf = st.slider(t("buffer"), flt.BUFFER_RANGE[0], flt.BUFFER_RANGE[1], step=10, key=KEYS["buf"])
    f = flt.Filters(
        cvegeo=mun or None,
        corridor_id=cor or None,
        year_from=int(yfrom),
        year_to=int(yto),
        severity=str(sev),
        mode=str(mode),
        lang=lang(),
        buffer_m=int(buf),
        version=version,
    )
    st.session_state[FILTERS_KEY] = f
    share_link(f, page_params)
    return f


def embedded(page_params: dict[str, str | None] | None = None) -> flt.Filters:
    """The filters of an embed view: the validated share link's values, no widgets (no sidebar).

    ``page_params`` include the embed view's own (``embed=true``, ``alto``), so the address keeps
    them: a rerun stays embedded and a copied address reopens the same embedded view.
    """
    version = data.version()
    years = data.year_range()
    ensure_init()
    ss = st.session_state
    mun = str(ss.get(KEYS["mun"]) or "")
    mun = mun if mun in data.municipality_names() else ""
    cor = str(ss.get(KEYS["cor"]) or "")
    cor = cor if cor in _corridors_in(mun or None) else ""
    current = ss.get(KEYS["periodo"])
    lo, hi = current if isinstance(current, tuple | list) and len(current) == 2 else years
    if not (years[0] <= int(lo) <= int(hi) <= years[1]):
        lo, hi = years
    f = flt.Filters(
        cvegeo=mun or None,
        corridor_id=cor or None,
        year_from=int(lo),
        year_to=int(hi),
        severity=str(ss.get(KEYS["sev"], flt.Filters().severity)),
        mode=str(ss.get(KEYS["modo"], flt.Filters().mode)),
        lang=lang(),
        buffer_m=int(ss.get(KEYS["buf"], flt.Filters().buffer_m)),
        version=version,
    )
    ss[FILTERS_KEY] = f
    keep_address(share_query(f, page_params))
    return f


def _corridors_in(cvegeo: str | None) -> dict[str, str]:
    df = data.corridors(cvegeo=cvegeo)
    return dict(zip(df["corridor_id"].astype(str), df["name"].astype(str), strict=True))


def current() -> flt.Filters:
    """The filters the frame read from the sidebar on this rerun (defaults outside the frame)."""
    f = st.session_state.get(FILTERS_KEY)
    return f if isinstance(f, flt.Filters) else flt.Filters()


def share_query(f: flt.Filters, page_params: dict[str, str | None] | None = None) -> str:
    """The query string of the current view: filters that differ from the defaults, the dataset version, page parameters."""
    # The period is always written out: a link made today keeps its meaning after an import changes the default.
    params = f.to_params(flt.Filters(year_from=None, year_to=None))
    for key, value in (page_params or {}).items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return urlencode(params, doseq=True)


def link_text(link: str) -> None:
    """A link as plain, selectable text (never Markdown). Not ``st.code``: a code block makes every page's
    first visit download Streamlit's syntax highlighter (1.5 MB, 514 KB compressed) for a line of text."""
    st.text(link)


def share_link(f: flt.Filters, page_params: dict[str, str | None] | None = None) -> None:
    """Keep the browser address equal to the current view and show it as a copyable link.

    ``st.query_params`` writes reach the browser one rerun late in this Streamlit (the address
    would show the previous filters), so the address is replaced in the page itself. The query
    string is built only from validated values and embedded as a JSON string literal.
    """
    query = share_query(f, page_params)
    base = links.rebase(st.context.url or "")
    with st.sidebar:
        st.caption(t("share_link"))
        link_text(f"{base}?{query}")
        st.caption(t("share_help"))
        st.link_button(  # the change feed, served as a static file by this same server
            t("feed_link"),
            links.page_url_quiet(st.context.url or "", "app/static/feed.xml", ""),
            icon=":material/rss_feed:",
        )
        keep_address(query)


def keep_address(query: str) -> None:
    """Replace the browser's query string with ``query`` (built from validated values, embedded as a JSON literal)."""
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
