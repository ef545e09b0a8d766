"""The network administration pages in Streamlit's AppTest: each role sees its pages, nobody else does.

DATABASE_URL points at a private copy of the public data (conftest.py: private_database), with the founding
members and one account per role; the shared default database is never touched.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from core import auth, db, models
from core.gate import SYSTEM
from core.i18n import t
from core.network import fees, meetings, members, steering
from core.sources import read

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
TIMEOUT = 60
PASSWORD = "korrekt hest batteri stift"
USERS = {  # username -> (role, municipality)
    "admin.user": ("admin", None),
    "sekretariat": ("secretariat", None),
    "koord.karasjok": ("coordinator", "5610"),
    "koord.oslo": ("coordinator", "0301"),
    "koord.login": ("coordinator", "1804"),
}
SECRETARIAT_PAGES = ["members", "fees", "steering", "meetings", "report", "audit_log"]
RESTRICTED = [*SECRETARIAT_PAGES, "users"]
TITLES = {"members": "page.members", "fees": "page.fees", "steering": "page.steering", "meetings": "page.meetings",
          "report": "page.report", "audit_log": "page.audit", "users": "page.users",
          "application": "page.application"}
# Text only the admin pages show (their headings and data); none of it may appear without the role.
ADMIN_TEXT = ("Medlemsregister", "Kontingentliste", "Sammensetning nå", "Registrer søknad", "Registrer ny status",
              "Registrer møte", "Ny bruker", "Tariff per år", "Legg til plass", "Last ned årsrapport")





@pytest.fixture(scope="module")
def url(private_database) -> str:
    url = private_database("admin_pages")
    members.seed_founding_members(read("network_members"), url)
    for username, (role, code) in USERS.items():
        auth.create_user(SYSTEM, username, username.title(), PASSWORD, role, "municipality" if code else None, code,
                         url=url)
    year = date.today().year
    fees.set_tariff(SYSTEM, year, 1.0, 20_000, 150_000, True, "Sak 1", url=url)
    meeting_id = meetings.add_meeting(SYSTEM, f"{year}-02-01", "Asker rådhus", "Budsjett\nOpptak", url=url)
    meetings.add_decision(SYSTEM, meeting_id, "Sak 2", "Budsjettet vedtas.", url=url)
    meetings.add_action(SYSTEM, meeting_id, "Send budsjettet", "Kari", f"{year}-03-01", url=url)
    meetings.add_activity(SYSTEM, year, "Nettverkssamling", "Bodø", url=url)
    asker = next(e["member"].id for e in members.register(url) if e["member"].code == "3203")
    steering.add_seat(SYSTEM, "elected", "Asker", f"{year}-01-01", f"{year + 1}-12-31", asker, url=url)
    steering.add_seat(SYSTEM, "ks", "KS", f"{year}-01-01", f"{year + 1}-12-31", url=url)
    return url


@pytest.fixture
def database(url, monkeypatch) -> str:
    """Every page of this test reads and writes the private database (core.config.settings() reads this)."""
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture(scope="module")
def identities(url) -> dict[str, auth.Identity]:
    return {username: auth.authenticate(username, PASSWORD, url) for username in USERS}


def open_app(identity: auth.Identity | None = None, lang: str = "nb", **params) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.query_params.update({"lang": lang, **params})
    if identity is not None:
        app.session_state["identity"] = identity
    return app.run()


def open_page(name: str, identity: auth.Identity | None, lang: str = "nb", **params) -> AppTest:
    app = open_app(identity, lang, **params)
    assert not app.exception, [e.value for e in app.exception]
    return app.switch_page(f"app_pages/{name}.py").run()


def run_page_file(name: str, identity: auth.Identity | None = None) -> AppTest:
    """The page file on its own, as Streamlit would serve it without passing through app.py's navigation."""
    app = AppTest.from_file(str(ROOT / "app_pages" / f"{name}.py"), default_timeout=TIMEOUT)
    if identity is not None:
        app.session_state["identity"] = identity
    return app.run()


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def errors(app: AppTest) -> list[str]:
    return [e.value for e in app.error]


def count(url: str, model) -> int:
    with db.session(url) as session:
        return session.scalar(select(func.count()).select_from(model))


def submit(app: AppTest, form: str) -> AppTest:
    button = next(b for b in app.button if b.proto.form_id == form)
    return button.click().run()


def widget(widgets, label: str):
    return next(w for w in widgets if w.label == label)


