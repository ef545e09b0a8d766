"""No secret or password ever appears in the logs or in the audit log (issue 17 §5): accounts are created, log in
(right and wrong), are reset and choose a new password, through core and through the login form in AppTest, with
every logger at DEBUG and SQLAlchemy's statements at INFO; then the change log, the login attempts,
every captured log record, the error messages and the settings command are searched for the passwords and hashes.
The accounts and passwords are invented by the test.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

from core import auth, db, logs, models
from core.__main__ import main
from core.gate import SYSTEM
from core.network import members

ROOT = Path(__file__).resolve().parent.parent
FIRST = "blå hest spiser tyttebær 1"  # invented
WRONG = "feil gjetning om morgenen 7"
TEMPORARY = "midlertidig vindu mot fjorden 3"
CHOSEN = "egen frase med reinsdyr og kaffe 9"
ADMIN_PASSWORD = "administratorens lange setning 5"
PASSWORDS = (FIRST, WRONG, TEMPORARY, CHOSEN, ADMIN_PASSWORD)


def everything_written(url: str) -> str:
    """Every row of every table but the accounts' own hashes, as text."""
    engine = db.engine(url)
    tables = sa.MetaData()
    tables.reflect(engine)
    parts = []
    with engine.connect() as connection:
        for table in tables.tables.values():
            columns = [c for c in table.columns if c.name != "password_hash"]  # the accounts' own hashes
            parts += [json.dumps([str(v) for v in row]) for row in connection.execute(sa.select(*columns))]
    return "\n".join(parts)


def hashes(url: str) -> list[str]:
    with db.session(url) as session:
        return [h for h in session.scalars(sa.select(models.User.password_hash)) if h]


def assert_no_secret(text: str, url: str) -> None:
    for secret in (*PASSWORDS, *hashes(url)):
        assert secret not in text, secret[:12]
    assert "$argon2" not in text


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'secrets.sqlite'}"
    db.migrate(url)
    return url


def test_accounts_logins_and_resets_leave_no_password_in_logs_or_audit(url, caplog):
    with caplog.at_level(logging.DEBUG):
        # Statements and their parameters (INFO; hidden by hide_parameters). DEBUG would add the rows read, the
        # account's own hash among them: a level for a developer's machine only.
        logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
        try:
            auth.create_user(SYSTEM, "sjef", "Sjefen", ADMIN_PASSWORD, "admin", url=url)
            auth.create_user("sjef", "kari", "Kari Oppdiktet", FIRST, "secretariat", url=url)
            auth.authenticate("kari", FIRST, url, source="192.0.2.1")
            with pytest.raises(auth.AuthError) as refused:
                auth.authenticate("kari", WRONG, url, source="192.0.2.1")
            assert_no_secret(repr(refused.value), url)
            auth.reset_password("sjef", "kari", TEMPORARY, url=url)
            identity = auth.authenticate("kari", TEMPORARY, url, source="192.0.2.1")
            auth.change_password(identity, CHOSEN, CHOSEN, url=url)
            for weak in ("kari" * 4, "a" * 20):  # refused: the message names the rule, never the password
                with pytest.raises(auth.AuthError) as refused:
                    auth.reset_password("sjef", "kari", weak, url=url)
                assert weak not in repr(refused.value.values)
        finally:
            logging.getLogger("sqlalchemy.engine").setLevel(logging.NOTSET)
    assert caplog.records, "nothing was logged: the test would prove nothing"
    assert any("INSERT" in record.getMessage() for record in caplog.records)  # SQL was logged, parameters too
    logged = "\n".join(f"{record.getMessage()} {record.args!r} {record.exc_text or ''}" for record in caplog.records)
    assert_no_secret(logged, url)
    written = everything_written(url)
    assert "reset_password" in written and "***" in written  # the reset is in the change log, its hash masked
    assert_no_secret(written, url)


