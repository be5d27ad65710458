"""AppTest: every page on the fixture database, figures checked against independent computations."""

from __future__ import annotations

import datetime as dt
import pathlib

import numpy as np
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from nlmobility import db, indicators, reference
from nlmobility.ui import fmt
from tests import shown

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")
PAGES = {
    "app_pages/inicio.py": ("Corredores Verdes", "Green Corridors"),
    "app_pages/mapa.py": ("Mapa de corredores", "Corridor map"),
    "app_pages/seguridad.py": ("Seguridad vial", "Road safety"),
    "app_pages/participacion.py": ("Participación", "Participation"),
    "app_pages/avance.py": ("Avance del compromiso", "Commitment progress"),
    "app_pages/datos.py": ("Datos abiertos", "Open data"),
    "app_pages/metodologia.py": ("Metodología", "Methodology"),
    "app_pages/taller.py": ("Modo taller", "Workshop mode"),
}


@pytest.fixture()
def open_page(fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))

    def _open(page: str = "app_pages/inicio.py", **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        if page != "app_pages/inicio.py":
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return _open


@pytest.fixture(scope="module")
def frames(fixture_db: pathlib.Path) -> dict[str, pd.DataFrame]:
    """The fixture's tables as plain pandas/GeoPandas frames (UTM read back from WKB)."""
    con = db.connect(fixture_db)
    try:
        out = {
            "crash": con.execute(
                "SELECT crash_id, occurred_at, severity, pedestrian, cvegeo, ST_X(geom_utm) AS x, ST_Y(geom_utm) AS y FROM crash"
            ).df(),
            "corridor": con.execute(
                "SELECT corridor_id, name, status, cvegeo, works_start, opening_date, length_m, ST_AsWKB(geom_utm) AS wkb FROM corridor"
            ).df(),
            "event": con.execute("SELECT * EXCLUDE (geom, geom_utm) FROM participation_event").df(),
            "milestone": con.execute("SELECT * FROM milestone").df(),
        }
    finally:
        con.close()
    out["corridor"]["geometry"] = shapely.from_wkb([bytes(b) for b in out["corridor"]["wkb"]])
    return out


def metric(at: AppTest, starts: str) -> str:
    for m in at.metric:
        if m.label.startswith(starts):
            return m.value
    raise AssertionError(f"no metric starting with {starts!r}: {[m.label for m in at.metric]}")


def near(frames: dict[str, pd.DataFrame], corridor_ids: list[str], buffer_m: float = 50.0) -> pd.Series:
    """Independent distance test with shapely on the UTM coordinates."""
    k = frames["crash"]
    pts = shapely.points(k["x"].to_numpy(), k["y"].to_numpy())
    lines = frames["corridor"].set_index("corridor_id").loc[corridor_ids, "geometry"]
    mask = np.zeros(len(k), dtype=bool)
    for line in lines:
        mask |= shapely.dwithin(line, pts, buffer_m)
    return pd.Series(mask, index=k.index)


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_with_title_and_sample_notice(open_page, page: str) -> None:
    at = open_page(page)
    assert [t.value for t in at.title] == [PAGES[page][0]]
    notices = [i.value for i in at.info] + [c.value for c in at.caption]  # Modo taller: one compact line
    assert any("Datos de muestra" in v for v in notices), "sample-data notice missing"


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_switches_to_english(open_page, page: str) -> None:
    at = open_page(page, lang="en")
    assert [t.value for t in at.title] == [PAGES[page][1]]
    assert any("Sample data" in v for v in [i.value for i in at.info] + [c.value for c in at.caption])


def test_inicio_figures_match_independent_computation(open_page, frames) -> None:
    at = open_page()
    c = frames["corridor"]
    km = c.loc[c["status"] == "finished", "length_m"].sum() / 1000
    assert metric(at, "Km terminados") == f"{km:.1f} km"
    assert metric(at, "Corredores") == str(len(c))
    k = frames["crash"]
    victims = k["severity"].isin(["injury", "fatal"]) & near(frames, c["corridor_id"].tolist())
    this_year = int((victims & (k["occurred_at"].dt.year == 2025)).sum())
    assert metric(at, "Siniestros con víctimas") == f"{this_year:,}"
    ev = frames["event"]
    assert metric(at, "Personas participantes") == f"{int(ev['participants_total'].sum()):,}"
    ms = frames["milestone"]
    gc = ms[ms["commitment_id"] == "MXMTY0005"]
    assert metric(at, "Hitos finalizados") == f"{int((gc['status'] == 'finished').sum())} / {len(gc)}"


def test_seguridad_before_after_matches_independent_computation(open_page, frames) -> None:
    at = open_page("app_pages/seguridad.py")
    c = frames["corridor"]
    k = frames["crash"]
    victims = k["severity"].isin(["injury", "fatal"])
    before = after = metro_before = metro_after = 0
    sites: list[tuple[int, int, int]] = []
    t = k["occurred_at"]
    rest = victims & ~near(frames, c["corridor_id"].tolist())  # the comparison: away from every corridor
    for r in c.dropna(subset=["opening_date"]).itertuples():
        opening = pd.Timestamp(r.opening_date)
        if opening + pd.DateOffset(months=12) > pd.Timestamp("2026-01-01"):
            continue  # after-window incomplete: not in the total
        works = pd.Timestamp(r.works_start)
        in_before = (t >= works - pd.DateOffset(months=12)) & (t < works)
        in_after = (t >= opening) & (t < opening + pd.DateOffset(months=12))
        m = near(frames, [r.corridor_id]) & victims
        before += int((m & in_before).sum())
        after += int((m & in_after).sum())
        metro_before += int((rest & in_before).sum())
        metro_after += int((rest & in_after).sum())
        sites.append((int((m & in_before).sum()), int((rest & in_before).sum()), int((rest & in_after).sum())))
    # The programme's answer comes first, in one sentence with its interval (nlmobility.safety's pooled EB).
    answer = next(m.value for m in at.markdown if "corredores con 12 meses completos" in m.value).replace("\\", "")
    assert f"({before:,} antes, {after:,} después)" in answer and "Empírico Bayes" in answer and "IC 95 %" in answer
    # The comparison-group design by hand: Hauer's odds ratio per corridor, summed over the corridors.
    designs = next(d for d in shown.tables(at) if "Diseño" in d.columns).set_index("Diseño")
    # The comparison ratio's error is shared by the corridors (one comparison area): summed as correlated.
    pi = own = shared = 0.0
    for nb, cb, ca in sites:
        ratio = (ca / cb) / (1 + 1 / cb)
        pi += nb * ratio
        own += (nb * ratio) ** 2 / nb
        shared += nb * ratio * np.sqrt(1 / cb + 1 / ca)
    var = own + shared**2
    theta = (after / pi) / (1 + var / pi**2)
    se = theta * np.sqrt(1 / after + var / pi**2) / (1 + var / pi**2)
    low, high = (theta * np.exp(s * 1.959964 * se / theta) for s in (-1, 1))
    row = designs.loc["con grupo de comparación"]
    assert (
        row["Cambio (IC 95 %)"]
        == f"{fmt.signed_pct(theta - 1)} ({fmt.signed_pct(low - 1)} a {fmt.signed_pct(high - 1)})"
    )
    assert row["Antes"] == before and row["Después"] == after
    # The planted 40 % drop lies in the pooled interval of each design that accounts for the trend, although
    # the sample's regression-to-the-mean trap makes the naive change overstate it.
    assert low - 1 <= -0.40 <= high - 1
    assert 100 * (after - before) / before < -45, "the trap's high before window inflates the naive change"


def test_participacion_figures_and_suppression(open_page, frames) -> None:
    at = open_page("app_pages/participacion.py", mun="19019")
    ev = frames["event"]
    ev = ev[ev["cvegeo"] == "19019"]
    assert metric(at, "Eventos") == f"{len(ev):,}"
    total = int(ev["participants_total"].sum())
    assert metric(at, "Participantes") == (f"{total:,}" if total >= 5 else "<5")
    assert metric(at, "Mujeres") == f"{100 * ev['women'].sum() / total:.0f} %"
    assert any("se ocultan" in c.value for c in at.caption)


@pytest.mark.parametrize("as_of", [dt.date(2023, 9, 1), dt.date(2024, 3, 15), dt.date(2026, 1, 1)], ids=str)
def test_avance_figures_match_independent_computation(open_page, frames, monkeypatch, as_of: dt.date) -> None:
    from nlmobility.ui import data

    monkeypatch.setattr(data, "today", lambda: as_of)  # the page's "as of" date, whatever today is
    at = open_page("app_pages/avance.py")
    assert any(as_of.isoformat() in c.value for c in at.caption)
    ms = frames["milestone"]
    gc = ms[ms["commitment_id"] == "MXMTY0005"]
    finished = int((gc["status"] == "finished").sum())
    assert metric(at, "Hitos finalizados") == f"{100 * finished / len(gc):.0f} %"
    overdue = int(((gc["status"] != "finished") & (pd.to_datetime(gc["planned_end"]).dt.date < as_of)).sum())
    assert metric(at, "Vencidos") == str(overdue)
    assert metric(at, "Atorados") == str(int((gc["status"] == "stuck").sum()))


def test_datos_filtered_count_honours_filters(open_page, frames) -> None:
    at = open_page("app_pages/datos.py", mun="19039", sev="fatal", periodo=["2021", "2023"])
    at.selectbox(key="od_table").set_value("crash").run()
    k = frames["crash"]
    n = int(
        ((k["cvegeo"] == "19039") & (k["severity"] == "fatal") & k["occurred_at"].dt.year.between(2021, 2023)).sum()
    )
    assert any(c.value.startswith(f"{n:,} filas") for c in at.caption), [c.value for c in at.caption]


def test_mapa_card_for_linked_corridor(open_page, frames) -> None:
    at = open_page("app_pages/mapa.py", cor="CV-PUENTE-VERDE")
    length = frames["corridor"].set_index("corridor_id").loc["CV-PUENTE-VERDE", "length_m"]
    assert metric(at, "Longitud") == f"{length / 1000:.2f} km"
    assert any("Puente Verde" in s.value for s in at.header)


def test_metodologia_lists_every_registered_indicator(open_page) -> None:
    at = open_page("app_pages/metodologia.py")
    heads = {s.value for s in at.header}
    for ind in indicators.REGISTRY:
        assert ind.name_es in heads, ind.key
    assert len([m for m in at.markdown if "Fórmula" in m.value]) == len(indicators.REGISTRY)


def test_share_link_round_trip(open_page) -> None:
    params = {
        "mun": "19039",
        "cor": "CV-OCAMPO",
        "periodo": ["2020", "2024"],
        "sev": "fatal",
        "modo": "pedestrian",
        "buf": "100",
    }
    at = open_page("app_pages/inicio.py", **params)
    f = at.session_state["nlm_filters"]
    assert (f.cvegeo, f.corridor_id, f.year_from, f.year_to, f.severity, f.mode, f.buffer_m) == (
        "19039",
        "CV-OCAMPO",
        2020,
        2024,
        "fatal",
        "pedestrian",
        100,
    )
    assert f.to_params(type(f)(year_from=2019, year_to=2025)) == {**params, "v": f.version}
    link = next(c.value for c in at.text if "v=muestra-" in c.value)
    assert "mun=19039" in link and "periodo=2020&periodo=2024" in link and "sev=fatal" in link


def test_invalid_share_link_values_fall_back_with_a_notice(open_page) -> None:
    at = open_page("app_pages/inicio.py", mun="99999", sev="<script>", periodo=["1900", "2020"], v="muestra-otra")
    warnings = " ".join(w.value for w in at.warning)
    assert "no son válidos" in warnings and "mun" in warnings and "sev" in warnings and "periodo" in warnings
    assert "versión de datos" in warnings
    f = at.session_state["nlm_filters"]
    assert (f.cvegeo, f.severity, f.year_from, f.year_to) == (None, "victims", 2019, 2025)


def test_empty_state_when_filters_match_nothing(open_page) -> None:
    at = open_page("app_pages/participacion.py", mun="19045")  # no events in Salinas Victoria
    assert any("No hay datos" in i.value for i in at.info)


def _shown_text(at: AppTest) -> list[str]:
    """Every caption, markdown block and table cell the page shows.

    A gap in a float column (a progress bar of unknown value) is drawn as an empty cell by the browser
    (checked in headless Chromium): empty here too. Gaps in any other column would print "None".
    """
    out = [e.value for e in (*at.caption, *at.markdown)]
    for df in at.dataframe:
        v = df.value
        cells = v.astype(object).where(~(v.isna() & v.dtypes.map(pd.api.types.is_float_dtype)), "").astype(str)
        out += [str(c) for c in v.columns] + [str(x) for x in cells.to_numpy().ravel()]
    for table in at.table:  # page tables: their cells as written (Markdown that shows the text literally)
        v = table.value
        out += [str(c) for c in v.columns] + [str(x) for x in v.to_numpy().ravel()]
    return out


@pytest.mark.parametrize(
    "page",
    [
        "app_pages/participacion.py",
        "app_pages/avance.py",
        "app_pages/seguridad.py",
        "app_pages/mapa.py",
        "app_pages/taller.py",
    ],
)
def test_no_pandas_noise_in_what_the_page_shows(open_page, page: str) -> None:
    """SQL NULLs and DATE columns reach pandas as NaN/NaT and midnight timestamps; none of that may show."""
    at = open_page(page, cor="CV-OCAMPO") if page == "app_pages/mapa.py" else open_page(page)
    shown = _shown_text(at)
    for noise in ("nan", "NaT", "None", "00:00:00"):
        assert not [s for s in shown if noise in s.split() or (noise == "00:00:00" and noise in s)], noise


def test_comment_without_reply_says_so_instead_of_an_empty_reply(open_page, fixture_db) -> None:
    con = db.connect(fixture_db)
    try:
        unreplied = con.execute(
            "SELECT count(*) FROM (SELECT * FROM participation_comment ORDER BY comment_date DESC, comment_id DESC LIMIT 15) "
            "WHERE reply_text IS NULL"
        ).fetchone()[0]
    finally:
        con.close()
    assert unreplied > 0, "the fixture should have recent comments without reply"
    at = open_page("app_pages/participacion.py")
    assert sum(c.value == "Sin respuesta todavía" for c in at.caption) >= 1
    assert not [m.value for m in at.markdown if m.value.startswith("**Respuesta oficial**") and "nan" in m.value]


def test_tables_with_gaps_serialise_to_arrow_without_streamlit_fixes() -> None:
    """Mixed text/number columns make Streamlit log a traceback and coerce; for_display avoids them."""
    import pyarrow as pa

    from nlmobility.ui import fmt

    df = pd.DataFrame(
        {
            "n_after": [3.0, np.nan],
            "actual_end": pd.to_datetime(["2024-01-31", None]),
            "planned_end": pd.to_datetime(["2024-01-31", "2024-02-29"]),
            "note": ["x", None],
            "rate": [1.25, 2.0],
        }
    )
    out = fmt.for_display(df)
    pa.Table.from_pandas(out)  # raises on mixed types
    assert out.iloc[:, 0].tolist() == ["3", "—"]
    assert out.iloc[:, 1].tolist() == ["2024-01-31", "—"]
    assert out.iloc[:, 2].tolist() == [dt.date(2024, 1, 31), dt.date(2024, 2, 29)]
    assert out.iloc[:, 3].tolist() == ["x", "—"]
    assert out["rate"].tolist() == [1.25, 2.0]
    assert list(out.columns)[:3] == ["n_after", "Fin real", "Fin planeado"]


def _opened_corridor(frames) -> pd.Series:
    """An opened corridor whose 12-month after-window is complete in the fixture (data to 2025-12-31)."""
    c = frames["corridor"].dropna(subset=["opening_date"])
    c = c[pd.to_datetime(c["opening_date"]) + pd.DateOffset(months=12) <= pd.Timestamp("2026-01-01")]
    return c.sort_values("opening_date").iloc[0]


def test_taller_steps_through_the_scenes_with_independent_figures(open_page, frames) -> None:
    r = _opened_corridor(frames)
    k = frames["crash"]
    m = near(frames, [r["corridor_id"]]) & k["severity"].isin(["injury", "fatal"])
    works, opening, ts = pd.Timestamp(r["works_start"]), pd.Timestamp(r["opening_date"]), k["occurred_at"]
    before = int((m & (ts >= works - pd.DateOffset(months=12)) & (ts < works)).sum())
    after = int((m & (ts >= opening) & (ts < opening + pd.DateOffset(months=12))).sum())

    at = open_page("app_pages/taller.py", cor=r["corridor_id"], escena="2")
    assert at.header[0].value == "2 · Siniestros antes de la obra"
    assert metric(at, "Siniestros a ≤50 m") == f"{before:,}"
    assert "escena=2" in at.expander[0].text[0].value and f"cor={r['corridor_id']}" in at.expander[0].text[0].value
    at.button(key="taller_next").click().run()
    assert at.header[0].value == "3 · Siniestros después de la apertura"
    assert metric(at, "Siniestros a ≤50 m") == f"{after:,}"
    few = min(before, after) < 10
    assert metric(at, "Cambio") == (f"{before:,} → {after:,}" if few else fmt.signed_pct((after - before) / before))
    assert "escena=3" in at.expander[0].text[0].value, "the QR link follows the scene"
    at.button(key="taller_next").click().run()
    at.button(key="taller_next").click().run()
    assert at.header[0].value == "5 · Quién participó"
    ev = frames["event"][frames["event"]["corridor_id"] == r["corridor_id"]]
    assert metric(at, "Eventos") == f"{len(ev):,}"
    assert at.button(key="taller_next").disabled
    at.button(key="taller_prev").click().run()
    assert at.header[0].value == "4 · Pasos y obra del corredor"
    steps = at.table[0].value
    assert "Apertura" in set(steps["Paso"]) and set(steps["Situación"]) <= {
        "hecho",
        "previsto",
        "vencido",
        "fecha no publicada",
    }
    figures = [h.proto.body for h in at.get("html") if 'alt="Código QR' in h.proto.body]
    assert figures, "QR code shown, with alternative text"
    assert _decode_qr_figure(figures[0]) == at.expander[0].text[0].value, (
        "the QR code opens the link shown beside it (scene 4)"
    )
    assert "escena=4" in at.expander[0].text[0].value


def _decode_qr_figure(body: str) -> str:
    """The text of the QR code in an inline ``data:image/png`` figure (decoded with zxing-cpp)."""
    import base64
    import io
    import re

    import zxingcpp
    from PIL import Image

    match = re.search(r'src="data:image/png;base64,([^"]+)"', body)
    assert match, body[:200]
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(match.group(1)))))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    return str(found[0].text)


