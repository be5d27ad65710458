"""``make serve``: several Streamlit processes behind nginx, for more people at once (Streamlit-free).

One Streamlit process is about one core of Python. ``serve`` starts N of them (default: one per
core) on local ports, all with the same cookie secret and reading the same database read-only
(each sees a new dataset version without a restart), and nginx in front on one port:

- **sticky sessions by a cookie**, not by address: the first answer sets ``nlm_route`` (a random
  value) and nginx hashes it consistently onto a process, so a browser's page, its static files and
  its websocket reach the same process (``ip_hash`` would send every local client to one process);
- **websocket upgrade** for Streamlit's ``/_stcore/stream``;
- **health checks**: nginx skips a process that fails (passive), and ``serve`` polls each
  process's ``/_stcore/health`` and restarts one that died (active).

nginx runs as this user from a private folder (no root, no system configuration touched). The
Debian package is ``nginx-light``; :func:`ensure_nginx` installs it when run as root with apt, and
otherwise says how.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field

from nlmobility import settings

ROOT = pathlib.Path(__file__).resolve().parent.parent
COOKIE = "nlm_route"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/bin/nginx")


class NginxMissing(RuntimeError):
    """nginx is not installed and could not be installed here."""


def find_nginx() -> str | None:
    """The nginx binary, or None."""
    found = shutil.which("nginx")
    if found:
        return found
    return next((p for p in NGINX_CANDIDATES if pathlib.Path(p).exists()), None)


def ensure_nginx(*, install: bool = True) -> str:
    """The nginx binary; installs the Debian package ``nginx-light`` when missing and possible (root and apt-get)."""
    found = find_nginx()
    if found:
        return found
    if install and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx-light"], check=False, env=env, capture_output=True)
        found = find_nginx()
        if found:
            return found
    raise NginxMissing(
        "nginx is not installed. Install the Debian package with `sudo apt-get install nginx-light` "
        "(or your system's nginx), then run `make serve` again. `make run` serves one process without nginx."
    )


def free_port() -> int:
    """A free local TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_conf(*, port: int, backends: Sequence[int], prefix: pathlib.Path, listen: str = "127.0.0.1") -> str:
    """nginx's whole configuration: one server on ``port``, the processes on ``backends``, cookie-sticky."""
    upstream = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in backends)
    return f"""# written by `nlmobility serve`; regenerated on every start
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    client_max_body_size 200m;

    # Sticky sessions by cookie: a browser without the cookie gets a random one on its first answer;
    # the consistent hash maps the cookie onto one process (a process that fails is skipped).
    map $cookie_{COOKIE} $nlm_route {{
        ""      $request_id;
        default $cookie_{COOKIE};
    }}
    map $cookie_{COOKIE} $nlm_set_cookie {{
        ""      "{COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ""      close;
    }}
    upstream streamlit {{
        hash $nlm_route consistent;
{upstream}
    }}
    server {{
        listen {listen}:{port};
        location = /nginx-health {{
            access_log off;
            return 200 "ok";
        }}
        location / {{
            proxy_pass http://streamlit;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 86400s;
            proxy_send_timeout 86400s;
            proxy_buffering off;
            proxy_next_upstream error timeout http_502 http_503;
            add_header Set-Cookie $nlm_set_cookie always;
            add_header X-Nlm-Upstream $upstream_addr always;
        }}
    }}
}}
"""


