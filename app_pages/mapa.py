"""Mapa de corredores: the map with optional layers, corridor cards, corridor near me, download."""

import streamlit as st

from nlmobility import export, textsafe
from nlmobility.ui import card, data, embed, filterbar, mapview, page, sheets
from nlmobility.ui.i18n import t

f = filterbar.current()
embedded = embed.active()  # inside another site: the map and the card only, sized by the frame
page.header("page_mapa", compact=embedded)
if data.corridors().empty:
    page.empty_state("corridors")

DEFAULT_LAYERS = ["labels", "limits", "arterials", "transit"]
chosen: list[str] | None = DEFAULT_LAYERS
if not embedded:
    with st.expander(t("map_layers"), expanded=False):
        options = {
            "labels": t("layer_labels"),
            "limits": t("layer_limits"),
            "arterials": t("layer_arterials"),
            "transit": t("layer_transit"),
            "crashes": t("layer_crashes"),
            "events": t("layer_events"),
        }
        chosen = st.pills(
            t("map_layers"),
            list(options),
            default=DEFAULT_LAYERS,
            format_func=options.__getitem__,
            selection_mode="multi",
            key="map_layers",
            label_visibility="collapsed",
        )
mapview.legend()
by_point = st.session_state.get("near_how") == "point"  # "corridor near me" by a point: taps on the map choose it
st.caption(t("map_click_hint_point") if by_point else t("map_click_hint"))
clicked = mapview.corridor_map(
    f,
    layers=set(chosen or []),
    key="main_map",
    height=embed.map_height() if embedded else 560,
    selected=st.session_state.get(mapview.SELECTED_KEY),
    pick_points=by_point,
    point=(st.session_state["near_lon"], st.session_state["near_lat"])
    if by_point and "near_lon" in st.session_state
    else None,
)
if "crashes" in (chosen or []):
    mapview.crash_legend(close_up=bool(st.session_state.get(mapview.SELECTED_KEY) or f.corridor_id))
if clicked.corridor_id and clicked.corridor_id != st.session_state.get(mapview.SELECTED_KEY):
    mapview.select(clicked.corridor_id)
    st.rerun()  # the address carries the corridor (cor=) and the card opens below, scrolled to
if clicked.cell and clicked.cell != st.session_state.get(
    "near_cell"
):  # a new tap (the selection persists across reruns)
    st.session_state["near_cell"] = clicked.cell
    st.session_state["near_lon"], st.session_state["near_lat"] = mapview.cell_point(clicked.cell)
    st.rerun()  # draw the marker on the map at the new point

if not embedded:  # the full view only
    with st.expander(t("near_me"), expanded=False):
        how = st.radio(
            t("near_by"),
            ["name", "mun", "point"],
            horizontal=True,
            key="near_how",
            format_func={"name": t("near_by_name"), "mun": t("near_by_mun"), "point": t("near_by_point")}.get,
        )
        cors = data.corridors()
        names = dict(zip(cors["corridor_id"], cors["name"], strict=True))
        if how == "name":
            st.selectbox(
                t("choose_corridor"),
                cors["corridor_id"].tolist(),
                key="near_name",
                index=None,
                format_func=lambda cid: textsafe.display(names.get(cid)),
                on_change=lambda: (
                    mapview.select(st.session_state["near_name"]) if st.session_state["near_name"] else None
                ),
            )
        elif how == "mun":
            munis = data.municipalities()
            mun_names = dict(zip(munis["cvegeo"], munis["name"], strict=True))
            mun = st.selectbox(
                t("municipality"),
                munis["cvegeo"].tolist(),
                key="near_mun",
                format_func=lambda c: textsafe.display(mun_names.get(c)),
            )
            in_mun = data.corridors(cvegeo=mun)
            if in_mun.empty:
                st.caption(t("near_mun_none"))
            mapview.corridor_buttons(in_mun, key="near_mun_open")  # each opens its card
        elif how == "point":
            st.caption(t("near_point_help"))
            st.session_state.setdefault("near_lon", mapview.DEFAULT_POINT[0])
            st.session_state.setdefault("near_lat", mapview.DEFAULT_POINT[1])
            c1, c2 = st.columns(2)
            lon = c1.number_input(t("lon"), format="%.4f", step=0.001, key="near_lon")
            lat = c2.number_input(t("lat"), format="%.4f", step=0.001, key="near_lat")
            if mapview.inside_metro(lon, lat):
                near = data.nearest_corridors(float(lon), float(lat), limit=3)
                mapview.corridor_buttons(near, key="near_open", distance=True)  # nearest first, each opens its card
            else:
                st.warning(t("point_outside"))

selected = st.session_state.get(mapview.SELECTED_KEY) or f.corridor_id
if selected:
    card.corridor_card(selected, f, share_link=sheets.map_link(selected, f))
    sheets.download_button(selected, f, key="map_sheet")
    if not embedded:  # never scroll the page that embeds the frame
        mapview.scroll_to_card_once(selected)

if not embedded:  # the full view only: an embedding site offers its own downloads
    sel = data.filtered_table("corridor", f)
    st.download_button(
        t("download_selection_n", n=f"{len(sel):,}"),
        lambda: export.to_bytes(sel, "geojson"),  # written when pressed, not on every rerun
        file_name="corredores.geojson",
        mime=export.MIME["geojson"],
        key="map_download",
        on_click="ignore",
    )
