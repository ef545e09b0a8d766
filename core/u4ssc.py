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


def percent_of_target(value: float, target: float, direction: str = "higher", base: float | None = None
                      ) -> float | None:
    """How far a KPI has come toward its target, capped at 100 %.

    A target of 0 (no fatalities, no untreated waste water) cannot be divided by: where lower is better it is met
    at 0 or below, and otherwise scored as the share of the way from the first reported value (base) to 0;
    without an earlier value above 0 the KPI is 0 % of the way. Where higher is better, any value ≥ 0 meets 0.
    """
    if target is None or value is None or target != target or value != value:
        return None
    if target == 0:
        if direction == "higher" or value <= 0:
            return 100.0
        if base is not None and base > 0:
            return max(0.0, min(100.0, 100.0 * (base - value) / base))
        return 0.0
    share = value / target if direction == "higher" else (target / value if value else 100.0)
    return max(0.0, min(100.0, 100.0 * share))


def group_results(kpis: pd.DataFrame, level: str) -> pd.DataFrame:
    """kpis: one row per reported data point with `points` and the grouping column `level`.

    A KPI that U4SSC splits into several data points (one `kpi_code`, several KS ids, e.g. the five air-quality
    pollutants) counts once: its points are the mean of its data points'. result = points / (4 × KPIs reported),
    as a percent, banded like the KPIs themselves.
    """
    reported = kpis.dropna(subset=["points"])
    if "kpi_code" in reported:
        reported = reported.groupby([level, "kpi_code"], as_index=False).points.mean()
    grouped = reported.groupby(level).agg(points=("points", "sum"), reported=("points", "size"))
    grouped["result"] = 100.0 * grouped.points / (4 * grouped.reported)
    grouped["band"] = grouped.result.map(points)
    return grouped.reset_index()
