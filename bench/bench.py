"""Page-load benchmark: the overview and the profile vs bare pages with the same charts vs hello-world, plus reruns.

Run from the project root: .venv/bin/python bench/bench.py [--runs N]. Uses the system Chromium (CHROMIUM_PATH).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "latest.json"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
# name: (script, URL path and query, ready condition). Each page gets its own server (own cold load and peak RSS).
PAGES = {
    "app": ("app.py", "/", "map"),
    "bare_map": ("bench/reference_bare_map.py", "/", "map"),
    "profile": ("app.py", "/kommuneprofil?kommune=0301", "charts"),
    "bare_profile": ("bench/reference_bare_profile.py", "/", "charts"),
    "hello": ("bench/reference_hello.py", "/", "hello"),
}
RATIOS = (("app", "bare_map"), ("profile", "bare_profile"))
PROFILE_PAGE = "app_pages/profile.py"
PROFILE_CODES = ("5612", "0301", "5610", "1508", "3101", "1144")  # municipalities a profile rerun switches between

IDLE = "document.querySelector(\"[data-testid='stApp'][data-test-script-state='notRunning']\")"
# Each returns performance.now() (ms since navigation start) once the page is idle and its main figure is drawn.
READY_JS = {
    "map": f"""() => {{
        if (!{IDLE}) return false;
        const gd = document.querySelector('.js-plotly-plot');
        const m = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot
            && gd._fullLayout.map._subplot.map;
        if (!m || !m.loaded() || m.queryRenderedFeatures().length === 0) return false;
        return performance.now();
    }}""",
    # Both Plotly charts (SDG radar and trend chart) laid out and drawn: bars, lines or markers in their SVG.
    "charts": f"""() => {{
        if (!{IDLE}) return false;
        const charts = [...document.querySelectorAll('.js-plotly-plot')];
        const drawn = (gd) => gd._fullLayout && gd._fullData
            && gd.querySelector('.main-svg .barlayer .point path, .main-svg .scatterlayer .js-line, '
                + '.main-svg .scatterlayer .point');
        return charts.length >= 2 && charts.every(drawn) ? performance.now() : false;
    }}""",
    "hello": f"""() => {{
        if (!{IDLE}) return false;
        const md = [...document.querySelectorAll("[data-testid='stMarkdownContainer']")];
        return md.some((e) => e.innerText.trim() === 'Hello' && e.offsetParent !== null) ? performance.now() : false;
    }}""",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(script: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{script}: streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return process, url
        except OSError:
            pass
        time.sleep(0.25)
    process.terminate()
    raise TimeoutError(f"{script}: not healthy after 60 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def load_once(browser, url: str, kind: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=60_000)
        handle = page.wait_for_function(READY_JS[kind], timeout=60_000, polling="raf")
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

    servers = {name: start(script) for name, (script, _, _) in PAGES.items()}
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            try:
                for name, (_, url) in servers.items():
                    _, path, kind = PAGES[name]
                    cold = load_once(browser, url + path, kind)  # first visit: fills the server's caches; not in stats
                    times = [load_once(browser, url + path, kind) for _ in range(runs)]
                    results[name] = {"cold_ms": round(cold, 1), **summary(times)}
            finally:
                browser.close()
        for name, (process, _) in servers.items():
            results[name]["server_peak_rss_mb"] = peak_rss_mb(process.pid)
    finally:
        for process, _ in servers.values():
            stop(process)
    return results


def rerun_times(repeats: int) -> dict:
    """Server-side Python time of the reruns that a year or indicator change (overview) or a municipality change
    (profile) causes (AppTest, no browser)."""
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import streamlit.logger
    from streamlit.testing.v1 import AppTest

    streamlit.logger.set_log_level("error")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    started = time.perf_counter()
    at.run()
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
        if not at.header or not at.get("plotly_chart"):
            raise RuntimeError(f"profile of {code} drew no header or chart in AppTest")
    return {
        "first_run_ms": round(first, 1),
        "profile_first_run_ms": round(profile_first, 1),
        "year_change": summary(year_times),
        "indicator_change": summary(indicator_times),
        "profile_municipality_change": summary(municipality_times),
    }


def report(loads: dict, reruns: dict) -> str:
    lines = [f"{'page':<13} {'median ms':>10} {'min':>8} {'max':>8} {'cold ms':>8} {'peak RSS MB':>12}"]
    for name, r in loads.items():
        rss = f"{r['server_peak_rss_mb']:.0f}" if r["server_peak_rss_mb"] is not None else "n/a"
        numbers = f"{r['median']:>10.0f} {r['min']:>8.0f} {r['max']:>8.0f} {r['cold_ms']:>8.0f}"
        lines.append(f"{name:<13} {numbers} {rss:>12}")
    for page, bare in RATIOS:
        lines.append(f"ratio {page} / {bare} (median load): {loads[page]['median'] / loads[bare]['median']:.2f}")
    lines.append("")
    lines.append(f"{'rerun (AppTest)':<27} {'median ms':>10} {'min':>8} {'max':>8} {'n':>4}")
    for name in ("year_change", "indicator_change", "profile_municipality_change"):
        r = reruns[name]
        lines.append(f"{name:<27} {r['median']:>10.0f} {r['min']:>8.0f} {r['max']:>8.0f} {r['n']:>4}")
    lines.append(f"first AppTest run (cold caches): {reruns['first_run_ms']:.0f} ms; "
                 f"switch to the profile page (no municipality yet): {reruns['profile_first_run_ms']:.0f} ms")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed page loads per page (after one cold load)")
    parser.add_argument("--rerun-repeats", type=int, default=3,
                        help="timed reruns per year change (indicator and municipality changes: twice as many)")
    args = parser.parse_args()
    if not Path(CHROMIUM_PATH).is_file():
        print(f"Chromium not found at {CHROMIUM_PATH}; set CHROMIUM_PATH", file=sys.stderr)
        return 1
    loads = browser_loads(args.runs)
    reruns = rerun_times(args.rerun_repeats)
    print(f"Page load: navigation start -> script idle and main figure(s) drawn; {args.runs} runs, fresh context each")
    print(report(loads, reruns))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "runs": args.runs,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "page_load_ms": loads,
        "pages": {name: dict(zip(("script", "path", "ready"), spec, strict=True)) for name, spec in PAGES.items()},
        "ratio_app_over_bare_map": loads["app"]["median"] / loads["bare_map"]["median"],
        "ratio_profile_over_bare_profile": loads["profile"]["median"] / loads["bare_profile"]["median"],
        "rerun_ms": reruns,
    }
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
