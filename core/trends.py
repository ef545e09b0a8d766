"""Movement over time: SDSN trend arrows on scores, Eurostat progress toward a target, projections."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

TARGET_YEAR = 2030
BASE_YEAR = 2015

ON_TRACK, MODERATE, STAGNATING, DECREASING, TOO_FEW = "on_track", "moderate", "stagnating", "decreasing", "too_few"
ARROWS = {ON_TRACK: "↑", MODERATE: "➚", STAGNATING: "→", DECREASING: "↓", TOO_FEW: "·"}

REACHED, SUBSTANTIAL, LIMITED, AWAY = "reached", "substantial", "limited", "moving_away"
MODERATE_PROGRESS = "moderate"
MODERATE_AWAY = "moderately_away"


def sdsn_trend(years, scores, green_score: float | None, base_year: int = BASE_YEAR) -> str:
    """↑ on track (r ≥ 1 or staying at green), ➚ moderate (0.5 < r < 1), → stagnating, ↓ decreasing.

    needed = (green − score_base) / (2030 − base); seen = (score_now − score_base) / (now − base);
    r = seen / needed. Needs two years with scores since the base year.
    """
    pairs = sorted((int(y), float(s)) for y, s in zip(years, scores, strict=True) if s == s and y >= base_year)
    if len(pairs) < 2 or green_score is None:
        return TOO_FEW
    (base, first), (now, last) = pairs[0], pairs[-1]
    if last >= green_score:  # at green: on track, or maintaining the achievement
        return ON_TRACK
    seen = (last - first) / (now - base)
    if seen < 0:
        return DECREASING
    needed = (green_score - first) / (TARGET_YEAR - base)
    if needed <= 0:  # was at green, fell below it without a net fall: treat as stagnating
        return STAGNATING
    ratio = seen / needed
    if ratio >= 1:
        return ON_TRACK
    if ratio > 0.5:
        return MODERATE
    return STAGNATING


@dataclass(frozen=True)
class Progress:
    status: str
    ratio: float | None  # CAGR seen / CAGR needed (with a target), else the signed growth rate
    base_year: int | None
    latest_year: int | None


def progress(years, values, direction: str, target: float | None, target_year: int = TARGET_YEAR,
             base_year: int = BASE_YEAR) -> Progress:
    """Eurostat / Statistics Canada: compound annual growth seen against growth needed.

    With a target: reached when the latest value meets it; moving away when the base met it and the latest
    does not (a start beyond the target must not read as progress); else ratio ≥ 0.95 substantial,
    0.60-0.95 moderate, 0-0.60 limited, < 0 moving away. Where a growth rate does not exist (a base of 0, or
    values below 0), the same ratio is taken on linear change per year: change seen per year against change
    needed per year. Without a target: growth (in the better direction) > 1 % substantial, 0-1 % moderate,
    −1-0 % moderately away, < −1 % moving away; from a base of 0, growth is the linear change per year
    relative to the series' mean.
    """
    pairs = sorted((int(y), float(v)) for y, v in zip(years, values, strict=True) if v == v and y >= base_year)
    if len(pairs) < 2:
        return Progress(TOO_FEW, None, pairs[0][0] if pairs else None, pairs[-1][0] if pairs else None)
    (base, first), (now, last) = pairs[0], pairs[-1]
    sign = 1 if direction == "higher" else -1
    if target is None:
        growth = _growth(first, last, now - base, [v for _, v in pairs])
        if growth is None:
            return Progress(TOO_FEW, None, base, now)
        growth *= sign
        status = SUBSTANTIAL if growth > 0.01 else MODERATE_PROGRESS if growth >= 0 else (
            MODERATE_AWAY if growth >= -0.01 else AWAY)
        return Progress(status, growth, base, now)
    if sign * (last - target) >= 0:
        return Progress(REACHED, None, base, now)
    if sign * (first - target) >= 0:  # started at or beyond the target and has fallen back from it
        return Progress(AWAY, None, base, now)
    seen, needed = _cagr(first, last, now - base), _cagr(first, target, target_year - base)
    if seen is None or needed is None:  # no growth rate (a base of 0): the linear form of the same ratio
        seen, needed = (last - first) / (now - base), (target - first) / (target_year - base)
    if needed == 0:
        return Progress(TOO_FEW, None, base, now)
    ratio = seen / needed
    status = SUBSTANTIAL if ratio >= 0.95 else MODERATE_PROGRESS if ratio >= 0.60 else LIMITED if ratio >= 0 else AWAY
    return Progress(status, ratio, base, now)


def _growth(first: float, last: float, years: int, values: list[float]) -> float | None:
    """Compound growth per year, or from a base of 0 the linear change per year relative to the mean."""
    rate = _cagr(first, last, years)
    if rate is not None:
        return rate
    mean = sum(abs(v) for v in values) / len(values)
    if years <= 0 or mean == 0:
        return 0.0 if years > 0 and first == last else None
    return (last - first) / years / mean


def _cagr(start: float, end: float, years: int) -> float | None:
    if years <= 0 or start <= 0 or end < 0:
        return None
    return (end / start) ** (1 / years) - 1


MIN_PROJECTION_POINTS = 3


@dataclass(frozen=True)
class Projection:
    """A straight line through the values since the base year, kept inside what the unit allows."""

    slope: float
    intercept: float
    years_used: tuple[int, ...]
    floor: float | None = None  # e.g. 0 for counts and shares
    ceiling: float | None = None  # e.g. 100 for shares

    def at(self, year: int) -> float:
        value = self.slope * year + self.intercept
        if self.floor is not None:
            value = max(value, self.floor)
        if self.ceiling is not None:
            value = min(value, self.ceiling)
        return value


def linear_projection(years, values, base_year: int = BASE_YEAR, floor: float | None = None,
                      ceiling: float | None = None) -> Projection | None:
    """Least-squares line through the values since the base year; None with fewer than three years
    (two points make a line through noise, and a politician would read it as a forecast)."""
    pairs = sorted((int(y), float(v)) for y, v in zip(years, values, strict=True) if v == v and y >= base_year)
    if len(pairs) < MIN_PROJECTION_POINTS:
        return None
    xs, ys = np.array([p[0] for p in pairs], dtype=float), np.array([p[1] for p in pairs])
    slope, intercept = np.polyfit(xs, ys, 1)
    if not (math.isfinite(slope) and math.isfinite(intercept)):
        return None
    return Projection(float(slope), float(intercept), tuple(p[0] for p in pairs), floor, ceiling)


def unit_limits(unit_symbol: str | None, lower_bound_zero: bool = True) -> tuple[float | None, float | None]:
    """What a value of this unit can be: shares 0-100, every other quantity here at least 0."""
    if unit_symbol == "%":
        return 0.0, 100.0
    return (0.0 if lower_bound_zero else None), None
