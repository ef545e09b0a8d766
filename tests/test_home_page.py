"""The landing page (app_pages/home.py) in AppTest: the default page, in bokmål and English, for the country and for a
municipality in the link, its own search box, and a bad municipality code in the link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import landing, profile, queries, status
from core.i18n import number, t
from core.markup import plain
from reports import slides

APP = Path(__file__).resolve().parent.parent / "app.py"
TIMEOUT = 90
TILE = re.compile(r'class="goal-tile( no-data)?" data-goal="(\d+)" data-status="(\w+)"')


def open_app(**params) -> AppTest:
    """The app as a link opens it: no page in the path, so the default page."""
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.query_params.update(params)
    return app.run()


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def tiles(app: AppTest) -> list[tuple[int, bool, str]]:
    """(goal, has data, status) of each tile drawn, from the tiles' HTML."""
    markup = " ".join(element.proto.body for element in app.get("html"))
    return [(int(goal), not grey, colour) for grey, goal, colour in TILE.findall(markup)]


def tiles_text(app: AppTest) -> str:
    return " ".join(element.proto.body for element in app.get("html"))




def page_links(app: AppTest) -> list:
    return [element.proto for element in app.get("page_link")]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_default_page_shows_the_countrys_goals_and_the_members(slide_data, lang, leaflet_map):
    app = open_app(lang=lang)
    assert_clean(app)
    assert [title.value for title in app.title] == [t("home.title", lang)]
    assert t("home.lead", lang) in [m.value for m in app.markdown]
    assert t("home.national_heading", lang) in [h.value for h in app.subheader]

    covered = landing.coverage(landing.national_tiles(slide_data.book, slide_data.catalogue))
    assert 0 < covered.with_data < 17
    headline = t("profile.goals_with_data", lang, goals=covered.with_data, total=17)
    assert any(headline in m.value for m in app.markdown)
    drawn = tiles(app)
    assert [goal for goal, _, _ in drawn] == list(range(1, 18))
    assert sum(has_data for _, has_data, _ in drawn) == covered.with_data
    assert all(colour == "grey" for _, has_data, colour in drawn if not has_data)
    assert tiles_text(app).count(t("home.no_data", lang)) == 17 - covered.with_data
    assert "index" not in " ".join(m.value.lower() for m in app.markdown)  # no overall index on half the goals

    shown = leaflet_map(app)
    member_line = t("home.map.member", lang)
    assert sorted(code for code, tip in shown["tips"].items() if tip[1] == member_line) \
        == sorted(slide_data.member_municipalities)
    assert len(shown["tips"]) == len(queries.municipalities()) and shown["highlight"] is None
    assert len(set(shown["colours"].values())) >= 2  # members stand out from the rest
    legend = " ".join(h.proto.body for h in app.get("html"))
    assert t("home.map.member", lang) in legend and t("home.map.other", lang) in legend
    assert not page_links(app)  # no profile to link to before a municipality is chosen

    # what decides each colour, in the catalogue's words (absolute target or quarter), readable without hovering
    (reasons,) = [e for e in app.expander if e.label == t("home.colour_reasons", lang)]
    shown = " ".join(m.value for m in reasons.markdown)
    for tile in landing.national_tiles(slide_data.book, slide_data.catalogue):
        for indicator_id, colour in tile.deciding:
            spec = slide_data.catalogue[indicator_id]
            assert plain(f"{spec.name(lang)}: {status.colour_meaning(spec, colour, lang)}") in shown


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_municipality_in_the_link_is_shown_against_its_peers(slide_data, lang, leaflet_map):
    app = open_app(lang=lang, kommune="5501")
    assert_clean(app)
    area = slides.area_profile(slide_data, "5501")
    assert t("home.municipality_heading", lang, name=area.name) in [h.value for h in app.subheader]
    assert profile.peers_text(area, lang) in [c.value for c in app.caption]
    headline = t("profile.goals_with_data", lang, goals=area.coverage.goals, total=area.coverage.goals_total)
    assert any(headline in m.value for m in app.markdown)
    drawn = tiles(app)
    assert [(goal, colour) for goal, _, colour in drawn] == list(zip(area.goals.goal, area.goals.colour, strict=True))
    text = tiles_text(app)
    compared = [g for g in area.goals.goal[area.goals.indicators > 0] if area.peer_goal_medians.notna()[g]]
    assert compared
    for goal in compared:
        median = t("home.score_against_median", lang, score=number(area.goal_scores[goal], lang, 0),
                   median=number(area.peer_goal_medians[goal], lang, 0))
        assert median in text
    (link,) = page_links(app)
    assert (link.page, link.query_string) == ("kommuneprofil", "kommune=5501") and area.name in link.label
    assert leaflet_map(app)["highlight"] == "5501"


def test_a_bad_municipality_code_says_so_and_shows_the_country():
    app = open_app(kommune="9999")
    assert_clean(app)
    assert any("9999" in w.value for w in app.warning)
    assert t("home.national_heading", "nb") in [h.value for h in app.subheader]
    assert len(tiles(app)) == 17
    assert "kommune" not in app.query_params


def test_the_search_box_on_the_page_chooses_for_every_page():
    app = open_app()
    app.text_input(key="home_search").input("Tromso").run()  # one hit: chosen at once
    assert_clean(app)
    assert app.session_state["kommune"] == "5501" and app.selectbox(key="kommune").value == "5501"
    assert "5501" in str(app.query_params["kommune"])
    assert t("home.municipality_heading", "nb", name="Tromsø") in [h.value for h in app.subheader]

    app.text_input(key="home_search").input("Bo").run()  # several: offered as buttons
    offered = [b for b in app.button if (b.key or "").startswith("home_hit_")]
    assert len(offered) > 1 and "home_hit_1804" in [b.key for b in offered]
    app.button(key="home_hit_1804").click().run()
    assert app.session_state["kommune"] == "1804"
    assert t("home.municipality_heading", "nb", name="Bodø") in [h.value for h in app.subheader]

    app.text_input(key="home_search").input("xyzzy").run()
    assert any(t("search.no_results", "nb") in c.value for c in app.caption)
    app.button(key="home_whole_country").click().run()
    assert_clean(app)
    assert app.session_state["kommune"] is None
    assert t("home.national_heading", "nb") in [h.value for h in app.subheader]


def test_the_members_map_has_its_table(slide_data):
    app = open_app(lang="en")
    next(toggle for toggle in app.toggle if toggle.key == "members_map_as_table").set_value(True).run()
    assert_clean(app)
    table = next(element.proto.body for element in app.get("html") if "plain-table" in element.proto.body)
    names = dict(zip(slide_data.municipalities.code, slide_data.municipalities.name, strict=True))
    members = slide_data.member_municipalities
    assert members and all(f">{code}<" in table for code in members)
    assert all(names[code] in table for code in members)
    assert table.count(t("home.map.member", "en")) == len(members)
    assert table.count(t("home.map.county_member_plain", "en")) == len(slide_data.member_counties)