@dataclass
class Cluster:
    """Running processes: the Streamlit ones (port → process) and nginx."""

    port: int
    prefix: pathlib.Path
    backends: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    nginx: subprocess.Popen[bytes] | None = None
    secret: str = ""
    db: str = ""
    failures: dict[int, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """nginx's address: where people open the app."""
        return f"http://127.0.0.1:{self.port}"


def launch(
    port: int, *, secret: str, db: str, log: pathlib.Path, app_dir: pathlib.Path = ROOT
) -> subprocess.Popen[bytes]:
    """One Streamlit process of the app in ``app_dir`` on a local ``port`` (settings from its .streamlit/config.toml)."""
    env = {**os.environ, "NLMOBILITY_DB": db, "STREAMLIT_SERVER_COOKIE_SECRET": secret}  # one secret for all
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(app_dir / "asgi.py"),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=app_dir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def healthy(port: int, path: str = "/_stcore/health", timeout: float = 2.0) -> bool:
    """Whether the local server on ``port`` answers ``path`` with 200."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            return int(r.status) == 200
    except OSError:
        return False


def wait_healthy(ports: Sequence[int], path: str, deadline: float) -> None:
    """Return when every local port answers ``path``; RuntimeError after ``deadline`` (a time.time())."""
    pending = list(ports)
    while pending:
        pending = [p for p in pending if not healthy(p, path)]
        if pending and time.time() > deadline:
            raise RuntimeError(f"processes on ports {pending} did not answer {path} in time")
        if pending:
            time.sleep(0.3)


def start(
    *,
    processes: int,
    port: int,
    db: str,
    prefix: pathlib.Path | None = None,
    nginx: str | None = None,
    timeout: float = 90.0,
) -> Cluster:
    """Start ``processes`` Streamlit processes and nginx on ``port``; returns when all answer their health checks."""
    binary = nginx or ensure_nginx()
    prefix = prefix or pathlib.Path(tempfile.mkdtemp(prefix="nlmobility-serve-"))
    prefix.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(port=port, prefix=prefix, secret=secrets.token_urlsafe(32), db=db)
    try:
        for _ in range(processes):
            p = free_port()
            cluster.backends[p] = launch(p, secret=cluster.secret, db=db, log=prefix / f"streamlit-{p}.log")
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_conf(port=port, backends=list(cluster.backends), prefix=prefix), encoding="utf-8")
        check = subprocess.run(
            [binary, "-t", "-p", str(prefix), "-c", str(conf)], check=False, capture_output=True, text=True
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused its configuration: {check.stderr.strip()}")
        with (prefix / "nginx.out").open("ab") as out:
            cluster.nginx = subprocess.Popen(
                [binary, "-p", str(prefix), "-c", str(conf)], stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.time() + timeout
        for port_, proc in cluster.backends.items():
            time.sleep(0.2)
            if proc.poll() is not None:
                log = (prefix / f"streamlit-{port_}.log").read_text(errors="replace")[-500:]
                raise RuntimeError(f"the Streamlit process on port {port_} exited: {log}")
        wait_healthy(list(cluster.backends), "/_stcore/health", deadline)
        wait_healthy([port], "/nginx-health", deadline)
    except BaseException:
        stop(cluster)
        raise
    return cluster


#: Health checks a process may miss in a row before it is restarted (a busy process answers late).
MISSES = 3


def restart_dead(cluster: Cluster) -> list[int]:
    """Start again every Streamlit process that exited, or missed ``MISSES`` health checks in a row (same port and secret)."""
    restarted = []
    for port, proc in list(cluster.backends.items()):
        alive = proc.poll() is None
        if alive and healthy(port, timeout=5.0):
            cluster.failures[port] = 0
            continue
        cluster.failures[port] = cluster.failures.get(port, 0) + 1
        if not alive or cluster.failures[port] >= MISSES:
            cluster.failures[port] = 0
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
            log = cluster.prefix / f"streamlit-{port}.log"
            cluster.backends[port] = launch(port, secret=cluster.secret, db=cluster.db, log=log)
            restarted.append(port)
    return restarted


def stop(cluster: Cluster) -> None:
    """Stop nginx and every Streamlit process (terminate, then kill)."""
    procs = [*([cluster.nginx] if cluster.nginx else []), *cluster.backends.values()]
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m nlmobility.serve``: start, watch the processes' health, stop on Ctrl+C."""
    ap = argparse.ArgumentParser(prog="nlmobility serve", description=__doc__.split("\n\n")[0])
    ap.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="Streamlit processes (default: cores)")
    ap.add_argument("--port", type=int, default=8501, help="nginx's port (default 8501)")
    ap.add_argument("--db", default=settings.given("NLMOBILITY_DB") or str(ROOT / "data" / "nlmobility.duckdb"))
    args = ap.parse_args(argv)
    if args.processes < 1:
        print("nlmobility serve: --processes must be at least 1", file=sys.stderr)
        return 2
    try:
        cluster = start(processes=args.processes, port=args.port, db=args.db)
    except NginxMissing as exc:
        print(f"nlmobility serve: {exc}", file=sys.stderr)
        return 1
    stopping = False

    def _stop(_sig: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(
        f"nlmobility: open http://localhost:{args.port} ({args.processes} processes behind nginx; "
        f"logs in {cluster.prefix}; Ctrl+C to stop)",
        flush=True,
    )
    try:
        while not stopping:
            time.sleep(5)
            for port in restart_dead(cluster):
                print(f"nlmobility serve: restarted the process on port {port}", file=sys.stderr, flush=True)
    finally:
        stop(cluster)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
