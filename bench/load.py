"""Load test at the protocol level: N sessions speak Streamlit's websocket protocol, no browser per session.

Each session does what a browser opening the link does, minus the drawing: GET the page (index.html, which also picks
up the proxy's routing cookie), open `/_stcore/stream`, ask for the landing page (BackMsg rerun_script, as the
frontend does on connect), wait for its script_finished ForwardMsg, then switch to a municipality profile the way
the sidebar's page link does (rerun_script with the page's page_script_hash from the navigation message and the
query string) and wait again. Sessions arrive evenly spread over the arrival window and stay open until all are
done (a hall keeps its tabs open), so the server's peak memory holds every session at once.

    .venv/bin/python bench/load.py                          # starts its own app server (SQLite or DATABASE_URL)
    .venv/bin/python bench/load.py --url http://localhost:8680 --watch app=1234 --label my-server

Reports sessions served and failed, p50/p95/max seconds until each script finished (landing, profile, and the
whole visit from arrival), server CPU and peak RSS (psutil, each watched process with its children), and memory
per session ((peak RSS - idle RSS) / N). Writes bench/results/load-<date>-<label>.json and prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PROFILE_URL_PATH = "kommuneprofil"  # app.py's url_path of the profile page
PROFILE_CODE = "0301"  # Oslo: the largest profile (its own peers, the most values)
SAMPLE_SECONDS = 0.25
# Elements that draw a chart or map: Plotly, and the custom components a map may move to (Leaflet via folium).
DRAWN = frozenset({"plotly_chart", "component_instance", "bidi_component", "deck_gl_json_chart", "vega_lite_chart",
                   "echarts_chart", "iframe"})


@dataclass
class Visit:
    """One session's visit; times in seconds."""

    index: int
    landing: float | None = None  # from sending the rerun until the landing page's script finished
    profile: float | None = None  # the same for the page switch to the profile
    total: float | None = None  # from arrival (the GET of the page) until the profile's script finished
    error: str | None = None

    @property
    def served(self) -> bool:
        return self.error is None and self.profile is not None


