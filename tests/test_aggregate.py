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


def unattributed(*rows: tuple) -> pd.DataFrame:
    """Rows (covers, complete, value[, num, den]) as harmonise's dropped rows give them, for 2024."""
    frame = pd.DataFrame([{"covers": covers, "complete": complete, "value": value, "num": rest[0] if rest else None,
                           "den": rest[1] if rest else None, "year": 2024} for covers, complete, value, *rest in rows])
    frame["covers"] = pd.Series([row[0] for row in rows], dtype=object)
    return frame


def test_values_given_to_no_municipality_count_toward_their_county_and_the_country():
    """A split code's value lies in its successors: it counts, and they count as present, toward their county."""
    found = by_area(county_and_national(values(**{"0301": 1.0, "3101": 2.0}), "sum", POPULATION, CODES,
                                        unattributed((("3103", "3105"), True, 7.0))))
    assert found[("county", "31")] == (9.0, "aggregated")
    assert found[("country", COUNTRY_CODE)] == (10.0, "aggregated")


def test_an_incomplete_or_cross_county_value_counts_without_making_the_group_whole():
    rows = unattributed((("3103",), False, 3.0), (("0301", "3105"), True, 5.0))
    found = by_area(county_and_national(values(**{"3101": 2.0}), "sum", POPULATION, CODES, rows))
    assert found[("county", "31")] == (5.0, "aggregated_partial")  # 3103's parts are not all there; 3105 not covered
    assert ("county", "03") not in found  # the cross-county row goes to the country only
    assert found[("country", COUNTRY_CODE)] == (10.0, "aggregated_partial")


def test_ratios_and_weighted_means_of_values_given_to_nobody():
    ratio = by_area(county_and_national(values(**{"3101": 50.0}).assign(num=[5.0], den=[10.0]), "ratio", POPULATION,
                                        CODES[1:], unattributed((("3103", "3105"), True, 20.0, 60.0, 300.0))))
    assert ratio[("county", "31")] == (pytest.approx(100 * 65 / 310), "aggregated")
    weighted = by_area(county_and_national(values(**{"3101": 50.0}), "population_weighted_mean", POPULATION, CODES[1:],
                                           unattributed((("3103", "3105"), True, 10.0))))
    assert weighted[("county", "31")][0] == pytest.approx((50 * 31_000 + 10 * (58_000 + 96_000)) / 185_000)
    # Two shares for the same municipalities cannot be weighted against each other: neither counts.
    two = by_area(county_and_national(values(**{"3101": 50.0}), "population_weighted_mean", POPULATION, CODES[1:],
                                      unattributed((("3103",), True, 10.0), (("3103",), True, 30.0))))
    assert two[("county", "31")] == (50.0, "aggregated_partial")
    # Nor does a part's share stand for the whole.
    part = by_area(county_and_national(values(**{"3101": 50.0}), "population_weighted_mean", POPULATION, CODES[1:],
                                       unattributed((("3103",), False, 10.0))))
    assert part[("county", "31")] == (50.0, "aggregated_partial")


def test_trondelag_2009_turnout_counts_every_municipality_of_today():
    """Heim, Hitra and Orkland got a piece of Snillfjord (split in 2020), so they have no 2009 turnout of their own;
    Trøndelag's 2009 turnout is still the votes over the electorate of all its 2009 municipalities: Sør- and
    Nord-Trøndelag (16xx, 17xx), 1567 Rindal (moved from Møre og Romsdal to Trøndelag in 2019, now 5061) and 1571
    Halsa (from Møre og Romsdal into 5055 Heim in 2020)."""
    from core.etl import indicators
    from core.etl.code_mapping import load_code_table
    from core.sources import read

    elections = read("turnout")
    municipal, dropped = indicators.turnout(elections, load_code_table())
    codes = list(read("population").code.unique())
    found = county_and_national(municipal[municipal.code.isin(codes)], "ratio", POPULATION, codes, dropped)
    trondelag = found[(found.area_code == "50") & (found.year == 2009)].iloc[0]
    raw = elections[(elections.year == 2009)
                    & (elections.code.str[:2].isin(["16", "17"]) | elections.code.isin(["1567", "1571"]))]
    assert len(raw) == 51
    assert trondelag.value == pytest.approx(100 * raw.votes.sum() / raw.electorate.sum())  # 75.36, not 75.62
    assert trondelag.quality == "aggregated"
    national = found[(found.area_code == COUNTRY_CODE) & (found.year == 2009)].iloc[0]
    everyone = elections[elections.year == 2009]
    assert national.value == pytest.approx(100 * everyone.votes.sum() / everyone.electorate.sum())


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
