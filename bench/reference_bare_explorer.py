"""The map explorer's map and nothing else: same data, geometry and map code as app_pages/map_explorer.py (Leaflet,
components/leaflet_map.py) with its legend.

The page's default view (/kart without a municipality): low_income_eu60 for municipalities at its latest year, no
highlight or peer outline; no sidebar, measure/level controls, year slider, fragment, table toggle or caption.
Served from bench/, whose static/ is a link to the project's static/ (see reference_bare_map.py).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from components import data, leaflet_map  # noqa: E402
from core.i18n import number  # noqa: E402
from core.status import indicator_colour  # noqa: E402

MEASURE, LEVEL, LANG = "low_income_eu60", "municipality", "nb"

st.set_page_config(page_title="Bare explorer", layout="wide")
leaflet_map.warm_up()

spec = data.catalogue()[MEASURE]
values = data.observations_all_years(MEASURE, LEVEL)
year = max(int(y) for y in values.year.unique())
names = data.area_names(LEVEL)
unit = spec.short_unit(LANG)
shown = values[values.year == year]
table = pd.DataFrame({
    "code": shown.area_code, "name": shown.area_code.map(names), "value": shown.value,
    "text": [f"{number(v, LANG)} {unit}" for v in shown.value], "year": shown.year,
})
leaflet_map.draw(
    leaflet_map.map_values(table, names, LEVEL, f"{LEVEL}|{MEASURE}|{year}", spec.name(LANG), spec.direction, LANG,
                           status_of=lambda value: indicator_colour(value, spec)),
    key="explorer_map",
)
leaflet_map.legend(spec.direction, spec.name(LANG), LANG)
