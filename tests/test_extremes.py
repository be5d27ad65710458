"""Nothing that passes validation can break a page, and imported text is always shown as text.

One database receives the most extreme *valid* values of every kind (longest texts full of
Markdown, HTML and LaTeX, the largest plausible numbers, the oldest and newest dates, unusual but
valid colours and addresses); then every page renders without an exception, and the hostile text
shows literally.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Polygon
from streamlit.testing.v1 import AppTest

from nlmobility import export, textsafe
from nlmobility.ingest import run_import
from nlmobility.ui import fmt

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")
TODAY = dt.date.today().isoformat()
#: Text a user might paste: Markdown, HTML, an outside image, LaTeX, a formula, quotes, emoji, Arabic.
HOSTILE = '**AVISO** [aquí](http://evil.example) ![x](http://evil.example/a.png) <b>x</b> $x^2$ =HYPERLINK("http://evil.example") O\'Brien «ñ» 🚲 مرحبا'


def _long(n: int) -> str:
    return (HOSTILE + " ") * (n // (len(HOSTILE) + 1)) + "x" * (n % (len(HOSTILE) + 1))


def _write_csv(path: pathlib.Path, rows: list[dict[str, object]]) -> pathlib.Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def extreme_db(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    tmp = tmp_path_factory.mktemp("extremes")
    path = tmp / "extreme.duckdb"
    shutil.copy(fixture_db, path)
    line = LineString([(-100.40, 25.60), (-100.20, 25.80)])
    files = [
        (
            "municipalities",
            gpd.GeoDataFrame(
                {"CVEGEO": ["19050"], "NOMGEO": [_long(200)], "POBTOT": [20_000_000]},
                geometry=[Polygon([(-100.9, 25.1), (-100.8, 25.1), (-100.8, 25.2)])],
                crs="EPSG:4326",
            ),
            "m.geojson",
        ),
        (
            "corridors",
            gpd.GeoDataFrame(
                {
                    "id": ["CV-EXTREMO"],
                    "nombre": [_long(200)],
                    "cvegeo": ["19039"],
                    "estado": ["finished"],
                    "inicio_obra": ["1990-01-01"],
                    "fin_obra": [TODAY],
                    "apertura": [TODAY],
                    "presupuesto": [1e11],
                    "descripcion": [_long(2000)],
                },
                geometry=[line],
                crs="EPSG:4326",
            ),
            "c.geojson",
        ),
        (
            "transit_lines",
            gpd.GeoDataFrame(
                {
                    "id": ["LX"],
                    "nombre": [_long(200)],
                    "modo": ["ecovia"],
                    "estado": ["en_construccion"],
                    "color": ["abc"],
                },
                geometry=[line],
                crs="EPSG:4326",
            ),
            "l.geojson",
        ),
    ]
    for kind, gdf, name in files:
        gdf.to_file(tmp / name, driver="GeoJSON")
        r = run_import(path, kind, tmp / name, mix_with_sample=True)
        assert r.ok, r.lines()
    csvs = [
        (
            "transit_stations",
            [{"id": "SX", "linea": "LX", "nombre": _long(200), "orden": 10_000, "lat": 25.7, "lon": -100.3}],
        ),
        (
            "participation_events",
            [
                {
                    "id": "EV-EXTREMO",
                    "fecha": TODAY,
                    "tipo": _long(100),
                    "titulo": _long(300),
                    "corredor": "CV-EXTREMO",
                    "cvegeo": "19039",
                    "lugar": _long(300),
                    "participantes": 100_000,
                    "mujeres": 100_000,
                    "hombres": 0,
                    "otro_genero": 0,
                    "ninos": 0,
                    "adolescentes": 0,
                    "adultos": 100_000,
                    "adultos_mayores": 0,
                    "discapacidad": 100_000,
                    "lat": 25.7,
                    "lon": -100.3,
                }
            ],
        ),
        (
            "participation_comments",
            [
                {
                    "id": "CM-EXTREMO",
                    "evento": "EV-EXTREMO",
                    "corredor": "CV-EXTREMO",
                    "cvegeo": "19039",
                    "fecha": TODAY,
                    "tema": _long(100),
                    "texto": _long(2000),
                    "respuesta": _long(2000),
                    "fecha_respuesta": TODAY,
                    "respondio": _long(200),
                }
            ],
        ),
        (
            "milestones",
            [
                {
                    "id": "MXMTY0005-H01",
                    "compromiso": "MXMTY0005",
                    "numero": 10_000,
                    "titulo": _long(300),
                    "title_en": _long(300),
                    "responsable": _long(300),
                    "inicio": "1990-01-01",
                    "fin": TODAY,
                    "inicio_real": "1990-01-01",
                    "fin_real": TODAY,
                    "estado": "finished",
                    "desde": TODAY,
                    "motivo": _long(2000),
                    "evidencia": "https://example.org/" + "a" * 400,
                }
            ],
        ),
        (
            "crashes",
            [
                {
                    "fecha": TODAY,
                    "hora": "23:59:59",
                    "lat": 25.7,
                    "lon": -100.3,
                    "lesionados": 1_000,
                    "fallecidos": 200,
                    "tipo_accidente": _long(200),
                    "causa_accidente": _long(200),
                },
                {
                    "fecha": "1990-01-01",
                    "hora": "0.0",
                    "lat": 25.7,
                    "lon": -100.3,
                    "lesionados": 0,
                    "fallecidos": 0,
                    "tipo_accidente": "atropello",
                    "causa_accidente": "",
                },
            ],
        ),
    ]
    for kind, rows in csvs:
        r = run_import(path, kind, _write_csv(tmp / f"{kind}.csv", rows), mix_with_sample=True)
        assert r.ok, r.lines()
    return path


PAGES = [
    ("app_pages/inicio.py", {}),
    ("app_pages/mapa.py", {"cor": "CV-EXTREMO"}),
    ("app_pages/seguridad.py", {}),
    ("app_pages/participacion.py", {"periodo": ["1990", dt.date.today().strftime("%Y")]}),
    ("app_pages/avance.py", {}),
    ("app_pages/datos.py", {}),
    ("app_pages/metodologia.py", {}),
    ("app_pages/taller.py", {"cor": "CV-EXTREMO", "escena": "5"}),
    ("app_pages/taller.py", {"cor": "CV-EXTREMO", "escena": "3"}),
]


@pytest.mark.parametrize(
    ("page", "params"),
    PAGES,
    ids=[f"{p.split('/')[-1]}-{'-'.join(v if isinstance(v, str) else v[0] for v in q.values())}" for p, q in PAGES],
)
def test_every_page_renders_the_most_extreme_valid_data(
    extreme_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch, page: str, params: dict[str, str | list[str]]
) -> None:
    monkeypatch.setenv("NLMOBILITY_DB", str(extreme_db))
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page != "app_pages/inicio.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(
        str(getattr(e, "value", ""))
        for kind in ("markdown", "caption", "header", "warning", "info", "success", "error")
        for e in at.get(kind)
    )
    assert "](http://evil.example" not in shown.replace("\\](", "").replace("\\]\\(", ""), (
        "a link from imported text became Markdown"
    )


def test_card_description_and_comments_show_the_text_literally(
    extreme_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NLMOBILITY_DB", str(extreme_db))
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["cor"] = "CV-EXTREMO"
    at.run()
    at.switch_page("app_pages/mapa.py").run()
    descriptions = [m.value for m in at.markdown if "AVISO" in m.value]
    assert descriptions, "the corridor description is shown"
    assert all(m.startswith(textsafe.markdown_literal(HOSTILE)[:40]) for m in descriptions if "evil" in m)
    assert all("&#x27;" not in m and "O'Brien" in m for m in descriptions), "apostrophes are apostrophes"


def test_share_link_version_is_shown_as_text(fixture_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NLMOBILITY_DB", str(fixture_db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["v"] = "x` **AVISO: datos falsos** [aquí](http://evil.example) `"
    at.run()
    notices = [w.value for w in at.warning if "versión de datos" in w.value]
    assert len(notices) == 1
    assert "\\*\\*AVISO" in notices[0] and "\\[aquí\\]\\(http" in notices[0], notices[0]


def test_formulas_are_neutralised_in_downloads_and_tables() -> None:
    df = pd.DataFrame(
        {
            "text": ['=HYPERLINK("http://evil.example","x")', "+1", "-2 personas", "@SUM(A1)", "normal"],
            "n": [1, -2, 3, 4, 5],
        }
    )
    csv = export.to_bytes(df, "csv").decode()
    lines = csv.splitlines()
    assert lines[1].startswith("\"'=HYPERLINK") and lines[2].startswith("'+1") and lines[3].startswith("'-2 personas")
    assert lines[4].startswith("'@SUM") and lines[5].startswith("normal")
    assert lines[2].endswith(",-2"), "numbers stay numbers"
    shown = fmt.for_display(df)  # as stored, no apostrophe; an invisible word joiner keeps the toolbar's CSV safe
    wj = textsafe.WJ
    assert shown["text"].tolist()[:4] == [
        wj + '=HYPERLINK("http://evil.example","x")',
        "+1",
        wj + "-2 personas",
        wj + "@SUM(A1)",
    ]
    assert fmt.for_display(pd.DataFrame({"c": ["-42 %", "x"]}))["c"].tolist() == ["-42 %", "x"], (
        "signed figures on screen stay figures"
    )
    ranges = ["-57 % a -20 %", "-51 % (-73 % a -29 %)", "-38 % (-62 % a +2 %)", "-1+1", "-2 a cmd|' /C calc'!A0"]
    assert fmt.for_display(pd.DataFrame({"c": ranges}))["c"].tolist() == [*ranges[:3], wj + "-1+1", wj + ranges[4]], (
        "a figure with its interval stays a figure; anything else starting with a sign is neutralised"
    )


def test_seguridad_says_how_many_crashes_have_unknown_severity(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "unknown.duckdb"
    shutil.copy(fixture_db, path)
    rows = [{"fecha": f"2024-03-{d:02d}", "lat": 25.68, "lon": -100.31, "tipo_accidente": "Alcance"} for d in (1, 2, 3)]
    assert run_import(path, "crashes", _write_csv(tmp_path / "sin_gravedad.csv", rows), mix_with_sample=True).ok
    monkeypatch.setenv("NLMOBILITY_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("app_pages/seguridad.py").run()
    assert not at.exception
    notes = [w.value for w in at.warning if "sin dato" in w.value]
    assert len(notes) == 1 and notes[0].startswith("3 siniestros") and "Con víctimas" in notes[0]
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["sev"] = "all"
    at.run()
    at.switch_page("app_pages/seguridad.py").run()
    assert not [w for w in at.warning if "sin dato" in w.value], "with every severity, nothing is left out"
