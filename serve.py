"""Serve the app warm: `python serve.py [streamlit run options]` instead of `streamlit run app.py [options]`.

A plain `streamlit run app.py` answers /_stcore/health in about half a second, and the first visitor then waits for
what every later page finds done: importing the app's modules (pandas, plotly, sqlalchemy, folium, shapely, …) and
filling the caches app.py's warm-up fills (issue 14 §3: the first page at most 2× a warm one). This does both before
the server listens, so health answers only once the process is warm. Streamlit's caches outlive that: st.cache_data
and st.cache_resource keep one cache per function per process, created here (in memory, no runtime yet) and found
again by every session's run. A custom component (the maps' st_folium) registers with a running Streamlit only, when
it is imported, so components/leaflet_map.py imports it in a session's run, not at its top. A failed
warm-up (database never built, unreachable) is logged and the server starts all the same: the pages then say what
app.py's own warm-up says.
"""

from __future__ import annotations

import ast
import importlib
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SCRIPTS = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
LOGGER = "dashboard.serve"


def imported_modules(scripts: list[Path] = SCRIPTS) -> list[str]:
    """The modules the scripts import at their top level, read from their source (a page is not run here); for
    `from package import name`, package.name too when it is a module. Imports inside functions stay lazy."""
    names: dict[str, None] = {}
    for script in scripts:
        for node in ast.parse(script.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                names.update(dict.fromkeys(alias.name for alias in node.names))
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level and node.module != "__future__":
                names.update(dict.fromkeys([node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]))
    return list(names)


def warm() -> None:
    """Import what the app imports, then fill the caches app.py's warm-up fills."""
    for name in imported_modules():
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:  # `from package import function`: no such module, nothing to import
                raise
    from components import data, leaflet_map

    data.warm_up()
    leaflet_map.warm_up()


class _Expected(logging.Filter):
    """Drops Streamlit's warnings that are expected here: no runtime yet while warming (so caches in memory, which the
    runtime then keeps, and no script context), and the command line's [server] options applied at the handover after
    the warm-up had read the config files without them (the server has not started yet: nothing to restart)."""

    TEXTS = ("No runtime found", "Thread 'MainThread': missing ScriptRunContext", "An update to the [server] config")

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.TEXTS)


EXPECTED = _Expected()


def main(options: list[str]) -> int:
    for name in ("runtime.caching.cache_data_api", "runtime.scriptrunner_utils.script_run_context", "config"):
        logging.getLogger(f"streamlit.{name}").addFilter(EXPECTED)  # a filter outlives Streamlit's setLevel
    try:
        warm()
    except Exception as error:  # noqa: BLE001 - the server starts all the same; the pages report the fault
        from core import faults, logs

        logs.configure()
        kind = faults.kind(error)  # the database's state (a warning), else a fault of ours (an error, traceback)
        cause = error.__cause__ if kind and error.__cause__ else error  # the driver's words, not pandas' SQL
        logs.event("serve.warm_up_failed", logging.WARNING if kind else logging.ERROR, LOGGER,
                   exc_info=None if kind else error, error_type=type(error).__name__, kind=kind or "-",
                   detail=str(getattr(cause, "orig", None) or cause)[:300])
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *options]  # absolute: from any working directory
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
