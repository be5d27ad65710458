"""Shared helpers for browser tests (no pytest import, so check_browser can use it)."""

from __future__ import annotations

import importlib.util
import pathlib
import shutil

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_unavailable_reason() -> str | None:
    """None when Chromium and Playwright are usable, else why not."""
    if not (pathlib.Path(CHROMIUM).exists() or shutil.which("chromium")):
        return f"{CHROMIUM} not found (Debian package 'chromium')"
    if importlib.util.find_spec("playwright") is None:
        return "the Python package 'playwright' is not installed"
    return None
