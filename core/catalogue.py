"""The project's indicator catalogue (data/indicators.yaml), validated with pydantic."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, model_validator

from core import config

LANGUAGE_NEUTRAL_UNITS = {"%", "MW", "GWh", "per km²"}


class SourcedValue(BaseModel):
    value: float | None = None
    source: str
    # For thresholds: an absolute, sourced level ("goal reached") or the municipalities' distribution ("among the
    # best quarter"); pages word each colour by it.
    basis: Literal["absolute", "distribution"] | None = None
    # A distribution threshold of an indicator fed online: the quantile of the municipalities' values that its first
    # refresh fixes (core/ssb/thresholds.py); the value stays null here and lives on the database's indicator row.
    quantile: float | None = Field(default=None, gt=0, lt=1)
    # A 2030 target relative to the area's own value in a base year (e.g. -55 = a 55 % cut from base_year).
    relative_change: float | None = None
    base_year: int | None = None


class Derived(BaseModel):
    """An indicator computed from two others at every level: numerator / denominator × scale (a count per size)."""

    numerator: str
    denominator: str
    scale: float = 1.0


class IndicatorSpec(BaseModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_nb: str
    name_en: str
    description_nb: str
    description_en: str
    unit_nb: str
    unit_en: str
    unit_symbol: str
    sdg_goal: int | None = Field(default=None, ge=1, le=17)
    sdg_targets: list[str] = []
    goal_source: str = ""  # why this goal: Norway's SDG indicator set (KS) or the SDG target's text
    direction: Literal["higher", "lower"] | None = None
    aggregation: Literal["sum", "population_weighted_mean", "ratio"]
    source_key: str
    source_label: str
    optimum: SourcedValue
    green: SourcedValue
    red: SourcedValue
    target_2030: SourcedValue
    lower_bound: float | None = None
    derived: Derived | None = None
    # An indicator that replaces this one once it has values (an official series replacing an extract): this one
    # is then left out of scores, colours and coverage (core/scores.py).
    superseded_by: str | None = None
    note: str = ""

    @model_validator(mode="after")
    def scored_indicators_say_why(self) -> IndicatorSpec:
        if self.sdg_goal is not None and not self.goal_source.strip():
            raise ValueError(f"{self.id}: a goal link needs its evidence (goal_source)")
        if self.direction is None:
            return self
        if self.aggregation == "sum":
            raise ValueError(f"{self.id}: a count is scored per unit of size (derived) or kept as context")
        for name in ("green", "red"):
            if getattr(self, name).value is not None and getattr(self, name).basis is None:
                raise ValueError(f"{self.id}: say whether the {name} threshold is absolute or a distribution")
            if getattr(self, name).quantile is not None and getattr(self, name).basis != "distribution":
                raise ValueError(f"{self.id}: a {name} threshold set by a quantile is a distribution threshold")
        if (self.target_2030.relative_change is None) != (self.target_2030.base_year is None):
            raise ValueError(f"{self.id}: a relative 2030 target needs both relative_change and base_year")
        return self

    @model_validator(mode="after")
    def thresholds_point_the_right_way(self) -> IndicatorSpec:
        green, red, optimum = self.green.value, self.red.value, self.optimum.value
        if self.direction is None:
            return self
        sign = 1 if self.direction == "higher" else -1
        quantiles = self.optimum.quantile, self.green.quantile, self.red.quantile
        for better, worse in ((0, 1), (1, 2), (0, 2)):
            if None not in (quantiles[better], quantiles[worse]) and sign * (quantiles[better] - quantiles[worse]) <= 0:
                raise ValueError(f"{self.id}: optimum, green and red quantiles must run from better to worse")
        if green is not None and red is not None and sign * (green - red) < 0:
            raise ValueError(f"{self.id}: green threshold must be better than red")
        if optimum is not None and green is not None and sign * (optimum - green) < 0:
            raise ValueError(f"{self.id}: optimum must be at or beyond the green threshold")
        return self

    def name(self, lang: str) -> str:
        return self.name_nb if lang == "nb" else self.name_en

    def unit(self, lang: str) -> str:
        return self.unit_nb if lang == "nb" else self.unit_en

    def short_unit(self, lang: str) -> str:
        """The symbol where it reads the same in both languages (%, MW), else the unit in words."""
        return self.unit_symbol if self.unit_symbol in LANGUAGE_NEUTRAL_UNITS else self.unit(lang)


@lru_cache(maxsize=4)
def load_catalogue(path: Path | None = None) -> dict[str, IndicatorSpec]:
    entries = yaml.safe_load((path or config.INDICATOR_CATALOGUE).read_text(encoding="utf-8"))["indicators"]
    specs = [IndicatorSpec(**entry) for entry in entries]
    ids = [spec.id for spec in specs]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate indicator ids in the catalogue")
    return {spec.id: spec for spec in specs}


def load_yaml(name: str) -> dict:
    return yaml.safe_load((config.CATALOGUE_DIR / name).read_text(encoding="utf-8"))
