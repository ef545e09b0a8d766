"""The landing page's picture of the 17 goals: one tile per goal for the country, or for one municipality against its
peers, read from the score book's goal table (core.profile.goal_table, the profile's own rows; no scoring of its own).

    tiles = goal_tiles(profile.goals, profile.indicators, profile.peer_goal_medians)
    coverage(tiles).with_data, coverage(tiles).applicable        # "9 av 17 mål har data"

Rules decided here:
- A goal has data when the area has at least one scored indicator value in it (as core.profile counts coverage);
  SDG 14 of an area without a sea coast does not apply and is counted neither as data nor as missing.
- A goal's colour is decided by its two worst rated indicators (core.status.goal_colour, SDSN); those two are named
  on the tile, so it can say whether the colour rests on an absolute target or on the best and weakest quarter.
- Against its peers a goal reads "above", "below" or "level" by whole points of score against the peers' median.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from core.catalogue import IndicatorSpec
from core.profile import GOALS, goal_table
from core.scores import ScoreBook
from core.status import BY_RANK, NOT_APPLICABLE, RANK

NATIONAL = ("country", "NO")  # the country's row in the score book
ABOVE, BELOW, LEVEL = "above", "below", "level"


@dataclass(frozen=True)
class GoalTile:
    goal: int
    colour: str  # the goal's status colour; GREY without data, NOT_APPLICABLE for SDG 14 without a sea coast
    trend: str
    score: float | None  # mean indicator score 0-100; None without data
    indicators: int  # the area's scored indicators with a value in this goal
    deciding: tuple[tuple[str, str], ...] = ()  # (indicator id, colour) of the two worst rated indicators
    peer_median: float | None = None  # the peers' median goal score; None without peers or without their data

    @property
    def applies(self) -> bool:
        return self.colour != NOT_APPLICABLE

    @property
    def has_data(self) -> bool:
        return self.applies and self.indicators > 0 and self.score is not None

    @property
    def versus_peers(self) -> str | None:
        return versus(self.score, self.peer_median) if self.has_data else None


@dataclass(frozen=True)
class GoalCoverage:
    with_data: int  # goals with at least one value
    applicable: int  # goals that apply to the area (16 without a sea coast)
    total: int = len(GOALS)


def versus(score: float | None, median: float | None) -> str | None:
    """A score against a median, in whole points (the tiles show whole points): above, below or level."""
    if _missing(score) or _missing(median):
        return None
    difference = round(score) - round(median)
    return ABOVE if difference > 0 else BELOW if difference < 0 else LEVEL


def deciding_indicators(rows: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """rows: indicator_id, colour of one goal's indicators. The two worst rated (the ones core.status.goal_colour
    averages), worst first; ties in the order of the indicator ids, so the same data always names the same two."""
    rated = sorted((RANK[colour], indicator_id) for indicator_id, colour in zip(rows.indicator_id, rows.colour,
                                                                                strict=True) if colour in RANK)
    return tuple((indicator_id, BY_RANK[rank]) for rank, indicator_id in rated[:2])


def goal_tiles(goals: pd.DataFrame, indicators: pd.DataFrame,
               peer_medians: pd.Series | None = None) -> list[GoalTile]:
    """goals: core.profile.goal_table's 17 rows; indicators: the area's indicator rows (goal, indicator_id, colour);
    peer_medians: goal -> the peers' median score. Returns one tile per goal, 1 to 17."""
    by_goal = goals.set_index("goal")
    tiles = []
    for goal in GOALS:
        row = by_goal.loc[goal]
        score = None if _missing(row.score) else float(row.score)
        median = None if peer_medians is None else peer_medians.get(goal)
        tiles.append(GoalTile(
            goal=goal, colour=str(row.colour), trend=str(row.trend), score=score, indicators=int(row.indicators),
            deciding=deciding_indicators(indicators[indicators.goal == goal]),
            peer_median=None if _missing(median) else float(median),
        ))
    return tiles


def coverage(tiles: Iterable[GoalTile]) -> GoalCoverage:
    """How many goals have data, of those that apply."""
    tiles = list(tiles)
    return GoalCoverage(sum(tile.has_data for tile in tiles), sum(tile.applies for tile in tiles))


def national_tiles(book: ScoreBook, catalogue: dict[str, IndicatorSpec]) -> list[GoalTile]:
    """The country's 17 goals from the score book's national rows (Norway as a whole, scored like an area)."""
    level, code = NATIONAL
    rows = book.indicators
    national = rows[(rows.area_level == level) & (rows.area_code == code)] if not rows.empty else rows
    return goal_tiles(goal_table(book, level, code, catalogue), national)


def threshold_bases(deciding: Sequence[tuple[str, str]], catalogue: dict[str, IndicatorSpec]) -> list[str]:
    """The kinds of threshold ("absolute", "distribution") the deciding indicators' colours are measured against
    (their green and red levels, as core.status.colour_meaning says them), each once, in the order met."""
    bases: list[str] = []
    for indicator_id, _ in deciding:
        spec = catalogue.get(indicator_id)
        for threshold in (spec.green, spec.red) if spec is not None else ():
            if threshold.basis and threshold.basis not in bases:
                bases.append(threshold.basis)
    return bases


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))

