"""A printable one-page fact sheet (PDF) for a corridor, for workshops and offices.

Streamlit-free and language-neutral: the caller passes already translated text. Uses fpdf2 (pure
Python) with DejaVu Sans from the system (Debian's fonts-dejavu-core: →, ≤, – print as such);
where that font is missing it falls back to the built-in Helvetica, limited to Latin-1, and the
few other symbols are spelled out. Nothing is downloaded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from fpdf import FPDF

from nlmobility import staticmap

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


_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


def unicode_font_available() -> bool:
    """Whether DejaVu Sans (regular, bold, oblique) is installed, so any text prints as written."""
    return all((staticmap.DEJAVU / f).exists() for f in _FONT_FILES.values())


def fonts(pdf: FPDF) -> tuple[str, bool]:
    """The font family to use and whether it prints any Unicode text (DejaVu) or only Latin-1 (Helvetica)."""
    if unicode_font_available():
        for style, f in _FONT_FILES.items():
            pdf.add_font("DejaVu", style, str(staticmap.DEJAVU / f))
        return "DejaVu", True
    return "Helvetica", False


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
    #: the corridor on its context (PNG, drawn locally by ``staticmap``) and its caption
    map_png: bytes | None = None
    map_caption: str | None = None


def _map(pdf: FPDF, png: bytes, caption: str, family: str, width: float) -> None:
    """The corridor's map across the page, its caption under it."""
    map_h = width * 620 / 1400
    pdf.image(io.BytesIO(png), x=pdf.l_margin, y=pdf.get_y(), w=width, h=map_h)
    pdf.set_y(pdf.get_y() + map_h + 0.5)
    if caption:
        pdf.set_font(family, "I", 8)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(width, 3.8, caption, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(2)


def render(sheet: Sheet, *, qr_png: bytes | None = None, compress: bool = True) -> bytes:
    """The sheet as a one-page A4 PDF (content that would overflow is cut, never a second page)."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_compression(compress)
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(16, 14, 16)
    pdf.add_page()
    family, unicode = fonts(pdf)

    def txt(text: object) -> str:
        return ("" if text is None else str(text)) if unicode else latin1(text)

    pdf.set_title(txt(sheet.title))
    width = pdf.w - pdf.l_margin - pdf.r_margin
    bottom = pdf.h - 26
    text_w = width - (44 if qr_png else 0)

    pdf.set_font(family, "B", 18)
    pdf.multi_cell(text_w, 8, txt(sheet.title), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(family, "", 10)
    pdf.set_text_color(80, 80, 80)
    pdf.multi_cell(text_w, 5, txt(sheet.subtitle), new_x="LMARGIN", new_y="NEXT", align="L")
    if qr_png:
        pdf.image(io.BytesIO(qr_png), x=pdf.w - pdf.r_margin - 38, y=14, w=38)
    if sheet.notice:
        pdf.set_y(pdf.get_y() + 2)
        pdf.set_fill_color(232, 242, 252)
        pdf.set_text_color(20, 60, 120)
        pdf.set_font(family, "", 9)
        pdf.multi_cell(text_w, 4.5, txt(sheet.notice), fill=True, new_x="LMARGIN", new_y="NEXT", align="L", padding=2)
    pdf.set_y(max(pdf.get_y(), 56 if qr_png else pdf.get_y()) + 2)
    if sheet.map_png:
        _map(pdf, sheet.map_png, txt(sheet.map_caption or ""), family, width)
    for section in sheet.sections:
        if pdf.get_y() > bottom - 14:
            break
        pdf.set_text_color(11, 122, 75)
        pdf.set_font(family, "B", 12)
        pdf.cell(width, 7, txt(section.title), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_draw_color(11, 122, 75)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(1)
        pdf.set_text_color(20, 20, 20)
        for key, value in section.rows:
            if pdf.get_y() > bottom:
                break
            pdf.set_font(family, "B", 10)
            pdf.cell(KEY_W, 5.5, txt(key))
            pdf.set_font(family, "", 10)
            pdf.multi_cell(width - KEY_W, 5.5, txt(value), new_x="LMARGIN", new_y="NEXT", align="L")
        if section.note and pdf.get_y() < bottom:
            pdf.set_font(family, "I", 9)
            pdf.set_text_color(90, 90, 90)
            pdf.multi_cell(width, 4.5, txt(section.note), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(2)
    pdf.set_y(pdf.h - 22)
    pdf.set_font(family, "", 8)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 4, txt(sheet.footer), new_x="LMARGIN", new_y="NEXT", align="L")
    if sheet.link:
        pdf.set_text_color(11, 80, 160)
        pdf.cell(width, 4, txt(f"{sheet.link_caption or ''} {sheet.link}".strip()), link=sheet.link)
    return bytes(pdf.output())
