"""Page-load benchmark: the app vs a bare page with the same map vs a hello-world page, plus rerun times.

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
PAGES = {"app": "app.py", "bare_map": "bench/reference_bare_map.py", "hello": "bench/reference_hello.py"}

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

    servers = {name: start(script) for name, script in PAGES.items()}
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            try:
                for name, (_, url) in servers.items():
                    kind = "hello" if name == "hello" else "map"
                    cold = load_once(browser, url, kind)  # first visit: fills the server's caches; not in the stats
                    times = [load_once(browser, url, kind) for _ in range(runs)]
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
    """Server-side Python time of the reruns that a year or indicator change causes (AppTest, no browser)."""
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
    return {
        "first_run_ms": round(first, 1),
        "year_change": summary(year_times),
        "indicator_change": summary(indicator_times),
    }


def report(loads: dict, reruns: dict) -> str:
    lines = [f"{'page':<10} {'median ms':>10} {'min':>8} {'max':>8} {'cold ms':>8} {'peak RSS MB':>12}"]
    for name, r in loads.items():
        rss = f"{r['server_peak_rss_mb']:.0f}" if r["server_peak_rss_mb"] is not None else "n/a"
        numbers = f"{r['median']:>10.0f} {r['min']:>8.0f} {r['max']:>8.0f} {r['cold_ms']:>8.0f}"
        lines.append(f"{name:<10} {numbers} {rss:>12}")
    lines.append(f"ratio app / bare_map (median load): {loads['app']['median'] / loads['bare_map']['median']:.2f}")
    lines.append("")
    lines.append(f"{'rerun (AppTest)':<22} {'median ms':>10} {'min':>8} {'max':>8} {'n':>4}")
    for name in ("year_change", "indicator_change"):
        r = reruns[name]
        lines.append(f"{name:<22} {r['median']:>10.0f} {r['min']:>8.0f} {r['max']:>8.0f} {r['n']:>4}")
    lines.append(f"first AppTest run (cold caches): {reruns['first_run_ms']:.0f} ms")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed page loads per page (after one cold load)")
    parser.add_argument("--rerun-repeats", type=int, default=3, help="timed reruns per control change")
    args = parser.parse_args()
    if not Path(CHROMIUM_PATH).is_file():
        print(f"Chromium not found at {CHROMIUM_PATH}; set CHROMIUM_PATH", file=sys.stderr)
        return 1
    loads = browser_loads(args.runs)
    reruns = rerun_times(args.rerun_repeats)
    print(f"Page load: navigation start -> script idle and main figure drawn; {args.runs} runs, fresh context each")
    print(report(loads, reruns))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "runs": args.runs,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "page_load_ms": loads,
        "ratio_app_over_bare_map": loads["app"]["median"] / loads["bare_map"]["median"],
        "rerun_ms": reruns,
    }
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
