"""A throwaway PostgreSQL server for the storage tests (Debian package ``postgresql``).

PostgreSQL refuses to run as root: as root, ``initdb`` and ``pg_ctl`` run as the ``postgres``
user in a temporary directory it owns; listening on 127.0.0.1 only, on a free port.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator


def _bin(name: str) -> str | None:
    found = sorted(str(p) for p in pathlib.Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def unavailable() -> str | None:
    """Why a PostgreSQL server cannot be started here (None: it can)."""
    if _bin("initdb") is None or _bin("pg_ctl") is None:
        return "PostgreSQL is not installed (Debian package postgresql; .ci/run installs it)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run PostgreSQL as"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A running throwaway server: :meth:`new_database` gives a fresh, empty database's connection string."""

    def __init__(self, port: int, run: list[str], createdb: str, env: dict[str, str]) -> None:
        self.port, self._run, self._createdb, self._env = port, run, createdb, env
        self._n = 0

    def new_database(self) -> str:
        self._n += 1
        name = f"nlm{self._n}"
        subprocess.run(
            [*self._run, self._createdb, "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name],
            check=True,
            capture_output=True,
            env=self._env,
        )
        return f"dbname={name} host=127.0.0.1 port={self.port} user=postgres"


@contextlib.contextmanager
def server() -> Iterator[Server]:
    """Start a server; yield it; stop and remove it."""
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="nlm-pg-"))
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
    data = tmp / "data"
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C"}
    initdb, pg_ctl, createdb = _bin("initdb"), _bin("pg_ctl"), _bin("createdb")
    assert initdb and pg_ctl and createdb
    subprocess.run(
        [*as_postgres, initdb, "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
        env=env,
    )
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c max_connections=200 -c fsync=off"
    subprocess.run(
        [*as_postgres, pg_ctl, "-D", str(data), "-o", opts, "-l", str(tmp / "log"), "-w", "start"],
        check=True,
        capture_output=True,
        env=env,
    )
    try:
        yield Server(port, as_postgres, createdb, env)
    finally:
        subprocess.run(
            [*as_postgres, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
            env=env,
        )
        shutil.rmtree(tmp, ignore_errors=True)
