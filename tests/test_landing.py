"""The landing page's goal tiles (core/landing.py): one tile per goal from the profile's own goal rows, honest
coverage, the two indicators that decide a colour, and a municipality against its peers' median."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from core import landing, profile, status
from core.i18n import t
from core.status import GREY, NOT_APPLICABLE, RANK
from core.trends import ARROWS, TOO_FEW
from reports import slides

RATED = list(RANK)
COLOURS = [*RATED, GREY]


# ---------------------------------------------------------------- pure rules, on invented goal rows


def goal_rows(indicator_counts: dict[int, int], coastal: bool = True) -> pd.DataFrame:
    """core.profile.goal_table's shape: goals with a count of indicators get a score, the rest stay grey."""
    rows = []
    for goal in profile.GOALS:
        count = indicator_counts.get(goal, 0)
        rows.append({"goal": goal, "score": 50.0 if count else float("nan"), "colour": "yellow" if count else GREY,
                     "trend": "moderate" if count else TOO_FEW, "indicators": count, "indicators_in_goal": count})
    frame = pd.DataFrame(rows)
    if not coastal:
        frame.loc[frame.goal == profile.SEA_GOAL, "colour"] = NOT_APPLICABLE
    return frame


NO_INDICATORS = pd.DataFrame({"goal": pd.Series(dtype=int), "indicator_id": pd.Series(dtype=str),
                              "colour": pd.Series(dtype=str)})
counts = st.dictionaries(st.integers(1, 17), st.integers(0, 6), max_size=17)


@settings(deadline=None)  # pandas frames per example: a busy machine took over 200 ms for one
@given(counts, st.booleans())
def test_coverage_never_counts_more_goals_than_have_data(indicator_counts, coastal):
    tiles = landing.goal_tiles(goal_rows(indicator_counts, coastal), NO_INDICATORS)
    covered = landing.coverage(tiles)
    with_data = {g for g, n in indicator_counts.items() if n > 0 and (coastal or g != profile.SEA_GOAL)}
    assert [tile.goal for tile in tiles] == list(profile.GOALS)
    assert covered.with_data == len(with_data) <= covered.applicable <= covered.total == 17
    assert covered.applicable == (17 if coastal else 16)
    assert {tile.goal for tile in tiles if tile.has_data} == with_data
    for tile in tiles:
        if not tile.has_data:
            assert tile.score is None or not tile.applies  # a goal without data is never given a number


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(COLOURS), st.text("abcdef", min_size=1, max_size=4)), max_size=8,
                unique_by=lambda pair: pair[1]))
def test_the_deciding_indicators_give_the_goal_its_colour(indicators):
    rows = pd.DataFrame(indicators, columns=["colour", "indicator_id"])
    deciding = landing.deciding_indicators(rows)
    rated = [colour for colour, _ in indicators if colour in RANK]
    assert len(deciding) == min(2, len(rated))
    assert status.goal_colour([colour for _, colour in deciding]) == status.goal_colour(rated)
    worst = sorted(RANK[c] for c in rated)[:2]
    assert sorted(RANK[colour] for _, colour in deciding) == worst
    assert landing.deciding_indicators(rows.iloc[::-1]) == deciding  # the same two, in whatever order rows come


scores = st.one_of(st.none(), st.floats(0, 100))


@given(scores, scores)
def test_above_and_below_are_mirror_images(score, median):
    one, other = landing.versus(score, median), landing.versus(median, score)
    if score is None or median is None:
        assert one is None and other is None
    else:
        mirrored = {landing.ABOVE: landing.BELOW, landing.BELOW: landing.ABOVE, landing.LEVEL: landing.LEVEL}
        assert other == mirrored[one]
        assert (one == landing.LEVEL) == (round(score) == round(median))


def test_a_goal_without_data_is_grey_with_no_score_and_no_comparison():
    frame = goal_rows({1: 2})
    medians = pd.Series(40.0, index=list(profile.GOALS))
    tiles = landing.goal_tiles(frame, NO_INDICATORS, medians)
    assert tiles[0].has_data and tiles[0].versus_peers == landing.ABOVE  # 50 against 40
    assert not tiles[1].has_data and tiles[1].colour == GREY and tiles[1].versus_peers is None


# ---------------------------------------------------------------- the real data




def test_the_country_tiles_follow_the_score_books_national_rows(slide_data):
    tiles = landing.national_tiles(slide_data.book, slide_data.catalogue)
    national = slide_data.book.goals[(slide_data.book.goals.area_level == "country")
                                     & (slide_data.book.goals.area_code == "NO")].set_index("goal")
    assert 0 < len(national) < 17  # the headline must say "n of 17", not pretend to all 17
    assert landing.coverage(tiles).with_data == len(national)
    for tile in tiles:
        if tile.goal in national.index:
            assert tile.colour == national.colour[tile.goal] and tile.trend == national.trend[tile.goal]
            assert tile.trend in ARROWS and tile.deciding
            assert set(landing.threshold_bases(tile.deciding, slide_data.catalogue)) <= {"absolute", "distribution"}
        else:
            assert not tile.has_data and tile.colour == GREY and not tile.deciding


def without_sea_coast(data: slides.SlideData) -> set[str]:
    coast = set(data.observations.area_code[(data.observations.indicator_id == profile.COAST_INDICATOR)
                                            & (data.observations.area_level == "municipality")])
    return set(data.municipalities.code) - coast


def test_a_municipalitys_tiles_count_what_its_profile_counts(slide_data):
    inland = without_sea_coast(slide_data)
    assert "5501" not in inland and "5610" in inland  # Tromsø on the coast, Karasjok inland
    for code in ("5501", "5610", "0301", sorted(inland)[0]):
        area = slides.area_profile(slide_data, code)
        tiles = landing.goal_tiles(area.goals, area.indicators, area.peer_goal_medians)
        covered = landing.coverage(tiles)
        assert (covered.with_data, covered.applicable) == (area.coverage.goals, area.coverage.goals_total), code
        assert covered.applicable == (16 if code in inland else 17)  # SDG 14 applies only with a sea coast
        for tile in tiles:
            median = area.peer_goal_medians[tile.goal]
            assert tile.peer_median == (None if pd.isna(median) else median)
            if tile.has_data and tile.peer_median is not None:
                assert tile.versus_peers == landing.versus(area.goal_scores[tile.goal], median)


def test_no_slide_says_all_17_goals_over_fewer(slide_data):
    """The slides' subtitle for all goals counts those with data, as the landing page and the profile do."""
    area = slides.area_profile(slide_data, "5501")
    overview = slides.build_slide(slides.SlideRef("overview"), slide_data, None, "nb")
    municipal = slide_data.book.goals[slide_data.book.goals.area_level == "municipality"]
    assert overview.subtitle == t("profile.goals_with_data", "nb", goals=municipal.goal.nunique(), total=17)
    for kind in ("profile", "progress"):
        slide = slides.build_slide(slides.SlideRef(kind, "5501"), slide_data, None, "en")
        assert slide.subtitle == t("profile.goals_with_data", "en", goals=area.coverage.goals,
                                   total=area.coverage.goals_total)
        assert slide.subtitle != t("presentation.subtitle.all_goals", "en")
