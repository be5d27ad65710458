"""The fact sheet fits its content or says what it cut (issue 28, item 11).

Every section, row and note of every sample corridor's sheet is in the PDF's text; a long name is
cut with an ellipsis and a note; no content is printed over the footer, on any page.
"""

from __future__ import annotations

import io
import pathlib
import re

import pytest
from pypdf import PdfReader

from nlmobility import factsheet, qr
from nlmobility.filters import Filters

LINK = "http://localhost:8501/mapa?cor=CV-OCAMPO"


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _squash(text: str) -> str:
    """Text without any whitespace: a value wrapped over two lines reads the same."""
    return re.sub(r"\s+", "", text)


def _printable(text: str) -> str:
    return text if factsheet.unicode_font_available() else factsheet.latin1(text)


def _fragments(pdf: bytes) -> list[list[tuple[float, str]]]:
    """Per page, each text fragment with its baseline's height above the page's bottom (points)."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: list[tuple[float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object, into: list = found) -> None:
            if text.strip():
                into.append((tm[5] * cm[3] + cm[5], text.strip()))

        page.extract_text(visitor_text=visit)
        out.append(found)
    return out


def _missing(sheet: factsheet.Sheet, pdf: bytes) -> list[str]:
    """What of the sheet's sections (heading, every label and value, the note) the PDF's text lacks."""
    text = _squash(" ".join(_pages(pdf)))
    wanted = [sheet.title]
    for s in sheet.sections:
        wanted += [s.title, *(x for row in s.rows for x in row), *([s.note] if s.note else [])]
    return [w for w in wanted if _squash(_printable(w)) not in text]


def _no_overprint(sheet: factsheet.Sheet, pdf: bytes) -> None:
    """On every page, every content line lies clearly above the footer's first line (a line's height, 9 pt)."""
    footer_start = _squash(_printable(sheet.footer))[:12]
    for n, page in enumerate(_fragments(pdf), start=1):
        footer_y = [y for y, t in page if _squash(t) and footer_start.startswith(_squash(t)[:12])]
        assert footer_y, f"page {n} has the footer"
        top_of_footer = max(footer_y)
        low = [(round(y), t) for y, t in page if y <= top_of_footer + 9 and not _in_footer(sheet, t)]
        assert not low, f"page {n}: content printed over or against the footer: {low[:3]}"
        assert any(y > top_of_footer + 9 for y, _ in page), f"page {n} has content"


def _in_footer(sheet: factsheet.Sheet, fragment: str) -> bool:
    band = _squash(_printable(f"{sheet.footer} {sheet.link_caption or ''} {sheet.link or ''}"))
    return _squash(fragment) in band or bool(re.search(r"(página|page) \d+ (de|of) \d+", fragment))


@pytest.fixture(scope="module")
def sample_sheets(default_db: pathlib.Path) -> dict[str, tuple[factsheet.Sheet, bytes]]:
    """Every sample corridor's sheet as the Mapa page offers it (with its map and QR code)."""
    import dataclasses

    from nlmobility import db, queries
    from nlmobility.ui import data, sheets

    mp = pytest.MonkeyPatch()
    mp.setenv("NLMOBILITY_DB", str(default_db))
    data._cached.clear()
    con = db.connect(default_db)
    try:
        ids = queries.corridors(con.cursor())["corridor_id"].tolist()
    finally:
        con.close()
    out = {}
    try:
        for cid in ids:
            s = sheets.sheet(cid, Filters(), LINK)
            assert s is not None
            s = dataclasses.replace(s, link=f"http://localhost:8501/mapa?cor={cid}")
            out[cid] = (s, factsheet.render(s, qr_png=qr.png(s.link or ""), compress=False))
    finally:
        data._cached.clear()
        mp.undo()
    return out


def test_every_section_of_every_sample_corridor_is_on_its_sheet(sample_sheets) -> None:
    assert "CV-OCAMPO" in sample_sheets
    for cid, (sheet, pdf) in sample_sheets.items():
        assert [s.title for s in sheet.sections][-1] == "Avance del compromiso"
        assert not _missing(sheet, pdf), (cid, _missing(sheet, pdf))
        _no_overprint(sheet, pdf)


def test_cv_ocampo_keeps_what_the_one_page_sheet_dropped(sample_sheets) -> None:
    """The issue's sheet: "Con discapacidad", the small-count note and "Avance del compromiso" were missing."""
    sheet, pdf = sample_sheets["CV-OCAMPO"]
    text = _squash(" ".join(_pages(pdf)))
    for said in ("Con discapacidad", "Avance del compromiso", "Hitos finalizados"):
        assert _squash(said) in text, said
    safety = next(s for s in sheet.sections if s.title == "Seguridad vial")
    assert safety.note and _squash(safety.note) in text
    pages = len(_pages(pdf))
    if pages > 1:
        assert "página 1 de" in _pages(pdf)[0] and "continúa en la página 2" in _pages(pdf)[0]
        assert "(continuación)" in _pages(pdf)[1]


