"""SDSN normalisation: each indicator's values onto 0-100 with fixed bounds.

score = 100 · (x − LB) / (UB − LB), clipped to [0, 100]. UB is the catalogue's optimum; LB is the
worst 2.5th percentile of the municipalities' values in the indicator's latest year (the low tail
where higher is better, the high tail where lower is better), so the same formula inverts itself.
Bounds are fixed per indicator, not per year, so that scores compare across years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.catalogue import IndicatorSpec

WORST_TAIL = 2.5  # percent


@dataclass(frozen=True)
class Bounds:
    lower: float  # LB: the worst end, score 0
    upper: float  # UB: the optimum, score 100
    lower_rule: str  # how LB was set, for "why this score"


def bounds(spec: IndicatorSpec, latest_municipal_values: pd.Series) -> Bounds | None:
    """The fixed bounds of a scored indicator; None for context indicators or without an optimum."""
    if spec.direction is None or spec.optimum.value is None:
        return None
    if spec.lower_bound is not None:
        return Bounds(spec.lower_bound, spec.optimum.value, "catalogue")
    values = latest_municipal_values.dropna()
    if values.empty:
        return None
    tail = WORST_TAIL if spec.direction == "higher" else 100 - WORST_TAIL
    lower = float(np.percentile(values, tail))
    if lower == spec.optimum.value:  # no spread: everyone at the optimum
        return None
    return Bounds(lower, spec.optimum.value, f"p{tail:g}")


def normalise(values, lower: float, upper: float):
    """Scores 0-100 (NaN stays NaN). Works for both directions: for lower-is-better, upper < lower."""
    array = np.asarray(values, dtype=float)
    scores = 100.0 * (array - lower) / (upper - lower)
    return np.clip(scores, 0.0, 100.0)
