"""Stepping the presentation in a real browser: the time from a click on Neste/Forrige to the new slide's charts drawn.

Run from the project root: .venv/bin/python bench/slide_steps.py [--codes 0301,5610] [--url http://localhost:8620]
Without --url it starts a server of its own. At 1920×1080 it steps forward through every slide and back once to warm
the server (its caches, the slides built ahead), then does the same again and reports each step of the second pass
and their median (issue 13 §2 asks for under 1 s). A step is drawn when the slide body holds the new title, no
element is stale and every chart has drawn its SVG (a map its canvas too).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.config import settings_for_tests  # noqa: E402
from tests.streamlit_server import serving  # noqa: E402  (one way to run a server, shared with the tests)

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
STEP = """([key, old]) => new Promise(resolve => {
  const start = performance.now();
  document.querySelector(`.st-key-${key} button`).click();
  const drawn = () => {
    const heading = document.querySelector('.st-key-slide_body h1');
    const charts = [...document.querySelectorAll('.st-key-slide_body [data-testid="stPlotlyChart"]')];
    return heading && heading.textContent !== old && charts.length > 0
      && !document.querySelector('.st-key-slide_body [data-stale="true"]')
      && charts.every(c => c.querySelector('.main-svg')
                           && (!c.querySelector('.maplibregl-map') || c.querySelector('canvas')));
  };
  const check = () => drawn() ? resolve(performance.now() - start) : requestAnimationFrame(check);
  check();
})"""


def measure(url: str, codes: str) -> list[tuple[str, float]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(settings_for_tests().chromium_path),
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.set_default_timeout(60_000)
        page.goto(f"{url}/presentasjon?kommuner={codes}")
        page.wait_for_selector(IDLE)
        page.locator(".st-key-slide_body h1").first.wait_for()
        bar = page.locator(".st-key-slide_next").locator("xpath=ancestor::*[@data-testid='stHorizontalBlock']")
        total = int(re.search(r"(?:av|of) (\d+)", bar.first.inner_text()).group(1))
        steps = []
        for warm in (True, False):
            for key in ("slide_next", "slide_previous"):
                for _ in range(total - 1):
                    page.wait_for_selector(IDLE)
                    elapsed = page.evaluate(STEP, [key, page.locator(".st-key-slide_body h1").first.inner_text()])
                    if not warm:
                        steps.append((f"{key} -> {page.locator('.st-key-slide_body h1').first.inner_text()}",
                                      elapsed))
        browser.close()
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", default="0301,5610", help="the municipalities whose slides are stepped through")
    parser.add_argument("--url", help="a running server (default: start one)")
    args = parser.parse_args()
    with nullcontext(args.url) if args.url else serving("app.py") as url:
        steps = measure(url, args.codes)
    for name, elapsed in steps:
        print(f"{elapsed:7.0f} ms  {name}")
    times = [elapsed for _, elapsed in steps]
    print(f"{len(times)} steps: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms")


if __name__ == "__main__":
    main()
