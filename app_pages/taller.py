"""Modo taller: one corridor in five scenes for a projector, with a QR code to the same scene.

The presenting layout fits one scene, its figures, map and QR code in a 1280×720 screen: a
one-line top bar (corridor, previous, where we are, next), the data's provenance in one line,
then the figures and the QR code beside the map. Arrow keys and PageUp/PageDown (what
presentation clickers send) move between scenes.
"""

import streamlit as st

from nlmobility import qr
from nlmobility.ui import data, filterbar, page, sheets, workshop
from nlmobility.ui.i18n import t

f = filterbar.current()
workshop.presentation_style()
page.header("page_taller", compact=True)

cors = data.corridors()
if cors.empty:
    page.empty_state("corridors")
    st.stop()
names = dict(zip(cors["corridor_id"], cors["name"], strict=True))
scene = int(st.session_state[workshop.SCENE_KEY])
last = len(workshop.SCENES)
pick_col, prev, where, nxt = st.columns([2.4, 1.3, 1.6, 1.3], vertical_alignment="center")
pick_col.selectbox(
    t("corridor"),
    list(names),
    format_func=lambda c: str(names[c]),
    key=workshop.CORRIDOR_KEY,
    label_visibility="collapsed",
)
prev.button(
    t("taller_prev"),
    key="taller_prev",
    on_click=workshop.step,
    args=(-1,),
    disabled=scene == 1,
    width="stretch",
    icon=":material/arrow_back:",
    shortcut="Left",
)
where.progress(scene / last, text=t("taller_scene_of", n=scene, total=last))
nxt.button(
    t("taller_next"),
    key="taller_next",
    on_click=workshop.step,
    args=(1,),
    disabled=scene == last,
    width="stretch",
    icon=":material/arrow_forward:",
    icon_position="right",
    type="primary",
    shortcut="Right",
)
with st.container(key="taller_clicker"):  # PageUp/PageDown from a presentation clicker; hidden by the style
    st.button(t("taller_prev"), key="taller_pageup", on_click=workshop.step, args=(-1,), shortcut="PageUp")
    st.button(t("taller_next"), key="taller_pagedown", on_click=workshop.step, args=(1,), shortcut="PageDown")

figures, view_col = st.columns([2, 3], gap="medium")
view = view_col.container(key="taller_view")
link = page.public_link("taller", filterbar.share_query(f, workshop.share_params()))
workshop.render(scene, st.session_state[workshop.CORRIDOR_KEY], f, figures=figures, view=view)
with figures:
    code_col, text = st.columns([1, 1], vertical_alignment="center")
    with code_col, st.container(key="taller_qr"):
        page.qr_image(qr.png(link), alt=t("taller_qr_alt"), caption=t("taller_qr"), width=180)
    with text, st.container(key="taller_qr_text"):
        st.caption(t("taller_qr_help"))
        page.local_link_warning(link, compact=True)
workshop.prefetch(scene, st.session_state[workshop.CORRIDOR_KEY], f)  # the next scene, ready before the click
with st.expander(t("taller_more")):
    filterbar.link_text(link)
    sheets.download_button(st.session_state[workshop.CORRIDOR_KEY], f, link=link, key="taller_sheet")
    st.page_link("app_pages/inicio.py", label=t("taller_exit"), icon=":material/logout:")
