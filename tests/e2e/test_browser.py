"""Browser tests: a real streamlit server in headless Chromium (Debian's /usr/bin/chromium)."""

from __future__ import annotations

import csv
import io
import math
import time
import urllib.parse
from typing import Any

import numpy as np
import pydeck as pdk
import pytest
import shapely

from nlmobility import db, queries
from nlmobility.ui import maps
from tests.e2e.conftest import OUTPUT, Tab

PAGES = [
    ("", "Corredores Verdes"),
    ("mapa", "Mapa de corredores"),
    ("seguridad", "Seguridad vial"),
    ("participacion", "Participación"),
    ("avance", "Avance del compromiso"),
    ("datos", "Datos abiertos"),
    ("metodologia", "Metodología"),
    ("taller?escena=2", "Modo taller"),
]


#: Spanish pages checked for Streamlit's English words, and pages checked for accessibility (with the
#: corridor card, the login page and an English page).
WORDS_PATHS = [p for p, _ in PAGES] + ["mapa?cor=CV-OCAMPO"]
A11Y_PATHS = [*WORDS_PATHS, "admin", "participacion?lang=en"]


@pytest.mark.parametrize("path", A11Y_PATHS)
def test_each_page_as_it_first_loads(tab, path: str) -> None:
    """One visit per page: no error, the sample notice, nothing fetched from outside, no serious WCAG
    violation (axe-core), and on Spanish pages none of Streamlit's English interface words."""
    tab.open(path)
    title = dict(PAGES).get(path)
    if title is not None:
        page = tab.page
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator("h1", has_text=title).first.is_visible()
        assert page.get_by_text("Datos de muestra").first.is_visible()
        tab.shot(f"desktop-{path or 'inicio'}")
    assert _serious_accessibility_violations(tab) == []
    if path in WORDS_PATHS:
        tables = tab.page.locator('[data-testid="stDataFrame"]:visible')  # tables in closed expanders cannot be hovered
        if tables.count():
            tables.first.hover()  # the table toolbar appears on hover
        assert _english_streamlit_words(tab) == []
    assert tab.external() == [], "requests left localhost"


_CUT_TEXT = r"""() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const cut = [];
  for (const table of main.querySelectorAll('[data-testid="stTable"]')) {
    const box = table.querySelector('table') || table;
    if (table.scrollWidth > table.clientWidth + 1 || box.getBoundingClientRect().right > main.getBoundingClientRect().right + 1)
      cut.push('table wider than the page: ' + table.innerText.slice(0, 40));
  }
  for (const e of main.querySelectorAll('td, th, [data-testid="stMetricLabel"] *, [data-testid="stMetricValue"] *, p, h1, h2, h3')) {
    if (e.offsetParent === null || !e.innerText) continue;
    const style = getComputedStyle(e);
    if (style.overflow !== 'visible' && e.scrollWidth > e.clientWidth + 1) cut.push(e.innerText.slice(0, 40));
  }
  for (const p of main.querySelectorAll('[data-testid="stTable"] td p')) {
    const text = p.innerText.replace(/[\u2060\u00a0]/g, ' ').trim();
    const style = getComputedStyle(p);
    const lines = p.getBoundingClientRect().height / (parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4);
    if (/^\d{4}- ?\d{2}- ?\d{2}$|^[−+-]?\d+ %$/.test(text) && lines > 1.5) cut.push('split over lines: ' + text);
  }
  for (const t of main.querySelectorAll('[data-testid="stVegaLiteChart"] svg text')) {
    if (t.textContent.endsWith('…')) cut.push('chart label ' + t.textContent);
  }
  return cut;
}"""


@pytest.mark.parametrize(
    "path", ["", "seguridad", "participacion", "avance", "datos", "metodologia", "mapa?cor=CV-OCAMPO"]
)
def test_no_table_text_or_chart_label_is_cut_at_1440_px(tab, path: str) -> None:
    """Issue 25: at 1440×900, every table fits the page and wraps its text (never inside a date or a
    percentage), no label ends in "…"."""
    tab.page.set_viewport_size({"width": 1440, "height": 900})
    tab.open(path)
    time.sleep(1.0)  # charts draw after the run ends
    assert tab.page.evaluate(_CUT_TEXT) == []


#: Pages whose tables are checked on a phone (no table wider than two columns, no card out of the screen).
TABLE_PATHS = ["seguridad", "participacion", "avance", "datos", "mapa?cor=CV-OCAMPO"]


@pytest.mark.parametrize("path", [p for p, _ in PAGES] + ["mapa?cor=CV-OCAMPO"])
def test_each_page_on_a_phone(phone, path: str) -> None:
    """One visit per page at 375 px: no sideways scroll; where it has tables, none wider than two columns."""
    phone.open(path)
    width = phone.page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    assert width <= 375
    phone.shot(f"phone-{path.split('?', maxsplit=1)[0] or 'inicio'}{'-card' if 'cor=' in path else ''}")
    if path in TABLE_PATHS:
        _no_table_wider_than_the_phone(phone)
    assert phone.external() == []


