"""What keeps one app process fast under many visitors: kept query results, page-run turns, the formula check.

The speed itself is measured by ``benchmarks/load.py``; these tests hold the behaviour the speed
must not change.
"""

from __future__ import annotations

import pathlib
import threading
import time
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from nlmobility import export, queries
from nlmobility.ui import data, frame


@pytest.fixture
def fake_query(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[], Any]], str]:
    """Register a stand-in query on ``queries`` (its cursor ignored); returns its name for ``data._cached``."""
    data._cached.clear()  # type: ignore[attr-defined]
    made = [0]

    def register(body: Callable[[], Any]) -> str:
        made[0] += 1
        name = f"_test_query_{made[0]}"
        monkeypatch.setattr(queries, name, lambda cur: body(), raising=False)  # noqa: ARG005 - a query's signature
        return name

    return register


def _ask(name: str) -> Any:
    return data._cached("test.duckdb", "v1", name, (), ())


def test_kept_results_are_frames_a_page_may_change_without_changing_the_cache(fake_query: Callable[..., str]) -> None:
    calls: list[int] = []

    def compute() -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"name": pd.array(["a", "b"], dtype="string"), "n": [1, 2]})

    name = fake_query(compute)
    first = _ask(name)
    first["n"] = [100, 200]  # a page adding or changing columns on its copy
    first.loc[0, "name"] = "changed"
    first["extra"] = 1
    second = _ask(name)
    assert len(calls) == 1
    assert second["n"].tolist() == [1, 2] and second["name"].tolist() == ["a", "b"]
    assert list(second.columns) == ["name", "n"]


def test_kept_dicts_are_deep_copies_and_tuples_of_frames_are_kept_apart(fake_query: Callable[..., str]) -> None:
    d_name = fake_query(lambda: {"rows": [1, 2]})
    d = _ask(d_name)
    d["rows"].append(3)
    assert _ask(d_name) == {"rows": [1, 2]}
    t_name = fake_query(lambda: (pd.DataFrame({"x": [1]}), 5))
    frame_out, n = _ask(t_name)
    frame_out["x"] = [9]
    assert _ask(t_name)[0]["x"].tolist() == [1] and n == 5


def test_a_new_key_is_computed_once_when_many_ask_at_once(fake_query: Callable[..., str]) -> None:
    calls: list[int] = []
    start = threading.Barrier(12)

    def compute() -> int:
        calls.append(1)
        time.sleep(0.2)  # a slow query: the others wait for it instead of running it again
        return 42

    name = fake_query(compute)
    results: list[int] = []

    def ask() -> None:
        start.wait()
        results.append(_ask(name))

    threads = [threading.Thread(target=ask) for _ in range(12)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == [42] * 12 and len(calls) == 1


def test_a_failure_is_not_kept(fake_query: Callable[..., str]) -> None:
    outcomes: list[Callable[[], int]] = []

    def fail() -> int:
        raise RuntimeError("database busy")

    def latest() -> int:  # the outcome of the newest attempt
        return outcomes[-1]()

    outcomes.append(fail)
    name = fake_query(latest)
    with pytest.raises(RuntimeError):
        _ask(name)
    outcomes.append(lambda: 7)
    assert _ask(name) == 7


def test_cached_queries_hand_out_copies_and_take_list_arguments(
    fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    data._cached.clear()  # type: ignore[attr-defined]
    first = data.corridors()
    first["name"] = "x"
    assert (data.corridors()["name"] != "x").all()
    places = data._cached(
        str(fixture_db), "v", "crash_hin_places", ([],), (("cvegeo", None), ("mode", "all"), ("cell_m", 100.0))
    )
    assert isinstance(places, pd.DataFrame)


def test_page_runs_take_turns_and_a_long_run_holds_nobody_up_beyond_the_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frame, "_TURNS", threading.BoundedSemaphore(2))
    monkeypatch.setattr(frame, "PAGE_WAIT", 0.3)
    inside, most = [0], [0]
    lock = threading.Lock()

    def page() -> None:
        with frame.turn():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.05)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=page) for _ in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert most[0] == 2, "never more than two page runs at once"

    with frame.turn() as a, frame.turn() as b:  # two long runs (an import) hold both turns
        t0 = time.perf_counter()
        with frame.turn() as c:
            waited = time.perf_counter() - t0
    assert a and b and not c and 0.25 <= waited < 2, "the third ran after the bounded wait, without a turn"
    with frame.turn() as d:
        assert d, "turns are given back, also by a run that went ahead without one"


def test_turns_are_given_back_when_a_page_stops_or_reruns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frame, "_TURNS", threading.BoundedSemaphore(1))
    monkeypatch.setattr(frame, "PAGE_WAIT", 0.2)
    for _ in range(3):
        with pytest.raises(RuntimeError), frame.turn():
            raise RuntimeError("st.stop / st.rerun end a run with an exception")
    with frame.turn() as got:
        assert got


_FORMULA = export._FORMULA_START


def _naive(values: list[str | None], safe_signed: bool) -> list[str | None]:
    """The rule written out cell by cell: text starting like a formula gets an apostrophe."""
    out: list[str | None] = []
    for v in values:
        if v is not None and v.startswith(_FORMULA) and not (safe_signed and export.re.match(export._SIGNED_NUMBER, v)):
            out.append("'" + v)
        else:
            out.append(v)
    return out


@settings(max_examples=150, deadline=None)
@given(
    hs.lists(
        hs.one_of(hs.none(), hs.text(alphabet=hs.sampled_from("=+-@\t\r 0123456789%a.,()–"), max_size=8)), max_size=12
    ),
    hs.booleans(),
    hs.booleans(),
)
def test_formula_check_is_the_same_for_arrow_and_object_text(values: list[str | None], arrow: bool, safe: bool) -> None:
    col = pd.array(values, dtype="string") if arrow else pd.Series(values, dtype=object)
    got = export.neutralise_formulas(pd.DataFrame({"c": col}), signed_numbers_are_safe=safe)["c"]
    assert [None if pd.isna(v) else v for v in got] == _naive(values, safe)


@pytest.mark.parametrize(("raw", "expected"), [("abc", 2), ("", 2), ("2.5", 2), ("0", 2), ("-3", 2), (" 4 ", 4)])
def test_turn_settings_from_the_environment_fall_back_to_the_default_on_bad_values(
    raw: str, expected: int, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("NLMOBILITY_PAGE_RUNS", raw)
    from nlmobility import settings

    assert settings.whole("NLMOBILITY_PAGE_RUNS") == expected
    if expected == 2 and raw.strip():
        assert "not a positive whole number" in caplog.text
