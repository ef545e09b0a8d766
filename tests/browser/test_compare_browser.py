"""End-to-end checks of the compare page in a real Chromium: switching the peer set redraws the radar; the trends'
section draws its chart when opened."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
MEDIAN = "Median sammenligningsgruppe"

# The radar's (first chart's) peer-median trace once it is laid out, its markers are drawn and its values differ
# from `before` (when given); null until then. r: the values Plotly holds; points: SVG markers in the polar layer.
MEDIAN_JS = """({name, before}) => {
    const gd = document.querySelector('.js-plotly-plot');
    if (!gd || !gd._fullLayout || !gd._fullData || !gd.data) return null;
    const trace = gd.data.find((t) => t.name === name);
    if (!trace || !trace.r) return null;
    const r = Array.from(trace.r, (v) => (v === undefined ? null : v));
    if (before && JSON.stringify(r) === JSON.stringify(before)) return null;
    const points = gd.querySelectorAll('.polarlayer .scatterlayer .trace .point').length;
    return points > 0 ? {r, points} : null;
}"""


def radar_median(page, before: list | None = None) -> dict:
    page.wait_for_selector(IDLE)
    return page.wait_for_function(MEDIAN_JS, arg={"name": MEDIAN, "before": before}).json_value()


def test_switch_to_kostra_group_redraws_radar(page, app_url):
    page.goto(f"{app_url}/sammenlign?kommune=5610&peers=county")
    county = radar_median(page)
    control = page.locator("[data-testid='stButtonGroup']").filter(has_text="Sammenlign med")
    assert control.get_by_role("radio", name="Fylket").get_attribute("aria-checked") == "true"
    kostra = control.get_by_role("radio", name="KOSTRA-gruppen")
    kostra.click()
    # KOSTRA is the default peer set, so the page drops the parameter from the link.
    page.wait_for_url(lambda url: "peers=" not in url)
    after = radar_median(page, before=county["r"])  # idle, and the radar redrawn with the new group's median
    assert re.search(r"[?&]kommune=5610(&|$)", page.url)
    assert kostra.get_attribute("aria-checked") == "true"
    scored = [v for v in after["r"] if v is not None]
    assert len(after["r"]) == 17 and scored, "the peer median has no goal score"
    assert after["points"] >= len(scored) > 0  # a marker for every goal the median has
    assert page.locator(EXCEPTION).count() == 0




def test_compare_trends_are_drawn_when_their_section_is_opened(page, app_url, wait_for_charts):
    page.goto(f"{app_url}/sammenlign?kommune=5610")
    page.wait_for_selector(IDLE)
    wait_for_charts(page, 2)  # the radar and the ranked bars; the trends wait for the reader
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Utvikling").click()
    wait_for_charts(page, 3)
    assert page.locator("[data-testid='stExpander']").filter(has_text="Utvikling").locator(
        ".js-plotly-plot").count() == 1
    assert re.search(r"[?&]kommune=5610(&|$)", page.url) and page.locator(EXCEPTION).count() == 0
