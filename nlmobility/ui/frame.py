"""The app frame: page config, database check, navigation and global filters."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import duckdb
import streamlit as st

from nlmobility import db, settings, textsafe
from nlmobility.ui import data, embed, feedlink, filterbar, mapview, page, streamlit_words, workshop
from nlmobility.ui.i18n import lang, t

PAGES = (
    ("app_pages/inicio.py", "page_inicio", ":material/home:", ""),
    ("app_pages/mapa.py", "page_mapa", ":material/map:", "mapa"),
    ("app_pages/seguridad.py", "page_seguridad", ":material/traffic:", "seguridad"),
    ("app_pages/participacion.py", "page_participacion", ":material/groups:", "participacion"),
    ("app_pages/avance.py", "page_avance", ":material/task_alt:", "avance"),
    ("app_pages/datos.py", "page_datos", ":material/download:", "datos"),
    ("app_pages/metodologia.py", "page_metodologia", ":material/functions:", "metodologia"),
    ("app_pages/taller.py", "page_taller", ":material/co_present:", "taller"),
    ("app_pages/admin.py", "page_admin", ":material/lock:", "admin"),
)

#: Pages with share-link parameters of their own: url path -> function returning them (validated).
PAGE_PARAMS = {"taller": workshop.share_params, "mapa": mapview.share_params}


#: Accessibility fixes on Streamlit's defaults (fixed CSS, no user text): captions dark enough for
#: WCAG AA contrast on white (Streamlit's #828180 gives 3.9:1, this gives 6.3:1), and section
#: headings (h2, so the outline has no skipped level) at the size of Streamlit's subheaders.
_STYLE = """<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #5c5b59 !important; }
[data-testid="stMain"] h2 { font-size: 1.6rem; }
/* links to Metodología ("Cómo se calcula: …") wrap instead of ending in "…" in a narrow column */
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] [data-testid="stMarkdownContainer"],
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] p { white-space: normal !important; text-overflow: clip !important; overflow: visible !important; }
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] { height: auto; }
/* page tables: a value longer than its cell (an address) breaks where it must; words and dates stay whole */
[data-testid="stTable"] td, [data-testid="stTable"] td * { overflow-wrap: break-word !important; }
[data-testid="stTable"] td [data-testid="stMarkdownContainer"] { overflow: visible !important; }
@media (max-width: 640px) {
  /* Phones: the app's own controls are at least 44 px tall (WCAG 2.5.5 target size). */
  [data-testid="stMain"] button, [data-testid="stSidebar"] button, [data-testid="stSidebarNav"] a,
  [data-testid="stPageLink-NavLink"], [data-testid="stMain"] [data-baseweb="select"] > div,
  [data-testid="stSidebar"] [data-baseweb="select"] > div, [data-testid="stExpander"] summary,
  [data-testid="stMain"] [data-baseweb="tab"], [data-testid="stPopover"] button { min-height: 44px; }
  [data-testid="stMain"] [data-testid="stCheckbox"] label, [data-testid="stMain"] [data-testid="stRadio"] label { min-height: 44px; align-items: center; }
}
</style>"""


#: Page runs this process lets into Python at once (``NLMOBILITY_PAGE_RUNS``, default 2). Each
#: visitor's rerun is a thread and they share one interpreter lock: with 50 runs at once every
#: short release of the lock (each pandas/Arrow or DuckDB call) waited for all the others, and a
#: page took seconds while the processor sat half idle. Two at a time keeps a database query of
#: one run beside the Python of another.
PAGE_RUNS = settings.whole("NLMOBILITY_PAGE_RUNS")
#: A run waits at most this long for its turn (``NLMOBILITY_PAGE_WAIT`` seconds, default 10), then
#: goes ahead anyway: a long import on the Administración page never holds everyone else up.
PAGE_WAIT = settings.whole("NLMOBILITY_PAGE_WAIT")
_TURNS = threading.BoundedSemaphore(PAGE_RUNS)


@contextlib.contextmanager
def turn() -> Iterator[bool]:
    """This run's turn among :data:`PAGE_RUNS` (bounded by :data:`PAGE_WAIT`); yields whether it got one."""
    got = _TURNS.acquire(timeout=PAGE_WAIT)
    try:
        yield got
    finally:
        if got:
            _TURNS.release()


def run() -> None:
    """Set up the page, route to the chosen page and run it inside the frame (every rerun), in its turn."""
    with turn():
        try:
            _run()
        except duckdb.Error as exc:  # a file damaged past its header fails when a page reads it: say so in one line
            said = data.read_failure(exc, lang())
            if said is None:
                raise
            st.error(textsafe.markdown_literal(said), icon=":material/error:")


def _run() -> None:
    embedded = embed.active()  # inside another site's frame: no sidebar, no navigation
    st.set_page_config(
        page_title="Corredores Verdes · NL",
        page_icon="static/favicon.png",
        layout="wide",
        initial_sidebar_state="collapsed" if embedded else "auto",
    )
    st.html(_STYLE + (embed.STYLE if embedded else ""))
    if not data.available():
        st.error(t("no_db", path=str(db.default_path())))
        st.stop()
    storage_problem = data.storage_problem(lang())
    if storage_problem:  # a directory, not DuckDB, damaged or unreadable: one line with the fix, no traceback
        st.error(textsafe.markdown_literal(storage_problem), icon=":material/error:")
        st.stop()
    lake_problem = data.lake_problem()
    if lake_problem:  # shown as text: the locator and the error may hold any characters
        st.error(
            textsafe.markdown_literal(t("no_lake", path=str(db.default_path()), error=lake_problem)),
            icon=":material/error:",
        )
        st.stop()
    feedlink.publish(data.begin_run())  # the rerun's dataset version (every cached query's key); its feed served
    problems = data.schema_problems()
    if problems:  # a database made by an earlier version: say how to bring it up to date
        st.error(t("old_schema", path=str(db.default_path()), problems=", ".join(problems[:5])))
        st.stop()
    filterbar.ensure_init()  # reads the share link first, so navigation titles use its language
    pages = [
        st.Page(path, title=t(key), icon=icon, url_path=url or None, default=(url == ""))
        for path, key, icon, url in PAGES
    ]
    nav = st.navigation(pages, position="hidden" if embedded else "sidebar")
    own = PAGE_PARAMS.get(nav.url_path)
    params = own() if own else None  # the page's own share parameters, validated
    if embedded:
        if embed.pop_bad_height():
            filterbar.add_notice("invalid_params", names="alto")
        f = filterbar.embedded({**(params or {}), **embed.params()})
        embed.full_view_button(page.public_link(nav.url_path, filterbar.share_query(f, params)))
    else:
        filterbar.sidebar(params)
    streamlit_words.translate(lang())
    nav.run()
