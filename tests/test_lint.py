"""The house rules hold on the whole code base: ruff lint, ruff format, mypy and the import contracts (lint-imports),
all configured in pyproject.toml."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINTED = ["nlmobility", "tests", "app_pages", "benchmarks", "app.py", "asgi.py"]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(pathlib.Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not installed (install the project's [test] extra)")
    return found


@pytest.mark.parametrize(
    ("tool", "args"),
    [
        pytest.param("ruff", ["check", "--output-format", "concise", *LINTED], id="ruff-check"),
        pytest.param("ruff", ["format", "--check", *LINTED], id="ruff-format"),
        pytest.param("mypy", [], id="mypy"),
        pytest.param("lint-imports", [], id="import-contracts"),
    ],
)
def test_house_rules_pass(tool: str, args: list[str]) -> None:
    out = subprocess.run([_tool(tool), *args], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