def test_map_draws_on_a_local_style(tab) -> None:
    tab.open("mapa")
    tab.page.wait_for_selector("canvas", state="attached", timeout=60_000)  # deck.gl loads lazily
    deadline = time.time() + 30
    while not any(u.endswith("/app/static/nlmobility-style.json") for u in tab.requests) and time.time() < deadline:
        time.sleep(0.5)
    assert any(u.endswith("/app/static/nlmobility-style.json") for u in tab.requests)
    assert tab.external() == []


def test_every_map_layer_initialises_without_deck_errors(tab) -> None:
    """Every optional layer on (labels, limits, avenues, transit, crash density, events): deck.gl logs none failing."""
    tab.open("mapa")
    tab.page.get_by_text("Capas").first.click()
    for name in ("Densidad de siniestros", "Eventos de participación"):
        tab.page.get_by_role("button", name=name).click()
        tab.settle()
    tab.page.wait_for_selector("canvas", state="attached", timeout=60_000)
    time.sleep(3)  # layers initialise after the canvas appears
    tab.shot("desktop-mapa-all-layers")
    assert tab.deck_errors() == []
    assert tab.external() == []


def _share_link(tab) -> str:
    return tab.page.locator('[data-testid="stSidebar"] [data-testid="stText"]').first.inner_text().strip()


def test_share_link_reopens_the_same_filters(tab) -> None:
    tab.open("seguridad?mun=19039&sev=fatal&periodo=2021&periodo=2024&modo=pedestrian")
    sidebar = tab.page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_role("combobox", name="Municipio").input_value() == "Monterrey"
    assert sidebar.get_by_role("combobox", name="Gravedad").input_value() == "Fatales"
    # Changing a filter updates the browser address at once.
    combo = sidebar.get_by_role("combobox", name="Persona usuaria")
    combo.scroll_into_view_if_needed()
    combo.click()
    tab.page.get_by_role("option", name="Ciclista", exact=True).click()
    # The address is replaced with history.replaceState, which Playwright's page.url does not follow.
    tab.page.wait_for_function("location.search.includes('modo=cyclist')", timeout=30_000)
    tab.settle()
    link = _share_link(tab)
    q = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)
    assert (
        q["mun"] == ["19039"]
        and q["sev"] == ["fatal"]
        and q["modo"] == ["cyclist"]
        and q["periodo"] == ["2021", "2024"]
    )
    assert q["v"][0].startswith("muestra-")
    assert urllib.parse.urlparse(link).path.endswith("/seguridad")
    assert urllib.parse.parse_qs(urllib.parse.urlparse(tab.page.evaluate("location.href")).query) == q, (
        "browser address is the share link"
    )
    # Reopen the shared link in a fresh browser context: same filters, same link, no notice.
    ctx = tab.page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    other = Tab(ctx.new_page(), tab.base)
    other.page.goto(link)
    other.settle()
    assert (
        other.page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Persona usuaria").input_value()
        == "Ciclista"
    )
    assert _share_link(other) == link
    assert other.page.locator('[data-testid="stAlertContentWarning"]', has_text="versión").count() == 0
    ctx.close()


def test_language_switch_in_the_browser(tab) -> None:
    tab.open("participacion?lang=en")
    assert tab.page.locator("h1", has_text="Participation").first.is_visible()
    assert tab.page.get_by_text("Sample data").first.is_visible()


def test_download_row_count_matches_filtered_count(tab) -> None:
    tab.open("datos?mun=19019&sev=all&periodo=2022&periodo=2023")
    page = tab.page
    page.get_by_role("combobox", name="Tabla").click()
    page.get_by_role("option", name="Siniestros viales (crash)").click()
    tab.settle()
    caption = page.get_by_text("filas con los filtros activos").first.inner_text()
    expected = int(caption.split(" filas")[0].replace(",", ""))
    assert expected > 0
    page.get_by_text("Preparar descarga").click()
    tab.settle()
    with page.expect_download() as info:
        page.get_by_role("button", name="Descargar crash.csv").click()
    body = info.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == expected
    assert {r["cvegeo"] for r in rows} == {"19019"}
    tab.shot("download")


def test_a_derived_table_downloads_what_its_caption_says(tab) -> None:
    """``crash_corridor`` held 2019-2025, damage-only crashes and distances to 300 m under these filters (issue 25)."""
    tab.open("datos?periodo=2025&periodo=2025&sev=fatal&buf=50")
    page = tab.page
    page.get_by_role("combobox", name="Tabla").click()
    page.keyboard.type("crash_corridor")  # the list is long: typing narrows it to the table
    page.get_by_role("option", name="(crash_corridor)").click()
    tab.settle()
    caption = page.get_by_text("filas con los filtros activos").first.inner_text()
    assert "distancia al corredor (≤ 50 m)" in caption, caption
    expected = int(caption.split(" filas")[0].replace(",", ""))
    page.get_by_text("Preparar descarga").click()
    tab.settle()
    with page.expect_download() as info:
        page.get_by_role("button", name="Descargar crash_corridor.csv").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    assert len(rows) == expected > 0
    for r in rows:
        assert r["occurred_at"].startswith("2025-") and r["severity"] == "fatal" and float(r["distance_m"]) <= 50, r


