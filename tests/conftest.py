"""Shared fixtures: a small deterministic fixture database and the default sample database."""

from __future__ import annotations

import os
import pathlib

import pytest

from nlmobility import db, sample

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REALDATA = SHARED / "realdata"
FIXTURE_SEED = 7
FIXTURE_CRASHES = 30_000


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """Small deterministic database (30,000 crashes), built once per test session."""
    path = tmp_path_factory.mktemp("fixture") / "fixture.duckdb"
    sample.build(path, seed=FIXTURE_SEED, crashes=FIXTURE_CRASHES)
    return path


@pytest.fixture(scope="session")
def default_db(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The default sample (`make` builds data/nlmobility.duckdb); built here when absent."""
    path = ROOT / "data" / "nlmobility.duckdb"
    if path.exists() and os.environ.get("NLMOBILITY_TEST_REBUILD") is None:
        con = db.connect(path)
        try:
            seed = dict(con.execute("SELECT key, value FROM dataset_meta").fetchall()).get("seed")
        finally:
            con.close()
        if seed == str(sample.DEFAULT_SEED):
            return path
    path = tmp_path_factory.mktemp("default") / "default.duckdb"
    sample.build(path)
    return path


@pytest.fixture()
def con_factory():
    opened = []

    def _open(path: pathlib.Path, read_only: bool = True):
        c = db.connect(path, read_only=read_only)
        opened.append(c)
        return c

    yield _open
    for c in opened:
        c.close()


def realdata(name: str) -> pathlib.Path:
    """Path of a real third-party file, or skip when ../shared is absent (a user's clone)."""
    p = REALDATA / name
    if not p.exists():
        pytest.skip(f"real data file {p} not available (../shared/realdata is only beside CI and developer checkouts)")
    return p
