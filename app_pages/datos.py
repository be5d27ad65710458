"""Datos abiertos: every table in open formats honouring the filters, dictionary, sources, imports."""

import json

import pandas as pd
import streamlit as st

from nlmobility import datapackage, dictionary, export, links, textsafe
from nlmobility.ui import data, filterbar, page
from nlmobility.ui.i18n import lang, pick, t

MAX_BROWSER_ROWS = 600_000

f = filterbar.current()
page.header("page_datos")
st.write(t("od_intro"))
st.markdown(f"**{t('version')}:** {textsafe.markdown_literal(data.version())}")

names = {tb.name: str(pick(tb, "title")) for tb in dictionary.TABLES}
c1, c2 = st.columns([2, 1])
table = c1.selectbox(
    t("table"), [n for n in names if n != "dataset_meta"], key="od_table", format_func=lambda n: f"{names[n]} ({n})"
)
file_format = c2.selectbox(
    t("format"),
    list(export.FORMATS),
    key="od_format",
    format_func=lambda x: {"csv": "CSV", "geojson": "GeoJSON", "parquet": "GeoParquet"}[x],
)
n = data.filtered_count(table, f)
honours = export.table_filter(table)


def _names(which: tuple[str, ...]) -> str:
    return ", ".join(t(f"od_f_{w}", m=f.buffer_m) for w in which)


if honours.honours:  # say which of the page's filters this download honours, and which it cannot
    said = [t("filtered_rows", n=f"{n:,}"), t("od_applied", names=_names(honours.honours))]
    if honours.ignores:
        said.append(t("od_ignored", names=_names(honours.ignores)))
    st.caption(" · ".join(said))
else:
    st.caption(t("od_unfiltered", n=f"{n:,}"))
if n > MAX_BROWSER_ROWS:
    st.warning(t("too_many", n=f"{n:,}"))
elif st.toggle(t("prepare"), key="od_prepare"):
    frame = data.filtered_table_uncached(table, f)
    st.download_button(
        f"{t('download')} {table}.{export.EXTENSION[file_format]} ({len(frame):,} {t('rows')})",
        export.to_bytes(frame, file_format),
        file_name=f"{table}.{export.EXTENSION[file_format]}",
        mime=export.MIME[file_format],
        key="od_download",
    )
    if file_format == "csv":  # the table's description beside it (Frictionless Table Schema)
        name = datapackage.csv_name(table)
        described = datapackage.package(
            {table: name}, dataset_meta=data.dataset_meta(), sources=data.data_sources(), version=data.version()
        )
        st.download_button(
            t("od_datapackage"),
            json.dumps(described, ensure_ascii=False, indent=1).encode("utf-8"),
            file_name="datapackage.json",
            mime="application/json",
            key="od_datapackage",
        )

st.header(t("oc4ids_title"))
st.write(t("oc4ids_text"))
if data.corridors().empty:  # OC4IDS needs at least one project
    page.empty_state("corridors")
else:
    st.download_button(
        t("oc4ids_download"),
        data.oc4ids_json(page.public_link("datos", "") if links.configured_base() else None),
        file_name="corredores-oc4ids.json",
        mime="application/json",
        key="od_oc4ids",
        icon=":material/account_tree:",
    )

st.header(t("dictionary"))
page.table(pd.DataFrame(dictionary.rows(lang())), height=320)

st.header(t("sources"))
if data.is_sample():
    st.markdown(t("sources_text", licence=textsafe.markdown_literal(data.dataset_meta().get("licence", "CC BY 4.0"))))
page.table_or_empty(data.data_sources())  # one row per source: publisher, licence, sample or not, rows

st.header(t("imports"))
page.table(data.import_log())
