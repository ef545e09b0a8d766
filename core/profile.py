"""What a profile shows about one municipality or county: one answer, read by the profile page, the progress
page, the PDF report and the slides alike.

    area = profile_of("municipality", "0301", book, catalogue=catalogue, observations=observations,
                      municipalities=municipalities, counties=counties, structure_z=z)
    area.coverage.indicators, area.peers.codes, area.targets["low_income_eu60"].origin, area.projections[...]

Rules decided here and nowhere else:
- Coverage counts the scored indicators that any area has a value for (an indicator fed online before its first
  refresh counts nowhere), and the goals with at least one of them, of 17.
- The peers behind a municipality's medians are its KOSTRA group (the municipality included); where the group
  is the municipality alone (Oslo), its statistically nearest neighbours. A county's are its municipalities.
  The national median is every municipality's.
- A target is the area's own (local) where it set one, else the catalogue's default (core.scores.target_for).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from core import peers as peer_rules
from core.catalogue import IndicatorSpec
from core.i18n import t
from core.scores import ScoreBook, Target, scored, target_for, with_data
from core.status import GREY, NOT_APPLICABLE
from core.trends import ARROWS, TOO_FEW, Projection, linear_projection, unit_limits

GOALS = range(1, 18)
LEVELS = ("municipality", "county")
SEA_GOAL = 14
COAST_INDICATOR = "shoreline_available"  # published for every municipality with a sea coast (SSB)
NEAREST_PEERS = 10  # the medians of a municipality alone in its KOSTRA group rest on this many neighbours
# The median's label on radars and trend charts, per kind of peer set.
MEDIAN_LABELS = {"kostra": "profile.median_kostra", "nearest": "profile.median_nearest",
                 "county": "profile.median_county", "national": "profile.median_national"}
PEER_TEXTS = {"kostra": "profile.peers.kostra", "nearest": "profile.peers.nearest", "county": "profile.peers.county"}


@dataclass(frozen=True)
class KeyFacts:
    population: float | None
    population_year: int | None
    population_change_10y: float | None  # percent over the last ten years
    county: str | None
    kostra_group: str | None
    centrality: int | None
    area_km2: float | None


@dataclass(frozen=True)
class PeerSet:
    """The municipalities behind a median, and why these."""

    kind: str  # "kostra", "nearest" (the KOSTRA group is the area alone), "county" or "national"
    codes: tuple[str, ...]
    names: tuple[str, ...]
    group: str | None = None  # the KOSTRA group's or the county's name

    @property
    def group_short(self) -> str | None:
        """'KOSTRA-gruppe 13' of 'KOSTRA-gruppe 13 (Oslo kommune, …)'."""
        return self.group.split(" (")[0] if self.group else None


@dataclass(frozen=True)
class Coverage:
    indicators: int  # the area's scored indicators with a value
    indicators_total: int  # the scored indicators any area has a value for
    goals: int  # goals with at least one of the area's scored indicators
    goals_total: int = len(GOALS)

    @property
    def share(self) -> float:
        return self.indicators / self.indicators_total if self.indicators_total else 0.0


@dataclass(frozen=True, eq=False)
class AreaProfile:
    """Everything a profile of one area shows; frames are shared, read them without changing them."""

    level: str
    code: str
    name: str
    facts: KeyFacts
    index: float | None  # None below 80 % coverage
    coverage: Coverage
    goals: pd.DataFrame  # 17 rows: goal, score (NaN without data), colour, trend, indicators, indicators_in_goal
    indicators: pd.DataFrame  # the area's latest status per scored indicator (ScoreBook.indicators), by goal
    peers: PeerSet  # behind the group median on the radar and the trend charts
    national: PeerSet  # every municipality: behind the national median
    peer_goal_medians: pd.Series  # goal 1-17 -> median goal score of the peers (NaN where none has one)
    national_goal_medians: pd.Series
    targets: dict[str, Target]  # every directed indicator with a target: the area's own, else the catalogue's
    series: dict[str, pd.DataFrame]  # indicator -> year, value: the area's history (every indicator it has)
    peer_series: dict[str, pd.DataFrame]  # indicator -> year, value: the peers' median (municipalities only)
    national_series: dict[str, pd.DataFrame]  # indicator -> year, value: Norway
    projections: dict[str, Projection | None]  # directed indicators: the linear projection to 2030

    @property
    def goal_scores(self) -> pd.Series:
        return self.goals.set_index("goal").score

    @property
    def with_target(self) -> pd.DataFrame:
        """The indicator rows with a 2030 target, by goal (what progress toward 2030 is measured on)."""
        return self.indicators[self.indicators.target.notna()]

    def indicator(self, indicator_id: str) -> pd.Series | None:
        rows = self.indicators[self.indicators.indicator_id == indicator_id]
        return rows.iloc[0] if not rows.empty else None


def profile_of(level: str, code: str, book: ScoreBook, *, catalogue: dict[str, IndicatorSpec],
               observations: pd.DataFrame, municipalities: pd.DataFrame, counties: pd.DataFrame,
               structure_z: pd.DataFrame | Callable[[], pd.DataFrame]) -> AreaProfile:
    """What the profile of a municipality or county shows.

    observations: every observation the pages use (members' values filling the gaps); book: scored from them.
    structure_z: the standardised structural variables (core.peers, public values only), or a function giving
    them: asked for only when a municipality is alone in its KOSTRA group. Raises LookupError for an unknown area.
    """
    if level not in LEVELS:
        raise LookupError(f"unknown level: {level}")
    areas = municipalities if level == "municipality" else counties
    names = dict(zip(areas.code, areas.name, strict=True))
    if code not in names:
        raise LookupError(f"unknown {level}: {code}")
    area_rows = observations[(observations.area_level == level) & (observations.area_code == code)]
    facts = key_facts(code, level, area_rows[area_rows.indicator_id == "population"], municipalities, counties)
    coastal = has_sea_coast(level, code, observations)
    goals = goal_table(book, level, code, catalogue, coastal)
    indicators = _area(book.indicators, level, code).sort_values(["goal", "indicator_id"]).reset_index(drop=True)
    index_rows = _area(book.index, level, code)
    index = index_rows["index"].iloc[0] if not index_rows.empty else None
    coverage = Coverage(len(indicators), len(with_data(scored(catalogue), book.indicators)),
                        int((goals.indicators > 0).sum()), len(GOALS) - (0 if coastal else 1))
    peers = peer_set(level, code, municipalities, counties, structure_z)
    national = PeerSet("national", tuple(municipalities.code), tuple(municipalities.name))
    series = _by_indicator(area_rows)
    projections = {i: linear_projection(s.year, s.value, floor=limits[0], ceiling=limits[1])
                   for i, s in series.items() if i in catalogue and catalogue[i].direction
                   for limits in [unit_limits(catalogue[i].unit_symbol)]}
    targets = {i: found for i, spec in catalogue.items()  # a target needs a direction (core.targets)
               if spec.direction and (found := target_for(spec, level, code, book.local_targets)) is not None}
    wanted = set(series)
    peer_rows = observations[(observations.area_level == "municipality") & observations.area_code.isin(peers.codes)
                             & observations.indicator_id.isin(wanted)] if level == "municipality" else None
    country = observations[(observations.area_level == "country") & observations.indicator_id.isin(wanted)]
    return AreaProfile(
        level=level, code=code, name=names[code], facts=facts,
        index=None if index is None or pd.isna(index) else float(index), coverage=coverage, goals=goals,
        indicators=indicators, peers=peers, national=national,
        peer_goal_medians=median_goal_scores(book, peers.codes),
        national_goal_medians=median_goal_scores(book, national.codes),
        targets=targets, series=series,
        peer_series=_medians_by_indicator(peer_rows) if peer_rows is not None else {},
        national_series=_by_indicator(country), projections=projections,
    )


def peer_set(level: str, code: str, municipalities: pd.DataFrame, counties: pd.DataFrame,
             structure_z: pd.DataFrame | Callable[[], pd.DataFrame]) -> PeerSet:
    """The municipalities behind the area's group median (see the module's rules)."""
    names = dict(zip(municipalities.code, municipalities.name, strict=True))

    def of(kind: str, codes, group) -> PeerSet:
        codes = tuple(codes)
        return PeerSet(kind, codes, tuple(names[c] for c in codes), group)

    if level == "county":
        county = dict(zip(counties.code, counties.name, strict=True)).get(code)
        return of("county", sorted(municipalities.code[municipalities.county_code == code]), county)
    row = municipalities.set_index("code").loc[code]
    group = row.kostra_group_code
    members = sorted(municipalities.code[municipalities.kostra_group_code == group]) if pd.notna(group) else []
    group_name = row.kostra_group_name if pd.notna(row.kostra_group_name) else None
    if set(members) - {code}:
        return of("kostra", members, group_name)
    z = structure_z() if callable(structure_z) else structure_z
    return of("nearest", [n.code for n in peer_rules.nearest_neighbours(code, z, k=NEAREST_PEERS)], group_name)


def has_sea_coast(level: str, code: str, observations: pd.DataFrame) -> bool:
    """SSB publishes the shoreline statistics for every municipality with a sea coast, and a county has a value when
    any of its municipalities has: an area without one has no sea coast (SDG 14 does not apply to it)."""
    rows = observations[(observations.indicator_id == COAST_INDICATOR) & (observations.area_level == level)]
    return bool((rows.area_code == code).any()) or rows.empty  # no shoreline data at all: do not guess


def goal_table(book: ScoreBook, level: str, code: str, catalogue: dict[str, IndicatorSpec],
               coastal: bool = True) -> pd.DataFrame:
    """All 17 goals: goal, score, colour, trend, indicators (the area's with data), indicators_in_goal (the scored
    indicators any area has data for). Goals without data keep a NaN score, grey and 'too few', never a zero; SDG 14
    of an area without a sea coast is 'not applicable', as SDSN treats landlocked countries."""
    in_goal = pd.Series([s.sdg_goal for s in with_data(scored(catalogue), book.indicators).values()],
                        dtype="int64").value_counts()
    rows = _area(book.goals, level, code).set_index("goal")
    frame = pd.DataFrame({"goal": list(GOALS)}).set_index("goal", drop=False)
    frame["score"] = rows.score.reindex(frame.index)
    frame["colour"] = rows.colour.reindex(frame.index).fillna(GREY)
    frame["trend"] = rows.trend.reindex(frame.index).fillna(TOO_FEW)
    frame["indicators"] = rows.indicators.reindex(frame.index).fillna(0).astype(int)
    frame["indicators_in_goal"] = in_goal.reindex(frame.index).fillna(0).astype(int)
    if not coastal:
        frame.loc[SEA_GOAL, "colour"] = NOT_APPLICABLE
    return frame.reset_index(drop=True)


# ---------------------------------------------------------------- the same words wherever a profile is shown


def coverage_text(area: AreaProfile, lang: str) -> str:
    """'Coverage: 12 of 13 indicators and 7 of 17 goals have data'."""
    cover = area.coverage
    return t("profile.coverage", lang, count=cover.indicators, total=cover.indicators_total, goals=cover.goals,
             goals_total=cover.goals_total)


def verdict_text(row, lang: str) -> str:
    """One verdict per indicator: progress toward its target where it has one, else the SDSN trend arrow, never
    both (a page must not say 'on track' next to 'moving away')."""
    if row.target is not None and row.target == row.target:
        return t("verdict.progress", lang, year=int(row.target_year), status=t(f"progress.{row.progress}", lang))
    return t("verdict.trend", lang, arrow=ARROWS[row.trend], status=t(f"trend.{row.trend}", lang))


def median_label(peers: PeerSet, lang: str) -> str:
    """The median's name in a legend: 'KOSTRA group median', 'Median of the 10 most similar municipalities'."""
    return t(MEDIAN_LABELS[peers.kind], lang, count=len(peers.codes))


