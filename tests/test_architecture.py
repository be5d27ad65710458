"""Conventions that keep the code base honest: Streamlit boundaries, no SQL in pages, i18n, SQL files."""

from __future__ import annotations

import ast
import pathlib
import re
import tomllib

from nlmobility import indicators, queries, text

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def _imports_full(path: pathlib.Path) -> set[str]:
    """Every module ``path`` imports, by its full name (``from nlmobility import db`` is ``nlmobility.db``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    return names


def _python_files() -> list[pathlib.Path]:
    return [p for p in [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("nlmobility/**/*.py")]]


def test_every_module_has_its_place_in_the_import_contracts() -> None:
    """`make lint` runs the contracts of pyproject.toml (import-linter); a new module must be given its layer."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"
    ]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    placed = set(re.findall(r"nlmobility\.(\w+)", " ".join(layers)))
    modules = {p.stem for p in (ROOT / "nlmobility").glob("*.py") if p.stem != "__init__"}
    packages = {p.parent.name for p in (ROOT / "nlmobility").glob("*/__init__.py")}
    assert modules | packages == placed
    forbidden = next((c for c in contracts if c.get("forbidden_modules") == ["streamlit"]), None)
    assert forbidden is not None and {m.removeprefix("nlmobility.") for m in forbidden["source_modules"]} == placed - {
        "ui"
    }


def test_pages_read_data_only_through_the_interface() -> None:
    """Pages (scripts, outside the contracts) never import storage, queries or commands: they go through ui.data."""
    below = ("nlmobility.db", "nlmobility.lake", "nlmobility.queries", "nlmobility.cli", "nlmobility.sync")
    offenders = [
        f"{p.name}: {name}"
        for p in [ROOT / "app.py", *ROOT.glob("app_pages/*.py")]
        for name in _imports_full(p)
        if name.startswith(below)
    ]
    assert offenders == []


#: Streamlit calls whose first argument is shown to the user.
TEXT_CALLS = {
    "title",
    "header",
    "subheader",
    "markdown",
    "write",
    "caption",
    "text",
    "info",
    "warning",
    "error",
    "success",
    "button",
    "metric",
    "selectbox",
    "radio",
    "slider",
    "select_slider",
    "text_input",
    "text_area",
    "number_input",
    "checkbox",
    "toggle",
    "pills",
    "download_button",
    "expander",
    "tabs",
    "page_link",
    "date_input",
    "file_uploader",
}
#: Streamlit widgets: each needs an explicit key (rule 6 of the conventions).
WIDGETS = {
    "button",
    "selectbox",
    "radio",
    "slider",
    "select_slider",
    "text_input",
    "text_area",
    "number_input",
    "checkbox",
    "toggle",
    "pills",
    "download_button",
    "date_input",
    "file_uploader",
}
#: Our own modules: calls on them are not Streamlit calls.
OWN_MODULES = {
    "page",
    "fmt",
    "data",
    "filterbar",
    "mapview",
    "card",
    "sheets",
    "workshop",
    "admin",
    "maps",
    "stats",
    "export",
    "dictionary",
    "queries",
    "indicators",
    "textsafe",
    "qr",
    "kinds",
    "flt",
    "geo",
}


def _ui_files() -> list[pathlib.Path]:
    return [*ROOT.glob("app_pages/*.py"), *ROOT.glob("nlmobility/ui/*.py"), ROOT / "app.py"]


