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

    With a target: reached when already beyond it; else ratio ≥ 0.95 substantial, 0.60-0.95 moderate,
    0-0.60 limited, < 0 moving away. Without a target: growth (in the better direction) > 1 %
    substantial, 0-1 % moderate, −1-0 % moderately away, < −1 % moving away.
    """
    pairs = sorted((int(y), float(v)) for y, v in zip(years, values, strict=True) if v == v and y >= base_year)
    if len(pairs) < 2:
        return Progress(TOO_FEW, None, pairs[0][0] if pairs else None, pairs[-1][0] if pairs else None)
    (base, first), (now, last) = pairs[0], pairs[-1]
    sign = 1 if direction == "higher" else -1
    if target is not None and sign * (last - target) >= 0:
        return Progress(REACHED, None, base, now)
    seen = _cagr(first, last, now - base)
    if seen is None:
        return Progress(TOO_FEW, None, base, now)
    if target is None:
        growth = sign * seen
        status = SUBSTANTIAL if growth > 0.01 else MODERATE_PROGRESS if growth >= 0 else (
            MODERATE_AWAY if growth >= -0.01 else AWAY)
        return Progress(status, growth, base, now)
    needed = _cagr(first, target, target_year - base)
    if needed is None or needed == 0:
        return Progress(TOO_FEW, None, base, now)
    ratio = seen / needed
    status = SUBSTANTIAL if ratio >= 0.95 else MODERATE_PROGRESS if ratio >= 0.60 else LIMITED if ratio >= 0 else AWAY
    return Progress(status, ratio, base, now)


def _cagr(start: float, end: float, years: int) -> float | None:
    if years <= 0 or start <= 0 or end < 0:
        return None
    return (end / start) ** (1 / years) - 1


@dataclass(frozen=True)
class Projection:
    slope: float
    intercept: float
    years_used: tuple[int, ...]

    def at(self, year: int) -> float:
        return self.slope * year + self.intercept


def linear_projection(years, values, base_year: int = BASE_YEAR) -> Projection | None:
    """Least-squares line through the values since the base year; None with fewer than two."""
    pairs = sorted((int(y), float(v)) for y, v in zip(years, values, strict=True) if v == v and y >= base_year)
    if len(pairs) < 2:
        return None
    xs, ys = np.array([p[0] for p in pairs], dtype=float), np.array([p[1] for p in pairs])
    slope, intercept = np.polyfit(xs, ys, 1)
    if not (math.isfinite(slope) and math.isfinite(intercept)):
        return None
    return Projection(float(slope), float(intercept), tuple(p[0] for p in pairs))