def peers_text(area: AreaProfile, lang: str) -> str:
    """Which municipalities the group median rests on, and why these."""
    peers = area.peers
    group = peers.group_short or "–"
    if lang == "en":  # SSB names the groups in bokmål only
        group = group.replace("KOSTRA-gruppe", "KOSTRA group")
    return t(PEER_TEXTS[peers.kind], lang, name=area.name, group=group, count=len(peers.codes),
             names=", ".join(peers.names))


# ---------------------------------------------------------------- the parts


def key_facts(code: str, level: str, population: pd.DataFrame, municipalities: pd.DataFrame,
              counties: pd.DataFrame) -> KeyFacts:
    """population: area_code, year, value at the area's level."""
    series = population[population.area_code == code].sort_values("year")
    latest = series.iloc[-1] if not series.empty else None
    change = None
    if latest is not None:
        earlier = series[series.year == latest.year - 10]
        if not earlier.empty and earlier.value.iloc[0]:
            change = 100.0 * (latest.value / earlier.value.iloc[0] - 1)
    county_names = dict(zip(counties.code, counties.name, strict=True))
    if level == "municipality":
        row = municipalities.set_index("code").loc[code]
        return KeyFacts(
            float(latest.value) if latest is not None else None, int(latest.year) if latest is not None else None,
            change, county_names.get(row.county_code), row.kostra_group_name,
            int(row.centrality) if pd.notna(row.centrality) else None, float(row.area_km2),
        )
    area = float(municipalities[municipalities.county_code == code].area_km2.sum())
    return KeyFacts(
        float(latest.value) if latest is not None else None, int(latest.year) if latest is not None else None,
        change, county_names.get(code), None, None, area,
    )


