"""End-to-end checks of the municipality profile in a real Chromium: search by a Sami name, radar, trend, matrix."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
GOALS = 17

# What each drawn Plotly chart holds, once every chart on the page is laid out and has drawn SVG; null before.
# bar_paths: SVG bars of the polar bar traces; marks: drawn lines and markers of the (polar) scatter traces;
# bar_points: how many values the barpolar traces carry (scored goals plus "no data" goals).
CHARTS_JS = """(expected) => {
    const charts = [...document.querySelectorAll('.js-plotly-plot')];
    if (charts.length < expected) return null;
    const drawn = charts.map((gd) => ({
        laidOut: !!gd._fullLayout && !!gd._fullData,
        types: (gd._fullData || []).map((t) => t.type),
        bar_points: (gd._fullData || []).filter((t) => t.type === 'barpolar')
            .reduce((n, t) => n + (t.r ? t.r.length : 0), 0),
        bar_paths: gd.querySelectorAll('.barlayer .trace.bars .point path').length,
        marks: gd.querySelectorAll('.scatterlayer .trace .js-line, .scatterlayer .trace .point').length,
    }));
    return drawn.every((c) => c.laidOut && c.bar_paths + c.marks > 0) ? drawn : null;
}"""


def drawn_charts(page, expected: int = 2) -> list[dict]:
    """The page's Plotly charts once the script is idle and each chart has drawn its SVG."""
    page.wait_for_selector(IDLE)
    return page.wait_for_function(CHARTS_JS, arg=expected).json_value()


def assert_radar(chart: dict) -> None:
    assert "barpolar" in chart["types"] and "scatterpolar" in chart["types"]
    assert chart["bar_points"] == GOALS  # every goal is a bar: a score or a faint "no data" bar
    assert chart["bar_paths"] >= GOALS
    assert chart["types"].count("scatterpolar") == 2  # the KOSTRA-group and national medians
    assert chart["marks"] >= 2  # drawn as lines, or as markers where gaps leave no segment


def test_search_by_sami_name_opens_profile(page, app_url):
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
    radar, trend = drawn_charts(page)
    assert_radar(radar)
    assert trend["types"][0] == "scatter" and trend["marks"] >= 1
    assert header.count() == 1
    assert page.locator(EXCEPTION).count() == 0


def test_profile_link_draws_radar_trend_and_matrix(page, app_url):
    page.goto(f"{app_url}/kommuneprofil?kommune=0301&lang=en")
    radar, trend = drawn_charts(page)
    assert_radar(radar)
    assert trend["types"][:2] == ["scatter", "scatter"] and trend["marks"] >= 2  # Oslo and a comparison
    assert page.locator("[data-testid='stHeading'] h2").filter(has_text="Oslo").count() == 1
    # st.html is rendered inline (not in an iframe) in Streamlit 1.67, so the tiles are in the page's own DOM.
    tiles = page.locator("[data-testid='stHtml'] .sdg-tile")
    assert tiles.count() == GOALS
    assert [n.strip() for n in page.locator(".sdg-tile .sdg-number").all_inner_texts()] == [
        str(g) for g in range(1, GOALS + 1)
    ]
    assert page.locator(EXCEPTION).count() == 0