def test_map_selection_downloads_as_geojson_when_pressed(tab) -> None:
    """The map's download is written when the button is pressed (not on every rerun) and holds the selection."""
    import json
    import re

    tab.open("mapa?mun=19039")
    button = tab.page.get_by_role("button", name=re.compile(r"^Descargar la selección \(GeoJSON"))
    expected = int(re.search(r"GeoJSON, ([\d,]+) fila", button.inner_text()).group(1).replace(",", ""))
    with tab.page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == "corredores.geojson"
    doc = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == expected > 0
    assert {f["properties"]["cvegeo"] for f in doc["features"]} == {"19039"}


def test_corridor_in_the_share_link_opens_its_card_and_prints_its_sheet(tab) -> None:
    tab.open("mapa?cor=CV-OCAMPO")
    assert tab.page.get_by_text("Ficha del corredor: Corredor Verde Ocampo").first.is_visible()
    with tab.page.expect_download() as info:
        tab.page.get_by_role("button", name="Ficha imprimible (PDF)").click()
    pdf = info.value.path().read_bytes()
    assert info.value.suggested_filename == "ficha-corredor-verde-ocampo.pdf"
    assert pdf.startswith(b"%PDF-") and (b"/Count 1\n" in pdf or b"/Count 2\n" in pdf), "flows on, never cut"
    assert tab.external() == []


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in world units (0..1), the projection deck.gl's MapView uses."""
    return (lon + 180) / 360, (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2


def _to_pixel(box: dict[str, float], view: pdk.ViewState, lon: float, lat: float) -> tuple[float, float]:
    scale = 512 * 2**view.zoom  # deck.gl's world is 512 px wide at zoom 0
    (px, py), (cx, cy) = _mercator(lon, lat), _mercator(view.longitude, view.latitude)
    return box["width"] / 2 + (px - cx) * scale, box["height"] / 2 + (py - cy) * scale


def _clickable_corridor(fixture_db) -> tuple[str, float, float, pdk.ViewState]:
    """A corridor's mid-line point far from transit lines (also pickable), and the map's initial view."""
    con = db.connect(fixture_db)
    try:
        cors = queries.corridors(con.cursor())
        transit = shapely.union_all([shapely.from_geojson(g) for g in queries.transit_lines(con.cursor())["geojson"]])
    finally:
        con.close()
    best = max(
        ((r.name, shapely.from_geojson(r.geojson).interpolate(0.5, normalized=True)) for r in cors.itertuples()),
        key=lambda item: transit.distance(item[1]),
    )
    return best[0], best[1].x, best[1].y, maps.view_for(cors)


def test_clicking_a_corridor_on_the_map_opens_its_card(tab, fixture_db) -> None:
    name, lon, lat, view = _clickable_corridor(fixture_db)
    tab.open("mapa")
    page = tab.page
    assert page.get_by_text(f"Ficha del corredor: {name}").count() == 0
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(state="visible", timeout=60_000)
    time.sleep(3)  # deck.gl draws the layers after the canvas appears
    box = canvas.bounding_box()
    x, y = _to_pixel(box, view, lon, lat)
    assert 0 < x < box["width"] and 0 < y < box["height"], "the corridor is outside the initial view"
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    card = page.get_by_text(f"Ficha del corredor: {name}").first
    # deck.gl picks only what it has drawn; under the other worker's load the layer may come a few
    # seconds after the canvas, so a click that lands before it is tried again (at most 5 clicks)
    for attempt in range(5):
        page.mouse.click(box["x"] + x, box["y"] + y)
        tab.settle()
        try:
            card.wait_for(timeout=15_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 4:
                raise
            time.sleep(3)
    cid = _corridor_id_named(fixture_db, name)
    page.wait_for_function("(c) => window.location.search.includes('cor=' + c)", arg=cid, timeout=10_000)
    heading = page.locator("#ficha-corredor")
    page.wait_for_function(
        "() => { const e = document.getElementById('ficha-corredor'); if (!e) return false;"
        " const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }",
        timeout=10_000,
    )
    assert heading.count() == 1, "scrolled to the card"
    tab.shot("desktop-mapa-clicked-card")
    # "Compartir" holds the same address; opened in a new tab it shows the same card.
    page.get_by_text("Compartir", exact=True).first.click()
    shared = page.locator('[data-testid="stExpander"] [data-testid="stText"]').first.inner_text().replace("\n", "")
    assert f"cor={cid}" in shared and shared.startswith(tab.base + "/mapa?")
    tab.page.goto(shared)
    tab.settle()
    # a fresh visit of Mapa with its card: up to a minute while the other test worker loads the machine
    page.get_by_text(f"Ficha del corredor: {name}").first.wait_for(timeout=90_000)
    assert tab.external() == []


def _corridor_id_named(db_path, name: str) -> str:
    con = db.connect(db_path)
    try:
        cors = queries.corridors(con.cursor())
    finally:
        con.close()
    return str(cors.loc[cors["name"] == name, "corridor_id"].iloc[0])


def test_admin_requires_login_and_backs_off_after_wrong_passwords(tab) -> None:
    tab.open("admin")
    page = tab.page
    assert page.get_by_role("button", name="Entrar").is_visible()
    assert page.get_by_text("Cargar archivo").count() == 0
    for _ in range(3):
        page.get_by_label("Usuario").fill("oficial")
        page.get_by_label("Contraseña").fill("equivocada-equivocada")
        page.get_by_role("button", name="Entrar").click()
        tab.settle()
    assert page.get_by_text("espere").first.is_visible()
    assert page.get_by_text("Cargar archivo").count() == 0
    tab.shot("admin-locked")
    assert tab.external() == []


def test_tapping_an_empty_spot_finds_the_nearest_corridors(tab, fixture_db) -> None:
    """'Corridor near me' by point: a tap away from every line sets the point and lists the nearest corridors."""
    con = db.connect(fixture_db)
    try:
        cors = queries.corridors(con.cursor())
        transit = queries.transit_lines(con.cursor())
    finally:
        con.close()
    lines = [shapely.from_geojson(g) for g in cors["geojson"]]
    pickable = shapely.union_all(lines + [shapely.from_geojson(g) for g in transit["geojson"]])
    candidates = [
        shapely.Point(m.x, m.y + dy)
        for m in (ln.interpolate(0.5, normalized=True) for ln in lines)
        for dy in (-0.012, 0.012)
    ]
    target = max(
        candidates, key=pickable.distance
    )  # about 1.3 km from a corridor, far from anything else one could pick
    view = maps.view_for(cors)
    tab.open("mapa")
    page = tab.page
    page.get_by_text("Corredor cerca de mí").click()
    page.get_by_text("Punto (longitud, latitud)").click()
    tab.settle()
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(state="visible", timeout=60_000)
    time.sleep(3)
    box = canvas.bounding_box()
    x, y = _to_pixel(box, view, target.x, target.y)
    for _attempt in range(3):  # under load deck.gl may still be drawing when the first tap lands: tap again
        page.mouse.click(box["x"] + x, box["y"] + y)
        deadline = time.time() + 20
        while time.time() < deadline:
            lon, lat = (float(v.input_value()) for v in page.locator("input[type=number]").all()[:2])
            if abs(lon - target.x) < 0.01:
                break
            time.sleep(0.5)
        if abs(lon - target.x) < 0.01:
            break
    tab.settle()
    lon, lat = (float(v.input_value()) for v in page.locator("input[type=number]").all()[:2])
    # The point is the centre of the ~530 m H3 cell under the tap.
    assert abs(lon - target.x) < 0.008 and abs(lat - target.y) < 0.008, (lon, lat, target)
    # The first listed corridor is the nearest one, computed independently in UTM 14N.
    from nlmobility import geo

    px, py = geo.to_utm([lon], [lat])
    utm = [shapely.transform(ln, lambda c: np.column_stack(geo.to_utm(c[:, 0], c[:, 1]))) for ln in lines]
    nearest = cors["name"].iloc[int(np.argmin([ln.distance(shapely.Point(px[0], py[0])) for ln in utm]))]
    first = page.locator('[data-testid="stExpander"] button', has_text=" · ").first
    first.wait_for(timeout=30_000)
    tab.shot("desktop-mapa-near-point")
    assert first.inner_text().strip().startswith(nearest), (first.inner_text(), nearest)  # nearest first, each a button
    first.click()  # the listed corridor opens its card, scrolled into view
    tab.settle()
    page.get_by_text(f"Ficha del corredor: {nearest}").first.wait_for(timeout=30_000)
    _wait_card_in_view(page)
    assert tab.external() == []


def _wait_card_in_view(page, timeout: int = 20_000) -> None:
    page.wait_for_function(
        "() => { const e = document.getElementById('ficha-corredor'); if (!e) return false;"
        " const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }",
        timeout=timeout,
    )


@pytest.mark.parametrize("viewport", [(375, 812), (1440, 900)], ids=["phone", "desktop"])
def test_a_corridor_link_lands_on_its_card(tab, viewport) -> None:
    """``/mapa?cor=…`` shows the card in the viewport as choosing the corridor does (issue 25)."""
    tab.page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    tab.page.goto(f"{tab.base}/mapa?cor=CV-VASCONCELOS")
    tab.page.locator("#ficha-corredor").wait_for(timeout=90_000)
    _wait_card_in_view(tab.page, timeout=30_000)
    tab.page.screenshot(path=str(OUTPUT / f"link-landing-{viewport[0]}.png"))
    if viewport[0] == 375:  # the Compartir box fits the phone: link, copy button, a QR code of at least 240 px
        tab.page.get_by_text("Compartir", exact=True).first.click()
        img = tab.page.locator('[data-testid="stExpander"] img[alt^="Código QR"]').first
        img.wait_for(timeout=30_000)
        box = img.bounding_box()
        assert box and box["width"] >= 240 and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
        assert tab.page.get_by_role("button", name="Copiar enlace").is_visible()


def test_every_corridor_of_a_municipality_opens_its_card(tab) -> None:
    """'Corredor cerca de mí' by municipality lists buttons, not plain text: each opens its card (issue 25)."""
    tab.open("mapa")
    page = tab.page
    page.get_by_text("Corredor cerca de mí").click()
    page.get_by_text("Municipio", exact=True).last.click()
    tab.settle()
    combo = page.locator('[data-testid="stExpander"]').get_by_role("combobox")
    combo.click()
    page.get_by_role("option", name="San Pedro Garza García").click()
    tab.settle()
    buttons = page.locator('[data-testid="stExpander"] button', has_text=" · ")
    names = [b.inner_text().strip().split(" · ")[0] for b in buttons.all()]
    assert len(names) >= 2, names
    for name in names:
        page.locator('[data-testid="stExpander"] button', has_text=name + " · ").first.click()
        tab.settle()
        page.get_by_text(f"Ficha del corredor: {name}").first.wait_for(timeout=30_000)
        _wait_card_in_view(page)


def test_how_it_is_computed_link_lands_on_the_indicator_entry(tab) -> None:
    tab.open("avance")  # its indicator is the last entry of Metodología: only a scroll brings it into view
    tab.page.get_by_role("link", name="Cómo se calcula: Días en el estado actual").first.click()
    tab.page.wait_for_selector("#ind-days_in_status", timeout=30_000)
    tab.settle()
    time.sleep(1)
    assert tab.page.get_by_text("Usted llegó aquí desde la cifra").first.is_visible()
    top = tab.page.evaluate("document.getElementById('ind-days_in_status').getBoundingClientRect().top")
    assert 0 <= top < 900, f"the entry is scrolled into view (top={top})"
    assert tab.external() == []


def _log_in(tab: Tab, user: str, password: str) -> Any:
    """Open Administración and log in as ``user``; the page, settled."""
    tab.open("admin")
    page = tab.page
    page.get_by_label("Usuario").fill(user)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()
    tab.settle()
    return page


def test_admin_upload_checks_a_real_file_with_progress_and_report(tab) -> None:
    """Log in, upload the real pedestrian-crash extract as a dry run: 270 rows accepted, nothing loaded."""
    from tests.conftest import realdata
    from tests.e2e.conftest import ADMIN_PASSWORD

    path = realdata("atropellos_2015-2019.csv")
    page = _log_in(tab, "cargas", ADMIN_PASSWORD)
    page.get_by_role("combobox", name="Tipo de datos").click()
    page.get_by_role("option", name="Siniestros viales (crashes)").click()
    assert _english_streamlit_words(tab) == [], "the upload box speaks Spanish"
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    tab.settle()
    page.get_by_text("Solo revisar, sin cargar").first.click()  # the upload's (the portal tab has one too)
    page.get_by_role("button", name="Revisar y cargar").click()
    page.get_by_text("Se cargarían 270 filas nuevas").first.wait_for(timeout=60_000)
    assert page.get_by_text("270 aceptadas, 0 rechazadas").first.is_visible()
    assert page.get_by_text("Listo").first.is_visible(), "the progress bar ends on its last stage"
    tab.shot("admin-upload-dry-run")
    assert tab.external() == []


def _serious_accessibility_violations(tab: Tab) -> list[tuple[object, ...]]:
    """axe-core (bundled with axe-playwright-python, injected locally): critical or serious WCAG violations.

    A rerun fades the page (stale elements read as low contrast): violations are judged on a settled page.
    """
    from axe_playwright_python.sync_playwright import Axe

    def serious() -> list[tuple[object, ...]]:
        results = Axe().run(tab.page)
        return [
            (
                v["id"],
                v["impact"],
                len(v["nodes"]),
                v["help"],
                [n.get("target") for n in v["nodes"]][:3],
                [n.get("failureSummary", "")[:200] for n in v["nodes"]][:2],
            )
            for v in results.response["violations"]
            if v["impact"] in ("critical", "serious")
        ]

    found = serious()
    if found:
        tab.settle()
        found = serious()
    return found


#: The map library's own attribution link (part of the map control, not content): the only outside link allowed.
MAP_ATTRIBUTION = ("https://www.mapbox.com/", "https://maplibre.org/")


def _outside_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    local = ("http://127.0.0.1", "http://localhost")
    return [h for h in hrefs if h.startswith("http") and not h.startswith(local) and h not in MAP_ATTRIBUTION]


def test_share_link_version_payload_shows_as_literal_text(tab) -> None:
    payload = "x` **AVISO: datos falsos** [aquí](http://evil.example) ![i](http://evil.example/i.png) `"
    tab.page.goto(f"{tab.base}/?v={urllib.parse.quote(payload)}")
    tab.settle()
    notice = tab.page.locator('[data-testid="stAlert"]', has_text="se muestra la versión").first
    notice.wait_for(timeout=30_000)
    text = notice.inner_text().replace("\u200b", "").replace("\u2060", "")  # link and shortcode breakers
    assert "**AVISO: datos falsos**" in text and "[aquí](http://evil.example)" in text, text
    assert tab.page.locator("strong", has_text="AVISO").count() == 0, "no bold warning made from the link"
    assert _outside_links(tab.page) == []
    assert tab.external() == []


def test_hostile_corridor_description_fetches_nothing_and_links_nowhere(hostile_tab) -> None:
    from tests.e2e.conftest import HOSTILE_DESCRIPTION

    hostile_tab.open("mapa?cor=CV-HOSTIL")
    shown = hostile_tab.page.get_by_text("rastreo").first
    shown.wait_for(timeout=60_000)
    assert HOSTILE_DESCRIPTION in shown.inner_text().replace("\u200b", "").replace("\u2060", "")
    assert hostile_tab.page.locator("img[src*='evil.example']").count() == 0
    assert _outside_links(hostile_tab.page) == []
    hostile_tab.shot("hostile-description")
    assert hostile_tab.external() == []


@pytest.mark.parametrize("path", ["", "mapa", "seguridad", "participacion", "avance", "datos", "taller"])
def test_every_page_on_a_real_database(real_tab, path: str) -> None:
    """init + real boundaries + Apodaca's crashes: no sample notice, no error, empty parts say what to import."""
    real_tab.open(path)
    page = real_tab.page
    assert page.locator('[data-testid="stException"]').count() == 0
    # the sample notice (a box or the compact line): the data dictionary's "is_sample" row may say the words
    notices = '[data-testid="stAlert"], [data-testid="stCaptionContainer"]'
    assert page.locator(notices, has_text="Datos de muestra").count() == 0
    if path in ("", "seguridad"):
        assert page.get_by_text("Apodaca 2021-01-01 – 2023-03-31").first.is_visible()
    if path in ("mapa", "participacion", "taller"):
        assert page.get_by_text("nlmobility import").first.is_visible()
    real_tab.shot(f"real-{path or 'inicio'}")
    assert real_tab.external() == []


def test_administracion_syncs_the_state_portal_and_shows_each_dataset(real_tab) -> None:
    """Administración › Portal estatal against the local stand-in: Apodaca loads, the eight it lacks fail with 404."""
    from tests.e2e.conftest import ADMIN_PASSWORD

    page = _log_in(real_tab, "portal", ADMIN_PASSWORD)
    page.get_by_role("tab", name="Portal estatal").click()
    real_tab.settle()
    assert page.get_by_text("datos abiertos del Estado").first.is_visible()
    page.get_by_role("button", name="Actualizar desde el portal").click()
    page.get_by_text("Sincronización terminada: 8 conjuntos fallaron").first.wait_for(timeout=120_000)
    real_tab.settle()
    real_tab.shot("admin-portal-sync")
    said = page.locator('[data-testid="stExpander"]', has_text="Sincronización terminada").first.inner_text()
    assert "Apodaca: cargado — 0 nuevos, 0 corregidos, 0 retirados" in said, said
    assert "Monterrey: falló — el portal respondió 404" in said, said
    assert real_tab.external() == []


def _in_viewport(tab: Tab, selector: str) -> bool:
    """Whether the first element matching ``selector`` lies wholly inside the viewport (no scrolling)."""
    box = tab.page.locator(selector).first.bounding_box()
    size = tab.page.viewport_size
    assert box is not None and size is not None, selector
    return (
        box["y"] >= 0
        and box["x"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] + box["width"] <= size["width"]
    )


def _scene_heading(tab: Tab) -> str:
    return tab.page.locator('[data-testid="stMain"] h2').first.inner_text()


def test_taller_fits_a_1280x720_projector_and_clicker_keys_move_between_scenes(projector) -> None:
    projector.open("taller?cor=CV-OCAMPO&escena=2")
    page = projector.page
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', state="attached", timeout=60_000)
    for selector in (
        '[data-testid="stMain"] h2',
        '[data-testid="stMetric"]',
        '[data-testid="stDeckGlJsonChart"]',
        'img[alt^="Código QR"]',
        '[data-testid="stButton"] button:has-text("Siguiente")',
    ):
        assert _in_viewport(projector, selector), f"{selector} needs scrolling at 1280×720"
    projector.shot("projector-taller")
    assert _scene_heading(projector).startswith("2 ·")
    for key, expected in (("ArrowRight", "3 ·"), ("PageDown", "4 ·"), ("ArrowLeft", "3 ·"), ("PageUp", "2 ·")):
        page.keyboard.press(key)
        page.wait_for_function(
            "(p) => { const h = document.querySelector('[data-testid=\"stMain\"] h2'); return h && h.innerText.startsWith(p); }",
            arg=expected,
            timeout=30_000,
        )
        projector.settle()
        assert _scene_heading(projector).startswith(expected), key
        assert f"escena={expected[0]}" in page.url, "the address follows the scene"
    assert page.locator('[data-testid="stMain"] h2').first.is_visible()


_ROOM_CHECK = """() => {
  const size = (e) => parseFloat(getComputedStyle(e).fontSize);
  const all = (sel) => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null && e.innerText.trim());
  const columns = document.querySelector('.st-key-taller_scene').closest('[data-testid="stHorizontalBlock"]');
  const below = [...columns.querySelectorAll('*')].filter(e => e.offsetParent !== null && e.getBoundingClientRect().height > 0)
    .filter(e => e.getBoundingClientRect().bottom > window.innerHeight + 1).map(e => e.tagName + ' ' + (e.innerText || '').slice(0, 30));
  const cut = [...columns.querySelectorAll('*')].filter(e => e.children.length === 0 && e.innerText && e.offsetParent !== null)
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible').map(e => e.innerText.slice(0, 30));
  return {
    labels: all('[data-testid="stMetricLabel"] p').map(size),
    figures: all('[data-testid="stMetricValue"]').map(size),
    text: all('.st-key-taller_scene [data-testid="stMarkdown"] p').filter(e => !e.closest('[data-testid="stCaptionContainer"]')).map(size),
    notes: all('[data-testid="stMain"] [data-testid="stCaptionContainer"] p').map(size),
    cells: all('.st-key-taller_view td').map(size),
    qr: document.querySelector('.st-key-taller_qr img').getBoundingClientRect().width,
    below, cut,
  };
}"""


@pytest.mark.parametrize("scene", [1, 2, 3, 4, 5])
def test_taller_scenes_are_readable_from_the_back_of_a_room(projector, scene: int) -> None:
    """Issue 25: at 1280×720 text ≥ 24 px, figures ≥ 48 px, tables at the text's size, notes (the data's
    provenance, a window's dates) ≥ 16 px, nothing below the screen or cut."""
    projector.open(f"taller?cor=CV-OCAMPO&escena={scene}")
    page = projector.page
    page.wait_for_selector(".st-key-taller_scene h2", timeout=60_000)
    time.sleep(1.5)  # the map's and tables' final size
    got = page.evaluate(_ROOM_CHECK)
    assert got["labels"] and min(got["labels"]) >= 24, got
    assert got["figures"] and min(got["figures"]) >= 48, got
    assert min(got["text"] + got["cells"], default=24) >= 24, got
    assert got["cells"] or scene not in (4, 5), "scenes 4 and 5 show their table"
    assert min(got["notes"], default=16) >= 16, got
    assert got["qr"] >= 170, got
    assert got["below"] == [], f"scene {scene} does not fit 1280×720: {got['below']}"
    assert got["cut"] == [], f"scene {scene} cuts {got['cut']}"
    projector.shot(f"projector-taller-scene{scene}")


#: What Streamlit shows in English unless the app gives (or replaces) its words.
_ENGLISH = (
    "Choose an option",
    "Drag and drop",
    "per file",
    "Browse files",
    "Download as",
    "Help for",
    "Copy to clipboard",
    "Fullscreen",
    "Show/hide columns",
    "Zoom In",
    "Zoom Out",
    "Collapse sidebar",
)


def _english_streamlit_words(tab: Tab) -> list[str]:
    """Streamlit's English interface words left in the page's text, placeholders, labels and tooltips."""
    time.sleep(1.0)  # the translation runs on the next animation frame after a component appears
    found = tab.page.evaluate(
        """(words) => { const out = [];
        const texts = [document.body.innerText];
        document.querySelectorAll('[aria-label],[placeholder],[title]').forEach(e => {
          for (const a of ['aria-label', 'placeholder', 'title']) { const v = e.getAttribute(a); if (v) texts.push(v); } });
        for (const w of words) for (const t of texts) if (t.includes(w)) { out.push(w + ' in ' + t.slice(0, 60)); break; }
        return out; }""",
        list(_ENGLISH),
    )
    return list(found)


def test_english_pages_keep_streamlit_words_in_english(tab) -> None:
    tab.open("mapa?lang=en")
    words = tab.page.evaluate(
        "() => Array.from(document.querySelectorAll('[placeholder]')).map(e => e.getAttribute('placeholder'))"
    )
    assert "Elija una opción" not in words


def test_phone_sidebar_closes_after_choosing_a_page_and_tap_targets_are_44_px(phone) -> None:
    phone.open("")
    page = phone.page
    small = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-testid="stMain"] button, [data-testid="stMain"] [data-baseweb="select"] > div'))
        .filter(e => e.offsetParent !== null && !e.closest('[data-testid="stElementToolbar"]'))
        .map(e => [e.innerText.slice(0, 30), Math.round(e.getBoundingClientRect().height)])
        .filter(([, h]) => h > 0 && h < 44)"""
    )
    assert small == [], f"tap targets under 44 px: {small}"
    page.locator(
        '[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button'
    ).first.click()
    nav = page.locator('[data-testid="stSidebarNav"] a', has_text="Mapa de corredores")
    nav.wait_for(state="visible", timeout=10_000)
    height = nav.bounding_box()["height"]
    assert height >= 44, f"sidebar link {height} px"
    nav.click()
    phone.settle()
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
        " return !s || s.getAttribute('aria-expanded') === 'false' || s.getBoundingClientRect().right <= 0; }",
        timeout=10_000,
    )
    assert page.locator("h1", has_text="Mapa de corredores").first.is_visible()
    phone.shot("phone-mapa-after-navigation")


def test_a_tile_pack_made_here_renders_offline(tiles_tab) -> None:
    import io

    from PIL import Image

    from tests.test_basemap import TILE_RGB

    tiles_tab.open("mapa")
    page = tiles_tab.page
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', state="attached", timeout=60_000)
    deadline = time.time() + 90  # a loaded CI machine has taken over 30 s to ask for the first tile
    while (
        not any("/app/static/tiles/" in u and u.endswith(".png") for u in tiles_tab.requests) and time.time() < deadline
    ):
        time.sleep(0.5)
    time.sleep(3)
    assert any(u.endswith("/app/static/nlmobility-style-tiles.json") for u in tiles_tab.requests)
    assert any("/app/static/tiles/" in u and u.endswith(".png") for u in tiles_tab.requests)
    chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.scroll_into_view_if_needed()
    img = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    pixels = [img.getpixel((x, y)) for x in range(0, img.width, 4) for y in range(0, img.height, 4)]
    # The pack is flat magenta; municipal limits are drawn over it with a light veil, so compare hue, not value.
    assert TILE_RGB[0] - TILE_RGB[1] > 60 and TILE_RGB[2] - TILE_RGB[1] > 60
    share = sum(1 for r, g, b in pixels if r - g > 60 and b - g > 40) / len(pixels)
    tiles_tab.shot("desktop-mapa-tile-pack")
    assert share > 0.3, f"only {share:.0%} of the map shows the pack's tiles"
    assert tiles_tab.external() == []


def _no_table_wider_than_the_phone(phone: Tab) -> None:
    page = phone.page
    grids = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"] [role="grid"], [data-testid="stDataFrame"] table'))
        .map(g => Number(g.getAttribute('aria-colcount') || (g.rows && g.rows[0] ? g.rows[0].cells.length : 0)))"""
    )
    assert all(n <= 2 for n in grids), f"tables wider than two columns on a phone: {grids}"
    cards = page.locator('[data-testid="stMain"] [data-testid="stVerticalBlockBorderWrapper"]')
    for i in range(min(cards.count(), 10)):
        box = cards.nth(i).bounding_box()
        if box:
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375, "a card sticks out of the screen"


