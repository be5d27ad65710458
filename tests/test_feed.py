"""The Atom feed of changes: written at build and after every import, parsed by a feed reader."""

from __future__ import annotations

import pathlib
import shutil

import feedparser
import pytest

from nlmobility import feed
from nlmobility.ingest import run_import


def test_the_built_database_has_a_feed_that_parses_as_atom(fixture_db: pathlib.Path) -> None:
    parsed = feedparser.parse(feed.path_for(fixture_db).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    titles = [e.title for e in parsed.entries]
    assert any(t.startswith("Hito ") for t in titles) and any("abre al público" in t for t in titles)
    assert any(t.startswith("Nueva versión de datos") for t in titles)
    assert "muestra" in parsed.feed.title
    stamps = [e.updated for e in parsed.entries]
    assert stamps == sorted(stamps, reverse=True), "newest first"


def test_an_import_adds_an_entry_for_the_new_version(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    db_path = tmp_path / "feed.duckdb"
    shutil.copy(fixture_db, db_path)
    shutil.copy(feed.path_for(fixture_db), feed.path_for(db_path))
    before = feedparser.parse(feed.path_for(db_path).read_bytes()).entries
    events = tmp_path / "talleres.csv"
    events.write_text(
        "id,fecha,tipo,cvegeo,participantes,mujeres,hombres\nE-FEED-1,2025-06-01,taller,19039,12,7,5\n",
        encoding="utf-8",
    )
    report = run_import(db_path, "participation_events", events, mix_with_sample=True)
    assert report.ok, report.lines()
    after = feedparser.parse(feed.path_for(db_path).read_bytes()).entries
    assert len(after) == len(before) + 1
    assert after[0].title == f"Nueva versión de datos: {report.dataset_version}"
    assert "talleres.csv" in after[0].summary


def test_a_dry_run_leaves_the_feed_alone(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    db_path = tmp_path / "dry.duckdb"
    shutil.copy(fixture_db, db_path)
    shutil.copy(feed.path_for(fixture_db), feed.path_for(db_path))
    body = feed.path_for(db_path).read_bytes()
    events = tmp_path / "t.csv"
    events.write_text("id,fecha,tipo,cvegeo,participantes\nE-DRY,2025-06-01,taller,19039,3\n", encoding="utf-8")
    assert run_import(db_path, "participation_events", events, dry_run=True, mix_with_sample=True).ok
    assert feed.path_for(db_path).read_bytes() == body


def test_the_app_publishes_the_writers_feed_once_per_version(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ui.feedlink copies the feed the writers keep to static/feed.xml; it writes one only where none exists."""
    import shutil

    from nlmobility import feed
    from nlmobility.ui import feedlink

    work = tmp_path / "db.duckdb"
    shutil.copy(fixture_db, work)
    monkeypatch.setenv("NLMOBILITY_DB", str(work))
    monkeypatch.setattr(feedlink, "STATIC", tmp_path / "static-feed.xml")
    monkeypatch.setattr(feedlink, "_SERVED", {})
    assert not feed.path_for(work).exists()
    feedlink.publish("v1")  # none yet (a database made before feeds): written once, then served
    assert feed.path_for(work).read_bytes() == (tmp_path / "static-feed.xml").read_bytes()
    feed.path_for(work).write_bytes(b"<changed/>")
    feedlink.publish("v1")  # the same version: nothing to do
    assert (tmp_path / "static-feed.xml").read_bytes() != b"<changed/>"
    feedlink.publish("v2")  # a new version: the writers' feed as it is now
    assert (tmp_path / "static-feed.xml").read_bytes() == b"<changed/>"