def test_taller_scene_4_shows_planned_end_and_progress_of_works_under_way(open_page) -> None:
    at = open_page("app_pages/taller.py", cor="CV-GOMEZ-MORIN", escena="4")
    assert metric(at, "Fin de obra previsto") == "2026-09-30"
    assert metric(at, "Avance físico de la obra") == "45 %"
    at = open_page("app_pages/taller.py", cor="CV-CONSTITUCION", escena="4")
    assert metric(at, "Avance físico de la obra") == "—", "unpublished progress is unknown, never 0 %"
    steps = at.table[0].value
    assert steps.loc[steps["Paso"] == "Fin de obra", "Situación"].tolist() == ["fecha no publicada"]


def test_corridor_card_shows_planned_end_and_progress_of_works_under_way(open_page) -> None:
    at = open_page("app_pages/mapa.py", cor="CV-GOMEZ-MORIN")
    assert metric(at, "Fin de obra previsto") == "2026-09-30"
    assert metric(at, "Avance físico de la obra") == "45 %"


def test_taller_warns_when_its_qr_code_opens_only_on_this_computer(open_page, monkeypatch) -> None:
    at = open_page("app_pages/taller.py")  # AppTest has no address: a link without a host opens nowhere else
    monkeypatch.setenv("NLMOBILITY_PUBLIC_URL", "https://corredores.example.org/")
    at = open_page("app_pages/taller.py", escena="2")
    assert at.expander[0].text[0].value.startswith("https://corredores.example.org/taller?")
    assert not any("Solo abre en esta computadora" in m.value for m in at.markdown)
    monkeypatch.setenv("NLMOBILITY_PUBLIC_URL", "http://localhost:8501")
    at = open_page("app_pages/taller.py", escena="2")
    assert any("Solo abre en esta computadora" in m.value for m in at.markdown)
    monkeypatch.setenv("NLMOBILITY_PUBLIC_URL", "javascript:alert(1)")
    at = open_page("app_pages/taller.py", escena="2")
    assert any("dirección pública configurada no es válida" in e.value for e in at.error)
    assert at.expander[0].text[0].value.startswith("/taller?"), "falls back to the address the browser used"