def goal_scores(book: ScoreBook, level: str, code: str) -> pd.Series:
    """Score per goal 1-17 for one area; NaN where the goal has no scored indicator with data."""
    rows = book.goals[(book.goals.area_level == level) & (book.goals.area_code == code)]
    return rows.set_index("goal").score.reindex(GOALS)


def median_goal_scores(book: ScoreBook, codes) -> pd.Series:
    """Median score per goal over a set of municipalities (NaN where none has one)."""
    rows = book.goals[(book.goals.area_level == "municipality") & book.goals.area_code.isin(set(codes))]
    return rows.groupby("goal").score.median().reindex(GOALS)


def median_series(observations: pd.DataFrame, indicator_id: str, codes) -> pd.DataFrame:
    """year, value: the median of the municipalities' values each year (for trend charts)."""
    rows = observations[
        (observations.area_level == "municipality")
        & (observations.indicator_id == indicator_id)
        & observations.area_code.isin(set(codes))
    ]
    return rows.groupby("year").value.median().reset_index()


def _area(frame: pd.DataFrame, level: str, code: str) -> pd.DataFrame:
    return frame[(frame.area_level == level) & (frame.area_code == code)]


def _by_indicator(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """indicator -> year, value sorted by year."""
    return {str(indicator_id): group.sort_values("year")[["year", "value"]].reset_index(drop=True)
            for indicator_id, group in rows.groupby("indicator_id", sort=False)}


def _medians_by_indicator(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """indicator -> year, value: the median over the rows' areas each year (as median_series)."""
    medians = rows.groupby(["indicator_id", "year"]).value.median().reset_index()
    return _by_indicator(medians)
