"""Per-page figures for the dashboard (a benchmark, not a test).

* server-side render time: median of several AppTest runs per page on the database in
  $NLMOBILITY_DB (default data/nlmobility.duckdb), after one warm-up run (caches warm, as for a
  visitor after the first);
* bytes sent to the browser: the WebSocket payload a real `streamlit run` server sends for one
  page load, measured in headless Chromium (skipped when /usr/bin/chromium is absent).

Targets (issue 3): median render under 1.5 s and under 2 MB per page.
Run: .venv/bin/python benchmarks/bench_pages.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import sys
import time
from typing import TYPE_CHECKING

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402 - after the path set-up above, so the script runs from any folder
from streamlit.testing.v1 import AppTest  # noqa: E402

from nlmobility import db, figures  # noqa: E402
from nlmobility.filters import Filters  # noqa: E402
from nlmobility.ui import data, maps  # noqa: E402
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, browser_unavailable_reason, streamlit_server  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import WebSocket

PAGES = [
    ("inicio", "app_pages/inicio.py", ""),
    ("mapa", "app_pages/mapa.py", "mapa"),
    ("seguridad", "app_pages/seguridad.py", "seguridad"),
    ("participacion", "app_pages/participacion.py", "participacion"),
    ("avance", "app_pages/avance.py", "avance"),
    ("datos", "app_pages/datos.py", "datos"),
    ("metodologia", "app_pages/metodologia.py", "metodologia"),
    ("taller", "app_pages/taller.py", "taller?escena=2"),
]


def render_times(runs: int) -> dict[str, tuple[float, float]]:
    """Per page: (first run with cold query caches, median of the warm runs)."""
    out = {}
    for name, script, _ in PAGES:
        times = []
        for i in range(runs + 1):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.run()
            if script != "app_pages/inicio.py":
                at.switch_page(script)
            if i == 0:  # the cold run pays for every query of the page (and the frame)
                st.cache_data.clear()
                data._cached.clear()  # type: ignore[attr-defined]  # kept query results (st.cache_resource)
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
            assert not at.exception, [e.value for e in at.exception]
        out[name] = (times[0], statistics.median(times[1:]))
    return out


def density_payloads() -> list[tuple[str, str, float, int, int]]:
    """The density map's deck JSON for every severity and road user: (severity, mode, cell m, cells, bytes)."""
    con = db.Database(os.environ["NLMOBILITY_DB"])
    out = []
    try:
        for severity in ("all", "victims", "fatal", "injury", "damage"):
            for mode in ("all", "pedestrian", "cyclist", "motorcyclist"):
                grid, cell = figures.crash_density(con.cursor(), Filters(severity=severity, mode=mode))
                deck = maps.deck([maps.crash_density_layer(grid)], maps.view_for(pd.DataFrame()))
                out.append((severity, mode, cell, len(grid), len(deck.to_json().encode("utf-8"))))
    finally:
        con.close()
    return out


def page_bytes() -> dict[str, int] | str:
    reason = browser_unavailable_reason()
    if reason:
        return reason
    from playwright.sync_api import sync_playwright

    db_path = pathlib.Path(os.environ["NLMOBILITY_DB"])
    with streamlit_server(db_path, ROOT / "test-output" / "bench-streamlit.log") as base:
        out = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, _, path in PAGES:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                received = [0]

                def on_ws(ws: WebSocket, received: list[int] = received) -> None:
                    ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

                page.on("websocket", on_ws)
                page.goto(f"{base}/{path}")
                page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
                time.sleep(1)
                page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
                time.sleep(1)
                out[name] = received[0]
                page.close()
            browser.close()
        return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    os.environ.setdefault("NLMOBILITY_DB", str(ROOT / "data" / "nlmobility.duckdb"))
    print(f"# page benchmark on {os.environ['NLMOBILITY_DB']} (median of {args.runs} warm runs)")
    times = render_times(args.runs)
    sizes = page_bytes()
    print(f"{'page':<15}{'cold (s)':>10}{'median (s)':>12}{'vs 1.5 s':>10}{'bytes':>12}{'vs 2 MB':>10}")
    for name, (cold, secs) in times.items():
        b = sizes.get(name) if isinstance(sizes, dict) else None
        print(
            f"{name:<15}{cold:>10.3f}{secs:>12.3f}{secs / 1.5:>10.2f}"
            + (f"{b:>12,}{b / 2e6:>10.2f}" if b is not None else f"{'n/a':>12}")
        )
    if isinstance(sizes, str):
        print(f"bytes not measured: {sizes}")
    dens = density_payloads()
    worst = max(dens, key=lambda r: r[4])
    print(
        f"density map payload (deck JSON), {len(dens)} severity x road-user filters: largest {worst[4] / 1e6:.2f} MB "
        f"({worst[0]}/{worst[1]}: {worst[3]:,} cells of {worst[2]:,.0f} m), vs 1 MB {worst[4] / 1e6:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