def test_the_login_form_leaves_no_password_in_logs(private_database, monkeypatch, caplog):
    url = private_database("secrets_page")
    auth.create_user(SYSTEM, "kari", "Kari Oppdiktet", FIRST, "secretariat", url=url)
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        with caplog.at_level(logging.DEBUG):
            app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
            app.query_params["lang"] = "en"
            app.run()
            for password in (WRONG, FIRST):
                app.toggle(key="show_login").set_value(True).run()
                app.text_input(key="login_username").input("kari")
                app.text_input(key="login_password").input(password)
                next(b for b in app.sidebar.button if b.proto.is_form_submitter).click().run()
        assert any("Kari Oppdiktet" in str(getattr(e, "value", "")) for e in app.sidebar), "the login did not work"
        shown = "\n".join(str(getattr(element, "value", "")) for element in [*app.main, *app.sidebar])
        assert_no_secret(shown, url)
        logged = "\n".join(f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
                           for record in caplog.records)
        assert_no_secret(logged, url)
        assert_no_secret(everything_written(url), url)
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_the_settings_command_hides_the_admin_password(monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD", ADMIN_PASSWORD)
    assert main(["settings"]) == 0
    assert ADMIN_PASSWORD not in capsys.readouterr().out


# Structured logs (core/logs.py): one JSON line per event, with session and user, and no secret -------------------


def json_lines(records: list[logging.LogRecord], event: str) -> list[dict]:
    """The records of one event as the app writes them: each a single line of JSON."""
    formatter = logs.JsonFormatter()
    lines = [formatter.format(record) for record in records if getattr(record, "event", None) == event]
    assert all("\n" not in line.split('"error"')[0] for line in lines)  # one line (a traceback is escaped inside)
    return [json.loads(line) for line in lines]


def test_a_login_failure_and_a_gate_write_are_one_line_each_with_session_and_user(private_database, caplog):
    url = private_database("secrets_log_core")
    auth.create_user(SYSTEM, "kari", "Kari Oppdiktet", FIRST, "secretariat", url=url)
    caplog.clear()  # the account's creation is a change of the system's, not one of this session
    logs.bind("økt-1", "kari")
    try:
        with caplog.at_level(logging.INFO, logger="dashboard"):
            with pytest.raises(auth.AuthError):
                auth.authenticate("kari", WRONG, url, source="192.0.2.1")
            auth.authenticate("kari", FIRST, url, source="192.0.2.1")
            members.apply("kari", "kommune", "5610", "Karasjok", "2025-01-10", note="oppdiktet", url=url)
    finally:
        logs.bind(None, None)
    failures, successes = json_lines(caplog.records, "login.failure"), json_lines(caplog.records, "login.success")
    writes = json_lines(caplog.records, "gate.write")
    assert len(failures) == 1 and len(successes) == 1 and len(writes) == 1
    for line in (*failures, *successes, *writes):
        assert line["session"] == "økt-1" and line["user"] == "kari"
        assert {"ts", "level", "logger"} <= set(line)
    assert failures[0]["level"] == "WARNING" and failures[0]["reason"] == "credentials"
    assert writes[0]["action"] == "member.apply" and writes[0]["user"] == "kari"
    assert any(entity.startswith("member:") for entity in writes[0]["entities"])
    assert_no_secret("\n".join(logs.JsonFormatter().format(record) for record in caplog.records), url)


def test_a_page_error_and_a_login_in_the_app_name_the_streamlit_session(private_database, monkeypatch, caplog):
    url = private_database("secrets_log_lines")
    auth.create_user(SYSTEM, "kari", "Kari Oppdiktet", FIRST, "secretariat", url=url)
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        with caplog.at_level(logging.INFO, logger="dashboard"):
            app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
            app.query_params["lang"] = "en"
            app.run()
            app.toggle(key="show_login").set_value(True).run()
            app.text_input(key="login_username").input("kari")
            app.text_input(key="login_password").input(WRONG)
            next(b for b in app.sidebar.button if b.proto.is_form_submitter).click().run()

            from components import data

            def broken(*_args, **_kwargs):
                raise RuntimeError("an invented fault")

            monkeypatch.setattr(data, "catalogue", broken)
            app.switch_page("app_pages/methodology.py").run()
        failures, errors = json_lines(caplog.records, "login.failure"), json_lines(caplog.records, "page.error")
        assert len(failures) == 1 and len(errors) == 1
        assert failures[0]["user"] == "kari" and errors[0]["page"] == "metode" and "RuntimeError" in errors[0]["error"]
        sessions = {failures[0]["session"], errors[0]["session"]}
        assert len(sessions) == 1 and sessions != {logs.NOBODY}  # the same browser session, named
        assert_no_secret("\n".join(logs.JsonFormatter().format(record) for record in caplog.records), url)
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
