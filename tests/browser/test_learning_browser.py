"""The learning arena in a real Chromium: a coordinator drafts a case, the secretariat approves it, a reader finds it
by goal and by text and sees it on the municipality's profile; a self-assessment saved and shown on the secretariat's
heatmap; a partner with a dialogue entry and a follow-up.

The server runs on its own free port with DATABASE_URL pointing at a private database (a copy of the public data, the
founding members, a coordinator for Karasjok and a secretariat account). Everything typed here is INVENTED
("Oppdiktet"); the shared default database is never touched.
"""

from __future__ import annotations

import re

import pytest

from core import auth, dates, db
from core.gate import SYSTEM
from core.learning import assessment, cases, partners
from core.learning.vocabulary import PROCESSES
from core.network import members
from core.sources import read

pytestmark = pytest.mark.browser

EXCEPTION = "[data-testid='stException']"
PASSWORD = "korrekt hest batteri stift"
KARASJOK = "5610"
COORDINATOR, SECRETARIAT = ("koord.karasjok", "Koordinator Karasjok"), ("sekretariat", "Sekretariatet")
YEAR = dates.today().year
TITLE = "Oppdiktet: solceller på skoletak"


@pytest.fixture(scope="module")
def database(private_database) -> str:
    url = private_database("learning_browser")
    members.seed_founding_members(read("network_members"), url)
    auth.create_user(SYSTEM, COORDINATOR[0], COORDINATOR[1], PASSWORD, "coordinator", "municipality", KARASJOK, url=url)
    auth.create_user(SYSTEM, SECRETARIAT[0], SECRETARIAT[1], PASSWORD, "secretariat", url=url)
    db.engine_for(url).dispose()
    return url


@pytest.fixture(scope="module")
def base(database, streamlit_servers):
    with streamlit_servers.serving("app.py", {"DATABASE_URL": database}) as url:
        yield url


@pytest.fixture
def browser_page(new_context):
    """A function: a fresh page of its own context (a person of their own); closed after the test."""
    opened = []

    def make():
        context = new_context()
        opened.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in opened:
        context.close()


def log_in(page, settle, base: str, who: tuple[str, str]) -> None:
    page.goto(f"{base}/")
    settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    settle(page, sidebar.get_by_text("Logg inn", exact=True).first.click)  # the toggle that shows the form
    sidebar.locator("input[aria-label='Brukernavn']").fill(who[0])
    sidebar.locator("input[aria-label='Passord']").fill(PASSWORD)
    settle(page, sidebar.locator("[data-testid='stFormSubmitButton'] button").click)
    sidebar.get_by_text(f"Innlogget som {who[1]}").wait_for()


def open_from_sidebar(page, settle, title: str, path: str) -> None:
    """Through the navigation (a new page load would start a new session, logged out)."""
    settle(page, page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title).click)
    page.wait_for_url(re.compile(f"/{path}(\\?|$)"))
    page.get_by_role("heading", name=title, level=1).wait_for()


def widget(page, key: str):
    return page.locator(f".st-key-{key}")


def choose(page, key: str, typed: str, option: str) -> None:
    """Pick an option of a selectbox or multiselect by typing part of it."""
    box = widget(page, key).locator("input")
    box.click()
    box.fill(typed)
    page.get_by_role("option", name=re.compile(re.escape(option))).first.click()
    box.blur()  # the choice counts (and a multiselect's list closes) when the box loses focus


def submit(page, settle, key: str) -> None:
    """The submit button of the form holding the widget with this key."""
    form = page.locator("[data-testid='stForm']").filter(has=widget(page, key))
    settle(page, form.locator("[data-testid='stFormSubmitButton'] button").click)


def table_row(page, text: str):
    """A row of a dataframe's accessible table (the grid itself is drawn on a canvas)."""
    return page.locator("[data-testid='stDataFrame'] tr").filter(has_text=text)


