"""Page-load benchmark: each page vs a bare page with the same figures vs hello-world, plus server-side reruns.

Run from the project root: .venv/bin/python bench/bench.py [--runs N]. Uses the system Chromium (CHROMIUM_PATH).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.config import settings_for_tests  # noqa: E402
from tests.streamlit_server import start, stop  # noqa: E402  (one way to run a server, shared with the tests)

SERVE_AT_PATH = "bench/serve_at_path.py"
RESULTS = ROOT / "bench" / "results" / "latest.json"
CHROMIUM_PATH = str(settings_for_tests().chromium_path)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PROGRESS_CODE = "5610"  # the municipality of the compare and progress pages and their bare references
# name: (script, URL path and query, ready condition). Each page gets its own server (own cold load and peak RSS);
# a reference is served at the URL path of its page (serve_at_path.py).
# "charts" waits for at least CHART_COUNTS[name] Plotly charts (the same number on a page and its reference);
# "expanders" for the progress page's expanders, one per indicator with a target, whose charts are drawn on opening.
PAGES = {
    "app": ("app.py", "/oversikt", "map"),  # the overview: no longer the default page
    "bare_map": ("bench/reference_bare_map.py", "/oversikt", "map"),
    "profile": ("app.py", "/kommuneprofil?kommune=0301", "charts"),
    "bare_profile": ("bench/reference_bare_profile.py", "/kommuneprofil", "charts"),
    "compare": ("app.py", f"/sammenlign?kommune={PROGRESS_CODE}", "charts"),
    "bare_compare": ("bench/reference_bare_compare.py", "/sammenlign", "charts"),
    "progress": ("app.py", f"/mot-2030?kommune={PROGRESS_CODE}", "expanders"),
    "bare_progress": ("bench/reference_bare_progress.py", "/mot-2030", "expanders"),
    "explorer": ("app.py", "/kart", "map"),
    "bare_explorer": ("bench/reference_bare_explorer.py", "/kart", "map"),
    "hello": ("bench/reference_hello.py", "/", "hello"),
    # The same one line at a page's path: it pays Streamlit's base-path probe as every page at a path does
    # (serve_at_path.py), so it is the floor the limits are judged against; the ratio to hello at / is reported too.
    "hello_at_path": ("bench/reference_hello.py", "/kommuneprofil", "hello"),
}
LOAD_ORDER = (("app", "bare_map"), ("profile", "bare_profile"), ("compare", "bare_compare"),
              ("progress", "bare_progress"), ("explorer", "bare_explorer"), ("hello", "hello_at_path"))
RATIOS = (("app", "bare_map"), ("profile", "bare_profile"), ("compare", "bare_compare"),
          ("progress", "bare_progress"), ("explorer", "bare_explorer"))
# Issue 14 §3: every page ready within 2.5x the one-line page of the same run, map pages within 2x; the first page
# after a server start within 2x a warm load. Every page is opened at a path of its own (the landing page has /), so
# the one-line page is opened at a path too: both pay Streamlit's base-path probe (bench/README.md).
FLOOR = "hello_at_path"
HELLO_LIMITS = {"app": 2.0, "explorer": 2.0, "profile": 2.5, "compare": 2.5, "progress": 2.5}
COLD_LIMIT = 2.0
# Charts the "charts" pages draw at load: the profile's radar and trend; compare's radar and ranked bars (its small
# multiples are drawn when their expander is opened). Progress: one expander per indicator with a target (counted
# from the data in progress_expander_count()).
CHART_COUNTS = {"profile": 2, "bare_profile": 2, "compare": 2, "bare_compare": 2}
PROFILE_PAGE = "app_pages/profile.py"
PROFILE_CODES = ("5612", "0301", "5610", "1508", "3101", "1144")  # municipalities a profile rerun switches between
EXPLORER_PAGE = "app_pages/map_explorer.py"
SLIDER_LIMIT_MS = 500  # requirement: moving the explorer's year slider costs at most 0.5 s of server time

IDLE = "document.querySelector(\"[data-testid='stApp'][data-test-script-state='notRunning']\")"
# Each returns performance.now() (ms since navigation start) once the page is idle and its main figure is drawn.
READY_JS = {
    "map": f"""() => {{
        if (!{IDLE}) return false;
        // The Leaflet map (components/leaflet_map.py): its iframe's body carries the drawing's stamp once painted.
        const leaflet = [...document.querySelectorAll('iframe')].some((f) => {{
            try {{ return f.contentDocument.body.hasAttribute('data-map-drawn'); }} catch (e) {{ return false; }}
        }});
        return leaflet ? performance.now() : false;
    }}""",
    # At least `expected` charts, and every chart element on the page, drawn: a Plotly chart laid out with bars,
    # lines or markers in its SVG; an ECharts chart (charts/echarts_style.py, drawn as SVG) with its series' paths.
    "charts": f"""(expected) => {{
        if (!{IDLE}) return false;
        const plotlyElements = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
        const plots = [...document.querySelectorAll('.js-plotly-plot')];
        const echarts = [...document.querySelectorAll("[data-testid='stEChartsChart']")];
        const plotDrawn = (gd) => gd._fullLayout && gd._fullData
            && gd.querySelector('.main-svg .barlayer .point path, .main-svg .scatterlayer .js-line, '
                + '.main-svg .scatterlayer .point');
        const echartDrawn = (e) => e.querySelectorAll('svg path').length > 0;
        return plots.length >= plotlyElements.length && plots.length + echarts.length >= expected
            && plots.every(plotDrawn) && echarts.every(echartDrawn) ? performance.now() : false;
    }}""",
    "expanders": f"""(expected) => {{
        if (!{IDLE}) return false;
        const shown = [...document.querySelectorAll("[data-testid='stExpander'] summary")]
            .filter((e) => e.offsetParent !== null);
        return shown.length >= expected ? performance.now() : false;
    }}""",
    "hello": f"""() => {{
        if (!{IDLE}) return false;
        const md = [...document.querySelectorAll("[data-testid='stMarkdownContainer']")];
        return md.some((e) => e.innerText.trim() === 'Hello' && e.offsetParent !== null) ? performance.now() : false;
    }}""",
}


def browser_map_changes(repeats: int) -> dict:
    """Widget change -> updated Leaflet map painted, in the browser (overview indicator, year, level; explorer
    year slider) and the two map pages' ready times: bench/map_changes.py."""
    from map_changes import measure  # bench/ is on the path as this script's folder

    return measure(repeats)


