"""Metodología: generated from the indicator registry, plus data caveats."""

import streamlit as st

from nlmobility import indicators
from nlmobility.ui import page
from nlmobility.ui.i18n import label, lang, t

page.header("page_metodologia")
st.write(t("met_intro"))
focus = indicators.BY_KEY.get(st.query_params.get("ind", ""))  # arriving from a figure's "how it is computed" link
if focus is not None:
    st.success(t("met_focus", name=focus.name(lang())), icon=":material/functions:")
for ind in indicators.REGISTRY:
    st.header(ind.name(lang()), anchor=indicators.anchor(ind.key))
    st.markdown(f"**{t('what_means')}** {ind.explainer(lang())}")
    st.markdown(
        f"- **{t('unit')}:** {ind.unit_in(lang())}\n- **{t('formula')}:** `{ind.formula_in(lang())}`\n"
        f"- **{t('source')}:** `{ind.source}`\n"
        f"- **{t('direction')}:** {label('dir', ind.direction)}"
    )
st.header(t("caveats"))
st.markdown(t("caveats_text"))
if focus is not None:
    page.scroll_to(indicators.anchor(focus.key))
