"""Shared helpers for browser tests (no pytest import, so check_browser can use it)."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

ROOT = pathlib.Path(__file__).resolve().parent.parent

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


def free_port() -> int:
    """A free local TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def streamlit_server(
    db_path: pathlib.Path,
    log_path: pathlib.Path,
    env: dict[str, str] | None = None,
    *,
    script: str = "asgi.py",
    options: tuple[str, ...] = (),
) -> Iterator[str]:
    """A `streamlit run` server of the app on a free local port, reading ``db_path``; yields its URL.

    ``script`` is what `make run` serves (``asgi.py``) unless a benchmark compares it with ``app.py``
    alone; ``options`` are more ``--name value`` options of `streamlit run`. The server's output goes to
    ``log_path``; it is stopped (terminated, then killed) on exit.
    """
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / script),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                *options,
            ],
            cwd=ROOT,
            env={**os.environ, "NLMOBILITY_DB": str(db_path), **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.read() == b"ok":
                            break
                except OSError:
                    if time.time() > deadline or proc.poll() is not None:
                        raise RuntimeError(f"streamlit server did not start; see {log_path}") from None
                    time.sleep(0.5)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
