"""The forum digest: the lists match an independent reading of the milestone tables; every format renders safely."""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import re
import shutil
import subprocess
import sys

import pandas as pd
import pypdf
import pytest
from streamlit.testing.v1 import AppTest

from nlmobility import db, digest, digest_render

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")
CLI = (sys.executable, "-m", "nlmobility.cli", "digest")
RANK = {"not_started": 1, "in_progress": 2, "stuck": 3, "incomplete": 4, "finished": 5}


def _tables(path: pathlib.Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    con = db.connect(path)
    try:
        ms = con.execute(
            "SELECT m.milestone_id, c.plan_slot, m.seq, m.status, m.status_since, m.planned_end "
            "FROM milestone m JOIN commitment c USING (commitment_id)"
        ).df()
        hist = con.execute("SELECT milestone_id, changed_on, status FROM milestone_status_history").df()
    finally:
        con.close()
    for frame, col in ((ms, "planned_end"), (ms, "status_since"), (hist, "changed_on")):
        frame[col] = pd.to_datetime(frame[col]).dt.date
    return ms, hist


def _expected(ms: pd.DataFrame, hist: pd.DataFrame, as_of: dt.date, since: dt.date, nxt: dt.date) -> dict[str, set]:
    """What the forum should hear, read straight from the tables with pandas (no SQL of the app)."""
    upto = hist[hist["changed_on"] <= as_of].assign(rank=lambda h: h["status"].map(RANK))
    last = upto.sort_values(["changed_on", "rank"]).groupby("milestone_id").tail(1).set_index("milestone_id")["status"]
    status = {}
    for _, m in ms.iterrows():
        if m["milestone_id"] in last.index:
            status[m["milestone_id"]] = last[m["milestone_id"]]
        elif m["status_since"] is not None and not pd.isna(m["status_since"]) and m["status_since"] <= as_of:
            status[m["milestone_id"]] = m["status"]
        else:
            status[m["milestone_id"]] = "unknown"
    key = {r["milestone_id"]: (r["plan_slot"], int(r["seq"])) for _, r in ms.iterrows()}
    open_ = {mid for mid, s in status.items() if s not in ("finished", "unknown")}
    end = dict(zip(ms["milestone_id"], ms["planned_end"], strict=True))
    changed = hist[(hist["changed_on"] >= since) & (hist["changed_on"] <= as_of)]
    return {
        "overdue": {key[m] for m in open_ if end[m] < as_of},
        "stuck": {key[m] for m, s in status.items() if s == "stuck"},
        "due": {key[m] for m in open_ if as_of <= end[m] <= nxt},
        "changed": {(key[m], d) for m, d in zip(changed["milestone_id"], changed["changed_on"], strict=True)},
    }


@pytest.mark.parametrize(
    ("as_of", "since", "nxt"),
    [
        (dt.date(2024, 3, 1), dt.date(2024, 2, 9), dt.date(2024, 4, 9)),
        (dt.date(2023, 10, 15), dt.date(2023, 8, 9), dt.date(2023, 12, 9)),
        (dt.date(2026, 11, 26), dt.date(2026, 10, 9), dt.date(2026, 12, 9)),
    ],
)
def test_digest_lists_exactly_what_an_independent_reading_finds(
    fixture_db: pathlib.Path, as_of: dt.date, since: dt.date, nxt: dt.date
) -> None:
    ms, hist = _tables(fixture_db)
    want = _expected(ms, hist, as_of, since, nxt)
    con = db.connect(fixture_db)
    try:
        d = digest.build(con, as_of=as_of, since=since, next_meeting=nxt)
    finally:
        con.close()
    assert {(i.commitment, i.seq) for i in d.overdue} == want["overdue"]
    assert len(d.overdue) == len(want["overdue"])
    assert {(i.commitment, i.seq) for i in d.stuck} == want["stuck"]
    assert {(i.commitment, i.seq) for i in d.due} == want["due"]
    got_changed = {
        ((i.commitment, i.seq), dt.date.fromisoformat(i.what.rsplit("(", 1)[1].rstrip(")"))) for i in d.changed
    }
    assert got_changed == want["changed"] and len(d.changed) == len(want["changed"])
    # the summary adds up to the lists
    assert sum(r["overdue"] for r in d.summary) == len(d.overdue)
    assert sum(r["stuck"] for r in d.summary) == len(d.stuck)
    assert not d.scheduled  # dates given: no "estimated calendar" note


def test_the_fixture_exercises_every_list(fixture_db: pathlib.Path) -> None:
    """The first fixed date is a real test: something changed, is overdue, stuck and due."""
    con = db.connect(fixture_db)
    try:
        d = digest.build(con, as_of=dt.date(2024, 3, 1), since=dt.date(2024, 2, 9), next_meeting=dt.date(2024, 4, 9))
    finally:
        con.close()
    assert d.changed and d.overdue and d.stuck and d.due
    assert all(i.responsible for i in (*d.changed, *d.overdue, *d.stuck, *d.due))
    assert all(i.note for i in d.stuck)  # why it is stuck (or "motivo no registrado")


def test_default_dates_follow_the_bimonthly_forum_and_say_so(fixture_db: pathlib.Path) -> None:
    assert digest.forum_dates(dt.date(2022, 8, 9)) == (dt.date(2022, 8, 9), dt.date(2022, 10, 9))
    assert digest.forum_dates(dt.date(2024, 3, 1)) == (dt.date(2024, 2, 9), dt.date(2024, 4, 9))
    assert digest.forum_dates(dt.date(2026, 12, 31)) == (dt.date(2026, 12, 9), dt.date(2027, 2, 9))
    con = db.connect(fixture_db)
    try:
        d = digest.build(con, as_of=dt.date(2024, 3, 1))
    finally:
        con.close()
    assert d.scheduled and (d.since, d.next_meeting) == (dt.date(2024, 2, 9), dt.date(2024, 4, 9))
    assert "cada dos meses" in digest_render.to_markdown(d)


def test_unlisted_commitments_are_named_not_counted_as_zero(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        d = digest.build(con, as_of=dt.date(2024, 3, 1), lang="en")
    finally:
        con.close()
    assert [r["commitment"].split(" · ")[0] for r in d.summary] == ["T1", "T2", "S1"]
    assert [u.split(" ")[0] for u in d.unlisted] == ["S2", "M1", "M2", "M3", "M4"]
    assert "No published milestone list (progress unknown, not zero)" in digest_render.to_markdown(d)


def test_one_commitment_and_bad_choices(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        d = digest.build(con, as_of=dt.date(2024, 3, 1), commitments=["MXMTY0005"])
        assert {i.commitment for i in (*d.overdue, *d.stuck, *d.changed, *d.due)} <= {"T1"}
        assert len(d.summary) == 1 and not d.unlisted
        with pytest.raises(ValueError, match="unknown commitment"):
            digest.build(con, commitments=["XX"])
        with pytest.raises(ValueError, match="after"):
            digest.build(con, as_of=dt.date(2024, 1, 1), since=dt.date(2024, 2, 1))
        with pytest.raises(ValueError, match="language"):
            digest.build(con, lang="fr")
    finally:
        con.close()


@pytest.fixture()
def hostile_db(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
    """The fixture with imported text that would be markup if it were not escaped."""
    path = tmp_path / "hostile.duckdb"
    shutil.copy(fixture_db, path)
    con = db.connect(path, read_only=False)
    try:
        con.execute(
            "UPDATE milestone SET stuck_reason = '<script>alert(1)</script> **negrita** [x](javascript:alert(1))', "
            "responsible = '<b>Dependencia</b>', evidence_url = 'javascript:alert(1)' WHERE status = 'stuck'"
        )
    finally:
        con.close()
    return path


def test_every_format_renders_imported_text_as_text(hostile_db: pathlib.Path) -> None:
    con = db.connect(hostile_db)
    try:
        d = digest.build(con)
    finally:
        con.close()
    assert d.stuck
    page = digest_render.to_html(d)
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>Dependencia" not in page
    assert 'href="javascript' not in page
    md = digest_render.to_markdown(d)
    assert "\\*\\*negrita\\*\\*" in md and "](javascript" not in md and "<script>" not in md
    pdf = digest_render.to_pdf(d)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "<script>alert(1)</script>" in text.replace("\n", "")  # printed as written


@pytest.mark.parametrize("lang", ["es", "en"])
def test_pdf_is_one_or_two_pages_even_when_lists_are_long(fixture_db: pathlib.Path, lang: str) -> None:
    con = db.connect(fixture_db)
    try:
        d = digest.build(con, as_of=dt.date(2030, 1, 1), since=dt.date(2022, 1, 1), lang=lang)
    finally:
        con.close()
    assert len(d.changed) > 60  # every change ever recorded: far more than two pages
    reader = pypdf.PdfReader(io.BytesIO(digest_render.to_pdf(d)))
    assert 1 <= len(reader.pages) <= digest.MAX_PAGES
    text = "".join(p.extract_text() for p in reader.pages)
    assert ("Resumen para el foro" if lang == "es" else "Digest for the") in text
    assert ("véalos en la página Avance" if lang == "es" else "see them on the Commitment progress page") in text
    headings = [h for _, h in digest_render._columns(d)]
    broken = [w for h in headings for w in h.split() if not re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    assert broken == [], "the summary's headings break inside these words"


def test_cli_writes_each_format(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    for fmt in ("pdf", "md", "html"):
        out = tmp_path / f"d.{fmt}"
        r = subprocess.run(
            [
                *CLI,
                "--db",
                str(fixture_db),
                "--format",
                fmt,
                "--since",
                "2024-02-09",
                "--as-of",
                "2024-03-01",
                "--out",
                str(out),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert r.returncode == 0, r.stderr
        assert "overdue" in r.stderr and out.stat().st_size > 500
    assert (tmp_path / "d.pdf").read_bytes().startswith(b"%PDF")
    bad = subprocess.run(
        [*CLI, "--db", str(fixture_db), "--commitment", "NOPE"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "unknown commitment 'NOPE'" in bad.stderr


def test_avance_offers_the_digest(fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/avance.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.label for e in at.expander if e.label == "Resumen para el foro multiactor"]
    buttons = [b for b in at.get("download_button") if b.proto.label == "Descargar el resumen"]
    assert len(buttons) == 1
    at.radio(key="digest_format").set_value("md").run()
    assert not at.exception
    at.multiselect(key="digest_coms").set_value([]).run()
    assert any("Elija al menos un compromiso" in i.value for i in at.info)
