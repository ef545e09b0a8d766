"""End-to-end check of the progress page in a real Chromium: each indicator's section draws its trend chart when
opened, an opened one stays drawn, and stays open when the language changes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
EXCEPTION = "[data-testid='stException']"
CHART = "[data-testid='stEChartsChart']"


def test_a_progress_indicator_draws_its_chart_when_opened(page, app_url, wait_for_charts):
    page.goto(f"{app_url}/mot-2030?kommune=5610")
    page.wait_for_selector(IDLE)
    sections = page.locator("[data-testid='stExpander']")
    assert sections.count() >= 2 and page.locator(CHART).count() == 0  # nothing drawn before asked
    sections.nth(0).locator("summary").click()
    wait_for_charts(page, 1)
    sections.nth(1).locator("summary").click()
    wait_for_charts(page, 2)  # the first stays drawn while the second opens
    assert sections.nth(0).locator(CHART).count() == 1
    assert sections.nth(1).locator(CHART).count() == 1
    assert page.locator(EXCEPTION).count() == 0


def test_an_opened_section_stays_open_when_the_language_changes(page, app_url, wait_for_charts):
    page.goto(f"{app_url}/mot-2030?kommune=5610")
    page.wait_for_selector(IDLE)
    page.locator("[data-testid='stExpander'] summary").nth(0).click()
    wait_for_charts(page, 1)
    language = page.locator(".st-key-lang input")
    language.click()
    page.get_by_role("option", name="English").click()
    page.get_by_role("heading", name="Progress to 2030").wait_for()
    page.wait_for_selector(IDLE)
    wait_for_charts(page, 1)  # the section reopened under its English title, with its chart
    opened = page.locator("[data-testid='stExpander'] details[open]")
    assert opened.count() == 1 and opened.locator(CHART).count() == 1
    assert page.locator(EXCEPTION).count() == 0


def test_a_section_opened_from_the_keyboard_keeps_its_element_and_the_focus(page, app_url, wait_for_charts):
    """The same expander before and after its opening's rerun (components/lazy_section.py): drawn anew, it would
    lose the keyboard focus on its title."""
    page.goto(f"{app_url}/mot-2030?kommune=5610")
    page.wait_for_selector(IDLE)
    section = page.locator("[data-testid='stExpander']").nth(0)
    section.evaluate("(e) => e.setAttribute('data-marked', '')")
    section.locator("summary").focus()
    page.keyboard.press("Enter")
    wait_for_charts(page, 1)
    page.wait_for_selector(IDLE)
    kept = page.locator("[data-testid='stExpander'][data-marked]")
    assert kept.count() == 1 and kept.locator(CHART).count() == 1
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
