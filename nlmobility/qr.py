"""QR codes made locally (no web service), for links on projectors and printed sheets."""

from __future__ import annotations

import functools
import io

import qrcode


@functools.lru_cache(maxsize=256)
def png(url: str) -> bytes:
    """A QR code for ``url`` as PNG bytes (remembered: the workshop page draws the same link on every rerun)."""
    img = qrcode.make(url, box_size=8, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue()
