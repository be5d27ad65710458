"""A printable one-page fact sheet (PDF) for a corridor, for workshops and offices.

Streamlit-free and language-neutral: the caller passes already translated text. Uses fpdf2 (pure
Python) with its built-in Helvetica, so no font file is needed or downloaded; text is therefore
limited to Latin-1, which covers Spanish, and the few other symbols we use are spelled out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from fpdf import FPDF

#: Width of the label column (mm): fits "Hitos finalizados (Corredores Verdes)" in bold 10 pt.
KEY_W = 76

#: Symbols outside Latin-1 that our texts use, and their plain spelling.
_SPELL = {
    "→": "->",
    "≤": "<=",
    "≥": ">=",
    "–": "-",
    "—": "-",
    "…": "...",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "\u2009": " ",
}


def latin1(text: object) -> str:
    """``text`` printable with the built-in PDF fonts: known symbols spelled out, anything else as '?'."""
    s = "" if text is None else str(text)
    for sym, plain in _SPELL.items():
        s = s.replace(sym, plain)
    return s.encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class Section:
    """A block of the fact sheet: a heading, label/value rows and an optional note."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    note: str | None = None


@dataclass(frozen=True)
class Sheet:
    """Everything printed on a corridor's one-page fact sheet, already in the reader's language."""

    title: str
    subtitle: str
    notice: str | None
    sections: list[Section]
    footer: str
    link: str | None = None
    link_caption: str | None = None


def render(sheet: Sheet, *, qr_png: bytes | None = None, compress: bool = True) -> bytes:
    """The sheet as a one-page A4 PDF (content that would overflow is cut, never a second page)."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_compression(compress)
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(16, 14, 16)
    pdf.add_page()
    pdf.set_title(latin1(sheet.title))
    width = pdf.w - pdf.l_margin - pdf.r_margin
    bottom = pdf.h - 26
    text_w = width - (44 if qr_png else 0)

    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(text_w, 8, latin1(sheet.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.set_text_color(80, 80, 80)
    pdf.multi_cell(text_w, 5, latin1(sheet.subtitle), new_x="LMARGIN", new_y="NEXT")
    if qr_png:
        pdf.image(io.BytesIO(qr_png), x=pdf.w - pdf.r_margin - 38, y=14, w=38)
    pdf.set_y(max(pdf.get_y(), 56 if qr_png else pdf.get_y()) + 2)
    if sheet.notice:
        pdf.set_fill_color(232, 242, 252)
        pdf.set_text_color(20, 60, 120)
        pdf.multi_cell(width, 5, latin1(sheet.notice), fill=True, new_x="LMARGIN", new_y="NEXT", padding=2)
        pdf.ln(2)
    for section in sheet.sections:
        if pdf.get_y() > bottom - 14:
            break
        pdf.set_text_color(11, 122, 75)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(width, 7, latin1(section.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(11, 122, 75)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(1)
        pdf.set_text_color(20, 20, 20)
        for key, value in section.rows:
            if pdf.get_y() > bottom:
                break
            pdf.set_font("Helvetica", "B", 10)
            pdf.cell(KEY_W, 5.5, latin1(key))
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(width - KEY_W, 5.5, latin1(value), new_x="LMARGIN", new_y="NEXT")
        if section.note and pdf.get_y() < bottom:
            pdf.set_font("Helvetica", "I", 9)
            pdf.set_text_color(90, 90, 90)
            pdf.multi_cell(width, 4.5, latin1(section.note), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_y(pdf.h - 22)
    pdf.set_font("Helvetica", "", 8)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 4, latin1(sheet.footer), new_x="LMARGIN", new_y="NEXT")
    if sheet.link:
        pdf.set_text_color(11, 80, 160)
        pdf.cell(width, 4, latin1(f"{sheet.link_caption or ''} {sheet.link}".strip()), link=sheet.link)
    return bytes(pdf.output())
