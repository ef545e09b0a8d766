"""Code changes onto the 2024 structure: worked examples, a property test and real-data checks."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.etl import indicators
from core.etl.code_mapping import (
    OPEN_END,
    OPEN_START,
    CodeTable,
    build_code_table,
    harmonise,
    load_code_table,
    load_corrections,
    load_splits,
    targets_in_year,
)
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


def test_what_goes_to_nobody_says_where_it_lies():
    """A split code's value lies wholly in its successors; a merged municipality's incomplete parts lie in it but do
    not cover it; an unknown code lies nowhere (core/etl/aggregate.py counts the first two toward the county)."""
    data = pd.DataFrame({"code": ["S001", "A001", "9999"], "year": [2023, 2019, 2019], "n": [9.0, 10.0, 1.0]})
    _, dropped = harmonise(data, small_table(), ["n"])
    where = {row.code: (row.covers, row.complete, row.n) for row in dropped.itertuples()}
    assert where == {"S001": (("T001", "U001"), True, 9.0), "A001": (("C001",), False, 10.0),
                     "9999": ((), False, 1.0)}


def test_a_row_that_holds_several_municipalities_goes_to_nobody():
    table = small_table()
    table = CodeTable(table.rows, ({"source": "test", "code": "T001", "year": 2024, "covers": ["T001", "U001"]},))
    data = pd.DataFrame({"code": ["T001", "T001"], "year": [2024, 2025], "n": [9.0, 5.0]})
    out, dropped = harmonise(data, table, ["n"], source="test")
    assert out[["code", "year"]].values.tolist() == [["T001", 2025]]
    assert dropped[["code", "year", "covers", "complete"]].values.tolist() == [["T001", 2024, ("T001", "U001"), True]]
    assert len(harmonise(data, table, ["n"], source="other")[0]) == 2  # the entry names its source


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=2, max_size=2))
def test_harmonising_conserves_totals(values):
    data = pd.DataFrame({"code": ["A001", "B001"], "year": [2019, 2019], "n": values})
    out, _ = harmonise(data, small_table(), ["n"])
    assert out.n.sum() == pytest.approx(sum(values))


@pytest.fixture(scope="module")
def real_table() -> CodeTable:
    return load_code_table()


@pytest.fixture(scope="module")
def harmonised(real_table):
    """A function: series name -> (values, dropped) on the real table, harmonised once per module (3 s each)."""
    found = {}

    def series(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        if name not in found:
            found[name] = getattr(indicators, name)(read(SERIES[name]), real_table)
        return found[name]

    return series


def test_real_table_knows_the_2024_splits_and_corrections(real_table):
    assert real_table.targets("1507") == {("1508", "1580")}
    assert real_table.targets("1546") == {("1508",)}  # Sandøy went to Ålesund, not Molde
    assert real_table.targets("1534") == {("1580",)}  # old Haram lies wholly in today's Haram
    assert real_table.targets("3018") == {("3114",)}  # Våler (Viken) became Våler (Østfold)


def test_alesund_and_haram_have_no_turnout_for_the_undivided_years(harmonised):
    values, dropped = harmonised("turnout")
    years = values[values.code.isin(["1508", "1580"])].groupby("code").year.apply(set).to_dict()
    assert years == {"1508": {2009, 2013, 2017, 2025}, "1580": {2009, 2013, 2017, 2025}}
    assert {"1507"} <= set(dropped.code)


@pytest.mark.slow  # several seconds (a lock waited out, a whole deck, a full series): not in test-fast
def test_namdalseid_went_to_namsos(real_table, harmonised):
    """Namdalseid (1725, 5040 from 2018) joined Namsos with Fosnes in 2020; the upstream tables send it to Steinkjer."""
    assert real_table.targets("1725") == real_table.targets("5040") == {("5007",)}
    values, _ = harmonised("education")
    persons = values.set_index(["code", "year"]).den
    assert persons["5007", 2019] == 5_823 + 274 + 706  # 5005 Namsos + 5048 Fosnes + 5040 Namdalseid
    assert persons["5007", 2020] == 6_838
    assert persons["5006", 2019] == 10_007 + 1_148  # 5004 Steinkjer + 5039 Verran
    assert persons["5006", 2020] == 11_095


# --- harmonised counts across the reforms ---------------------------------------------------------------------------

# A code sent to the wrong 2024 municipality moves that municipality's count at the reform, by the size of what was
# misplaced. A step across a reform (a year in which the codes lying in the municipality changed) is a jump when it
# is more than JUMP_FACTOR times the municipality's own typical step: the median absolute relative change over its
# other steps, at least JUMP_FLOOR. Namdalseid's error (706 of Namsos' 6 838 persons, 12 % against a typical 0.6 %)
# is 12 typical steps; the largest step of a correctly mapped reform is under 5 (Stad's education, see below).
JUMP_FACTOR = 5
JUMP_FLOOR = 0.01
SERIES = {"education": "education_level", "turnout": "turnout"}
# Jumps that are not code-mapping errors, each with its evidence: (series, 2024 code, year after the step).
KNOWN_JUMPS = {
    ("education", "3310", 2020): "Hole: the publisher's own row K3038 runs 2011-2020 under one code (no mapping is "
    "involved) and grows by 447 persons (12.8 %) in 2020, while SSB's population of Hole falls (6 845 -> 6 799).",
    ("turnout", "4649", 2021): "Stad: part of Vågsøy moved to Stad in 2020, but the code tables send all of 1439 "
    "Vågsøy to 4602 Kinn; SSB's population on 2024 borders moves the same way from 2019 to 2020 (Stad 8 898 -> "
    "9 457, Kinn 17 822 -> 17 207). A border change: Vågsøy's value is not divided (README, Code changes).",
}


def codes_by_year(table: CodeTable, years) -> dict[tuple[str, int], frozenset[str]]:
    """(2024 code, year) -> the codes valid that year that lie in it."""
    found: dict[tuple[str, int], set[str]] = {}
    for year in years:
        for old, new in targets_in_year(table, year).items():
            for code in new:
                found.setdefault((code, year), set()).add(old)
    return {key: frozenset(codes) for key, codes in found.items()}


def reform_jumps(name: str, table: CodeTable, values: pd.DataFrame | None = None) -> set[tuple[str, str, int]]:
    """(series, 2024 code, year after) of every step across a reform larger than JUMP_FACTOR typical steps; values:
    the series already harmonised on this table, if at hand."""
    if values is None:
        values, _ = getattr(indicators, name)(read(SERIES[name]), table)
    wide = values.pivot(index="code", columns="year", values="den")
    years = list(wide.columns)
    codes = codes_by_year(table, years)
    steps = []
    for code, counts in wide.iterrows():
        for before, after in zip(years, years[1:], strict=False):
            if pd.notna(counts[before]) and pd.notna(counts[after]):
                reform = codes.get((code, before)) != codes.get((code, after))
                steps.append((code, after, abs(counts[after] / counts[before] - 1), reform))
    frame = pd.DataFrame(steps, columns=["code", "after", "change", "reform"])
    typical = frame[~frame.reform].groupby("code").change.median()
    limit = JUMP_FACTOR * frame.code.map(typical).fillna(typical.median()).clip(lower=JUMP_FLOOR)
    jumps = frame[frame.reform & (frame.change > limit)]
    return {(name, code, int(after)) for code, after in zip(jumps.code, jumps.after, strict=True)}


@pytest.mark.parametrize("name", list(SERIES))
def test_harmonised_counts_have_no_jumps_at_the_reforms(real_table, harmonised, name):
    """A wrong code mapping shows as a jump in the denominator (persons, electorate) at a reform year."""
    found = reform_jumps(name, real_table, harmonised(name)[0])
    assert not found - set(KNOWN_JUMPS), sorted(found - set(KNOWN_JUMPS))
    assert {jump for jump in KNOWN_JUMPS if jump[0] == name} <= found, "a known jump is gone: update KNOWN_JUMPS"


@pytest.mark.slow  # builds a code table and harmonises both series again from the source files
def test_the_jump_check_finds_namdalseid_without_its_correction():
    """The check above would have caught the upstream tables' Namdalseid error (both municipalities, both series)."""
    corrections = load_corrections()
    corrections["corrections"] = [c for c in corrections["corrections"] if c["code"] not in ("1725", "5040")]
    table = build_code_table(read("code_history"), read("reform_2020"), read("renumbering_2024"), load_splits(),
                             corrections)
    found = reform_jumps("education", table) | reform_jumps("turnout", table)
    assert {("education", "5007", 2020), ("education", "5006", 2020), ("turnout", "5007", 2021),
            ("turnout", "5006", 2021)} <= found


@pytest.mark.parametrize("name", list(SERIES))
def test_no_harmonised_count_changes_by_half_in_one_step(harmonised, name):
    """A source row that holds more than its municipality (K1120 Klepp with Time in 2020) doubles the count."""
    values, _ = harmonised(name)
    wide = values.pivot(index="code", columns="year", values="den")
    steps = wide.T.ffill().pct_change(fill_method=None).T.stack()
    assert not steps[(steps > 0.5) | (steps < -1 / 3)].to_dict()


def test_klepps_2020_education_row_holds_time_and_goes_to_nobody(harmonised):
    values, dropped = harmonised("education")
    assert not ((values.code.isin(["1120", "1121"])) & (values.year == 2020)).any()
    klepp = dropped[(dropped.code == "1120") & (dropped.year == 2020)].iloc[0]
    assert klepp.covers == ("1120", "1121") and klepp.complete and klepp.den == 18_375
    assert values.set_index(["code", "year"]).value["1120", 2019] == pytest.approx(29.0)