def _map_png() -> bytes:
    """A stand-in for the corridor's map (the size ``staticmap`` draws): it takes its real room on the page."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1400, 620), (200, 220, 200)).save(out, format="PNG")
    return out.getvalue()


def _sheet(**over: object) -> factsheet.Sheet:
    base: dict[str, object] = dict(
        map_png=_map_png(),
        map_caption="Mapa aproximado del corredor, sus municipios y el transporte público.",
        title="Corredor Verde Ocampo",
        subtitle="Corredores Verdes · ficha",
        notice="Datos de muestra: cifras sintéticas. Úselas solo para probar el tablero.",
        sections=[
            factsheet.Section("Corredor", [("Municipio", "Monterrey"), ("Estado", "En obra")], note="Descripción."),
            factsheet.Section(
                "Seguridad vial",
                [("Antes", "12"), ("Después", "7"), ("Cambio", "-42 %")],
                note="Con menos de 10 siniestros en una ventana la comparación no es concluyente.",
            ),
            factsheet.Section(
                "Participación",
                [("Eventos", "3"), ("Participantes", "120"), ("Mujeres", "55 %"), ("Con discapacidad", "4")],
                note="Cifras menores que 5 se ocultan.",
            ),
            factsheet.Section("Avance del compromiso", [("Hitos finalizados", "3 / 10 (30 %)"), ("Atorados", "1")]),
        ],
        footer="Versión de datos v2 · datos al 2025-12-31 · generado el 2026-01-05",
        link=LINK,
        link_caption="En línea:",
    )
    return factsheet.Sheet(**{**base, **over})  # type: ignore[arg-type]


def test_a_200_character_name_is_cut_with_an_ellipsis_and_a_note() -> None:
    name = "Corredor Verde " + " ".join(["Avenida Constitución y Morones Prieto"] * 6)
    name = name[:200]
    sheet = _sheet(title=name)
    pdf = factsheet.render(sheet, qr_png=qr.png(LINK), compress=False)
    text = " ".join(_pages(pdf))
    assert "Nombre recortado" in text and "de 200 caracteres" in text and LINK in _squash(text)
    assert ("…" if factsheet.unicode_font_available() else "...") in text
    sections = _sheet().sections
    assert not _missing(_sheet(title=name[:40], sections=sections), pdf)[1:], "every section is still there"
    _no_overprint(sheet, pdf)


def test_a_2000_character_description_keeps_every_section_and_clears_the_footer() -> None:
    """The issue: a 571-character description pushed "Participación" off the one page."""
    words = "El corredor conecta escuelas, mercados y paradas del transporte público con banquetas amplias. "
    for n in (571, 2000):
        description = (words * 30)[:n]
        sections = [
            factsheet.Section("Corredor", [("Municipio", "Monterrey")], note=description),
            *_sheet().sections[1:],
        ]
        sheet = _sheet(title="Corredor " + "Nombre Largo " * 15, sections=sections)
        pdf = factsheet.render(sheet, qr_png=qr.png(LINK), compress=False)
        assert not [w for w in _missing(sheet, pdf) if w != sheet.title], n
        _no_overprint(sheet, pdf)


def test_a_note_that_starts_near_the_bottom_never_runs_into_the_footer() -> None:
    """Wherever a long note starts (the one-page sheet drew it over the footer with 23 rows before it)."""
    note = "Siniestros a 50 m de cada corredor abierto: 12 meses antes de la obra frente a 12 meses después. " * 3
    for k in range(0, 30, 2):
        sheet = _sheet(
            sections=[factsheet.Section("Seguridad vial", [(f"Fila {i}", "1") for i in range(k)], note=note)]
        )
        pdf = factsheet.render(sheet, compress=False)
        assert not _missing(sheet, pdf), k
        _no_overprint(sheet, pdf)


def test_overflowing_content_flows_onto_numbered_pages_nothing_left_out() -> None:
    many = [
        factsheet.Section(f"Sección {i}", [(f"Dato {i}.{j}", f"valor {i}.{j} " + "x" * 60) for j in range(20)])
        for i in range(10)
    ]
    sheet = _sheet(sections=many)
    pdf = factsheet.render(sheet, compress=False)
    pages = _pages(pdf)
    assert len(pages) > 2 and re.search(rb"/Count %d\b" % len(pages), pdf)
    assert not _missing(sheet, pdf)
    for n, text in enumerate(pages, start=1):
        assert f"página {n} de {len(pages)}" in text and "Versión de datos v2" in text
        if n > 1:
            assert "Corredor Verde Ocampo (continuación)" in text
    _no_overprint(sheet, pdf)


def test_a_sheet_that_fits_stays_one_page_without_page_numbers() -> None:
    pdf = factsheet.render(_sheet(), qr_png=qr.png(LINK), compress=False)
    (text,) = _pages(pdf)
    assert "página" not in text and not _missing(_sheet(), pdf)


def test_english_sheets_say_their_own_words_in_english() -> None:
    many = [factsheet.Section(f"Section {i}", [(f"Item {j}", "x" * 80) for j in range(20)]) for i in range(4)]
    pdf = factsheet.render(_sheet(sections=many, language="en", title="N" * 300), compress=False)
    pages = _pages(pdf)
    assert "page 1 of" in pages[0] and "continues on page 2" in pages[0] and "(continued)" in pages[1]
    assert "Name shortened" in pages[0]
