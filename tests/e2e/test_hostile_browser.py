"""The hostile corpus (tests/test_hostile_text.py) in a real browser: Inicio, Mapa and Participación on a
database whose corridor names, descriptions, comments and milestones hold it (issue 28).

Before: a corridor named ``@@=name`` replaced the map with "Error: Unexpected ":" at character 43";
``:material/warning:`` became an icon and ``:streamlit:`` the logo; U+202E reversed a reply's date.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import Tab, _streamlit, _tab
from tests.test_hostile_text import build_hostile_db


@pytest.fixture(scope="module")
def corpus_server(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("corpus")
    db_path = build_hostile_db(fixture_db, tmp)
    with _streamlit(db_path, tmp / "users.json", "streamlit-corpus.log") as url:
        yield url


@pytest.fixture()
def corpus_tab(browser: Any, corpus_server: str) -> Iterator[Tab]:
    with _tab(browser, corpus_server) as t:
        yield t


def _no_error(tab: Tab) -> None:
    page = tab.page
    assert page.locator('[data-testid="stException"]').count() == 0
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Error:" not in main and "Unexpected" not in main, main[:400]
    assert page.locator('img[alt="Streamlit logo"]').count() == 0, "a :streamlit: shortcode became the logo"


def _map_drawn(tab: Tab) -> None:
    page = tab.page
    chart = page.locator('[data-testid="stDeckGlJsonChart"]').first
    chart.wait_for(state="visible", timeout=90_000)
    canvas = chart.locator("canvas").first
    canvas.wait_for(state="visible", timeout=60_000)
    time.sleep(3)  # deck.gl draws the layers after the canvas appears
    box = canvas.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, "the map's canvas is drawn"
    assert "Error" not in chart.inner_text(), chart.inner_text()[:300]
    assert tab.deck_errors() == [], tab.deck_errors()


@pytest.mark.parametrize("path", ["", "mapa?cor=CV-H00", "mapa?cor=CV-H03"])
def test_the_map_draws_and_no_error_shows_with_the_corpus_in_the_data(corpus_tab: Tab, path: str) -> None:
    corpus_tab.open(path)
    if path:
        _map_drawn(corpus_tab)
    else:  # Inicio draws a still picture of the corridors (their names are pixels in it), not deck.gl
        picture = corpus_tab.page.locator('img[alt^="Mapa fijo"]').first
        picture.wait_for(timeout=90_000)
        assert corpus_tab.page.evaluate("(img) => img.complete && img.naturalWidth > 0", picture.element_handle())
    _no_error(corpus_tab)
    if path.endswith("CV-H03"):
        heading = corpus_tab.page.locator("#ficha-corredor").first
        heading.wait_for(timeout=30_000)
        text = heading.inner_text().replace("\u2060", "").replace("\u200b", "")
        assert ":material/warning:" in text, text
        assert heading.locator('[data-testid="stIconMaterial"]').count() == 0, "the shortcode became an icon"
    if path.endswith("CV-H00"):
        corpus_tab.page.get_by_text("@@=name").first.wait_for(timeout=30_000)
    corpus_tab.shot(f"corpus-{path.replace('?', '-').replace('=', '-') or 'inicio'}")
    assert corpus_tab.external() == []


def test_participation_shows_comments_as_text_and_dates_forward(corpus_tab: Tab) -> None:
    year = dt.date.today().year  # the corpus' comments are the newest, dated up to today
    corpus_tab.open(f"participacion?periodo={year - 1}&periodo={year}")
    _no_error(corpus_tab)
    main = corpus_tab.page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "").replace("\u200b", "")
    assert "\u202e" not in main and "abc 2023-06-01" in main
    assert ":material/warning:" in main and ":streamlit:" in main
    assert corpus_tab.page.locator("script:has-text('alert(1)')").count() == 0
