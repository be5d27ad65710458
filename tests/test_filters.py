"""Share-link parsing: plain, validated query parameters with fallbacks."""

from __future__ import annotations

from nlmobility import filters as flt
from nlmobility import textsafe

KW = {"municipalities": ["19039", "19019"], "corridors": ["CV-OCAMPO"], "years": (2019, 2025), "version": "v1"}


def test_valid_parameters_round_trip() -> None:
    f = flt.Filters(
        cvegeo="19039",
        corridor_id="CV-OCAMPO",
        year_from=2020,
        year_to=2024,
        severity="fatal",
        mode="cyclist",
        lang="en",
        buffer_m=100,
        version="v1",
    )
    params = f.to_params(flt.Filters(year_from=2019, year_to=2025))
    back, rejected = flt.from_params(params, **KW)
    assert rejected == []
    assert back == f


def test_defaults_produce_a_short_link() -> None:
    f = flt.Filters(year_from=2019, year_to=2025, version="v1")
    assert f.to_params(flt.Filters(year_from=2019, year_to=2025)) == {"v": "v1"}


def test_invalid_values_fall_back_and_are_reported() -> None:
    params = {
        "mun": "DROP TABLE",
        "cor": "../../etc",
        "periodo": ["abc", "2099"],
        "sev": "x",
        "modo": "car",
        "lang": "fr",
        "buf": "-5",
    }
    f, rejected = flt.from_params(params, **KW)
    assert f == flt.Filters(year_from=2019, year_to=2025, version="v1")
    assert set(rejected) == {"mun", "cor", "periodo", "sev", "modo", "lang", "buf"}


def test_reversed_period_is_rejected() -> None:
    f, rejected = flt.from_params({"periodo": ["2024", "2020"]}, **KW)
    assert (f.year_from, f.year_to) == (2019, 2025)
    assert rejected == ["periodo"]


def test_stale_version_is_reported_but_kept_current() -> None:
    f, rejected = flt.from_params({"v": "old"}, **KW)
    assert f.version == "v1" and rejected == ["v"]


def test_list_values_use_the_last_one() -> None:
    f, _ = flt.from_params({"mun": ["19019", "19039"]}, **KW)
    assert f.cvegeo == "19039"


def test_user_text_is_rendered_literally() -> None:
    s = textsafe.markdown_literal("<script>alert(1)</script> **bold** [x](javascript:alert(1))")
    assert "<script>" not in s and "**" not in s and "](" not in s
    assert "&lt;script&gt;" in s
