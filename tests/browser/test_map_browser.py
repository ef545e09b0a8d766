"""End-to-end check of the map explorer in a real Chromium: the year slider moves by keyboard and redraws the map."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"

# The years in the map's value trace (customdata rows are [name, text, year, source]) once the MapLibre map has
# loaded and drawn features; null before. Only when every row has the wanted year (if given).
MAP_YEARS_JS = """(wanted) => {
    try {
        const gd = document.querySelector('.js-plotly-plot');
        const m = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot
            && gd._fullLayout.map._subplot.map;
        if (!m || !m.loaded() || m.queryRenderedFeatures().length === 0) return null;
        const rows = gd.data.filter((t) => t.type === 'choroplethmap' && t.customdata && t.customdata.length
            && t.customdata[0].length === 4).flatMap((t) => Array.from(t.customdata));
        const years = [...new Set(rows.map((row) => Number(row[2])))];
        if (!years.length || (wanted !== null && (years.length !== 1 || years[0] !== wanted))) return null;
        return years;
    } catch (e) {
        return null;  // the map is being (re)built
    }
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
