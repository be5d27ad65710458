"""One hostile corpus fed to every sink: imported text is shown as text, whatever reads it (issue 28).

Each entry of :data:`CORPUS` is something that a sink would read as other than text: a deck.gl
expression (``@@=``), a Streamlit shortcode (``:material/warning:`` an icon, ``:streamlit:`` the
logo), a right-to-left override that reverses the reply date after it, raw HTML, a Markdown link
or image, an address whose ``>`` would end a Markdown autolink, a spreadsheet formula. The same
corpus goes through the textsafe functions (one test per function), the import (corridor names,
descriptions, comments, replies, milestone titles and evidence addresses), the Atom feed, the
digest (Markdown read by a CommonMark renderer, HTML, PDF) and every page (AppTest).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import pathlib
import re
import shutil
import xml.etree.ElementTree as ET

import geopandas as gpd
import pandas as pd
import pytest
from markdown_it import MarkdownIt
from shapely.geometry import LineString
from streamlit.testing.v1 import AppTest

from nlmobility import db, digest, digest_render, export, feed, textsafe
from nlmobility.ingest import run_import
from nlmobility.ingest.validate import parse_text
from nlmobility.ui import fmt, maps

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")
EVIL_URL = "https://127.0.0.1:8999/ev>![](http://x/mdev)"
SCRIPT_URL = "https://x.example/?q=<script>alert(1)</script>"
#: Text an import accepts that a sink would read as something else.
CORPUS = [
    "@@=name",
    "@@#x",
    "@@=[1,2].map(x=>x)",
    ":material/warning:",
    ":streamlit:",
    ":smile: :+1:",
    ":red[rojo] :small[chico]",
    "\u202eabc 2023-06-01",
    "a\u2066b\u2067c\u2069\u200f\u061c",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    EVIL_URL,
    SCRIPT_URL,
    '=HYPERLINK("http://x")',
    "+SUM(1)",
    "@cmd",
    "**bold**",
    "[link](http://x)",
    "![img](http://x/i.png)",
    "&lt;b&gt; &amp;",
    "`code`",
    "# heading",
    "- item",
    "1. uno",
    "> cita",
    "www.example.org",
    "10:30 a:b:c",
    "$x^2$",
]
#: Code points XML cannot hold: refused at import; replaced visibly if a database holds them anyway.
INVALID = ["a\ufffeb", "a\uffffb", "a\x01b", "a\x0bb", "a\ud800b"]
#: Streamlit's own patterns (StreamlitMarkdown in Streamlit 1.67): ``:material/`` is rewritten to
#: ``:material_`` in the source, then text nodes are searched for these after parsing.
SHORTCODES = [re.compile(r":material_(\w+):"), re.compile(r":streamlit:"), re.compile(r":\+1:|:-1:|:[\w-]+:")]
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
MD = MarkdownIt("commonmark")


def _rendered_text(html_out: str) -> str:
    """The text a reader sees of rendered HTML: tags removed, entities decoded, invisible breakers dropped."""
    return textsafe.plain(html.unescape(re.sub(r"<[^>]+>", "", html_out)))


def _tags(html_out: str) -> set[str]:
    return {m.lower() for m in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html_out)}


# --- one test per textsafe function ----------------------------------------------------------------


@pytest.mark.parametrize("text", CORPUS)
def test_markdown_literal_is_text_for_commonmark_and_for_streamlit_shortcodes(text: str) -> None:
    shown = textsafe.markdown_literal(text)
    source = shown.replace(":material/", ":material_")  # what Streamlit's frontend does first
    rendered = MD.render(source)
    assert _tags(rendered) <= {"p", "br"}, rendered
    seen = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    for pattern in SHORTCODES:
        assert not pattern.search(seen), (text, seen)
    assert not BIDI.search(seen)
    assert _rendered_text(rendered).strip() == BIDI.sub("", text)


@pytest.mark.parametrize("text", CORPUS)
def test_label_is_one_line_of_literal_text(text: str) -> None:
    shown = textsafe.label(text + "\nsegunda línea")
    assert "\n" not in shown
    assert _rendered_text(MD.render(shown)).strip() == BIDI.sub("", text) + " segunda línea"


@pytest.mark.parametrize("text", CORPUS + INVALID)
def test_display_strips_bidirectional_controls_and_shows_unshowable_characters(text: str) -> None:
    shown = textsafe.display(text)
    assert not BIDI.search(shown)
    assert textsafe.xml_invalid(shown) is None
    if text in INVALID:
        assert shown == "a\ufffdb"


def test_a_right_to_left_override_cannot_reverse_the_reply_date() -> None:
    shown = textsafe.markdown_literal("comentario \u202e") + " (2023-06-01)"
    assert "\u202e" not in shown and "2023-06-01" in shown


@pytest.mark.parametrize("text", CORPUS)
def test_deck_text_never_starts_like_a_deck_gl_expression(text: str) -> None:
    shown = textsafe.deck_text(text)
    assert not shown.startswith("@@") and not BIDI.search(shown)
    assert textsafe.plain(shown) == BIDI.sub("", text)


def test_deck_rows_walk_text_and_leave_coordinates_alone() -> None:
    path = [[-100.3, 25.6], [-100.2, 25.7]]
    rows = textsafe.deck_rows([{"path": path, "tip": "@@=name", "tags": ["@@#x"], "n": 3}, "@@=y"])
    assert rows[0]["path"] is path and rows[0]["n"] == 3
    assert rows[0]["tip"] == textsafe.WJ + "@@=name" and rows[0]["tags"] == [textsafe.WJ + "@@#x"]
    assert rows[1] == textsafe.WJ + "@@=y"
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "geometry": None, "properties": {"n": "@@#x"}}],
    }
    safe = textsafe.deck_layer_data(collection)
    assert isinstance(safe, dict) and safe["features"][0]["properties"]["n"] == textsafe.WJ + "@@#x"
    assert textsafe.deck_layer_data("https://example.org/data.json") == "https://example.org/data.json"


def test_every_map_s_layer_data_goes_through_the_deck_door() -> None:
    corridors = pd.DataFrame({"name": CORPUS, "lon": -100.3, "lat": 25.67})
    square = '{"type": "Polygon", "coordinates": [[[-100.4, 25.6], [-100.3, 25.6], [-100.3, 25.7], [-100.4, 25.6]]]}'
    municipalities = pd.DataFrame({"name": CORPUS, "geojson": square})
    layers = [maps.corridor_labels(corridors), maps.municipality_layer(municipalities)]
    deck = maps.deck(layers, maps.view_for(corridors))
    body = deck.to_json()
    assert not re.search(r'"@@[=#](name|x|\[)', body), "a name reached deck.gl as an expression"
    assert "\\u2060@@=name" in body or "\u2060@@=name" in body


@pytest.mark.parametrize("text", CORPUS + INVALID)
def test_xml_text_always_parses(text: str) -> None:
    root = ET.Element("t")
    root.text = textsafe.xml_text(text)
    parsed = ET.fromstring(ET.tostring(root, encoding="utf-8"))
    assert parsed.text == textsafe.display(text)


@pytest.mark.parametrize("text", CORPUS)
def test_commonmark_literal_renders_as_the_text_in_one_paragraph(text: str) -> None:
    rendered = MD.render(textsafe.commonmark_literal(text))
    assert _tags(rendered) <= {"p"}, rendered
    assert _rendered_text(rendered).strip() == " ".join(BIDI.sub("", text).split())


@pytest.mark.parametrize("url", [EVIL_URL, SCRIPT_URL, "https://x.example/a b(c)[d]\"e'`f\\g"])
def test_markdown_url_is_one_link_and_nothing_else(url: str) -> None:
    encoded = textsafe.markdown_url(url)
    assert encoded is not None and not set(encoded) & set("<> ()[]\"'`\\")
    for source in (f"<{encoded}>", f"[evidencia]({encoded})"):
        rendered = MD.render(source)
        assert _tags(rendered) == {"p", "a"}, rendered
        assert rendered.count("<a ") == 1
    assert textsafe.markdown_url("javascript:alert(1)") is None
    assert textsafe.markdown_url(None) is None


def test_the_formula_guard_is_for_downloads_not_for_the_screen() -> None:
    stored = pd.DataFrame({"name": ['=HYPERLINK("http://x")', "+SUM(1)", "@cmd", "-3 %", "ok"]})
    shown = fmt.for_display(stored)
    first = shown.columns[0]
    assert [textsafe.plain(v) for v in shown[first]] == stored["name"].tolist()  # shown as stored
    assert not any(str(v).startswith("'") for v in shown[first])
    assert not any(str(v).startswith(("=", "+", "@")) for v in shown[first])  # the toolbar's CSV: text
    csv = export.to_bytes(stored, "csv").decode()
    assert "'=HYPERLINK" in csv and "'+SUM(1)" in csv and "'@cmd" in csv  # the downloaded file keeps the guard


def test_screen_tables_strip_bidirectional_controls_and_show_invalid_characters() -> None:
    stored = pd.DataFrame(
        {"c": pd.array(["x\u202eabc", "a\ufffeb", "ok"], dtype="string[pyarrow]"), "o": ["\u202e", "a", "b"]}
    )
    shown = textsafe.display_frame(stored)
    assert shown["c"].tolist() == ["xabc", "a\ufffdb", "ok"] and shown["o"].tolist() == ["", "a", "b"]
    untouched = pd.DataFrame({"c": pd.array(["a", "b"], dtype="string[pyarrow]")})
    assert textsafe.display_frame(untouched) is untouched  # the usual case costs one pass, no copy


# --- the import ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", INVALID[:-1])  # a lone surrogate cannot be written to a UTF-8 file
def test_the_import_refuses_code_points_xml_cannot_hold_naming_file_row_column_and_character(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path, text: str
) -> None:
    path = tmp_path / "h.duckdb"
    shutil.copy(fixture_db, path)
    rows = [_milestone(90, "Hito correcto"), _milestone(91, text)]
    csv = tmp_path / "hitos-malos.csv"
    pd.DataFrame(rows).to_csv(csv, index=False)
    report = run_import(path, "milestones", csv, dry_run=True)
    assert not report.ok
    said = " ".join(report.lines())
    code = f"U+{ord(text[1]):04X}"
    assert "hitos-malos.csv" in said and "titulo" in said and code in said, said
    assert re.search(r"\b3\b", said), f"the row (line 3 of the file) is named: {said}"


def test_a_geojson_corridor_named_with_u_fffe_is_refused_naming_the_row_and_column(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    import json

    path = tmp_path / "h.duckdb"
    shutil.copy(fixture_db, path)
    feature = {
        "type": "Feature",
        "properties": {"id": "CV-X1", "nombre": "a\ufffeb", "cvegeo": "19039", "estado": "planned"},
        "geometry": {"type": "LineString", "coordinates": [[-100.3, 25.6], [-100.31, 25.61]]},
    }
    file = tmp_path / "corredor.geojson"
    file.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    report = run_import(path, "corridors", file, dry_run=True, mix_with_sample=True)
    said = " ".join(report.lines())
    assert not report.ok and "corredor.geojson" in said and "row 1" in said and "'nombre'" in said and "U+FFFE" in said


def test_parse_text_refuses_every_xml_invalid_code_point_and_keeps_the_corpus() -> None:
    for text in INVALID:
        with pytest.raises(ValueError, match="U\\+"):
            parse_text(text)
    for text in CORPUS:
        assert parse_text(text) == text.strip()


TODAY = dt.date.today()  # the newest changes: the feed keeps its newest entries


def _milestone(seq: int, title: str, evidence: str = "https://example.org/ev") -> dict[str, object]:
    return {
        "id": f"MXMTY0005-H{seq}",
        "compromiso": "MXMTY0005",
        "numero": seq,
        "titulo": title,
        "title_en": title,
        "responsable": title,
        "inicio": "2023-01-01",
        "fin": "2023-12-31",
        "inicio_real": "2023-01-01",
        "fin_real": "",
        "estado": "stuck",
        "desde": TODAY.isoformat(),
        "motivo": title,
        "evidencia": evidence,
    }


def build_hostile_db(fixture_db: pathlib.Path, tmp: pathlib.Path) -> pathlib.Path:
    """The fixture database with the corpus imported as corridor names and descriptions, comments,
    replies, topics and milestones (titles, reasons, evidence addresses); every file goes through
    the ordinary import, so only what validation accepts is there. Corridor ``CV-H00`` is ``@@=name``.
    """
    path = tmp / "hostile.duckdb"
    shutil.copy(fixture_db, path)
    ids = [f"CV-H{i:02d}" for i in range(len(CORPUS))]
    gdf = gpd.GeoDataFrame(
        {
            "id": ids,
            "nombre": CORPUS,
            "cvegeo": "19039",
            "estado": "planned",
            "descripcion": [" ".join(CORPUS[i:] + CORPUS[:i]) for i in range(len(CORPUS))],
        },
        geometry=[
            LineString([(-100.34 + 0.004 * i, 25.66 + 0.002 * i), (-100.33 + 0.004 * i, 25.67 + 0.002 * i)])
            for i in range(len(CORPUS))
        ],
        crs="EPSG:4326",
    )
    gdf.to_file(tmp / "corredores.geojson", driver="GeoJSON")
    report = run_import(path, "corridors", tmp / "corredores.geojson", mix_with_sample=True)
    assert report.ok, report.lines()
    event = {
        "id": "EV-HOSTIL",
        "fecha": (TODAY - dt.timedelta(days=60)).isoformat(),
        "tipo": "taller",
        "titulo": CORPUS[3],
        "corredor": ids[0],
        "cvegeo": "19039",
        "lugar": CORPUS[4],
        "participantes": 30,
        "mujeres": 15,
        "hombres": 15,
        "otro_genero": 0,
        "ninos": 0,
        "adolescentes": 0,
        "adultos": 30,
        "adultos_mayores": 0,
        "discapacidad": 0,
        "lat": 25.67,
        "lon": -100.33,
    }
    comments = [
        {
            "id": f"CM-H{i:02d}",
            "evento": "EV-HOSTIL",
            "corredor": ids[i],
            "cvegeo": "19039",
            "fecha": (TODAY - dt.timedelta(days=i)).isoformat(),  # the newest: shown among the latest 15
            "tema": text,
            "texto": text,
            "respuesta": text,
            "fecha_respuesta": TODAY.isoformat(),
            "respondio": text,
        }
        for i, text in enumerate(CORPUS)
    ]
    milestones = [_milestone(90 + i, text, EVIL_URL if i % 2 else SCRIPT_URL) for i, text in enumerate(CORPUS)]
    for kind, rows, name in (
        ("participation_events", [event], "eventos.csv"),
        ("participation_comments", comments, "comentarios.csv"),
        ("milestones", milestones, "hitos.csv"),
    ):
        pd.DataFrame(rows).to_csv(tmp / name, index=False)
        report = run_import(path, kind, tmp / name, mix_with_sample=True, display_name="archivo\x01" + name)
        assert report.ok, report.lines()
    return path


@pytest.fixture(scope="module")
def hostile_db(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return build_hostile_db(fixture_db, tmp_path_factory.mktemp("hostile"))


# --- the feed --------------------------------------------------------------------------------------


def test_the_feed_parses_and_holds_the_corpus_as_text(hostile_db: pathlib.Path) -> None:
    target = feed.write(hostile_db)
    root = ET.parse(target).getroot()
    texts = " ".join(e.text or "" for e in root.iter())
    for text in ("@@=name", "<script>alert(1)</script>", ":material/warning:", "abc 2023-06-01", EVIL_URL):
        assert text in texts, text
    assert not BIDI.search(texts)
    assert "archivo\ufffdcomentarios.csv" in texts, "a control character in a file name shows as U+FFFD"


def test_the_feed_parses_even_when_the_database_holds_xml_invalid_text(
    hostile_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "older.duckdb"  # written before the import refused them, or by hand
    shutil.copy(hostile_db, path)
    con = db.connect(path, read_only=False)
    try:
        con.execute(
            "UPDATE corridor SET name = ?, works_start = current_date WHERE corridor_id = 'CV-H01'",
            ["a\ufffeb\uffff\x01c"],
        )
        con.execute("UPDATE milestone SET title_es = ? WHERE seq = 90", ["hito\x0b\ufffe"])
        con.execute("UPDATE import_log SET file_name = ?", ["archivo\x01.csv"])
    finally:
        con.close()
    con = db.current_file_reader(path)
    try:
        con.execute("USE src")
        root = ET.fromstring(feed.atom(con))
    finally:
        con.close()
    texts = " ".join(e.text or "" for e in root.iter())
    assert "a\ufffdb\ufffd\ufffdc" in texts and "archivo\ufffd.csv" in texts and "hito\ufffd\ufffd" in texts


# --- the digest ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_digest(hostile_db: pathlib.Path) -> digest.Digest:
    con = db.connect(hostile_db)
    try:
        return digest.build(
            con, as_of=TODAY, since=TODAY - dt.timedelta(days=20), next_meeting=TODAY + dt.timedelta(days=40)
        )
    finally:
        con.close()


def test_the_markdown_digest_renders_no_image_script_or_link_from_imported_text(hostile_digest: digest.Digest) -> None:
    assert len(hostile_digest.stuck) >= len(CORPUS)
    md = digest_render.to_markdown(hostile_digest)
    rendered = MD.render(md)
    assert "<img" not in rendered and "<script" not in rendered.lower()
    hrefs = re.findall(r'<a href="([^"]*)"', rendered)
    assert hrefs, "the evidence addresses are links"
    allowed = {html.escape(textsafe.markdown_url(u) or "") for u in (EVIL_URL, SCRIPT_URL, "https://example.org/ev")}
    assert all(h in allowed for h in hrefs if "127.0.0.1" in h or "x.example" in h)
    seen = _rendered_text(rendered)
    for text in ("@@=name", ":material/warning:", ":streamlit:", "<script>alert(1)</script>", "**bold**"):
        assert text in seen or text not in " ".join(i.title for i in hostile_digest.stuck), text
    assert not BIDI.search(seen)  # (shortcodes are Streamlit's: a CommonMark reader shows them as written, as here)


def test_the_html_and_pdf_digests_print_the_corpus_as_text(hostile_digest: digest.Digest) -> None:
    import pypdf

    page = digest_render.to_html(hostile_digest)
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not BIDI.search(page)
    pdf = digest_render.to_pdf(hostile_digest)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "@@=name" in text.replace("\n", "")


def test_every_hostile_corridor_s_fact_sheet_prints_its_name_as_text(
    hostile_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sheet (PDF, map and QR code) of each corpus corridor renders; names read as stored, no bidi control."""
    import pypdf

    from nlmobility import factsheet, qr
    from nlmobility.filters import Filters
    from nlmobility.ui import data, sheets

    monkeypatch.setenv("NLMOBILITY_DB", str(hostile_db))
    data._cached.clear()
    try:
        for i, name in enumerate(CORPUS):
            cid = f"CV-H{i:02d}"
            s = sheets.sheet(cid, Filters(), f"http://localhost:8501/mapa?cor={cid}")
            assert s is not None, cid
            pdf = factsheet.render(s, qr_png=qr.png(s.link or ""), compress=False)
            text = "".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
            assert not BIDI.search(text), cid
            if name.isascii():
                assert re.sub(r"\s+", "", name) in re.sub(r"\s+", "", text), (cid, name)
    finally:
        data._cached.clear()