def map_change_report(results: dict) -> str:
    from map_changes import report as change_report

    return change_report(results)


def browser_chart_changes(repeats: int) -> dict:
    """Widget change -> every Plotly chart redrawn and the script idle, in the browser (profile municipality,
    compare peer group), each against the 1 s limit of issue 14 §3: bench/chart_changes.py."""
    from chart_changes import measure

    return measure(repeats)


def chart_change_report(results: dict) -> str:
    from chart_changes import report as change_report

    return change_report(results)


def chart_change_limits(results: dict) -> dict:
    from chart_changes import LIMIT_MS, within_limit

    return {"browser_chart_change_limit_ms": LIMIT_MS, "browser_chart_change_within_limit": within_limit(results)}


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def serve(script: str, path: str):
    """A server for the page; a reference whose page has a URL path of its own is served at that path."""
    url_path = path.split("?")[0].strip("/")
    if script.startswith("bench/reference_") and url_path:
        return start(SERVE_AT_PATH, env={"BENCH_REFERENCE": str(ROOT / script), "BENCH_URL_PATH": url_path})
    return start(script)


def progress_expander_count(code: str) -> int:
    """How many expanders (each with its trend chart, drawn on opening) the progress page shows for the
    municipality: its indicators with a target.

    The same score book as components.data.score_book (catalogue targets and the local ones), without Streamlit.
    """
    from core import queries, targets
    from core.catalogue import load_catalogue
    from core.scores import compute

    book = compute(queries.all_observations(), load_catalogue(), targets.local_targets())
    rows = book.indicators[(book.indicators.area_level == "municipality") & (book.indicators.area_code == code)]
    return int(rows.target.notna().sum())


def load_once(browser, url: str, kind: str, charts: int = 0) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=60_000)
        handle = page.wait_for_function(READY_JS[kind], arg=charts, timeout=60_000, polling="raf")
        return float(handle.json_value())
    finally:
        context.close()


def summary(values: list[float]) -> dict:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
        "all": [round(v, 1) for v in values],
    }


