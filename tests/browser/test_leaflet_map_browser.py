"""The Leaflet maps of the overview and the map explorer in a real Chromium that can resolve no host but localhost.

Every municipality (or county) is drawn, a click chooses the municipality clicked, a change of year sends no polygons
again, and no request leaves the machine: Leaflet and the geometry are the app's own static files.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from shapely.geometry import shape

from core import geometry, queries
from core.config import settings_for_tests

pytestmark = pytest.mark.browser

# Any name but localhost resolves to nothing: a CDN, a tile server or a font host would fail to load.
OFFLINE_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"]
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"

# The map's drawing once its stamp (level|measure|year|hash) starts with the prefix: the stamp and the distinct
# area codes drawn as areas and as dots (static/sdg_choropleth.js tags each shape with data-code and data-kind).
DRAWN_JS = """(prefix) => {
    for (const frame of document.querySelectorAll('iframe')) {
        let doc;
        try { doc = frame.contentDocument; } catch (e) { continue; }
        const stamp = doc && doc.body && doc.body.getAttribute('data-map-drawn');
        if (!stamp || !stamp.startsWith(prefix)) continue;
        const codes = (kind) => [...new Set([...doc.querySelectorAll(`[data-kind=${kind}]`)]
            .map((e) => e.getAttribute('data-code')))];
        return {stamp: stamp, areas: codes('area'), dots: codes('dot')};
    }
    return null;
}"""

# Where in the map's own box a point (lat, lon) of the map is drawn.
POINT_JS = "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }"


@pytest.fixture(scope="module")
def offline_browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(executable_path=str(settings_for_tests().chromium_path),
                                                 args=OFFLINE_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def offline_page(offline_browser):
    """A page whose every request is recorded (page.requested: the URLs)."""
    context = offline_browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def drawn(page, prefix: str) -> dict:
    page.wait_for_selector(IDLE)
    return page.wait_for_function(DRAWN_JS, arg=prefix).json_value()


def assert_only_local(requests: list[str]) -> None:
    outside = sorted({url for url in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")
                      and urlsplit(url).hostname not in LOCAL_HOSTS})
    assert requests and not outside


def click_area(page, code: str) -> None:
    """Click the municipality at a point well inside it (Playwright scrolls the map into view first)."""
    frame = next(f for f in page.frames if f.evaluate("() => Boolean(window.sdgChoropleth && window.map)"))
    x, y = frame.evaluate(POINT_JS, list(inside_point(code)))
    frame.locator(".leaflet-container").click(position={"x": x, "y": y})


def inside_point(code: str) -> tuple[float, float]:
    """(lat, lon) of a point well inside the municipality, as the map draws it."""
    feature = next(f for f in geometry.boundaries("municipality")["features"] if f["id"] == code)
    area = shape(feature["geometry"])
    point = area.buffer(-0.05).representative_point()  # 0.05° in from the border: off any neighbour
    return point.y, point.x


def largest_municipality() -> str:
    features = geometry.boundaries("municipality")["features"]
    return max(features, key=lambda f: shape(f["geometry"]).area)["id"]


@pytest.mark.parametrize("path", ["/oversikt", "/kart"])
def test_every_municipality_and_county_drawn_offline(offline_page, app_url, path):
    municipalities = set(queries.municipalities().code)
    offline_page.goto(f"{app_url}{path}")
    shown = drawn(offline_page, "municipality|")
    assert set(shown["areas"]) == municipalities  # every one a shape of its own
    assert set(shown["dots"]) <= municipalities and shown["dots"]  # the tiny ones also a dot
    offline_page.goto(f"{app_url}{path}?level=county")
    counties = drawn(offline_page, "county|")
    assert set(counties["areas"]) == set(queries.counties().code)
    assert_only_local(offline_page.requested)
    assert offline_page.locator("[data-testid='stException']").count() == 0


def test_overview_year_change_sends_values_not_polygons(offline_page, app_url):
    offline_page.goto(f"{app_url}/oversikt?indicator=turnout_parliament")
    first = drawn(offline_page, "municipality|turnout_parliament|2025|")
    year_box = offline_page.locator("[data-testid='stSelectbox']").filter(has_text="År")
    year_box.click()
    offline_page.get_by_role("option", name="2021", exact=True).click()
    second = drawn(offline_page, "municipality|turnout_parliament|2021|")
    assert set(second["areas"]) == set(first["areas"])
    geometry_requests = [url for url in offline_page.requested if "/app/static/geometry/municipality-" in url]
    leaflet_requests = [url for url in offline_page.requested if "/app/static/geometry/leaflet-sdg-" in url]
    assert len(geometry_requests) == 1 and len(leaflet_requests) == 1  # the map was kept, not rebuilt
    assert_only_local(offline_page.requested)


def test_overview_click_chooses_the_municipality(offline_page, app_url):
    code = largest_municipality()
    name = queries.municipalities().set_index("code").name[code]
    offline_page.goto(f"{app_url}/oversikt")
    drawn(offline_page, "municipality|")
    click_area(offline_page, code)
    offline_page.wait_for_url(re.compile(rf"[?&]kommune={code}(&|$)"))
    link = offline_page.get_by_role("link", name=re.compile(re.escape(name)))
    link.wait_for()
    assert f"kommune={code}" in link.get_attribute("href")
    assert_only_local(offline_page.requested)


def test_explorer_click_opens_the_profile(offline_page, app_url):
    code = largest_municipality()
    name = queries.municipalities().set_index("code").name[code]
    offline_page.goto(f"{app_url}/kart")
    drawn(offline_page, "municipality|")
    click_area(offline_page, code)
    offline_page.wait_for_url(re.compile(rf"/kommuneprofil\?(.*&)?kommune={code}(&|$)"))
    offline_page.wait_for_selector(IDLE)
    short = name.split(" - ")[-1]  # "Guovdageaidnu - Kautokeino": the profile may join the names otherwise
    offline_page.get_by_role("heading").filter(has_text=short).first.wait_for()
    assert_only_local(offline_page.requested)
