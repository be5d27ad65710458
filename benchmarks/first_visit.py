"""A phone's first visit, as people feel it: bytes on the wire and seconds until the page settles.

Each page is opened in a fresh headless Chromium (no cache) at 375 × 812, throttled like "Fast 4G"
(9 Mbit/s down, 1.5 Mbit/s up, 150 ms round trip) with the CPU 4× slower, through a local relay that
counts every byte the server sends (HTTP and websocket alike, compressed as they travel). Two servers
side by side on the same database:

* ``before``: ``streamlit run app.py`` with websocket compression off (Streamlit's defaults);
* ``now``: ``streamlit run asgi.py`` as `make run` serves it (bundles gzipped once, websocket deflate).

A benchmark, not a test: it prints figures, ratios and the load average.

    .venv/bin/python -m benchmarks.first_visit [--pages inicio,mapa] [--runs 3] [--no-throttle]
    .venv/bin/python -m benchmarks.first_visit --desktop --pages all   # p75 per page, 1440x900
    .venv/bin/python -m benchmarks.first_visit --scenes                # Modo taller's scene changes
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pathlib
import socket
import statistics
import sys
import threading
import time
from collections.abc import Iterator

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, browser_unavailable_reason, streamlit_server  # noqa: E402

PAGES = {
    "inicio": "",
    "mapa": "mapa",
    "seguridad": "seguridad",
    "participacion": "participacion",
    "avance": "avance",
    "datos": "datos",
    "metodologia": "metodologia",
    "taller": "taller?escena=2",
}
#: A mid-range Android phone's Chrome (the pages choose phone layouts and pictures by the User-Agent).
PHONE_USER_AGENT = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
#: Chrome DevTools' "Fast 4G" (bytes per second) and round trip, and the CPU slow-down of a mid-range phone.
DOWN, UP, RTT_MS, CPU = 9_000_000 / 8, 1_500_000 / 8, 150, 4


class Relay:
    """A local TCP relay to ``port`` that counts the bytes the server sends back (all connections)."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.sent = 0
        self._lock = threading.Lock()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = int(self._sock.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pipe, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, True), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, count: bool) -> None:
        with contextlib.suppress(OSError):
            while chunk := src.recv(65536):
                if count:
                    with self._lock:
                        self.sent += len(chunk)
                dst.sendall(chunk)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def take(self) -> int:
        """Bytes sent since the last call."""
        with self._lock:
            n, self.sent = self.sent, 0
        return n

    def close(self) -> None:
        self._sock.close()


@contextlib.contextmanager
def served(kind: str, db_path: pathlib.Path) -> Iterator[Relay]:
    """The app served the ``before`` or ``now`` way, behind a counting relay."""
    options: tuple[str, ...] = ()
    script = "asgi.py"
    if kind == "before":
        script, options = "app.py", ("--server.enableWebsocketCompression", "false")
    log = ROOT / "test-output" / f"first-visit-{kind}.log"
    with streamlit_server(db_path, log, script=script, options=options) as url:
        relay = Relay(int(url.rsplit(":", 1)[1]))
        try:
            yield relay
        finally:
            relay.close()


def visit(browser: object, port: int, path: str, throttle: bool, *, desktop: bool = False) -> float:
    """Seconds from navigation to a settled page (title drawn, no script running) in a fresh context."""
    phone = {
        "viewport": {"width": 375, "height": 812},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "user_agent": PHONE_USER_AGENT,  # the pages lay phones out by the User-Agent, as a real phone sends it
    }
    context = browser.new_context(**({"viewport": {"width": 1440, "height": 900}} if desktop else phone))  # type: ignore[attr-defined]
    page = context.new_page()
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": RTT_MS, "downloadThroughput": DOWN, "uploadThroughput": UP},
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU})
    t0 = time.perf_counter()
    page.goto(f"http://127.0.0.1:{port}/{path}", timeout=120_000)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=120_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
    settled = time.perf_counter() - t0
    time.sleep(1.0)  # late frames (map tiles drawn locally, fonts) still count as bytes
    context.close()
    return settled


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="inicio", help="comma-separated pages (default inicio; 'all' for every page)")
    ap.add_argument("--runs", type=int, default=3, help="fresh visits per page and server (default 3)")
    ap.add_argument("--no-throttle", action="store_true", help="no network or CPU throttling")
    ap.add_argument(
        "--desktop",
        action="store_true",
        help="desktop visits instead (1440x900, unthrottled): p75 per page, served as now",
    )
    ap.add_argument(
        "--scenes", action="store_true", help="Modo taller's scene changes instead (1280x720, served as now)"
    )
    args = ap.parse_args()
    reason = browser_unavailable_reason()
    if reason:
        print(f"first visit not measured: {reason}")
        return 0
    from playwright.sync_api import sync_playwright

    names = list(PAGES) if args.pages == "all" else [p.strip() for p in args.pages.split(",")]
    db_path = pathlib.Path(os.environ.get("NLMOBILITY_DB", ROOT / "data" / "nlmobility.duckdb"))
    if args.desktop:
        return desktop(names, args.runs, db_path)
    if args.scenes:
        return scenes(args.runs, db_path)
    results: dict[tuple[str, str], tuple[list[int], list[float]]] = {}
    first_page: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for kind in ("before", "now"):
            with served(kind, db_path) as relay:
                # the server's own first page once it answers (unthrottled): what its first visitor waits
                first_page[kind] = visit(browser, relay.port, "", throttle=False)
                for name in names:
                    sizes, secs = [], []
                    for _ in range(args.runs):
                        relay.take()
                        secs.append(visit(browser, relay.port, PAGES[name], throttle=not args.no_throttle))
                        sizes.append(relay.take())
                    results[(kind, name)] = (sizes, secs)
        browser.close()
    load = os.getloadavg()
    throttled = "unthrottled" if args.no_throttle else "Fast 4G (9 Mbit/s, 150 ms), CPU 4x"
    print(f"# phone first visit, 375x812, {throttled}; {os.cpu_count()} cores, load {load[0]:.1f} {load[1]:.1f}")
    print(f"{'page':<14}{'before MB':>10}{'now MB':>9}{'ratio':>7}{'before s':>10}{'now s':>8}{'ratio':>7}  targets")
    for name in names:
        (bb, bs), (nb, ns) = results[("before", name)], results[("now", name)]
        mb_b, mb_n = statistics.median(bb) / 1e6, statistics.median(nb) / 1e6
        s_b, s_n = statistics.median(bs), statistics.median(ns)
        print(
            f"{name:<14}{mb_b:>10.2f}{mb_n:>9.2f}{mb_n / mb_b:>7.2f}{s_b:>10.1f}{s_n:>8.1f}{s_n / s_b:>7.2f}"
            f"  ≤ 1.5 MB {'yes' if mb_n <= 1.5 else 'no'}, ≤ 5 s {'yes' if s_n <= 5 else 'no'}"
        )
    b, n = first_page["before"], first_page["now"]
    print(f"first page after the server answers (desktop, unthrottled): before {b:.1f} s, now {n:.1f} s ({n / b:.2f}x)")
    return 0


