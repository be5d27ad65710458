"""`nlmobility sync` against a local stand-in for the state portal (Opendatasoft Explore API v2.1), and source versions.

The stand-in answers the two documented endpoints (a dataset's metadata as JSON, its whole export as
CSV) from the real Apodaca export in ../shared/realdata and edited versions of it, and can answer
404, 500, slowly, with a truncated body or with a changed header row. Nothing leaves this machine.
"""

from __future__ import annotations

import csv
import io
import json
import pathlib
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from nlmobility import cli, db, sync
from nlmobility.ingest import api, kinds, read, run_import, validate, versions
from tests.conftest import realdata
from tests.portal_stub import Portal, running
from tests.shown import tables as page_tables

APODACA = "indices-de-estadisticas-de-accidentes-viales-apodaca"
COPY = "indices-de-estadisticas-de-accidentes-viales-apodaca-copia"


@pytest.fixture
def portal(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> Iterator[Portal]:
    state = Portal()
    listed = tmp_path / "datasets.toml"
    listed.write_text(
        f'[[dataset]]\nid = "{APODACA}"\nmunicipality = "19006"\n\n[[dataset]]\nid = "{COPY}"\nmunicipality = "19006"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("NLMOBILITY_PORTAL_DATASETS", str(listed))
    monkeypatch.setenv("NLMOBILITY_PORTAL_TIMEOUT", "1")
    monkeypatch.setattr(sync, "BACKOFF_S", (0.0, 0.0))
    with running(state) as url:
        monkeypatch.setenv("NLMOBILITY_PORTAL_URL", url)
        yield state


@pytest.fixture(scope="module")
def bounded_db(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A database for real data with Nuevo León's municipal boundaries and nothing else."""
    path = tmp_path_factory.mktemp("sync") / "base.duckdb"
    assert cli.main(["init", "--db", str(path)]) == 0
    assert run_import(path, "municipalities", realdata("Nuevo León.json")).ok
    return path


@pytest.fixture
def real_db(bounded_db: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "real.duckdb"
    shutil.copy(bounded_db, path)
    return path


def _rows() -> tuple[list[str], list[list[str]]]:
    text = realdata(f"{APODACA}.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def _csv(header: list[str], body: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    return out.getvalue().encode("utf-8")


def _keys(path: pathlib.Path, source: str) -> list[tuple[Any, ...]]:
    con = db.connect(path)
    try:
        cols = ", ".join(versions.KEY)
        rows = con.execute(
            f"SELECT {cols} FROM crash WHERE source = ? UNION ALL SELECT {cols} FROM crash_link WHERE source = ?",
            [source, source],
        ).fetchall()
    finally:
        con.close()
    return sorted((versions._key(r) for r in rows), key=repr)


def _check(path: pathlib.Path, db_path: pathlib.Path) -> validate.Checked:
    """The rows of ``path`` an import into ``db_path`` as Apodaca's accepts."""
    kind = kinds.KINDS["crashes"]
    return validate.check(kind, read.read_any(path), path.name, context=api._context(db_path, kind, "19006", path.name))


def _file_keys(path: pathlib.Path, db_path: pathlib.Path) -> list[tuple[Any, ...]]:
    """The content keys of the rows a partial import of ``path`` (as Apodaca's) accepts."""
    checked = _check(path, db_path)
    return sorted((versions._key(tuple(r.get(k) for k in versions.KEY)) for r in checked.rows), key=repr)


def _ids(path: pathlib.Path) -> dict[tuple[Any, ...], int]:
    con = db.connect(path)
    try:
        rows = con.execute(f"SELECT crash_id, {', '.join(versions.KEY)} FROM crash").fetchall()
    finally:
        con.close()
    return {versions._key(r[1:]): int(r[0]) for r in rows}


def _revise(
    header: list[str], body: list[list[str]], db_path: pathlib.Path
) -> tuple[list[list[str]], list[str], list[str]]:
    """The export with 10 records corrected (their type), 5 removed and 100 of a later quarter added.

    Returns the new body, the corrected records' folios and the removed ones'.
    """
    good = set(_accepted_folios(header, body, db_path))
    unique = [i for i, r in enumerate(body) if r[0] in good]
    corrected, removed = unique[:10], set(unique[10:15])
    new = [list(r) for r in body]
    for i in corrected:
        new[i][6] = "Atropello Corregido"
    kept = [r for i, r in enumerate(new) if i not in removed]
    added = []
    for j, r in enumerate([body[i] for i in unique[100:200]]):
        later = list(r)
        later[0], later[1], later[2] = str(990_000 + j), "2023", "Abril-Junio"
        later[3], later[5] = f"2023-04-{j % 28 + 1:02d}", f"{j // 60:02d}:{j % 60:02d}:00"
        added.append(later)
    return kept + added, [body[i][0] for i in corrected], [body[i][0] for i in sorted(removed)]


def _accepted_folios(header: list[str], body: list[list[str]], db_path: pathlib.Path) -> list[str]:
    """Folios that appear once in the file and whose row a partial import accepts."""
    counts: dict[str, int] = {}
    for r in body:
        counts[r[0]] = counts.get(r[0], 0) + 1
    tmp = pathlib.Path(__import__("tempfile").mkdtemp()) / f"{APODACA}.csv"
    tmp.write_bytes(_csv(header, body))
    checked = _check(tmp, db_path)
    shutil.rmtree(tmp.parent)
    ok = {str(r.get("record_id")) for r in checked.rows}
    return [r[0] for r in body if counts[r[0]] == 1 and r[0] in ok and r[0].isdigit()]


def test_first_sync_loads_like_the_file_then_nothing_then_exactly_the_revised_export(
    portal: Portal, real_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    header, body = _rows()
    portal.serve(APODACA, _csv(header, body), "2023-04-10T12:00:00+00:00")
    by_file = tmp_path / "by_file.duckdb"
    shutil.copy(real_db, by_file)
    direct = run_import(by_file, "crashes", realdata(f"{APODACA}.csv"), partial=True)

    first = sync.sync(real_db, [APODACA])
    assert [r.status for r in first] == ["updated"], [sync.line(r) for r in first]
    assert first[0].added == direct.inserted and first[0].changed == first[0].removed == 0
    source = f"{APODACA}.csv"
    assert _keys(real_db, source) == _keys(by_file, source)
    ids_before = _ids(real_db)

    again = sync.sync(real_db, [APODACA])
    assert [r.status for r in again] == ["unchanged"] and _ids(real_db) == ids_before
    exports = [h for h in portal.hits if h.endswith("/exports/csv")]
    assert len(exports) == 1, "an unchanged dataset is not downloaded again"

    revised, corrected, _removed = _revise(header, body, real_db)
    portal.serve(APODACA, _csv(header, revised), "2023-07-10T12:00:00+00:00")
    third = sync.sync(real_db, [APODACA])
    r = third[0]
    assert (r.status, r.added, r.changed, r.removed) == ("updated", 100, 10, 5), sync.line(r)
    revised_file = tmp_path / f"{APODACA}.csv"
    revised_file.write_bytes(_csv(header, revised))
    assert _keys(real_db, source) == _file_keys(revised_file, real_db), "the database holds exactly the revised export"
    ids_after = _ids(real_db)
    unchanged = {k: i for k, i in ids_before.items() if k in ids_after}
    assert unchanged and all(ids_after[k] == i for k, i in unchanged.items()), "unchanged crashes keep their ids"
    con = db.connect(real_db)
    try:
        fixed = con.execute(
            "SELECT k.crash_id FROM crash k JOIN crash_record r ON r.source = k.source AND r.occurred_at = k.occurred_at "
            "AND r.crash_type = k.crash_type AND r.lon = k.lon AND r.lat = k.lat WHERE r.record_id IN (SELECT unnest(?))"
            " AND k.crash_type = 'Atropello Corregido'",
            [corrected],
        ).fetchall()
        logged = con.execute("SELECT status, added, changed, removed FROM portal_sync ORDER BY synced_at").fetchall()
        corridor_ids = con.execute(
            "SELECT count(*) FROM crash_corridor WHERE crash_id NOT IN (SELECT crash_id FROM crash)"
        ).fetchone()
    finally:
        con.close()
    old_ids = {i for k, i in ids_before.items() if k not in ids_after}
    assert len(fixed) == 10 and {i for (i,) in fixed} <= old_ids, "a corrected crash keeps the id it had"
    assert logged[-1] == ("updated", 100, 10, 5) and logged[1][0] == "unchanged"
    assert corridor_ids == (0,), "the precomputed tables follow"


def test_a_failing_dataset_keeps_its_rows_and_the_others_still_sync(
    portal: Portal, real_db: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, body = _rows()
    portal.serve(APODACA, _csv(header, body), "2023-04-10")
    copy = [[*r[:6], r[6] + " Copia", *r[7:]] for r in body]
    portal.serve(COPY, _csv(header, copy[:500]), "2023-04-10")
    assert [r.status for r in sync.sync(real_db)] == ["updated", "updated"]
    before = (_keys(real_db, f"{APODACA}.csv"), _keys(real_db, f"{COPY}.csv"))
    assert before[1], "the copy's records are stored (linked to Apodaca's as the same crashes)"

    renamed = ["Fecha_del_hecho" if h.strip() == "Fecha" else h for h in header]
    cases = {
        "500": "500 Internal Server Error",
        "truncated": "cut off",
        "slow": "could not be",
        "404": "404",
        "columns": "missing required columns",
    }
    for k, (mode, said) in enumerate(cases.items()):
        portal.serve(APODACA, _csv(header, body[:7000]), f"2023-05-{k + 1:02d}")
        if mode == "columns":
            portal.serve(APODACA, _csv(renamed, body), "2023-06-01")
        portal.mode[APODACA] = "" if mode == "columns" else mode
        portal.serve(COPY, _csv(header, copy[: 400 - 10 * k]), f"2023-06-{k + 1:02d}")
        code = cli.main(["sync", "--db", str(real_db)])
        out = capsys.readouterr()
        assert code == 1, mode
        assert f"{APODACA}: FAILED" in out.err and said in out.err, (mode, out.err)
        assert "Traceback" not in out.err + out.out
        assert f"{COPY}: imported" in out.out, (mode, out.out)
        assert _keys(real_db, f"{APODACA}.csv") == before[0], f"{mode}: Apodaca's rows are as they were"
        portal.mode[APODACA] = ""
    assert len(_keys(real_db, f"{COPY}.csv")) < len(before[1]), "the copy synced each time (400 rows now)"


def test_sync_json_and_no_network(
    portal: Portal, real_db: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    header, body = _rows()
    portal.serve(APODACA, _csv(header, body[:300]), "2023-04-10")
    portal.serve(COPY, _csv(header, body[:10]), "2023-04-10")
    portal.mode[COPY] = "404"
    assert cli.main(["sync", "--db", str(real_db), "--json", "--dry-run"]) == 1
    got = json.loads(capsys.readouterr().out)
    assert [g["id"] for g in got] == [APODACA, COPY]
    assert got[0]["status"] == "would_update" and got[0]["added"] > 0 and got[0]["removed"] == 0
    assert got[1]["status"] == "failed" and "404" in got[1]["reason"]
    assert set(got[0]) == {"id", "status", "modified", "records", "added", "changed", "removed", "reason"}
    assert _keys(real_db, f"{APODACA}.csv") == [], "a dry run changes nothing"

    monkeypatch.setenv("NLMOBILITY_PORTAL_URL", "http://127.0.0.1:9")  # nothing listens on the discard port
    assert cli.main(["sync", "--db", str(real_db)]) == 1
    out = capsys.readouterr()
    lines = [line for line in out.err.splitlines() if line.strip()]
    assert len(lines) == 2 and all("could not be reached" in line for line in lines), out.err
    assert "Traceback" not in out.err


def test_a_new_version_of_a_file_replaces_its_records_and_append_adds(
    real_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    header, body = _rows()
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    (first / "mis-siniestros.csv").write_bytes(_csv(header, body[:300]))
    (second / "mis-siniestros.csv").write_bytes(_csv(header, body[200:400]))
    assert run_import(real_db, "crashes", first / "mis-siniestros.csv", partial=True, municipality="19006").ok
    n_first = len(_keys(real_db, "mis-siniestros.csv"))
    appended = run_import(
        real_db, "crashes", second / "mis-siniestros.csv", partial=True, municipality="19006", append=True
    )
    assert appended.ok and appended.removed == 0 and len(_keys(real_db, "mis-siniestros.csv")) > n_first
    stored = _keys(real_db, "mis-siniestros.csv")
    # the second file alone would remove about half of what the source holds: refused unless told
    refused = run_import(real_db, "crashes", second / "mis-siniestros.csv", partial=True, municipality="19006")
    assert not refused.ok and "would remove" in (refused.error or "") and "--replace" in (refused.error or "")
    assert "quitaría" in (refused.error_es or "") and _keys(real_db, "mis-siniestros.csv") == stored
    replaced = run_import(
        real_db, "crashes", second / "mis-siniestros.csv", partial=True, municipality="19006", replace=True
    )
    assert replaced.ok and replaced.removed > 100 and replaced.inserted == 0
    assert _keys(real_db, "mis-siniestros.csv") == _file_keys(second / "mis-siniestros.csv", real_db)
    assert any("removed" in line for line in replaced.lines())


def test_a_removed_crash_id_is_never_given_again_and_a_dated_file_is_its_own_source(
    real_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    header, body = _rows()
    name = f"{APODACA}.csv"
    v1, v2, v3, dated = (tmp_path / d for d in ("v1", "v2", "v3", "dated"))
    for d in (v1, v2, v3, dated):
        d.mkdir()
    (v1 / name).write_bytes(_csv(header, body[:150]))
    assert run_import(real_db, "crashes", v1 / name, partial=True).ok
    last = _check(v1 / name, real_db).row_numbers[-1] - 2  # the last accepted row got the highest id
    con = db.connect(real_db)
    try:
        high = int(con.execute("SELECT max(crash_id) FROM crash").fetchone()[0])
    finally:
        con.close()
    (v2 / name).write_bytes(_csv(header, body[:last] + body[last + 1 : 150]))
    removed = run_import(real_db, "crashes", v2 / name, partial=True)
    assert removed.ok and removed.removed == 1, removed.lines()
    (v3 / name).write_bytes(_csv(header, [*body[:last], *body[last + 1 : 150], body[400]]))
    added = run_import(real_db, "crashes", v3 / name, partial=True)
    assert added.ok and max(0, added.inserted - added.changed) == 1, added.lines()
    ids = set(_ids(real_db).values())
    assert high not in ids and max(ids) > high, "the removed crash's id was not given to the new one"
    (dated / f"{APODACA}-2023.csv").write_bytes(_csv(header, body[1000:1100]))
    own = run_import(real_db, "crashes", dated / f"{APODACA}-2023.csv", partial=True, municipality="19006")
    assert own.ok and own.removed == 0 and own.inserted > 0, own.lines()
    assert len(_keys(real_db, name)) == len(_file_keys(v3 / name, real_db)), "the portal file's records stay"


def test_a_comment_stored_from_another_file_is_refused_by_row_column_and_value(
    tmp_path: pathlib.Path, fixture_db: pathlib.Path
) -> None:
    path = tmp_path / "c.duckdb"
    shutil.copy(fixture_db, path)
    a, b, v2 = tmp_path / "a", tmp_path / "b", tmp_path / "v2"
    for d in (a, b, v2):
        d.mkdir()
    (a / "comentarios.csv").write_text(
        "comment_id,comment_date,topic,text\nC-900,2024-01-02,a,hola\n", encoding="utf-8"
    )
    (b / "otros.csv").write_text("comment_id,comment_date,topic,text\nC-900,2024-01-02,a,adiós\n", encoding="utf-8")
    (v2 / "comentarios.csv").write_text(
        "comment_id,comment_date,topic,text\nC-900,2024-01-02,a,adiós\nC-901,2024-01-03,b,nuevo\n", encoding="utf-8"
    )
    assert run_import(path, "participation_comments", a / "comentarios.csv", mix_with_sample=True).inserted == 1
    refused = run_import(path, "participation_comments", b / "otros.csv", mix_with_sample=True)
    assert not refused.ok and refused.problems[0]["row"] == 2 and refused.problems[0]["column"] == "text"
    assert "'hola'" in refused.problems[0]["reason"] and "'adiós'" in refused.problems[0]["reason"]
    assert "otros.csv" in "\n".join(refused.lines())
    corrected = run_import(path, "participation_comments", v2 / "comentarios.csv", mix_with_sample=True)
    assert corrected.ok and corrected.changed == 1 and corrected.inserted == 2
    con = db.connect(path)
    try:
        got = con.execute(
            "SELECT comment_id, text FROM participation_comment WHERE comment_id LIKE 'C-90%' ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    assert got == [("C-900", "adiós"), ("C-901", "nuevo")]


def test_the_admin_portal_panel_lists_each_dataset_and_syncs_them(
    portal: Portal, real_db: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nlmobility import auth
    from tests.test_admin import PASSWORD, login, open_admin

    header, body = _rows()
    portal.serve(APODACA, _csv(header, body[:400]), "2023-04-10")
    portal.mode[COPY] = "500"
    portal.serve(COPY, _csv(header, body[:10]), "2023-04-10")
    monkeypatch.setenv("NLMOBILITY_DB", str(real_db))
    monkeypatch.setenv(auth.ENV_USERS, str(tmp_path / "users.json"))
    auth.add_user("oficial", PASSWORD, path=tmp_path / "users.json")
    at = login(open_admin(), "oficial", PASSWORD)
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(str(c.value) for c in at.caption)
    assert "datos abiertos del Estado (http" in shown, shown
    at.button(key="portal_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    said = [str(m.value).replace("\\", "") for m in [*at.markdown, *at.warning]]
    assert any(f"{APODACA}: cargado — 394 nuevos, 0 corregidos, 0 retirados" in s for s in said), said
    assert any(f"{COPY}: falló" in s and "500" in s and "quedan como estaban" in s for s in said), said
    at.run()
    table = "\n".join(df.to_csv() for df in page_tables(at))
    assert "cargado" in table and "falló" in table, table


def test_limits_and_a_bad_dataset_list_are_said_in_one_line(
    portal: Portal,
    real_db: pathlib.Path,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    header, body = _rows()
    portal.serve(APODACA, _csv(header, body[:50]), "2023-04-10")
    portal.serve(COPY, b"not json at all", "2023-04-10")
    monkeypatch.setenv("NLMOBILITY_PORTAL_MAX_BYTES", "1000")
    results = sync.sync(real_db)
    assert results[0].status == "failed" and "larger than 1,000 bytes" in (results[0].reason or "")
    assert "pasa de 1,000 bytes" in (results[0].reason_es or "")
    assert _keys(real_db, f"{APODACA}.csv") == []
    bad = tmp_path / "bad.toml"
    for text, said in (
        ("[[dataset]]\nid = 3\n", "has no id"),
        ("dataset = [", "cannot be read as TOML"),
        ("", "no [[dataset]]"),
    ):
        bad.write_text(text, encoding="utf-8")
        monkeypatch.setenv("NLMOBILITY_PORTAL_DATASETS", str(bad))
        assert cli.main(["sync", "--db", str(real_db)]) == 2
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert cli.main(["sync", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "nlmobility init" in capsys.readouterr().err