# Every admin page renders for its role, in both languages ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize(
    "name, username",
    [*[(name, "sekretariat") for name in SECRETARIAT_PAGES], ("members", "admin.user"), ("users", "admin.user"),
     ("application", "koord.karasjok")],
)
def test_admin_pages_render_for_their_role(database, identities, name, username, lang):
    app = open_page(name, identities[username], lang)
    assert_clean(app)
    assert app.title[0].value == t(TITLES[name], lang)
    expected = {"members": "Tromsø", "fees": "Asker", "steering": "KS", "audit_log": t("audit.entity.fee_tariff", lang),
                "users": "koord.karasjok", "meetings": "Send budsjettet"}.get(name)
    if expected:
        tables = " ".join(frame.value.to_csv() for frame in app.dataframe)
        assert expected.replace("2026", str(date.today().year)) in tables
    if name == "members":
        assert len(app.dataframe[0].value) == len(read("network_members"))  # the published list, seeded
    if name == "report":
        app.button(key="make_report").click().run()
        assert_clean(app)
        assert app.get("download_button"), "the report was not offered for download"
    if name == "application":
        assert t("member.apply_for", lang, name="Kárášjohka - Karasjok") in [h.value for h in app.subheader]


def test_admin_navigation_lists_every_network_page(database, identities):
    app = open_app(identities["admin.user"])
    for name in [*RESTRICTED]:
        app.switch_page(f"app_pages/{name}.py").run()
        assert_clean(app)


# Refused access ---------------------------------------------------------------------------------------------------


def assert_refused(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.error) == 1 and "Denne siden krever innlogging med rollen" in app.error[0].value
    assert not app.dataframe and not app.title and not app.subheader
    assert not app.button and not app.text_input and not app.selectbox and not app.number_input
    assert not app.text_area and not app.date_input and not app.get("download_button")
    shown = " ".join(str(element.value) for element in app.markdown) + " ".join(e.value for e in app.error)
    for text in ADMIN_TEXT:
        assert text not in shown


@pytest.mark.parametrize("name", [*RESTRICTED, "application"])
def test_restricted_page_files_refuse_a_viewer(database, name):
    assert_refused(run_page_file(name))


@pytest.mark.parametrize("name", RESTRICTED)
def test_restricted_page_files_refuse_a_coordinator(database, identities, name):
    assert_refused(run_page_file(name, identities["koord.karasjok"]))


def test_the_users_page_refuses_the_secretariat(database, identities):
    assert_refused(run_page_file("users", identities["sekretariat"]))


@pytest.mark.parametrize("username, allowed", [
    (None, []),
    ("koord.karasjok", ["application"]),
    ("sekretariat", SECRETARIAT_PAGES),
    ("admin.user", RESTRICTED),
])
def test_navigation_lists_only_the_pages_of_the_role(database, identities, username, allowed):
    app = open_app(identities[username] if username else None)
    assert_clean(app)
    for name in [*RESTRICTED, "application"]:
        if name in allowed:
            app.switch_page(f"app_pages/{name}.py").run()
            assert not app.exception
        else:
            with pytest.raises(ValueError):
                app.switch_page(f"app_pages/{name}.py")


# Bad input through the pages changes nothing and says why --------------------------------------------------------


def test_members_page_application_without_a_municipality_changes_nothing(database, identities):
    app = open_page("members", identities["sekretariat"])
    before, audit = len(members.register(database)), count(database, models.AuditEntry)
    app = submit(app, "application")
    assert not app.exception
    assert len(errors(app)) == 1
    assert len(members.register(database)) == before and count(database, models.AuditEntry) == audit


def test_members_page_application_without_a_municipality_names_the_missing_choice(database, identities):
    app = submit(open_page("members", identities["sekretariat"]), "application")
    assert errors(app) == [t("member.error.choose_area", "nb")]


def test_members_page_status_without_a_member_or_a_decision(database, identities):
    app = open_page("members", identities["sekretariat"])
    audit = count(database, models.AuditEntry)
    app = submit(app, "advance")
    assert errors(app) == [t("member.error.unknown", "nb")]
    app.selectbox(key="advance_member").set_value(next(
        e["member"].id for e in members.register(database) if e["member"].name == "Viken"))
    app.selectbox(key="advance_status").set_value("active")
    app = submit(app, "advance")
    assert errors(app) == [t("member.error.transition", "nb", current="withdrawn", status="active")]
    assert count(database, models.AuditEntry) == audit
    assert not app.exception


def test_members_page_registers_an_application(database, identities):
    app = open_page("members", identities["sekretariat"])
    app.selectbox(key="application_code").set_value("4601")
    app = submit(app, "application")
    assert not app.exception, [e.value for e in app.exception]
    assert "Bergen" in {e["member"].name for e in members.register(database)}


def test_a_coordinator_applies_for_their_own_municipality(database, identities):
    app = open_page("application", identities["koord.oslo"])
    app = submit(app, "own_application")
    assert not app.exception, [e.value for e in app.exception]
    assert "0301" in {e["member"].code for e in members.register(database)}


def test_fees_page_refuses_a_floor_above_the_cap(database, identities):
    app = open_page("fees", identities["sekretariat"])
    year = date.today().year
    before = [(x.year, x.rate_per_inhabitant, x.floor, x.cap) for x in fees.tariffs(database)]
    widget(app.number_input, t("fee.floor", "nb")).set_value(200_000.0)
    widget(app.number_input, t("fee.cap", "nb")).set_value(100_000.0)
    app = submit(app, "tariff")
    assert not app.exception
    assert errors(app) == [t("fee.error.floor_cap", "nb")]
    assert [(x.year, x.rate_per_inhabitant, x.floor, x.cap) for x in fees.tariffs(database)] == before
    assert (year, 1.0, 20_000, 150_000) in before


