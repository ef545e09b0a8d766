"""Peer selection on worked examples: distances, ties, missing structural values, explanations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from core import peers


def z_frame(rows: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=["a", "b"]).rename_axis("code")


def test_nearest_neighbours_worked_example():
    z = z_frame({"0001": [0, 0], "0002": [1, 0], "0003": [0, 2], "0004": [3, 4]})
    found = peers.nearest_neighbours("0001", z, k=3)
    assert [n.code for n in found] == ["0002", "0003", "0004"]
    assert [n.distance for n in found] == pytest.approx([1.0, 2.0, 5.0])
    assert found[0].closest == ("b", "a")  # equal on b, 1 apart on a


def test_ties_are_broken_by_code():
    z = z_frame({"0001": [0, 0], "0009": [1, 0], "0003": [0, 1], "0005": [-1, 0]})
    assert [n.code for n in peers.nearest_neighbours("0001", z, k=3)] == ["0003", "0005", "0009"]


def test_missing_values_use_the_shared_variables_scaled_up():
    z = z_frame({"0001": [0, 0], "0002": [1, np.nan], "0003": [1, 1]})
    found = {n.code: n.distance for n in peers.nearest_neighbours("0001", z, k=2)}
    assert found["0002"] == pytest.approx(math.sqrt(1 * 2 / 1))  # one shared variable counts for both
    assert found["0003"] == pytest.approx(math.sqrt(2))


def test_a_municipality_with_no_shared_variable_is_not_a_neighbour():
    z = z_frame({"0001": [0, np.nan], "0002": [np.nan, 1], "0003": [2, 2]})
    assert [n.code for n in peers.nearest_neighbours("0001", z, k=5)] == ["0003"]


def test_unknown_municipality():
    with pytest.raises(LookupError):
        peers.nearest_neighbours("9999", z_frame({"0001": [0, 0]}))


def test_standardise_gives_zero_mean_unit_variance():
    z = peers.standardise(pd.DataFrame({"x": [1.0, 2.0, 3.0, np.nan]}))
    assert z.x.mean() == pytest.approx(0) and z.x.std(ddof=0) == pytest.approx(1)
    assert math.isnan(z.x.iloc[3])


def municipalities() -> pd.DataFrame:
    return pd.DataFrame({"code": ["0301", "1101", "1103", "1106", "5001"],
                         "kostra_group_code": ["EKG13", "EKG07", "EKG12", "EKG07", "EKG12"],
                         "county_code": ["03", "11", "11", "11", "50"]})


def test_kostra_county_and_hand_picked_peers():
    frame = municipalities()
    assert peers.kostra_peers("1103", frame) == ["5001"]
    assert peers.kostra_peers("0301", frame) == []  # Oslo is alone in its group
    assert peers.county_peers("1101", frame) == ["1103", "1106"]
    assert peers.hand_picked(["1106", " 0301", "1106", "9999", ""], frame) == (["1106", "0301"], ["9999"])


def test_real_neighbours_are_reproducible_from_the_exported_structure(built_database):
    """The structural variables download holds everything needed to recompute the neighbours."""
    from core import queries

    raw = peers.structural_variables(queries.all_observations(), queries.municipalities())
    assert len(raw) == len(queries.municipalities()) and list(raw.columns) == list(peers.STRUCTURE)
    exported = pd.read_csv(pd.io.common.StringIO(raw.to_csv()), dtype={"code": str}).set_index("code")
    first = peers.nearest_neighbours("5610", peers.standardise(raw), k=10)
    again = peers.nearest_neighbours("5610", peers.standardise(exported), k=10)
    assert [n.code for n in first] == [n.code for n in again]
    assert [n.distance for n in first] == pytest.approx([n.distance for n in again])
    assert np.isfinite(raw.population_growth_10y.dropna()).all()  # no division by SSB's zeros


def test_why_similar_also_names_the_largest_difference():
    raw = pd.DataFrame({"log_population": [math.log(1000), math.log(30_000), math.log(1100)],
                        "centrality": [6.0, 6.0, 3.0]}, index=pd.Index(["0001", "0002", "0003"], name="code"))
    found = {n.code: n for n in peers.nearest_neighbours("0001", peers.standardise(raw), k=2, raw=raw)}
    assert found["0002"].furthest == "log_population"
    assert peers.largest_difference("log_population", *found["0002"].furthest_values) == (
        "larger", pytest.approx(30.0))
    assert found["0003"].furthest == "centrality"
    assert peers.largest_difference("centrality", *found["0003"].furthest_values) == ("lower", 3.0)
