"""ruff (configured in pyproject.toml) passes on the whole code base."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_ruff_check_passes() -> None:
    ruff = shutil.which("ruff", path=str(pathlib.Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff not installed (install the project's [test] extra)")
    out = subprocess.run([ruff, "check", "--output-format", "concise", "nlmobility", "tests", "pages", "benchmarks", "app.py"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
