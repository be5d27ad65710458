"""Words and numbers: plurals, whole metres, no stray Markdown escapes in table cells."""

from __future__ import annotations

import pandas as pd
import pytest

from nlmobility.text import TEXT
from nlmobility.ui import fmt, streamlit_words
from nlmobility.ui.i18n import t


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


def test_every_kind_of_number_is_written_one_way() -> None:
    """The one formatter: amounts, lengths, counts, decimals, missing values, dates and intervals."""
    assert fmt.value_text(11_520_000, "money") == "$11.5 M MXN"
    assert fmt.value_text(1906.9, "length") == "1.9 km" and fmt.value_text(850.2, "length") == "850 m"
    assert fmt.value_text(2268, "count") == "2,268" and fmt.value_text(463087.0, "count") == "463,087"
    assert fmt.value_text(11.54, "decimal") == "11.5" and fmt.value_text(0.456, "decimal") == "0.46"
    assert fmt.value_text(None, "money") == fmt.MISSING and fmt.value_text(float("nan"), "count") == fmt.MISSING
    assert fmt.cell_text(2025) == "2025" and fmt.cell_text(2025.0) == "2025" and fmt.cell_text("2268") == "2268"
    assert fmt.value_text(2025, fmt.column_kind("year", pd.Series([2025]))) == "2025", "a year in a phone card"
    assert fmt.cell_text(pd.Timestamp("2024-01-15").date()) == "2024-01-15"
    assert fmt.pct_range(-0.654, 0.001) == "−65 % a 0 %"


def test_a_column_s_kind_comes_from_its_name_and_type() -> None:
    kinds = {
        name: fmt.column_kind(name, pd.Series(values))
        for name, values in {
            "amount_mxn": [11_520_000],
            "length_m": [1906.9],
            "crashes": [2268, 463087],
            "rate": [1.5],
            "year": [2025],
            "corridor_id": [3],
            "name": ["Ocampo"],
            "finished": [True],
        }.items()
    }
    assert kinds == {
        "amount_mxn": "money",
        "length_m": "length",
        "crashes": "count",
        "rate": "decimal",
        "year": None,
        "corridor_id": None,
        "name": None,
        "finished": None,
    }
    money, fmt_money = fmt.number_format("money", pd.Series([11_520_000]))  # type: ignore[misc]
    assert money.tolist() == [11.52] and fmt_money == "$%.1f M MXN"
    km, fmt_km = fmt.number_format("length", pd.Series([850.0, 1906.9]))  # type: ignore[misc]
    assert fmt_km == "%.1f km" and km.tolist() == [0.85, 1.9069]
    assert fmt.number_format("length", pd.Series([120.0, 850.0])) is not None
    assert fmt.number_format("count", pd.Series([5]))[1] == "localized"  # type: ignore[index]
    assert fmt.number_format(None, pd.Series([2025])) is None


def test_a_table_with_gaps_writes_its_numbers_like_the_rest() -> None:
    shown = fmt.for_display(pd.DataFrame({"amount_mxn": [11_520_000.0, None], "crashes": [2268.0, None]}))
    assert shown.iloc[:, 0].tolist() == ["$11.5 M MXN", fmt.MISSING]
    assert shown.iloc[:, 1].tolist() == ["2,268", fmt.MISSING]