def _p75(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=4, method="inclusive")[2] if len(xs) > 1 else xs[0]


def desktop(names: list[str], runs: int, db_path: pathlib.Path) -> int:
    """Each page ``runs`` times in a fresh desktop browser (1440x900, unthrottled), the server warm: p75."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, served("now", db_path) as relay:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        visit(browser, relay.port, "", throttle=False, desktop=True)  # the server's first page, not counted
        secs = {
            name: [visit(browser, relay.port, PAGES[name], False, desktop=True) for _ in range(runs)] for name in names
        }
        again = returning(browser, relay.port, names, runs)
        browser.close()
    load = os.getloadavg()
    print(
        f"# desktop visits, 1440x900, unthrottled, fresh browser each; {os.cpu_count()} cores, load {load[0]:.1f} {load[1]:.1f}"
    )
    print(f"{'page':<14}{'p75 s':>7}{'max s':>7}  visits (s)          ≤ 1.5 s  returning p75 s")
    for name in names:
        xs = secs[name]
        shown = ", ".join(f"{x:.2f}" for x in xs)
        print(
            f"{name:<14}{_p75(xs):>7.2f}{max(xs):>7.2f}  {shown:<20}{'yes' if _p75(xs) <= 1.5 else 'no':<9}"
            f"{_p75(again[name]):.2f}"
        )
    print("returning: the same browser opening the page's address again (Streamlit's modules in its cache)")
    return 0


def returning(browser: object, port: int, names: list[str], runs: int) -> dict[str, list[float]]:
    """Seconds to a settled page for a browser that has seen every page once (its cache warm), per page."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()

    def one(path: str) -> float:
        t0 = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/{path}", timeout=120_000)
        page.wait_for_selector('[data-testid="stMain"] h1', timeout=120_000)
        page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
        return time.perf_counter() - t0

    for name in names:
        one(PAGES[name])
    out = {name: [one(PAGES[name]) for _ in range(runs)] for name in names}
    context.close()
    return out


def scenes(runs: int, db_path: pathlib.Path, pause: float = 6.0) -> int:
    """Modo taller at 1280x720: seconds from the clicker's key to the next scene drawn, scenes 2-5.

    ``pause``: seconds the presenter stays on a scene before pressing (the browser finishes drawing the
    map meanwhile; with software WebGL, as in headless Chromium here, that takes 1-2 s).
    """
    from playwright.sync_api import sync_playwright

    settled = "!document.querySelector('[data-testid=\"stStatusWidget\"]')"
    rows: list[list[float]] = []
    with sync_playwright() as p, served("now", db_path) as relay:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{relay.port}/taller?escena=1", timeout=120_000)
            page.wait_for_selector('[data-testid="stMain"] h2', timeout=120_000)
            page.wait_for_function(settled, timeout=120_000)
            times = []
            for n in range(2, 6):
                time.sleep(pause)
                t0 = time.perf_counter()
                page.keyboard.press("ArrowRight")
                page.wait_for_function(f"document.body.innerText.includes('{n} de 5')", timeout=60_000, polling=20)
                page.wait_for_function(settled, timeout=60_000, polling=20)
                times.append(time.perf_counter() - t0)
            rows.append(times)
            context.close()
        browser.close()
    load = os.getloadavg()
    print(
        f"# Modo taller scene changes, 1280x720, {pause:.0f} s on each scene; {os.cpu_count()} cores, load {load[0]:.1f} {load[1]:.1f}"
    )
    for i, times in enumerate(rows, 1):
        print(f"run {i}: " + ", ".join(f"{n} {x:.2f} s" for n, x in zip(range(2, 6), times, strict=True)))
    every = [x for r in rows for x in r]
    print(f"median {statistics.median(every):.2f} s, worst {max(every):.2f} s (target ≤ 1 s each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
