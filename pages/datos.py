"""Datos abiertos: every table in open formats honouring the filters, dictionary, sources, imports."""

import pandas as pd
import streamlit as st

from nlmobility import dictionary, export, queries
from nlmobility.ui import data, widgets
from nlmobility.ui.i18n import lang, t

MAX_BROWSER_ROWS = 600_000

f = widgets.current()
widgets.page_header("page_datos")
st.write(t("od_intro"))
st.markdown(f"**{t('version')}:** `{data.version()}`")

names = {tb.name: (tb.es if lang() == "es" else tb.en) for tb in dictionary.TABLES}
c1, c2 = st.columns([2, 1])
table = c1.selectbox(t("table"), [n for n in names if n != "dataset_meta"], key="od_table", format_func=lambda n: f"{names[n]} ({n})")
fmt = c2.selectbox(t("format"), list(export.FORMATS), key="od_format", format_func={"csv": "CSV", "geojson": "GeoJSON", "parquet": "GeoParquet"}.get)
n = data.q("filtered_count", table, f)
st.caption(t("filtered_rows", n=f"{n:,}") + (f" · {', '.join(sorted(queries.export_params(table, f)))}" if table in queries.EXPORT_FILTERS else ""))
if n > MAX_BROWSER_ROWS:
    st.warning(t("too_many", n=f"{n:,}"))
elif st.toggle(t("prepare"), key="od_prepare"):
    frame = data.fresh("filtered_table", table, f)
    st.download_button(f"{t('download')} {table}.{export.EXTENSION[fmt]} ({len(frame):,} {t('rows')})", export.to_bytes(frame, fmt),
                       file_name=f"{table}.{export.EXTENSION[fmt]}", mime=export.MIME[fmt], key="od_download")

st.header(t("dictionary"))
widgets.table(pd.DataFrame(dictionary.rows(lang())), height=320)

st.header(t("sources"))
st.markdown(t("sources_text", licence=data.meta().get("licence", "CC BY 4.0")))

st.header(t("imports"))
widgets.table(data.q("import_log"))
