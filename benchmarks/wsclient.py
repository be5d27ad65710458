"""A Streamlit client without a browser: opens a session over the websocket and runs pages.

It speaks the app's own protocol (the protobuf classes ship with Streamlit): connect to
``/_stcore/stream`` with the ``streamlit`` subprotocol, send a ``rerun_script`` BackMsg with the
page and its query string, and read ForwardMsgs until ``script_finished``. Used by the load
benchmark (``benchmarks/load.py``) and the ``make serve`` test. Localhost only.
"""

from __future__ import annotations

import contextlib
import time
import urllib.parse
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect


class LocalOnly(ValueError):
    """The client only talks to this machine."""


@dataclass
class PageRun:
    """One page load: how long it took, how many elements came back and whether it ended well."""

    page: str
    seconds: float
    deltas: int
    ok: bool
    error: str | None = None
    #: The text of the page's text elements (markdown, captions, notices), in order.
    texts: list[str] = field(default_factory=list)


@dataclass
class Session:
    """A websocket session with one Streamlit server (one simulated person)."""

    base: str  # http://127.0.0.1:PORT
    cookie: str | None = None
    timeout: float = 120.0
    conn: ClientConnection | None = field(default=None, repr=False)
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack, repr=False)

    def __post_init__(self) -> None:
        host = urllib.parse.urlparse(self.base).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise LocalOnly(f"the load client only talks to this machine, not {host!r}")

    def open(self) -> None:
        url = self.base.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        headers = {"Origin": self.base}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.conn = self._stack.enter_context(
            connect(
                url,
                subprotocols=["streamlit"],  # type: ignore[list-item]
                additional_headers=headers,
                open_timeout=self.timeout,
                max_size=None,
            )
        )

    def close(self) -> None:
        self._stack.close()
        self._stack = contextlib.ExitStack()
        self.conn = None

    def run(self, page: str = "", query: str = "") -> PageRun:
        """Run ``page`` (its url path, "" for Inicio) with ``query`` and wait until the script finishes."""
        if self.conn is None:
            self.open()
        assert self.conn is not None
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        t0 = time.perf_counter()
        self.conn.send(msg.SerializeToString())
        deltas = 0
        texts: list[str] = []
        deadline = t0 + self.timeout
        try:
            while True:
                raw = self.conn.recv(timeout=max(0.1, deadline - time.perf_counter()))
                fm = ForwardMsg()
                fm.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
                kind = fm.WhichOneof("type")
                if kind == "delta":
                    deltas += 1
                    element = fm.delta.new_element if fm.delta.WhichOneof("type") == "new_element" else None
                    which = element.WhichOneof("type") if element is not None else None
                    if element is not None and which is not None and hasattr(getattr(element, which), "body"):
                        texts.append(str(getattr(element, which).body))
                    if (
                        fm.delta.WhichOneof("type") == "new_element"
                        and fm.delta.new_element.WhichOneof("type") == "exception"
                    ):
                        return PageRun(
                            page, time.perf_counter() - t0, deltas, False, fm.delta.new_element.exception.message
                        )
                elif kind == "script_finished":
                    if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue  # the app reran itself (st.rerun): wait for the run that ends
                    ok = fm.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
                    return PageRun(page, time.perf_counter() - t0, deltas, ok, None if ok else "compile error", texts)
                elif kind == "page_not_found":
                    return PageRun(page, time.perf_counter() - t0, deltas, False, "page not found")
        except TimeoutError:
            return PageRun(page, time.perf_counter() - t0, deltas, False, "timeout")
