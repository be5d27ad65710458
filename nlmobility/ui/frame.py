"""The app frame: page config, database check, navigation and global filters."""

from __future__ import annotations

import streamlit as st

from nlmobility import db
from nlmobility.ui import data, widgets
from nlmobility.ui.i18n import t

PAGES = (
    ("pages/inicio.py", "page_inicio", "🏠", ""),
    ("pages/mapa.py", "page_mapa", "🗺️", "mapa"),
    ("pages/seguridad.py", "page_seguridad", "🚦", "seguridad"),
    ("pages/participacion.py", "page_participacion", "🗣️", "participacion"),
    ("pages/avance.py", "page_avance", "✅", "avance"),
    ("pages/datos.py", "page_datos", "⬇️", "datos"),
    ("pages/metodologia.py", "page_metodologia", "📐", "metodologia"),
)


def run() -> None:
    st.set_page_config(page_title="Corredores Verdes · NL", page_icon="🌳", layout="wide", initial_sidebar_state="auto")
    if not data.available():
        st.error(t("no_db", path=str(db.default_path())))
        st.stop()
    widgets.ensure_init()  # reads the share link first, so navigation titles use its language
    pages = [
        st.Page(path, title=t(key), icon=icon, url_path=url or None, default=(url == ""))
        for path, key, icon, url in PAGES
    ]
    nav = st.navigation(pages)
    widgets.sidebar_filters()
    nav.run()
