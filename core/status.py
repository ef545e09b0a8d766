"""Status colours: per indicator from its thresholds, per goal from its two worst indicators (SDSN)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from core.catalogue import IndicatorSpec

GREEN, YELLOW, ORANGE, RED, GREY = "green", "yellow", "orange", "red", "grey"
NOT_APPLICABLE = "not_applicable"  # SDG 14 for a municipality or county without a sea coast
RANK = {RED: 0, ORANGE: 1, YELLOW: 2, GREEN: 3}
BY_RANK = {rank: colour for colour, rank in RANK.items()}
HEX = {GREEN: "#2e7d32", YELLOW: "#f9c80e", ORANGE: "#f57c00", RED: "#c62828", GREY: "#9e9e9e",
       NOT_APPLICABLE: "#e0e0e0"}


def indicator_colour(value: float | None, spec: IndicatorSpec) -> str:
    """Green at or beyond green, red beyond red, yellow/orange between (split at the midpoint), grey = no data."""
    green, red = spec.green.value, spec.red.value
    if value is None or (isinstance(value, float) and math.isnan(value)) or spec.direction is None:
        return GREY
    if green is None or red is None:
        return GREY
    sign = 1 if spec.direction == "higher" else -1
    x, g, r = sign * value, sign * green, sign * red
    if x >= g:
        return GREEN
    if x < r:
        return RED
    return YELLOW if x >= (g + r) / 2 else ORANGE


def goal_colour(colours: Iterable[str]) -> str:
    """SDSN: the average of the two worst indicator ratings, rounded toward the worse rating, except that a goal is
    red only when both are red; so it is green only when both are green. One rated indicator gives its own colour."""
    ranks = sorted(RANK[c] for c in colours if c in RANK)
    if not ranks:
        return GREY
    worst = ranks[:2]
    rank = math.floor(sum(worst) / len(worst))
    if rank == RANK[RED] and any(r != RANK[RED] for r in worst):
        rank = RANK[ORANGE]
    return BY_RANK[rank]


def colour_meaning(spec: IndicatorSpec, colour: str, lang: str) -> str:
    """What this indicator's colour says, by what its threshold is: 'green: goal reached (95 % or more)' for an
    absolute, sourced level, 'green: on a par with the best quarter of municipalities (…)' for a distribution."""
    from core.i18n import number, t

    unit = spec.short_unit(lang)
    if colour in (GREEN, RED):
        threshold = spec.green if colour == GREEN else spec.red
        if threshold.value is None or threshold.basis is None:
            return t(f"colour.{colour}", lang)
        better = "higher" if spec.direction == "higher" else "lower"
        side = better if colour == GREEN else ("lower" if better == "higher" else "higher")
        level = t(f"threshold.{side}.{'at' if colour == GREEN else 'beyond'}", lang,
                  value=f"{number(threshold.value, lang)} {unit}".strip())
        return t(f"colour_meaning.{colour}.{threshold.basis}", lang, level=level)
    if colour in (YELLOW, ORANGE):
        return t(f"colour_meaning.{colour}", lang)
    return t(f"colour.{colour}", lang)
