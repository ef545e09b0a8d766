"""ITU U4SSC scoring: 1-4 points per KPI by percent of its target, category results by points."""

from __future__ import annotations

import pandas as pd

BANDS = ((95.0, 4), (66.0, 3), (33.0, 2))  # percent of target -> points; below 33 % earns 1


def points(percent_of_target: float | None) -> int | None:
    """0-33 % → 1, 33-66 % → 2, 66-95 % → 3, ≥ 95 % → 4; None stays None (not reported)."""
    if percent_of_target is None or percent_of_target != percent_of_target:
        return None
    for threshold, earned in BANDS:
        if percent_of_target >= threshold:
            return earned
    return 1


def percent_of_target(value: float, target: float, direction: str = "higher") -> float | None:
    """How far a KPI has come toward its target, capped at 100 %."""
    if target in (None, 0) or value is None:
        return None
    share = value / target if direction == "higher" else (target / value if value else 100.0)
    return min(100.0, 100.0 * share)


def group_results(kpis: pd.DataFrame, level: str) -> pd.DataFrame:
    """kpis: one row per reported KPI with `points` and the grouping column `level`.

    result = points / (4 × KPIs reported), as a percent, banded like the KPIs themselves.
    """
    reported = kpis.dropna(subset=["points"])
    grouped = reported.groupby(level).agg(points=("points", "sum"), reported=("points", "size"))
    grouped["result"] = 100.0 * grouped.points / (4 * grouped.reported)
    grouped["band"] = grouped.result.map(points)
    return grouped.reset_index()
