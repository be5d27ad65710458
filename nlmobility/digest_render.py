"""The forum digest rendered: Markdown, HTML and a PDF of at most two pages (Streamlit-free).

:mod:`nlmobility.digest` builds the digest (what changed, is overdue, stuck or due, from the
database); this module only writes it. Every imported text is escaped for its format.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Callable

from fpdf import FPDF

from nlmobility import digest, factsheet, text, textsafe


def _head(d: digest.Digest, esc: Callable[[str], str] = str) -> list[str]:
    """The lines under the title: period, calendar note, what the data are (the version through ``esc``)."""
    w = text.words("digest", d.lang)
    lines = [w["period"].format(as_of=d.as_of.isoformat(), since=d.since.isoformat(), next=d.next_meeting.isoformat())]
    what = "real_no_status" if d.built_from == "real" and d.listed and d.no_status else d.built_from
    lines.append(w[what] + " " + w["version"].format(version=esc(d.version)) + ".")
    if d.unknown and not (d.built_from == "real" and d.no_status):
        lines.append(w["unknown_count"].format(n=d.unknown, total=d.listed))
    if d.sample_status and d.built_from != "sample":
        lines.append(w["sample_status"])
    if d.scheduled:
        lines.append(w["scheduled"])
    if d.road_safety:
        lines.append(d.road_safety)
    return lines


def _columns(d: digest.Digest) -> list[tuple[str, str]]:
    w = text.words("digest", d.lang)
    return [
        ("commitment", w["col_commitment"]),
        ("milestones", w["col_milestones"]),
        ("finished", w["col_finished"]),
        ("overdue", w["col_overdue"]),
        ("stuck", w["col_stuck"]),
        ("changed", w["col_changed"]),
        ("due", w["col_due"]),
        ("unknown", w["col_unknown"]),
    ]


def _details(w: dict[str, str], key: str, i: digest.Item, esc: Callable[[str], str]) -> str:
    """What happened to a milestone, its note or reason, and who is responsible.

    The imported parts (note, institution) go through ``esc``; the rest is the digest's own words and dates.
    """
    out = f"{i.what}."
    if i.note:
        out += f" {w['note'] if key == 'changed' else w['reason']}: {esc(i.note)}."
    return out + f" {w['responsible']}: {esc(i.responsible)}."


def _safe_link(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://")) and not any(c.isspace() for c in url) else None


def to_markdown(d: digest.Digest, *, limit: int | None = None) -> str:
    """The digest as Markdown; every imported text is escaped (shown as written, never as Markdown or HTML).

    Text goes through ``textsafe.commonmark_literal`` and evidence addresses through
    ``textsafe.markdown_url`` (percent-encoded, so ``>`` cannot end the link and open an image).
    """
    w = text.words("digest", d.lang)
    lit = textsafe.commonmark_literal
    out = [f"# {w['title']}", "", f"*{w['subtitle']}*", ""]
    out += [x + "  " for x in _head(d, lit)]  # our own words and dates, and the version escaped
    out += ["", f"## {w['summary']}", ""]
    cols = _columns(d)
    out.append("| " + " | ".join(h for _, h in cols) + " |")
    out.append("|" + "|".join("---" if k == "commitment" else "---:" for k, _ in cols) + "|")
    for r in d.summary:
        out.append("| " + " | ".join(lit(r[k]) for k, _ in cols) + " |")  # "|" is escaped too
    if d.unlisted:
        out += ["", w["unlisted"].format(names="; ".join(lit(n) for n in d.unlisted))]
    for _key, heading, items, empty in d.sections():
        out += ["", f"## {heading}", ""]
        if not items:
            out.append(empty)
        shown = items if limit is None else items[:limit]
        for i in shown:
            line = f"- **{lit(i.commitment)} · {w['milestone']} {i.seq}** «{lit(i.title)}»: {_details(w, _key, i, lit)}"
            link = textsafe.markdown_url(_safe_link(i.evidence_url))
            line += f" {w['evidence']}: <{link}>" if link else f" {w['evidence']}: {w['no_evidence']}."
            out.append(line)
        if len(shown) < len(items):
            out.append(f"- {w['more'].format(n=len(items) - len(shown))}")
    today = dt.date.today().isoformat()
    out += [
        "",
        "---",
        w["footer"].format(today=today, version=w["version"].format(version=lit(d.version)), as_of=d.as_of),
    ]
    return "\n".join(out) + "\n"


_CSS = """body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;color:#0b7a4b;border-bottom:1px solid #0b7a4b;margin-top:1.6rem}
.sub{color:#555}.note{background:#e8f2fc;color:#143c78;padding:.5rem .7rem;border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:right}
th:first-child,td:first-child{text-align:left}li{margin:.35rem 0}footer{margin-top:2rem;color:#666;font-size:.85rem}
@media print{body{margin:0;max-width:none}a{color:#222}}"""


def to_html(d: digest.Digest, *, limit: int | None = None) -> str:
    """The digest as one self-contained HTML page (no external files); every text escaped."""
    w = text.words("digest", d.lang)

    def e(v: object) -> str:
        return html.escape(textsafe.display(v))

    out = [
        "<!doctype html>",
        f'<html lang="{d.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(w['title'])} · {d.as_of.isoformat()}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(w['title'])}</h1>",
        f'<p class="sub">{e(w["subtitle"])}</p>',
        '<p class="note">' + "<br>".join(e(x) for x in _head(d)) + "</p>",
        f"<h2>{e(w['summary'])}</h2>",
        "<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for _, h in _columns(d)) + "</tr></thead><tbody>",
    ]
    for r in d.summary:
        out.append("<tr>" + "".join(f"<td>{e(str(r[k]))}</td>" for k, _ in _columns(d)) + "</tr>")
    out.append("</tbody></table>")
    if d.unlisted:
        out.append(f"<p>{e(w['unlisted'].format(names='; '.join(d.unlisted)))}</p>")
    for key, heading, items, empty in d.sections():
        out.append(f"<h2>{e(heading)}</h2>")
        if not items:
            out.append(f"<p>{e(empty)}</p>")
            continue
        shown = items if limit is None else items[:limit]
        out.append("<ul>")
        for i in shown:
            li = f"<strong>{e(i.commitment)} · {e(w['milestone'])} {i.seq}</strong> «{e(i.title)}»: {_details(w, key, i, e)}"
            link = _safe_link(i.evidence_url)
            li += (
                f' {e(w["evidence"])}: <a href="{e(link)}" rel="noopener noreferrer">{e(link)}</a>'
                if link
                else f" {e(w['evidence'])}: {e(w['no_evidence'])}."
            )
            out.append(f"<li>{li}</li>")
        if len(shown) < len(items):
            out.append(f"<li>{e(w['more'].format(n=len(items) - len(shown)))}</li>")
        out.append("</ul>")
    footer = w["footer"].format(
        today=dt.date.today().isoformat(), version=w["version"].format(version=d.version), as_of=d.as_of
    )
    out.append(f"<footer>{e(footer)}</footer></body></html>")
    return "\n".join(out) + "\n"


class _Printer:
    """Writes the digest on an A4 PDF (DejaVu where installed, so every character prints as written)."""

    def __init__(self, d: digest.Digest) -> None:
        self.d = d
        self.w = text.words("digest", d.lang)
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(auto=True, margin=14)
        self.pdf.set_margins(15, 13, 15)
        self.pdf.add_page()
        self.family, self.unicode = factsheet.fonts(self.pdf)
        self.width = self.pdf.w - self.pdf.l_margin - self.pdf.r_margin

    def txt(self, v: object) -> str:
        shown = textsafe.display(v)  # no bidirectional controls, no invisible control characters
        return shown if self.unicode else factsheet.latin1(shown)

    def para(self, text: str, size: float, style: str = "", *, indent: float = 0, height: float = 4.2) -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(self.width - indent, height, self.txt(text), new_x="LMARGIN", new_y="NEXT", align="L")

    def head(self) -> None:
        pdf, w = self.pdf, self.w
        pdf.set_title(self.txt(w["title"]))
        self.para(w["title"], 16, "B", height=7)
        pdf.set_text_color(80, 80, 80)
        self.para(w["subtitle"], 9.5, height=4.6)
        pdf.ln(1.5)
        pdf.set_fill_color(232, 242, 252)
        pdf.set_text_color(20, 60, 120)
        pdf.set_font(self.family, "", 8.5)
        pdf.multi_cell(
            self.width,
            4.2,
            self.txt("\n".join(_head(self.d))),
            fill=True,
            new_x="LMARGIN",
            new_y="NEXT",
            padding=2,
            align="L",
        )
        pdf.set_text_color(0, 0, 0)

    def heading(self, text: str) -> None:
        pdf = self.pdf
        pdf.ln(2)
        pdf.set_text_color(11, 122, 75)
        pdf.set_font(self.family, "B", 11)
        pdf.cell(self.width, 6, self.txt(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(11, 122, 75)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + self.width, pdf.get_y())
        pdf.ln(1)
        pdf.set_text_color(0, 0, 0)

    def summary(self) -> None:
        d, w = self.d, self.w
        self.heading(w["summary"])
        cols = _columns(d)
        with self.pdf.table(
            width=self.width,
            col_widths=self._summary_widths(cols),
            text_align=("LEFT", *("RIGHT",) * 7),
            line_height=4.2,
        ) as table:
            row = table.row()
            for _, h in cols:
                row.cell(self.txt(h))
            for r in d.summary:
                row = table.row()
                for k, _ in cols:
                    row.cell(self.txt(r[k]))
        if d.unlisted:
            self.pdf.ln(1)
            self.para(w["unlisted"].format(names="; ".join(d.unlisted)), 8, "I", height=3.9)

    def _summary_widths(self, cols: list[tuple[str, str]]) -> tuple[float, ...]:
        """Column widths (mm) where no heading breaks inside a word: each figure column as wide as its widest word
        (the headings are bold) or value, the commitment's name the rest. Leaves the table's font at 8.5 pt."""
        pdf, pad = self.pdf, 2 * self.pdf.c_margin + 1.0
        pdf.set_font(self.family, "B", 8.5)
        heads = [max(pdf.get_string_width(self.txt(word)) for word in h.split()) for _, h in cols[1:]]
        pdf.set_font(self.family, "", 8.5)
        values = [
            max((pdf.get_string_width(self.txt(str(r[k]))) for r in self.d.summary), default=0.0) for k, _ in cols[1:]
        ]
        figures = [max(h, v) + pad for h, v in zip(heads, values, strict=True)]
        return (max(self.width - sum(figures), 45.0), *figures)

    def items(self, key: str, head: str, items: list[digest.Item], empty: str, limit: int | None) -> None:
        w = self.w
        self.heading(head)
        if not items:
            self.para(empty, 8.5)
            return
        shown = items if limit is None else items[:limit]
        for i in shown:
            self.para(f"{i.commitment} · {w['milestone']} {i.seq}: {i.title}", 8.5, "B")
            rest = _details(w, key, i, str)
            link = _safe_link(i.evidence_url)
            rest += f" {w['evidence']}: {link}" if link else f" {w['evidence']}: {w['no_evidence']}."
            self.para(rest, 8.5, indent=4)
            self.pdf.ln(0.6)
        if len(shown) < len(items):
            self.para(w["more"].format(n=len(items) - len(shown)), 8.5, "I")

    def footer(self) -> None:
        w = self.w
        self.pdf.ln(3)
        self.pdf.set_text_color(100, 100, 100)
        text = w["footer"].format(
            today=dt.date.today().isoformat(), version=w["version"].format(version=self.d.version), as_of=self.d.as_of
        )
        self.para(text, 7.5, height=3.6)


def _pdf(d: digest.Digest, limit: int | None) -> FPDF:
    p = _Printer(d)
    p.head()
    p.summary()
    for key, head, items, empty in d.sections():
        p.items(key, head, items, empty, limit)
    p.footer()
    return p.pdf


def to_pdf(d: digest.Digest) -> bytes:
    """The digest as a PDF of at most two A4 pages: longer lists are shortened and say how many more there are."""
    limit: int | None = None
    longest = max((len(items) for _, _, items, _ in d.sections()), default=0)
    while True:
        pdf = _pdf(d, limit)
        if pdf.page_no() <= digest.MAX_PAGES or limit == 1:
            break
        limit = max(1, (longest if limit is None else limit) * 2 // 3)
    buf = io.BytesIO()
    pdf.output(buf)
    return buf.getvalue()


def render(d: digest.Digest, fmt: str) -> bytes:
    """The digest in ``fmt`` (md, html or pdf) as bytes (UTF-8 for the text formats)."""
    if fmt == "md":
        return to_markdown(d).encode("utf-8")
    if fmt == "html":
        return to_html(d).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(d)
    raise ValueError(f"format must be one of {', '.join(digest.FORMATS)}, not {fmt!r}")


def file_stem(d: digest.Digest) -> str:
    """'resumen-foro-2026-11-26' or 'forum-digest-2026-11-26'."""
    return f"{text.tr('digest_file_stem', d.lang)}-{d.as_of.isoformat()}"
