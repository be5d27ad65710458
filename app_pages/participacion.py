"""Participación: events over time and on the map, breakdowns, comments and replies."""

import pandas as pd
import streamlit as st

from nlmobility import indicators, stats, textsafe
from nlmobility.ui import charts, data, filterbar, fmt, mapview, page
from nlmobility.ui.i18n import t

f = filterbar.current()
page.header("page_participacion")

tot = data.participation_totals(f)
if tot["events"] == 0:
    page.empty_state("participation_events")
    st.stop()

page.participation_metrics(tot)

g1, g2 = st.columns(2)
with g1:
    st.header(t("by_gender"))
    gender = pd.DataFrame(
        {"k": [t("women"), t("men"), t("gender_other")], "n": [tot["women"], tot["men"], tot["gender_other"]]}
    )
    page.table(
        gender.assign(n=gender["n"].map(fmt.suppress)).rename(columns={"k": t("by_gender"), "n": t("participants")})
    )
with g2:
    st.header(t("by_age"))
    ages = pd.DataFrame(
        {
            "k": [t("children"), t("adolescents"), t("adults"), t("older_adults")],
            "n": [tot["children"], tot["adolescents"], tot["adults"], tot["older_adults"]],
        }
    )
    page.table(ages.assign(n=ages["n"].map(fmt.suppress)).rename(columns={"k": t("by_age"), "n": t("participants")}))
st.caption(t("suppressed", n=indicators.SUPPRESS_UNDER))
page.indicator_link("participants_by_age")

ev = data.participation_events(f)
st.header(t("events_over_time"))
per_q = stats.events_per_quarter(ev)
charts.show(
    per_q,
    {"type": "bar", "color": "#CC79A7"},
    {
        "x": charts.field("q", "N", t("period")),
        "y": charts.field("participants", "Q", t("participants")),
        "tooltip": [charts.tip("q", "N"), charts.tip("events", "Q"), charts.tip("participants", "Q")],
    },
)
st.header(t("events_map"))
mapview.corridor_map(f, layers={"limits", "events"}, key="part_map", height=380)

st.header(t("comments_by_topic"))
topics = data.comments_by_topic(f)
if topics.empty:
    page.empty_state("participation_comments")
else:
    page.table(
        topics.assign(reply_rate=(100 * topics["reply_rate"]).round(0))
        .rename(
            columns={
                "topic": t("topic"),
                "comments": t("comments"),
                "replied": t("replied"),
                "reply_rate": t("reply_rate"),
            }
        )
        .drop(columns=["median_reply_days"]),
        column_config={t("reply_rate"): st.column_config.ProgressColumn(format="%d %%", min_value=0, max_value=100)},
    )
    page.indicator_link("reply_rate")
    st.header(t("latest_comments"))
    topic_labels: dict[str, str] = {"": t("all_topics"), **{v: textsafe.display(v) for v in topics["topic"]}}
    topic = st.selectbox(t("topic"), list(topic_labels), key="part_topic", format_func=topic_labels.__getitem__) or None
    for r in data.comments_latest(f, topic=topic, limit=15).itertuples():
        with st.container(border=True):
            corridor = textsafe.markdown_literal(r.corridor if fmt.present(r.corridor) else "")
            st.caption(f"{fmt.date_text(r.comment_date)} · {textsafe.markdown_literal(r.topic)} · {corridor}")
            st.markdown(textsafe.markdown_literal(r.text))
            if fmt.present(r.reply_text):
                who = f"{textsafe.markdown_literal(r.replied_by)}, {fmt.date_text(r.reply_date)}"
                st.markdown(f"**{t('official_reply')}** ({who}): {textsafe.markdown_literal(r.reply_text)}")
            else:
                st.caption(t("no_reply"))
