"""axe-core on the main pages and the login form (issue 13 §6), and a visible keyboard focus on links and inputs.

axe-core comes from the npm registry, pinned, installed by .ci/run outside the project's sources (AXE_CORE_PATH,
core/config.py), and is injected into each page once Streamlit's run has finished. A serious or critical violation
fails the test unless it is one of Streamlit's own listed in STREAMLITS_OWN, matched by rule and by the Streamlit
element it sits in (the nearest data-testid), each with the reason it is not ours to fix. Every page prints its
counts: `pytest tests/browser/test_accessibility_browser.py -m browser -s`.
"""

from __future__ import annotations

import pytest

from core.config import settings_for_tests

pytestmark = pytest.mark.browser

AXE_CORE = settings_for_tests().axe_core_path
FAILING_IMPACTS = ("serious", "critical")

PAGES = {
    "home": "",  # the default page lives at the root; /forside would open Streamlit's "page not found" dialog
    "home, a municipality chosen": "?kommune=5401",
    "overview": "oversikt",
    "profile": "kommuneprofil?kommune=0301",
    "compare": "sammenlign?kommune=1804",
    "progress": "mot-2030?kommune=0301",
    "map": "kart",
    "presentation": "presentasjon",
    "cases": "gode-eksempler",
    "methodology": "metode",
}

# (axe rule, data-testid of the Streamlit element around the violation) -> why it is Streamlit's, not our markup.
STREAMLITS_OWN = {
    ("list", "stSidebarNavItems"): "Streamlit 1.67's page navigation puts each section's heading <div> directly "
                                   "inside its <ul>; st.navigation offers no other markup",
    ("listitem", "stSidebarNavItems"): "the same navigation list: its <li> entries count as orphaned once the <ul> "
                                       "holds a <div>",
}

# For every violating node: the rule, its impact and the nearest element with a data-testid (Streamlit's names).
AXE_RUN_JS = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.flatMap((violation) => violation.nodes.map((node) => {
        const element = document.querySelector(node.target[0]);
        const owner = element && element.closest('[data-testid]');
        return {rule: violation.id, impact: violation.impact, testid: owner ? owner.dataset.testid : '',
                html: node.html.slice(0, 160), why: (node.failureSummary || '').slice(0, 240)};
    }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_CORE.is_file():
        pytest.fail(f"axe-core not found at {AXE_CORE}: run .ci/run, or `npm install --prefix ~/.cache/axe "
                    "axe-core@4.14.1`, or set AXE_CORE_PATH")
    return AXE_CORE.read_text(encoding="utf-8")


# Our style sheet (components/accessibility_style.py) is an element of the run like any other: measured once drawn.
STYLE_DRAWN_JS = ("() => [...document.querySelectorAll('style')]"
                  ".some((sheet) => sheet.textContent.includes('stCaptionContainer'))")


def open_settled(page, settle, url: str) -> None:
    settle(page, lambda: page.goto(url))
    page.wait_for_function(STYLE_DRAWN_JS)


def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(AXE_RUN_JS)


def check(name: str, violations: list[dict]) -> None:
    """Print the page's counts; fail on a serious or critical violation that is not one of Streamlit's own."""
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    ours = [v for v in serious if (v["rule"], v["testid"]) not in STREAMLITS_OWN]
    others = len(violations) - len(serious)
    print(f"axe {name}: {len(serious)} serious/critical nodes ({len(ours)} ours, {len(serious) - len(ours)} "
          f"Streamlit's own, listed), {others} minor/moderate; rules: "
          f"{sorted({(v['rule'], v['impact']) for v in violations})}")
    assert not ours, ours


@pytest.mark.parametrize("name", list(PAGES))
def test_main_pages_have_no_serious_violations_of_our_own(page, app_url, settle, axe_source, name):
    open_settled(page, settle, f"{app_url}/{PAGES[name]}")
    page.wait_for_selector("[data-testid='stMainBlockContainer'] [data-testid='stHeading']")
    assert page.locator("[role='dialog']").count() == 0  # an open dialog makes the page inert: axe would skip it
    check(name, axe_violations(page, axe_source))


def test_login_form_has_no_serious_violations_of_our_own(page, app_url, settle, axe_source):
    open_settled(page, settle, f"{app_url}/metode")
    sidebar = page.locator("[data-testid='stSidebar']")
    settle(page, lambda: sidebar.get_by_text("Logg inn", exact=True).first.click())
    sidebar.locator("input[type='password']").wait_for()
    check("login", axe_violations(page, axe_source))


FOCUS_JS = """() => {
    const active = document.activeElement;
    if (!active || active === document.body) return null;
    // An input's own outline is clipped by the bordered box around it: the ring the reader sees is the box's.
    const frame = ['INPUT', 'TEXTAREA'].includes(active.tagName) ? active.parentElement : null;
    const ring = (element) => {
        const style = getComputedStyle(element);
        return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor};
    };
    return {tag: active.tagName.toLowerCase(), kind: active.getAttribute('role') || active.type,
            inSidebar: !!active.closest("[data-testid='stSidebar']"),
            own: ring(active), frame: frame ? ring(frame) : null};
}"""


def tab_to(page, wanted, limit: int = 60) -> dict:
    """Press Tab until the focused element is what wanted(focus) accepts; its focus ring as the browser draws it."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus and wanted(focus):
            return focus
        seen.append(focus and focus["tag"])
    raise AssertionError(f"no wanted element reached in {limit} Tab presses: {seen}")


def visible(ring: dict | None) -> bool:
    return bool(ring) and ring["style"] not in ("none", "hidden") and ring["width"] >= 2


def test_keyboard_focus_is_visible_on_links_and_inputs(page, app_url, settle):
    open_settled(page, settle, f"{app_url}/kommuneprofil?kommune=0301")
    link = tab_to(page, lambda focus: focus["tag"] == "a")
    assert visible(link["own"]), link
    for kind in ("text", "combobox"):  # a text input and a selectbox's search field
        focus = tab_to(page, lambda focus, kind=kind: focus["tag"] == "input" and focus["kind"] == kind)
        assert visible(focus["frame"]), focus
