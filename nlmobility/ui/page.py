"""What every page is made of: its header and notices, empty states, tables, charts, links to Metodología."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from nlmobility import basemap, indicators, links, reference, textsafe
from nlmobility.ingest import kinds
from nlmobility.ui import charts, data, filterbar, fmt
from nlmobility.ui.i18n import label, lang, t

#: The Metodología page script (target of every "how it is computed" link).
METODOLOGIA = "app_pages/metodologia.py"


def header(title_key: str, *, compact: bool = False) -> None:
    """Title, pending share-link notices and the sample-data notice (every page).

    Notice values come from validated parameters or the dataset; they are shown as plain text.
    ``compact`` (Modo taller on a projector) says the same in one line under a small title.
    """
    st.title(t(title_key))
    for key, kwargs in filterbar.pop_notices():  # values may come from the address bar: shown as text
        st.warning(t(key, **{k: textsafe.markdown_literal(v) for k, v in kwargs.items()}), icon=":material/warning:")
    if data.pinned():
        st.button(t("see_current"), key="nlm_unpin", on_click=data.unpin, icon=":material/update:")
    if compact:
        real = data.data_sources()
        names = ", ".join(textsafe.markdown_literal(n) for n in real.loc[~real["is_sample"], "title"].drop_duplicates())
        what = "mixed_short" if data.is_mixed() else ("sample_short" if data.is_sample() else "real_short")
        version = textsafe.markdown_literal(data.version())
        st.caption(
            t(what, version=version, date=data_end_text(), sources=names),
            help=t("sample_notice", version=version) if what == "sample_short" else t("data_sources_help"),
        )
        return
    if data.is_sample() and data.is_mixed():
        real = data.data_sources()
        names = ", ".join(textsafe.markdown_literal(n) for n in real.loc[~real["is_sample"], "title"].drop_duplicates())
        st.warning(
            t("mixed_notice", sources=names, version=textsafe.markdown_literal(data.version())),
            icon=":material/join_inner:",
        )
    elif data.is_sample():
        st.info(t("sample_notice", version=textsafe.markdown_literal(data.version())), icon=":material/info:")
    st.caption(t("data_date", date=data_end_text()))
    basemap_notice()


def basemap_notice() -> None:
    """Say so when the basemap the deployer chose cannot be used (the maps fall back to the built-in one)."""
    problem = basemap.current().problem
    if problem:
        st.warning(t("basemap_problem", problem=textsafe.markdown_literal(problem)), icon=":material/map:")


def coverage_text(coverage: pd.DataFrame, cvegeo: str | None = None) -> str:
    """What the crash records cover, for a caption: "Apodaca 2021-01-01 – 2023-03-31; …" (or "—")."""
    areas = coverage if cvegeo is None else coverage[coverage["cvegeo"] == cvegeo]
    if areas.empty:
        return fmt.MISSING
    spans = areas.groupby("name", sort=False).agg(start=("date_from", "min"), end=("date_to", "max")).reset_index()
    if spans["start"].nunique() == 1 and spans["end"].nunique() == 1 and len(spans) > 3:
        return t(
            "coverage_all",
            n=len(spans),
            start=fmt.date_text(spans["start"].iloc[0]),
            end=fmt.date_text(spans["end"].iloc[0]),
        )
    return "; ".join(
        f"{textsafe.markdown_literal(r.name)} {fmt.date_text(r.start)} – {fmt.date_text(r.end)}"
        for r in spans.itertuples()
    )


def data_end_text() -> str:
    """The data's last day (``queries.data_end``) as text, or "sin dato" and the import that gives it."""
    end = data.data_date()
    return end.isoformat() if end else t("data_end_none")


def no_data_metric(label_text: str, kind: str, indicator: str) -> dict[str, Any]:
    """A metric's arguments for a figure with no data (never 0): "Sin dato", what is missing, and (in its help) the import."""
    return {
        "label": label_text,
        "value": t("no_data"),
        "delta": t(f"nodata_{kind}"),
        "delta_color": "off",
        "delta_arrow": "off",
        "help": no_data_help(kind, indicator),
    }


def no_data_help(kind: str, indicator: str) -> str:
    """The figure's explainer and the import that would give it its data."""
    return indicator_help(indicator) + "  \n" + t("no_data_kind", what=label("kind", kind), kind=kind.replace("_", "-"))


