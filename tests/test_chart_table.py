"""Every chart's table alternative (issue 13 §6): charts/chart_table.py reads the numbers a figure draws, per chart
type; components/chart_view.py shows them under the chart; no page draws a chart without a table."""

from __future__ import annotations

import ast
import io
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charts.chart_table import chart_table
from charts.choropleth import choropleth
from charts.comparison_charts import ranked_bars, small_multiples
from charts.sdg_radar import sdg_radar
from charts.status_figures import network_numbers_figure, progress_table_figure, status_matrix_figure
from charts.trend_chart import trend_chart
from components.chart_view import readable
from core.i18n import t
from core.trends import ARROWS, Projection
from tests.echarts_specs import echarts, series_named

ROOT = Path(__file__).resolve().parent.parent
GOALS = range(1, 18)
COLOURS = dict.fromkeys(GOALS, "#336699")
LABELS = {g: f"Goal name {g}" for g in GOALS}


def test_radar_lists_every_goal_with_its_score_medians_and_range_and_no_length_for_goals_without_data():
    scores = pd.Series({1: 55.0, 3: 71.5, 17: 12.0})
    median = pd.Series({1: 40.0, 3: 60.0, 5: 33.0})
    ranges = pd.DataFrame({"min": {1: 10.0, 3: 20.0}, "max": {1: 80.0, 3: 20.0}})
    figure = sdg_radar(scores, COLOURS, LABELS, "Oslo", {"Median": median}, "Ingen data",
                       peer_range=("Spenn", ranges))
    table = chart_table(figure, "nb").frame.set_index(t("chart_table.goal", "nb"))
    assert list(table.index) == [f"{g}. {LABELS[g]}" for g in GOALS]  # goal order, named, none twice
    assert table["Oslo"].dropna().to_dict() == {"1. Goal name 1": 55.0, "3. Goal name 3": 71.5,
                                                "17. Goal name 17": 12.0}
    assert table["Median"].dropna().to_dict() == {"1. Goal name 1": 40.0, "3. Goal name 3": 60.0,
                                                  "5. Goal name 5": 33.0}
    # The range as its numbers, not the drawn bar (which has a minimum width where lowest = highest).
    assert table.loc["3. Goal name 3", t("chart_table.lowest", "nb", name="Spenn")] == 20.0
    assert table.loc["3. Goal name 3", t("chart_table.highest", "nb", name="Spenn")] == 20.0
    assert "Ingen data" not in table.columns  # the placeholder's full-length bars are no value
    assert math.isnan(table.loc["2. Goal name 2", "Oslo"])


def test_status_matrix_tiles_become_rows_with_status_and_trend_words():
    words = {colour: f"status {colour}" for colour in ("green", "yellow", "orange", "red", "grey")}
    words |= {trend: f"trend {trend}" for trend in ARROWS}
    trend = next(iter(ARROWS))
    figure = status_matrix_figure(pd.DataFrame({"goal": [4], "colour": ["red"], "trend": [trend]}), [3, 4],
                                  LABELS, COLOURS, words)
    table = chart_table(figure, "en").frame
    assert list(table.columns) == ["Goal", "Name", "Status", "Trend"]
    assert table.values.tolist() == [[3, LABELS[3], "status grey", "trend too_few"],
                                     [4, LABELS[4], "status red", f"trend {trend}"]]


def test_trend_lists_years_series_projection_and_target_with_unit():
    series = pd.DataFrame({"year": [2015, 2018, 2022], "value": [10.0, 11.5, 12.25]})
    national = pd.DataFrame({"year": [2014, 2015, 2022], "value": [9.0, 9.5, 10.0]})
    projection = Projection(slope=0.5, intercept=-997.0, years_used=(2015, 2022))
    figure = trend_chart(series, "Tromsø", {"Nasjonal median": national}, "%", 8.0, "Mål 2030: 8 (katalogen)",
                         projection, "Fremskrevet")
    result = chart_table(figure, "nb")
    table = result.frame.set_index("År")
    assert list(table.index) == ["2014", "2015", "2018", "2022", "2030"]
    assert table["Tromsø"].dropna().tolist() == series.value.tolist()
    assert table["Nasjonal median"].dropna().tolist() == national.value.tolist()
    assert table.loc["2030", "Fremskrevet"] == pytest.approx(projection.at(2030))
    assert result.notes == ("Mål 2030: 8 (katalogen)", t("chart_table.unit", "nb", unit="%"))


