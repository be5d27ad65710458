"""Streamlit's own JavaScript and CSS sent compressed, each file compressed once per process.

Streamlit serves ``/static/…`` uncompressed on purpose: Starlette's gzip middleware would compress the
same bundle again on every request. Here each file is compressed once (gzip, level 9) the first time a
browser asks for it and kept in memory; later requests get the same bytes. A phone's first visit is
most of its bytes in these files (``benchmarks/first_visit.py`` prints them). Everything else, and a
browser that does not accept gzip, goes to Streamlit untouched.
"""

from __future__ import annotations

import gzip
import mimetypes
import pathlib
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import streamlit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Streamlit's built frontend: ``/static/js/index.….js`` is ``STATIC_ROOT / "static/js/index.….js"``.
STATIC_ROOT = (pathlib.Path(streamlit.__file__).parent / "static").resolve()
#: What is worth compressing (text); images and fonts are compressed already.
SUFFIXES = frozenset({".js", ".css", ".json", ".svg", ".map", ".txt", ".html"})
#: Smaller files gain less than the header costs.
MIN_BYTES = 1024
#: Hashed bundles never change: a year, as Streamlit says for them.
CACHE_CONTROL = "public, immutable, max-age=31536000"


class _Cache:
    """Compressed bytes by file, made once (a lock per process: two first visits compress once)."""

    def __init__(self) -> None:
        self._done: dict[pathlib.Path, bytes] = {}
        self._lock = threading.Lock()

    def get(self, path: pathlib.Path) -> bytes:
        found = self._done.get(path)
        if found is not None:
            return found
        with self._lock:
            found = self._done.get(path)
            if found is None:
                found = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
                self._done[path] = found
        return found


CACHE = _Cache()


def static_file(path: str) -> pathlib.Path | None:
    """The file of Streamlit's frontend a ``/static/…`` request path names, when it is one worth compressing."""
    if not path.startswith("/static/") or ".." in path:
        return None
    target = (STATIC_ROOT / path.lstrip("/")).resolve()
    if STATIC_ROOT not in target.parents or target.suffix not in SUFFIXES or not target.is_file():
        return None
    return target if target.stat().st_size >= MIN_BYTES else None


def accepts_gzip(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the request's Accept-Encoding takes gzip (and does not refuse it with q=0)."""
    for name, value in headers:
        if name.lower() == b"accept-encoding":
            for part in value.decode("latin-1").lower().split(","):
                coding, _, params = part.strip().partition(";")
                if coding.strip() in ("gzip", "*") and params.replace(" ", "") not in ("q=0", "q=0.0"):
                    return True
    return False


class PrecompressedStatic:
    """ASGI middleware: ``GET /static/…`` of a text file, from a browser that accepts gzip, answered compressed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a compressible static request here; pass everything else to Streamlit."""
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        target = static_file(str(scope.get("path", "")))
        if target is None or not accepts_gzip(list(scope.get("headers", []))):
            await self.app(scope, receive, send)
            return
        body = CACHE.get(target)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        headers = [
            (b"content-type", kind.encode()),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(body)).encode()),
            (b"vary", b"Accept-Encoding"),
            (b"cache-control", CACHE_CONTROL.encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
