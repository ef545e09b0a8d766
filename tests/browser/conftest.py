"""Browser fixtures: one Streamlit server per session and a page from the system (Debian) Chromium.

Playwright is used only as a driver; no browser is ever downloaded. Set CHROMIUM_PATH to use another binary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import settings_for_tests
from tests.streamlit_server import serving

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
    with serving("app.py") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
