"""Browser-side change timings of the Leaflet maps: from a widget change to the updated map painted.

Overview: indicator, year and level changes; map explorer: a step of the year slider. Each is timed in the
browser (Date.now() just before the click or key press, against the data-map-drawn-at the map's script sets once
the new colours are painted, static/sdg_choropleth.js). Also the pages' ready times (navigation start -> script idle
and map drawn). bench/bench.py runs this as part of `make bench`; on its own:

    .venv/bin/python bench/map_changes.py [--repeats 10]   # merges "browser_change_ms" into bench/results/latest.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.catalogue import load_catalogue  # noqa: E402
from core.config import settings_for_tests  # noqa: E402
from tests.streamlit_server import start, stop  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "latest.json"
# The benchmark's Chromium, as bench.py's, and offline: only localhost resolves (the maps need nobody else).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
MEASURE, OTHER_MEASURE = "turnout_parliament", "population"  # several years each
# [stamp, painted at (Date.now())] of the map once its stamp starts with the prefix and differs from `before`.
DRAWN_JS = """([prefix, before]) => {
    for (const frame of document.querySelectorAll('iframe')) {
        let body;
        try { body = frame.contentDocument.body; } catch (e) { continue; }
        const stamp = body && body.getAttribute('data-map-drawn');
        if (stamp && stamp.startsWith(prefix) && stamp !== before) {
            return [stamp, Number(body.getAttribute('data-map-drawn-at'))];
        }
    }
    return null;
}"""
READY_JS = """() => {
    if (!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")) return false;
    return [...document.querySelectorAll('iframe')].some((f) => {
        try { return f.contentDocument.body.hasAttribute('data-map-drawn'); } catch (e) { return false; }
    }) ? performance.now() : false;
}"""


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "all": [round(v) for v in values]}


def timed_change(page, action, prefix: str, before: str) -> tuple[float, str]:
    """ms from just before the action's last step (the click or key press that changes the widget) to the map
    painted with a stamp starting with prefix; and that stamp. An action is one callable, or (prepare, act)."""
    prepare, act = action if isinstance(action, tuple) else (None, action)
    if prepare:
        prepare()
    started = page.evaluate("() => Date.now()")
    act()
    stamp, painted = page.wait_for_function(DRAWN_JS, arg=[prefix, before], timeout=60_000).json_value()
    return painted - started, stamp


def choose(page, label: str, option: str) -> tuple:
    """(open the selectbox and find the option, click it): only the click is timed."""
    def prepare():
        page.locator("[data-testid='stSelectbox']").filter(has_text=label).first.click()
        page.keyboard.type(option)  # the list is virtual: an option far down is in the page only once filtered
        page.get_by_role("option", name=option, exact=True).wait_for()

    return prepare, lambda: page.get_by_role("option", name=option, exact=True).click()


def overview_changes(page, url: str, repeats: int) -> dict[str, list[float]]:
    catalogue = load_catalogue()
    page.goto(f"{url}/oversikt?indicator={MEASURE}")
    page.wait_for_selector(IDLE)
    stamp = page.wait_for_function(DRAWN_JS, arg=["municipality|", ""], timeout=60_000).json_value()[0]
    latest = stamp.split("|")[2]
    times: dict[str, list[float]] = {"overview_year": [], "overview_indicator": [], "overview_level": []}
    for _ in range(repeats):
        steps = [  # each leaves the page as it found it, so that every cycle times the same changes
            ("overview_year", choose(page, "År", "2021"), f"municipality|{MEASURE}|2021|"),
            ("overview_year", choose(page, "År", latest), f"municipality|{MEASURE}|{latest}|"),
            ("overview_level", lambda: page.get_by_text("Fylker", exact=True).click(), f"county|{MEASURE}|"),
            ("overview_level", lambda: page.get_by_text("Kommuner", exact=True).click(), f"municipality|{MEASURE}|"),
            ("overview_indicator", choose(page, "Indikator", catalogue[OTHER_MEASURE].name("nb")),
             f"municipality|{OTHER_MEASURE}|"),
            ("overview_indicator", choose(page, "Indikator", catalogue[MEASURE].name("nb")),
             f"municipality|{MEASURE}|"),
        ]
        for name, action, prefix in steps:
            page.wait_for_selector(IDLE)
            elapsed, stamp = timed_change(page, action, prefix, stamp)
            times[name].append(elapsed)
    return times


def explorer_steps(page, url: str, repeats: int) -> list[float]:
    page.goto(f"{url}/kart?measure={MEASURE}")
    page.wait_for_selector(IDLE)
    stamp = page.wait_for_function(DRAWN_JS, arg=["municipality|", ""], timeout=60_000).json_value()[0]
    latest = int(stamp.split("|")[2])
    thumb = page.locator("[data-testid='stSlider']").filter(has_text="År").get_by_role("slider")
    times = []
    for step in range(2 * repeats):
        key, year = ("ArrowLeft", None) if step % 2 == 0 else ("ArrowRight", latest)
        page.wait_for_selector(IDLE)
        prefix = f"municipality|{MEASURE}|{year}|" if year else f"municipality|{MEASURE}|"
        elapsed, stamp = timed_change(page, lambda key=key: (thumb.focus(), page.keyboard.press(key)), prefix, stamp)
        times.append(elapsed)
    return times


def ready_times(browser, url: str, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.goto(url + path, wait_until="commit", timeout=60_000)
            times.append(float(page.wait_for_function(READY_JS, timeout=60_000, polling="raf").json_value()))
        finally:
            context.close()
    return times


def measure(repeats: int = 10, ready_runs: int = 5) -> dict:
    """{name: summary} for every change and page-ready timing; one app server, one offline Chromium."""
    from playwright.sync_api import sync_playwright

    process, url = start("app.py")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(settings_for_tests().chromium_path), args=CHROMIUM_ARGS)
            try:
                ready = {name: ready_times(browser, url, path, ready_runs + 1)
                         for name, path in (("overview_ready", "/oversikt"), ("explorer_ready", "/kart"))}
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                changes = overview_changes(page, url, repeats)
                changes["explorer_year_slider"] = explorer_steps(page, url, repeats)
                context.close()
            finally:
                browser.close()
    finally:
        stop(process)
    results = {name: summary(values) for name, values in changes.items()}
    for name, values in ready.items():  # the first load of each page is the cold one, kept apart
        results[name] = {"cold_ms": round(values[0]), **summary(values[1:])}
    return results


def report(results: dict) -> str:
    lines = [f"{'map change / ready (browser)':<28} {'median ms':>10} {'min':>8} {'max':>8} {'n':>4}"]
    for name, r in results.items():
        lines.append(f"{name:<28} {r['median']:>10.0f} {r['min']:>8.0f} {r['max']:>8.0f} {r['n']:>4}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="changes of each kind (at least 10 for a median)")
    args = parser.parse_args()
    results = measure(args.repeats)
    print(report(results))
    merge_into_results("browser_change", {"browser_change_ms": results})
    return 0


def merge_into_results(name: str, fields: dict) -> None:
    """Write fields (and {name}_timestamp) into bench/results/latest.json, keeping what other runs wrote there."""
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    stored.update(fields, **{f"{name}_timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {', '.join(fields)} to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
