"""A phone, 390 × 844 (issue 13 §5): the profile's goal tiles wrap into two columns, the overview's map fits the
screen, and no page scrolls sideways (components/layout_css.py). The default database is only read."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = ("kommuneprofil?kommune=5501", "oversikt", "kart", "")  # the profile, the overview, the map, the landing page


@pytest.fixture
def phone(new_context):
    context = new_context()
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.set_default_timeout(90_000)
    yield page
    context.close()


def boxes(page, selector: str) -> list[dict]:
    return [box for box in (element.bounding_box() for element in page.locator(selector).all()) if box]


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_on_a_phone(app_url, phone, settle, path):
    phone.goto(f"{app_url}/{path}")
    settle(phone)
    phone.locator("[data-testid='stMain'] h1").first.wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.evaluate("document.body.scrollWidth") <= PHONE["width"]


def test_the_profiles_goal_tiles_are_two_a_row(app_url, phone, settle):
    phone.goto(f"{app_url}/kommuneprofil?kommune=5501")
    settle(phone)
    phone.locator(".sdg-tile").first.wait_for()
    tiles = boxes(phone, ".sdg-tile")
    assert len(tiles) == 17  # one per goal
    rows: dict[int, list[dict]] = {}
    for tile in tiles:
        rows.setdefault(round(tile["y"]), []).append(tile)
    sizes = [len(row) for _, row in sorted(rows.items())]
    assert sizes == [2] * (len(tiles) // 2) + [1] * (len(tiles) % 2), sizes
    for tile in tiles:
        assert tile["x"] >= 0 and tile["x"] + tile["width"] <= PHONE["width"], tile


def test_the_overview_map_fits_a_phone(app_url, phone, settle):
    phone.goto(f"{app_url}/oversikt")
    settle(phone)
    map_box = phone.locator("[data-testid='stMain'] iframe").first  # the Leaflet map (streamlit-folium)
    map_box.wait_for()
    box = map_box.bounding_box()
    assert box and box["width"] > PHONE["width"] / 2  # drawn, and as wide as the screen allows
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
