"""serve.py: the app's imports and caches warmed before Streamlit takes over, and the server started all the same when
warming fails (issue 14 §3: the first page at most 2× a warm one; the figures are bench/cold_start.py's)."""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import sqlite3
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.exc import OperationalError
from streamlit.runtime import Runtime
from streamlit.testing.v1 import AppTest
from streamlit.web import cli

import serve
from components import data, leaflet_map
from tests.streamlit_server import start, stop

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def handover(monkeypatch):
    """serve.main's calls in order, Streamlit's cli.main recorded with the argv it was given instead of run."""
    calls = []
    monkeypatch.setattr(sys, "argv", ["serve.py"])
    monkeypatch.setattr(data, "warm_up", lambda: calls.append("data"))
    monkeypatch.setattr(leaflet_map, "warm_up", lambda: calls.append("map"))
    monkeypatch.setattr(cli, "main", lambda: calls.append(("streamlit", list(sys.argv))) or 0)
    return calls


def test_the_caches_are_warmed_before_streamlit_runs_the_app(handover):
    assert serve.main(["--server.port", "8999", "--server.headless", "true"]) == 0
    assert handover == ["data", "map",
                        ("streamlit", ["streamlit", "run", str(ROOT / "app.py"), "--server.port", "8999",
                                       "--server.headless", "true"])]


def test_what_app_py_and_the_pages_import_is_imported_but_not_what_functions_import_late(tmp_path):
    modules = serve.imported_modules()
    assert {"components.data", "components.leaflet_map", "charts.sdg_radar", "pandas", "plotly.graph_objects"} <= set(
        modules)
    page = tmp_path / "page.py"
    page.write_text("from __future__ import annotations\nimport pandas as pd\nfrom components import data, faults\n"
                    "from core.i18n import t\n\ndef later():\n    import kaleido\n")
    assert serve.imported_modules([page]) == ["pandas", "components", "components.data", "components.faults",
                                              "core.i18n", "core.i18n.t"]  # t is no module: warm() passes it by


@pytest.mark.parametrize("error, level, kind", [
    (OperationalError("SELECT …", {}, sqlite3.OperationalError("no such table: municipality")), logging.WARNING,
     "missing"),
    (ValueError("a fault of ours"), logging.ERROR, "-"),
])
def test_a_failed_warm_up_is_logged_and_the_server_starts_all_the_same(handover, monkeypatch, caplog, error, level,
                                                                      kind):
    def fail():
        raise error

    monkeypatch.setattr(data, "warm_up", fail)
    with caplog.at_level(logging.WARNING, logger=serve.LOGGER):
        assert serve.main([]) == 0
    assert handover == [("streamlit", ["streamlit", "run", str(ROOT / "app.py")])]
    [record] = [r for r in caplog.records if r.name == serve.LOGGER]
    assert (record.event, record.levelno, record.f_kind, record.f_error_type) == (
        "serve.warm_up_failed", level, kind, type(error).__name__)
    assert bool(record.exc_info) == (kind == "-")  # a traceback only for a fault of ours


def test_what_is_cached_before_streamlit_runs_is_found_by_a_session(monkeypatch):
    """What serve.py relies on: a cache filled with no runtime yet (Streamlit keeps it in memory) is the one the
    sessions' runs read, so they do not fill it again."""
    monkeypatch.setattr(Runtime, "_instance", None)  # as in serve.py: no runtime (an earlier AppTest leaves one)
    filled = []

    @st.cache_resource(show_spinner=False)
    def resource() -> str:
        filled.append("resource")
        return "geometry"

    @st.cache_data(show_spinner=False)
    def table() -> list[int]:
        filled.append("data")
        return [1, 2]

    resource(), table()

    def script(resource, table):
        import streamlit as st

        st.write(resource(), table())

    app = AppTest.from_function(script, args=(resource, table)).run()
    assert not app.exception
    assert filled == ["resource", "data"]


def _load_client():
    spec = importlib.util.spec_from_file_location("load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["load"] = module  # a dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # a server started and warmed (a few seconds)
def test_the_warmed_server_answers_health_and_serves_its_first_visitor_the_map_too():
    load = _load_client()
    server, url = start("app.py")  # tests/streamlit_server.py: serve.py, healthy once warm
    try:
        # One session over Streamlit's websocket protocol (bench/load.py): the landing page and a profile, each
        # ending in a successful run that drew a chart or map. Its own thread: the client calls asyncio.run().
        with ThreadPoolExecutor(max_workers=1) as pool:
            [visit] = pool.submit(asyncio.run, load.gather_hall(url, 1, 0.0, load.PROFILE_CODE, 120.0)).result()
        # The map's component (st_folium) is declared in a session's run (leaflet_map.draw imports it there), not by the
        # warm-up before Streamlit's runtime existed, so it is registered and its files are served.
        with urllib.request.urlopen(f"{url}/component/streamlit_folium.st_folium/index.html", timeout=10) as answer:
            assert answer.status == 200
    finally:
        stop(server)
    assert visit.error is None
    assert visit.served


def test_the_server_runs_on_uvloop_and_httptools():
    """Streamlit's server (uvicorn) takes uvloop and httptools when they are installed; on asyncio's default loop with
    h11 it answered the browser's script requests of a first page load about 10x slower (bench/README.md)."""
    import uvloop
    from streamlit.web import bootstrap
    from streamlit.web.server.starlette import starlette_server
    from uvicorn.protocols.http.auto import AutoHTTPProtocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    assert bootstrap._get_uvloop_loop_factory() is uvloop.new_event_loop
    assert starlette_server._get_uvicorn_config_kwargs().get("http", "auto") == "auto"
    assert AutoHTTPProtocol is HttpToolsProtocol
