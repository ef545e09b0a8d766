"""Code changes onto the 2024 structure: worked examples, a property test and real-data checks."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.etl import indicators
from core.etl.code_mapping import OPEN_END, OPEN_START, CodeTable, harmonise, load_code_table
from core.sources import read


def small_table() -> CodeTable:
    """A (A1) and B (B1) merged into C (C1) in 2020; S split into T and U in 2024; R renamed to Q in 2020."""
    rows = [
        ("A001", "Aby", OPEN_START, 2019, ("C001",)),
        ("B001", "Bby", OPEN_START, 2019, ("C001",)),
        ("C001", "Cby", 2020, OPEN_END, ("C001",)),
        ("S001", "Sby", OPEN_START, 2023, ("T001", "U001")),
        ("T001", "Tby", 2024, OPEN_END, ("T001",)),
        ("U001", "Uby", 2024, OPEN_END, ("U001",)),
        ("R001", "Rby", OPEN_START, 2019, ("Q001",)),
        ("Q001", "Rby", 2020, OPEN_END, ("Q001",)),
    ]
    frame = pd.DataFrame(rows, columns=["old_code", "old_name", "valid_from", "valid_to", "new_codes"])
    return CodeTable(frame.assign(kind="test"))


def test_merged_municipality_history_is_the_sum_of_its_parts():
    data = pd.DataFrame({"code": ["A001", "B001", "C001"], "year": [2019, 2019, 2020], "n": [10.0, 5.0, 16.0]})
    out, dropped = harmonise(data, small_table(), ["n"])
    assert out.set_index(["code", "year"]).n.to_dict() == {("C001", 2019): 15.0, ("C001", 2020): 16.0}
    assert dropped.empty


def test_a_missing_part_leaves_the_year_empty_rather_than_partial():
    data = pd.DataFrame({"code": ["A001"], "year": [2019], "n": [10.0]})
    out, dropped = harmonise(data, small_table(), ["n"])
    assert out.empty
    assert set(dropped.reason) == {"incomplete predecessors"}


def test_a_split_code_is_attributed_to_nobody():
    data = pd.DataFrame({"code": ["S001", "T001", "U001"], "year": [2023, 2024, 2024], "n": [9.0, 4.0, 5.0]})
    out, dropped = harmonise(data, small_table(), ["n"])
    assert set(out.code) == {"T001", "U001"} and set(out.year) == {2024}
    assert dropped.reason.tolist() == ["split code"]


def test_a_restated_code_stands_in_for_its_older_number():
    data = pd.DataFrame({"code": ["Q001"], "year": [2015], "n": [3.0]})
    out, _ = harmonise(data, small_table(), ["n"])
    assert out.to_dict("records")[0] | {} == {"code": "Q001", "year": 2015, "n_codes": 1, "renamed": False, "n": 3.0}


def test_unknown_codes_are_reported():
    out, dropped = harmonise(pd.DataFrame({"code": ["9999"], "year": [2020], "n": [1.0]}), small_table(), ["n"])
    assert out.empty and dropped.reason.tolist() == ["unknown code"]


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=2, max_size=2))
def test_harmonising_conserves_totals(values):
    data = pd.DataFrame({"code": ["A001", "B001"], "year": [2019, 2019], "n": values})
    out, _ = harmonise(data, small_table(), ["n"])
    assert out.n.sum() == pytest.approx(sum(values))


@pytest.fixture(scope="module")
def real_table() -> CodeTable:
    return load_code_table()


def test_real_table_knows_the_2024_splits_and_corrections(real_table):
    assert real_table.targets("1507") == {("1508", "1580")}
    assert real_table.targets("1546") == {("1508",)}  # Sandøy went to Ålesund, not Molde
    assert real_table.targets("1534") == {("1580",)}  # old Haram lies wholly in today's Haram
    assert real_table.targets("3018") == {("3114",)}  # Våler (Viken) became Våler (Østfold)


def test_alesund_and_haram_have_no_turnout_for_the_undivided_years(real_table):
    values, dropped = indicators.turnout(read("turnout"), real_table)
    years = values[values.code.isin(["1508", "1580"])].groupby("code").year.apply(set).to_dict()
    assert years == {"1508": {2009, 2013, 2017, 2025}, "1580": {2009, 2013, 2017, 2025}}
    assert {"1507"} <= set(dropped.code)


# Border changes other than whole-municipality mergers, and one source gap, that move counts by more than 8 %.
KNOWN_JUMPS = {"1120", "1151", "3310", "5007", "3222"}


@pytest.mark.parametrize("name", ["education", "turnout"])
def test_harmonised_counts_have_no_jumps_at_the_reforms(real_table, name):
    """A wrong code mapping shows as a jump in the denominator (persons) at a reform year."""
    source = {"education": "education_level", "turnout": "turnout"}[name]
    values, _ = getattr(indicators, name)(read(source), real_table)
    wide = values.pivot(index="code", columns="year", values="den")
    years = list(wide.columns)
    limit = 0.08 if name == "education" else 0.14
    for before, after in zip(years, years[1:], strict=False):
        ratio = (wide[after] / wide[before]).dropna()
        jumps = set(ratio[(ratio - 1).abs() > limit].index) - KNOWN_JUMPS
        assert not jumps, f"{name} {before}->{after}: {sorted(jumps)}"
