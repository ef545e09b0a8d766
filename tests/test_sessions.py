"""Sessions in Streamlit's AppTest: idle expiry, a logout that clears everything but the language, a session ended by
an administrator, the new password asked for after a reset (before anything else), the users page's last logins and
resets, and the OpenID Connect role only for a verified e-mail.

DATABASE_URL points at a private copy of the public data (conftest.py: private_database) with a few accounts.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from components import auth_ui
from core import auth, db, models
from core.gate import SYSTEM
from core.i18n import t

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGE_TIMEOUT = 60
TEST_PASSWORD = "korrekt hest batteri stift"
USERS = {  # username -> (role, municipality)
    "admin.sessions": ("admin", None),
    "koord.idle": ("coordinator", "5610"),
    "koord.reset": ("coordinator", "0301"),
    "koord.kept": ("coordinator", "1804"),
}
EXTRA_STATE = {"compare_codes": ["0301", "4601"], "draft_note": "halvferdig notat"}  # what a page might keep


@pytest.fixture(scope="module")
def url(private_database) -> str:
    url = private_database("sessions")
    for username, (role, code) in USERS.items():
        auth.create_user(SYSTEM, username, username.title(), TEST_PASSWORD, role, "municipality" if code else None,
                         code, url=url)
    return url


@pytest.fixture
def database(url, monkeypatch) -> str:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("SESSION_IDLE_MINUTES", raising=False)
    return url


def open_app(lang: str = "nb") -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=PAGE_TIMEOUT)
    app.query_params.update({"lang": lang})
    return app.run()


def submit(app: AppTest, form: str) -> AppTest:
    return next(b for b in app.button if b.proto.form_id == form).click().run()


def log_in(app: AppTest, username: str, password: str = TEST_PASSWORD) -> AppTest:
    toggle = next(w for w in app.toggle if w.key == "show_login")
    toggle.set_value(True).run()
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    return submit(app, "login")


def clean(app: AppTest) -> AppTest:
    assert not app.exception, [e.value for e in app.exception]
    return app


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def may_open_users_page(app: AppTest) -> bool:
    try:
        app.switch_page("app_pages/users.py")
    except ValueError:  # not in the navigation
        return False
    return True


# Idle expiry ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("configured, idle, expires", [
    (None, 29, False), (None, 31, True), ("5", 4, False), ("5", 6, True), ("120", 90, False),
])
def test_a_session_idle_longer_than_configured_ends(database, monkeypatch, configured, idle, expires):
    if configured:
        monkeypatch.setenv("SESSION_IDLE_MINUTES", configured)
    app = clean(log_in(open_app(), "admin.sessions"))
    assert app.session_state["identity"].username == "admin.sessions"
    for key, value in EXTRA_STATE.items():
        app.session_state[key] = value
    app.session_state[auth_ui.LAST_ACTIVITY] -= timedelta(minutes=idle)  # the clock moved on while nobody clicked
    clean(app.run())
    if not expires:
        assert app.session_state["identity"].username == "admin.sessions" and may_open_users_page(app)
        assert all(key in app.session_state for key in EXTRA_STATE)
        return
    assert "identity" not in app.session_state and auth_ui.LAST_ACTIVITY not in app.session_state
    assert not any(key in app.session_state for key in EXTRA_STATE)
    minutes = int(configured or 30)
    assert t("auth.session_expired", "nb", minutes=minutes) in texts(app.info)
    assert not may_open_users_page(app)


def test_each_run_counts_as_activity(database):
    app = clean(log_in(open_app(), "admin.sessions"))
    for _ in range(3):  # three clicks, 20 minutes apart: never 30 minutes idle
        app.session_state[auth_ui.LAST_ACTIVITY] -= timedelta(minutes=20)
        clean(app.run())
        assert app.session_state["identity"].username == "admin.sessions"


def test_an_anonymous_visitor_has_nothing_to_expire(database):
    app = open_app()
    app.session_state["compare_codes"] = ["0301"]
    clean(app.run())
    assert auth_ui.LAST_ACTIVITY not in app.session_state and app.session_state["compare_codes"] == ["0301"]


# Logout ---------------------------------------------------------------------------------------------------------

def test_logout_clears_everything_but_the_language(database):
    fresh = set(open_app("en").session_state.keys())  # what a new visitor's session holds after one run
    app = clean(log_in(open_app("en"), "koord.kept"))
    for key, value in EXTRA_STATE.items():
        app.session_state[key] = value
    clean(app.run())
    assert "login_password" not in app.session_state  # the typed password is not kept after the login
    clean(app.button(key="logout").click().run())
    left = set(app.session_state.keys())
    assert "identity" not in left and not set(EXTRA_STATE) & left and auth_ui.LAST_ACTIVITY not in left
    assert left <= fresh | {"show_login"}, left - fresh
    assert app.session_state["lang"] == "en"  # the language stays
    assert "You are logged out." in texts(app.info)


# A session ended from outside -----------------------------------------------------------------------------------

def test_a_password_reset_ends_the_open_session_at_once(database, url):
    app = clean(log_in(open_app(), "koord.idle"))
    app.session_state["draft_note"] = "halvferdig"
    assert app.session_state["identity"].role == "coordinator"
    auth.reset_password(auth.Identity("admin.sessions", "", "admin"), "koord.idle", "et midlertidig passord nå",
                        url=url)
    clean(app.run())
    assert "identity" not in app.session_state and "draft_note" not in app.session_state
    assert t("auth.session_ended", "nb") in texts(app.info)


# The new password asked for after a reset -----------------------------------------------------------------------

def test_after_a_reset_the_user_chooses_a_new_password_before_anything_else(database, url):
    admin = auth.authenticate("admin.sessions", TEST_PASSWORD, url)
    users_page = AppTest.from_file(str(APP), default_timeout=PAGE_TIMEOUT)
    users_page.query_params["lang"] = "nb"
    users_page.session_state["identity"] = admin
    clean(users_page.run())
    clean(users_page.switch_page("app_pages/users.py").run())
    users_page.selectbox(key="reset_user").select("koord.reset")
    users_page.text_input(key="reset_password_value").input("midlertidig fjellvann 42")
    clean(submit(users_page, "reset_password"))
    assert not users_page.error, texts(users_page.error)
    with db.session(url) as session:
        assert session.scalar(select(models.User.must_change_password).where(models.User.username == "koord.reset"))

    app = clean(log_in(open_app(), "koord.reset", "midlertidig fjellvann 42"))
    assert "identity" not in app.session_state and app.session_state[auth_ui.PENDING].username == "koord.reset"
    assert texts(app.title) == [t("auth.change.title", "nb")]  # the form only: no page ran
    assert not [b for b in app.button if b.key == "logout"]
    clean(app.switch_page("app_pages/users.py").run())  # a page asked for directly does not run either
    assert texts(app.title) == [t("auth.change.title", "nb")] and not app.dataframe
    app.text_input(key="new_password").input("et helt nytt passord")
    app.text_input(key="repeat_password").input("et helt nytt passor")
    clean(submit(app, "change_password"))
    assert t("auth.error.password_mismatch", "nb") in texts(app.error)
    assert "identity" not in app.session_state
    app.text_input(key="new_password").input("et helt nytt passord")
    app.text_input(key="repeat_password").input("et helt nytt passord")
    clean(submit(app, "change_password"))
    identity = app.session_state["identity"]
    assert (identity.username, identity.role) == ("koord.reset", "coordinator")
    assert auth_ui.PENDING not in app.session_state and t("auth.change.title", "nb") not in texts(app.title)
    assert auth.authenticate("koord.reset", "et helt nytt passord", url).role == "coordinator"


def test_the_password_change_can_be_cancelled(database, url):
    auth.reset_password(auth.Identity("admin.sessions", "", "admin"), "koord.kept", "et midlertidig passord igjen",
                        url=url)
    app = clean(log_in(open_app(), "koord.kept", "et midlertidig passord igjen"))
    assert app.session_state[auth_ui.PENDING].username == "koord.kept"
    clean(app.button(key="cancel_password_change").click().run())
    assert auth_ui.PENDING not in app.session_state and "identity" not in app.session_state
    assert t("auth.change.title", "nb") not in texts(app.title)


# The users page ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_users_page_shows_active_accounts_and_last_logins(database, url, lang):
    admin = auth.authenticate("admin.sessions", TEST_PASSWORD, url)
    app = AppTest.from_file(str(APP), default_timeout=PAGE_TIMEOUT)
    app.query_params["lang"] = lang
    app.session_state["identity"] = admin
    clean(app.run())
    clean(app.switch_page("app_pages/users.py").run())
    table = app.dataframe[0].value
    row = table[table[t("column.username", lang)] == "admin.sessions"].iloc[0]
    assert row[t("users.last_login", lang)]  # just now, on Oslo's clock
    assert row[t("column.active", lang)] == "✓"
    accounts = auth.users(url)
    active = sum(user.active for user in accounts)
    assert t("users.active_count", lang, active=active, total=len(accounts)) in texts(app.caption)


def test_the_users_page_refuses_a_weak_temporary_password(database, url):
    admin = auth.authenticate("admin.sessions", TEST_PASSWORD, url)
    app = AppTest.from_file(str(APP), default_timeout=PAGE_TIMEOUT)
    app.query_params["lang"] = "en"
    app.session_state["identity"] = admin
    clean(app.run())
    clean(app.switch_page("app_pages/users.py").run())
    app.selectbox(key="reset_user").select("koord.idle")
    app.text_input(key="reset_password_value").input("password1234")
    clean(submit(app, "reset_password"))
    assert t("auth.error.password_common", "en") in texts(app.error)


# OpenID Connect ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("claims, role", [
    ({"email": "koord.kept", "email_verified": True}, "coordinator"),
    ({"email": "koord.kept", "email_verified": "true"}, "coordinator"),
    ({"email": "koord.kept", "email_verified": False}, None),
    ({"email": "koord.kept", "email_verified": "false"}, None),
    ({"email": "koord.kept"}, None),  # no claim: not verified
    ({"email_verified": True}, None),
])
def test_the_oidc_role_comes_only_with_a_verified_email(database, claims, role):
    assert auth_ui.oidc_identity(claims).role == role