def victims_near_metric(
    k: Mapping[str, Any],
    window: tuple[dt.date, dt.date, bool] | None,
    *,
    year: int,
    buffer_m: int,
) -> dict[str, Any]:
    """Inicio's "crashes with victims near corridors" metric: the count and the change, or "sin dato" and why.

    No corridor in the area, or no covered day in the data's last year, is no data (never 0); a
    year the records do not cover before is no comparison (never "+0"). ``window`` is
    :func:`stats.year_to_date`.
    """
    common: dict[str, Any] = {"help": indicator_help("victims_near"), "delta_color": "off", "delta_arrow": "off"}
    if k["n_finished"] + k["n_in_works"] + k["n_planned"] == 0:
        return {
            **no_data_metric(t("kpi_victims", buffer=buffer_m, year=year), "corridors", "victims_near"),
            "help": no_data_help("corridors", "victims_near"),
        }
    if window is None:
        return {
            "label": t("kpi_victims", buffer=buffer_m, year=year),
            "value": t("no_data"),
            "delta": t("kpi_victims_not_covered", year=year),
            **{**common, "help": no_data_help("crashes", "victims_near")},
        }
    start, end, before = window
    whole = start == dt.date(year, 1, 1) and end == dt.date(year, 12, 31)
    label_text = (
        t("kpi_victims", buffer=buffer_m, year=year)
        if whole
        else t("kpi_victims_part", buffer=buffer_m, start=start.isoformat(), end=end.isoformat())
    )
    if not before:
        return {
            "label": label_text,
            "value": f"{k['victims_near_this_year']:,}",
            "delta": t("kpi_victims_no_before", prev=year - 1),
            **common,
        }
    change = k["victims_near_this_year"] - k["victims_near_last_year"]
    return {
        "label": label_text,
        "value": f"{k['victims_near_this_year']:,}",
        "delta": t("kpi_victims_delta" if whole else "kpi_victims_delta_part", delta=change, prev=year - 1),
        "delta_color": "inverse",
        "help": common["help"],
    }


def crash_empty_state(unknown: int, severity: str) -> None:
    """An empty crash view: records whose severity is unknown hidden by a severity filter are no data, not 0.

    ``unknown`` is the count of unknown-severity crashes in the area and period (``stats.unknown_severity``).
    """
    if unknown and severity != "all":
        st.info(
            t("empty_severity_unknown", n=fmt.count(unknown), severity=label("sev", severity)), icon=":material/help:"
        )
    else:
        empty_state("crashes")


def empty_state(kind: str | None = None) -> None:
    """The message shown where there is nothing to show: the import that would fill an empty table, else the filters."""
    if kind is not None and data.table_counts().get(kinds.KINDS[kind].table, 0) == 0:
        st.info(t("no_data_kind", what=label("kind", kind), kind=kind.replace("_", "-")), icon=":material/upload_file:")
    else:
        st.info(t("empty"), icon=":material/search_off:")


def indicator_help(key: str) -> str:
    """Tooltip text for a figure: the plain-language explainer and a pointer to Metodología."""
    ind = indicators.BY_KEY[key]
    return f"{ind.explainer(lang())}  \n{t('how_computed')}: {t('page_metodologia')} → {ind.name(lang())}"


def indicator_link(key: str) -> None:
    """A small link to the indicator's entry on the Metodología page."""
    ind = indicators.BY_KEY[key]
    st.page_link(
        METODOLOGIA,
        label=f"{t('how_computed')}: {ind.name(lang())}",
        icon=":material/functions:",
        query_params={"ind": key},
    )


def qr_image(png: bytes, *, alt: str, caption: str, width: int = 180) -> None:
    """A QR code image with alternative text (``st.image`` has none): inline PNG, escaped text.

    Never wider than its container (a phone's popover or expander): it shrinks, keeping its shape.
    """
    data_uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    st.html(
        f'<figure style="margin:0;text-align:center"><img src="{data_uri}" alt="{html.escape(alt)}" '
        f'width="{int(width)}" height="{int(width)}" style="max-width:100%;height:auto;image-rendering:pixelated">'
        f'<figcaption style="font-size:0.8rem;color:#5c5b59">{html.escape(caption)}</figcaption></figure>'
    )


_COPY_JS = """<script>(function(){var id=%(id)s,text=%(text)s,label=%(label)s,done=%(done)s;
function find(){return document.getElementById(id)||window.parent.document.getElementById(id);}
var b=find();if(!b){return;}
function said(){b.textContent=done;setTimeout(function(){b.textContent=label;},2500);}
function fallback(){var d=b.ownerDocument,a=d.createElement('textarea');a.value=text;a.setAttribute('readonly','');
a.style.position='fixed';a.style.opacity='0';d.body.appendChild(a);a.select();
try{if(d.execCommand('copy')){said();}}catch(e){}d.body.removeChild(a);}
b.addEventListener('click',function(){if(navigator.clipboard&&window.isSecureContext){
navigator.clipboard.writeText(text).then(said,fallback);}else{fallback();}});})();</script>"""


