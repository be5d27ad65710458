"""Two machines: two app processes that share no working directory, one PostgreSQL catalog and one data
path, behind the ``make serve`` balancer. An import through one is seen by both without a restart, and
facilitators saving on both land."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from benchmarks import wsclient
from nlmobility import db, lake, serve
from tests import pgserver
from tests.savers import run_savers
from tests.test_storage import _crash_csv

ROOT = pathlib.Path(__file__).resolve().parent.parent
NGINX = serve.find_nginx()


@dataclass
class Machines:
    locator: str
    data: pathlib.Path
    dirs: list[pathlib.Path]
    ports: list[int]
    url: str
    procs: list[subprocess.Popen[bytes]]

    def env(self) -> dict[str, str]:
        return {**os.environ, "NLMOBILITY_DB": self.locator, "NLMOBILITY_DATA_PATH": str(self.data)}


def _machine_dir(base: pathlib.Path) -> pathlib.Path:
    """The app's own files, as a second machine would have them (no shared working directory)."""
    base.mkdir(parents=True)
    for f in ("app.py", "asgi.py"):
        shutil.copy(ROOT / f, base / f)
    for d in ("app_pages", "static", ".streamlit"):
        shutil.copytree(ROOT / d, base / d, ignore=shutil.ignore_patterns("feed.xml", "tiles"))
    return base


@pytest.fixture(scope="module")
def machines(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Machines]:
    if NGINX is None:
        pytest.skip("nginx is not installed (Debian package nginx-light; .ci/run installs it)")
    why = pgserver.unavailable()
    if why:
        pytest.skip(why)
    tmp = tmp_path_factory.mktemp("machines")
    with pgserver.server() as srv:
        locator = "ducklake:postgres:" + srv.new_database()
        data = tmp / "shared-data"
        lake.migrate(fixture_db, locator, data_path=str(data))
        dirs = [_machine_dir(tmp / f"machine-{i}") for i in (1, 2)]
        ports = [serve.free_port(), serve.free_port()]
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(db.ENV_DATA_PATH, str(data))  # the processes inherit it: the one shared data path
            procs = [
                serve.launch(port, secret="one-secret", db=locator, log=d / "streamlit.log", app_dir=d)
                for d, port in zip(dirs, ports, strict=True)
            ]
        front = serve.free_port()
        conf = tmp / "nginx.conf"
        conf.write_text(serve.nginx_conf(port=front, backends=ports, prefix=tmp), encoding="utf-8")
        nginx = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        procs.append(nginx)
        try:
            serve.wait_healthy(ports, "/_stcore/health", time.time() + 90)
            serve.wait_healthy([front], "/nginx-health", time.time() + 30)
            yield Machines(locator, data, dirs, ports, f"http://127.0.0.1:{front}", procs)
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()


def _page_text(base: str) -> str:
    s = wsclient.Session(base, timeout=120)
    try:
        run = s.run("datos")
    finally:
        s.close()
    assert run.ok, run.error
    return "\n".join(run.texts)


def test_an_import_through_one_machine_is_seen_by_both_and_through_the_balancer(
    machines: Machines, tmp_path: pathlib.Path
) -> None:
    f = tmp_path / "c.csv"
    _crash_csv(f, 5)
    out = subprocess.run(
        [sys.executable, "-m", "nlmobility.cli", "import", "crashes", str(f), "--mix-with-sample"],
        cwd=machines.dirs[0],
        env=machines.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    version = next(line.split(": ", 1)[1] for line in out.stdout.splitlines() if line.startswith("new dataset version"))
    for base in [f"http://127.0.0.1:{p}" for p in machines.ports] + [machines.url]:
        assert version.replace("-", "\\-") in _page_text(base) or version in _page_text(base), base


def test_facilitators_saving_on_both_machines_land(machines: Machines) -> None:
    saved = run_savers(machines.locator, processes=2, saves=5, data_path=machines.data, cwds=machines.dirs)
    assert saved.codes == [0, 0], saved.errors
    assert len(saved.lines) == 10 and saved.refused() == []
    con = db.connect_lake(machines.locator)
    try:
        assert db.scalar(con, "SELECT count(*) FROM participation_event WHERE place LIKE 'Plaza %'") == 10
        assert db.scalar(con, "SELECT count(*) FROM participation_comment WHERE text LIKE 'comentario %'") == 30
    finally:
        con.close()
