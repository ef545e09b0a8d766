"""The presentation in a real Chromium: arrow keys, PageUp/PageDown and the buttons; hall type at 1920×1080 (every
text on a slide at least 24 px, nothing overlapping in the status matrix); the deck's progress and file name."""

from __future__ import annotations

import re
from datetime import date

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


HALL = {"width": 1920, "height": 1080}
SMALLEST = 24  # px: the smallest text on a slide in a hall (issue 13 §2)
SLIDE = ".st-key-slide_body"
# Drawn: the title of the slide asked for and every chart of the body with its SVG, none left over from before.
DRAWN = """(title) => {
  const heading = document.querySelector('.st-key-slide_body h1');
  const charts = [...document.querySelectorAll('.st-key-slide_body [data-testid="stPlotlyChart"]')];
  return heading && heading.textContent === title && charts.length > 0
    && !document.querySelector('.st-key-slide_body [data-stale="true"]')
    && charts.every(chart => chart.querySelector('.main-svg text'));
}"""
# Every visible text of the slide: SVG text of its charts (ticks, labels, legends, annotations, tables, numbers)
# and its own HTML text, with the computed font size and the box it is drawn in.
TEXTS = """() => {
  const seen = [];
  const box = (element) => { const r = element.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  for (const element of document.querySelectorAll('.st-key-slide_body svg text')) {
    const r = element.getBoundingClientRect();
    if (!element.textContent.trim() || r.width === 0 || r.height === 0) continue;
    const chart = element.closest('[class*="st-key-slide_chart_"]');
    seen.push({text: element.textContent, size: parseFloat(getComputedStyle(element).fontSize), box: box(element),
               chart: chart ? [...chart.classList].find(c => c.startsWith('st-key-')) : '', svg: true});
  }
  const walker = document.createTreeWalker(document.querySelector('.st-key-slide_body'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || element.closest('svg')) continue;
    const r = element.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    seen.push({text: walker.currentNode.textContent.trim(), size: parseFloat(getComputedStyle(element).fontSize),
               box: box(element), chart: '', svg: false, heading: !!element.closest('h1')});
  }
  return seen;
}"""


def overlapping(texts: list[dict]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes share more than a pixel each way."""
    pairs = []
    for index, first in enumerate(texts):
        for second in texts[index + 1:]:
            a, b = first["box"], second["box"]
            if min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1:
                pairs.append((first["text"], second["text"]))
    return pairs


def test_every_slide_reads_from_the_back_of_a_hall(page, app_url, settle):
    """At 1920×1080 each kind of slide has no text under 24 px, its title larger, and no overlapping text in the
    status matrix; Neste and Forrige step through them."""
    page.set_viewport_size(HALL)
    page.goto(f"{app_url}/presentasjon?kommuner=0301")  # every kind: the map, the three for Oslo, the numbers
    settle(page)
    titles = ["Bærekraftsnettverket: måloppnåelse i alle kommuner", "Oslo: status for bærekraftsmålene",
              "Oslo sammenlignet med de 10 mest like kommunene", "Oslo: framgang mot 2030",
              "Bærekraftsnettverket i tall"]
    for number, title in enumerate(titles, start=1):
        page.wait_for_function(DRAWN, arg=title)
        texts = page.evaluate(TEXTS)
        assert any(text["svg"] for text in texts) and any(not text["svg"] for text in texts)
        small = [(text["text"], text["size"]) for text in texts if text["size"] < SMALLEST]
        assert not small, (title, small)
        heading = [text["size"] for text in texts if text.get("heading")]
        assert heading and min(heading) > max(text["size"] for text in texts if not text.get("heading")
                                              and not text["svg"])
        if number == 2:  # the profile: radar and status matrix
            matrix = [text for text in texts if text["chart"] == "st-key-slide_chart_status_0301"]
            assert len(matrix) >= 17 * 3  # each goal's number and name, dot and arrow, and the legend
            assert not overlapping(matrix)
        if number < len(titles):
            settle(page, lambda: page.locator(".st-key-slide_next button").click())
    settle(page, lambda: page.locator(".st-key-slide_previous button").click())
    page.wait_for_function(DRAWN, arg=titles[-2])
    assert page.locator(".st-key-slide_next button").is_enabled()


def test_deck_shows_its_progress_and_downloads_in_the_interface_language(page, app_url, settle):
    # Every progress text the server sends while the deck is made, read from the websocket's messages as they
    # arrive: a run's short-lived elements may be replaced before a DOM observer sees them on a busy machine.
    page.add_init_script("""(() => {
      window.__progress = new Set();
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(...args) {
          super(...args);
          this.addEventListener("message", (event) => {
            if (!(event.data instanceof ArrayBuffer)) return;
            const text = new TextDecoder("utf-8", {fatal: false}).decode(event.data);
            const found = text.match(/(Preparing|Drawing) slide \\d+ of \\d+/g) || [];
            found.forEach((words) => window.__progress.add(words));
          });
        }
      };
    })();""")
    page.goto(f"{app_url}/presentasjon?kommuner=0301&slides=profile,numbers&lang=en")
    settle(page)
    page.locator(".st-key-presentation_deck_make").get_by_role("button", name="Make PowerPoint").click()
    download_button = page.locator(".st-key-presentation_deck").get_by_role("button", name="Download PowerPoint")
    download_button.wait_for(timeout=120_000)
    shown = page.evaluate("() => [...window.__progress]")
    # Slides built ahead are prepared at once (the server sends only the last of such quick updates); drawing
    # each slide's charts takes a moment, so each is seen.
    assert {"Drawing slide 1 of 2", "Drawing slide 2 of 2"} <= set(shown), shown
    assert page.locator("[data-testid='stProgress']").count() == 0  # gone once the deck is made
    with page.expect_download() as download:
        download_button.click()
    assert download.value.suggested_filename == f"presentation_{date.today().isoformat()}.pptx"