def browser_loads(runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    expanders = progress_expander_count(PROGRESS_CODE)
    counts = {**CHART_COUNTS, "progress": expanders, "bare_progress": expanders}
    servers = {name: serve(script, path) for name, (script, path, _) in PAGES.items()}
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            def load(name: str) -> float:
                _, path, kind = PAGES[name]
                return load_once(browser, servers[name][1] + path, kind, counts.get(name, 0))

            try:
                cold = {name: load(name) for name in servers}  # first visits fill the caches; not in the stats
                times: dict[str, list[float]] = {name: [] for name in servers}
                # A page and its bare reference take turns, so that both see the same machine: the load of a
                # shared 2-core machine drifts over a run by more than the difference being measured. Which of
                # the two goes first alternates between runs, because the load after a heavier page (the
                # previous group's map) inherits the browser's clean-up of it.
                for run in range(runs):
                    for group in LOAD_ORDER:
                        for name in group if run % 2 == 0 else reversed(group):
                            times[name].append(load(name))
                for name in servers:
                    results[name] = {"cold_ms": round(cold[name], 1), **summary(times[name])}
                    if counts.get(name):
                        waited = "expanders" if PAGES[name][2] == "expanders" else "charts"
                        results[name][f"{waited}_waited_for"] = counts[name]
            finally:
                browser.close()
        for name, (process, _) in servers.items():
            results[name]["server_peak_rss_mb"] = peak_rss_mb(process.pid)
    finally:
        for process, _ in servers.values():
            stop(process)
    return results


def rerun_times(repeats: int) -> dict:
    """Server-side Python time of the reruns that a year or indicator change (overview), a municipality change
    (profile) or a move of the map explorer's year slider causes (AppTest, no browser)."""
    os.chdir(ROOT)
    import streamlit.logger
    from streamlit.testing.v1 import AppTest

    streamlit.logger.set_log_level("error")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    started = time.perf_counter()
    at.run()
    at.switch_page("app_pages/overview.py").run()  # the default page is the landing page; the reruns are the overview's
    first = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"app raised in AppTest: {at.exception}")

    def timed(key: str, value) -> float:
        started = time.perf_counter()
        at.selectbox(key=key).select(value).run()
        elapsed = (time.perf_counter() - started) * 1000
        if at.exception:
            raise RuntimeError(f"app raised after selecting {key}={value}: {at.exception}")
        return elapsed

    year_times = []
    for _ in range(repeats):
        box = at.selectbox(key="year")
        other = next(int(o) for o in box.options if int(o) != int(box.value))
        year_times.append(timed("year", other))
    indicator_times = []
    start_indicator = at.selectbox(key="indicator").value
    for i in range(repeats * 2):
        indicator_times.append(timed("indicator", "population" if i % 2 == 0 else start_indicator))

    started = time.perf_counter()
    at.switch_page(PROFILE_PAGE).run()
    profile_first = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"profile page raised in AppTest: {at.exception}")
    municipality_times = []
    for i in range(repeats * 2):
        code = PROFILE_CODES[i % len(PROFILE_CODES)]
        municipality_times.append(timed("kommune", code))
        if not at.header or not at.get("echarts_chart"):
            raise RuntimeError(f"profile of {code} drew no header or chart in AppTest")

    # The explorer's year slider. AppTest reruns the whole script (sidebar and page), not only the st.fragment the
    # slider lives in as a browser session does, so this is an upper bound of the slider's server cost. The session
    # still has the last profile's municipality, so the map also draws its highlight and KOSTRA-group outline.
    started = time.perf_counter()
    at.switch_page(EXPLORER_PAGE).run()
    explorer_first = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"map explorer raised in AppTest: {at.exception}")
    years = [int(y) for y in at.select_slider(key="map_year").options]
    earlier = years[:-1]
    slider_times = []
    for i in range(repeats * 2):
        # Back to an earlier year (one step, then further), then to the latest year again.
        year = earlier[-1 - (i // 2) % len(earlier)] if i % 2 == 0 else years[-1]
        started = time.perf_counter()
        at.select_slider(key="map_year").set_value(year).run()
        slider_times.append((time.perf_counter() - started) * 1000)
        if at.exception:
            raise RuntimeError(f"map explorer raised after moving the year to {year}: {at.exception}")
        drawn = any("sdgChoropleth" in e.proto.json_args for e in at.get("component_instance"))  # the Leaflet map
        if int(at.select_slider(key="map_year").value) != year or not drawn:
            raise RuntimeError(f"map explorer did not draw the map for {year} in AppTest")
    return {
        "first_run_ms": round(first, 1),
        "profile_first_run_ms": round(profile_first, 1),
        "explorer_first_run_ms": round(explorer_first, 1),
        "explorer_year_change": summary(slider_times),
        "year_change": summary(year_times),
        "indicator_change": summary(indicator_times),
        "profile_municipality_change": summary(municipality_times),
    }


def cold_ratios(loads: dict) -> dict[str, float]:
    """The first load of each app page after its server started (serve.py), over that page's warm median."""
    return {page: loads[page]["cold_ms"] / loads[page]["median"] for page in HELLO_LIMITS}


def report(loads: dict, reruns: dict) -> str:
    lines = [f"{'page':<13} {'median ms':>10} {'min':>8} {'max':>8} {'cold ms':>8} {'peak RSS MB':>12}"]
    for name, r in loads.items():
        rss = f"{r['server_peak_rss_mb']:.0f}" if r["server_peak_rss_mb"] is not None else "n/a"
        numbers = f"{r['median']:>10.0f} {r['min']:>8.0f} {r['max']:>8.0f} {r['cold_ms']:>8.0f}"
        lines.append(f"{name:<13} {numbers} {rss:>12}")
    for page, bare in RATIOS:
        lines.append(f"ratio {page} / {bare} (median load): {loads[page]['median'] / loads[bare]['median']:.2f}")
    for page, limit in HELLO_LIMITS.items():
        at_path, at_root = (loads[page]["median"] / loads[hello]["median"] for hello in (FLOOR, "hello"))
        lines.append(f"ratio {page} / hello at a path: {at_path:.2f} (limit {limit}: "
                     f"{'yes' if at_path <= limit else 'NO'}); / hello at /: {at_root:.2f}")
    for page, cold in cold_ratios(loads).items():
        lines.append(f"first load after the server start / warm median, {page}: {cold:.2f} "
                     f"(limit {COLD_LIMIT}: {'yes' if cold <= COLD_LIMIT else 'NO'})")
    lines.append("")
    lines.append(f"{'rerun (AppTest)':<27} {'median ms':>10} {'min':>8} {'max':>8} {'n':>4}")
    for name in ("year_change", "indicator_change", "profile_municipality_change", "explorer_year_change"):
        r = reruns[name]
        lines.append(f"{name:<27} {r['median']:>10.0f} {r['min']:>8.0f} {r['max']:>8.0f} {r['n']:>4}")
    lines.append(f"first AppTest run (cold caches): {reruns['first_run_ms']:.0f} ms; "
                 f"switch to the profile page (no municipality yet): {reruns['profile_first_run_ms']:.0f} ms; "
                 f"switch to the map explorer: {reruns['explorer_first_run_ms']:.0f} ms")
    slider = reruns["explorer_year_change"]["median"]
    verdict = "meets" if slider <= SLIDER_LIMIT_MS else "MISSES"
    lines.append(f"explorer year slider: median {slider:.0f} ms (whole-script rerun in AppTest, an upper bound of the "
                 f"fragment rerun) {verdict} the {SLIDER_LIMIT_MS} ms requirement")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed page loads per page (after one cold load)")
    parser.add_argument("--rerun-repeats", type=int, default=3,
                        help="timed reruns per year change (indicator and municipality changes: twice as many)")
    parser.add_argument("--change-repeats", type=int, default=10,
                        help="timed map and chart changes of each kind in the browser "
                             "(bench/map_changes.py, bench/chart_changes.py)")
    args = parser.parse_args()
    if not Path(CHROMIUM_PATH).is_file():
        print(f"Chromium not found at {CHROMIUM_PATH}; set CHROMIUM_PATH", file=sys.stderr)
        return 1
    loads = browser_loads(args.runs)
    reruns = rerun_times(args.rerun_repeats)
    map_changes = browser_map_changes(args.change_repeats)
    chart_changes = browser_chart_changes(args.change_repeats)
    print(f"Page load: navigation start -> script idle and main figure(s) drawn; {args.runs} runs, fresh context "
          "each, each page taking turns with its bare reference")
    print(report(loads, reruns))
    print(map_change_report(map_changes))
    print(chart_change_report(chart_changes))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "runs": args.runs,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "page_load_ms": loads,
        "pages": {name: dict(zip(("script", "path", "ready"), spec, strict=True)) for name, spec in PAGES.items()},
        "ratios": {f"{page}/{bare}": loads[page]["median"] / loads[bare]["median"] for page, bare in RATIOS},
        "hello_ratios": {page: {"ratio": loads[page]["median"] / loads[FLOOR]["median"], "floor": FLOOR,
                                "limit": limit, "within_limit": loads[page]["median"] / loads[FLOOR]["median"] <= limit,
                                "ratio_to_hello_at_root": loads[page]["median"] / loads["hello"]["median"]}
                         for page, limit in HELLO_LIMITS.items()},
        "cold_over_warm": {page: {"ratio": ratio, "limit": COLD_LIMIT, "within_limit": ratio <= COLD_LIMIT}
                           for page, ratio in cold_ratios(loads).items()},
        "ratio_app_over_bare_map": loads["app"]["median"] / loads["bare_map"]["median"],
        "ratio_profile_over_bare_profile": loads["profile"]["median"] / loads["bare_profile"]["median"],
        "explorer_slider_limit_ms": SLIDER_LIMIT_MS,
        "explorer_slider_within_limit": reruns["explorer_year_change"]["median"] <= SLIDER_LIMIT_MS,
        "rerun_ms": reruns,
        "browser_change_ms": map_changes,
        "browser_chart_change_ms": chart_changes,
        **chart_change_limits(chart_changes),
    }
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
