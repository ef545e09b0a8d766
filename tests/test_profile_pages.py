"""The profile and methodology pages in AppTest: several municipalities, counties, both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import queries
from core.catalogue import load_catalogue
from tests.echarts_specs import drawn_items, echarts, series_named, series_of_type

APP = Path(__file__).resolve().parent.parent / "app.py"
PROFILE = "app_pages/profile.py"


def open_profile(**params) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params.update(params)
    app.run()
    return app.switch_page(PROFILE).run()


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def radar(app: AppTest) -> dict:
    return echarts(app)[0]


def marker_names(option: dict) -> list[str]:
    return [series["name"] for series in series_of_type(option, "scatter")]


@pytest.mark.parametrize(
    "code, lang, name",
    [("0301", "nb", "Oslo"), ("5610", "en", "Kárášjohka - Karasjok"), ("1508", "nb", "Ålesund"),
     ("1580", "en", "Haram"), ("1144", "nb", "Kvitsøy"), ("3101", "en", "Halden")],
)
def test_profile_of_several_municipalities(built_database, code, lang, name):
    app = open_profile(kommune=code, lang=lang)
    assert_clean(app)
    assert app.header[0].value == name
    option = radar(app)
    assert option["angleAxis"]["data"] == [str(g) for g in range(1, 18)]
    drawn = sum(len(drawn_items(series)) for series in series_of_type(option, "bar"))
    assert drawn == 17  # every goal is either a score or an explicit "no data" bar
    assert len(marker_names(option)) == 2  # KOSTRA-group median and national median


def test_goals_without_data_are_missing_not_zero(built_database):
    option = radar(open_profile(kommune="0301"))
    no_data, scored = series_named(option, "Ingen data"), series_named(option, "Oslo")
    assert {item["value"] for item in drawn_items(no_data)} == {100}  # drawn as faint full bars, "no data"
    assert no_data["data"][4] is not None and scored["data"][4] is None  # SDG 5 has no indicator yet
    assert all(item["value"] is not None for item in drawn_items(scored))
    assert all((a is None) != (b is None) for a, b in zip(no_data["data"], scored["data"], strict=True))


def test_drill_down_explains_the_colour(built_database):
    app = open_profile(kommune="0301", goal="16", lang="en")
    assert_clean(app)
    text = " ".join(m.value for m in app.markdown) + " ".join(c.value for c in app.caption)
    assert "Turnout" in text or "turnout" in text
    assert "green threshold" in text and "Scale: 0 points at" in text


def test_county_profile_uses_aggregated_values_and_says_so(built_database):
    app = open_profile(area="county", fylke="32")
    assert_clean(app)
    assert app.header[0].value == "Akershus"
    assert any("beregnet fra kommunene" in c.value for c in app.caption)
    assert marker_names(radar(app)) == ["Median kommunene i fylket", "Median alle kommuner"]


def test_trend_chart_has_target_and_projection(built_database):
    app = open_profile(kommune="5610", trend="low_income_eu60")
    assert_clean(app)
    chart = echarts(app)[1]
    names = [series["name"] for series in chart["series"]]
    projection = next(n for n in names if n.startswith("Fremskrevet til 2030"))
    assert "Median KOSTRA-gruppe" in names and "Norge" in names
    target = next(series for series in chart["series"] if series["name"].startswith("Mål 2030"))
    assert len({point[1] for point in target["data"]}) == 1 and target["data"][-1][0] == "2030"  # one level
    assert chart["series"][0]["markLine"]["data"] == [{"xAxis": "2030"}]  # the target year marked
    assert chart["xAxis"]["data"][-1] == "2030"
    assert projection.startswith("Fremskrevet til 2030 (fra 2018–")  # the legend names the years it rests on


@pytest.mark.parametrize(
    "params, expected",
    [({"kommune": "0301", "goal": "99"}, "Ugyldig mål «99»"), ({"area": "county", "fylke": "99"}, "Fant ingen fylke"),
     ({"kommune": "0301", "trend": "nope"}, "Ugyldig verdi «nope»"), ({"area": "world"}, "Ugyldig verdi «world»")],
)
def test_junk_profile_links(built_database, params, expected):
    app = open_profile(**params)
    assert_clean(app)
    assert any(expected in w.value for w in app.warning), [w.value for w in app.warning]


def test_without_a_municipality_the_page_asks_for_one(built_database):
    app = open_profile()
    assert_clean(app)
    assert "Velg en kommune" in app.info[0].value


@pytest.mark.slow  # 357 page runs, about half a minute
def test_every_municipality_profile_renders(built_database):
    """All 357 profiles, in one AppTest session switching municipality through the sidebar search."""
    app = open_profile(kommune="0301")
    failures = []
    for code in queries.municipalities().code:
        app.selectbox(key="kommune").select(code).run()
        if app.exception or len(app.get("echarts_chart")) != 2:
            failures.append(code)
    assert not failures


@pytest.mark.parametrize("lang, title", [("nb", "Metode"), ("en", "Methodology")])
def test_methodology_page(built_database, lang, title):
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("app_pages/methodology.py").run()
    assert_clean(app)
    assert app.title[0].value == title
    catalogue, sources = app.dataframe[0].value, app.dataframe[1].value
    # every catalogue indicator, including those fed only by the SSB connector (data/ssb_tables.yaml)
    assert len(catalogue) == len(load_catalogue()) >= 22 and len(sources) >= 20
    assert len(app.get("latex")) >= 5
    assert len(app.get("download_button")) == 2  # the catalogue and every score


def test_key_facts_of_oslo(built_database):
    app = open_profile(kommune="0301")
    facts = next(m.value for m in app.markdown if "Innbyggere 2026" in m.value)
    assert "728\xa0714" in facts and "Fylke: **Oslo**" in facts and "Snitt av målene med data: **" in facts
