"""The map explorer's map and nothing else: same data, geometry and chart code as app_pages/map_explorer.py.

The page's default view (/kart without a municipality): low_income_eu60 for municipalities at its latest year, no
highlight or peer outline; no sidebar, measure/level controls, year slider, fragment or caption.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from charts.choropleth import choropleth  # noqa: E402
from components import data  # noqa: E402
from core.i18n import number, t  # noqa: E402

MEASURE, LEVEL, LANG = "low_income_eu60", "municipality", "nb"

st.set_page_config(page_title="Bare explorer", layout="wide")

spec = data.catalogue()[MEASURE]
values = data.observations_all_years(MEASURE, LEVEL)
year = max(int(y) for y in values.year.unique())
names = data.area_names(LEVEL)
unit = spec.short_unit(LANG)
shown = values[values.year == year]
table = pd.DataFrame({
    "code": shown.area_code, "name": shown.area_code.map(names), "value": shown.value,
    "text": [f"{number(v, LANG)} {unit}" for v in shown.value], "year": shown.year, "source": spec.source_label,
})
figure = choropleth(
    data.boundaries(LEVEL), table, names, spec.name(LANG), unit, spec.direction, t("overview.no_data", LANG),
    tiny_points=data.tiny_area_points(LEVEL),
)
st.plotly_chart(figure, width="stretch", key="explorer_map", on_select="rerun", selection_mode="points",
                config={"displaylogo": False})
