"""Words and numbers: plurals, whole metres, no stray Markdown escapes in table cells."""

from __future__ import annotations

import pandas as pd
import pytest

from nlmobility.ui import fmt, streamlit_words
from nlmobility.ui.i18n import TEXT, t


def test_one_takes_the_singular_and_other_counts_the_plural() -> None:
    assert t("report_inserted", n=1) == "Se cargó 1 fila nueva."
    assert t("report_inserted", n=2) == "Se cargaron 2 filas nuevas."
    assert t("filtered_rows", n="1") == "1 fila con los filtros activos"
    assert t("filtered_rows", n="1,234") == "1,234 filas con los filtros activos"
    assert all(k.removesuffix("_one") in TEXT for k in TEXT if k.endswith("_one"))


def test_lengths_in_tables_are_whole_metres() -> None:
    shown = fmt.for_display(pd.DataFrame({"length_m": [1906.9225], "lat": [25.6712345]}))
    assert shown.iloc[0, 0] == 1907.0 and shown.iloc[0, 1] == 25.6712345


def test_the_interface_dictionary_is_fixed_text_with_spanish_values() -> None:
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in streamlit_words.SPANISH.items())
    assert streamlit_words.SPANISH["Choose an option"] == "Elija una opción"
    assert not any("<" in v or ">" in v for v in streamlit_words.SPANISH.values()), (
        "no markup goes into the page script"
    )


def test_every_indicator_has_its_unit_and_formula_in_english() -> None:
    from nlmobility import indicators

    assert set(indicators.ENGLISH) == set(indicators.BY_KEY)
    for ind in indicators.REGISTRY:
        unit, formula = ind.unit_in("en"), ind.formula_in("en")
        assert unit and formula
        assert not any(w in formula.split() for w in ("de", "por", "con", "hoy", "años", "siniestros"))


def test_signed_figures_use_a_true_minus_sign_and_zero_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlmobility.ui import i18n

    assert [fmt.signed_pct(v) for v in (-0.4234, 0.05, 0.0, -0.004, 0.004, None)] == [
        "\u221242 %",
        "+5 %",
        "0 %",
        "0 %",
        "0 %",
        "—",
    ]
    monkeypatch.setattr(i18n, "lang", lambda: "es")
    assert fmt.pct_range(-0.65, 0.0) == "\u221265 % a 0 %"
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert fmt.pct_range(-0.65, 0.02) == "\u221265 % to +2 %"
