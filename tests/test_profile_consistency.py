"""One answer to "what does the profile of area X show" (core.profile.profile_of): its rules, and the profile page,
the progress page, the PDF report and the slides all giving the same coverage, peers and targets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import peers, profile, scores
from core.i18n import t
from core.scores import Target
from core.trends import linear_projection, unit_limits
from reports import profile_pdf, slides

APP = Path(__file__).resolve().parent.parent / "app.py"
# A municipality in a KOSTRA group of many, Oslo (alone in KOSTRA group 13), and a county.
AREAS = [("municipality", "5610"), ("municipality", "0301"), ("county", "32")]


def profile_from(data: slides.SlideData, level: str, code: str, book: scores.ScoreBook | None = None):
    return profile.profile_of(level, code, book or data.book, catalogue=data.catalogue,
                              observations=data.observations, municipalities=data.municipalities,
                              counties=data.counties, structure_z=data.structure_z)


def same_answer(one: profile.AreaProfile, other: profile.AreaProfile) -> None:
    assert (one.level, one.code, one.name) == (other.level, other.code, other.name)
    assert one.coverage == other.coverage
    assert one.peers == other.peers and one.national == other.national
    assert one.targets == other.targets
    assert one.index == other.index and one.facts == other.facts
    pd.testing.assert_frame_equal(one.goals, other.goals)
    pd.testing.assert_frame_equal(one.indicators, other.indicators)


# ---------------------------------------------------------------- profile_of itself


def test_a_municipality_in_a_kostra_group(slide_data):
    area = profile_from(slide_data, "municipality", "5610")
    municipalities = slide_data.municipalities.set_index("code")
    group = municipalities.kostra_group_code["5610"]
    assert area.peers.kind == "kostra" and "5610" in area.peers.codes  # the group's median, as it always was
    assert set(area.peers.codes) == set(municipalities.index[municipalities.kostra_group_code == group])
    assert area.peers.group_short == area.facts.kostra_group.split(" (")[0]
    assert area.peers.names == tuple(municipalities.name[c] for c in area.peers.codes)
    assert area.national.kind == "national" and len(area.national.codes) == len(municipalities)
    pd.testing.assert_series_equal(area.peer_goal_medians, profile.median_goal_scores(slide_data.book,
                                                                                       area.peers.codes))
    indicator_id = next(iter(area.peer_series))
    pd.testing.assert_frame_equal(area.peer_series[indicator_id], profile.median_series(
        slide_data.observations, indicator_id, area.peers.codes), check_dtype=False)


def test_oslo_alone_in_its_kostra_group_gets_its_nearest_neighbours(slide_data):
    area = profile_from(slide_data, "municipality", "0301")
    municipalities = slide_data.municipalities
    group = municipalities.kostra_group_code[municipalities.code == "0301"].iloc[0]
    assert list(municipalities.code[municipalities.kostra_group_code == group]) == ["0301"]
    assert area.peers.kind == "nearest" and "0301" not in area.peers.codes
    assert list(area.peers.codes) == [n.code for n in peers.nearest_neighbours(
        "0301", slide_data.structure_z, k=profile.NEAREST_PEERS)]
    assert area.peers.group_short == "KOSTRA-gruppe 13"
    # the median is no longer Oslo's own score
    assert not area.peer_goal_medians.dropna().equals(area.goal_scores.dropna())
    text = profile.peers_text(area, "en")
    assert text.startswith("Oslo is alone in KOSTRA group 13") and "Bergen" in text
    assert profile.median_label(area.peers, "nb") == "Median 10 mest like kommuner"


def test_a_county_and_its_municipalities(slide_data):
    area = profile_from(slide_data, "county", "32")
    municipalities = slide_data.municipalities
    assert area.name == "Akershus" and area.peers.kind == "county" and area.peers.group == "Akershus"
    assert set(area.peers.codes) == set(municipalities.code[municipalities.county_code == "32"])
    assert area.peer_series == {}  # a county's counts are never set against its municipalities' median
    assert area.national_series and set(area.national_series) <= set(area.series)
    assert area.facts.kostra_group is None


@pytest.mark.parametrize("level, code", AREAS)
def test_coverage_goals_and_projections(slide_data, level, code):
    area = profile_from(slide_data, level, code)
    book = slide_data.book
    rows = book.indicators[(book.indicators.area_level == level) & (book.indicators.area_code == code)]
    observed = scores.with_data(scores.scored(slide_data.catalogue), book.indicators)
    assert area.coverage.indicators == len(rows) == len(area.indicators)
    assert area.coverage.indicators_total == len(observed)
    coastal = profile.has_sea_coast(level, code, slide_data.observations)
    assert area.coverage.goals == rows.goal.nunique() and area.coverage.goals_total == (17 if coastal else 16)
    assert list(area.goals.goal) == list(range(1, 18))
    missing = area.goals[area.goals.indicators == 0]
    expected = ["grey" if coastal or goal != 14 else "not_applicable" for goal in missing.goal]
    assert missing.score.isna().all() and list(missing.colour) == expected and (missing.trend == "too_few").all()
    in_goal = pd.Series([s.sdg_goal for s in observed.values()]).value_counts()
    assert dict(zip(area.goals.goal, area.goals.indicators_in_goal, strict=True)) == {
        g: int(in_goal.get(g, 0)) for g in range(1, 18)}
    for indicator_id, projection in area.projections.items():
        series = area.series[indicator_id]
        floor, ceiling = unit_limits(slide_data.catalogue[indicator_id].unit_symbol)
        assert projection == linear_projection(series.year, series.value, floor=floor, ceiling=ceiling)
        assert slide_data.catalogue[indicator_id].direction


def test_targets_have_their_origin_and_agree_with_the_statuses(slide_data):
    own = {("municipality", "5610", "low_income_eu60"): Target(4.0, 2028, "local")}
    book = scores.compute(slide_data.observations, slide_data.catalogue, own, bounds=slide_data.book.bounds)
    area = profile_from(slide_data, "municipality", "5610", book)
    assert area.targets["low_income_eu60"] == Target(4.0, 2028, "local")
    others = {i: target for i, target in area.targets.items() if i != "low_income_eu60"}
    assert others and all(target.origin == "catalogue" and target.year == 2030 for target in others.values())
    for row in area.indicators.itertuples():  # the statuses were measured against these very targets
        target = area.targets.get(row.indicator_id)
        if target is None:
            assert pd.isna(row.target)
        else:
            assert (row.target, row.target_year, row.target_origin) == (target.value, target.year, target.origin)
    assert list(area.with_target.indicator_id) == [i for i in area.indicators.indicator_id if i in area.targets]
    assert profile_from(slide_data, "municipality", "1508").targets["low_income_eu60"].origin == "catalogue"


def test_unknown_areas_are_refused(slide_data):
    with pytest.raises(LookupError):
        profile_from(slide_data, "municipality", "9999")
    with pytest.raises(LookupError):
        profile_from(slide_data, "region", "0301")


# ---------------------------------------------------------------- everyone reads the same answer


def open_page(page: str, **params) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=90)
    app.query_params.update(params)
    app.run()
    return app.switch_page(f"app_pages/{page}.py").run()


@pytest.mark.parametrize("level, code", AREAS)
def test_page_pdf_and_slides_show_the_same_coverage_peers_and_targets(slide_data, monkeypatch, level, code):
    expected = profile_from(slide_data, level, code)
    coverage, peers_line = profile.coverage_text(expected, "nb"), profile.peers_text(expected, "nb")
    assert "Dekning: " in coverage and peers_line

    # the profile page
    params = {"kommune": code} if level == "municipality" else {"area": "county", "fylke": code}
    page = open_page("profile", **params)
    assert not page.exception, [e.value for e in page.exception]
    caption = next(c.value for c in page.caption if c.value.startswith("Dekning"))
    assert coverage in caption and peers_line in caption
    radar = page.get("echarts_chart")[0].proto.spec
    assert profile.median_label(expected.peers, "nb") in radar

    # the PDF report's inputs (the charts are not drawn here: test_profile_pdf draws them)
    monkeypatch.setattr(profile_pdf.images, "to_png", lambda *args, **kwargs: b"png")
    report = profile_pdf.gather(level, code, "nb", slide_data.book, slide_data.observations, date(2026, 5, 26))
    same_answer(report.area, expected)
    assert set(report.trend_pngs) == set(expected.with_target.indicator_id)
    lines = dict(profile_pdf.key_fact_lines(report))
    assert coverage in lines[t("profile.index", "nb")] and lines[t("profile.peers_label", "nb")] == peers_line

    if level != "municipality":
        return  # the slides are made for municipalities
    profile_slide = slides.build_slide(slides.SlideRef("profile", code), slide_data, None, "nb")
    progress_slide = slides.build_slide(slides.SlideRef("progress", code), slide_data, None, "nb")
    for slide in (profile_slide, progress_slide):
        same_answer(slide.facts["profile"], expected)
    assert coverage in profile_slide.source and peers_line in profile_slide.source
    shown = progress_slide.figures[0].data[0].cells.values  # the progress table: indicator, now, target, status
    assert len(shown[0]) == len(expected.with_target)
    assert all(t(f"progress.target_origin.{expected.targets[i].origin}", "nb") in text
               for i, text in zip(expected.with_target.indicator_id, shown[2], strict=True))


@pytest.mark.parametrize("code", ["5610", "0301"])
def test_progress_and_presentation_pages_read_the_same_profile(slide_data, code):
    expected = profile_from(slide_data, "municipality", code)
    progress = open_page("progress", kommune=code)
    assert not progress.exception, [e.value for e in progress.exception]
    assert len(progress.expander) == len(expected.with_target)  # one chart per indicator with a target
    table = next(h.proto.body for h in progress.get("html") if "plain-table" in h.proto.body
                 and "standardmål fra katalogen" in h.proto.body)
    assert table.count("standardmål fra katalogen") == sum(
        target.origin == "catalogue" for target in expected.targets.values())

    presentation = open_page("presentation", kommuner=code, slides="profile")
    assert not presentation.exception, [e.value for e in presentation.exception]
    source = next(c.value for c in presentation.caption if c.value.startswith("Kilde"))
    assert profile.coverage_text(expected, "nb") in source and profile.peers_text(expected, "nb") in source