def copy_button(text: str, *, label: str, done: str) -> None:
    """A button that copies ``text`` to the clipboard (also over plain http, where the Clipboard API is off).

    ``text`` reaches the script as a JSON string literal (``<`` escaped), never as HTML; the button's
    words are escaped. Says ``done`` for a moment after copying (announced to screen readers).
    """
    import hashlib

    ident = "nlm-copy-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    def js(v: str) -> str:
        return json.dumps(v).replace("<", "\\u003c")

    st.html(
        f'<button type="button" id="{ident}" aria-live="polite" style="min-height:44px;padding:0.25rem 0.9rem;'
        "border:1px solid rgba(49,51,63,0.3);border-radius:0.5rem;background:#fff;color:#1f1f1f;"
        f'font:inherit;cursor:pointer">{html.escape(label)}</button>'
        + _COPY_JS
        % {"id": js(ident), "text": js(text), "label": js(label), "done": js(done)},
        unsafe_allow_javascript=True,
    )


def public_link(path: str, query: str) -> str:
    """The address of app page ``path`` with ``query`` for links and QR codes (``NLMOBILITY_PUBLIC_URL`` when set).

    A malformed ``NLMOBILITY_PUBLIC_URL`` is named in an error and the browser's address is used.
    """
    seen = st.context.url or ""
    try:
        return links.page_url(seen, path, query)
    except links.PublicUrlError as e:
        st.error(t("public_url_invalid", error=textsafe.markdown_literal(str(e))), icon=":material/error:")
        return links.page_url_quiet(seen, path, query)


def local_link_warning(link: str, *, compact: bool = False) -> None:
    """Warn when a link or QR code can only be opened on this computer (localhost); ``compact``: one short line."""
    if not links.is_local(link):
        return
    if compact:
        st.badge(
            t("link_is_local_short"),
            icon=":material/wifi_off:",
            color="orange",
            help=t("link_is_local", var=links.ENV_PUBLIC_URL),
        )
    else:
        st.warning(t("link_is_local", var=links.ENV_PUBLIC_URL), icon=":material/wifi_off:")


#: Scroll to an element once it exists (a shared link's card is drawn after the map: seconds on a phone), then
#: once more if what was drawn above it pushed it out of view; a reader who scrolls meanwhile is left alone.
#: No "<" in the script: Streamlit's sanitiser drops an element whose text holds "<" before a letter or digit.
#: The browser window remembers the last ``once`` key it scrolled for, so the script can be sent on every run
#: (a run cut short by a rerun loses its elements) and still scrolls once per page load and key.
_SCROLL_JS = """<script>(function(){var id=%(id)s,key=%(key)s;var w=window.parent||window;
if(w.__nlmScrolledFor===key)return;var t0=Date.now();var tries=0;var moved=false;var d=w.document;
d.addEventListener('wheel',function(){moved=true;},{once:true,passive:true});
d.addEventListener('touchmove',function(){moved=true;},{once:true,passive:true});
function go(){if(moved)return;var e=d.getElementById(id)||document.getElementById(id);
if(!e){if(20000>Date.now()-t0)setTimeout(go,250);return;}
w.__nlmScrolledFor=key;var top=e.getBoundingClientRect().top;if(Math.abs(top)>24)e.scrollIntoView({block:'start'});
if(4>++tries)setTimeout(go,600);}
setTimeout(go,200);})();</script>"""


def scroll_to(anchor: str, *, once: str | None = None) -> None:
    """Scroll the page to the heading with this anchor (only registry anchors: fixed, never user text).

    With ``once``, the browser scrolls only the first time it sees that key on this page load: the
    call can be repeated on every run without pulling a reader back.
    """

    def js(v: str) -> str:
        return json.dumps(v).replace("<", "\\u003c")

    st.html(
        _SCROLL_JS % {"id": js(anchor), "key": js(once or anchor + str(dt.datetime.now()))},
        unsafe_allow_javascript=True,
    )


#: Rows shown as cards on a phone (the downloads and the desktop view hold every row).
PHONE_ROWS = 40


def on_phone() -> bool:
    """Whether the browser says it is a phone (its User-Agent names "Mobile" or "Android")."""
    agent = st.context.headers.get("User-Agent") or ""
    return "Mobile" in agent or "Android" in agent


