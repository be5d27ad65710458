"""Modo taller: one corridor in five scenes for a projector, with a QR code to the same scene."""

import streamlit as st

from nlmobility import qr
from nlmobility.ui import data, filterbar, page, sheets, workshop
from nlmobility.ui.i18n import t

f = filterbar.current()
workshop.presentation_style()
page.header("page_taller")

cors = data.corridors()
if cors.empty:
    page.empty_state("corridors")
    st.stop()
names = dict(zip(cors["corridor_id"], cors["name"], strict=True))
st.selectbox(t("corridor"), list(names), format_func=names.get, key=workshop.CORRIDOR_KEY)

scene = int(st.session_state[workshop.SCENE_KEY])
prev, where, nxt = st.columns([1, 3, 1], vertical_alignment="center")
prev.button(
    t("taller_prev"),
    key="taller_prev",
    on_click=workshop.step,
    args=(-1,),
    disabled=scene == 1,
    width="stretch",
    icon=":material/arrow_back:",
)
where.progress(scene / len(workshop.SCENES), text=t("taller_scene_of", n=scene, total=len(workshop.SCENES)))
nxt.button(
    t("taller_next"),
    key="taller_next",
    on_click=workshop.step,
    args=(1,),
    disabled=scene == len(workshop.SCENES),
    width="stretch",
    icon=":material/arrow_forward:",
    type="primary",
)

workshop.render(scene, st.session_state[workshop.CORRIDOR_KEY], f)

st.divider()
link = f"{st.context.url or ''}?{filterbar.share_query(f, workshop.share_params())}"
code_col, text = st.columns([1, 3], vertical_alignment="center")
with code_col:
    page.qr_image(qr.png(link), alt=t("taller_qr_alt"), caption=t("taller_qr"))
text.markdown(f"**{t('taller_qr_help')}**")
text.code(link, language=None, wrap_lines=True)
sheets.download_button(st.session_state[workshop.CORRIDOR_KEY], f, link=link, key="taller_sheet")
st.page_link("app_pages/inicio.py", label=t("taller_exit"), icon=":material/logout:")
