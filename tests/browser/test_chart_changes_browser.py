"""The chart-change benchmark (bench/chart_changes.py) still finds its way: its JS hooks stamp every Plotly chart
redrawn after a municipality change on the profile and a peer-group change on the compare page, and it reports a
positive time for both."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "chart_changes.py"


def test_chart_changes_are_timed(browser, app_url):
    spec = importlib.util.spec_from_file_location("chart_changes", SCRIPT)
    chart_changes = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(chart_changes)
    results = chart_changes.measure(repeats=1, browser=browser, url=app_url)  # the session's Chromium and server
    assert set(results) == {"profile_municipality", "compare_peer_group", "progress_first_opening",
                            "progress_next_opening", "compare_trends_opening"}
    for result in results.values():
        assert result["n"] == 1 and 0 < result["median"] < 60_000
