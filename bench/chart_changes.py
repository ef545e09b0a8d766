"""Browser-side change timings of the charts (ECharts and Plotly): from a widget change to every chart redrawn.

Profile: a municipality change in the sidebar's "Kommune" selectbox (the header names the new municipality, the
radar and the trend chart redrawn); compare: the peer group ("Sammenlign med": the KOSTRA group, the nearest
neighbours, the bordering municipalities; radar and ranked bars redrawn). Also the sections drawn when opened: a
progress indicator's first and next opening for a new visitor, and the compare page's trends. Each is timed in the
browser: Date.now() just before the click on the option, against the Date.now() each chart is stamped with once it
is drawn with new data (HOOK_JS, an init script hooking every chart that appears), and the moment the script turns
idle; the time is the later of the last chart's stamp and that idle moment.
bench/bench.py runs this as part of `make bench`; on its own:

    .venv/bin/python bench/chart_changes.py [--repeats 10]   # merges "browser_chart_change_ms" into latest.json
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if str(ROOT / "bench") not in sys.path:  # imported from elsewhere than bench/ (a test): map_changes' folder, last
    sys.path.append(str(ROOT / "bench"))

from map_changes import CHROMIUM_ARGS, IDLE, choose, merge_into_results, summary  # noqa: E402

from core.config import settings_for_tests  # noqa: E402
from tests.streamlit_server import start, stop  # noqa: E402

LIMIT_MS = 1000  # issue 14 §3: widget change -> updated figure drawn, median
PROFILE_CODES = ("5610", "1508", "3101", "4601")  # alternating with 0301, the page's first municipality
PEER_CHOICES = ("peers.kostra", "peers.nearest", "peers.kostra", "peers.neighbours")

# Run once per page load (an init script): stamp each chart when it has been drawn with data it did not hold before
# (data-chart-drawn-at = Date.now()), and stamp the page when the script turns idle.
# - Plotly (none on these pages now; one added with plotly is timed too): from its plotly_afterplot or plotly_react
#   event. Streamlit 1.67 puts a new div in place of a chart whose figure changed, so a MutationObserver hooks every
#   .js-plotly-plot that appears; a div already drawn when it is hooked is stamped at once. A new figure is drawn
#   twice, about 40 ms apart (the second pass changes a few characters of the layout, not the data nor the size):
#   the stamp is the first draw of new data, when the reader sees the new figure; a later draw does not move it.
# - ECharts (every chart of these pages; SVG renderer): whenever its SVG changes (a mutation inside it), so the stamp
#   is the last change of the drawing, never earlier than the reader sees it.
HOOK_JS = """(() => {
    const stamp = (gd) => {
        const data = JSON.stringify(gd.data);
        if (gd.__benchData === data) return;
        gd.__benchData = data;
        gd.setAttribute('data-chart-drawn-at', String(Date.now()));
    };
    const drawn = (gd) => gd._fullLayout && gd.data && gd.querySelector('.main-svg');
    const inSvg = (record) => (record.target.closest && record.target.closest('svg'))
        || [...record.addedNodes].some((node) => node.nodeName === 'svg');
    const hookEChart = (chart) => {
        chart.__benchHooked = true;
        new MutationObserver((records) => {
            if (records.some(inSvg)) chart.setAttribute('data-chart-drawn-at', String(Date.now()));
        }).observe(chart, {childList: true, subtree: true, attributes: true, characterData: true});
        if (chart.querySelector('svg path')) chart.setAttribute('data-chart-drawn-at', String(Date.now()));
    };
    let idle = null;
    const scan = () => {
        for (const gd of document.querySelectorAll('.js-plotly-plot')) {
            if (gd.__benchHooked || typeof gd.on !== 'function') continue;
            gd.__benchHooked = true;
            gd.on('plotly_afterplot', () => stamp(gd));
            gd.on('plotly_react', () => stamp(gd));
            if (drawn(gd)) stamp(gd);
        }
        for (const chart of document.querySelectorAll("[data-testid='stEChartsChart']")) {
            if (!chart.__benchHooked) hookEChart(chart);
        }
        const app = document.querySelector("[data-testid='stApp']");
        const now = app && app.getAttribute('data-test-script-state') === 'notRunning';
        if (now && idle === false) document.documentElement.setAttribute('data-idle-at', String(Date.now()));
        idle = Boolean(now);
    };
    new MutationObserver(scan).observe(document, {childList: true, subtree: true, attributes: true,
                                                  attributeFilter: ['data-test-script-state', 'class']});
})();"""
# Before a timed click: forget the last idle stamp, so that only the script's next turn to idle is counted.
START_JS = """() => {
    document.documentElement.removeAttribute('data-idle-at');
    return Date.now();
}"""
# [latest chart stamp, idle stamp] once the script is idle, every chart is stamped after `started` (at least
# `charts` of them) and the header (when given) names the municipality; null until then.
DONE_JS = """([started, charts, header]) => {
    if (!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")) return null;
    const idleAt = Number(document.documentElement.getAttribute('data-idle-at'));
    if (!(idleAt > started)) return null;
    if (header && ![...document.querySelectorAll("[data-testid='stHeading'] h2")].some(
        (h) => h.textContent.trim() === header)) return null;
    const plots = [...document.querySelectorAll(".js-plotly-plot, [data-testid='stEChartsChart']")];
    if (plots.length < charts) return null;
    const stamps = plots.map((gd) => Number(gd.getAttribute('data-chart-drawn-at')));
    if (!stamps.every((s) => s > started)) return null;
    return [Math.max(...stamps), idleAt];
}"""
# [the opened section's chart stamp, idle stamp] once the script is idle again and the chart inside the section being
# opened (marked data-bench-opening) was drawn after `started`; else null. Only that section's chart counts: another
# section's chart redrawn meanwhile (resized when the page grows a scrollbar) is not what the click drew.
# A fragment's run can be so short that the observer never sees the script running: then the idle stamp is missing
# and the chart's stamp alone counts (the script is idle by the time this looks).
OPENED_JS = """(started) => {
    if (!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")) return null;
    const idleAt = Number(document.documentElement.getAttribute('data-idle-at'));
    const stamps = [...document.querySelectorAll(
        "[data-bench-opening] .js-plotly-plot, [data-bench-opening] [data-testid='stEChartsChart']")]
        .map((gd) => Number(gd.getAttribute('data-chart-drawn-at'))).filter((s) => s > started);
    return stamps.length ? [Math.max(...stamps), idleAt > started ? idleAt : 0] : null;
}"""
# Mark the section whose title (a summary) is about to be clicked; unmark every other.
MARK_OPENING_JS = """(title) => {
    for (const e of document.querySelectorAll('[data-bench-opening]')) e.removeAttribute('data-bench-opening');
    title.closest("[data-testid='stExpander']").setAttribute('data-bench-opening', '');
}"""
# Ready: the script idle and `charts` charts drawn (stamped).
READY_JS = """(charts) => {
    if (!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")) return false;
    const plots = [...document.querySelectorAll(".js-plotly-plot, [data-testid='stEChartsChart']")];
    return plots.length >= charts && plots.every((gd) => gd.hasAttribute('data-chart-drawn-at'));
}"""


def timed_change(page, action, charts: int, header: str | None = None) -> float:
    """ms from just before the action's last step (the click) to the later of: every chart redrawn with new data,
    the script idle (and the header naming `header`). An action is one callable, or (prepare, act)."""
    prepare, act = action if isinstance(action, tuple) else (None, action)
    if prepare:
        prepare()
    started = page.evaluate(START_JS)
    act()
    drawn, idle = page.wait_for_function(DONE_JS, arg=[started, charts, header], timeout=60_000).json_value()
    return max(drawn, idle) - started


def open_ready(page, url: str, charts: int) -> None:
    page.goto(url)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_function(READY_JS, arg=charts, timeout=60_000)


def profile_changes(page, url: str, repeats: int) -> list[float]:
    from core import queries
    from core.etl.areas import search_label

    frame = queries.municipalities().set_index("code")
    labels = {c: search_label(r["name"], r.name_ssb, r.name_norwegian, r.name_sami, c) for c, r in frame.iterrows()}
    open_ready(page, f"{url}/kommuneprofil?kommune=0301", 2)
    times = []
    for step in range(repeats):
        code = PROFILE_CODES[(step // 2) % len(PROFILE_CODES)] if step % 2 == 0 else "0301"
        page.wait_for_selector(IDLE)
        times.append(timed_change(page, choose(page, "Kommune", labels[code]), 2, frame.loc[code, "name"]))
    return times


def peer_changes(page, url: str, repeats: int) -> list[float]:
    from core.i18n import t

    open_ready(page, f"{url}/sammenlign?kommune=5610", 2)
    control = page.locator("[data-testid='stButtonGroup']").filter(has_text=t("compare.peers", "nb"))

    def pick(key: str):
        return lambda: control.get_by_role("radio", name=t(key, "nb"), exact=True).click()

    timed_change(page, pick("peers.nearest"), 2)  # untimed: the nearest neighbours computed once, then cached
    times = []
    for step in range(repeats):
        page.wait_for_selector(IDLE)
        times.append(timed_change(page, pick(PEER_CHOICES[step % len(PEER_CHOICES)]), 2))
    return times


def timed_opening(page, title) -> float:
    """ms from just before the click on a section's title (a locator) to its chart drawn and the script idle again."""
    page.wait_for_selector(IDLE)
    title.evaluate(MARK_OPENING_JS)
    # Playwright's checks before a click (scrolled into view, not moving) wait while an opened section above still
    # grows; a reader clicks a title that holds still. A trial click waits for that outside the timed span.
    title.click(trial=True)
    started = page.evaluate(START_JS)
    title.click()
    drawn, idle = page.wait_for_function(OPENED_JS, arg=started, timeout=60_000).json_value()
    return max(drawn, idle) - started


def section_openings(browser, url: str, repeats: int) -> dict[str, list[float]]:
    """Sections whose chart is drawn when opened (issue 14: drawn on opening, not at load), each round in a fresh
    context as a new visitor: the progress page's first opening (ECharts not yet loaded on that page) and the next
    one, and the compare page's trends (small multiples)."""
    from core.i18n import t

    times: dict[str, list[float]] = {"progress_first_opening": [], "progress_next_opening": [],
                                     "compare_trends_opening": []}
    for _ in range(repeats):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            context.add_init_script(script=HOOK_JS)
            page = context.new_page()
            open_ready(page, f"{url}/mot-2030?kommune=5610", 0)
            sections = page.locator("[data-testid='stExpander'] summary")
            times["progress_first_opening"].append(timed_opening(page, sections.nth(0)))
            times["progress_next_opening"].append(timed_opening(page, sections.nth(1)))
            open_ready(page, f"{url}/sammenlign?kommune=5610", 2)
            trends = page.locator("[data-testid='stExpander'] summary").filter(has_text=t("compare.trends", "nb"))
            times["compare_trends_opening"].append(timed_opening(page, trends))
        finally:
            context.close()
    return times


def measure(repeats: int = 10, browser=None, url: str | None = None) -> dict:
    """{name: summary} of the profile's municipality change and the compare page's peer-group change, `repeats`
    each, in a 1400x1000 context; on its own app server and offline Chromium unless given a browser and a URL (a
    test's, whose Playwright refuses a second one)."""
    if browser is None or url is None:
        from playwright.sync_api import sync_playwright

        process, url = start("app.py")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(settings_for_tests().chromium_path),
                                            args=CHROMIUM_ARGS)
                try:
                    return measure(repeats, browser, url)
                finally:
                    browser.close()
        finally:
            stop(process)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.add_init_script(script=HOOK_JS)
        page = context.new_page()
        changes = {"profile_municipality": profile_changes(page, url, repeats),
                   "compare_peer_group": peer_changes(page, url, repeats)}
    finally:
        context.close()
    changes.update(section_openings(browser, url, max(1, repeats // 2)))  # a fresh context each: half as many
    return {name: summary(values) for name, values in changes.items()}


def within_limit(results: dict) -> dict[str, bool]:
    return {name: r["median"] <= LIMIT_MS for name, r in results.items()}


def report(results: dict) -> str:
    lines = [f"{'chart change (browser)':<28} {'median ms':>10} {'min':>8} {'max':>8} {'n':>4}  ≤ {LIMIT_MS} ms"]
    for name, r in results.items():
        verdict = "yes" if r["median"] <= LIMIT_MS else "NO"
        lines.append(f"{name:<28} {r['median']:>10.0f} {r['min']:>8.0f} {r['max']:>8.0f} {r['n']:>4}  {verdict}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="changes of each kind (at least 10 for a median)")
    args = parser.parse_args()
    results = measure(args.repeats)
    print(report(results))
    merge_into_results("browser_chart_change", {
        "browser_chart_change_ms": results, "browser_chart_change_limit_ms": LIMIT_MS,
        "browser_chart_change_within_limit": within_limit(results)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
