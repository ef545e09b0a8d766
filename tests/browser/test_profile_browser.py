"""End-to-end checks of the municipality profile in a real Chromium: search by a Sami name, radar, trend, matrix (the
charts drawn by ECharts as SVG)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
GOALS = 17

GREY = "RGB(158,158,158)"  # charts.sdg_radar.NO_DATA_GREY, as the SVG writes it


def drawn_charts(page, wait_for_charts, echarts_drawn, expected: int = 2) -> list[dict]:
    """The page's ECharts charts once the script is idle and each chart has drawn its SVG."""
    page.wait_for_selector(IDLE)
    wait_for_charts(page, expected)
    return echarts_drawn(page)


def assert_radar(chart: dict, name: str, goals_with_medians: tuple[int, int]) -> None:
    """Every goal one bar; each median a marker per goal it has (diamonds: the peers', open circles: the nation's)."""
    from core import queries

    colours = {c.upper() for c in queries.sdg_goals().colour}
    bars = sum(n for colour, n in chart["fills"].items() if colour in colours or colour == GREY)
    assert bars == GOALS  # every goal is a bar: a score in its SDG colour or a faint "no data" bar
    assert {str(g) for g in range(1, GOALS + 1)} <= set(chart["texts"])  # the goals' numbers around the wheel
    assert (chart["fills"].get("#212121", 0), chart["fills"].get("#FFF", 0)) == goals_with_medians
    assert name in chart["label"]  # named for screen readers


def medians_drawn(slide_data, code: str) -> tuple[int, int]:
    """How many goals the profile's two medians have for the municipality (core.profile, as the page draws them)."""
    from reports import slides

    area = slides.area_profile(slide_data, code)
    return int(area.peer_goal_medians.notna().sum()), int(area.national_goal_medians.notna().sum())


def assert_trend(chart: dict) -> None:
    assert chart["strokes"].get("#1565C0", 0) >= 2  # the area's line and its projection
    assert chart["strokes"].get("#616161", 0) >= 1  # a comparison
    assert "2030" in chart["texts"]


def test_search_by_sami_name_opens_profile(page, app_url, wait_for_charts, echarts_drawn, slide_data):
    page.goto(f"{app_url}/kommuneprofil")
    page.wait_for_selector(IDLE)
    search = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Kommune")
    search.locator("input").click()
    search.locator("input").fill("Guovdageaidnu")
    option = page.get_by_role("option", name=re.compile(r"\(5612\)"))
    option.first.click()
    page.wait_for_url(re.compile(r"[?&]kommune=5612(&|$)"))
    header = page.locator("[data-testid='stHeading'] h2").filter(has_text="Guovdageaidnu - Kautokeino")
    header.first.wait_for()
    radar, trend = drawn_charts(page, wait_for_charts, echarts_drawn)
    assert_radar(radar, "Guovdageaidnu - Kautokeino", medians_drawn(slide_data, "5612"))
    assert trend["strokes"].get("#1565C0", 0) >= 1
    assert header.count() == 1
    assert page.locator(EXCEPTION).count() == 0


def test_profile_link_draws_radar_trend_and_matrix(page, app_url, wait_for_charts, echarts_drawn, slide_data):
    page.goto(f"{app_url}/kommuneprofil?kommune=0301&lang=en")
    radar, trend = drawn_charts(page, wait_for_charts, echarts_drawn)
    assert_radar(radar, "Oslo", medians_drawn(slide_data, "0301"))
    assert_trend(trend)
    assert page.locator("[data-testid='stHeading'] h2").filter(has_text="Oslo").count() == 1
    # st.html is rendered inline (not in an iframe) in Streamlit 1.67, so the tiles are in the page's own DOM.
    tiles = page.locator("[data-testid='stHtml'] .sdg-tile")
    assert tiles.count() == GOALS
    assert [n.strip() for n in page.locator(".sdg-tile .sdg-number").all_inner_texts()] == [
        str(g) for g in range(1, GOALS + 1)
    ]
    assert page.locator(EXCEPTION).count() == 0


# Where each point of the chart at `index` is drawn (the centre of each marker ECharts places with a matrix()).
POINTS_JS = """(index) => [...document.querySelectorAll("[data-testid='stEChartsChart']")[index].querySelectorAll(
    'svg path')].filter((p) => (p.getAttribute('transform') || '').startsWith('matrix')).map((p) => {
        const box = p.getBoundingClientRect();
        return [box.x + box.width / 2, box.y + box.height / 2];
    })"""
# The tooltip the chart at `index` shows now, its lines joined with " | "; null when none is shown.
TOOLTIP_JS = """(index) => {
    const chart = document.querySelectorAll("[data-testid='stEChartsChart']")[index];
    const tip = [...chart.querySelectorAll('div')].find((d) => d.style.position === 'absolute'
        && d.style.display !== 'none' && d.innerText.trim() && getComputedStyle(d).opacity !== '0');
    return tip ? tip.innerText.replace(/\\n/g, ' | ') : null;
}"""


def test_every_point_of_the_trend_tells_its_value_as_the_reader_writes_it(page, app_url, wait_for_charts):
    page.goto(f"{app_url}/kommuneprofil?kommune=0301&trend=low_income_eu60")
    page.wait_for_selector(IDLE)
    wait_for_charts(page, 2)
    page.locator("[data-testid='stEChartsChart']").nth(1).scroll_into_view_if_needed()
    tips = []
    for x, y in page.evaluate(POINTS_JS, 1):
        page.mouse.move(x, y)
        tips.append(page.wait_for_function(TOOLTIP_JS, arg=1).json_value())
    assert len(tips) >= 10  # Oslo's years, the two medians' and the projection's end
    assert all(re.fullmatch(r".+ \| \d{4}: \d+(,\d+)? %", tip) for tip in tips), tips  # "Oslo | 2021: 14,2 %"
    assert {tip.split(" | ")[0] for tip in tips} >= {"Oslo", "Norge"}
    assert any(tip.startswith("Fremskrevet til 2030") and " | 2030: " in tip for tip in tips)
    assert len(set(tips)) == len(tips)  # each point its own tooltip, none left over from the point before
    assert any("," in tip for tip in tips)  # decimal comma in bokmål
