"""Pages in Streamlit's AppTest, in both languages, with good and junk links."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import big_number
from core import queries
from core.catalogue import load_catalogue
from core.ssb.tables import load_tables


def ssb_fed_indicators() -> set[str]:
    """Indicators only the SSB connector fills (empty in a freshly built database)."""
    return {i for table in load_tables().values() for i in table.indicator_ids}

TIMEOUT = 60
APP = Path(__file__).resolve().parent.parent / "app.py"


def open_app(**params) -> AppTest:
    """The overview. AppTest opens the default page (the landing page) first, and a link's messages are said on the
    first page drawn: app.link_warnings keeps those of both runs."""
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.query_params.update(params)
    link_warnings = [w.value for w in app.run().warning]
    app.switch_page("app_pages/overview.py").run()
    app.link_warnings = link_warnings + [w.value for w in app.warning]
    return app


def big_numbers(app: AppTest) -> list[tuple[str, str]]:
    return big_number.shown([h.proto.body for h in app.get("html")])


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


@pytest.mark.parametrize("lang, title, national", [("nb", "Oversikt", "Norge"), ("en", "Overview", "Norway")])
def test_overview_in_each_language(built_database, lang, title, national, leaflet_map):
    app = open_app(lang=lang)
    assert_clean(app)
    assert app.title[0].value == title
    assert big_numbers(app)[0][0] == national
    shown = leaflet_map(app)
    assert shown["level"] == "municipality" and len(shown["tips"]) == len(queries.municipalities())


def test_map_draws_every_municipality_with_no_data_in_grey(built_database, leaflet_map):
    app = open_app(indicator="shoreline_available", year="2024")
    assert_clean(app)
    shown = leaflet_map(app)
    assert set(shown["tips"]) == set(queries.municipalities().code)  # every one has a hover text
    with_data = queries.observations("shoreline_available", "municipality", 2024).dropna(subset=["value"])
    # Coastal municipalities only get a colour; the rest are drawn grey as "no data" (shown["no_data"]), not as 0.
    assert set(shown["colours"]) == set(with_data.area_code)
    without = next(code for code in shown["tips"] if code not in shown["colours"])
    assert shown["tips"][without][1] == "Ingen data"


def test_county_level_and_selected_municipality(built_database):
    app = open_app(level="county", indicator="population", year="2024")
    assert_clean(app)
    app = open_app(kommune="0301", indicator="population", year="2024")
    assert [label for label, _ in big_numbers(app)] == ["Norge", "Oslo"]
    assert big_numbers(app)[1][1].startswith("717")


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"foo": "bar"}, "Ukjent parameter «foo»"),
        ({"kommune": "9999"}, "Fant ingen kommune med nummer «9999»"),
        ({"kommune": "<script>"}, "Fant ingen kommune"),
        ({"year": "abc"}, "Ugyldig verdi «abc» for «year»"),
        ({"year": "1700"}, "Ugyldig verdi «1700»"),
        ({"indicator": "drop table"}, "Ugyldig verdi «drop table» for «indicator»"),
        ({"level": "planet"}, "Ugyldig verdi «planet»"),
        ({"lang": "xx"}, "Ugyldig verdi «xx» for «lang»"),
    ],
)
def test_junk_links_give_a_clear_message_and_a_working_page(built_database, params, expected, leaflet_map):
    app = open_app(**params)
    assert_clean(app)
    assert any(expected in w for w in app.link_warnings), app.link_warnings
    assert leaflet_map(app)["tips"]


def test_junk_link_message_in_english(built_database):
    app = open_app(lang="en", kommune="0000")
    assert any("No municipality has the number “0000”" in w for w in app.link_warnings)


def test_choices_are_written_back_to_the_link(built_database):
    app = open_app()
    app.selectbox(key="indicator").select("population").run()
    app.selectbox(key="year").select(2015).run()
    app.selectbox(key="kommune").select("5610").run()
    assert_clean(app)
    assert app.query_params["indicator"] == ["population"] or app.query_params["indicator"] == "population"
    assert str(app.query_params["year"]).strip("[]'") == "2015"
    assert "5610" in str(app.query_params["kommune"])


def test_a_year_without_data_for_a_new_indicator_falls_back_to_its_latest(built_database):
    app = open_app(indicator="population", year="1990")
    app.selectbox(key="indicator").select("turnout_parliament").run()
    assert_clean(app)
    assert app.selectbox(key="year").value == 2025


@pytest.mark.parametrize("indicator_id", list(load_catalogue()))
@pytest.mark.slow  # every indicator of the catalogue, one page run each
def test_every_indicator_renders(built_database, indicator_id, leaflet_map):
    app = open_app(indicator=indicator_id, lang="en")
    assert_clean(app)
    if indicator_id in ssb_fed_indicators():  # no values before the first SSB refresh: not offered, with a warning
        assert indicator_id not in app.selectbox(key="indicator").options
        assert app.warning
    else:
        assert app.selectbox(key="indicator").value == indicator_id
        assert leaflet_map(app)["tips"]


def test_table_alternative_and_download(built_database):
    app = open_app(indicator="population", year="2024")
    assert not app.dataframe  # built only when asked for
    app.toggle(key="show_table").set_value(True).run()
    assert_clean(app)
    table = app.dataframe[0].value
    assert len(table) == len(queries.municipalities()) and list(table.columns)[:3] == ["Nummer", "Navn", "Verdi"]
    assert table.iloc[0]["Navn"] == "Oslo"  # sorted, largest first
    assert app.get("download_button")


def test_network_members_are_outlined_on_request(built_database, leaflet_map):
    app = open_app()
    app.toggle(key="show_members").set_value(True).run()
    assert_clean(app)
    assert {"3203", "5001", "1508"} <= set(leaflet_map(app)["outlined"])  # founding members
