"""Conventions that keep the code base honest: Streamlit boundaries, no SQL in pages, i18n, SQL files."""

from __future__ import annotations

import ast
import pathlib
import re

from nlmobility import indicators, queries
from nlmobility.ui import i18n

ROOT = pathlib.Path(__file__).resolve().parent.parent
STREAMLIT_ALLOWED = ("app.py", "pages/", "nlmobility/ui/")


def _imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def _python_files() -> list[pathlib.Path]:
    return [p for p in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("nlmobility/**/*.py")]]


def test_only_app_pages_and_ui_import_streamlit() -> None:
    offenders = []
    for p in _python_files():
        rel = p.relative_to(ROOT).as_posix()
        if "streamlit" in _imports(p) and not rel.startswith(STREAMLIT_ALLOWED):
            offenders.append(rel)
    assert offenders == []


def test_pages_hold_no_sql_and_no_literal_user_text() -> None:
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s", re.I)
    for p in ROOT.glob("pages/*.py"):
        text = p.read_text(encoding="utf-8")
        assert not sql.search(text), f"SQL in {p.name}"
        tree = ast.parse(text)
        for node in ast.walk(tree):
            # st.title/header/subheader/write/markdown with a literal string would bypass i18n
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"title", "header", "subheader", "button"}:
                for arg in node.args:
                    assert not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)), f"literal text in {p.name}:{node.lineno}"


def test_every_i18n_key_has_spanish_and_english() -> None:
    for key, (es, en) in i18n.TEXT.items():
        assert es.strip() and en.strip(), key
        assert set(re.findall(r"{(\w+)", es)) == set(re.findall(r"{(\w+)", en)), key


def test_every_t_call_uses_a_known_key() -> None:
    pattern = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")
    for p in _python_files():
        for key in pattern.findall(p.read_text(encoding="utf-8")):
            assert key in i18n.TEXT, f"{p.name}: unknown i18n key {key}"


def test_every_sql_file_has_a_header_and_a_wrapper() -> None:
    wrappers = (ROOT / "nlmobility" / "queries.py").read_text(encoding="utf-8")
    for f in (ROOT / "nlmobility" / "sql").glob("*.sql"):
        text = f.read_text(encoding="utf-8")
        assert text.startswith("--"), f"{f.name} needs a header comment"
        if f.stem != "schema":
            assert f'"{f.stem}"' in wrappers, f"{f.name} has no wrapper in queries.py"
            queries.sql_text(f.stem)


def test_every_indicator_is_used_by_a_page_or_documented() -> None:
    used = " ".join(p.read_text(encoding="utf-8") for p in [*ROOT.glob("pages/*.py"), *ROOT.glob("nlmobility/ui/*.py")])
    for ind in indicators.REGISTRY:
        assert f'"{ind.key}"' in used, f"indicator {ind.key} is not linked from any page"


def test_no_remote_urls_in_app_code() -> None:
    """No code fetches data, tiles, fonts or extensions: the only URLs are sample-data links."""
    allowed = ("https://example.org/", "https://www.opengovpartnership.org/")
    url = re.compile(r"https?://[^\s\"')]+")
    for p in [*_python_files(), *ROOT.glob("static/*.json"), *ROOT.glob(".streamlit/*.toml")]:
        for u in url.findall(p.read_text(encoding="utf-8")):
            assert u.startswith(allowed), f"{p.name}: {u}"