def rerun(query_string: str = "", page_script_hash: str = "") -> bytes:
    """The BackMsg the frontend sends to run a page: on connect (no hash: the URL's page) and on a page switch."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = query_string
    state.page_script_hash = page_script_hash
    state.widget_states.SetInParent()
    info = state.context_info
    info.timezone, info.timezone_offset, info.locale, info.color_scheme = "Europe/Oslo", -60, "nb-NO", "light"
    return message.SerializeToString()


async def run_script(socket, request: bytes, pages: dict[str, str]) -> float:
    """Send one rerun and wait for its successful script_finished; fills `pages` (url path -> script hash).

    A run counts only if it drew a chart or map (the landing page's map, the profile's radar): a page that ends early
    with a message (database away, no municipality chosen) is not a served page.
    """
    started = time.monotonic()
    charts = 0
    await socket.send(request)
    while True:
        message = ForwardMsg()
        message.ParseFromString(await socket.recv())
        kind = message.WhichOneof("type")
        if kind == "navigation":
            pages.update({page.url_pathname: page.page_script_hash for page in message.navigation.app_pages})
        elif kind == "page_not_found":
            raise RuntimeError("page not found")
        elif kind == "delta":
            element = message.delta.new_element.WhichOneof("type")
            if element == "exception":
                raise RuntimeError(f"exception on the page: {message.delta.new_element.exception.type}")
            charts += element in DRAWN
        elif kind == "script_finished":
            if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                if not charts:
                    raise RuntimeError("the page finished without a chart")
                return time.monotonic() - started
            if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise RuntimeError("script did not compile")
            # FINISHED_EARLY_FOR_RERUN: the script asked for a rerun (st.rerun); the next run counts


def fetch_index(url: str, timeout: float) -> str | None:
    """GET the page as the browser does first; returns the Cookie header to send on (the proxy's routing cookie)."""
    with urllib.request.urlopen(url + "/", timeout=timeout) as response:
        response.read()
        cookies = [value.split(";", 1)[0] for name, value in response.headers.items() if name.lower() == "set-cookie"]
    return "; ".join(cookies) or None


class Hall:
    """The sessions of one run: each reports when it is through, and all leave together once every one is."""

    def __init__(self, sessions: int):
        self.sessions = sessions
        self.through = 0
        self.everyone_through = asyncio.Event()
        # One thread per session for the blocking GET: asyncio's default pool (a handful of threads) would queue
        # the hall's GETs behind each other and count the client's queue as the server's time.
        self.http = ThreadPoolExecutor(max_workers=max(sessions, 1))

    def report_through(self) -> None:
        self.through += 1
        if self.through == self.sessions:
            self.everyone_through.set()


async def visit(index: int, url: str, code: str, timeout: float, hall: Hall) -> Visit:
    result = Visit(index)
    arrived = time.monotonic()
    socket = None
    try:
        cookie = await asyncio.get_running_loop().run_in_executor(hall.http, fetch_index, url, timeout)
        headers = {"Cookie": cookie} if cookie else None
        ws_url = "ws" + url.removeprefix("http") + "/_stcore/stream"
        async with asyncio.timeout(timeout):
            # Origin as the browser sends it: Streamlit refuses a websocket whose Origin does not match its Host,
            # so this also checks that a proxy passes the Host on.
            socket = await websockets.connect(ws_url, subprotocols=["streamlit"], additional_headers=headers,
                                              origin=url, max_size=None, open_timeout=timeout, ping_interval=None)
            pages: dict[str, str] = {}
            # The link carries the municipality (as a presenter's link or the sidebar's choice puts it in the URL);
            # the page switch keeps it, as the frontend keeps the query string of a page link.
            result.landing = await run_script(socket, rerun(f"kommune={code}"), pages)
            if PROFILE_URL_PATH not in pages:
                raise RuntimeError(f"no {PROFILE_URL_PATH} page in the navigation message")
            result.profile = await run_script(socket, rerun(f"kommune={code}", pages[PROFILE_URL_PATH]), pages)
    except Exception as error:  # noqa: BLE001 - every failure is counted and named, none stops the others
        result.error = f"{type(error).__name__}: {error}"[:300]
    result.total = time.monotonic() - arrived
    hall.report_through()
    await hall.everyone_through.wait()  # the tab stays open until the whole hall is in
    if socket is not None:
        await socket.close()
    return result


async def gather_hall(url: str, sessions: int, window: float, code: str, timeout: float) -> list[Visit]:
    """N sessions arriving evenly over the window; all stay connected until the last is served or has failed."""
    hall = Hall(sessions)
    step = window / (sessions - 1) if sessions > 1 else 0.0

    async def arrive(index: int) -> Visit:
        await asyncio.sleep(index * step)
        return await visit(index, url, code, timeout, hall)

    try:
        return await asyncio.gather(*(arrive(i) for i in range(sessions)))
    finally:
        hall.http.shutdown()


class Watcher:
    """Samples CPU time and RSS of named processes (each with its children) in a background thread."""

    def __init__(self, pids: dict[str, int]):
        self.roots = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.peak_rss = dict.fromkeys(pids, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def tree(self, name: str) -> list[psutil.Process]:
        root = self.roots[name]
        try:
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def rss(self) -> dict[str, int]:
        return {name: sum(_safe(lambda p: p.memory_info().rss, process) for process in self.tree(name))
                for name in self.roots}

    def cpu_seconds(self) -> dict[str, float]:
        def used(process: psutil.Process) -> float:
            times = process.cpu_times()
            return times.user + times.system

        return {name: sum(_safe(used, process) for process in self.tree(name)) for name in self.roots}

    def _sample_until_stopped(self) -> None:
        while not self._stop.is_set():
            for name, value in self.rss().items():
                self.peak_rss[name] = max(self.peak_rss[name], value)
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> Watcher:
        self.peak_rss = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        for name, value in self.rss().items():
            self.peak_rss[name] = max(self.peak_rss[name], value)


def _safe(measure, process: psutil.Process):
    try:
        return measure(process)
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return 0


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value at least `share` of the values do not exceed."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def summary(values: list[float]) -> dict[str, float | None]:
    return {"p50": percentile(values, 0.5), "p95": percentile(values, 0.95), "max": max(values, default=None)}


def measure(url: str, pids: dict[str, int], sessions: int, window: float, code: str, timeout: float,
            warm_up_urls: list[str]) -> dict:
    """Run the hall against a server that is up; returns the figures.

    Each of warm_up_urls (each app process, straight) gets one visit first: the presenter opened the link before
    the hall did, so the shared caches are filled, as at the meeting, and idle memory is measured after that.
    """
    cold_visits = []  # a fresh process's first visit: how soon a new process is really ready
    for warm_up_url in warm_up_urls:
        [first] = asyncio.run(gather_hall(warm_up_url, 1, 0.0, code, timeout))
        if not first.served:
            raise RuntimeError(f"the warm-up session at {warm_up_url} was not served: {first.error}")
        cold_visits.append(first.total)
    watcher = Watcher(pids)
    idle_rss = watcher.rss()
    cpu_before, load_before, started = watcher.cpu_seconds(), os.getloadavg(), time.monotonic()
    with watcher:
        visits = asyncio.run(gather_hall(url, sessions, window, code, timeout))
    wall = time.monotonic() - started
    cpu = {name: used - cpu_before[name] for name, used in watcher.cpu_seconds().items()}
    served = [v for v in visits if v.served]
    app_names = [name for name in pids if name.startswith("app")]
    peak_app = sum(watcher.peak_rss[name] for name in app_names)
    idle_app = sum(idle_rss[name] for name in app_names)
    return {
        "sessions": sessions, "window_s": window, "profile_code": code, "warmed_up": len(warm_up_urls),
        "served": len(served), "failed": sessions - len(served),
        "errors": sorted({v.error for v in visits if v.error})[:10],
        "landing_s": summary([v.landing for v in served]),
        "profile_s": summary([v.profile for v in served]),
        "visit_s": summary([v.total for v in served]),
        "first_visit_s": cold_visits, "wall_s": wall,
        "cpu_s": cpu, "cpu_percent_of_one_core": {name: 100 * used / wall for name, used in cpu.items()},
        "idle_rss_mb": {name: value / 2**20 for name, value in idle_rss.items()},
        "peak_rss_mb": {name: value / 2**20 for name, value in watcher.peak_rss.items()},
        "per_session_mb": (peak_app - idle_app) / 2**20 / sessions if sessions else None,
        "load_average_before": load_before, "load_average_after": os.getloadavg(),
        "visits": [asdict(v) for v in visits],
    }


def table(label: str, figures: dict) -> str:
    def seconds(part: str) -> str:
        s = figures[part]
        return " / ".join("-" if s[k] is None else f"{s[k]:.2f}" for k in ("p50", "p95", "max"))

    rows = [
        ("run", label),
        ("sessions served / failed", f"{figures['served']} / {figures['failed']} of {figures['sessions']} "
                                     f"(arriving within {figures['window_s']:g} s)"),
        ("landing page s p50 / p95 / max", seconds("landing_s")),
        ("profile s p50 / p95 / max", seconds("profile_s")),
        ("whole visit s p50 / p95 / max", seconds("visit_s")),
        ("first visit per process s", ", ".join(f"{v:.2f}" for v in figures["first_visit_s"]) or "-"),
        ("wall time s", f"{figures['wall_s']:.1f}"),
        *[(f"CPU s ({name}), % of one core", f"{figures['cpu_s'][name]:.1f}, "
                                             f"{figures['cpu_percent_of_one_core'][name]:.0f} %")
          for name in figures["cpu_s"]],
        *[(f"RSS MB ({name}) idle -> peak", f"{figures['idle_rss_mb'][name]:.0f} -> {figures['peak_rss_mb'][name]:.0f}")
          for name in figures["peak_rss_mb"]],
        ("memory per session MB (app)", "-" if figures["per_session_mb"] is None
         else f"{figures['per_session_mb']:.2f}"),
        ("load average before / after", " / ".join(f"{a[0]:.2f}" for a in (figures["load_average_before"],
                                                                            figures["load_average_after"]))),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    lines += [f"  error: {error}" for error in figures["errors"]]
    return "\n".join(lines)


def write_results(label: str, figures: dict, command: list[str], extra: dict | None = None) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    path = RESULTS / f"load-{now:%Y-%m-%d}-{label}.json"
    record = {"label": label, "when": now.isoformat(timespec="seconds"), "command": " ".join(command),
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
              **(extra or {}), **figures}
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    return path


def parse_watch(values: list[str]) -> dict[str, int]:
    """--watch app=1234 --watch nginx=99: names starting with 'app' count as app processes for memory per session."""
    pids = {}
    for value in values:
        name, _, pid = value.partition("=")
        pids[name] = int(pid)
    return pids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=100, help="sessions (default 100)")
    parser.add_argument("--window", type=float, default=10.0, help="seconds over which they arrive (default 10)")
    parser.add_argument("--code", default=PROFILE_CODE, help=f"the profile's municipality (default {PROFILE_CODE})")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds a session may take (default 180)")
    parser.add_argument("--url", help="a server that is up (default: start app.py on a free port and stop it after)")
    parser.add_argument("--watch", action="append", default=[], metavar="NAME=PID",
                        help="a process to measure with its children; names starting with 'app' are app processes")
    parser.add_argument("--label", default="one-process", help="names the results file (default one-process)")
    parser.add_argument("--cold", action="store_true", help="no warm-up session before the hall arrives")
    parser.add_argument("--no-write", action="store_true", help="print only, write no results file")
    args = parser.parse_args(argv)
    command = [Path(sys.executable).name, "bench/load.py", *(argv if argv is not None else sys.argv[1:])]

    server = None
    url, pids = args.url, parse_watch(args.watch)
    if url is None:
        sys.path.insert(0, str(ROOT))
        from tests.streamlit_server import start  # one way to start a server, shared with the tests and bench.py

        server, url = start("app.py")
        pids = {"app": server.pid, **pids}
    try:
        url = url.rstrip("/")
        figures = measure(url, pids, args.sessions, args.window, args.code, args.timeout, [] if args.cold else [url])
    finally:
        if server is not None:
            from tests.streamlit_server import stop

            stop(server)
    print(table(args.label, figures))
    if not args.no_write:
        print(f"written: {write_results(args.label, figures, command).relative_to(ROOT)}")
    return 0 if figures["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