def test_taller_invalid_scene_falls_back_to_the_first_with_a_notice(open_page) -> None:
    at = open_page("app_pages/taller.py", escena="9")
    assert at.header[0].value.startswith("1 · El corredor: ")
    assert any("escena" in w.value for w in at.warning)
    assert at.button(key="taller_prev").disabled


def test_taller_qr_code_is_made_locally_and_encodes_the_link() -> None:
    import io

    import zxingcpp
    from PIL import Image

    from nlmobility import qr

    link = "http://localhost:8501/taller?cor=CV-OCAMPO&escena=3&lang=en"
    png = qr.png(link)
    assert png.startswith(b"\x89PNG")
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [link]


@pytest.mark.parametrize("page", ["app_pages/mapa.py", "app_pages/taller.py"])
def test_corridor_fact_sheet_is_offered_where_a_corridor_is_shown(open_page, page: str) -> None:
    at = open_page(page, cor="CV-OCAMPO")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Ficha imprimible (PDF)" in labels


def test_figure_links_open_their_methodology_entry(open_page) -> None:
    at = open_page("app_pages/metodologia.py", ind="before_after")
    name = indicators.BY_KEY["before_after"].name("es")
    assert any(name in s.value for s in at.success)
    at = open_page("app_pages/metodologia.py", ind="no-such-indicator")
    assert not at.success, "an unknown indicator is ignored"


