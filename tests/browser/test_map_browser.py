"""End-to-end check of the map explorer in a real Chromium: the year slider moves by keyboard and redraws the map."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"

# The year of the Leaflet map's drawing (its stamp is level|measure|year|hash, static/sdg_choropleth.js) once it
# is drawn, and only when it is the wanted year (if given); null before.
MAP_YEARS_JS = """(wanted) => {
    for (const frame of document.querySelectorAll('iframe')) {
        let stamp = null;
        try { stamp = frame.contentDocument.body.getAttribute('data-map-drawn'); } catch (e) { continue; }
        if (!stamp) continue;
        const year = Number(stamp.split('|')[2]);
        return wanted === null || year === wanted ? [year] : null;
    }
    return null;
}"""


def map_years(page, wanted: int | None = None) -> list[int]:
    page.wait_for_selector(IDLE)
    return page.wait_for_function(MAP_YEARS_JS, arg=wanted).json_value()


def test_year_slider_by_keyboard_redraws_map(page, app_url):
    page.goto(f"{app_url}/kart?measure=turnout_parliament")
    assert map_years(page) == [2025]  # the slider starts at the latest year with data
    slider = page.locator("[data-testid='stSlider']").filter(has_text="År")
    assert slider.locator("[data-testid='stSliderThumbValue']").inner_text().strip() == "2025"
    # Streamlit 1.67's slider is react-aria's: the thumb is a native <input type="range"> (implicit role slider),
    # not an element with a role="slider" attribute.
    thumb = slider.get_by_role("slider")
    assert thumb.get_attribute("aria-valuetext") == "2025"
    thumb.focus()
    page.keyboard.press("ArrowLeft")  # one step back: the previous parliamentary election
    page.wait_for_url(re.compile(r"[?&]year=2021(&|$)"))
    assert map_years(page, wanted=2021) == [2021]
    assert slider.locator("[data-testid='stSliderThumbValue']").inner_text().strip() == "2021"
    assert re.search(r"[?&]measure=turnout_parliament(&|$)", page.url)
    assert page.locator(EXCEPTION).count() == 0
