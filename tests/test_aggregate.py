"""County and national values: one function (core.etl.aggregate.county_and_national), for build and SSB refresh."""

from __future__ import annotations

import ast

import pandas as pd
import pytest

from core import config
from core.etl.aggregate import COUNTRY_CODE, county_and_national

CODES = ["0301", "3101", "3103", "3105"]  # Oslo (county 03) and three municipalities of Østfold (county 31)
POPULATION = pd.DataFrame({"code": CODES, "year": [2024] * 4, "value": [700_000.0, 31_000.0, 58_000.0, 96_000.0]})


def values(**by_code: float) -> pd.DataFrame:
    return pd.DataFrame({"code": list(by_code), "year": 2024, "value": list(by_code.values())})


def by_area(frame: pd.DataFrame) -> dict[tuple[str, str], tuple[float, str]]:
    return {(row.area_level, row.area_code): (row.value, row.quality) for row in frame.itertuples()}


def test_a_sum_over_the_counties_and_the_country():
    found = county_and_national(values(**{"0301": 1.0, "3101": 2.0, "3103": 3.0, "3105": 4.0}), "sum", POPULATION,
                                CODES)
    assert list(found.columns) == ["area_code", "year", "value", "quality", "area_level"]
    assert by_area(found) == {("county", "03"): (1.0, "aggregated"), ("county", "31"): (9.0, "aggregated"),
                              ("country", COUNTRY_CODE): (10.0, "aggregated")}


def test_a_missing_municipality_is_left_out_and_marks_the_group_partial():
    found = by_area(county_and_national(values(**{"0301": 1.0, "3101": 2.0, "3105": 4.0}), "sum", POPULATION, CODES))
    assert found[("county", "31")] == (6.0, "aggregated_partial")  # a lower bound, never a zero for 3103
    assert found[("county", "03")] == (1.0, "aggregated")
    assert found[("country", COUNTRY_CODE)] == (7.0, "aggregated_partial")


def test_a_ratio_of_sums_and_a_population_weighted_mean():
    shares = values(**{"3101": 50.0, "3103": 10.0}).assign(num=[5.0, 30.0], den=[10.0, 300.0])
    ratio = by_area(county_and_national(shares, "ratio", POPULATION, CODES[1:]))
    assert ratio[("county", "31")][0] == pytest.approx(100 * 35 / 310)
    weighted = by_area(county_and_national(values(**{"3101": 50.0, "3103": 10.0}), "population_weighted_mean",
                                           POPULATION, CODES))
    assert weighted[("county", "31")][0] == pytest.approx((50 * 31_000 + 10 * 58_000) / (31_000 + 58_000))


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="median"):
        county_and_national(values(**{"0301": 1.0}), "median", POPULATION, CODES)


def calls_in(relative: str) -> set[str]:
    tree = ast.parse((config.PROJECT_ROOT / relative).read_text(encoding="utf-8"))
    return {node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            for node in ast.walk(tree) if isinstance(node, ast.Call)}


@pytest.mark.parametrize("module", ["core/etl/build.py", "core/ssb/refresh.py"])
def test_the_build_and_the_refresh_aggregate_through_the_one_function(module):
    called = calls_in(module)
    assert "county_and_national" in called and "aggregate" not in called
    text = (config.PROJECT_ROOT / module).read_text(encoding="utf-8")
    assert "COUNTRY_CODE" not in text and "str[:2]" not in text  # no grouping of their own
