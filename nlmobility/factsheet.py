"""A printable fact sheet (PDF) for a corridor, for workshops and offices: one A4 page when it fits.

Nothing is dropped silently: content that does not fit the first page flows onto the next (each
page with the footer and "página 1 de 2"; a continued page repeats the corridor's name), and a name
longer than two lines is cut with an ellipsis and a note saying so and where the full name is.

Streamlit-free: the caller passes already translated text (and the language of the sheet's own few
words). Uses fpdf2 (pure
Python) with DejaVu Sans from the system (Debian's fonts-dejavu-core: →, ≤, – print as such);
where that font is missing it falls back to the built-in Helvetica, limited to Latin-1, and the
few other symbols are spelled out. Nothing is downloaded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import cast

from fpdf import FPDF

from nlmobility import staticmap, text, textsafe

#: Width of the label column (mm): fits "Hitos finalizados (Corredores Verdes)" in bold 10 pt (74.8 mm and
#: the cell's 1 mm margins); a longer label wraps in its column.
KEY_W = 78

#: Symbols outside Latin-1 that our texts use, and their plain spelling.
_SPELL = {
    "→": "->",
    "≤": "<=",
    "≥": ">=",
    "–": "-",
    "\u2212": "-",  # the minus sign of signed figures
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
    #: the language of the sheet's own words (page numbers, continuation, the note on a cut name): es or en
    language: str = "es"


#: Lines the corridor's name may take at the top of the sheet (18 pt) before it is cut with an ellipsis.
TITLE_LINES = 2
#: Space kept between the last line of content and the footer (mm).
FOOTER_GAP = 3.0


def _lines(pdf: FPDF, w: float, h: float, text: str) -> list[str]:
    """The lines ``text`` takes in a ``w`` mm wide cell in the current font (nothing drawn)."""
    return cast(list[str], pdf.multi_cell(w, h, text, dry_run=True, output="LINES"))


def fit_lines(pdf: FPDF, text: str, w: float, h: float, *, max_lines: int, ellipsis: str) -> tuple[str, bool]:
    """``text`` as is when it takes at most ``max_lines`` lines, else its longest start that does with ``ellipsis``."""
    if len(_lines(pdf, w, h, text)) <= max_lines:
        return text, False
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if len(_lines(pdf, w, h, text[:mid].rstrip() + ellipsis)) <= max_lines:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ellipsis, True


class _SheetPdf(FPDF):
    """An A4 page whose footer is drawn on every page and whose continued pages repeat the name."""

    def __init__(self) -> None:
        super().__init__(format="A4", unit="mm")
        self.family = "Helvetica"
        self.footer_top = self.h - 26
        self.footer_text = ""
        self.link_text = ""
        self.link_url: str | None = None
        self.continued = ""
        self.pages_total: int | None = None
        self.words = text.words("sheet", "es")

    def header(self) -> None:
        """Pages after the first: the corridor's name (one line) and "(continuación)"."""
        if self.page_no() == 1:
            return
        width = self.w - self.l_margin - self.r_margin
        self.set_font(self.family, "B", 10)
        self.set_text_color(80, 80, 80)
        self.multi_cell(width, 5, self.continued, new_x="LMARGIN", new_y="NEXT", align="L")
        self.set_draw_color(180, 180, 180)
        self.line(self.l_margin, self.get_y() + 0.5, self.l_margin + width, self.get_y() + 0.5)
        self.ln(3)

    def footer(self) -> None:
        """The footer in its own band under the content (never overprinted), with the page number when several."""
        auto, margin = self.auto_page_break, self.b_margin
        self.set_auto_page_break(auto=False)
        width = self.w - self.l_margin - self.r_margin
        self.set_y(self.footer_top)
        self.set_font(self.family, "", 8)
        self.set_text_color(90, 90, 90)
        self.multi_cell(width, 4, self.footer_text, new_x="LMARGIN", new_y="NEXT", align="L")
        if self.link_url:
            self.set_text_color(11, 80, 160)
            self.cell(width, 4, self.link_text, link=self.link_url, new_x="LMARGIN", new_y="NEXT")
        if self.pages_total and self.pages_total > 1:
            n, nb = self.page_no(), self.pages_total
            said = self.words["page"].format(n=n, nb=nb)
            if n < nb:
                said += " · " + self.words["continues"].format(n=n + 1)
            self.set_text_color(90, 90, 90)
            self.cell(width, 4, said, align="R")
        self.set_auto_page_break(auto=auto, margin=margin)