def test_seguridad_hotspots_match_independent_grid(open_page, frames) -> None:
    at = open_page("app_pages/seguridad.py")
    table = next(d for d in shown.tables(at) if "#" in d.columns)
    k = frames["crash"]
    victims = k[k["severity"].isin(["injury", "fatal"]) & k["occurred_at"].dt.year.between(2019, 2025)]
    cells = (
        victims.groupby([np.floor(victims["x"] / 200), np.floor(victims["y"] / 200)])
        .size()
        .sort_values(ascending=False)
    )
    assert table["Siniestros"].astype(int).tolist() == cells.iloc[:10].tolist()
    # The nearest corridor of the densest cell, from its centre, with shapely in UTM 14N.
    top = cells.sort_index().loc[lambda s: s == cells.iloc[0]].index[0]
    centre = shapely.Point((top[0] + 0.5) * 200, (top[1] + 0.5) * 200)
    c = frames["corridor"]
    distances = [g.distance(centre) for g in c["geometry"]]
    first = table.iloc[0]
    assert first["Corredor más cercano"] == c["name"].iloc[int(np.argmin(distances))]
    assert abs(float(first["Distancia (m)"]) - min(distances)) <= 1


def test_seguridad_shows_rolling_totals_exposure_benchmarks_and_the_high_injury_network(open_page) -> None:
    at = open_page("app_pages/seguridad.py")
    headers = [h.value for h in at.header]
    for title in (
        "Lo que lograron tratamientos parecidos en otros lugares",
        "Riesgo por persona que pasa",
        "Red de alta siniestralidad",
    ):
        assert title in headers, headers
    assert "Suma de los últimos 12 meses" in [h.value for h in at.subheader]
    tables = shown.tables(at)
    cmf = next(t for t in tables if "Esperado en otros lugares" in t.columns)
    assert len(cmf) == len(reference.CMFS) and cmf["Fuente"].str.contains("cmfclearinghouse").all()
    exposure = next(t for t in tables if "Siniestros con peatón por millón de pasos" in t.columns)
    assert len(exposure) == 2, "the sample counts people at two corridors"
    assert any("Límites:" in c.value for c in at.caption)
    hin = next(t for t in tables if "Puntos de gravedad" in t.columns)
    assert hin["#"].tolist()[:3] == [1, 2, 3]
    on = next(t for t in tables if "En la red" in t.columns)
    assert set(on["En la red"]) <= {"sí", "no"}


