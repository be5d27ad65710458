"""The printable corridor fact sheet: one A4 page, Spanish text intact, figures from the pages' queries."""

from __future__ import annotations

import pathlib
import re

import pytest

from nlmobility import factsheet, qr
from nlmobility.filters import Filters


def _text(pdf: bytes) -> str:
    """Every text-showing string in an uncompressed PDF, decoded as Latin-1."""
    return " ".join(m.decode("latin-1") for m in re.findall(rb"\((.*?)(?<!\\)\)\s*Tj", pdf))


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


def test_one_page_pdf_with_spanish_text_and_spelled_out_symbols() -> None:
    pdf = factsheet.render(_sheet(), qr_png=qr.png("http://localhost:8501/mapa?cor=CV-OCAMPO"), compress=False)
    assert pdf.startswith(b"%PDF-")
    assert re.search(rb"/Count 1\b", pdf), "exactly one page"
    text = _text(pdf)
    for s in ("Corredor Verde Ocampo", "Después", "Niñas y niños", "Participación", "<=50 m -> 12 meses"):
        assert s in text, s
    assert "/Subtype /Image" in pdf.decode("latin-1"), "QR code embedded"
    assert b"/URI (http://localhost:8501/mapa?cor=CV-OCAMPO)" in pdf


def test_overflowing_content_is_cut_not_a_second_page() -> None:
    many = [factsheet.Section(f"Sección {i}", [(f"Dato {j}", "x" * 80) for j in range(20)]) for i in range(10)]
    pdf = factsheet.render(_sheet(sections=many), compress=False)
    assert re.search(rb"/Count 1\b", pdf)


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
        ba = queries.before_after(
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