def test_ranked_bars_read_top_down_as_drawn_with_the_national_line():
    values = pd.DataFrame({"code": ["a", "b", "c"], "name": ["Alta", "Bodø", "Hamar"], "value": [3.0, 9.5, 6.0]})
    figure = ranked_bars(values, "b", 5.25, "Nasjonalt", "%", "higher")
    result = chart_table(figure, "nb")
    table = result.frame
    assert table[t("chart_table.area", "nb")].tolist() == ["Bodø", "Hamar", "Alta"]  # best at the top
    assert table.iloc[:, 1].tolist() == [9.5, 6.0, 3.0]
    assert result.notes[0] == "Nasjonalt: 5,25"


def test_small_multiples_give_each_panel_its_rows():
    series = {
        "Lavinntekt": (pd.DataFrame({"year": [2020, 2021], "value": [1.0, 2.0]}),
                       pd.DataFrame({"year": [2020, 2021], "value": [1.5, 2.5]})),
        "Valgdeltakelse": (pd.DataFrame({"year": [2021], "value": [77.0]}),
                           pd.DataFrame({"year": [2021], "value": [75.0]})),
    }
    table = chart_table(small_multiples(series, "Bodø", "Median"), "en").frame
    assert list(table.columns) == ["Indicator", "Year", "Bodø", "Median"]
    assert table.values.tolist() == [["Lavinntekt", "2020", 1.0, 1.5], ["Lavinntekt", "2021", 2.0, 2.5],
                                     ["Valgdeltakelse", "2021", 77.0, 75.0]]


def _square(code: str, left: float) -> dict:
    ring = [[left, 60], [left + 1, 60], [left + 1, 61], [left, 60]]
    return {"type": "Feature", "id": code, "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_choropleth_lists_every_area_once_with_its_value_and_areas_without_data_empty():
    names = {"0301": "Oslo", "1103": "Stavanger", "5001": "Trondheim"}
    geojson = {"type": "FeatureCollection", "features": [_square(c, i) for i, c in enumerate(names)]}
    shown = pd.DataFrame({"code": ["0301", "1103"], "name": ["Oslo", "Stavanger"], "value": [10.5, 20.0],
                          "text": ["10,5 %", "20 %"], "year": [2022, 2022], "source": ["SSB", "SSB"]})
    figure = choropleth(geojson, shown, names, "Lavinntekt", "%", "lower", "Ingen data", highlight="0301",
                        outlined=("Nettverket", ["1103", "5001"]), tiny_points={"0301": (10.7, 59.9)})
    result = chart_table(figure, "nb")
    table = result.frame
    assert list(table.columns) == ["Nummer", "Område", "Lavinntekt"]
    assert table.Nummer.tolist() == ["0301", "1103", "5001"]  # outlines and dots add no rows
    assert table.Lavinntekt.tolist()[:2] == [10.5, 20.0] and math.isnan(table.Lavinntekt.iloc[2])
    assert readable(table, "nb").Lavinntekt.tolist() == ["10,5", "20", t("overview.no_data", "nb")]
    assert result.notes == (t("chart_table.unit", "nb", unit="%"),)


def test_progress_table_and_big_numbers_keep_their_cells():
    rows = pd.DataFrame({"indicator": ["Lavinntekt"], "now": ["10 %"], "target": ["8 %"], "progress": ["↗ noe"],
                         "status": ["moderate"]})
    table = chart_table(progress_table_figure(rows, ["Indikator", "Nå", "Mål", "Fremdrift"], "ingen"), "nb").frame
    assert table.values.tolist() == [["Lavinntekt", "10 %", "8 %", "↗ noe"]]
    numbers = chart_table(network_numbers_figure([("Medlemmer", 42, ""), ("Andel", 12.5, " %")]), "en").frame
    assert numbers.values.tolist() == [["Medlemmer", 42], ["Andel", 12.5]]


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.integers(1990, 2030), st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=12))
def test_a_trend_table_holds_exactly_the_values_drawn(points):
    series = pd.DataFrame({"year": list(points), "value": list(points.values())})
    table = chart_table(trend_chart(series, "Area", {}, "", None, "", None, ""), "en").frame
    assert dict(zip(table.Year.astype(int), table.Area, strict=True)) == points


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(list(GOALS)), st.floats(0, 100, allow_nan=False), max_size=17))
def test_a_radar_table_has_seventeen_rows_and_exactly_the_scores_drawn(scores):
    figure = sdg_radar(pd.Series(scores, dtype=float), COLOURS, LABELS, "Area", {}, "No data")
    table = chart_table(figure, "en").frame
    assert len(table) == 17
    drawn = {int(label.split(".")[0]): value for label, value in zip(table.Goal, table.Area, strict=True)
             if not math.isnan(value)}
    assert drawn == scores


# Pages -----------------------------------------------------------------------------------------------------------

