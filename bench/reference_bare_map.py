"""The overview's map and nothing else: same data, geometry and map code as app_pages/overview.py (Leaflet,
components/leaflet_map.py) with its legend, for the page's default view (its default indicator at its latest year,
municipalities); no sidebar, controls, big numbers, captions or table.

Served from bench/, whose static/ is a link to the project's static/ (Leaflet, the map script, the geometry files):
Streamlit serves the static folder next to the main script.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from components import data, leaflet_map  # noqa: E402
from core.i18n import number  # noqa: E402
from core.status import indicator_colour  # noqa: E402

DEFAULT_INDICATOR, LEVEL, LANG = "low_income_eu60", "municipality", "nb"  # app_pages/overview.py's default

st.set_page_config(page_title="Bare map", layout="wide")
leaflet_map.warm_up()

spec = data.catalogue()[DEFAULT_INDICATOR]
year = data.years_with_data(DEFAULT_INDICATOR, LEVEL)[-1]
names = data.area_names(LEVEL)
values = data.observations(DEFAULT_INDICATOR, LEVEL, year)
table = pd.DataFrame({
    "code": values.area_code, "name": values.area_code.map(names), "value": values.value,
    "text": [f"{number(v, LANG)} {spec.short_unit(LANG)}" for v in values.value], "year": values.year,
})
leaflet_map.draw(
    leaflet_map.map_values(table, names, LEVEL, f"{LEVEL}|{DEFAULT_INDICATOR}|{year}", spec.name(LANG),
                           spec.direction, LANG, status_of=lambda value: indicator_colour(value, spec)),
    key="overview_map",
)
leaflet_map.legend(spec.direction, spec.name(LANG), LANG)
