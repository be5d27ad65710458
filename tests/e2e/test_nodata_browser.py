"""No data is not zero, read in the browser (issue 22, item 4): an ``init`` database with only crash files.

Inicio, Seguridad vial and Avance on ``real_server`` (init, real boundaries, Apodaca's crashes to
2023-03-31; no corridors, participation or milestone statuses): where there is no data the page
says "Sin dato" and which import fills it, never a 0.
"""

from __future__ import annotations

import re

from tests.e2e.conftest import Tab


def _metrics(tab: Tab, wait_for: str) -> dict[str, tuple[str, str]]:
    """Every metric on the page once the one labelled ``wait_for`` is drawn: label -> (value, the line under it)."""
    tab.page.locator('[data-testid="stMetricLabel"]', has_text=wait_for).first.wait_for(timeout=60_000)
    out = {}
    for m in tab.page.locator('[data-testid="stMetric"]').all():
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        value = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
        delta = m.locator('[data-testid="stMetricDelta"]')
        out[label] = (value, delta.inner_text().strip() if delta.count() else "")
    return out


def test_inicio_says_no_data_instead_of_zero(real_tab: Tab) -> None:
    real_tab.open("")
    metrics = _metrics(real_tab, "Hitos finalizados")
    victims = next(v for k, v in metrics.items() if k.startswith("Siniestros con víctimas"))
    label = next(k for k in metrics if k.startswith("Siniestros con víctimas"))
    assert label.endswith("2023"), "the year of the data's end (2023-03-31), not this year"
    assert victims == ("Sin dato", "falta importar corredores")
    assert metrics["Km terminados"][0] == "Sin dato"
    assert metrics["Corredores"][0] == "Sin dato"
    assert metrics["Personas participantes"] == ("Sin dato", "falta importar participación")
    assert metrics["Hitos finalizados (Corredores Verdes)"][0] == "Sin dato"
    assert not any(re.fullmatch(r"[+-]?0(\.0)?( km)?", v) for v, _ in metrics.values()), metrics
    assert not any(re.search(r"\+0 frente", d) for _, d in metrics.values()), metrics
    assert real_tab.page.get_by_text("Datos al 2023-03-31").first.is_visible()


def test_seguridad_municipal_comparison_without_population_has_no_zero_axis(real_tab: Tab) -> None:
    real_tab.open("seguridad")  # «Con víctimas» over records that never say it: no data, not 0
    no_window = real_tab.page.get_by_text("sin dato: ninguna ventana posterior completa")
    no_window.first.wait_for(state="attached", timeout=30_000)  # the CMF grid (canvas): its cells are hidden text
    assert no_window.count() == 2
    assert real_tab.page.get_by_text(re.compile(r"«Con víctimas» no tiene datos aquí \(no es 0\)")).count() >= 3
    real_tab.open("seguridad?sev=all")
    page = real_tab.page
    section = page.locator('[data-testid="stHeading"]', has_text="Comparación municipal")
    section.scroll_into_view_if_needed()
    # init gives the metro municipalities their census population: Apodaca has a rate, the rest no records
    assert page.get_by_text("Población: INEGI, Censo de Población y Vivienda 2020").first.is_visible()
    assert page.get_by_text(
        re.compile(r"Sin registros de siniestros que los cubran, sin tasa \(no 0\): .*Monterrey")
    ).count()
    assert page.get_by_text("0.000000").count() == 0
    assert page.get_by_text("No hay 3 años completos de registros para esta zona").first.is_visible()


def test_avance_says_statuses_have_no_data(real_tab: Tab) -> None:
    real_tab.open("avance")
    metrics = _metrics(real_tab, "Atorados")
    assert "Vencidos" in metrics, metrics
    assert metrics["Vencidos"] == ("Sin dato", "estados sin dato: falta importarlos")
    assert metrics["Atorados"][0] == "Sin dato"
    assert real_tab.page.get_by_text(
        "Sin dato: ningún hito de este compromiso tiene estado registrado"
    ).first.is_visible()