def _streamlit_calls(tree: ast.AST, names: set[str]) -> list[ast.Call]:
    """Calls ``<receiver>.<name>(...)`` where the receiver is not one of our modules (st, st.sidebar, a column…)."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names:
            receiver = node.func.value
            if not (isinstance(receiver, ast.Name) and receiver.id in OWN_MODULES):
                out.append(node)
    return out


def _is_literal_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):  # an f-string with words of its own
        return any(isinstance(v, ast.Constant) and any(ch.isalpha() for ch in str(v.value)) for v in node.values)
    return False


def test_pages_hold_no_sql() -> None:
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s", re.I)
    for p in ROOT.glob("app_pages/*.py"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not sql.search(node.value), f"SQL in {p.name}:{node.lineno}"


def test_no_literal_user_text_in_streamlit_calls() -> None:
    """Text shown by Streamlit comes from i18n (``t()``, ``label()``) or data, never a literal in the code."""
    offenders = []
    for p in _ui_files():
        for call in _streamlit_calls(ast.parse(p.read_text(encoding="utf-8")), TEXT_CALLS):
            first = (
                call.args[:1] if call.func.attr != "page_link" else []
            )  # page_link's first argument is a page script
            shown = [*first, *(k.value for k in call.keywords if k.arg in {"label", "help", "placeholder"})]
            offenders += [f"{p.name}:{call.lineno}" for a in shown if _is_literal_text(a)]
    assert offenders == []


def test_the_rule_catches_literal_text() -> None:
    tree = ast.parse('st.header("Hola")\nc1.metric(f"Total {n}", 3)\npage.header("page_key")\nst.header(t("x"))')
    flagged = [c.lineno for c in _streamlit_calls(tree, TEXT_CALLS) if _is_literal_text(c.args[0])]
    assert flagged == [1, 2]


def test_every_widget_has_an_explicit_unique_key() -> None:
    missing, seen, duplicated = [], {}, []
    for p in _ui_files():
        for call in _streamlit_calls(ast.parse(p.read_text(encoding="utf-8")), WIDGETS):
            key = next((k.value for k in call.keywords if k.arg == "key"), None)
            if key is None:
                missing.append(f"{p.name}:{call.lineno}")
            elif isinstance(key, ast.Constant):
                where = f"{p.name}:{call.lineno}"
                if key.value in seen:
                    duplicated.append(f"{key.value} ({seen[key.value]}, {where})")
                seen[key.value] = where
    assert missing == [], "widgets without key="
    assert duplicated == []
    assert len(seen) >= 30  # the walk does find the app's widgets


def test_every_t_call_uses_a_known_key() -> None:
    used = 0
    for p in _python_files():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant):
                    assert arg.value in text.TEXT, f"{p.name}:{node.lineno}: unknown text key {arg.value}"
                    used += 1
    assert used > 100


def test_every_sql_file_has_a_header_and_a_wrapper() -> None:
    wrappers = (ROOT / "nlmobility" / "queries.py").read_text(encoding="utf-8")
    # the quality check's queries (sql/quality_*.sql) have their typed wrappers beside it in quality.py
    wrappers += (ROOT / "nlmobility" / "quality.py").read_text(encoding="utf-8")
    for f in (ROOT / "nlmobility" / "sql").glob("*.sql"):
        text = f.read_text(encoding="utf-8")
        assert text.startswith("--"), f"{f.name} needs a header comment"
        if f.stem != "schema":
            assert f'"{f.stem}"' in wrappers, f"{f.name} has no wrapper in queries.py"
            queries.sql_text(f.stem)


def test_every_indicator_is_used_by_a_page_or_documented() -> None:
    used = " ".join(
        p.read_text(encoding="utf-8") for p in [*ROOT.glob("app_pages/*.py"), *ROOT.glob("nlmobility/ui/*.py")]
    )
    for ind in indicators.REGISTRY:
        assert f'"{ind.key}"' in used, f"indicator {ind.key} is not linked from any page"


def test_no_remote_urls_in_app_code() -> None:
    """No code fetches data, tiles, fonts or extensions: the only URLs are sample-data links and cited sources (shown as text)."""
    allowed = (
        "https://example.org/",
        "https://www.opengovpartnership.org/",
        "https://opengovpartnership.org/",  # OGP report pages cited in reference.COMMITMENTS, never fetched
        "https://cmfclearinghouse.fhwa.dot.gov/detail.php",  # CMF citations (reference.CMFS), never fetched
        "https://www.cmfclearinghouse.org/detail.php",
        "https://creativecommons.org/licenses/",  # licence identifiers in the OC4IDS package, never fetched
        "https://creativecommons.org/publicdomain/",
        "https://opendatacommons.org/licenses/",
        "http://www.w3.org/2005/Atom",  # the Atom XML namespace, an identifier
        "https://datos.nl.gob.mx",  # the state portal: fetched only by `nlmobility sync` (a setting; tests use a local stand-in)
        "http://127.0.0.1:",  # this machine: make serve's processes and health checks
        "http://localhost:",
        "http://streamlit;",  # nginx's name for the upstream group in make serve's configuration
    )
    url = re.compile(r"https?://[^\s\"')]+")
    for p in [*_python_files(), *ROOT.glob("static/*.json"), *ROOT.glob(".streamlit/*.toml")]:
        for u in url.findall(p.read_text(encoding="utf-8")):
            assert u.startswith(allowed), f"{p.name}: {u}"


def test_the_crash_filter_is_defined_once() -> None:
    """'With victims', the severity and road-user filter and the period are schema macros; queries only call them."""
    sql_dir = ROOT / "nlmobility" / "sql"
    texts = {p.name: p.read_text(encoding="utf-8") for p in sql_dir.glob("*.sql")}
    everything = "\n".join(texts.values()) + (ROOT / "nlmobility" / "queries.py").read_text(encoding="utf-8")
    assert everything.count("IN ('injury', 'fatal')") == 1, "victims defined once"
    assert everything.count("'victims'") == 1, "the severity filter written once"
    assert everything.count("'pedestrian'") == 1, "the road-user filter written once"
    assert re.findall(r"make_date\(\$year", everything) == [], "the period goes through crash_in_years"
    for macro in ("crash_has_victims", "crash_severity_matches", "crash_mode_matches", "crash_in_years"):
        assert f"CREATE MACRO {macro}(" in texts["schema.sql"]
    users = [name for name, text in texts.items() if "crash_severity_matches(" in text and name != "schema.sql"]
    assert len(users) >= 7, users


def _module_imports() -> dict[str, set[str]]:
    """nlmobility module -> the nlmobility modules it imports (``from nlmobility.ui import data`` -> nlmobility.ui.data)."""
    graph: dict[str, set[str]] = {}
    for p in ROOT.glob("nlmobility/**/*.py"):
        name = ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        deps: set[str] = set()
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nlmobility"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    deps.add(sub if (ROOT / (sub.replace(".", "/") + ".py")).exists() else node.module)
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.startswith("nlmobility")}
        graph[name] = deps - {name}
    return graph


def test_no_import_cycles_between_modules() -> None:
    graph = _module_imports()
    assert "nlmobility.ui.frame" in graph and "nlmobility.ui.filterbar" in graph["nlmobility.ui.frame"]
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycles.append(" -> ".join([*path[path.index(dep) :], dep]))
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_queries_only_run_sql_files() -> None:
    """queries.py wraps SQL files: no SQL text of its own and no arithmetic on what they return (figures are
    made in ``figures``, ``stats`` and ``safety``). Operators left: type unions, the SQL folder's path, the
    parameter-name check in ``run`` and the parameter checks (a cell side a multiple of the precomputed one)."""
    tree = ast.parse((ROOT / "nlmobility" / "queries.py").read_text(encoding="utf-8"))
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|JOIN|GROUP BY)\b")
    allowed = (ast.BitOr, ast.Div, ast.Sub, ast.Mod)
    pandas_figures = {"sum", "mean", "median", "div", "mul", "cumsum", "pct_change", "groupby", "agg", "apply", "merge"}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if sql.search(node.value):
                found.append(f"line {node.lineno}: SQL text")
        elif isinstance(node, ast.AugAssign) or (isinstance(node, ast.BinOp) and not isinstance(node.op, allowed)):
            found.append(f"line {node.lineno}: arithmetic")
        elif isinstance(node, ast.Attribute) and node.attr in pandas_figures:
            found.append(f"line {node.lineno}: .{node.attr}")
    assert found == []
