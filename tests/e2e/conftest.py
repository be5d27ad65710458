"""A real `streamlit run` server and a headless Chromium page for browser tests."""

from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import time
from collections.abc import Iterator

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, browser_unavailable_reason, streamlit_server

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "screenshots"
ADMIN_PASSWORD = "prueba-navegador-2026"
#: What a phone's Chromium says it is (the app frames the map and lays tables out as cards for it).
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = browser_unavailable_reason()
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(pytest.mark.browser)
            if reason and not os.environ.get("NLMOBILITY_REQUIRE_BROWSER"):
                item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@contextlib.contextmanager
def _streamlit(db_path: pathlib.Path, users: pathlib.Path, log_name: str) -> Iterator[str]:
    """The app's server reading ``db_path`` with the administrator accounts in ``users``; yields its URL."""
    from nlmobility import auth

    with streamlit_server(db_path, ROOT / "test-output" / log_name, {auth.ENV_USERS: str(users)}) as url:
        yield url


@pytest.fixture(scope="session")
def server(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from nlmobility import auth

    users = tmp_path_factory.mktemp("users") / "users.json"
    auth.add_user("oficial", ADMIN_PASSWORD, path=users)  # locked out by the back-off test
    auth.add_user("cargas", ADMIN_PASSWORD, path=users)  # for the upload test
    with _streamlit(fixture_db, users, "streamlit.log") as url:
        yield url


#: A corridor description that tries to fetch an outside image, link out and format itself.
HOSTILE_DESCRIPTION = (
    "Descripción ![rastreo](http://evil.example/pixel.png) [pulse aquí](http://evil.example/) "
    "<img src=http://evil.example/x.png> **negritas** $x^2$ O'Brien"
)


@pytest.fixture(scope="session")
def hostile_server(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second server whose data hold a corridor with a hostile description (imported, so validated)."""
    import geopandas as gpd
    from shapely.geometry import LineString

    from nlmobility.ingest import run_import

    tmp = tmp_path_factory.mktemp("hostile")
    db_path = tmp / "hostile.duckdb"
    shutil.copy(fixture_db, db_path)
    gdf = gpd.GeoDataFrame(
        {
            "id": ["CV-HOSTIL"],
            "nombre": ["Corredor [Hostil](http://evil.example)"],
            "cvegeo": ["19039"],
            "estado": ["planned"],
            "descripcion": [HOSTILE_DESCRIPTION],
        },
        geometry=[LineString([(-100.32, 25.67), (-100.30, 25.68)])],
        crs="EPSG:4326",
    )
    gdf.to_file(tmp / "hostil.geojson", driver="GeoJSON")
    report = run_import(db_path, "corridors", tmp / "hostil.geojson", mix_with_sample=True)
    assert report.ok, report.lines()
    with _streamlit(db_path, tmp / "users.json", "streamlit-hostile.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def _tab(browser, url: str, **context: object) -> Iterator[Tab]:
    """A fresh browser context and page on ``url`` (closed afterwards); ``context``: viewport, phone settings."""
    ctx = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context})
    try:
        yield Tab(ctx.new_page(), url)
    finally:
        ctx.close()


class Tab:
    """A page plus every URL it requested."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.base = base
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)

    def open(self, path: str = "") -> None:
        self.page.goto(f"{self.base}/{path}")
        self.settle()

    def settle(self) -> None:
        p = self.page
        p.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
        time.sleep(0.5)
        p.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
        # Elements of the previous run stay faded ("stale") until the new run replaces them: wait them out.
        p.wait_for_function("!document.querySelector('[data-stale=\"true\"]')", timeout=30_000)
        time.sleep(1.0)

    def deck_errors(self) -> list[str]:
        """deck.gl reports a layer that fails to initialise (bad prop, bad accessor) only here."""
        return [m for m in self.console_errors if "deck" in m.lower() or "layer" in m.lower()]

    def external(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.base, "data:", "blob:", "about:"))]

    def shot(self, name: str) -> pathlib.Path:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        path = OUTPUT / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture()
def tab(browser, server: str):
    with _tab(browser, server, accept_downloads=True) as t:
        yield t


@pytest.fixture(scope="session")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on a real database: `nlmobility init`, real boundaries and Apodaca's state-portal crashes."""
    from nlmobility import initdb
    from nlmobility.ingest import run_import
    from tests.conftest import REALDATA

    boundaries, apodaca = (
        REALDATA / "Nuevo León.json",
        REALDATA / "indices-de-estadisticas-de-accidentes-viales-apodaca.csv",
    )
    if not (boundaries.exists() and apodaca.exists()):
        pytest.skip(f"real data files not available under {REALDATA} (only beside CI and developer checkouts)")
    from nlmobility import auth
    from tests.portal_stub import Portal, running

    tmp = tmp_path_factory.mktemp("initdb")
    db_path = initdb.init(tmp / "real.duckdb")
    assert run_import(db_path, "municipalities", boundaries).ok
    assert run_import(db_path, "crashes", apodaca, partial=True).ok
    auth.add_user("portal", ADMIN_PASSWORD, path=tmp / "users.json")  # for the portal sync test
    # the state portal, stood in for locally: it has Apodaca's export (as imported above) and none of the others
    portal = Portal()
    portal.serve("indices-de-estadisticas-de-accidentes-viales-apodaca", apodaca.read_bytes(), "2023-04-10T12:00:00")
    with running(portal) as portal_url:
        extra = {auth.ENV_USERS: str(tmp / "users.json"), "NLMOBILITY_PORTAL_URL": portal_url}
        with streamlit_server(db_path, ROOT / "test-output" / "streamlit-real.log", extra) as url:
            yield url


@pytest.fixture()
def real_tab(browser, real_server: str):
    with _tab(browser, real_server) as t:
        yield t


@pytest.fixture()
def hostile_tab(browser, hostile_server: str):
    with _tab(browser, hostile_server) as t:
        yield t


@pytest.fixture()
def phone(browser, server: str):
    with _tab(
        browser,
        server,
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        user_agent=PHONE_USER_AGENT,
    ) as t:
        yield t


@pytest.fixture()
def projector(browser, server: str):
    """A 1280×720 screen: the projector a facilitator plugs a laptop into."""
    with _tab(browser, server, viewport={"width": 1280, "height": 720}) as t:
        yield t


@pytest.fixture(scope="session")
def tiles_server(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with NLMOBILITY_BASEMAP=tiles and a small raster pack made here (removed afterwards)."""
    from nlmobility import basemap
    from tests.test_basemap import make_raster_pack

    if (basemap.STATIC / basemap.TILES_STYLE).exists() or (basemap.STATIC / basemap.TILES_DIR).exists():
        pytest.skip("a tile pack is already installed in static/: not replaced by a test")
    tmp = tmp_path_factory.mktemp("tiles")
    pack = tmp / "prueba.mbtiles"
    make_raster_pack(pack)
    basemap.install(pack)
    try:
        with streamlit_server(
            fixture_db, ROOT / "test-output" / "streamlit-tiles.log", {basemap.ENV_BASEMAP: "tiles"}
        ) as url:
            yield url
    finally:
        shutil.rmtree(basemap.STATIC / basemap.TILES_DIR, ignore_errors=True)
        (basemap.STATIC / basemap.TILES_STYLE).unlink(missing_ok=True)


@pytest.fixture()
def tiles_tab(browser, tiles_server: str):
    with _tab(browser, tiles_server) as t:
        yield t