# --- the exports ------------------------------------------------------------------------------------


def test_the_exports_keep_the_corpus_as_stored_with_the_formula_guard_only_in_csv(hostile_db: pathlib.Path) -> None:
    import json

    from nlmobility import oc4ids

    con = db.connect(hostile_db)
    try:
        corridors = export.read_table(con, "corridor", where="WHERE corridor_id LIKE 'CV-H%' ORDER BY corridor_id")
        package = oc4ids.package(db.cursor(con))
    finally:
        con.close()
    assert corridors["name"].tolist() == CORPUS
    geojson = json.loads(export.to_bytes(corridors, "geojson"))
    assert [f["properties"]["name"] for f in geojson["features"]] == CORPUS  # JSON: exactly as stored
    back = pd.read_csv(io.BytesIO(export.to_bytes(corridors, "csv")))
    expected = ["'" + n if n.startswith(("=", "+", "-", "@")) else n for n in CORPUS]
    assert back["name"].tolist() == expected  # CSV: the apostrophe, and nothing else changed
    parquet = pd.read_parquet(io.BytesIO(export.to_bytes(corridors, "parquet")))
    assert parquet["name"].tolist() == CORPUS
    text = json.dumps(package, ensure_ascii=False)
    assert json.loads(text) == package and "@@=name" in text and ":material/warning:" in text


