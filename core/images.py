"""Charts as PNG through kaleido and the system's Chromium, kept warm so that only the first image pays the start."""

from __future__ import annotations

import os
import shutil
import threading

import plotly.graph_objects as go
import plotly.io as pio

_lock = threading.Lock()
_started = False


def chromium_path() -> str | None:
    """The system Chromium kaleido drives (BROWSER_PATH, else the first on PATH); never a download."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _ensure_server() -> None:
    global _started
    if _started:
        return
    import kaleido

    browser = chromium_path()
    if browser is None:
        raise RuntimeError("No Chromium found for PNG export; install Debian's chromium or set BROWSER_PATH")
    os.environ.setdefault("BROWSER_PATH", browser)
    kaleido.start_sync_server(silence_warnings=True)
    _started = True


def to_png(figure: go.Figure, width: int = 1200, height: int = 700, scale: float = 1.0) -> bytes:
    """The figure as PNG bytes; one warm browser serves every call (calls are serialised)."""
    with _lock:
        _ensure_server()
        return pio.to_image(figure, format="png", width=width, height=height, scale=scale)