def test_a_case_drafted_approved_found_and_on_the_profile(browser_page, settle, base, database):
    writer = browser_page()
    log_in(writer, settle, base, COORDINATOR)
    open_from_sidebar(writer, settle, "Skriv eksempler", "skriv-eksempel")
    widget(writer, "case_title_new").locator("input").fill(TITLE)
    widget(writer, "case_summary_new").locator("textarea").fill("Oppdiktet: skolene produserer egen strøm.")
    widget(writer, "case_done_new").locator("textarea").fill("Oppdiktet: solceller på tre skoletak.")
    widget(writer, "case_results_new").locator("textarea").fill("Oppdiktet: 120 MWh i året, 15 % av forbruket.")
    widget(writer, "case_contact_new").locator("input").fill("Oppdiktet Vaktmester")
    choose(writer, "case_goals_new", "Ren energi", "7.")
    choose(writer, "case_processes_new", "verdiskaping", "Bærekraftig verdiskaping")
    submit(writer, settle, "case_title_new")
    widget(writer, "submit_case").wait_for()
    drafted = [c for c in cases.editable(auth.Identity("", "", "secretariat"), database) if c.original.title == TITLE]
    assert len(drafted) == 1 and drafted[0].status == cases.DRAFT and drafted[0].goals == (7,)
    case_id = drafted[0].id
    assert cases.case(auth.VIEWER, case_id, database) is None  # a draft is private
    settle(writer, widget(writer, "submit_case").locator("button").click)
    writer.get_by_text("til godkjenning").first.wait_for()
    assert writer.locator(EXCEPTION).count() == 0

    approver = browser_page()
    log_in(approver, settle, base, SECRETARIAT)
    open_from_sidebar(approver, settle, "Skriv eksempler", "skriv-eksempel")
    approver.get_by_role("heading", name=TITLE).first.wait_for()  # shown in full before it is approved
    settle(approver, widget(approver, "approve_case").locator("button").click)
    approver.get_by_text("Ingen eksempler venter på godkjenning.").wait_for()
    assert cases.case(auth.VIEWER, case_id, database).public

    reader = browser_page()
    reader.goto(f"{base}/gode-eksempler")
    settle(reader)
    card = reader.locator(f".st-key-case_card_{case_id}")
    settle(reader, lambda: choose(reader, "case_goal", "Ren energi", "7. "))
    reader.wait_for_url(re.compile(r"[?&]goal=7(&|$)"))
    card.wait_for()
    settle(reader, lambda: choose(reader, "case_goal", "Ingen fattigdom", "1. "))  # another goal: not there
    reader.wait_for_url(re.compile(r"[?&]goal=1(&|$)"))
    assert card.count() == 0

    reader.goto(f"{base}/gode-eksempler")  # search by text, from a fresh start
    settle(reader)
    search = widget(reader, "case_q").locator("input")
    search.fill("solceller skoletak")
    settle(reader, lambda: search.press("Enter"))
    card.wait_for()
    settle(reader, card.get_by_role("link").first.click)
    reader.get_by_role("heading", name=TITLE).wait_for()
    reader.get_by_text("120 MWh i året").wait_for()

    reader.goto(f"{base}/kommuneprofil?kommune={KARASJOK}")
    settle(reader)
    reader.get_by_role("heading", name="Gode eksempler fra Kárášjohka - Karasjok").wait_for()
    reader.get_by_role("link", name=re.compile(re.escape(TITLE))).first.wait_for()
    assert reader.locator(EXCEPTION).count() == 0