# --- every page ------------------------------------------------------------------------------------

PAGES: list[tuple[str, dict[str, str | list[str]]]] = [
    ("app_pages/inicio.py", {}),
    ("app_pages/mapa.py", {"cor": "CV-H00"}),
    ("app_pages/mapa.py", {"cor": "CV-H03"}),
    ("app_pages/participacion.py", {"periodo": [str(TODAY.year - 1), str(TODAY.year)]}),
    ("app_pages/avance.py", {}),
    ("app_pages/datos.py", {}),
    ("app_pages/taller.py", {"cor": "CV-H04", "escena": "1"}),
    ("app_pages/taller.py", {"cor": "CV-H00", "escena": "5"}),
    ("app_pages/seguridad.py", {}),
]


def _shown(at: AppTest) -> str:
    return " ".join(
        str(getattr(e, "value", "")) + " " + str(getattr(e, "label", ""))
        for kind in (
            "markdown",
            "caption",
            "header",
            "subheader",
            "title",
            "warning",
            "info",
            "success",
            "error",
            "expander",
            "metric",
            "button",
            "tab",
        )
        for e in at.get(kind)
    )


@pytest.mark.parametrize(
    ("page", "params"), PAGES, ids=[f"{p.split('/')[-1]}-{'-'.join(map(str, q.values()))}" for p, q in PAGES]
)
def test_every_page_shows_the_corpus_as_text(
    hostile_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch, page: str, params: dict[str, str | list[str]]
) -> None:
    monkeypatch.setenv("NLMOBILITY_DB", str(hostile_db))
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page != "app_pages/inicio.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = _shown(at)
    source = shown.replace(":material/", ":material_")
    for needle in (":material_warning:", ":streamlit:", ":smile:", "\u202e", "\u2066"):
        assert needle not in source, f"{needle!r} reached the page unneutralised"
    for chart in at.get("deck_gl_json_chart"):
        body = chart.proto.json
        assert not re.search(r'"@@[=#](name|x|\[)', body), "a name reached deck.gl as an expression"
    if params.get("cor") == "CV-H00" and page.endswith("mapa.py"):
        decks = " ".join(chart.proto.json for chart in at.get("deck_gl_json_chart"))
        assert "\u2060@@=name" in decks or "\\u2060@@=name" in decks, "the name is on the map, as text"
        assert "@@=name" in textsafe.plain(shown.replace("\\", "")), "the card shows the name as stored"
    if page.endswith("participacion.py") or params.get("cor") == "CV-H03":
        literal = textsafe.plain(shown.replace("\\", ""))
        assert ":material/warning:" in literal, "the shortcode is shown, as written"
    if page.endswith("participacion.py"):
        assert "abc 2023-06-01" in textsafe.plain(shown.replace("\\", "")), (
            "the override is gone, the text reads forward"
        )
    tables = [getattr(e, "value", None) for e in at.get("arrow_data_frame")]
    for df in tables:
        assert isinstance(df, pd.DataFrame)
        for col in df.columns:
            if df[col].dtype == object:
                assert not df[col].astype(str).str.startswith("'=").any(), "a screen table shows the apostrophe"
