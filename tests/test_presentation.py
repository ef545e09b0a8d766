"""The presentation page in AppTest: both languages, stepping, the slide in the URL, junk links, choices, the goals
reaching every chart, the buttons' words and the deck."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from reports import slides

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGE = "app_pages/presentation.py"


def open_presentation(**params) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=90)
    app.query_params.update(params)
    app.run()
    return app.switch_page(PAGE).run()


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def title(app: AppTest) -> str:
    return app.title[0].value


def position(app: AppTest) -> str:
    return next(m.value for m in app.markdown if "**" in m.value)


def test_steps_forward_and_back_in_bokmal(built_database):
    app = open_presentation(kommuner="5610", slides="profile,peers,numbers")
    assert_clean(app)
    assert title(app) == "Kárášjohka - Karasjok: status for bærekraftsmålene"
    assert position(app) == "**Lysbilde 1 av 3**"
    assert app.button(key="slide_previous").disabled
    app.button(key="slide_next").click().run()
    assert title(app) == "Kárášjohka - Karasjok sammenlignet med de 10 mest like kommunene"
    assert app.query_params["slide"] == "2"
    app.button(key="slide_next").click().run()
    assert title(app) == "Bærekraftsnettverket i tall"
    assert app.button(key="slide_next").disabled
    app.button(key="slide_previous").click().run()
    assert_clean(app)
    assert title(app) == "Kárášjohka - Karasjok sammenlignet med de 10 mest like kommunene"
    assert len(app.get("plotly_chart")) == 2  # the radar and the ranked bars


def test_slide_from_link_in_english(built_database):
    app = open_presentation(kommuner="0301", lang="en", slide="4", goals="1,16")
    assert_clean(app)
    assert title(app) == "Oslo: progress toward 2030"
    assert position(app) == "**Slide 4 of 5**"
    assert any(m.value == "Goals 1, 16" for m in app.markdown)
    assert any(c.value.startswith("Source: SSB") for c in app.caption)


def test_junk_link_parameters_warn_and_are_dropped(built_database):
    app = open_presentation(kommuner="0301,9999", goals="1,99", slides="profile,bogus", slide="42")
    assert_clean(app)
    warnings = " ".join(w.value for w in app.warning)
    assert "9999" in warnings and "99" in warnings and "bogus" in warnings and "42" in warnings
    assert title(app) == "Oslo: status for bærekraftsmålene"
    assert app.query_params["kommuner"] == "0301" and app.query_params["goals"] == "1"
    assert "slide" not in app.query_params  # the first slide is the default, left out of the link


def test_choosing_municipalities_and_goals(built_database):
    app = open_presentation(slides="profile")
    assert_clean(app)
    assert any("Velg minst én kommune" in i.value for i in app.info)
    app.multiselect(key="presentation_codes").set_value(["1508", "5610"]).run()
    app.multiselect(key="presentation_goals").set_value(["4", "9"]).run()
    assert_clean(app)
    assert title(app) == "Ålesund: status for bærekraftsmålene"
    assert app.query_params["kommuner"] == "1508,5610" and app.query_params["goals"] == "4,9"
    assert position(app) == "**Lysbilde 1 av 2**"
    app.button(key="slide_next").click().run()
    assert title(app) == "Kárášjohka - Karasjok: status for bærekraftsmålene"


def test_language_switch_on_the_page(built_database):
    app = open_presentation(slides="numbers")
    assert title(app) == "Bærekraftsnettverket i tall"
    app.radio(key="presentation_lang").set_value("en").run()
    assert_clean(app)
    assert title(app) == "The sustainability network in numbers"
    assert app.query_params["lang"] == "en"


def test_sidebar_municipality_is_the_default_choice(built_database):
    app = open_presentation(kommune="1144", slides="profile")
    assert_clean(app)
    assert title(app) == "Kvitsøy: status for bærekraftsmålene"


def specs(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def values(array) -> list[float]:
    """A plotly array as numbers: plotly sends numeric arrays as base64 typed arrays ({dtype, bdata})."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def spokes(radar: dict) -> set[str]:
    """Every goal a radar draws anything at: its wheel's categories and each trace's positions."""
    drawn = set(radar["layout"]["polar"]["angularaxis"]["categoryarray"])
    for trace in radar["data"]:
        drawn |= set(trace.get("theta", []))
    return drawn


def test_chosen_goals_filter_every_chart_radar_included(built_database):
    app = open_presentation(kommuner="0301", slides="profile,peers", goals="4,13")
    assert_clean(app)
    radar, matrix = specs(app)
    assert spokes(radar) == {"4", "13"}
    assert [row[0] for row in matrix["layout"]["meta"]["rows"]] == [4, 13]  # the matrix's tiles
    app.button(key="slide_next").click().run()
    assert_clean(app)
    radar, bars = specs(app)
    assert spokes(radar) == {"4", "13"}
    data = slides.load_slide_data()
    chosen = slides.mean_goal_scores(data.book, [4, 13]).set_index("code").value
    names = dict(zip(data.municipalities.code, data.municipalities.name, strict=True))
    drawn = dict(zip(bars["data"][0]["y"], values(bars["data"][0]["x"]), strict=True))
    assert drawn == pytest.approx({names[code]: chosen[code] for code in chosen.index if names[code] in drawn})
    assert len(drawn) > 1  # Oslo and its neighbours


def test_buttons_say_previous_and_next_with_one_arrow_each(built_database):
    for lang, words in (("nb", ("Forrige", "Neste")), ("en", ("Previous", "Next"))):
        app = open_presentation(kommuner="0301", slides="profile,numbers", lang=lang)
        previous, following = app.button(key="slide_previous"), app.button(key="slide_next")
        assert (previous.label, following.label) == words
        # The icon is the one arrow: no shortcut hint (Streamlit writes the key beside the label) and no arrow
        # in the words.
        for button in (previous, following):
            assert button.proto.icon and not button.proto.shortcut
            assert not set(button.label) & set("←→")


def test_deck_is_made_with_progress_and_downloads_under_the_interface_language(built_database):
    app = open_presentation(slides="numbers", lang="en")
    assert not app.get("download_button") or all(b.proto.label != "Download PowerPoint"
                                                 for b in app.get("download_button"))
    app.button(key="presentation_deck_make").click().run()
    assert_clean(app)
    deck = [b for b in app.get("download_button") if b.proto.label == "Download PowerPoint"]
    assert len(deck) == 1 and deck[0].proto.url  # the deck made in that run, served at once
    made_for, made = app.session_state["presentation_deck_made"]
    assert made[:2] == b"PK" and made_for[2] == "en"  # a .pptx is a zip file
