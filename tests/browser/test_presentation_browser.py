"""Stepping through the presentation in a real Chromium: arrow keys, PageUp/PageDown and the buttons."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
TITLES = [
    "Oslo: status for bærekraftsmålene",
    "Oslo sammenlignet med de 10 mest like kommunene",
    "Bærekraftsnettverket i tall",
]


def expect_slide(page, number: int) -> None:
    """The URL names the slide, the script has finished, and its title and charts are drawn."""
    if number == 1:
        page.wait_for_url(re.compile(r"^(?!.*[?&]slide=).*$"))
    else:
        page.wait_for_url(re.compile(rf"[?&]slide={number}(&|$)"))
    page.wait_for_selector(IDLE)
    page.locator("h1").filter(has_text=TITLES[number - 1]).first.wait_for()
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
    assert page.locator(EXCEPTION).count() == 0


def test_step_with_keyboard_and_buttons(page, app_url):
    page.goto(f"{app_url}/presentasjon?kommuner=0301&slides=profile,peers,numbers")
    expect_slide(page, 1)
    assert not page.locator("[data-testid='stSidebar']").is_visible()  # the menu is hidden while presenting
    page.locator("h1").first.click()  # focus on the page, not in a widget
    page.keyboard.press("ArrowRight")
    expect_slide(page, 2)
    page.keyboard.press("PageDown")
    expect_slide(page, 3)
    page.locator(".st-key-slide_previous button").click()
    expect_slide(page, 2)
    page.keyboard.press("PageUp")
    expect_slide(page, 1)
    page.locator(".st-key-slide_next button").click()
    expect_slide(page, 2)
    page.keyboard.press("ArrowLeft")
    expect_slide(page, 1)


def test_shared_link_opens_its_slide(page, app_url):
    page.goto(f"{app_url}/presentasjon?kommuner=0301&slides=profile,peers,numbers&slide=3&lang=en")
    page.wait_for_selector(IDLE)
    page.locator("h1").filter(has_text="The sustainability network in numbers").first.wait_for()
    assert page.locator(".st-key-slide_next button").is_disabled()
