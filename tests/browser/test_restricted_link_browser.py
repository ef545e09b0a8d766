"""A restricted page's link opened while logged out says "log in to see this page" (issue 13 §5), in bokmål and
English, with no Streamlit "Page not found" dialog and none of the page's content; after logging in through the
sidebar on that same address, the page itself is shown.

The server runs on a private database (a copy of the public data with one admin account); the default one is only
read.
"""

from __future__ import annotations

import re

import pytest

from core import auth, db
from core.gate import SYSTEM
from core.i18n import t

pytestmark = pytest.mark.browser

USERNAME, PASSWORD = "lenkeadmin", "blank fjord lampe sykkel"
# url path -> the page's title key (app.py's RESTRICTED)
LINKS = {"medlemmer": "page.members", "endringslogg": "page.audit", "brukere": "page.users"}


@pytest.fixture(scope="module")
def link_app_url(private_database, streamlit_servers):
    url = private_database("restricted_link")
    auth.create_user(SYSTEM, USERNAME, "Lenkeadmin", PASSWORD, "admin", url=url)
    db.engine_for(url).dispose()
    with streamlit_servers.serving("app.py", {"DATABASE_URL": url}) as base:
        yield base


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", sorted(LINKS))
def test_a_restricted_link_while_logged_out_asks_to_log_in(link_app_url, page, settle, path, lang):
    page.goto(f"{link_app_url}/{path}?lang={lang}")
    settle(page)
    page.get_by_role("heading", name=t("restricted.title", lang), level=1).wait_for()
    text = main_text(page)
    assert t("restricted.log_in", lang) in text
    assert t(LINKS[path], lang) not in text  # none of the page itself
    assert page.get_by_text("Page not found").count() == 0  # Streamlit's own fallback dialog
    assert re.search(f"/{path}(\\?|$)", page.url), page.url  # the address still names the page asked for
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert t(LINKS[path], lang) not in nav and t("restricted.title", lang) not in nav  # the stand-in is hidden


def test_logging_in_on_the_link_shows_the_page(link_app_url, page, settle):
    page.goto(f"{link_app_url}/endringslogg")
    settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    settle(page, sidebar.get_by_text(t("auth.login", "nb"), exact=True).first.click)  # the toggle that shows the form
    sidebar.locator(f"input[aria-label='{t('auth.username', 'nb')}']").fill(USERNAME)
    sidebar.locator(f"input[aria-label='{t('auth.password', 'nb')}']").fill(PASSWORD)
    settle(page, sidebar.locator("[data-testid='stFormSubmitButton'] button").click)
    page.get_by_role("heading", name=t("page.audit", "nb"), level=1).wait_for()
    assert t("restricted.log_in", "nb") not in main_text(page)
