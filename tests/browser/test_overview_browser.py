"""End-to-end checks of the overview page in a real Chromium: the map is drawn, links are validated."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
ALERT = "[data-testid='stAlert'], [data-testid='stAlertContainer']"

# The Leaflet map's drawing stamp (level|indicator|year|hash, static/sdg_choropleth.js) once it is drawn.
MAP_DRAWN_JS = """() => [...document.querySelectorAll('iframe')].map((f) => {
    try { return f.contentDocument.body.getAttribute('data-map-drawn'); } catch (e) { return null; }
}).find(Boolean) || null"""


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(IDLE)
    page.wait_for_function(MAP_DRAWN_JS)


# Every municipality and county drawn, offline: tests/browser/test_leaflet_map_browser.py.


def test_junk_params_warn_without_traceback(page, app_url):
    page.goto(f"{app_url}/oversikt?foo=bar&kommune=9999")
    page.wait_for_selector(IDLE)
    page.locator(ALERT).first.wait_for()
    assert page.locator(ALERT).count() >= 1
    assert page.locator(EXCEPTION).count() == 0


def test_municipality_search_sets_link_and_metric(page, app_url):
    open_page(page, f"{app_url}/oversikt")
    search = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Kommune")
    search.locator("input").click()
    search.locator("input").fill("Karasjok")
    option = page.get_by_role("option", name=re.compile(r"\(5610\)"))
    option.first.click()
    page.wait_for_url(re.compile(r"[?&]kommune=5610(&|$)"))
    page.wait_for_selector(IDLE)
    metric = page.locator(".big-number").filter(has_text="Kárášjohka")
    metric.first.wait_for()
    assert metric.count() >= 1
    page.wait_for_function(MAP_DRAWN_JS)
    assert page.locator(EXCEPTION).count() == 0
