"""Streamlit's own "No results" in an open dropdown says the interface's words (components/empty_dropdown.py)."""

from __future__ import annotations

import pytest

from core.i18n import t

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# What the open dropdown's empty state shows: the text drawn (::after) over Streamlit's own, hidden one.
EMPTY_STATE_WORDS = """() => {
    const spans = [...document.querySelectorAll('span')].filter((s) => s.textContent.trim() === 'No results');
    return spans.map((s) => [getComputedStyle(s).fontSize, getComputedStyle(s, '::after').content]);
}"""


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_empty_dropdown_says_no_results_in_the_interface_language(page, app_url, lang):
    page.goto(f"{app_url}/kommuneprofil?lang={lang}")
    page.wait_for_selector(IDLE)
    picker = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").last
    picker.click()
    page.keyboard.type("zzqqxx")
    page.wait_for_function("() => [...document.querySelectorAll('span')]"
                           ".some((s) => s.textContent.trim() === 'No results')")
    shown = page.evaluate(EMPTY_STATE_WORDS)
    assert shown == [["0px", f'"{t("search.no_results", lang)}"']]
