"""Load benchmark: N simulated people open random pages with random filters over Streamlit's websocket.

Each person is a websocket session (``benchmarks/wsclient.py``, no browser): open a page with a
random query string, wait for the script to finish, think 2–5 s, repeat. Reports page loads per
second, p50/p95/max latency, errors and the servers' memory, for one Streamlit process and for
``make serve`` (several processes behind nginx), side by side with the load average. Bounded in
time (``--duration``) and count (``--max-loads``); localhost only. A benchmark, not a test.

    .venv/bin/python -m benchmarks.load --people 10,25,50 --duration 60 --target both
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from benchmarks import wsclient
from nlmobility import serve

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ("", "mapa", "seguridad", "participacion", "avance", "datos", "metodologia", "taller")
MUNICIPALITIES = ("19039", "19019", "19026", "19046", "19006", "19021", "19048")
CORRIDORS = ("CV-OCAMPO", "CV-VASCONCELOS", "CV-PUENTE-VERDE", "CV-MODESTO-ARREOLA", "CV-CONSTITUCION")
SEVERITIES = ("victims", "all", "fatal", "injury")
MODES = ("all", "pedestrian", "cyclist", "motorcyclist")


def random_query(rng: random.Random) -> str:
    """A share-link query with a few random filters (what people change most)."""
    q: dict[str, object] = {}
    if rng.random() < 0.4:
        q["mun"] = rng.choice(MUNICIPALITIES)
    if rng.random() < 0.3:
        q["cor"] = rng.choice(CORRIDORS)
    if rng.random() < 0.5:
        q["sev"] = rng.choice(SEVERITIES)
    if rng.random() < 0.3:
        q["modo"] = rng.choice(MODES)
    if rng.random() < 0.3:
        start = rng.randint(2019, 2024)
        q["periodo"] = [str(start), str(rng.randint(start, 2025))]
    return urlencode(q, doseq=True)


@dataclass
class Result:
    """What one run measured."""

    label: str
    people: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_mb: float = 0.0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    rss_over_time: list[tuple[float, float]] = field(default_factory=list)  # (seconds, MB) once a minute

    def line(self) -> str:
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")

        rate = len(lat) / self.seconds if self.seconds else 0.0
        return (
            f"{self.label:<16} people={self.people:>3}  loads/s={rate:5.2f}  "
            f"p50={statistics.median(lat) if lat else float('nan'):6.2f}s  p95={pct(0.95):6.2f}s  "
            f"max={max(lat) if lat else float('nan'):6.2f}s  loads={len(lat):>4}  errors={len(self.errors):>3}  "
            f"server RSS={self.rss_mb:7.0f} MB  load avg={self.load[0]:.2f}"
        )

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_people(
    url: str, people: int, *, duration: float, max_loads: int, seed: int, pids: list[int], label: str
) -> Result:
    """``people`` sessions against ``url`` for ``duration`` seconds (or ``max_loads`` loads in all)."""
    res = Result(label, people, duration)
    lock = threading.Lock()
    stop_at = time.perf_counter() + duration
    peak = [0.0]

    def person(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        s = wsclient.Session(url, cookie=f"{serve.COOKIE}=bench-{seed}-{i}", timeout=120)
        time.sleep(rng.uniform(0, 3))  # people arrive over the first seconds
        try:
            while time.perf_counter() < stop_at:
                with lock:
                    if len(res.latencies) + len(res.errors) >= max_loads:
                        return
                try:
                    r = s.run(rng.choice(PAGES), random_query(rng))
                except Exception as exc:
                    r = wsclient.PageRun("?", 0.0, 0, False, f"{type(exc).__name__}: {exc}")
                    s.close()
                with lock:
                    if r.ok:
                        res.latencies.append(r.seconds)
                    else:
                        res.errors.append(str(r.error))
                time.sleep(rng.uniform(2, 5))
        finally:
            s.close()

    threads = [threading.Thread(target=person, args=(i,), daemon=True) for i in range(people)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    next_sample = t0
    while any(t.is_alive() for t in threads):
        now_mb = _rss_mb(pids)
        peak[0] = max(peak[0], now_mb)
        if time.perf_counter() >= next_sample:  # a soak run shows whether memory stays bounded
            res.rss_over_time.append((time.perf_counter() - t0, now_mb))
            next_sample += 60
        time.sleep(1)
        if time.perf_counter() > stop_at + 130:
            break
    res.seconds = time.perf_counter() - t0
    res.rss_mb = peak[0]
    res.load = os.getloadavg()
    return res


def _single(db: str) -> tuple[str, list[subprocess.Popen[bytes]]]:
    port = serve.free_port()
    log = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / f"nlmobility-load-{port}.log"
    proc = serve.launch(port, secret="bench", db=db, log=log)  # the same launch as make serve
    serve.wait_healthy([port], "/_stcore/health", time.time() + 90)
    return f"http://127.0.0.1:{port}", [proc]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", default="10,25,50", help="comma-separated numbers of simultaneous people")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds per run (default 60)")
    ap.add_argument("--max-loads", type=int, default=5000, help="page loads per run at most")
    ap.add_argument("--target", choices=("single", "serve", "both"), default="both")
    ap.add_argument("--processes", type=int, default=os.cpu_count() or 2, help="processes for the serve target")
    ap.add_argument("--db", default=str(ROOT / "data" / "nlmobility.duckdb"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    crowd = [int(x) for x in args.people.split(",") if x.strip()]
    targets = ["single", "serve"] if args.target == "both" else [args.target]
    if "serve" in targets and serve.find_nginx() is None:
        print("load: nginx is not installed (apt-get install nginx-light); measuring one process only", file=sys.stderr)
        targets = [t for t in targets if t != "serve"]
    print(f"# load benchmark · {os.cpu_count()} cores · db {args.db} · think 2-5 s · {args.duration:.0f} s per run")
    results: dict[tuple[str, int], Result] = {}
    for target in targets:
        if target == "single":
            url, procs = _single(args.db)
            pids = [p.pid for p in procs]
            label = "one process"
            cluster = None
        else:
            cluster = serve.start(processes=args.processes, port=serve.free_port(), db=args.db)
            url, pids = cluster.url, [p.pid for p in cluster.backends.values()]
            label = f"serve x{args.processes}"
            procs = []
        try:
            run_people(url, 2, duration=8, max_loads=20, seed=0, pids=pids, label="warm-up")  # caches, imports
            for n in crowd:
                r = run_people(
                    url, n, duration=args.duration, max_loads=args.max_loads, seed=args.seed, pids=pids, label=label
                )
                results[(target, n)] = r
                print(r.line(), flush=True)
                if len(r.rss_over_time) > 2:
                    print("  server RSS by minute: " + ", ".join(f"{mb:.0f}" for _, mb in r.rss_over_time) + " MB")
                if r.errors:
                    print(f"  first errors: {sorted(set(r.errors))[:3]}", flush=True)
        finally:
            if cluster is not None:
                serve.stop(cluster)
            for p in procs:
                p.terminate()
                p.wait(timeout=10)
    if len(targets) == 2:
        for n in crowd:
            one, many = results[("single", n)], results[("serve", n)]
            ratio = many.rate / one.rate if one.rate else float("nan")
            print(f"serve / one process at {n} people: {ratio:.2f}x loads/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