# Charts drawn without components.chart_view.chart, each with the table that already shows its numbers beside it.
OWN_TABLES = {
    "app_pages/overview.py": "the map's own 'Vis tabell' toggle and CSV (overview.show_table)",
    "app_pages/assessment.py": "st.dataframe of the same levels under each chart",
    "app_pages/steering.py": "the seats' roster table (start and end of every term) above the timeline",
    "components/u4ssc_view.py": "the groups table under the wheel (result and reported per level)",
    "components/chart_view.py": "the helper itself",
    "app_pages/presentation.py": "chart_view.table_toggle under the slide, beside the chart's PNG (not on the slide)",
}


def _calls(tree: ast.AST, owner: str | None, name: str) -> bool:
    """Whether the module calls owner.name(...) (any owner when None)."""
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == name
               and (owner is None or (isinstance(node.func.value, ast.Name) and node.func.value.id == owner))
               for node in ast.walk(tree))


def test_no_page_draws_a_chart_without_its_table():
    """A plotly or ECharts chart goes through components.chart_view (chart, echart); a Leaflet map comes with
    table_toggle."""
    drawing = set()
    for path in [*ROOT.glob("app_pages/*.py"), *ROOT.glob("components/*.py"), ROOT / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        plotly = _calls(tree, None, "plotly_chart") or _calls(tree, None, "echarts_chart")
        leaflet = _calls(tree, "leaflet_map", "draw") and not any(
            isinstance(node, ast.Name) and node.id == "table_toggle" for node in ast.walk(tree))
        if plotly or leaflet:
            drawing.add(str(path.relative_to(ROOT)))
    assert drawing <= set(OWN_TABLES), sorted(drawing - set(OWN_TABLES))


def _toggle(app, key: str):
    return next(toggle for toggle in app.toggle if toggle.key == key)


def _html_tables(app, lang: str) -> list[pd.DataFrame]:
    """The page's plain tables, numbers read as the language writes them (bokmål: 1 234,5; English: 1,234.5)."""
    decimal, thousands = (",", "\u00a0") if lang == "nb" else (".", ",")
    tables = []
    for element in app.get("html"):
        body = element.proto.body
        if "plain-table" in body:
            tables.append(pd.read_html(io.StringIO(re.sub(r"<style>.*?</style>", "", body)),
                                       thousands=thousands, decimal=decimal,
                                       na_values=[t("overview.no_data", lang) for lang in ("nb", "en")])[0])
    return tables


def test_profile_radar_table_shows_the_scores_the_radar_draws(open_page, built_database):
    app = open_page("profile", kommune="0301", lang="nb")
    _toggle(app, "profile_radar_as_table").set_value(True)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    radar = echarts(app)[0]
    scored = series_named(radar, "Oslo")
    drawn = {int(goal): round(item["value"], 2) for goal, item in zip(radar["angleAxis"]["data"], scored["data"],
                                                                       strict=True) if item is not None}
    table = next(table for table in _html_tables(app, "nb") if "Mål" in table.columns)
    assert len(table) == 17
    shown = {int(label.split(".")[0]): value for label, value in zip(table["Mål"], table["Oslo"], strict=True)
             if not pd.isna(value)}
    assert drawn and shown == pytest.approx(drawn)


@pytest.mark.parametrize("lang, header", [("nb", "Vis som tabell"), ("en", "Show as table")])
def test_every_chart_on_the_compare_page_has_its_toggle(open_page, built_database, lang, header):
    app = open_page("compare", kommune="1804", lang=lang)
    assert not app.exception, [e.value for e in app.exception]
    charts = len(app.get("plotly_chart")) + len(app.get("echarts_chart"))
    toggles = [toggle for toggle in app.toggle if toggle.key.endswith("_as_table")]
    assert charts and len(toggles) == charts
    assert {toggle.label for toggle in toggles} == {header}


def test_map_table_lists_every_municipality_once_with_its_value(open_page, built_database):
    from core import queries

    app = open_page("map_explorer", lang="en", measure="low_income_eu60", year="2022")
    _toggle(app, "explorer_map_as_table").set_value(True)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    table = next(table for table in _html_tables(app, "en") if "Code" in table.columns)
    codes = table.Code.astype(str).str.zfill(4)
    municipalities = queries.municipalities(built_database)
    assert len(table) == codes.nunique() == len(municipalities)
    stored = queries.observations("low_income_eu60", "municipality", 2022, url=built_database)
    shown = dict(zip(codes, table.iloc[:, 2], strict=True))
    expected = dict(zip(stored.area_code, stored.value.round(2), strict=True))
    assert expected and {code: shown[code] for code in expected} == pytest.approx(expected)
    assert all(pd.isna(value) for code, value in shown.items() if code not in expected)  # "No data", not 0
