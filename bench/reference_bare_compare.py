"""The compare page's charts and nothing else: same data and chart code as app_pages/compare.py.

Kárášjohka - Karasjok (5610) against its KOSTRA group (the page's default peer set): the SDG radar with the peers'
median and range, the ranked bars of the page's default indicator, and the expander whose small multiples of trends
are drawn when it is opened (as on the page); no sidebar, peer chooser, indicator selectbox, table, downloads or
text. The section titles are drawn in the charts on both; every chart with ECharts, as on the page.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from charts.comparison_charts import ranked_bars_option, small_multiples_option  # noqa: E402
from charts.sdg_radar import sdg_radar_option  # noqa: E402
from components import data  # noqa: E402
from core import comparison, peers, profile  # noqa: E402
from core.i18n import t  # noqa: E402

CODE, LANG = "5610", "nb"

st.set_page_config(page_title="Bare compare", layout="wide")

catalogue = data.catalogue()
book = data.score_book()
municipalities = data.municipalities()
names = dict(zip(municipalities.code, municipalities.name, strict=True))
goals = data.sdg_goals()
goal_names = dict(zip(goals.number, goals.short_nb if LANG == "nb" else goals.short_en, strict=True))
sdg_colours = dict(zip(goals.number, goals.colour, strict=True))
observations = data.all_observations()
latest = data.latest_by_area()
peer_codes = peers.kostra_peers(CODE, municipalities)

ranges = comparison.goal_ranges(book, peer_codes)
radar = sdg_radar_option(
    profile.goal_scores(book, "municipality", CODE), sdg_colours, goal_names, names[CODE],
    {t("compare.peer_median", LANG): ranges["median"]}, t("overview.no_data", LANG),
    peer_range=(t("compare.peer_range", LANG), ranges), title=t("compare.radar", LANG),
)
st.echarts_chart(radar, key="compare_radar", height=596, renderer="svg")

with_values = comparison.indicators_with_values(latest, [CODE, *peer_codes])
with_data = [i for i in catalogue if i in with_values]
indicator_id = "low_income_eu60" if "low_income_eu60" in with_data else with_data[0]
spec = catalogue[indicator_id]
values = comparison.latest_values(latest, indicator_id, [CODE, *peer_codes])
values["name"] = values.code.map(names)
national = observations[(observations.area_level == "country") & (observations.indicator_id == indicator_id)]
national_value = float(national.sort_values("year").value.iloc[-1]) if not national.empty else None
ranked, height = ranked_bars_option(values, CODE, national_value, t("column.national", LANG), spec.short_unit(LANG),
                                    spec.direction, LANG, title=f"{t('compare.ranked', LANG)}: {spec.name(LANG)}")
st.echarts_chart(ranked, key="compare_ranked", height=height, renderer="svg")


@st.fragment
def trends_section() -> None:
    section = st.expander(t("compare.trends", LANG), key="compare_trends_open", on_change="rerun",
                          icon=":material/show_chart:")
    if section.open:
        series = comparison.trend_series(observations, catalogue, CODE, peer_codes, LANG)
        trends, height = small_multiples_option(series, names[CODE], t("compare.peer_median", LANG), LANG)
        section.echarts_chart(trends, key="compare_trends", height=height, renderer="svg")


trends_section()
