"""The secretariat's journey in a real Chromium: log in, admit an applicant, record a meeting, a decision and an action.

The server runs on its own free port with DATABASE_URL pointing at a private database (a copy of the public data,
the founding members, a secretariat account and an applicant); the shared default database is never touched.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from core import auth, dates, db
from core.gate import SYSTEM
from core.i18n import day
from core.network import meetings, members
from core.sources import read

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
USERNAME, PASSWORD = "sekretariat", "korrekt hest batteri stift"
TODAY = dates.today()
SHOWN_TODAY = day(TODAY, "nb")  # as the pages show a date: 30.11.2026





@pytest.fixture(scope="session")
def admin_database(private_database) -> str:
    url = private_database("admin_browser")
    members.seed_founding_members(read("network_members"), url)
    auth.create_user(SYSTEM, USERNAME, "Sekretariatet", PASSWORD, "secretariat", url=url)
    members.apply("sekretariat", "kommune", "4601", "Bergen", f"{date.today().year}-01-02", "Søknad", url=url)
    db.engine_for(url).dispose()
    return url


@pytest.fixture(scope="session")
def admin_app_url(admin_database, streamlit_servers):
    """Like conftest's app_url, with the server's DATABASE_URL set to the private database."""
    with streamlit_servers.serving("app.py", {"DATABASE_URL": admin_database}) as url:
        yield url


def form_with(page, key: str):
    """The form holding the widget with this key."""
    return page.locator("[data-testid='stForm']").filter(has=page.locator(f".st-key-{key}"))


def submit(page, settle, key: str) -> None:
    settle(page, form_with(page, key).locator("[data-testid='stFormSubmitButton'] button").click)


def choose(page, key: str, typed: str, option: str) -> None:
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.fill(typed)
    page.get_by_role("option", name=re.compile(re.escape(option))).first.click()


def log_in(page, settle, base: str) -> None:
    page.goto(f"{base}/")
    settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    settle(page, sidebar.get_by_text("Logg inn", exact=True).first.click)  # the toggle that shows the form
    sidebar.locator("input[aria-label='Brukernavn']").fill(USERNAME)
    sidebar.locator("input[aria-label='Passord']").fill(PASSWORD)
    settle(page, sidebar.locator("[data-testid='stFormSubmitButton'] button").click)
    sidebar.get_by_text("Innlogget som Sekretariatet").wait_for()


def open_from_sidebar(page, settle, title: str, path: str) -> None:
    """Through the navigation (a new page load would start a new session, logged out)."""
    settle(page, page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click)
    page.wait_for_url(re.compile(f"/{path}(\\?|$)"))
    page.get_by_role("heading", name=title, level=1).wait_for()


def table_row(page, text: str):
    """A row of a dataframe's accessible table (the grid itself is drawn on a canvas)."""
    return page.locator("[data-testid='stDataFrame'] tr").filter(has_text=text)


def row_text(row) -> str:
    return row.text_content() or ""


def test_secretariat_admits_an_applicant_and_records_a_meeting(page, settle, admin_app_url, admin_database):
    log_in(page, settle, admin_app_url)

    open_from_sidebar(page, settle, "Medlemmer", "medlemmer")
    assert "søkt" in row_text(table_row(page, "Bergen").first)
    choose(page, "advance_member", "Bergen", "Bergen (søkt)")
    choose(page, "advance_status", "tatt", "tatt opp")
    page.locator(".st-key-advance_reference input").fill("Sak 12/2026")
    submit(page, settle, "advance_member")
    row = table_row(page, "Bergen").first
    row.wait_for(state="attached")
    page.wait_for_function("() => [...document.querySelectorAll(\"[data-testid='stDataFrame'] tr\")]"
                           ".some((r) => r.textContent.includes('Bergen') && r.textContent.includes('tatt opp'))")
    assert "tatt opp" in row_text(row) and SHOWN_TODAY in row_text(row)
    bergen = next(e for e in members.register(admin_database) if e["member"].code == "4601")
    assert bergen["status"] == "admitted" and bergen["events"][-1].reference == "Sak 12/2026"
    assert bergen["events"][-1].recorded_by == USERNAME

    open_from_sidebar(page, settle, "Møter og oppfølging", "moter")
    page.locator(".st-key-meeting_place input").fill("Bergen rådhus")
    page.locator(".st-key-meeting_agenda textarea").fill("Opptak av Bergen\nBudsjett")
    submit(page, settle, "meeting_place")
    held = [m for m in meetings.meetings(admin_database) if m.place == "Bergen rådhus"]
    assert len(held) == 1 and held[0].date == TODAY
    settle(page, lambda: choose(page, "chosen_meeting", "Bergen", f"{SHOWN_TODAY} Bergen rådhus"))
    page.locator(".st-key-decision_reference input").fill("Sak 13/2026")
    page.locator(".st-key-decision_text textarea").fill("Bergen kommune tas opp som medlem.")
    submit(page, settle, "decision_reference")
    page.get_by_text("Bergen kommune tas opp som medlem.").first.wait_for()
    page.locator(".st-key-action_text textarea").fill("Send samarbeidsavtalen til Bergen")
    page.locator(".st-key-action_owner input").fill("Kari Nordmann")
    submit(page, settle, "action_text")
    row = table_row(page, "Send samarbeidsavtalen til Bergen").first
    row.wait_for(state="attached")
    assert "Kari Nordmann" in row_text(row) and SHOWN_TODAY in row_text(row)
    actions = [a for a in meetings.actions(admin_database) if a.meeting_id == held[0].id]
    assert [(a.text, a.owner, a.status) for a in actions] == [("Send samarbeidsavtalen til Bergen", "Kari Nordmann",
                                                               "open")]
    assert page.locator(EXCEPTION).count() == 0
