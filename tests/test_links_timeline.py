"""Public addresses for links and QR codes; a corridor's own steps."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from nlmobility import links, timeline


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:8501/taller", True),
        ("http://127.0.0.1:8501/", True),
        ("http://127.8.9.1/", True),
        ("http://[::1]:8501/", True),
        ("http://0.0.0.0:8501/", True),
        ("http://app.localhost/", True),
        ("/taller?escena=1", True),
        ("http://192.168.1.20:8501/taller", False),
        ("https://corredores.example.org/mapa?cor=CV-OCAMPO", False),
    ],
)
def test_local_addresses_are_recognised(url: str, local: bool) -> None:
    assert links.is_local(url) is local


def test_page_url_uses_the_public_address_and_only_the_host_of_the_seen_one() -> None:
    seen = "http://localhost:8501/taller?escena=3"
    assert links.page_url(seen, "taller", "escena=2", env={}) == "http://localhost:8501/taller?escena=2"
    env = {links.ENV_PUBLIC_URL: " https://corredores.example.org/nl/ "}
    assert links.page_url(seen, "mapa", "cor=X", env=env) == "https://corredores.example.org/nl/mapa?cor=X"
    assert links.page_url(seen, "", "", env=env) == "https://corredores.example.org/nl/"


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "corredores.org", "ftp://x.org", "https://x.org/?a=1", "http://"]
)
def test_a_malformed_public_address_is_refused_naming_the_variable(bad: str) -> None:
    with pytest.raises(links.PublicUrlError, match=links.ENV_PUBLIC_URL):
        links.configured_base({links.ENV_PUBLIC_URL: bad})


def _steps(status: str, **dates: str | None) -> pd.DataFrame:
    cor = {"status": status, "works_start": None, "works_end": None, "opening_date": None, **dates}
    events = pd.DataFrame({"event_date": [pd.Timestamp("2024-03-01")], "title": ["Taller"], "participants_total": [20]})
    contracts = pd.DataFrame(
        {"signed_on": [pd.Timestamp("2024-06-01"), pd.NaT], "supplier": ["A", "B"], "concept": ["obra", "supervisión"]}
    )
    return timeline.corridor_steps(cor, events=events, contracts=contracts, today=dt.date(2025, 1, 1))


def test_steps_of_works_under_way_with_a_planned_end_in_the_future() -> None:
    s = _steps("in_works", works_start="2024-09-01", works_end="2025-06-30")
    assert s["step"].tolist() == ["workshop", "contract", "works_start", "works_end", "contract"]
    assert s["state"].tolist() == ["done", "done", "done", "planned", "unknown"]


def test_a_planned_end_that_passed_while_works_go_on_is_overdue_and_a_missing_one_unknown() -> None:
    s = _steps("in_works", works_start="2024-09-01", works_end="2024-12-01")
    assert s.loc[s["step"] == "works_end", "state"].tolist() == ["overdue"]
    s = _steps("in_works", works_start="2024-09-01")
    assert s.loc[s["step"] == "works_end", "state"].tolist() == ["unknown"]


def test_a_finished_corridor_has_its_works_and_opening_done_and_a_planned_one_no_works_end() -> None:
    s = _steps("finished", works_start="2023-01-01", works_end="2023-10-01", opening_date="2023-11-01")
    assert s.loc[s["step"].isin(["works_start", "works_end", "opening"]), "state"].tolist() == ["done"] * 3
    assert "works_end" not in _steps("planned")["step"].tolist()


def test_rebase_keeps_the_page_path_and_moves_it_to_the_public_address() -> None:
    seen = "http://localhost:8501/mapa?cor=X"
    assert links.rebase(seen, env={}) == "http://localhost:8501/mapa"
    assert links.rebase(seen, env={links.ENV_PUBLIC_URL: "https://example.org/nl"}) == "https://example.org/nl/mapa"
    assert links.rebase(seen, env={links.ENV_PUBLIC_URL: "nonsense"}) == "http://localhost:8501/mapa"
