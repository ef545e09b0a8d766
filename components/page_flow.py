"""Ending a page early without st.stop(): app.py draws the sidebar after the page, and after st.stop()
Streamlit draws nothing more, so a page that has nothing more to show raises PageEnd instead."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import streamlit as st

_running = threading.local()  # each session's script runs on its own thread


class PageEnd(Exception):
    """The page has drawn all it has to show; pages_run() swallows it so the caller can go on."""


@contextmanager
def pages_run() -> Iterator[None]:
    """Run the page inside this block: end_page() then ends only the page, not the whole script."""
    _running.active = True
    try:
        yield
    except PageEnd:
        pass
    finally:
        _running.active = False


def end_page() -> NoReturn:
    if getattr(_running, "active", False):
        raise PageEnd
    st.stop()  # a page file run on its own (as some tests do): nothing is drawn after it anyway
    raise AssertionError("unreachable: st.stop() raises")
