"""What a phone downloads: Streamlit's JavaScript compressed once per process, websocket messages deflated."""

from __future__ import annotations

import ast
import asyncio
import base64
import gzip
import os
import pathlib
import re
import socket
import threading
import urllib.request
from typing import Any

import pytest

from nlmobility.ui import compress
from tests.browser_support import streamlit_server

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _bundle() -> str:
    return "/" + next(compress.STATIC_ROOT.glob("static/js/index.*.js")).relative_to(compress.STATIC_ROOT).as_posix()


def _call(path: str, accept: str | None, method: str = "GET") -> tuple[list[dict[str, Any]], bool]:
    """The middleware's answer to one request, and whether it handed the request to Streamlit."""
    sent: list[dict[str, Any]] = []
    passed = []

    async def inner(_scope: Any, _receive: Any, _send: Any) -> None:
        passed.append(True)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(message: Any) -> None:
        sent.append(message)

    headers = [(b"accept-encoding", accept.encode())] if accept is not None else []
    scope = {"type": "http", "method": method, "path": path, "headers": headers}
    # in a thread of its own: a browser test before this one in the same worker may leave a loop running here
    worker = threading.Thread(target=asyncio.run, args=(compress.PrecompressedStatic(inner)(scope, receive, send),))
    worker.start()
    worker.join()
    return sent, bool(passed)


def test_a_bundle_is_sent_gzipped_to_a_browser_that_takes_it_and_plain_to_one_that_does_not() -> None:
    path = _bundle()
    sent, passed = _call(path, "gzip, deflate, br")
    assert not passed
    headers = dict(sent[0]["headers"])
    assert headers[b"content-encoding"] == b"gzip" and headers[b"vary"] == b"Accept-Encoding"
    raw = (compress.STATIC_ROOT / path.lstrip("/")).read_bytes()
    assert gzip.decompress(sent[1]["body"]) == raw and len(sent[1]["body"]) < len(raw) / 2
    again, _ = _call(path, "gzip")
    assert again[1]["body"] is sent[1]["body"], "compressed once, then the same bytes"
    assert _call(path, None)[1] and _call(path, "identity")[1] and _call(path, "gzip;q=0")[1]
    head, _ = _call(path, "gzip", method="HEAD")
    assert head[1]["body"] == b"" and dict(head[0]["headers"])[b"content-length"] == headers[b"content-length"]


def test_only_streamlit_s_own_text_files_are_answered_here() -> None:
    for path in (
        "/",
        "/mapa",
        "/static/../../etc/passwd",
        "/static/js/nada.js",
        "/app/static/feed.xml",
        "/_stcore/health",
    ):
        assert _call(path, "gzip")[1], path
    assert _call("/static/js/../js/" + _bundle().rsplit("/", 1)[1], "gzip")[1], "no path with .. is served here"
    assert compress.static_file(_bundle()) is not None


def _handshake(port: int) -> str:
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request.encode())
        return s.recv(4096).decode("latin-1")


def test_the_app_as_make_run_serves_it_compresses_bundles_and_websocket_messages(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    with streamlit_server(fixture_db, tmp_path / "streamlit.log") as url:
        with urllib.request.urlopen(url, timeout=30) as r:
            page = r.read().decode()
        bundle = re.search(r"/static/js/index\.[\w-]+\.js", page)
        assert bundle, page[:500]
        ask = urllib.request.Request(url + bundle.group(0), headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(ask, timeout=30) as r:
            assert r.headers["Content-Encoding"] == "gzip" and "immutable" in r.headers["Cache-Control"]
            assert gzip.decompress(r.read()) == (compress.STATIC_ROOT / bundle.group(0).lstrip("/")).read_bytes()
        answer = _handshake(int(url.rsplit(":", 1)[1]))
        assert answer.startswith("HTTP/1.1 101") and "permessage-deflate" in answer.lower(), answer


def test_the_server_warms_up_before_its_first_visitor(
    fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    from nlmobility.ui import warm

    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    done = warm.run(background=False)
    assert done.database and done.problems == []
    assert done.modules >= len(warm.MODULES) + 15, "every page's modules"
    assert done.compressed > 100 and compress.CACHE.get(compress.STATIC_ROOT / _bundle().lstrip("/"))
    monkeypatch.setenv("NLMOBILITY_DB", str(tmp_path / "missing.duckdb"))
    missing = warm.run(background=False)
    assert not missing.database and any(p.startswith("database:") for p in missing.problems), "said, never raised"
    entry = ast.parse((ROOT / "asgi.py").read_text(encoding="utf-8"))
    call = next(n for n in ast.walk(entry) if isinstance(n, ast.Call) and ast.unparse(n.func) == "st.App")
    assert {k.arg: ast.unparse(k.value) for k in call.keywords}["lifespan"] == "warm.lifespan"
