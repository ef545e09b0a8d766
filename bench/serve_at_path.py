"""Serve one bare reference at the URL path of the page it stands for (BENCH_REFERENCE and BENCH_URL_PATH, set by the
benchmark for this server and read through core.config.bench_settings).

A page of a multipage app opened at /kommuneprofil costs Streamlit's frontend a probe first: it tries
/kommuneprofil/_stcore/health as a possible base path, gets 404 and retries at / after a timer (about 0.12 s in a
Chromium trace here). A reference served at / would skip that, so the ratio would count Streamlit's routing as the
page's own overhead. Served here through a hidden one-page navigation, the reference pays the same probe.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from core.config import bench_settings  # noqa: E402


def start() -> None:
    """The default page, which the benchmark never opens."""


bench = bench_settings()
st.navigation([st.Page(start, title="start", default=True),
               st.Page(bench.bench_reference, url_path=bench.bench_url_path)],
              position="hidden").run()
