"""Restricted pages as the very first request to a freshly started server, in a fresh browser context.

With a `pages/` folder Streamlit served the first request after a start from that file directly, past app.py's
login (see DESIGN.md). /medlemmer and /brukere each get a server of their own, started for them; a third fresh server
gets /kontingent as its first request and then the other restricted URLs, each in a new browser context (a server
per URL costs a cold start of about 7 s CPU each, too slow for this suite). The default database is only read.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
RESTRICTED = ("medlemmer", "kontingent", "styringsgruppe", "moter", "arsrapport", "endringslogg", "brukere", "soknad")
# Headings, labels and titles that only the restricted pages show.
ADMIN_TEXT = ("Medlemsregister", "Kontingentliste", "Sammensetning nå", "Registrer søknad", "Registrer ny status",
              "Tariff per år", "Legg til plass", "Registrer møte", "Åpne oppfølgingspunkter", "Last ned årsrapport",
              "Ny bruker", "Deaktiver", "Søk medlemskap for", "Styringsgruppen", "Endringslogg")
ADMIN_TITLES = ("Medlemmer", "Kontingent", "Styringsgruppen", "Møter og oppfølging", "Årsrapport", "Endringslogg",
                "Brukere", "Søk medlemskap")
ADMIN_KEYS = ("member_register", "application_code", "advance_member", "fee_year", "steering_roster",
              "meeting_place", "chosen_meeting", "report_year", "make_report", "report_file", "audit_entries",
              "user_list")


FIRST_REQUESTS = ("medlemmer", "brukere", "kontingent")  # each the first request of its own fresh server


def open_in_fresh_context(new_context, contexts: list, url: str):
    context = new_context()
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(url)
    return page


def first_run_done(page, settle) -> None:
    """The first script run of the page has finished and drawn its title (the run counter: conftest's settle)."""
    settle(page)
    page.locator("[data-testid='stMain'] h1").first.wait_for()


@pytest.fixture(scope="module")
def first_views(new_context, settle, streamlit_servers):
    """path -> the page a fresh browser context got for that URL; the fresh servers load side by side."""
    servers, contexts, pages = {}, [], {}
    try:
        for path in FIRST_REQUESTS:
            process, url = streamlit_servers.launch("app.py")
            servers[path] = (url, process)
        for url, process in servers.values():
            streamlit_servers.wait_healthy(process, url, timeout=120)
        for path, (url, _) in servers.items():
            pages[path] = open_in_fresh_context(new_context, contexts, f"{url}/{path}")
        for page in pages.values():
            first_run_done(page, settle)
        shared = servers["kontingent"][0]  # /kontingent was its first request; now the rest, one at a time
        for path in RESTRICTED:
            if path not in pages:
                pages[path] = open_in_fresh_context(new_context, contexts, f"{shared}/{path}")
                first_run_done(pages[path], settle)
        yield pages
    finally:
        for context in contexts:
            context.close()
        for _, process in servers.values():
            process.terminate()  # all at once; stop() then waits (and kills if needed) one by one
        for _, process in servers.values():
            streamlit_servers.stop(process)


@pytest.mark.parametrize("path", RESTRICTED)
def test_a_restricted_url_as_the_first_request_shows_no_admin_content(first_views, path):
    page = first_views[path]
    main = page.locator("[data-testid='stMain']")
    assert page.locator(EXCEPTION).count() == 0
    assert main.locator("[data-testid='stDataFrame']").count() == 0
    assert main.locator("[data-testid='stForm']").count() == 0
    for key in ADMIN_KEYS:
        assert page.locator(f".st-key-{key}").count() == 0, key
    titles = [title.strip() for title in main.locator("h1").all_inner_texts()]
    assert titles and not set(titles) & set(ADMIN_TITLES), titles
    text = main.inner_text()
    for shown in ADMIN_TEXT:
        assert shown not in text, shown
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    for title in ADMIN_TITLES:
        assert title not in nav, title
