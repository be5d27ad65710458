"""The one text catalog (``nlmobility.text``): every key in both languages, every key used, no second mechanism."""

from __future__ import annotations

import ast
import pathlib
import re
import string

from nlmobility import text
from nlmobility.text import documents, imports, pages
from nlmobility.text.messages import Msg, msg, said_in

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOG = ROOT / "nlmobility" / "text"


def _code() -> list[pathlib.Path]:
    files = [*ROOT.glob("nlmobility/**/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "app.py"]
    return [p for p in files if CATALOG not in p.parents or p.name == "messages.py"]


def _uses() -> tuple[set[str], set[str]]:
    """Every string constant of the code, and every prefix a key is built from (``f"ms_{status}"``,
    ``label("sev", …)``, ``words("digest", …)``)."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    for p in _code():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(str(node.values[0].value))
            elif (
                isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)
            ):
                prefixes.add(node.left.value)  # "portal_st_" + status
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name | ast.Attribute)
                and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) in ("label", "words")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                prefixes.add(f"{node.args[0].value}_")
    return constants, prefixes


def test_every_key_has_spanish_and_english_with_the_same_placeholders() -> None:
    assert len(text.TEXT) == len(pages.PAGES) + len(documents.DOCUMENTS) + len(imports.IMPORTS), "a key in two parts"
    for key, (es, en) in text.TEXT.items():
        assert es.strip() and en.strip(), key
        assert set(re.findall(r"{(\w+)", es)) == set(re.findall(r"{(\w+)", en)), key
        assert [list(string.Formatter().parse(x)) for x in (es, en)], key  # no stray brace


def test_every_key_is_used() -> None:
    constants, prefixes = _uses()
    families = tuple(p for p in prefixes if p.endswith("_") and len(p) > 2)
    unused = [
        key
        for key in text.TEXT
        if key not in constants and key.removesuffix("_one") not in constants and not key.startswith(families)
    ]
    assert unused == [], "keys nothing uses (remove them, or use them)"


def test_no_text_is_chosen_by_language_outside_the_catalog() -> None:
    branch = re.compile(r"""\blang(uage)?(\(\))? == ["'](es|en)["']""")
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _code()
        if p.parent != CATALOG
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if branch.search(line)
    ]
    assert found == [], "choose text with text.tr / text.choose / i18n.t, not a branch on the language"


def test_messages_come_from_the_catalog() -> None:
    """Msg pairs are made only by ``msg(key)``: no English/Spanish pair written inline in the code."""
    inline = [
        f"{p.relative_to(ROOT)}:{node.lineno}"
        for p in _code()
        if p.name != "messages.py"
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("m", "Msg")
        and len(node.args) == 2
    ]
    assert inline == []


def test_a_message_carries_both_languages_and_a_plural() -> None:
    said = msg("report_inserted", n=1)
    assert isinstance(said, Msg) and str(said) == "1 new row was loaded." and said.es == "Se cargó 1 fila nueva."
    assert said_in(said, "es") == said.es and said_in(said, "en") == str(said) and said_in(said, "fr") == said.es
    assert text.tr("report_inserted", "en", n=3) == "3 new rows were loaded."
    assert text.words("digest", "en")["title"] == "Digest for the multi-stakeholder forum"
    assert text.choose("en", "Sí", "") == "Sí", "English falls back to Spanish where it is missing"
