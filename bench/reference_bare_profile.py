"""The profile's two charts and nothing else: same data and chart code (ECharts) as app_pages/profile.py for one
municipality.

The SDG radar (with the KOSTRA-group and national medians) and the trend chart of the default trend indicator
(with its comparisons, target and projection), laid out as on the page; no sidebar, metrics, matrix or text.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from charts.sdg_radar import sdg_radar_option  # noqa: E402
from charts.trend_chart import projection_label, trend_option  # noqa: E402
from core import profile, queries  # noqa: E402
from core.catalogue import load_catalogue  # noqa: E402
from core.i18n import number, t  # noqa: E402
from core.scores import ScoreBook, compute  # noqa: E402
from core.trends import linear_projection  # noqa: E402

CODE, LEVEL, LANG = "0301", "municipality", "nb"

st.set_page_config(page_title="Bare profile", layout="wide")


@st.cache_resource(show_spinner=False)
def all_observations() -> pd.DataFrame:
    return queries.all_observations()


@st.cache_resource(show_spinner=False)
def score_book() -> ScoreBook:
    return compute(all_observations(), load_catalogue())


@st.cache_data(show_spinner=False)
def municipalities() -> pd.DataFrame:
    return queries.municipalities()


@st.cache_data(show_spinner=False)
def sdg_goals() -> pd.DataFrame:
    return queries.sdg_goals()


catalogue = load_catalogue()
book = score_book()
observations = all_observations()
towns = municipalities()
goals = sdg_goals()
goal_names = dict(zip(goals.number, goals.short_nb if LANG == "nb" else goals.short_en, strict=True))
sdg_colours = dict(zip(goals.number, goals.colour, strict=True))
name = dict(zip(towns.code, towns.name, strict=True))[CODE]
level_rows = observations[observations.area_level == LEVEL]
indicator_rows = book.indicators[(book.indicators.area_level == LEVEL) & (book.indicators.area_code == CODE)]

# The radar, as the page draws it for a municipality.
group = towns.loc[towns.code == CODE, "kostra_group_code"].iloc[0]
peers = towns.code[towns.kostra_group_code == group]
overlays = {
    t("profile.median_kostra", LANG): profile.median_goal_scores(book, peers),
    t("profile.median_national", LANG): profile.median_goal_scores(book, towns.code),
}
radar = sdg_radar_option(profile.goal_scores(book, LEVEL, CODE), sdg_colours, goal_names, name, overlays,
                         t("overview.no_data", LANG))
radar_column, _ = st.columns([1, 1])
with radar_column:
    st.echarts_chart(radar, key="profile_radar", height=520, renderer="svg")

# The trend chart of the indicator the page opens with (the first directed indicator this area has data for).
available = [i for i in catalogue if i in set(level_rows[level_rows.area_code == CODE].indicator_id)]
indicator_id = next((i for i in available if catalogue[i].direction), available[0])
spec = catalogue[indicator_id]
series = level_rows[(level_rows.area_code == CODE) & (level_rows.indicator_id == indicator_id)].sort_values("year")
national = observations[(observations.area_level == "country") & (observations.indicator_id == indicator_id)]
comparisons = {
    t("profile.median_kostra", LANG): profile.median_series(observations, indicator_id, peers),
    t("profile.national", LANG): national[["year", "value"]].sort_values("year"),
}
status_row = indicator_rows[indicator_rows.indicator_id == indicator_id]
target = status_row.target.iloc[0] if not status_row.empty else spec.target_2030.value
projection = linear_projection(series.year, series.value) if spec.direction else None
trend = trend_option(series, name, comparisons, spec.short_unit(LANG), target,
                     t("profile.target", LANG, value=number(target, LANG)) if target is not None else "",
                     projection, projection_label(projection, LANG), LANG)
st.echarts_chart(trend, key="profile_trend", height=420, renderer="svg")
