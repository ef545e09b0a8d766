"""The profile and methodology pages in AppTest: several municipalities, counties, both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import queries
from core.catalogue import load_catalogue

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
    return json.loads(app.get("plotly_chart")[0].proto.spec)


@pytest.mark.parametrize(
    "code, lang, name",
    [("0301", "nb", "Oslo"), ("5610", "en", "Kárášjohka - Karasjok"), ("1508", "nb", "Ålesund"),
     ("1580", "en", "Haram"), ("1144", "nb", "Kvitsøy"), ("3101", "en", "Halden")],
)
def test_profile_of_several_municipalities(built_database, code, lang, name):
    app = open_profile(kommune=code, lang=lang)
    assert_clean(app)
    assert app.header[0].value == name
    spec = radar(app)
    bars = [trace for trace in spec["data"] if trace["type"] == "barpolar"]
    drawn = sum(len(trace["r"]) for trace in bars)
    assert drawn == 17  # every goal is either a score or an explicit "no data" bar
    overlays = [trace["name"] for trace in spec["data"] if trace["type"] == "scatterpolar"]
    assert len(overlays) == 2  # KOSTRA-group median and national median


def test_goals_without_data_are_missing_not_zero(built_database):
    spec = radar(open_profile(kommune="0301"))
    no_data = next(trace for trace in spec["data"] if trace["name"] == "Ingen data")
    assert set(no_data["r"]) == {100}  # drawn as faint full bars, labelled "no data"
    assert "5" in no_data["theta"]  # SDG 5 has no indicator yet
    scored = next(trace for trace in spec["data"] if trace["name"] == "Oslo")
    assert "5" not in scored["theta"] and all(r is not None for r in scored["r"])


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
    assert [trace["name"] for trace in radar(app)["data"] if trace["type"] == "scatterpolar"] == [
        "Median kommunene i fylket", "Median alle kommuner"]


def test_trend_chart_has_target_and_projection(built_database):
    app = open_profile(kommune="5610", trend="low_income_eu60")
    assert_clean(app)
    chart = json.loads(app.get("plotly_chart")[1].proto.spec)
    names = [trace.get("name") for trace in chart["data"]]
    projection = next(n for n in names if n and n.startswith("Fremskrevet til 2030"))
    assert "Median KOSTRA-gruppe" in names and "Norge" in names
    assert any(shape.get("type") == "line" for shape in chart["layout"].get("shapes", []))  # target and 2030
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
        if app.exception or not app.get("plotly_chart"):
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
