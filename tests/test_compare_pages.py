"""Compare, progress and map explorer pages in AppTest, in both languages, with good and junk links."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from reports import slides
from tests.echarts_specs import echart_ids, echarts

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_page(page: str, **params) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params.update(params)
    app.run()
    return app.switch_page(f"app_pages/{page}.py").run()


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def screen_chart(app: AppTest, index: int = 0) -> dict:
    return echarts(app)[index]


@pytest.mark.parametrize("lang, median", [("nb", "Median sammenligningsgruppe"), ("en", "Comparison group median")])
def test_compare_with_the_kostra_group(built_database, lang, median):
    app = open_page("compare", kommune="5610", lang=lang)
    assert_clean(app)
    radar = screen_chart(app)
    assert median in [series["name"] for series in radar["series"]]
    ranked = screen_chart(app, 1)
    assert "Kárášjohka - Karasjok" in ranked["yAxis"]["data"]
    assert [item["value"][1] for item in ranked["series"][0]["data"]] == ranked["yAxis"]["data"]
    assert not app.dataframe  # the table is built when asked for
    app.toggle(key="show_compare_table").set_value(True).run()
    table = app.dataframe[0].value
    assert len(table) >= 15
    assert len(app.get("download_button")) == 2  # CSV and Excel


def test_nearest_neighbours_explain_themselves(built_database):
    app = open_page("compare", kommune="5610", peers="nearest", k="5", lang="en")
    assert_clean(app)
    reasons = [m.value for m in app.markdown if "closest in" in m.value]
    assert len(reasons) == 5
    assert app.query_params["peers"] in ("nearest", ["nearest"])


@pytest.fixture(scope="module")
def private_url(private_database, add_users) -> str:
    """A private copy of the public data with two coordinators: saving never touches the shared database."""
    url = private_database("compare_pages")
    add_users(url, {"koord.karasjok": ("coordinator", "municipality", "5610"),
                    "koord.oslo": ("coordinator", "municipality", "0301")})
    return url


@pytest.fixture
def private(private_url, monkeypatch) -> str:
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", private_url)
    st.cache_resource.clear()
    yield private_url
    st.cache_resource.clear()


def open_as(page: str, username: str | None, **params) -> AppTest:
    from core.auth import Identity

    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params.update(params)
    if username:
        app.session_state["identity"] = Identity(username, username, "coordinator", "municipality",
                                                 {"koord.karasjok": "5610", "koord.oslo": "0301"}[username])
    app.run()
    return app.switch_page(f"app_pages/{page}.py").run()


def test_an_anonymous_visitor_keeps_an_own_list_in_the_link_only(private):
    from core import peer_sets

    app = open_as("compare", None, kommune="3101", peers="custom", codes="0301,9999,5001")
    assert_clean(app)
    assert any("9999" in w.value for w in app.warning)
    assert app.multiselect(key="custom_codes").value == ["0301", "5001"]
    assert not app.get("form_submit_button")  # nothing to save with
    assert any("ligger i lenken" in c.value for c in app.caption)
    assert peer_sets.saved("", private) == []


def test_a_logged_in_user_saves_a_set_of_their_own(private):
    from core import peer_sets

    app = open_as("compare", "koord.karasjok", kommune="3101", peers="custom", codes="0301,5001")
    # the set's name: not one of the municipality search boxes (components.municipality_search)
    next(box for box in app.text_input if not (box.key or "").endswith("_search")).input("Byer i test")
    app.get("form_submit_button")[0].click()
    app.run()
    assert_clean(app)
    assert any("Lagret «Byer i test» med 2 kommuner" in toast.value for toast in app.toast)
    saved = peer_sets.saved("koord.karasjok", private)
    assert [(s.name, s.codes) for s in saved] == [("Byer i test", "0301;5001")]
    assert peer_sets.saved("koord.oslo", private) == []  # personal: another user does not see it
    other = open_as("compare", "koord.oslo", kommune="3101", peers="saved")
    assert_clean(other)
    assert not other.selectbox(key="set").options


def test_saving_a_set_without_a_name_is_refused(private):
    app = open_as("compare", "koord.karasjok", kommune="3101", peers="custom", codes="0301")
    app.get("form_submit_button")[0].click()
    app.run()
    assert not app.exception
    assert "Gi settet et navn" in app.error[0].value


@pytest.mark.parametrize("params, expected", [({"kommune": "0301", "peers": "friends"}, "«friends»"),
                                              ({"kommune": "0301", "peers": "nearest", "k": "500"}, "«500»"),
                                              ({"kommune": "0301", "peers": "saved", "set": "abc"}, "«abc»")])
def test_junk_compare_links(built_database, params, expected):
    app = open_page("compare", **params)
    assert_clean(app)
    assert any(expected in w.value for w in app.warning), [w.value for w in app.warning]


@pytest.mark.parametrize("lang, title", [("nb", "Mot 2030"), ("en", "Progress to 2030")])
def test_progress_page(slide_data, lang, title):
    app = open_page("progress", kommune="5610", lang=lang)
    assert_clean(app)
    assert app.title[0].value == title
    summary = next(m.value for m in app.markdown if "✓" in m.value)  # one line counting each progress status
    assert summary.count("**") == 2 * 7
    with_target = slides.area_profile(slide_data, "5610").with_target
    assert len(app.expander) == len(with_target) > 0 and not app.get("echarts_chart")  # one per indicator, closed


def test_a_progress_indicator_draws_its_trend_chart_when_opened(built_database):
    app = open_page("progress", kommune="5610")
    assert app.session_state["progress_open_low_income_eu60"] is False
    app.session_state["progress_open_low_income_eu60"] = True  # what opening it in the browser sets; then a rerun
    app.run()
    assert_clean(app)
    charts = app.get("echarts_chart")
    assert len(charts) == 1 and "Karasjok" in charts[0].proto.spec  # that indicator's chart only
    assert "progress_chart_low_income_eu60" in charts[0].proto.id
    toggles = [toggle for toggle in app.toggle if toggle.key.endswith("_as_table")]
    assert [toggle.key for toggle in toggles] == ["progress_chart_low_income_eu60_as_table"]


def test_compare_trends_are_drawn_when_their_section_is_opened(built_database):
    app = open_page("compare", kommune="5610")
    assert len(echarts(app)) == 2  # the radar and the ranked bars
    app.session_state["compare_trends_open"] = True
    app.run()
    assert_clean(app)
    assert len(echarts(app)) == 3 and "compare_trends" in echart_ids(app)[2]
    assert not app.get("plotly_chart")  # no chart on the page loads plotly.js in the browser


def test_progress_page_target_editing_needs_the_coordinator(private):
    from core import targets

    app = open_as("progress", None, kommune="5610")
    assert not app.get("form_submit_button")  # a viewer gets no editor at all, only the hint
    assert any("Logg inn som koordinator" in i.value for i in app.info)
    assert any("plain-table" in h.proto.body for h in app.get("html"))  # but sees every target and its origin
    other = open_as("progress", "koord.oslo", kommune="5610")  # another municipality's coordinator: no editor
    assert not other.get("form_submit_button")
    app = open_as("progress", "koord.karasjok", kommune="5610")
    assert not app.get("form_submit_button")[0].proto.disabled
    app.number_input[0].set_value(200.0)  # a share over 100 % is refused, nothing saved
    app.get("form_submit_button")[0].click()
    app.run()
    assert not app.exception
    assert any("mellom 0 og 100" in e.value for e in app.error)
    assert targets.targets_of("municipality", "5610", private) == []
    app.number_input[0].set_value(9.0)
    app.get("form_submit_button")[0].click()
    app.run()
    assert_clean(app)
    assert any("lagret" in toast.value.lower() for toast in app.toast)
    assert [(t.value, t.updated_by) for t in targets.targets_of("municipality", "5610", private)] == [
        (9.0, "koord.karasjok")]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_map_explorer(built_database, lang):
    app = open_page("map_explorer", lang=lang)
    assert_clean(app)
    slider = app.select_slider(key="map_year")
    assert slider.value == max(int(o) for o in slider.options)  # starts at the latest year
    slider.set_value(slider.options[0]).run()
    assert_clean(app)


def test_map_explorer_goal_scores_and_peer_outline(built_database, leaflet_map):
    app = open_page("map_explorer", kommune="5610", measure="goal:11")
    assert_clean(app)
    shown = leaflet_map(app)
    assert shown["highlight"] == "5610"  # the chosen municipality outlined
    assert shown["outlined"] and "5610" not in shown["outlined"]  # and its peers
    assert shown["stamp"].startswith("municipality|goal:11|")


def test_map_explorer_years_skip_years_without_data(built_database):
    app = open_page("map_explorer", measure="turnout_parliament")
    options = [int(o) for o in app.select_slider(key="map_year").options]
    assert options == [2009, 2013, 2017, 2021, 2025]


def test_map_explorer_junk_measure(built_database):
    app = open_page("map_explorer", measure="goal:99")
    assert_clean(app)
    assert any("«goal:99»" in w.value for w in app.warning)


def test_oslo_alone_in_its_kostra_group_is_compared_with_its_nearest_neighbours(built_database):
    app = open_page("compare", kommune="0301", lang="en")
    assert_clean(app)
    assert any("alone in its KOSTRA group" in c.value for c in app.caption)
    reasons = [m.value for m in app.markdown if "closest in" in m.value]
    assert len(reasons) == 10 and all(", but " in r for r in reasons)


def test_open_sections_stay_open_when_the_language_changes(built_database):
    """Streamlit identifies an expander by its title, which changes with the language: an opened section stays open
    (components/lazy_section.py), and a closed one stays closed."""
    app = open_page("progress", kommune="5610")
    app.session_state["progress_open_low_income_eu60"] = True
    app.run()
    app.selectbox(key="lang").select("en").run()
    assert_clean(app)
    assert app.session_state["progress_open_low_income_eu60"] is True
    charts = app.get("echarts_chart")
    assert len(charts) == 1 and charts[0].proto.alt.startswith("Share of persons in low-income")  # in English
    app.session_state["progress_open_low_income_eu60"] = False
    app.run()
    app.selectbox(key="lang").select("nb").run()
    assert app.session_state["progress_open_low_income_eu60"] is False and not app.get("echarts_chart")

    compare = open_page("compare", kommune="5610")
    compare.session_state["compare_trends_open"] = True
    compare.run()
    compare.selectbox(key="lang").select("en").run()
    assert_clean(compare)
    assert "compare_trends" in echart_ids(compare)[-1]
