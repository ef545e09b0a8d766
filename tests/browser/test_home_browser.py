"""The landing page in a real Chromium: the default page, its 17 goal tiles and members map, its own search box
(Tromso finds Tromsø and leads to the profile) and a municipality in the link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from core import landing, queries
from core.i18n import t
from reports import slides

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
TILES = ".goal-grid .goal-tile"
# The members map (Leaflet, static/sdg_choropleth.js) stamps its frame's body once drawn; every municipality an area.
MAP_DRAWN = """() => [...document.querySelectorAll('iframe')].some((frame) => {
    let doc;
    try { doc = frame.contentDocument; } catch (e) { return false; }
    const stamp = doc && doc.body && doc.body.getAttribute('data-map-drawn');
    return !!stamp && stamp.startsWith('members|')
        && new Set([...doc.querySelectorAll('[data-kind=area]')].map((e) => e.getAttribute('data-code'))).size
           === %d;
})"""


@pytest.fixture(scope="module")
def national_coverage() -> landing.GoalCoverage:
    data = slides.load_slide_data()
    return landing.coverage(landing.national_tiles(data.book, data.catalogue))


def names() -> dict[str, str]:
    frame = queries.municipalities()
    return dict(zip(frame.code, frame.name, strict=True))


def open_home(page, url: str) -> None:
    """The page idle with its first tile drawn. Elements sent in the same run can appear a moment later (React shows
    a lazily loaded element once its chunk is there), so what follows waits for each element it checks."""
    page.goto(url)
    page.wait_for_selector(IDLE)
    page.locator(TILES).first.wait_for()


def test_the_landing_page_is_the_default_page(page, app_url, national_coverage):
    open_home(page, f"{app_url}/")
    expect(page.get_by_role("heading", name=t("home.title", "nb"), level=1)).to_be_visible()
    expect(page.get_by_text(t("home.lead", "nb"))).to_be_visible()
    tiles = page.locator(TILES)
    assert tiles.count() == 17
    assert all(tiles.nth(i).is_visible() for i in range(17))
    assert page.locator(f"{TILES}.no-data").count() == 17 - national_coverage.with_data
    headline = t("profile.goals_with_data", "nb", goals=national_coverage.with_data, total=17)
    expect(page.get_by_text(headline).first).to_be_visible()
    page.wait_for_function(MAP_DRAWN % len(names()))
    expect(page.get_by_role("heading", name=t("home.map_title", "nb"))).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0


def test_the_search_box_finds_tromso_and_leads_to_the_profile(page, app_url):
    open_home(page, f"{app_url}/")
    box = page.get_by_label(t("home.choose", "nb"), exact=True).and_(page.get_by_test_id("stTextInputField"))
    box.fill("Tromso")
    box.press("Enter")
    page.wait_for_url(re.compile(r"[?&]kommune=5501(&|$)"))
    heading = t("home.municipality_heading", "nb", name="Tromsø")
    page.get_by_role("heading", name=heading).wait_for()
    assert page.locator(TILES).filter(has_text="median").count() >= 1  # against its KOSTRA group's median
    page.get_by_role("link", name=t("home.open_profile", "nb", name="Tromsø")).click()
    page.wait_for_url(re.compile(r"/kommuneprofil\?(.*&)?kommune=5501(&|$)"))
    page.locator("[data-testid='stHeading'] h2").filter(has_text="Tromsø").first.wait_for()
    assert page.locator(EXCEPTION).count() == 0


def test_a_municipality_in_the_link_is_shown_against_its_peers_in_english(page, app_url):
    name = names()["5001"]
    open_home(page, f"{app_url}/?kommune=5001&lang=en")
    page.get_by_role("heading", name=t("home.municipality_heading", "en", name=name)).wait_for()
    compared = page.locator(TILES).filter(has_text="median")
    assert compared.count() >= 1
    expect(page.get_by_role("link", name=t("home.open_profile", "en", name=name))).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0


def test_on_a_phone_the_tiles_wrap_into_two_columns(page, app_url):
    page.set_viewport_size({"width": 390, "height": 844})
    open_home(page, f"{app_url}/?kommune=5501")
    lefts = page.evaluate(f"""() => [...document.querySelectorAll("{TILES}")]
                                .map((tile) => Math.round(tile.getBoundingClientRect().left))""")
    assert len(lefts) == 17 and len(set(lefts)) == 2
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1]  # nothing scrolls sideways