def table(df: pd.DataFrame, **kwargs: Any) -> None:
    """Every table of the app: see :func:`fmt.for_display`; full width, no index.

    On a phone a table of more than two columns would be cut at the screen's edge: each row is
    shown as a small card (header: value) instead, every column readable. On a desktop a table of
    at most :data:`STATIC_ROWS` rows is a page table (its text wraps, every column in view); a
    longer one, or one with other column settings, is ``st.dataframe`` (it scrolls and sorts).
    """
    config = kwargs.get("column_config") or {}
    if config:  # configs name the original columns: follow the translated headers
        names = fmt.headers(config)
        kwargs["column_config"] = config = {names.get(k, k): v for k, v in config.items()}
    types = {k: v.get("type_config", {}).get("type") if isinstance(v, dict) else None for k, v in config.items()}
    bars = {k for k, v in types.items() if v == "progress"}
    links = {k for k, v in types.items() if v == "link"}
    phone = on_phone()
    if not phone and set(types.values()) <= {"progress", "link", "text"} and len(df) <= STATIC_ROWS:
        static_table(df, percent=bars, links=links)
        return
    kinds = _kinds(df)
    shown = fmt.for_display(df, keep_numeric=set() if phone else bars)
    if phone and shown.shape[1] > 2:
        _cards(shown, links, kinds)
        return
    for (
        col
    ) in shown.columns:  # numbers written as everywhere else ("2,268", "$11.5 M MXN", "1.9 km"), sorting kept numeric
        if col in config or not pd.api.types.is_numeric_dtype(shown[col]) or pd.api.types.is_bool_dtype(shown[col]):
            continue
        written = fmt.number_format(kinds.get(col), shown[col])
        if written is not None:
            shown[col] = written[0]
            config[col] = st.column_config.NumberColumn(format=written[1])
    if config:
        kwargs["column_config"] = config
    st.dataframe(shown, **{"hide_index": True, "width": "stretch", **kwargs})


#: A desktop table of at most this many rows (bars as shares, links as links) is drawn as a page table: its text wraps
#: instead of being cut at a column's edge, every column stays in view at 1440 px, and its type follows the page.
STATIC_ROWS = 30


#: A cell that is a date (kept on one line), and a number before "%" (never parted from it).
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER_PERCENT = re.compile(r"(?<=\d) %")


def _unbroken(text: str) -> str:
    """``text`` with a date cell and percentages kept on one line (a word joiner after a date's hyphens, a
    no-break space before "%"): "2023-03-15" never wraps as "2023-03-" / "15"; a timestamp may still break."""
    if _DATE.fullmatch(text):
        text = text.replace("-", "-\u2060")
    return _NUMBER_PERCENT.sub("\u00a0%", text)


def _kinds(df: pd.DataFrame) -> dict[str, str | None]:
    """Each column's kind (:func:`fmt.column_kind`, from the data's own column names), by its translated header."""
    names = fmt.headers(df.columns)
    return {names.get(c, c): fmt.column_kind(c, df[c]) for c in df.columns}


def static_table(df: pd.DataFrame, *, percent: Iterable[str] = (), links: Iterable[str] = ()) -> None:
    """``df`` as a page table (``st.table``: its text wraps and follows the page's type size), every value
    written as everywhere else and shown literally; columns (translated headers) in ``percent`` (bars in
    an interactive table) as "55 %", in ``links`` as a link to their http(s) address."""
    kinds = _kinds(df)
    shown = fmt.for_display(df, keep_numeric=df.columns)  # numbers kept, so that each column is written one way
    shares, addresses = set(percent), set(links)

    def cells(col: str) -> list[str]:
        if col in addresses:
            return [_link_cell(v) for v in shown[col]]
        texts = [fmt.progress(v) for v in shown[col]] if col in shares else fmt.column_texts(shown[col], kinds.get(col))
        return [textsafe.markdown_literal(_unbroken(text)) for text in texts]

    written = pd.DataFrame({textsafe.markdown_literal(str(col)): cells(str(col)) for col in shown.columns})
    st.table(written, hide_index=True, border="horizontal")


def _link_cell(value: object) -> str:
    """A link cell: "[Abrir](address)" for an http(s) address (percent-encoded: it cannot break out), else the text."""
    address = textsafe.markdown_url(value) if fmt.present(value) else None
    if address is None:
        return textsafe.markdown_literal(fmt.cell_text(value))
    return f"[{textsafe.markdown_literal(t('open_link'))}]({address})"


