"""End-to-end checks of the compare page in a real Chromium: switching the peer set redraws the radar; the trends'
section draws its chart when opened."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
MEDIAN = "Median sammenligningsgruppe"

# The radar's (first chart's) median markers (filled #212121: charts/sdg_radar.py MARKERS; the legend's swatch, placed
# with a translate(), left out) once drawn and moved from `before` (when given); null until then. marks: their SVG
# paths (shape and place); points: how many.
MEDIAN_JS = """({before}) => {
    const chart = document.querySelector("[data-testid='stEChartsChart']");
    if (!chart) return null;
    const paths = [...chart.querySelectorAll('svg path[fill="#212121"]')]
        .filter((p) => !(p.getAttribute('transform') || '').startsWith('translate')).map((p) => p.outerHTML);
    const marks = paths.join('|');
    if (!paths.length || (before && marks === before)) return null;
    return {marks, points: paths.length, texts: [...chart.querySelectorAll('svg text')].map((t) => t.textContent)};
}"""


def radar_median(page, before: str | None = None) -> dict:
    page.wait_for_selector(IDLE)
    return page.wait_for_function(MEDIAN_JS, arg={"before": before}).json_value()


def test_switch_to_kostra_group_redraws_radar(page, app_url, slide_data):
    from core import comparison, peers, queries

    page.goto(f"{app_url}/sammenlign?kommune=5610&peers=county")
    county = radar_median(page)
    control = page.locator("[data-testid='stButtonGroup']").filter(has_text="Sammenlign med")
    assert control.get_by_role("radio", name="Fylket").get_attribute("aria-checked") == "true"
    kostra = control.get_by_role("radio", name="KOSTRA-gruppen")
    kostra.click()
    # KOSTRA is the default peer set, so the page drops the parameter from the link.
    page.wait_for_url(lambda url: "peers=" not in url)
    after = radar_median(page, before=county["marks"])  # idle, and the radar redrawn with the new group's median
    assert re.search(r"[?&]kommune=5610(&|$)", page.url)
    assert kostra.get_attribute("aria-checked") == "true"
    group = peers.kostra_peers("5610", queries.municipalities())
    scored = int(comparison.goal_ranges(slide_data.book, group)["median"].notna().sum())
    assert after["points"] == scored > 0 and MEDIAN in after["texts"]  # a marker for every goal the median has
    assert page.locator(EXCEPTION).count() == 0


def test_compare_trends_are_drawn_when_their_section_is_opened(page, app_url, wait_for_charts):
    page.goto(f"{app_url}/sammenlign?kommune=5610")
    page.wait_for_selector(IDLE)
    wait_for_charts(page, 2)  # the radar and the ranked bars; the trends wait for the reader
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Utvikling").click()
    wait_for_charts(page, 3)
    assert page.locator("[data-testid='stExpander']").filter(has_text="Utvikling").locator(
        "[data-testid='stEChartsChart']").count() == 1
    assert re.search(r"[?&]kommune=5610(&|$)", page.url) and page.locator(EXCEPTION).count() == 0
