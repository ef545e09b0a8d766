"""End-to-end checks of the overview page in a real Chromium: the map draws every area, links are validated."""

from __future__ import annotations

import re

import pytest

from core import queries

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
ALERT = "[data-testid='stAlert'], [data-testid='stAlertContainer']"

# Distinct area codes among the rendered fill features of the MapLibre map, or null while it is not drawn.
RENDERED_IDS_JS = """() => {
    try {
        const gd = document.querySelector('.js-plotly-plot');
        const m = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot
            && gd._fullLayout.map._subplot.map;
        if (!m || !m.loaded() || !m.areTilesLoaded()) return null;
        const ids = new Set();
        for (const f of m.queryRenderedFeatures()) {
            if (f.layer && f.layer.id.endsWith('-fill') && f.id !== undefined) ids.add(f.id);
        }
        return ids.size ? [...ids] : null;
    } catch (e) {
        return null;  // the map is being (re)built
    }
}"""

# Areas marked with a dot because they are too small to see at country zoom, and how many dots are drawn.
DOTS_JS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const m = gd._fullLayout.map._subplot.map;
    const codes = gd.data.filter((t) => t.type === 'scattermap').flatMap((t) => Array.from(t.ids || []));
    const drawn = m.queryRenderedFeatures().filter((f) => f.layer.id.endsWith('-circle')).length;
    return {codes, drawn};
}"""


def figure_locations(page) -> set[int]:
    """Every area code the figure's traces contain (what the map is asked to draw)."""
    codes = page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.flatMap((t) => Array.from(t.locations || []))"
    )
    return {int(c) for c in codes}


# The drawn ids once two reads half a second apart agree (null until then): Streamlit may rebuild the chart just
# after the first draw (e.g. on a resize), so one ready moment is not enough.
STABLE_IDS_JS = """() => {
    const ids = (""" + RENDERED_IDS_JS + """)();
    const key = ids ? JSON.stringify([...ids].sort()) : null;
    const same = key !== null && key === window.__lastDrawnIds;
    window.__lastDrawnIds = key;
    return same ? ids : null;
}"""


def rendered_ids(page, timeout: float = 20.0) -> set[int]:
    """The area ids drawn once the map is loaded and has kept the same drawing for half a second."""
    page.evaluate("() => { window.__lastDrawnIds = null; }")
    handle = page.wait_for_function(STABLE_IDS_JS, polling=500, timeout=timeout * 1000)
    return {int(i) for i in handle.json_value()}


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(IDLE)
    page.wait_for_selector(".js-plotly-plot")


def test_all_municipalities_drawn(page, app_url):
    """Every municipality is drawn: as an area, or as a dot where the area is below a pixel (Kvitsøy, Træna)."""
    open_page(page, f"{app_url}/oversikt")
    drawn = rendered_ids(page)
    expected = figure_locations(page)
    assert len(expected) == len(queries.municipalities())
    assert drawn <= expected and len(drawn) >= 350
    dots = page.evaluate(DOTS_JS)
    dotted = {int(code) for code in dots["codes"]}
    assert dots["drawn"] == len(dotted) > 0
    assert drawn | dotted == expected, f"not drawn: {sorted(expected - drawn - dotted)}"
    assert page.locator(EXCEPTION).count() == 0


def test_all_counties_drawn(page, app_url):
    open_page(page, f"{app_url}/oversikt?level=county")
    counties = len(queries.counties())
    assert len(rendered_ids(page)) == counties
    assert len(figure_locations(page)) == counties
    assert page.locator(EXCEPTION).count() == 0


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
    metric = page.locator("[data-testid='stMetricLabel']").filter(has_text="Kárášjohka")
    metric.first.wait_for()
    assert metric.count() >= 1
    assert page.locator(EXCEPTION).count() == 0
