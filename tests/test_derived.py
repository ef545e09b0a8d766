"""Counts per unit of size: a municipality's own ratio, and a county's ratio of sums over the same municipalities."""

from __future__ import annotations

import pandas as pd
import pytest

from core.catalogue import load_catalogue
from core.etl.derived import derived_observations


def rows(indicator: str, values: dict[str, float], year: int = 2023) -> list[dict]:
    return [{"area_level": "municipality", "area_code": code, "indicator_id": indicator, "year": year,
             "value": value, "source_key": "test", "quality": "official"} for code, value in values.items()]


def test_per_1000_inhabitants_at_every_level():
    observations = pd.DataFrame(
        rows("population", {"0301": 700_000, "3201": 130_000, "3203": 100_000})
        + rows("farmland_converted", {"0301": 7, "3201": 13}))  # Asker (3203) did not report
    found = derived_observations(observations, load_catalogue())
    found = found[found.indicator_id == "farmland_converted_per_1000"].set_index(["area_level", "area_code"])
    assert found.value[("municipality", "0301")] == pytest.approx(0.01)
    assert found.value[("municipality", "3201")] == pytest.approx(0.1)
    assert ("municipality", "3203") not in found.index  # no count: no value, not zero
    # Akershus (32): Asker's population is not in the denominator, and the value says it is partial
    assert found.value[("county", "32")] == pytest.approx(0.1)
    assert found.quality[("county", "32")] == "aggregated_partial"
    assert found.quality[("county", "03")] == "aggregated"
    assert found.value[("country", "NO")] == pytest.approx(20 / 830)


def test_no_scored_indicator_is_a_raw_count():
    for spec in load_catalogue().values():
        if spec.direction is not None:
            assert spec.aggregation != "sum", spec.id
