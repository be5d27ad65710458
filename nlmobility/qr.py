"""QR codes made locally (no web service), for links on projectors and printed sheets."""

from __future__ import annotations

import io

import qrcode


def png(url: str) -> bytes:
    """A QR code for ``url`` as PNG bytes."""
    img = qrcode.make(url, box_size=8, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue()
