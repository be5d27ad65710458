"""``make serve``: two Streamlit processes behind nginx, pages over the websocket, sticky by cookie."""

from __future__ import annotations

import http.cookies
import pathlib
import time
import urllib.request
from collections.abc import Iterator

import pytest

from benchmarks import wsclient
from nlmobility import serve

NGINX = serve.find_nginx()


def _get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (``set-cookie``: only the route cookie, if set) and body."""
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        headers = {k.lower(): v for k, v in r.headers.items() if k.lower() != "set-cookie"}
        ours = [c for c in r.headers.get_all("Set-Cookie") or [] if c.startswith(serve.COOKIE + "=")]
        if ours:
            headers["set-cookie"] = ours[0]
        return int(r.status), headers, r.read()


@pytest.fixture(scope="module")
def cluster(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[serve.Cluster]:
    if NGINX is None:
        pytest.skip("nginx is not installed (Debian package nginx-light; .ci/run installs it, `make serve` tries to)")
    c = serve.start(
        processes=2,
        port=serve.free_port(),
        db=str(fixture_db),
        prefix=tmp_path_factory.mktemp("serve"),
        nginx=NGINX,
    )
    try:
        yield c
    finally:
        serve.stop(c)


def test_two_processes_and_nginx_start(cluster: serve.Cluster) -> None:
    assert len(cluster.backends) == 2 and all(p.poll() is None for p in cluster.backends.values())
    assert cluster.nginx is not None and cluster.nginx.poll() is None
    conf = (cluster.prefix / "nginx.conf").read_text()
    assert "hash $nlm_route consistent" in conf and "ip_hash" not in conf
    assert "proxy_set_header Upgrade $http_upgrade" in conf


def test_first_answer_sets_the_route_cookie_and_the_same_cookie_stays_on_one_process(cluster: serve.Cluster) -> None:
    status, headers, body = _get(cluster.url + "/")
    assert status == 200 and b"<html" in body.lower()
    jar = http.cookies.SimpleCookie(headers["set-cookie"])
    route = jar[serve.COOKIE].value
    cookie = f"{serve.COOKIE}={route}"
    first = headers["x-nlm-upstream"]
    for path in ("/", "/_stcore/health", "/mapa", "/_stcore/health"):
        _, h, _ = _get(cluster.url + path, cookie)
        assert h["x-nlm-upstream"] == first, path
        assert "set-cookie" not in h  # the route cookie is set once
    # different people are spread over both processes
    seen = {_get(cluster.url + "/_stcore/health", f"{serve.COOKIE}=person-{i}")[1]["x-nlm-upstream"] for i in range(40)}
    assert len(seen) == 2


def test_a_page_loads_through_nginx_over_the_websocket(cluster: serve.Cluster) -> None:
    _, headers, _ = _get(cluster.url + "/")
    cookie = headers["set-cookie"].split(";")[0]
    s = wsclient.Session(cluster.url, cookie=cookie)
    try:
        run = s.run("mapa", "cor=CV-OCAMPO")
        assert run.ok, run.error
        assert run.deltas > 10  # the page's elements came back
        again = s.run("seguridad", "")
        assert again.ok, again.error
    finally:
        s.close()


def test_a_second_client_with_the_same_cookie_reaches_the_same_process(cluster: serve.Cluster) -> None:
    """Two sessions with one cookie: both websockets end on the process the cookie names."""
    cookie = f"{serve.COOKIE}=shared-browser"
    upstream = _get(cluster.url + "/_stcore/health", cookie)[1]["x-nlm-upstream"]
    port = int(upstream.rsplit(":", 1)[1])
    log = cluster.prefix / f"streamlit-{port}.log"
    sessions = [wsclient.Session(cluster.url, cookie=cookie) for _ in range(2)]
    try:
        for s in sessions:
            assert s.run("", "").ok
    finally:
        for s in sessions:
            s.close()
    for _ in range(3):
        assert _get(cluster.url + "/_stcore/health", cookie)[1]["x-nlm-upstream"] == upstream
    assert log.exists()


def test_a_dead_process_is_restarted(cluster: serve.Cluster) -> None:
    port, proc = next(iter(cluster.backends.items()))
    proc.kill()
    proc.wait(timeout=10)
    assert serve.restart_dead(cluster) == [port]
    serve.wait_healthy([port], "/_stcore/health", deadline=time.time() + 90)
    assert serve.healthy(port)
    assert serve.restart_dead(cluster) == []


def test_nginx_missing_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "find_nginx", lambda: None)
    with pytest.raises(serve.NginxMissing, match="apt-get install nginx-light"):
        serve.ensure_nginx(install=False)