def test_small_counts_show_no_percentage(open_page) -> None:
    at = open_page("app_pages/seguridad.py", cor="CV-OCAMPO")
    table = next(d for d in shown.tables(at) if "Cambio ajustado (IC 95 %)" in d.columns)
    row = table.iloc[0]
    assert min(int(row["Antes"]), int(row["Después"])) < 10, "the fixture's Ocampo has few cases"
    assert row["Cambio (IC 95 %)"] == "muy pocos casos" and row["Cambio ajustado (IC 95 %)"] == "muy pocos casos"
    assert any("Aún no hay respuesta para el programa" in m.value for m in at.markdown), [m.value for m in at.markdown][
        :8
    ]


def test_corridor_card_gives_exposure_network_and_who_walks(open_page) -> None:
    at = open_page("app_pages/mapa.py", cor="CV-VASCONCELOS")
    assert metric(at, "Siniestros con peatón por millón de pasos") != "—"
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Límites:") for c in captions), "the counting period and its limits are stated"
    assert any("red de alta siniestralidad" in c for c in captions)
    assert any(c.startswith("Mujeres:") and "peatones contados" in c for c in captions)


def _deck_layer_ids(at: AppTest) -> list[str]:
    import json

    return [ly["id"] for ly in json.loads(at.get("deck_gl_json_chart")[0].proto.json)["layers"]]