def _cards(shown: pd.DataFrame, links: set[str], kinds: Mapping[str, str | None]) -> None:
    """Rows as cards, every value as plain text written as on a desktop table; link columns as buttons to
    their (validated) address."""
    for _, row in shown.head(PHONE_ROWS).iterrows():
        with st.container(border=True):
            lines, buttons = [], []
            for col, value in row.items():
                text = fmt.value_text(value, kinds.get(str(col)))
                if col in links and text.startswith(("https://", "http://")):
                    buttons.append((f"{col}: {t('open_link')}", text))
                else:
                    lines.append(f"**{textsafe.markdown_literal(str(col))}:** {textsafe.markdown_literal(text)}")
            st.markdown("  \n".join(lines))
            for name, address in buttons:  # after the text they belong to
                st.link_button(name, address)
    if len(shown) > PHONE_ROWS:
        st.caption(t("phone_rows", n=PHONE_ROWS, total=fmt.count(len(shown))))


def table_or_empty(df: pd.DataFrame, **kwargs: Any) -> None:
    """:func:`table`, or the empty state when ``df`` has no rows."""
    if df.empty:
        empty_state()
    else:
        table(df, **kwargs)


def exposure_limits(r: Mapping[str, Any]) -> str:
    """What a corridor's counts of people cover and why its rate per passage is an upper bound (a row of ``corridor_exposure``)."""

    def hour(h: Any, shift: int = 0) -> str:
        return f"{int(h) + shift:02d}:00" if fmt.present(h) else fmt.MISSING

    return t(
        "exp_limits",
        sites=int(r["sites"]),
        days=int(r["site_days"]),
        first=fmt.date_text(r["first_day"]),
        last=fmt.date_text(r["last_day"]),
        h1=hour(r["first_hour"]),
        h2=hour(r["last_hour"], 1),
    )


def participation_metrics(tot: dict[str, Any], *, per_row: int = 4) -> None:
    """Events, participants, women's share and people with disability (small counts hidden), ``per_row``
    to a row (4: one row; 2: two by two, whole labels at a room's type size)."""
    c1, c2, c3, c4 = [c for _ in range(4 // per_row) for c in st.columns(per_row)]
    c1.metric(t("events"), fmt.count(tot["events"]))
    c2.metric(t("participants"), fmt.suppress(tot["total"]), help=indicator_help("participants"))
    c3.metric(t("women"), fmt.percent(tot["women"], tot["total"]), help=indicator_help("women_share"))
    c4.metric(
        t("with_disability"), fmt.suppress(tot["with_disability"]), help=indicator_help("participants_disability")
    )


def population_source() -> str:
    """Where the municipalities' population comes from: as stored with it, else the sample's census figures."""
    m = data.dataset_meta()
    if m.get("population_source"):
        return m["population_source"]
    return reference.POPULATION_SOURCE if data.is_sample() else t("population_source_file")


def municipal_rates(mun: pd.DataFrame) -> None:
    """Crashes per 100,000 inhabitants per covered year, only where both the population and the records exist.

    A municipality without population, or that no crash file covers, has no rate: it is named
    (with the import that would give it), never drawn as a bar at 0.
    """
    rated = mun[mun["per_100k_year"].notna()]
    covered = mun["covered_years"] > 0
    no_population = mun[covered & mun["population"].isna()]
    uncovered = mun[~covered]

    def names(df: pd.DataFrame) -> str:
        return ", ".join(textsafe.markdown_literal(str(n)) for n in df["name"])

    if rated.empty:
        st.info(t("mun_no_rate", names=names(no_population) or fmt.MISSING), icon=":material/upload_file:")
    else:
        bar(
            rated.assign(rate=rated["per_100k_year"].round(0)),
            "name",
            "rate",
            x_title=t("municipality"),
            y_title=t("per_100k"),
            horizontal=True,
        )
        st.caption(t("mun_population_source", source=textsafe.markdown_literal(population_source())))
    if not rated.empty and not no_population.empty:
        st.caption(t("mun_no_population", names=names(no_population)))
    if not uncovered.empty:
        st.caption(t("mun_not_covered", names=names(uncovered)))


def bar(
    df: pd.DataFrame, x: str, y: str, *, x_title: str, y_title: str, color: str = "#0B7A4B", horizontal: bool = False
) -> None:
    """A bar chart of ``y`` by ``x`` (horizontal: sorted, largest first)."""
    category, value = charts.field(x, "N", x_title, sort="-x" if horizontal else None), charts.field(y, "Q", y_title)
    charts.show(
        df,
        {"type": "bar", "color": color},
        {
            "x": value if horizontal else category,
            "y": category if horizontal else value,
            "tooltip": [charts.tip(x, "N"), charts.tip(y, "Q")],
        },
    )