def _map(pdf: FPDF, png: bytes, caption: str, family: str, width: float) -> None:
    """The corridor's map across the page, its caption under it (on the next page when it does not fit)."""
    map_h = width * 620 / 1400
    if pdf.get_y() + map_h + 6 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=pdf.l_margin, y=pdf.get_y(), w=width, h=map_h)
    pdf.set_y(pdf.get_y() + map_h + 0.5)
    if caption:
        pdf.set_font(family, "I", 8)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(width, 3.8, caption, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(2)


def _row(pdf: _SheetPdf, key: str, value: str, width: float) -> None:
    """One label/value row, both wrapped in their columns, kept on one page when it fits one."""
    family = pdf.family
    pdf.set_font(family, "B", 10)
    key_lines = _lines(pdf, KEY_W, 5.5, key)
    pdf.set_font(family, "", 10)
    value_lines = _lines(pdf, width - KEY_W, 5.5, value)
    _keep_together(pdf, 5.5 * max(len(key_lines), len(value_lines), 1))
    page, y = pdf.page, pdf.get_y()
    pdf.set_font(family, "B", 10)
    pdf.multi_cell(KEY_W, 5.5, key, new_x="LMARGIN", new_y="NEXT", align="L")
    key_end = pdf.get_y()
    pdf.set_xy(pdf.l_margin + KEY_W, y)
    pdf.set_font(family, "", 10)
    pdf.multi_cell(width - KEY_W, 5.5, value, new_x="LMARGIN", new_y="NEXT", align="L")
    if pdf.page == page:
        pdf.set_y(max(key_end, pdf.get_y()))


def _keep_together(pdf: FPDF, height: float) -> None:
    """A new page when a block of ``height`` mm fits on a page but not in what is left of this one."""
    if height <= pdf.page_break_trigger - pdf.t_margin - 10 and pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _note(pdf: _SheetPdf, note: str, width: float) -> None:
    """A section's note in small italics, on one page when it fits one."""
    pdf.set_font(pdf.family, "I", 9)
    pdf.set_text_color(90, 90, 90)
    _keep_together(pdf, 4.5 * len(_lines(pdf, width, 4.5, note)))
    pdf.multi_cell(width, 4.5, note, new_x="LMARGIN", new_y="NEXT", align="L")


def _title(pdf: _SheetPdf, title: str, link: str | None, *, text_w: float, ellipsis: str) -> None:
    """The corridor's name in at most :data:`TITLE_LINES` lines; a longer one cut with an ellipsis and a note."""
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font(pdf.family, "B", 18)
    shown, cut = fit_lines(pdf, title, text_w, 8, max_lines=TITLE_LINES, ellipsis=ellipsis)
    pdf.set_font(pdf.family, "B", 10)
    suffix = " " + pdf.words["continued"]  # always shown whole: the name is cut to make room for it
    head, _ = fit_lines(pdf, shown, width - pdf.get_string_width(suffix) - 2, 5, max_lines=1, ellipsis=ellipsis)
    pdf.continued = head + suffix
    pdf.set_font(pdf.family, "B", 18)
    pdf.multi_cell(text_w, 8, shown, new_x="LMARGIN", new_y="NEXT", align="L")
    if cut:
        pdf.set_font(pdf.family, "I", 8)
        pdf.set_text_color(140, 60, 0)
        said = pdf.words["name_cut"].format(shown=len(shown) - len(ellipsis), total=len(title))
        pdf.multi_cell(text_w, 4, said + (f": {link}" if link else ""), new_x="LMARGIN", new_y="NEXT", align="L")


def render(sheet: Sheet, *, qr_png: bytes | None = None, compress: bool = True) -> bytes:
    """The sheet as an A4 PDF: one page when its content fits, else the content flows onto more pages.

    Nothing is left out: every section, row and note is printed, the footer is on every page in a
    band of its own (content never runs into it), and a name too long for two lines is cut with an
    ellipsis and a note under it.
    """
    pdf = _draw(sheet, qr_png=qr_png, compress=compress, pages_total=None)
    if pdf.pages_count > 1:  # again, now that the page count is known: "página 1 de 2"
        pdf = _draw(sheet, qr_png=qr_png, compress=compress, pages_total=pdf.pages_count)
    return bytes(pdf.output())


def _draw(sheet: Sheet, *, qr_png: bytes | None, compress: bool, pages_total: int | None) -> _SheetPdf:
    pdf = _SheetPdf()
    pdf.set_compression(compress)
    pdf.set_margins(16, 14, 16)
    family, unicode = fonts(pdf)
    pdf.family = family
    pdf.words = text.words("sheet", sheet.language)
    ellipsis = "…" if unicode else "..."

    def txt(text: object) -> str:
        shown = textsafe.display(text)  # no bidirectional control reverses a line; controls show as U+FFFD
        return shown if unicode else latin1(shown)

    pdf.set_title(txt(sheet.title))
    pdf.set_auto_page_break(auto=False)  # until the footer's band is measured (measuring needs a page)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    text_w = width - (44 if qr_png else 0)

    # the footer's band: its lines, the link and the page number, measured before any content is placed
    pdf.footer_text = txt(sheet.footer)
    pdf.link_url = sheet.link
    pdf.link_text = txt(f"{sheet.link_caption or ''} {sheet.link}".strip()) if sheet.link else ""
    pdf.pages_total = pages_total
    pdf.set_font(family, "", 8)
    band = 4 * len(_lines(pdf, width, 4, pdf.footer_text)) + (4 if sheet.link else 0) + (4 if pages_total else 0)
    pdf.footer_top = pdf.h - 8 - band
    pdf.set_auto_page_break(auto=True, margin=pdf.h - pdf.footer_top + FOOTER_GAP)

    _title(pdf, txt(sheet.title), sheet.link, text_w=text_w, ellipsis=ellipsis)
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
        if pdf.get_y() + 8 + 5.5 > pdf.page_break_trigger:  # a heading starts a page with its first line
            pdf.add_page()
        pdf.set_text_color(11, 122, 75)
        pdf.set_font(family, "B", 12)
        pdf.multi_cell(width, 7, txt(section.title), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_draw_color(11, 122, 75)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(1)
        pdf.set_text_color(20, 20, 20)
        for key, value in section.rows:
            _row(pdf, txt(key), txt(value), width)
        if section.note:
            _note(pdf, txt(section.note), width)
        pdf.ln(2)
    return pdf
