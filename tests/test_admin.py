"""Administración: login gate, lockout, session expiry, workshop form, comments rendered as text."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from nlmobility import auth, db
from nlmobility.ingest import run_import

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")
PASSWORD = "correcto-caballo-bateria"


@pytest.fixture()
def env(fixture_db: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    dbfile = tmp_path / "admin.duckdb"
    shutil.copy(fixture_db, dbfile)
    monkeypatch.setenv("NLMOBILITY_DB", str(dbfile))
    monkeypatch.setenv(auth.ENV_USERS, str(tmp_path / "users.json"))
    return dbfile


def open_admin() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/admin.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def login(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input(key="admin_login_user").set_value(user)
    at.text_input(key="admin_login_password").set_value(password)
    at.button(key="admin_login_button").click().run()
    return at


def test_no_default_account_exists(env: pathlib.Path) -> None:
    at = open_admin()
    assert any("nlmobility user add" in e.value for e in at.error)
    assert not at.tabs
    assert not auth.has_users()


def test_refuses_access_without_login(env: pathlib.Path) -> None:
    auth.add_user("oficial", PASSWORD)
    at = open_admin()
    assert at.text_input(key="admin_login_password") is not None
    assert not at.tabs
    login(at, "oficial", "incorrecta-incorrecta")
    assert any("incorrectos" in e.value for e in at.error)
    assert not at.tabs


def test_login_opens_the_tabs_and_the_workshop_form_records_attendance(env: pathlib.Path) -> None:
    auth.add_user("oficial", PASSWORD)
    at = login(open_admin(), "oficial", PASSWORD)
    assert not at.exception
    assert [t.label for t in at.tabs] == [
        "Cargar archivo",
        "Portal estatal",
        "Historial de cargas",
        "Calidad de los datos",
        "Registrar un taller",
    ]
    at.number_input(key="wf_women").set_value(7)
    at.number_input(key="wf_men").set_value(5)
    at.number_input(key="wf_adults").set_value(12)
    at.number_input(key="wf_disability").set_value(2)
    at.text_area(key="wf_comments").set_value("Más sombra\n<b>Cruces</b> seguros")
    at.checkbox(key="wf_mix").check().run()  # the test database is the sample: recording into it mixes
    at.button(key="wf_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    # DuckDB shares one instance per path inside a process: release the app's (pre-import) one.
    from nlmobility.ui import data

    data.database().close()
    con = db.connect(env)
    try:
        ev = con.execute(
            "SELECT participants_total, women, men, with_disability, source FROM participation_event WHERE event_id LIKE 'EV-F%'"
        ).fetchall()
        cm = con.execute(
            "SELECT text FROM participation_comment WHERE event_id LIKE 'EV-F%' ORDER BY comment_id"
        ).fetchall()
        who = con.execute("SELECT imported_by FROM import_log ORDER BY import_id DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()
    assert ev[0][:4] == (12, 7, 5, 2)
    assert [c[0] for c in cm] == ["Más sombra", "<b>Cruces</b> seguros"]
    assert who == "oficial"


def test_repeated_wrong_passwords_back_off_then_lock(tmp_path: pathlib.Path) -> None:
    users = tmp_path / "u.json"
    auth.add_user("ana", PASSWORD, path=users)
    now = 1_000_000.0
    outcomes = [auth.verify("ana", "mala-mala-mala", path=users, now=now + i * 100) for i in range(auth.LOCK_AFTER)]
    assert all(not o.ok for o in outcomes)
    assert outcomes[auth.BACKOFF_AFTER - 1].wait_seconds > 0
    assert outcomes[-1].locked
    # Locked: even the right password is refused until the lock ends.
    last = now + (auth.LOCK_AFTER - 1) * 100
    assert not auth.verify("ana", PASSWORD, path=users, now=last + 60).ok
    assert auth.verify("ana", PASSWORD, path=users, now=last + auth.LOCK_SECONDS + 1).ok


def test_unknown_and_existing_names_get_the_same_answers(tmp_path: pathlib.Path) -> None:
    users = tmp_path / "u.json"
    auth.add_user("ana", PASSWORD, path=users)
    now = 1_000_000.0
    known = [auth.verify("ana", "mala-mala-mala", path=users, now=now + i) for i in range(auth.LOCK_AFTER + 1)]
    unknown = [auth.verify("nadie", "mala-mala-mala", path=users, now=now + i) for i in range(auth.LOCK_AFTER + 1)]
    assert [(o.ok, round(o.wait_seconds), o.locked) for o in known] == [
        (o.ok, round(o.wait_seconds), o.locked) for o in unknown
    ]


def test_a_stranger_cannot_lock_the_administrator_out(tmp_path: pathlib.Path) -> None:
    users = tmp_path / "u.json"
    auth.add_user("ana", PASSWORD, path=users)
    now = 1_000_000.0
    for i in range(auth.LOCK_AFTER * 3):
        auth.verify("ana", "adivinanza-123", client="203.0.113.9", path=users, now=now + i)
    assert auth.verify("ana", "adivinanza-123", client="203.0.113.9", path=users, now=now + 100).locked
    assert auth.verify("ana", PASSWORD, client="198.51.100.7", path=users, now=now + 100).ok, "another client logs in"


def test_when_a_lock_ends_one_wrong_attempt_does_not_lock_again(tmp_path: pathlib.Path) -> None:
    users = tmp_path / "u.json"
    auth.add_user("ana", PASSWORD, path=users)
    now = 1_000_000.0
    for i in range(auth.LOCK_AFTER):
        auth.verify("ana", "mala-mala-mala", path=users, now=now + i * 100)
    after = now + auth.LOCK_AFTER * 100 + auth.LOCK_SECONDS
    again = auth.verify("ana", "mala-mala-mala", path=users, now=after)
    assert not again.ok and not again.locked and again.wait_seconds == 0
    assert auth.verify("ana", PASSWORD, path=users, now=after + 1).ok


def test_reset_clears_every_clients_wait(tmp_path: pathlib.Path) -> None:
    users = tmp_path / "u.json"
    auth.add_user("ana", PASSWORD, path=users)
    now = 1_000_000.0
    for client in ("a", "b"):
        for i in range(auth.LOCK_AFTER):
            auth.verify("ana", "mala-mala-mala", client=client, path=users, now=now + i)
    assert auth.reset("ana", path=users) == 2
    assert auth.verify("ana", PASSWORD, client="a", path=users, now=now + 10).ok


def test_passwords_are_hashed_and_short_ones_refused(tmp_path: pathlib.Path) -> None:
    users = tmp_path / "u.json"
    with pytest.raises(ValueError):
        auth.add_user("ana", "corta", path=users)
    auth.add_user("ana", PASSWORD, path=users)
    text = users.read_text()
    assert PASSWORD not in text and "$argon2" in text
    assert not auth.verify("nadie", PASSWORD, path=users).ok


def test_sessions_expire() -> None:
    assert auth.session_valid(0.0, 100.0, now=100.0 + auth.SESSION_SECONDS - 1)
    assert not auth.session_valid(0.0, 100.0, now=100.0 + auth.SESSION_SECONDS + 1)
    assert not auth.session_valid(None, None, now=1.0)


def test_user_add_command(tmp_path: pathlib.Path) -> None:
    users = tmp_path / "u.json"
    out = subprocess.run(
        [sys.executable, "-m", "nlmobility.cli", "user", "add", "ana", "--password-stdin"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env={**__import__("os").environ, auth.ENV_USERS: str(users)},
    )
    assert out.returncode == 0, out.stderr
    assert "ana" in json.loads(users.read_text())["users"]


def test_html_and_script_payloads_in_comments_render_as_text(env: pathlib.Path, tmp_path: pathlib.Path) -> None:
    f = tmp_path / "c.csv"
    f.write_text(
        'id,evento,fecha,tema,texto\nCX-9,EV-001,2025-12-30,zz,"<script>alert(1)</script> <img src=x onerror=alert(2)> **negritas** [x](javascript:alert(3))"\n',
        encoding="utf-8",
    )
    assert run_import(env, "participation_comments", f, mix_with_sample=True).ok
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/participacion.py")
    at.run()
    at.selectbox(key="part_topic").set_value("zz").run()
    texts = [m.value for m in at.markdown if "alert" in m.value]
    assert texts, "the comment is shown"
    for v in texts:
        assert "<script>" not in v and "<img" not in v and "**negritas**" not in v and "](javascript" not in v
        assert "&lt;script&gt;" in v


def test_workshop_form_refusal_is_explained_in_spanish(env: pathlib.Path) -> None:
    auth.add_user("oficial", PASSWORD)
    at = login(open_admin(), "oficial", PASSWORD)
    at.number_input(key="wf_women").set_value(7)
    at.number_input(key="wf_men").set_value(5)
    at.number_input(key="wf_adults").set_value(10)  # age groups add up to 10, attendance to 12
    at.checkbox(key="wf_mix").check().run()  # the test database is the sample: recording into it mixes
    at.button(key="wf_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert any(
        "No se guardó el taller" in e and "Por edad suman 10 personas, pero por género suman 12" in e for e in errors
    )
    assert not any("participants_total" in e or "older_adults" in e for e in errors), "no internal names"


def test_workshop_recorded_today_without_ages_appears_on_participation_by_default(env: pathlib.Path) -> None:
    import datetime as dt

    from nlmobility.ui import data

    auth.add_user("oficial", PASSWORD)
    at = login(open_admin(), "oficial", PASSWORD)
    today = dt.date.today()
    at.date_input(key="wf_date").set_value(today)
    at.number_input(key="wf_women").set_value(9)
    at.number_input(key="wf_men").set_value(6)  # ages left at 0: not recorded
    at.checkbox(key="wf_mix").check().run()
    at.button(key="wf_save").click().run()
    assert not at.error, [e.value for e in at.error]
    cur = data.database().cursor()  # the app's own handle follows the new file
    try:
        row = cur.execute(
            "SELECT participants_total, children, adults FROM participation_event WHERE event_id LIKE 'EV-F%'"
        ).fetchone()
    finally:
        cur.close()
    assert row[0] == 15, "saved although the ages were left at 0 (not recorded)"
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("app_pages/participacion.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="nlm_periodo").value[1] == today.year, "the period reaches today's workshop"
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["periodo"] = [str(today.year), str(today.year)]
    at.run()
    assert not any("periodo" in w.value for w in at.warning), f"periodo={today.year} accepted"


def test_workshop_form_takes_an_optional_point_and_refuses_none_outside_the_metro_area(env: pathlib.Path) -> None:
    from nlmobility.ui import data

    auth.add_user("oficial", PASSWORD)
    at = login(open_admin(), "oficial", PASSWORD)
    assert at.number_input(key="wf_lon").value is None, "no point until one is tapped or typed"
    at.number_input(key="wf_women").set_value(4)
    at.number_input(key="wf_men").set_value(6)
    at.number_input(key="wf_lon").set_value(-100.3161)
    at.number_input(key="wf_lat").set_value(25.6866)
    at.checkbox(key="wf_mix").check().run()
    at.button(key="wf_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert not [w.value for w in at.warning if "Streamlit" in w.value or "Session State" in w.value]
    cur = data.database().cursor()
    try:
        x, y = cur.execute(
            "SELECT ST_X(geom), ST_Y(geom) FROM participation_event WHERE event_id LIKE 'EV-F%'"
        ).fetchone()
    finally:
        cur.close()
    assert (round(x, 4), round(y, 4)) == (-100.3161, 25.6866)
