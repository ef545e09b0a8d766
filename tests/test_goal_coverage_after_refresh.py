"""Done when (issue 15): after a refresh, simulated with answers of each table's documented shape (INVENTED numbers,
tests/ssb_answers.py), the profile of a typical municipality shows scored values on at least 14 of the 17 goals.

Also: before the first refresh the indicators fed online have no values (never 0) and change no score; the first
refresh fixes their distribution thresholds, stored with the date and shown with it; a later refresh keeps them;
the profile page says when each was fetched and the year of its newest value.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from core import dates, queries
from core.catalogue import load_catalogue
from core.gate import SYSTEM
from core.scores import compute
from core.ssb import refresh as ssb_refresh
from core.ssb import tables, thresholds
from core.ssb.thresholds import catalogue_in_effect
from tests.ssb_answers import FakeSources

CATALOGUE = tables.load_tables()
ONLINE = [i for table in CATALOGUE.values() for i in table.indicator_ids]


def refresh_all(url: str, codes: list[str]):
    fake = FakeSources(CATALOGUE, codes)
    return ssb_refresh.refresh(actor=SYSTEM, client=fake, fhi_client=fake.fhi, download=fake.download, url=url)


@pytest.fixture(scope="module")
def before(public_template) -> str:
    return f"sqlite:///{public_template}"


@pytest.fixture(scope="module")
def after(public_template, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("coverage") / "refreshed.sqlite"
    shutil.copyfile(public_template, path)
    url = f"sqlite:///{path}"
    result = refresh_all(url, list(queries.municipalities(url).code))
    assert not result.failures, [(f.table.id, f.message) for f in result.failures]
    return url


def typical_municipality(url: str) -> str:
    """The coastal municipality of median population (SDG 14 applies to it, as to most members)."""
    observations = queries.all_observations(url)
    coastal = set(observations[observations.indicator_id == "shoreline_available"].area_code)
    population = observations[(observations.indicator_id == "population") & (observations.area_level == "municipality")
                              & observations.area_code.isin(coastal)]
    latest = population[population.year == population.year.max()].sort_values("value").reset_index(drop=True)
    return latest.area_code[len(latest) // 2]


def scored_goals(url: str) -> tuple[pd.DataFrame, str]:
    book = compute(queries.all_observations(url), catalogue_in_effect(url))
    goals = book.goals[book.goals.area_level == "municipality"]
    return goals, typical_municipality(url)


def test_before_the_first_refresh_online_indicators_have_no_values_and_no_score(before):
    observations = queries.all_observations(before)
    assert not observations.indicator_id.isin(ONLINE).any()  # 'not yet fetched': no rows, never a 0
    book = compute(observations, catalogue_in_effect(before))
    assert not book.indicators.indicator_id.isin(ONLINE).any()
    assert thresholds.stored(before) == {}


@pytest.mark.slow  # the whole catalogue refreshed for every municipality (the after fixture)
def test_a_typical_municipality_has_scored_values_on_at_least_14_of_17_goals(after):
    goals, code = scored_goals(after)
    mine = goals[goals.area_code == code]
    assert mine.score.notna().sum() >= 14, sorted(mine.goal)
    assert {2, 5, 6, 7, 8, 10, 12}.issubset(set(mine.goal))  # the goals the refresh brought
    per_municipality = goals.groupby("area_code").goal.nunique()
    assert per_municipality.median() >= 14


@pytest.mark.slow  # the whole catalogue refreshed for every municipality (the after fixture)
def test_the_first_refresh_fixes_distribution_thresholds_with_the_date(after):
    catalogue = load_catalogue()
    fixed = thresholds.stored(after)
    pending = {i for i, spec in catalogue.items() if thresholds.pending(spec)}
    assert pending and set(fixed) == pending
    today = dates.today().isoformat()
    for indicator_id, values in fixed.items():
        for name, (value, source) in values.items():
            assert value is not None and f"first refresh on {today}" in source, (indicator_id, name)
    effect = catalogue_in_effect(after)
    neet = effect["neet_youth_share"]
    municipal = queries.observations("neet_youth_share", "municipality", url=after)
    latest = municipal[municipal.year == municipal.year.max()].value
    assert neet.green.value == pytest.approx(latest.quantile(0.25), abs=1e-4)
    assert neet.red.value == pytest.approx(latest.quantile(0.75), abs=1e-4)
    assert neet.green.basis == "distribution" and "municipalities' values for" in neet.green.source


@pytest.mark.slow  # the whole catalogue refreshed for every municipality (the after fixture)
def test_a_later_refresh_keeps_the_thresholds_of_the_first(after):
    kept = thresholds.stored(after)
    codes = list(queries.municipalities(after).code)
    fake = FakeSources(CATALOGUE, codes, years=(2015, 2022, 2023, 2024))
    ssb_refresh.refresh(["13556", "07849"], actor=SYSTEM, client=fake, url=after)
    assert thresholds.stored(after) == kept


@pytest.mark.slow  # the whole catalogue refreshed for every municipality (the after fixture)
def test_the_profile_shows_when_each_was_fetched_and_its_newest_year(after, open_page, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", after)
    code = typical_municipality(after)
    app = open_page("profile", None, "en", kommune=code, goal="8")
    text = " ".join(m.value for m in app.markdown)
    assert "fetched" in text and "newest value 2023" in text


def test_the_profile_says_not_yet_fetched_before_the_first_refresh(before, open_page, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", before)
    code = typical_municipality(before)
    app = open_page("profile", None, "en", kommune=code, goal="5")
    captions = " ".join(c.value for c in app.caption)
    assert "not yet fetched" in captions and "Young women not in employment" in captions
