"""The printable corridor fact sheet: one A4 page, Spanish text intact, figures from the pages' queries."""

from __future__ import annotations

import pathlib
import re

import pytest

from nlmobility import factsheet, figures, qr
from nlmobility.filters import Filters


def _text(pdf: bytes) -> str:
    """The text of the PDF's pages as a reader extracts it (pypdf, through the fonts' Unicode maps)."""
    import io

    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _sheet(**over) -> factsheet.Sheet:
    base = dict(
        title="Corredor Verde Ocampo",
        subtitle="Corredores Verdes · ficha",
        notice="Datos de muestra: cifras sintéticas.",
        sections=[
            factsheet.Section(
                "Seguridad vial",
                [("Antes", "12"), ("Después", "7"), ("Cambio", "-42 %")],
                note="Siniestros a ≤50 m → 12 meses",
            ),
            factsheet.Section("Participación", [("Niñas y niños", "28")]),
        ],
        footer="Versión de datos v2 · datos al 2025-12-31",
        link="http://localhost:8501/mapa?cor=CV-OCAMPO",
        link_caption="En línea:",
    )
    return factsheet.Sheet(**{**base, **over})


def test_one_page_pdf_with_spanish_text_and_proper_symbols() -> None:
    pdf = factsheet.render(_sheet(), qr_png=qr.png("http://localhost:8501/mapa?cor=CV-OCAMPO"), compress=False)
    assert pdf.startswith(b"%PDF-")
    assert re.search(rb"/Count 1\b", pdf), "exactly one page"
    text = _text(pdf)
    symbols = "≤50 m → 12 meses" if factsheet.unicode_font_available() else "<=50 m -> 12 meses"
    for s in ("Corredor Verde Ocampo", "Después", "Niñas y niños", "Participación", symbols):
        assert s in text, s
    assert "/Subtype /Image" in pdf.decode("latin-1"), "QR code embedded"
    assert b"/URI (http://localhost:8501/mapa?cor=CV-OCAMPO)" in pdf


def test_overflowing_content_flows_onto_a_second_page_not_cut() -> None:
    """Issue 28, item 11: nothing is dropped silently (more in test_factsheet_fit)."""
    many = [factsheet.Section(f"Sección {i}", [(f"Dato {j}", "x" * 80) for j in range(20)]) for i in range(10)]
    pdf = factsheet.render(_sheet(sections=many), compress=False)
    assert not re.search(rb"/Count 1\b", pdf) and "Sección 9" in _text(pdf)


def test_unprintable_characters_become_question_marks_not_errors() -> None:
    assert factsheet.latin1("Peatón → 漢字 ≤ 5") == "Peatón -> ?? <= 5"
    assert factsheet.latin1(None) == ""


def test_sheet_figures_match_the_pages_queries(fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sheet's before/after and participation figures equal the queries the pages use."""
    import datetime as dt

    from nlmobility import db, queries
    from nlmobility.ui import data, sheets

    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    data._cached.clear()
    con = db.connect(fixture_db)
    try:
        cor = queries.corridors(con.cursor())
        opened = cor[cor["opening_date"].notna()].sort_values("opening_date").iloc[0]
        ba = figures.before_after(
            con.cursor(), Filters(corridor_id=opened["corridor_id"]), months=12, data_end=dt.date(2025, 12, 31)
        ).iloc[0]
        tot = queries.participation_totals(con.cursor(), Filters.all_time(corridor_id=opened["corridor_id"]))
    finally:
        con.close()
    s = sheets.sheet(str(opened["corridor_id"]), Filters(), None)
    assert s is not None and s.title == opened["name"]
    rows = {k: v for sec in s.sections for k, v in sec.rows}
    assert rows["Antes"].startswith(f"{int(ba['n_before'])} (")
    assert rows["Después"].startswith(f"{int(ba['n_after'])} (")
    assert rows["Eventos"] == f"{tot['events']:,}"
    assert s.notice and "muestra" in s.notice
    pdf = factsheet.render(s, compress=False)
    assert opened["name"] in _text(pdf)


def test_the_sheet_carries_a_locally_drawn_map_of_the_corridor(fixture_db: pathlib.Path) -> None:
    import io

    from PIL import Image

    from nlmobility import db, queries, staticmap

    con = db.connect(fixture_db)
    try:
        cor = queries.corridors(con.cursor(), corridor_id="CV-OCAMPO").iloc[0]
        munis = queries.municipalities(con.cursor())["geojson"].tolist()
    finally:
        con.close()
    png = staticmap.corridor_png(cor["geojson"], cor["status"], municipalities=munis)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (1400, 620)
    assert img.getpixel((700, 310)) in {staticmap.STATUS_RGB["finished"], (30, 30, 30)}, "the corridor at the centre"
    pdf = factsheet.render(_sheet(map_png=png, map_caption="Mapa aproximado"), compress=False)
    assert re.search(rb"/Count 1\b", pdf) and pdf.count(b"/Subtype /Image") >= 1
    assert "Mapa aproximado" in _text(pdf)
