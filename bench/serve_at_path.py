"""Serve one bare reference at the URL path of the page it stands for (set by the benchmark in the environment).

A page of a multipage app opened at /kommuneprofil costs Streamlit's frontend a probe first: it tries
/kommuneprofil/_stcore/health as a possible base path, gets 404 and retries at / after a timer (about 0.12 s in a
Chromium trace here). A reference served at / would skip that, so the ratio would count Streamlit's routing as the
page's own overhead. Served here through a hidden one-page navigation, the reference pays the same probe.
"""

import os

import streamlit as st


def start() -> None:
    """The default page, which the benchmark never opens."""


st.navigation([st.Page(start, title="start", default=True),
               st.Page(os.environ["BENCH_REFERENCE"], url_path=os.environ["BENCH_URL_PATH"])],
              position="hidden").run()
