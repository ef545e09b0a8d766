"""Cold start: the first page after a fresh server start against warm loads of the same page (issue 14 §3).

For each round, a new Streamlit process serves the app; the first load in a fresh Chromium context is the cold one,
then --warm loads follow (each in a fresh context, the server's caches filled). The ready conditions are the
benchmark's (bench/bench.py: script idle, the page's figures drawn).

    .venv/bin/python bench/cold_start.py [--tree DIR] [--port 8650] [--rounds 3] [--warm 5] [--page profile]

--tree serves another checkout of the app (e.g. an export of an older commit) with this project's database and
source files, so two versions can be compared on the same data. A tree is served as the app is deployed, by its
serve.py (imports and caches warmed before the server listens), or by `streamlit run app.py` if it has none.

--server times the same on the server alone, less at the mercy of a busy machine than a browser: in a fresh Python
process, app.py and the page run in Streamlit's AppTest (imports, warm-up and the page's first run: cold), then again
(warm); wall and CPU seconds of each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import CHROMIUM_ARGS, CHROMIUM_PATH, load_once  # noqa: E402  (bench/bench.py: its ready conditions)
from core.config import settings, subprocess_environment  # noqa: E402
from tests.streamlit_server import stop, wait_healthy  # noqa: E402

# name: (URL path and query, ready condition, charts expected)
PAGES = {
    "overview": ("/oversikt", "map", 0),
    "profile": ("/kommuneprofil?kommune=0301", "charts", 2),
    "compare": ("/sammenlign?kommune=5610", "charts", 3),
}


def serve(tree: Path, port: int) -> tuple[subprocess.Popen, str, float]:
    """A server of the tree's app.py on the port, with this project's database and files; (process, URL, seconds
    until healthy)."""
    env, _ = _environment()
    # Served as in production (serve.py: warmed before it listens); a tree from before serve.py by streamlit run.
    runner = ["serve.py"] if (tree / "serve.py").exists() else ["-m", "streamlit", "run", "app.py"]
    command = [sys.executable, *runner, "--server.headless", "true", "--server.port", str(port),
               "--browser.gatherUsageStats", "false"]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://localhost:{port}"
    wait_healthy(process, url)
    return process, url, time.monotonic() - started


SERVER_RUN = """
import json, sys, time
wall, cpu = time.perf_counter(), time.process_time()
from streamlit.testing.v1 import AppTest
def run():
    app = AppTest.from_file("app.py", default_timeout=300)
    app.query_params.update(dict(q.split("=") for q in sys.argv[2].split("&") if q))
    app.run()
    app.switch_page(sys.argv[1]).run()
    assert not app.exception, [e.value for e in app.exception]
times = {}
run()
times["cold_wall_s"], times["cold_cpu_s"] = time.perf_counter() - wall, time.process_time() - cpu
wall, cpu = time.perf_counter(), time.process_time()
run()
times["warm_wall_s"], times["warm_cpu_s"] = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({k: round(v, 2) for k, v in times.items()}))
"""
PAGE_FILES = {"overview": "app_pages/overview.py", "profile": "app_pages/profile.py", "compare": "app_pages/compare.py"}


def server_side(tree: Path, page: str, rounds: int) -> dict:
    """Cold and warm runs of app.py and the page in AppTest, each round in a fresh process (see the docstring)."""
    env, _ = _environment()
    query = PAGES[page][0].partition("?")[2]
    results = []
    for _ in range(rounds):
        done = subprocess.run([sys.executable, "-c", SERVER_RUN, PAGE_FILES[page], query], cwd=tree, env=env,
                              capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {key: [r[key] for r in results] for key in results[0]}


def _environment() -> tuple[dict[str, str], str]:
    current = settings()
    database = current.database_url
    if database.startswith("sqlite:///") and not database.startswith("sqlite:////"):
        database = f"sqlite:///{ROOT / database.removeprefix('sqlite:///')}"
    env = subprocess_environment(DATABASE_URL=database, DATA_DIR=str((ROOT / current.data_dir).resolve()),
                                 **({"DATA_MIRROR": str(Path(current.data_mirror).resolve())}
                                    if current.data_mirror else {}))
    return env, database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose app.py is served")
    parser.add_argument("--port", type=int, default=8650)
    parser.add_argument("--rounds", type=int, default=3, help="server starts (one cold load each)")
    parser.add_argument("--warm", type=int, default=5, help="warm loads after each cold one")
    parser.add_argument("--page", choices=sorted(PAGES), default="profile")
    parser.add_argument("--server", action="store_true", help="time AppTest runs instead of a browser (see above)")
    args = parser.parse_args()
    if args.server:
        print(json.dumps({"tree": str(args.tree), "page": args.page,
                          **server_side(args.tree.resolve(), args.page, args.rounds)}))
        return 0
    from playwright.sync_api import sync_playwright

    path, kind, charts = PAGES[args.page]
    cold, warm, healthy = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            for _ in range(args.rounds):
                process, url, seconds = serve(args.tree.resolve(), args.port)
                try:
                    healthy.append(seconds * 1000)
                    cold.append(load_once(browser, url + path, kind, charts))
                    warm.extend(load_once(browser, url + path, kind, charts) for _ in range(args.warm))
                finally:
                    stop(process)
        finally:
            browser.close()
    result = {"tree": str(args.tree), "page": args.page, "path": path, "ready": kind,
              "healthy_ms": [round(v) for v in healthy], "cold_ms": [round(v) for v in cold],
              "warm_median_ms": round(statistics.median(warm)), "warm_ms": [round(v) for v in warm],
              "cold_over_warm": round(statistics.median(cold) / statistics.median(warm), 2)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
