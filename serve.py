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
    """Drops Streamlit warnings that are expected here, and only while they are."""

    def __init__(self, *texts: str):
        super().__init__()
        self.texts = texts

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.texts)


# While warming: no runtime yet (so the caches are made in memory, which the runtime then keeps) and no script context.
WARMING = _Expected("No runtime found", "Thread 'MainThread': missing ScriptRunContext")
WARMING_LOGGERS = ("runtime.caching.cache_data_api", "runtime.scriptrunner_utils.script_run_context")
# At the handover: the command line's [server] options applied after the warm-up had read the config files without
# them (the server has not started yet: nothing to restart).
HANDOVER = _Expected("An update to the [server] config")


def main(options: list[str]) -> int:
    for name in WARMING_LOGGERS:
        logging.getLogger(f"streamlit.{name}").addFilter(WARMING)  # a filter outlives Streamlit's setLevel
    logging.getLogger("streamlit.config").addFilter(HANDOVER)
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
    finally:
        for name in WARMING_LOGGERS:  # the same warnings from a session's run would mean something
            logging.getLogger(f"streamlit.{name}").removeFilter(WARMING)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *options]  # absolute: from any working directory
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
