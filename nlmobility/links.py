"""The address people outside this computer use: share links and QR codes (no Streamlit here).

A facilitator who opens the app on a laptop sees the address of "localhost" (this computer);
a QR code with that address opens nothing on a phone in the room. A deployment states its public
address in ``NLMOBILITY_PUBLIC_URL`` (https://example.org/corredores, or this computer's address
on the room's network, 192.168.1.20:8501 with its scheme); links and QR codes use it, and the pages warn while the address
they would carry can only be opened on this computer.
"""

from __future__ import annotations

import ipaddress
import urllib.parse

from nlmobility import settings

ENV_PUBLIC_URL = "NLMOBILITY_PUBLIC_URL"
#: Host names that only reach the computer the browser runs on.
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "0.0.0.0", ""}


class PublicUrlError(ValueError):
    """``NLMOBILITY_PUBLIC_URL`` is set to something that is not an http(s) address."""


def configured_base(env: dict[str, str] | None = None) -> str | None:
    """The deployer's public address without a trailing slash, or None when unset.

    Raises :class:`PublicUrlError` (naming the variable and the value) for anything but an
    ``http``/``https`` address with a host and no query or fragment.
    """
    raw = settings.given(ENV_PUBLIC_URL, env) or ""
    if not raw:
        return None
    parts = urllib.parse.urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise PublicUrlError(
            f"{ENV_PUBLIC_URL}={raw!r} is not an http(s) address such as https://example.org/corredores"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def base_of(url: str) -> str:
    """``scheme://host[:port]`` of an address (empty for an empty or relative one)."""
    parts = urllib.parse.urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def page_url(seen_url: str, path: str, query: str, env: dict[str, str] | None = None) -> str:
    """The address of app page ``path`` (``""`` for Inicio, ``"mapa"``…) with ``query``.

    Built on the configured public address when there is one, else on the address the browser
    used (``seen_url``, Streamlit's ``st.context.url``). Only the scheme and host of ``seen_url``
    are kept: the page path comes from the caller.
    """
    configured_base(env)  # raises for a malformed public address
    return page_url_quiet(seen_url, path, query, env)


def page_url_quiet(seen_url: str, path: str, query: str, env: dict[str, str] | None = None) -> str:
    """:func:`page_url`, falling back on the address the browser used when the public address is malformed
    (the pages that build QR codes name that error; a plain link falls back quietly)."""
    base = _base_quiet(env) or base_of(seen_url)
    tail = f"/{path.strip('/')}" if path.strip("/") else "/"
    return f"{base}{tail}" + (f"?{query}" if query else "")


def _base_quiet(env: dict[str, str] | None) -> str | None:
    """:func:`configured_base`, None also when it is malformed (the pages that build QR codes name that error)."""
    try:
        return configured_base(env)
    except PublicUrlError:
        return None


def rebase(seen_url: str, env: dict[str, str] | None = None) -> str:
    """The address the browser used (without its query), moved onto the configured public address when there is one."""
    parts = urllib.parse.urlsplit(seen_url or "")
    base = _base_quiet(env)
    if base is None:
        return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else parts.path
    return f"{base}{parts.path or '/'}"


def is_local(url: str) -> bool:
    """Whether an address can only be opened on the computer that made it (localhost, 127.x, ::1)."""
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified
