"""Compare, progress and map explorer pages in AppTest, in both languages, with good and junk links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_page(page: str, **params) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params.update(params)
    app.run()
    return app.switch_page(f"app_pages/{page}.py").run()


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def chart(app: AppTest, index: int = 0) -> dict:
    return json.loads(app.get("plotly_chart")[index].proto.spec)


@pytest.mark.parametrize("lang, median", [("nb", "Median sammenligningsgruppe"), ("en", "Comparison group median")])
def test_compare_with_the_kostra_group(built_database, lang, median):
    app = open_page("compare", kommune="5610", lang=lang)
    assert_clean(app)
    radar = chart(app)
    assert median in [trace["name"] for trace in radar["data"]]
    ranked = chart(app, 1)["data"][0]
    assert "Kárášjohka - Karasjok" in ranked["y"]
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


def test_own_list_from_a_link_and_saving_it(built_database):
    app = open_page("compare", kommune="3101", peers="custom", codes="0301,9999,5001")
    assert_clean(app)
    assert any("9999" in w.value for w in app.warning)
    assert app.multiselect(key="custom_codes").value == ["0301", "5001"]
    app.text_input[0].input("Byer i test")
    app.get("form_submit_button")[0].click()
    app.run()
    assert_clean(app)
    assert "Lagret «Byer i test» med 2 kommuner" in app.success[0].value
    from core import peer_sets

    saved = [s for s in peer_sets.saved() if s.name == "Byer i test"]
    assert saved and saved[0].codes == "0301;5001"
    peer_sets.delete(saved[0].id)  # leave the shared database as it was


def test_saving_a_set_without_a_name_is_refused(built_database):
    app = open_page("compare", kommune="3101", peers="custom", codes="0301")
    app.get("form_submit_button")[0].click()
    app.run()
    assert not app.exception
    assert "Gi settet et navn" in app.error[0].value


def test_oslo_has_no_kostra_peers_and_says_so(built_database):
    app = open_page("compare", kommune="0301")
    assert_clean(app)
    assert "Ingen kommuner å sammenligne med" in app.info[0].value


@pytest.mark.parametrize("params, expected", [({"kommune": "0301", "peers": "friends"}, "«friends»"),
                                              ({"kommune": "0301", "peers": "nearest", "k": "500"}, "«500»"),
                                              ({"kommune": "0301", "peers": "saved", "set": "abc"}, "«abc»")])
def test_junk_compare_links(built_database, params, expected):
    app = open_page("compare", **params)
    assert_clean(app)
    assert any(expected in w.value for w in app.warning), [w.value for w in app.warning]


@pytest.mark.parametrize("lang, title", [("nb", "Mot 2030"), ("en", "Progress to 2030")])
def test_progress_page(built_database, lang, title):
    app = open_page("progress", kommune="5610", lang=lang)
    assert_clean(app)
    assert app.title[0].value == title
    summary = next(m.value for m in app.markdown if "✓" in m.value)  # one line counting each progress status
    assert summary.count("**") == 2 * 7
    assert app.get("plotly_chart")  # a chart per indicator with a target


def test_progress_page_target_editing_needs_the_coordinator(built_database):
    from core.auth import Identity

    app = open_page("progress", kommune="5610")
    assert not app.get("form_submit_button")  # a viewer gets no editor at all, only the hint
    assert any("Logg inn som koordinator" in i.value for i in app.info)
    assert any("plain-table" in h.proto.body for h in app.get("html"))  # but sees every target and its origin
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["kommune"] = "5610"
    app.session_state["identity"] = Identity("karasjok", "Karasjok", "coordinator", "municipality", "5610")
    app.run()
    app.switch_page("app_pages/progress.py").run()
    assert not app.get("form_submit_button")[0].proto.disabled
    app.number_input[0].set_value(200.0)  # a share over 100 % is refused, nothing saved
    app.get("form_submit_button")[0].click()
    app.run()
    assert not app.exception
    assert any("mellom 0 og 100" in e.value for e in app.error)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_map_explorer(built_database, lang):
    app = open_page("map_explorer", lang=lang)
    assert_clean(app)
    slider = app.select_slider(key="map_year")
    assert slider.value == max(int(o) for o in slider.options)  # starts at the latest year
    slider.set_value(slider.options[0]).run()
    assert_clean(app)


def test_map_explorer_goal_scores_and_peer_outline(built_database):
    app = open_page("map_explorer", kommune="5610", measure="goal:11")
    assert_clean(app)
    names = [trace.get("name") for trace in chart(app)["data"]]
    assert "Kárášjohka - Karasjok" in names  # the chosen municipality outlined
    assert len(names) >= 4  # no data, values, peers, the municipality


def test_map_explorer_years_skip_years_without_data(built_database):
    app = open_page("map_explorer", measure="turnout_parliament")
    options = [int(o) for o in app.select_slider(key="map_year").options]
    assert options == [2009, 2013, 2017, 2021, 2025]


def test_map_explorer_junk_measure(built_database):
    app = open_page("map_explorer", measure="goal:99")
    assert_clean(app)
    assert any("«goal:99»" in w.value for w in app.warning)
