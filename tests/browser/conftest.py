"""Browser fixtures: Streamlit servers, pages from the system (Debian) Chromium, and waiting for a script run.

Playwright is used only as a driver; no browser is ever downloaded. Set CHROMIUM_PATH to use another binary.
Test modules get everything here as fixtures; none imports another test module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from core.config import settings_for_tests
from tests import streamlit_server

CHROMIUM_PATH = str(settings_for_tests().chromium_path)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: end-to-end tests that drive the app in a real Chromium")


def pytest_collection_modifyitems(config, items):
    reason = None
    if not Path(CHROMIUM_PATH).is_file():
        reason = f"Chromium not found at {CHROMIUM_PATH} (set CHROMIUM_PATH to override)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright Python package is not installed"
    if reason:
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server.serving("app.py") as url:
        yield url


@pytest.fixture(scope="session")
def streamlit_servers():
    """tests/streamlit_server.py (launch, wait_healthy, stop, serving) for tests that start servers of their own."""
    return streamlit_server


IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"

# Counts the script runs the server reports finished, read from its websocket messages: a ForwardMsg whose field 6
# (script_finished) is 0 (success), 1 (compile error) or 3 (fragment run); 2 (stopped early for a rerun) is followed
# by the run that counts. A test then waits for the run its click caused, instead of sleeping and hoping it started.
RUN_COUNTER_JS = """(() => {
    window.__runsFinished = 0;
    const varint = (bytes, at) => {
        let value = 0, shift = 0, byte;
        do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
        return [value, at];
    };
    const count = (buffer) => {
        const bytes = new Uint8Array(buffer);
        let at = 0, key, value;
        while (at < bytes.length) {
            [key, at] = varint(bytes, at);
            const field = Math.floor(key / 8), wire = key & 7;
            if (wire === 0) {
                [value, at] = varint(bytes, at);
                if (field === 6 && value !== 2) window.__runsFinished += 1;
            } else if (wire === 2) { [value, at] = varint(bytes, at); at += value; }
            else if (wire === 1) { at += 8; } else if (wire === 5) { at += 4; } else { return; }
        }
    };
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener("message", (event) => {
                if (event.data instanceof ArrayBuffer) count(event.data);
            });
        }
    };
})();"""


def runs_finished(page) -> int:
    return page.evaluate("() => window.__runsFinished || 0")


@pytest.fixture(scope="session")
def settle() -> Callable:
    """A function: settle(page, action=None). With an action (a click, a choice): do it, then wait until the
    script run it caused has finished and the app is idle. Without: wait until the page's first run has finished.
    Either way no element may show an exception."""

    def wait(page, action: Callable[[], object] | None = None) -> None:
        before = runs_finished(page) if action is not None else 0
        if action is not None:
            action()
        page.wait_for_function("(before) => (window.__runsFinished || 0) > before", arg=before)
        page.wait_for_selector(IDLE)
        assert page.locator("[data-testid='stException']").count() == 0

    return wait


@pytest.fixture(scope="session")
def new_context(browser):
    """A function: a fresh browser context (no cookies, no session) that counts script runs; the caller closes it."""

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(script=RUN_COUNTER_JS)
        return context

    return make


@pytest.fixture(scope="session")
def playwright_driver():
    """The one Playwright of the session: a second sync_playwright() while one is open refuses to start (it runs
    an asyncio loop on the main thread), so modules that need a browser of their own launch it from this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(new_context):
    context = new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


# Exactly `expected` charts on the page, each drawn: a Plotly chart laid out with bars, lines or markers in its SVG;
# an ECharts chart (charts/echarts_style.py, SVG renderer) with its paths.
CHARTS_DRAWN_JS = """(expected) => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    const echarts = [...document.querySelectorAll("[data-testid='stEChartsChart']")];
    const drawn = (gd) => gd._fullLayout && gd.querySelector('.main-svg .barlayer .point path, '
        + '.main-svg .scatterlayer .js-line, .main-svg .scatterlayer .point');
    return plots.length + echarts.length === expected && plots.every(drawn)
        && echarts.every((e) => e.querySelector('svg path'));
}"""
# What each ECharts chart drew: how many SVG paths each fill and each stroke colour paints, and its texts (axis
# labels, legend); upper-case hex as the options write colours. The legend's swatches are left out of the counts
# (ECharts places them with a translate(); bars, lines and markers carry no transform or a matrix), so a count is
# of what the data drew.
ECHARTS_DRAWN_JS = """() => [...document.querySelectorAll("[data-testid='stEChartsChart']")].map((chart) => {
    const drawn = [...chart.querySelectorAll('svg path')]
        .filter((path) => !(path.getAttribute('transform') || '').startsWith('translate'));
    const count = (attribute) => {
        const counts = {};
        for (const path of drawn.filter((p) => p.hasAttribute(attribute))) {
            const colour = path.getAttribute(attribute).toUpperCase();
            counts[colour] = (counts[colour] || 0) + 1;
        }
        return counts;
    };
    return {fills: count('fill'), strokes: count('stroke'),
            texts: [...chart.querySelectorAll('svg text')].map((t) => t.textContent),
            label: chart.getAttribute('aria-label')};
})"""


@pytest.fixture(scope="session")
def echarts_drawn() -> Callable:
    """echarts_drawn(page): per ECharts chart on the page, {fills, strokes, texts, label} (see ECHARTS_DRAWN_JS);
    fills and strokes count what the data drew, not the legend."""
    return lambda page: page.evaluate(ECHARTS_DRAWN_JS)


@pytest.fixture(scope="session")
def wait_for_charts() -> Callable:
    """wait_for_charts(page, n): until exactly n charts (Plotly or ECharts) are on the page, all drawn."""
    return lambda page, expected: page.wait_for_function(CHARTS_DRAWN_JS, arg=expected)
