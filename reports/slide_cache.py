"""Slides built ahead: while the room reads one slide, its neighbours are built on a worker thread.

A step to the next or previous slide then only draws a slide that is ready (issue 13 §2: a step answers within
1 s; building a profile slide alone takes about 1 s on a shared machine). No Streamlit import: the page keeps one
cache per data version (st.cache_resource) and says what to build.

    cache = SlideCache()
    slide = cache.get(key, lambda: build_slide(ref, data, goals, lang))   # waits if it is being built
    cache.prepare(next_key, lambda: build_slide(next_ref, data, goals, lang))  # returns at once
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor

from reports.slides import Slide

KEPT = 24  # slides kept per cache: a few presentations' worth, each slide a few hundred kB (the map most)
# One worker for every cache of the process: slides built ahead queue behind each other rather than compete with the
# pages for the CPU, and a cache dropped for a newer data version leaves no idle thread behind.
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slide-ahead")


class SlideCache:
    """Slides by key (the slide, its goals, its language), built once, the oldest dropped beyond KEPT."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._lock = threading.Lock()
        self._slides: OrderedDict[Hashable, Future[Slide]] = OrderedDict()

    def get(self, key: Hashable, build: Callable[[], Slide]) -> Slide:
        """The slide for key: ready, being built ahead (waited for), or built here and now."""
        with self._lock:
            future = self._slides.get(key)
            if future is None or (future.done() and future.exception() is not None):
                future = Future()
                self._keep(key, future)
                mine = True
            else:
                self._slides.move_to_end(key)
                mine = False
        if mine:
            _run(future, build)
        return future.result()

    def prepare(self, key: Hashable, build: Callable[[], Slide]) -> None:
        """Start building the slide for key on the worker unless it is ready or under way; returns at once."""
        with self._lock:
            if key in self._slides:
                return
            future = Future()
            self._keep(key, future)
        _WORKER.submit(_run, future, build)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._slides

    def _keep(self, key: Hashable, future: Future) -> None:
        self._slides[key] = future
        while len(self._slides) > self._kept:
            self._slides.popitem(last=False)


def _run(future: Future, build: Callable[[], Slide]) -> None:
    """Build into the future; an error is kept in it, raised to whoever asks for the slide (and built anew then)."""
    try:
        future.set_result(build())
    except BaseException as error:  # noqa: BLE001 - handed on to the reader of the future
        future.set_exception(error)