def test_a_self_assessment_saved_and_shown_on_the_heatmap(browser_page, settle, base, database):
    member = browser_page()
    log_in(member, settle, base, COORDINATOR)
    open_from_sidebar(member, settle, "Selvevaluering", "selvevaluering")
    for number, process in enumerate(PROCESSES, start=1):
        level = widget(member, f"assessment_level_{process}_{KARASJOK}_{YEAR}")
        level.locator("label").filter(has_text=re.compile(f"^{min(number, 5)}$")).click()
        widget(member, f"assessment_evidence_{process}_{KARASJOK}_{YEAR}").locator("input").fill(
            f"Oppdiktet begrunnelse {number}")
    submit(member, settle, f"assessment_evidence_measurement_{KARASJOK}_{YEAR}")
    member.get_by_text(f"Selvevalueringen for {YEAR} er lagret.").wait_for()  # the toast
    saved = assessment.own_answers(assessment.answers(database), ("municipality", KARASJOK), YEAR)
    assert [saved[p][0] for p in PROCESSES] == [1, 2, 3, 4, 5, 5]
    member.locator(".js-plotly-plot").first.wait_for()  # own levels against the network's median

    secretariat = browser_page()
    log_in(secretariat, settle, base, SECRETARIAT)
    open_from_sidebar(secretariat, settle, "Selvevaluering", "selvevaluering")
    heatmap = secretariat.locator(".st-key-assessment_heatmap .js-plotly-plot")
    heatmap.wait_for()
    cells = secretariat.wait_for_function("""() => {
        const gd = document.querySelector('.st-key-assessment_heatmap .js-plotly-plot');
        const trace = gd && gd._fullData && gd._fullData[0];
        return trace && trace.type === 'heatmap' ? {y: trace.y, z: trace.z} : null;
    }""").json_value()
    row = cells["y"].index("Kárášjohka - Karasjok")
    assert cells["z"][row] == [1, 2, 3, 4, 5, 5]
    assert len(cells["y"]) >= 15  # every active member is a row, answered or not
    secretariat.locator("[data-testid='stDataFrame']").last.scroll_into_view_if_needed()  # drawn when in view
    table_row(secretariat, "Måling og evaluering Δ").first.wait_for(state="attached")  # its table, with the changes
    assert secretariat.locator(EXCEPTION).count() == 0


def test_a_partner_with_a_dialogue_entry_and_a_follow_up(browser_page, settle, base, database):
    page = browser_page()
    log_in(page, settle, base, SECRETARIAT)
    open_from_sidebar(page, settle, "Partnere og dialog", "partnere")
    widget(page, "partner_name_new").locator("input").fill("Oppdiktet Klimaforum")
    choose(page, "partner_sectors_new", "sivil", "sivilsamfunnet")
    widget(page, "partner_email_new").locator("input").fill("post@example.org")
    submit(page, settle, "partner_name_new")
    page.get_by_role("heading", name="Dialog med Oppdiktet Klimaforum").wait_for()
    partner = next(p for p in partners.partners(database) if p.name == "Oppdiktet Klimaforum")

    page.locator("[class*='st-key-dialogue_participants_'] input").fill("Oppdiktet: Kari og Ola")
    page.locator("[class*='st-key-dialogue_agreed_'] textarea").fill("Oppdiktet: felles klimaseminar i mars")
    page.locator("[class*='st-key-dialogue_follow_up_'] input").fill("Oppdiktet: sende invitasjon")
    page.locator("[class*='st-key-dialogue_owner_'] input").fill("Kari Nordmann")
    # Streamlit 1.67's date field: day, month and year segments in bokmål's DD.MM.YYYY; typed in order from the day
    # (a click would open the calendar over the form).
    page.locator("[class*='st-key-dialogue_due_'] [role='spinbutton'][data-type='day']").focus()
    page.keyboard.type(f"1501{YEAR + 1}")
    page.keyboard.press("Escape")
    form = page.locator("[data-testid='stForm']").filter(has=page.locator("[class*='st-key-dialogue_owner_']"))
    settle(page, form.locator("[data-testid='stFormSubmitButton'] button").click)
    row = table_row(page, "Oppdiktet: sende invitasjon").first
    row.wait_for(state="attached")
    text = row.text_content() or ""
    assert "Kari Nordmann" in text and f"15.01.{YEAR + 1}" in text and "Oppdiktet Klimaforum" in text
    log = partners.dialogue(database, partner_id=partner.id)
    assert [(e.agreed, e.follow_up_owner, str(e.follow_up_due), e.follow_up_status) for e in log] == [
        ("Oppdiktet: felles klimaseminar i mars", "Kari Nordmann", f"{YEAR + 1}-01-15", "open")]
    assert page.locator(EXCEPTION).count() == 0
