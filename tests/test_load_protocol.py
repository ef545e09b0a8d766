"""The protocol-level load client (bench/load.py) keeps speaking Streamlit's websocket protocol: a few sessions
against a real server are all served, each landing page and profile ending in a successful script_finished."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest

from core.config import settings
from tests.streamlit_server import free_port, start, stop

BENCH = Path(__file__).resolve().parent.parent / "bench"
SESSIONS = 5


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # a dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def in_own_thread(function, *args):
    """The client calls asyncio.run(); the browser tests' Playwright keeps an event loop running on the main thread
    for the whole session, so the client gets a thread of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def load_module():
    return _module("load", BENCH / "load.py")


@pytest.mark.slow
def test_a_few_sessions_are_all_served_through_the_protocol():
    load = load_module()
    server, url = start("app.py")
    try:
        figures = in_own_thread(load.measure, url, {"app": server.pid}, SESSIONS, 1.0, load.PROFILE_CODE, 120.0,
                                [url])
    finally:
        stop(server)
    assert figures["errors"] == []
    assert (figures["served"], figures["failed"]) == (SESSIONS, 0)
    for part in ("landing_s", "profile_s", "visit_s"):
        assert 0 < figures[part]["p50"] <= figures[part]["p95"] <= figures[part]["max"]
    assert figures["peak_rss_mb"]["app"] >= figures["idle_rss_mb"]["app"] > 0
    assert figures["cpu_s"]["app"] > 0


def test_percentile_is_nearest_rank():
    load = load_module()
    values = [float(v) for v in range(1, 101)]
    assert (load.percentile(values, 0.5), load.percentile(values, 0.95)) == (50.0, 95.0)
    assert load.percentile([3.0], 0.95) == 3.0 and load.percentile([], 0.5) is None


@pytest.mark.slow
def test_a_wrong_page_is_a_failed_session_not_a_crash():
    """A page name the app lacks makes every session fail with a reason (the client does not hang or raise)."""
    load = load_module()
    server, url = start("app.py")
    try:
        load.PROFILE_URL_PATH = "no-such-page"
        figures = in_own_thread(load.measure, url, {"app": server.pid}, 2, 0.5, load.PROFILE_CODE, 60.0, [])
    finally:
        stop(server)
    assert (figures["served"], figures["failed"]) == (0, 2)
    assert figures["errors"] == ["RuntimeError: no no-such-page page in the navigation message"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
                    reason="Debian's nginx is not installed (.ci/run installs it)")
def test_sessions_are_served_through_nginx_with_the_rendered_config():
    """The websocket upgrade, Host and Origin pass through deploy/nginx.conf: two app processes, sessions via nginx."""
    load_module()
    cluster = _module("load_cluster", BENCH / "load_cluster.py")
    with ExitStack() as stack:
        ports, pids = cluster.start_apps(stack, 2, free_port(), settings().database_url)
        proxy_port = free_port()
        nginx_pid = cluster.start_nginx(stack, proxy_port, ports)
        figures = in_own_thread(sys.modules["load"].measure, f"http://127.0.0.1:{proxy_port}",
                                {"app1": pids[0], "app2": pids[1], "nginx": nginx_pid}, SESSIONS, 1.0, "0301",
                                120.0, [])
    assert figures["errors"] == []
    assert (figures["served"], figures["failed"]) == (SESSIONS, 0)
