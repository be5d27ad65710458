"""Embed view: a page inside another site's ``<iframe>`` (the coalition's website), without sidebar or navigation.

Opened with Streamlit's own ``?embed=true`` (which also hides Streamlit's toolbar). The share
parameters keep working (``cor``, ``mun``, ``periodo``…) and stay in the address with ``embed=true``;
``alto`` sets the map's height in pixels so the embedding page decides the size (width follows the
frame). A link opens the same view in the full dashboard.

    <iframe src="https://example.org/corredores/mapa?embed=true&cor=CV-OCAMPO&alto=420"
            width="100%" height="720" style="border:0" title="Corredores Verdes"></iframe>
"""

from __future__ import annotations

import html

import streamlit as st

from nlmobility.ui.i18n import t

KEY = "nlm_embed"
HEIGHT_KEY = "nlm_embed_height"
BAD_HEIGHT_KEY = "nlm_embed_bad_height"
#: Map height in pixels when ``alto`` is not given, and the accepted range.
DEFAULT_HEIGHT = 460
HEIGHT_RANGE = (240, 1200)

#: Fixed CSS: no sidebar, no toggle to open it, no header band, less padding (the frame is small).
STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 1rem 1rem 1rem !important; max-width: none !important; }
[data-testid="stMain"] h1 { font-size: 1.5rem; padding-top: 0; }
</style>"""


def _height_param() -> int | None:
    """The validated ``alto`` of the address (None when absent or not a whole number in range; a notice says so)."""
    raw = st.query_params.get("alto")
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if HEIGHT_RANGE[0] <= value <= HEIGHT_RANGE[1]:
        return value
    st.session_state[BAD_HEIGHT_KEY] = True  # the frame queues the share-link notice
    return None


def pop_bad_height() -> bool:
    """Whether the address had an invalid ``alto`` (reported once)."""
    return bool(st.session_state.pop(BAD_HEIGHT_KEY, False))


def active() -> bool:
    """Whether this session is an embed view (``embed=true`` when it opened; kept for the whole session)."""
    if st.session_state.get(KEY):
        return True
    if st.context.is_embedded:
        st.session_state[KEY] = True
        st.session_state[HEIGHT_KEY] = _height_param()
        return True
    return False


def map_height() -> int:
    """The embedded map's height in pixels."""
    h = st.session_state.get(HEIGHT_KEY)
    return int(h) if isinstance(h, int) else DEFAULT_HEIGHT


def params() -> dict[str, str | None]:
    """The parameters that keep the view embedded in its own address."""
    h = st.session_state.get(HEIGHT_KEY)
    return {"embed": "true", "alto": str(h) if isinstance(h, int) else None}


def full_view_button(link: str) -> None:
    """A link that opens the same view in the full dashboard (a new tab: the embedding page stays)."""
    st.link_button(t("embed_full_view"), link, icon=":material/open_in_new:")


def iframe_code(link: str, title: str) -> str:
    """The HTML an editor pastes into the coalition's website to embed ``link`` (every value escaped)."""
    sep = "&" if "?" in link else "?"
    src = html.escape(f"{link}{sep}embed=true", quote=True)
    return (
        f'<iframe src="{src}" width="100%" height="760" style="border:0" '
        f'title="{html.escape(title, quote=True)}" loading="lazy"></iframe>'
    )
