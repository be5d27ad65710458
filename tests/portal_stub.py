"""A local stand-in for the state portal's Explore API v2.1: a dataset's metadata (JSON) and its export (CSV).

It can answer 404, 500, slowly, or with a body cut off after half its declared length. Used by
tests/test_sync.py and the browser test of the Administración sync; nothing leaves this machine.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

PREFIX = "/api/explore/v2.1/catalog/datasets/"


class Portal:
    """What the stand-in serves: per dataset id, the export's bytes, its metadata and how to misbehave."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.modified: dict[str, str] = {}
        self.mode: dict[str, str] = {}  # "", "404", "500", "slow", "truncated"
        self.hits: list[str] = []

    def serve(self, dataset_id: str, body: bytes, modified: str) -> None:
        self.files[dataset_id], self.modified[dataset_id] = body, modified


def _handler(portal: Portal) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            return

        def do_GET(self) -> None:
            portal.hits.append(self.path)
            rest = self.path.removeprefix(PREFIX)
            dataset_id, _, tail = rest.partition("/")
            mode = portal.mode.get(dataset_id, "")
            if not self.path.startswith(PREFIX) or dataset_id not in portal.files or mode == "404":
                self.send_error(404, "Not Found")
                return
            if mode == "500":
                self.send_error(500, "Internal Server Error")
                return
            if mode == "slow":
                time.sleep(1.5)
            body = portal.files[dataset_id]
            if tail == "":
                meta = {"dataset_id": dataset_id, "metas": {"default": {"modified": portal.modified[dataset_id]}}}
                meta["metas"]["default"]["records_count"] = body.count(b"\n") - 1
                self._send(json.dumps(meta).encode(), "application/json")
            elif tail == "exports/csv":
                if mode == "truncated":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/csv")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self._send(body, "text/csv; charset=utf-8")
            else:
                self.send_error(404, "Not Found")

        def _send(self, body: bytes, ctype: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, _request: Any, _client_address: Any) -> None:
        return  # a client that gave up on a slow answer: the stand-in's broken pipe is not the test's output


@contextlib.contextmanager
def running(portal: Portal) -> Iterator[str]:
    """Serve ``portal`` on a free local port; yields its base URL (the value of NLMOBILITY_PORTAL_URL)."""
    server = Server(("127.0.0.1", 0), _handler(portal))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
