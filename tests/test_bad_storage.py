"""A database path that is a directory, random bytes, a truncated or an unreadable file (issue 28, item 6).

Every command says in one plain line what is wrong and how to fix it (exit status non-zero, no
traceback) and every page shows that line instead of Streamlit's exception box.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from nlmobility import db
from nlmobility.ingest import api

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")
MILESTONE = (
    "id,compromiso,numero,titulo,responsable,inicio,fin,estado,desde\n"
    "MXMTY0005-H09,MXMTY0005,9,Diagnóstico,Secretaría,2023-01-01,2023-04-30,finalizado,2023-05-02\n"
)
#: What each bad path's line says (English, Spanish).
SAYS = {
    "directory": ("is a directory", "es una carpeta"),
    "random_bytes": ("is not a valid DuckDB database", "no es una base DuckDB"),
    "truncated": ("is damaged or truncated", "está dañada o truncada"),
    "unreadable": ("cannot be read", "No se puede leer"),
}
FOREIGN = ("without nlmobility's tables", "sin las tablas de nlmobility")
AS_ROOT = os.geteuid() == 0
ROOT_SKIP = "runs as root: chmod 000 does not stop root from reading (unit test below covers the message)"


def _bad(case: str, tmp: pathlib.Path, sample: pathlib.Path) -> pathlib.Path:
    path = tmp / f"{case}.duckdb"
    if case == "directory":
        path.mkdir()
    elif case == "random_bytes":
        path.write_bytes(os.urandom(64 * 1024))
    elif case == "truncated":  # a copy of the sample cut in half: the header is fine, the rest is gone
        shutil.copyfile(sample, path)
        os.truncate(path, path.stat().st_size // 2)
    elif case == "foreign":  # a DuckDB file of something else
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE t AS SELECT 1 AS i")
        con.close()
    else:
        path.write_bytes(b"")
        path.chmod(0)
    return path


CASES = [pytest.param(c, marks=pytest.mark.skipif(AS_ROOT, reason=ROOT_SKIP)) if c == "unreadable" else c for c in SAYS]
#: Every command that reads the database; one interpreter runs them all (a start costs seconds under load).
RUN_ALL = """
import sys
from nlmobility import cli
db, out, src = sys.argv[1:4]
for argv in (["info"], ["check"], ["report", "exposure"], ["export", "crashes", "--out", out],
             ["import", "milestones", src], ["import", "milestones", src, "--dry-run"]):
    status = cli.main([*argv, "--db", db])
    print(f"== {argv[0]} exit {status}", file=sys.stderr, flush=True)
"""


@pytest.mark.parametrize("case", CASES)
def test_every_command_says_what_is_wrong_in_one_line(
    case: str, tmp_path: pathlib.Path, default_db: pathlib.Path
) -> None:
    bad = _bad(case, tmp_path, default_db)
    src = tmp_path / "m.csv"
    src.write_text(MILESTONE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", RUN_ALL, str(bad), str(tmp_path / "out.csv"), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 0 and "Traceback" not in said, said
    blocks = said.split("== ")
    exits = [line for line in said.splitlines() if line.startswith("== ")]
    assert len(exits) == 6 and all(not x.endswith(" exit 0") for x in exits), exits
    for block in blocks[:-1]:
        lines = [x for x in block.splitlines() if SAYS[case][0] in x]
        assert len(lines) == 1 and str(bad) in lines[0], (block, said)
        assert any(fix in lines[0] for fix in ("NLMOBILITY_DB", "backup", "read access")), "says how to fix it"


@pytest.mark.parametrize("case", CASES)
def test_every_page_shows_the_line_instead_of_a_traceback(
    case: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, default_db: pathlib.Path
) -> None:
    bad = _bad(case, tmp_path, default_db)
    monkeypatch.setenv("NLMOBILITY_DB", str(bad))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    shown = errors[0].replace("\\", "") if errors else ""  # shown as literal text: Markdown escaped
    assert len(errors) == 1 and SAYS[case][1] in shown and str(bad) in shown, errors
    at.switch_page("app_pages/datos.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == errors


@pytest.mark.parametrize("case", ["directory", "random_bytes", "truncated"])
def test_an_import_is_refused_with_the_line_in_both_languages(
    case: str, tmp_path: pathlib.Path, default_db: pathlib.Path
) -> None:
    """What the Administración page shows (the report's error and its Spanish twin)."""
    bad = _bad(case, tmp_path, default_db)
    src = tmp_path / "m.csv"
    src.write_text(MILESTONE, encoding="utf-8")
    for dry_run in (True, False):
        report = api.run_import(bad, "milestones", src, dry_run=dry_run)
        assert not report.ok and report.error and report.error_es
        assert SAYS[case][0] in report.error and SAYS[case][1] in report.error_es
    (workshop,) = api.run_imports(bad, [("milestones", src, "m.csv")])
    assert not workshop.ok and workshop.error_es and SAYS[case][1] in workshop.error_es


def test_an_unreadable_file_is_said_so(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads any file, so the permission error is made here; the same line as for another user."""
    path = tmp_path / "locked.duckdb"
    path.write_bytes(b"")

    def refuse(self: pathlib.Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    found = db.storage_problem(path)
    assert found is not None and SAYS["unreadable"][0] in found and SAYS["unreadable"][1] in found.es
    assert "chmod" in found
    with pytest.raises(db.StorageError, match="cannot be read"):
        db.connect(path)


def test_a_missing_file_and_a_good_database_are_not_storage_problems(
    default_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    assert db.storage_problem(tmp_path / "missing.duckdb") is None, "a missing path keeps its own message"
    assert db.storage_problem(default_db) is None
    assert db.storage_problem("ducklake:postgres:dbname=x") is None


def test_info_on_a_duckdb_file_of_something_else_says_so(
    tmp_path: pathlib.Path, default_db: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nlmobility import cli

    bad = _bad("foreign", tmp_path, default_db)
    assert cli.main(["info", "--db", str(bad)]) == 2
    err = capsys.readouterr().err
    assert FOREIGN[0] in err and "nlmobility upgrade" in err and "Traceback" not in err, err