def test_a_corridor_tooltip_near_the_right_edge_stays_inside_the_map(tab, fixture_db) -> None:
    con = db.connect(fixture_db)
    try:
        cors = queries.corridors(con.cursor())
    finally:
        con.close()
    view = maps.view_for(cors)
    r = cors.sort_values("lon").iloc[-1]  # the easternmost corridor
    mid = shapely.from_geojson(r["geojson"]).interpolate(0.5, normalized=True)
    tab.open("mapa")
    page = tab.page
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(state="visible", timeout=60_000)
    canvas.scroll_into_view_if_needed()
    time.sleep(3)
    box = canvas.bounding_box()
    x, y = _to_pixel(box, view, mid.x, mid.y)
    page.mouse.move(box["x"] + x, box["y"] + y)
    tip = page.locator(".deck-tooltip").first
    tip.wait_for(state="visible", timeout=10_000)
    tb = tip.bounding_box()
    assert r["name"] in tip.inner_text()
    assert box["x"] <= tb["x"] and tb["x"] + tb["width"] <= box["x"] + box["width"], (tb, box)


def test_every_page_links_the_change_feed_served_as_a_static_file(tab) -> None:
    import feedparser

    tab.open("seguridad")
    link = tab.page.locator('[data-testid="stSidebar"] a[href*="feed.xml"]')
    assert link.count() == 1 and "Novedades (Atom)" in link.inner_text()
    assert (link.get_attribute("href") or "").startswith(tab.base), "served by this server"
    href = link.get_attribute("href") or ""
    response = tab.page.request.get(urllib.parse.urljoin(tab.page.url, href))
    assert response.status == 200
    parsed = feedparser.parse(response.body())
    assert parsed.version == "atom10" and parsed.entries


