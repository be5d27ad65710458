"""The server runs with production settings; hot reload is for `make dev` only."""

from __future__ import annotations

import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_production_server_settings() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none", "no source watcher in production"
    assert config["runner"]["postScriptGC"] is False, "no full garbage collection after every run"
    assert config["server"]["enableStaticServing"] is True, "the offline map style is served locally"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    dev = next(line for line in makefile.splitlines() if "--server.fileWatcherType auto" in line)
    assert "--server.runOnSave true" in dev, "make dev brings hot reload back"
