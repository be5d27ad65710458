"""Administración: login, validated uploads with their report, import history, data quality, workshop form."""

import streamlit as st

from nlmobility import textsafe
from nlmobility.ingest import Options, kinds
from nlmobility.ui import admin, data, page, portal
from nlmobility.ui.i18n import label, t

page.header("page_admin")
who = admin.require_login()
admin.logout_button()
st.caption(t("admin_hello", user=textsafe.markdown_literal(who)))

tab_upload, tab_portal, tab_history, tab_quality, tab_form = st.tabs(
    [t("admin_upload"), t("admin_portal"), t("imports"), t("admin_quality"), t("admin_workshop")]
)
with tab_upload:
    kind = st.selectbox(t("admin_kind"), list(kinds.KINDS), key="admin_kind", format_func=lambda k: label("kind", k))
    uploaded = st.file_uploader(
        t("admin_file"), type=["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip", "parquet"], key="admin_file"
    )
    c1, c2, c3 = st.columns(3)
    partial = c1.checkbox(t("admin_partial"), key="admin_partial")
    dry_run = c2.checkbox(t("admin_dry_run"), key="admin_dry_run")
    layer = (
        c3.text_input(t("admin_layer"), key="admin_layer", max_chars=200, help=t("admin_layer_help")).strip() or None
    )
    append = st.checkbox(t("admin_append"), key="admin_append") if kind == "crashes" else False
    replace = st.checkbox(t("admin_replace"), key="admin_replace") if kind == "crashes" and not append else False
    mix = st.checkbox(t("admin_mix"), key="admin_mix") if data.is_sample() else False
    if uploaded is not None and st.button(t("admin_run"), key="admin_run", type="primary"):
        admin.show_report(
            admin.import_upload(
                kind,
                uploaded,
                Options(
                    partial=partial,
                    dry_run=dry_run,
                    who=who,
                    layer=layer,
                    mix_with_sample=mix,
                    append=append,
                    replace=replace,
                ),
            )
        )
with tab_portal:
    portal.panel()
with tab_history:
    page.table(data.import_log())
    if data.on_lake():
        admin.lake_versions()
with tab_quality:
    admin.quality_panel()
with tab_form:
    munis = data.municipalities()
    with st.container(border=True):
        c1, c2, c3 = st.columns(3)
        date = c1.date_input(t("date"), key="wf_date")
        kind_ev = c2.selectbox(
            t("kind"), ["taller", "consulta", "recorrido", "diálogo abierto", "presentación"], key="wf_kind"
        )
        mun_names: dict[str, str] = dict(zip(munis["cvegeo"], munis["name"], strict=True))
        mun: str = c3.selectbox(
            t("municipality"),
            [str(c) for c in munis["cvegeo"]],
            format_func=lambda c: str(mun_names.get(c, c)),
            key="wf_mun",
        )
        cors = data.corridors(cvegeo=mun)  # only the chosen municipality's corridors
        cor_names: dict[str, str] = {"": "—", **dict(zip(cors["corridor_id"], cors["name"], strict=True))}
        cor: str = st.selectbox(
            t("corridor"),
            ["", *(str(c) for c in cors["corridor_id"])],
            format_func=lambda c: str(cor_names.get(c, c)),
            key="wf_cor",
        )
        place = st.text_input(t("admin_place"), key="wf_place", max_chars=300)
        with st.expander(t("wf_point")):
            point = admin.workshop_point(mun, cor or None)
        g1, g2, g3 = st.columns(3)
        women = g1.number_input(t("women"), 0, 10_000, 0, key="wf_women")
        men = g2.number_input(t("men"), 0, 10_000, 0, key="wf_men")
        other = g3.number_input(t("gender_other"), 0, 10_000, 0, key="wf_other")
        a1, a2, a3, a4, a5 = st.columns(5)
        children = a1.number_input(t("children"), 0, 10_000, 0, key="wf_children")
        adolescents = a2.number_input(t("adolescents"), 0, 10_000, 0, key="wf_adolescents")
        adults = a3.number_input(t("adults"), 0, 10_000, 0, key="wf_adults")
        older = a4.number_input(t("older_adults"), 0, 10_000, 0, key="wf_older")
        disability = a5.number_input(t("with_disability"), 0, 10_000, 0, key="wf_disability")
        comments = st.text_area(t("admin_comments"), key="wf_comments", max_chars=20_000)
        wf_mix = st.checkbox(t("admin_mix"), key="wf_mix") if data.is_sample() else False
        sent = st.button(t("admin_save"), key="wf_save", type="primary")
    ages_given = bool(children or adolescents or adults or older)
    if sent:
        total = int(women + men + other)
        values: dict[str, object] = {
            "event_id": admin.new_event_id(),
            "event_date": date.isoformat(),
            "kind": kind_ev,
            "cvegeo": mun,
            "corridor_id": cor or None,
            "place": place,
            "participants_total": total,
            "women": women,
            "men": men,
            "gender_other": other,
            "children": children if ages_given else None,  # all at 0: ages not recorded
            "adolescents": adolescents if ages_given else None,
            "adults": adults if ages_given else None,
            "older_adults": older if ages_given else None,
            "with_disability": disability,
            **({"lon": point[0], "lat": point[1]} if point else {}),
        }
        problems = admin.workshop_problems(values, data.today())
        if problems:
            st.error(t("wf_not_saved") + "\n\n" + "\n".join(f"- {p}" for p in problems), icon=":material/error:")
        else:
            reports = admin.record_workshop(
                values, [c.strip() for c in comments.splitlines() if c.strip()], who, mix_with_sample=wf_mix
            )
            main = admin.main_report(reports)
            admin.show_report(main)
            for extra in reports:
                if extra is not main:
                    st.caption(textsafe.markdown_literal(" · ".join(extra.lines(limit=5))))
