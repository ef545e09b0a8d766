"""End-to-end checks of the overview page in a real Chromium: the map draws every area, links are validated."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
ALERT = "[data-testid='stAlert'], [data-testid='stAlertContainer']"

# Distinct area codes among the rendered fill features of the MapLibre map, or -1 while it is not drawn.
DRAWN_AREAS_JS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const m = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot
        && gd._fullLayout.map._subplot.map;
    if (!m || !m.loaded()) return -1;
    const ids = new Set();
    for (const f of m.queryRenderedFeatures()) {
        if (f.layer && f.layer.id.endsWith('-fill') && f.id !== undefined) ids.add(f.id);
    }
    return ids.size;
}"""


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(IDLE)
    page.wait_for_selector(".js-plotly-plot")


def drawn_areas(page, expected: int) -> int:
    """Wait until the map has drawn the expected number of areas (or time out), then return the count."""
    try:
        page.wait_for_function(f"({DRAWN_AREAS_JS})() >= {expected}", timeout=20_000)
    except Exception:  # noqa: BLE001 - report the count reached instead of a bare timeout
        pass
    return page.evaluate(DRAWN_AREAS_JS)


def test_all_municipalities_drawn(page, app_url):
    open_page(page, f"{app_url}/")
    assert drawn_areas(page, 357) == 357
    assert page.locator(EXCEPTION).count() == 0


def test_all_counties_drawn(page, app_url):
    open_page(page, f"{app_url}/?level=county")
    assert drawn_areas(page, 15) == 15
    assert page.locator(EXCEPTION).count() == 0


def test_junk_params_warn_without_traceback(page, app_url):
    page.goto(f"{app_url}/?foo=bar&kommune=9999")
    page.wait_for_selector(IDLE)
    page.locator(ALERT).first.wait_for()
    assert page.locator(ALERT).count() >= 1
    assert page.locator(EXCEPTION).count() == 0


def test_municipality_search_sets_link_and_metric(page, app_url):
    open_page(page, f"{app_url}/")
    search = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Kommune")
    search.locator("input").click()
    search.locator("input").fill("Karasjok")
    option = page.get_by_role("option", name=re.compile(r"\(5610\)"))
    option.first.click()
    page.wait_for_url(re.compile(r"[?&]kommune=5610(&|$)"))
    page.wait_for_selector(IDLE)
    metric = page.locator("[data-testid='stMetricLabel']").filter(has_text="Kárášjohka")
    metric.first.wait_for()
    assert metric.count() >= 1
    assert page.locator(EXCEPTION).count() == 0