def test_meetings_page_refuses_an_empty_place(database, identities):
    app = open_page("meetings", identities["sekretariat"])
    before, audit = len(meetings.meetings(database)), count(database, models.AuditEntry)
    app.text_input(key="meeting_place").input("   ")
    app.text_area(key="meeting_agenda").input("Noe å snakke om")
    app = submit(app, "meeting")
    assert not app.exception
    assert errors(app) == [t("meeting.error.empty", "nb")]
    assert len(meetings.meetings(database)) == before and count(database, models.AuditEntry) == audit


def test_steering_page_refuses_an_elected_seat_without_a_member(database, identities):
    app = open_page("steering", identities["sekretariat"])
    before = len(steering.seats(database))
    widget(app.text_input, t("steering.organisation", "nb")).input("Noen")
    app = submit(app, "seat")
    assert not app.exception
    assert errors(app) == [t("steering.error.member", "nb")]
    assert len(steering.seats(database)) == before


def test_users_page_refuses_a_short_password(database, identities):
    app = open_page("users", identities["admin.user"])
    before = count(database, models.User)
    widget(app.text_input, t("auth.username", "nb")).input("ny.bruker")
    widget(app.text_input, t("auth.password", "nb")).input("kort")
    widget(app.selectbox, t("users.role", "nb")).set_value("secretariat")
    app = submit(app, "new_user")
    assert not app.exception
    assert errors(app) == [t("auth.error.password", "nb", minimum=auth.MIN_PASSWORD)]
    assert count(database, models.User) == before
    assert all(u.username != "ny.bruker" for u in auth.users(database))


def test_users_page_creates_a_user(database, identities):
    app = open_page("users", identities["admin.user"])
    widget(app.text_input, t("auth.username", "nb")).input("ny.sekretar")
    widget(app.text_input, t("auth.password", "nb")).input(PASSWORD)
    widget(app.selectbox, t("users.role", "nb")).set_value("secretariat")
    app = submit(app, "new_user")
    assert_clean(app)
    created = next(u for u in auth.users(database) if u.username == "ny.sekretar")
    assert created.role == "secretariat" and created.password_hash.startswith("$argon2id$")


# Targets on the progress page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("username, enabled", [(None, False), ("koord.karasjok", True), ("koord.oslo", False),
                                               ("sekretariat", True)])
def test_progress_target_buttons_follow_the_role(database, identities, username, enabled):
    app = open_page("progress", identities[username] if username else None, kommune="5610")
    assert not app.exception, [e.value for e in app.exception]
    save = [b for b in app.button if b.label == t("target.save", "nb")]
    assert len(save) == (1 if enabled else 0)  # the editor is drawn only for those who may save
    assert all(not b.disabled for b in save)
    remove = [b for b in app.button if b.label == t("target.remove", "nb")]
    assert all(b.disabled for b in remove)  # nothing to remove yet
    login_needed = t("target.login_needed", "nb", name="Kárášjohka - Karasjok")
    assert (login_needed in [i.value for i in app.info]) is (not enabled)


# Login and logout in the sidebar ----------------------------------------------------------------------------------


def show_login_form(app: AppTest) -> AppTest:
    """The login form may sit behind a toggle (built only when asked for) or in an expander."""
    toggles = [w for w in app.toggle if w.key == "show_login"]
    if toggles:
        toggles[0].set_value(True)
        app.run()
    return app


def log_in(app: AppTest, username: str, password: str) -> AppTest:
    show_login_form(app)
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    return submit(app, "login")


def test_login_with_a_wrong_password_shows_a_clear_message(database):
    app = log_in(open_app(), "koord.login", "feil passord her")
    assert not app.exception
    assert "Feil brukernavn eller passord." in errors(app)
    assert "identity" not in app.session_state
    with pytest.raises(ValueError):
        app.switch_page("app_pages/application.py")


def test_login_and_logout(database):
    app = log_in(open_app(), "koord.login", PASSWORD)
    assert_clean(app)
    identity = app.session_state["identity"]
    assert (identity.username, identity.role, identity.area_code) == ("koord.login", "coordinator", "1804")
    assert any("koord.login".title() in c.value.replace("\\", "") for c in app.caption)  # the name is escaped text
    app.switch_page("app_pages/application.py").run()
    assert_clean(app)
    app.button(key="logout").click().run()
    assert not app.exception
    assert "identity" not in app.session_state or app.session_state["identity"] is None
    show_login_form(app)
    assert app.text_input(key="login_username")
    with pytest.raises(ValueError):
        app.switch_page("app_pages/application.py")
