"""One settings module (issue 26): every NLMOBILITY_* name the code uses is declared, documented and read there."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from nlmobility import settings

ROOT = pathlib.Path(__file__).resolve().parent.parent
CODE = [*ROOT.glob("nlmobility/**/*.py"), ROOT / "app.py", *ROOT.glob("app_pages/*.py")]


def test_every_setting_the_code_names_is_declared_and_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = {n for p in CODE for n in re.findall(r"NLMOBILITY_[A-Z_]+[A-Z]", p.read_text(encoding="utf-8"))}
    assert named <= set(settings.SETTINGS), sorted(named - set(settings.SETTINGS))
    for name, s in settings.SETTINGS.items():
        assert f"| `{name}` |" in readme, f"README's settings table lacks {name}"
        assert s.purpose in readme, name


def test_only_the_settings_module_reads_the_environment() -> None:
    reads = re.compile(r"os\.environ\.get\(|os\.getenv\(|os\.environ\[")
    offenders = [
        str(p.relative_to(ROOT))
        for p in CODE
        if p.name != "settings.py" and reads.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "read settings through nlmobility.settings"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1_000_000", 1_000_000), ("1,000", 1_000), (" 7 ", 7), ("0", 500_000), ("x", 500_000)]
)
def test_whole_numbers_read_separators_and_a_typo_keeps_the_default(raw: str, expected: int) -> None:
    assert settings.whole("NLMOBILITY_IMPORT_MAX_ROWS", {"NLMOBILITY_IMPORT_MAX_ROWS": raw}) == expected


def test_text_paths_and_seconds_fall_back_to_their_defaults() -> None:
    assert settings.path("NLMOBILITY_DB", {}) == pathlib.Path("data/nlmobility.duckdb")
    assert settings.given("NLMOBILITY_PUBLIC_URL", {"NLMOBILITY_PUBLIC_URL": "  "}) is None
    assert settings.seconds("NLMOBILITY_WRITE_WAIT", {"NLMOBILITY_WRITE_WAIT": "mucho"}) == 300.0
    assert settings.seconds("NLMOBILITY_WRITE_WAIT", {"NLMOBILITY_WRITE_WAIT": "-5"}) == 0.0
    assert settings.seconds("NLMOBILITY_IMPORT_PAUSE", {}) == 0.0


def test_the_readme_table_is_the_one_the_settings_make() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings.markdown_table() in readme


def test_the_settings_command_says_each_value_and_where_it_came_from(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nlmobility import cli

    monkeypatch.setenv("NLMOBILITY_PAGE_RUNS", "4")
    monkeypatch.delenv("NLMOBILITY_PAGE_WAIT", raising=False)
    assert cli.main(["settings", "--json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == set(settings.SETTINGS)
    assert (rows["NLMOBILITY_PAGE_RUNS"]["value"], rows["NLMOBILITY_PAGE_RUNS"]["from"]) == ("4", "environment")
    assert (rows["NLMOBILITY_PAGE_WAIT"]["value"], rows["NLMOBILITY_PAGE_WAIT"]["from"]) == ("10", "default")
    assert cli.main(["settings"]) == 0
    assert "NLMOBILITY_PAGE_RUNS" in capsys.readouterr().out


def test_the_settings_command_shows_the_value_the_code_uses_not_the_one_written() -> None:
    env = {
        "NLMOBILITY_PAGE_RUNS": "abc",
        "NLMOBILITY_IMPORT_MAX_ROWS": "1_000_000",
        "NLMOBILITY_WRITE_WAIT": "-5",
        "NLMOBILITY_BASEMAP": "Satélite",
        "NLMOBILITY_PORTAL_TIMEOUT": " 12.5 ",
    }
    rows = {r["name"]: r for r in settings.effective(env)}
    assert rows["NLMOBILITY_PAGE_RUNS"]["value"] == "2"
    assert rows["NLMOBILITY_PAGE_RUNS"]["from"] == "default: the environment's 'abc' is not a positive whole number"
    assert (rows["NLMOBILITY_IMPORT_MAX_ROWS"]["value"], rows["NLMOBILITY_IMPORT_MAX_ROWS"]["from"]) == (
        "1000000",
        "environment",
    )
    assert rows["NLMOBILITY_WRITE_WAIT"]["value"] == "0"  # a negative wait is no wait
    assert rows["NLMOBILITY_BASEMAP"]["value"] == "builtin"
    assert "one of builtin, tiles, online" in rows["NLMOBILITY_BASEMAP"]["from"]
    assert rows["NLMOBILITY_PORTAL_TIMEOUT"]["value"] == "12.5"
    assert rows["NLMOBILITY_IMPORT_PAUSE"]["value"] == ""  # unset, no default