def test_map_crash_layer_shows_points_by_severity_for_one_corridor_and_density_for_the_area(open_page, frames) -> None:
    at = open_page("app_pages/mapa.py", cor="CV-OCAMPO")
    at.session_state["map_layers"] = ["crashes"]
    at.run()
    assert "crash-points" in _deck_layer_ids(at) and "crash-density" not in _deck_layer_ids(at)
    legends = [h.proto.body for h in at.get("html") if "Siniestros cerca del corredor" in h.proto.body]
    assert legends and all(f">{s}<" in legends[0] or s in legends[0] for s in ("Fatales", "Con lesionados", "Sin dato"))
    at = open_page("app_pages/mapa.py")
    at.session_state["map_layers"] = ["crashes"]
    at.run()
    assert "crash-density" in _deck_layer_ids(at) and "crash-points" not in _deck_layer_ids(at)
    assert any("Densidad de siniestros" in h.proto.body for h in at.get("html"))


def test_map_names_the_river_and_avenues_on_the_built_in_style(open_page) -> None:
    ids = _deck_layer_ids(open_page("app_pages/mapa.py"))
    assert {"river", "place-labels", "arterial-labels", "corridor-labels"} <= set(ids)
    assert ids.index("corridor-labels") > ids.index("corridors"), "names above the lines"


def test_a_lost_period_state_falls_back_to_the_whole_span(open_page) -> None:
    """A client that sends no widget states (the load benchmark; a cleared session) must not break the period slider."""
    at = open_page("app_pages/seguridad.py")
    at.session_state["nlm_periodo"] = 2021  # a single year where a pair belongs
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_seguridad_says_the_severity_table_does_not_apply_the_severity_filter(open_page) -> None:
    """'Por gravedad' lists every severity; with a severity filter on, it says so beside its title (issue 25)."""
    at = open_page("app_pages/seguridad.py", sev="fatal")
    said = " ".join(c.value for c in at.caption)
    assert "no aplica los filtros de gravedad (" in said, said
    at = open_page("app_pages/seguridad.py", sev="all")
    assert not any("no aplica los filtros de gravedad" in c.value for c in at.caption)


@pytest.mark.parametrize("ahead", [True, False])
def test_taller_reads_the_next_scene_while_this_one_is_shown(
    open_page, frames, monkeypatch: pytest.MonkeyPatch, ahead: bool
) -> None:
    """Issue 27: a clicker press draws from memory. With the prefetch off, the same test sees the query run."""
    import threading

    from nlmobility import queries
    from nlmobility.ui import data, workshop

    if not ahead:
        monkeypatch.setattr(workshop, "prefetch", lambda *_a, **_k: None)
    data._cached.clear()  # type: ignore[attr-defined]
    r = _opened_corridor(frames)
    at = open_page("app_pages/taller.py", cor=r["corridor_id"], escena="1")
    for thread in threading.enumerate():
        if thread.name.startswith("taller-next-"):
            thread.join(timeout=60)
    ran: list[str] = []
    real = queries.run

    def counted(cur, name, params=None):  # type: ignore[no-untyped-def]
        if not threading.current_thread().name.startswith("taller-next-"):  # scene 2 prepares scene 3 meanwhile
            ran.append(name)
        return real(cur, name, params)

    monkeypatch.setattr(queries, "run", counted)
    at.button(key="taller_next").click().run()
    assert at.header[0].value == "2 · Siniestros antes de la obra"
    assert ("corridor_crash_points" in ran) is not ahead, ran
