"""python -m core: indicators and export."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from core.__main__ import main
from core.catalogue import load_catalogue
from core.exports import EXPORT_COLUMNS


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_indicators_csv_has_an_id_column(capsys):
    code, out, _ = run(capsys, "indicators")
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0 and "id" in frame.columns and len(frame) == len(load_catalogue())
    assert {"direction", "optimum", "optimum_source", "green", "red", "target_2030", "sdg_goal"} <= set(frame.columns)


@pytest.mark.parametrize("level, rows", [("municipality", 357), ("county", 15), ("country", 1)])
def test_export_has_the_documented_columns(capsys, built_database, level, rows):
    code, out, _ = run(capsys, "export", "--indicator", "population", "--year", "2024", "--level", level)
    frame = pd.read_csv(io.StringIO(out), dtype={"code": str})
    assert code == 0 and list(frame.columns) == EXPORT_COLUMNS and len(frame) == rows


def test_export_rejects_unknown_indicator_and_year_in_one_line(capsys, built_database):
    code, _, err = run(capsys, "export", "--indicator", "no_such_thing")
    assert code == 2 and "unknown indicator" in err and err.count("\n") == 1
    code, _, err = run(capsys, "export", "--indicator", "turnout_parliament", "--year", "2019")
    assert code == 2 and "2021" in err


def test_export_scores_for_one_municipality(capsys, built_database):
    from core.exports import SCORE_COLUMNS

    code, out, _ = run(capsys, "export-scores", "--code", "0301")
    frame = pd.read_csv(io.StringIO(out), dtype={"code": str})
    assert code == 0 and list(frame.columns) == SCORE_COLUMNS
    assert set(frame.code) == {"0301"}
    goal_rows = frame[frame.indicator.isna()]
    assert len(goal_rows) == goal_rows.goal.nunique() and goal_rows.value.isna().all()
    indicator_rows = frame[frame.indicator.notna()]
    assert indicator_rows.score.between(0, 100).all()
    assert set(indicator_rows.colour) <= {"green", "yellow", "orange", "red"}


def test_export_scores_for_all_and_unknown_code(capsys, built_database):
    code, out, _ = run(capsys, "export-scores")
    frame = pd.read_csv(io.StringIO(out), dtype={"code": str})
    assert code == 0
    assert frame[frame.level == "municipality"].code.nunique() == 357
    assert frame[frame.level == "county"].code.nunique() == 15
    code, _, err = run(capsys, "export-scores", "--code", "9999")
    assert code == 2 and "unknown municipality or county code" in err


def test_neighbours_are_reproducible_from_the_exported_structure(capsys, built_database):
    """Recompute the neighbours of 5610 from `structure`'s z-scores with plain numpy and compare."""
    import numpy as np

    _, structure, _ = run(capsys, "structure")
    frame = pd.read_csv(io.StringIO(structure), dtype={"code": str}).set_index("code")
    z = frame[[c for c in frame.columns if c.endswith("_z")]]
    me = z.loc["5610"].to_numpy()
    expected = []
    for code, row in z.drop(index="5610").iterrows():
        diff = row.to_numpy() - me
        shared = ~np.isnan(diff)
        if shared.any():
            expected.append((float(np.sqrt(np.nansum(diff**2) * len(diff) / shared.sum())), code))
    expected.sort()
    code, out, _ = run(capsys, "neighbours", "--code", "5610", "--k", "10")
    found = pd.read_csv(io.StringIO(out), dtype={"code": str})
    assert code == 0 and list(found.code) == [c for _, c in expected[:10]]
    assert found.distance.tolist() == pytest.approx([d for d, _ in expected[:10]])
