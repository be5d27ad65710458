"""Admin credentials: argon2-hashed users in a local file that git ignores; lockout after failures.

There is no default user or password: create one with ``nlmobility user add NAME``. After
``BACKOFF_AFTER`` consecutive failures a user must wait (doubling each time); after
``LOCK_AFTER`` failures the account is locked for ``LOCK_SECONDS``. Sessions expire after
``SESSION_SECONDS`` without activity (enforced by the admin page).
"""

from __future__ import annotations

import fcntl
import json
import os
import pathlib
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ENV_USERS = "NLMOBILITY_USERS"
DEFAULT_USERS = pathlib.Path("data") / "users.json"
MIN_PASSWORD = 12
BACKOFF_AFTER = 3
LOCK_AFTER = 6
LOCK_SECONDS = 15 * 60
SESSION_SECONDS = 30 * 60
_NAME = re.compile(r"^[a-zA-Z0-9_.\-@]{3,64}$")
_hasher = PasswordHasher()


def users_path() -> pathlib.Path:
    """The accounts file: ``$NLMOBILITY_USERS`` or ``data/users.json`` (never in git)."""
    return pathlib.Path(os.environ.get(ENV_USERS) or DEFAULT_USERS)


@contextmanager
def _store(path: pathlib.Path | None = None) -> Iterator[dict[str, Any]]:
    p = path or users_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    with p.with_suffix(p.suffix + ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data: dict[str, Any] = json.loads(p.read_text(encoding="utf-8")) if p.exists() else {"users": {}}
        yield data
        tmp = p.with_suffix(p.suffix + ".tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(p)


def add_user(name: str, password: str, *, path: pathlib.Path | None = None) -> None:
    """Create or replace an administrator account (argon2 hash; the password is never stored)."""
    if not _NAME.match(name):
        raise ValueError("user names are 3–64 letters, digits or . _ - @")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
    with _store(path) as data:
        data["users"][name] = {"hash": _hasher.hash(password), "failures": 0, "wait_until": 0.0}


def has_users(path: pathlib.Path | None = None) -> bool:
    """Whether any administrator account exists (the admin page says how to create one otherwise)."""
    p = path or users_path()
    return p.exists() and bool(json.loads(p.read_text(encoding="utf-8")).get("users"))


@dataclass(frozen=True)
class Outcome:
    """The answer to a login attempt: accepted, or how long to wait and whether the account is locked."""

    ok: bool
    wait_seconds: float = 0.0
    locked: bool = False


def verify(name: str, password: str, *, path: pathlib.Path | None = None, now: float | None = None) -> Outcome:
    """Check a login. Unknown users and wrong passwords look the same to the caller."""
    now = time.time() if now is None else now
    with _store(path) as data:
        user = data["users"].get(name)
        if user is None:
            _hasher.hash(password)  # same cost as a real check
            return Outcome(False)
        if user["wait_until"] > now:
            return Outcome(False, wait_seconds=user["wait_until"] - now, locked=user["failures"] >= LOCK_AFTER)
        try:
            _hasher.verify(user["hash"], password)
        except (VerificationError, InvalidHashError):
            user["failures"] += 1
            n = user["failures"]
            if n >= LOCK_AFTER:
                user["wait_until"] = now + LOCK_SECONDS
            elif n >= BACKOFF_AFTER:
                user["wait_until"] = now + 5 * 2 ** (n - BACKOFF_AFTER)
            return Outcome(False, wait_seconds=max(0.0, user["wait_until"] - now), locked=n >= LOCK_AFTER)
        user["failures"], user["wait_until"] = 0, 0.0
        return Outcome(True)


def session_valid(started: float | None, last_seen: float | None, now: float | None = None) -> bool:
    """Whether an admin session is still open: at most 30 minutes without activity."""
    now = time.time() if now is None else now
    return started is not None and last_seen is not None and now - last_seen < SESSION_SECONDS