def test_embed_view_has_no_sidebar_and_keeps_the_share_parameters(tab) -> None:
    tab.open("mapa?embed=true&cor=CV-OCAMPO&periodo=2020&periodo=2024&alto=300")
    page = tab.page
    assert page.get_by_text("Ficha del corredor: Corredor Verde Ocampo").first.is_visible()
    for testid in ("stSidebar", "stSidebarNav", "stSidebarCollapsedControl", "stExpandSidebarButton"):
        assert not page.locator(f'[data-testid="{testid}"]').first.is_visible(), testid
    assert page.get_by_text("Idioma / Language").count() == 0  # no filters either
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').first
    assert 290 <= deck.bounding_box()["height"] <= 310  # alto=300: the embedding page sets the map's height
    page.wait_for_function("location.search.includes('embed=true')", timeout=30_000)
    q = urllib.parse.parse_qs(urllib.parse.urlparse(page.evaluate("location.href")).query)
    assert (
        q["cor"] == ["CV-OCAMPO"]
        and q["periodo"] == ["2020", "2024"]
        and q["embed"] == ["true"]
        and q["alto"] == ["300"]
    )
    full = page.get_by_role("link", name="Abrir el tablero completo").get_attribute("href")
    fq = urllib.parse.parse_qs(urllib.parse.urlparse(full).query)
    assert urllib.parse.urlparse(full).path.endswith("/mapa")
    assert fq["cor"] == ["CV-OCAMPO"] and fq["periodo"] == ["2020", "2024"] and "embed" not in fq
    assert tab.external() == []


def test_embed_view_inside_another_sites_frame(tab) -> None:
    """The coalition's page embeds the map with the code the card's Compartir gives: no sidebar inside the frame."""
    src = f"{tab.base}/mapa?cor=CV-OCAMPO&embed=true"
    tab.page.set_content(f'<h1>Coalición</h1><iframe src="{src}" width="800" height="700" style="border:0"></iframe>')
    frame = tab.page.frame_locator("iframe")
    frame.get_by_text("Ficha del corredor: Corredor Verde Ocampo").first.wait_for(timeout=90_000)
    frame.get_by_role("link", name="Abrir el tablero completo").wait_for(state="visible", timeout=60_000)
    assert not frame.locator('[data-testid="stSidebar"]').first.is_visible()
