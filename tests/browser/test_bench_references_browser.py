"""The page-load benchmark (bench/bench.py) still finds its way: every bare reference and the one-line page are
served as the benchmark serves them (at their page's path) and reach its ready condition, with the figures the
condition waits for. The maps' references draw through bench/static, a link to the project's static files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_pages", BENCH / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH_MODULE = _bench_module()
REFERENCES = [name for name, (script, _, _) in BENCH_MODULE.PAGES.items() if script != "app.py"]


@pytest.mark.parametrize("name", REFERENCES)
def test_each_reference_reaches_the_benchmarks_ready_condition(browser, name):
    script, path, kind = BENCH_MODULE.PAGES[name]
    counts = {**BENCH_MODULE.CHART_COUNTS,
              "bare_progress": BENCH_MODULE.progress_expander_count(BENCH_MODULE.PROGRESS_CODE)}
    process, url = BENCH_MODULE.serve(script, path)
    try:
        ready_ms = BENCH_MODULE.load_once(browser, url + path, kind, counts.get(name, 0))
    finally:
        BENCH_MODULE.stop(process)
    assert 0 < ready_ms < 60_000
