"""Admin credentials: argon2-hashed users in a local file that git ignores; back-off after failures.

There is no default user or password: create one with ``nlmobility user add NAME``.

Failed logins are counted per *client and name* (the client is the browser's address), for
known and unknown names alike, so the answers never tell whether an account exists and a
stranger cannot lock an administrator out: after ``BACKOFF_AFTER`` failures from one client that
client waits (5 s, doubling), after ``LOCK_AFTER`` it is locked out of that name for
``LOCK_SECONDS``; when the lock ends, counting starts again. ``nlmobility user reset NAME`` clears
every client's count for a name. Sessions expire after ``SESSION_SECONDS`` without activity
(enforced by the admin page).
"""

from __future__ import annotations

import fcntl
import json
import pathlib
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from nlmobility import settings

ENV_USERS = "NLMOBILITY_USERS"
DEFAULT_USERS = pathlib.Path("data") / "users.json"
MIN_PASSWORD = 12
BACKOFF_AFTER = 3
LOCK_AFTER = 6
LOCK_SECONDS = 15 * 60
SESSION_SECONDS = 30 * 60
#: Failure records kept at most (oldest dropped), so a flood of names cannot grow the file forever.
MAX_ATTEMPT_RECORDS = 5_000
_NAME = re.compile(r"^[a-zA-Z0-9_.\-@]{3,64}$")
_hasher = PasswordHasher()


def users_path() -> pathlib.Path:
    """The accounts file: ``$NLMOBILITY_USERS`` or ``data/users.json`` (never in git)."""
    return settings.path(ENV_USERS)


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
        data["users"][name] = {"hash": _hasher.hash(password)}


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


def _attempt_key(client: str, name: str) -> str:
    return f"{client}\x1f{name}"


def _prune(attempts: dict[str, dict[str, float]], now: float) -> None:
    """Forget records whose wait ended a day ago, and the oldest beyond ``MAX_ATTEMPT_RECORDS``."""
    for key in [k for k, a in attempts.items() if a.get("last", 0.0) < now - 86_400 and a.get("wait_until", 0.0) < now]:
        del attempts[key]
    if len(attempts) > MAX_ATTEMPT_RECORDS:
        for key in sorted(attempts, key=lambda k: attempts[k].get("last", 0.0))[: len(attempts) - MAX_ATTEMPT_RECORDS]:
            del attempts[key]


def verify(
    name: str, password: str, *, client: str = "local", path: pathlib.Path | None = None, now: float | None = None
) -> Outcome:
    """Check a login from ``client``. Unknown users and wrong passwords look the same to the caller.

    The wait and the lock apply to this client and this name only, whether the name exists or not.
    """
    now = time.time() if now is None else now
    with _store(path) as data:
        attempts: dict[str, dict[str, float]] = data.setdefault("attempts", {})
        key = _attempt_key(client, name)
        record = attempts.get(key, {"failures": 0, "wait_until": 0.0, "last": now})
        if record["wait_until"] > now:
            return Outcome(False, wait_seconds=record["wait_until"] - now, locked=record["failures"] >= LOCK_AFTER)
        if record["failures"] >= LOCK_AFTER:
            record = {"failures": 0, "wait_until": 0.0, "last": now}  # the lock is over: count again from zero
        user = data["users"].get(name)
        ok = False
        if user is None:
            _hasher.hash(password)  # same cost as a real check
        else:
            try:
                ok = bool(_hasher.verify(user["hash"], password))
            except (VerificationError, InvalidHashError):
                ok = False
        if ok:
            attempts.pop(key, None)
            return Outcome(True)
        n = int(record["failures"]) + 1
        wait_until = (
            now + LOCK_SECONDS if n >= LOCK_AFTER else now + 5 * 2 ** (n - BACKOFF_AFTER) if n >= BACKOFF_AFTER else 0.0
        )
        attempts[key] = {"failures": n, "wait_until": wait_until, "last": now}
        _prune(attempts, now)
        return Outcome(False, wait_seconds=max(0.0, wait_until - now), locked=n >= LOCK_AFTER)


def reset(name: str, *, path: pathlib.Path | None = None) -> int:
    """Clear the failure counts of ``name`` from every client (``nlmobility user reset``); how many were cleared."""
    with _store(path) as data:
        attempts: dict[str, dict[str, float]] = data.setdefault("attempts", {})
        keys = [k for k in attempts if k.split("\x1f", 1)[-1] == name]
        for k in keys:
            del attempts[k]
        return len(keys)


def session_valid(started: float | None, last_seen: float | None, now: float | None = None) -> bool:
    """Whether an admin session is still open: at most 30 minutes without activity."""
    now = time.time() if now is None else now
    return started is not None and last_seen is not None and now - last_seen < SESSION_SECONDS
