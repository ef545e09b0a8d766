"""The overview's map and nothing else: same data, geometry and chart code, no sidebar, controls or table."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from charts.choropleth import choropleth  # noqa: E402
from core import queries  # noqa: E402
from core.catalogue import load_catalogue  # noqa: E402
from core.geometry import boundaries, tiny_area_points  # noqa: E402
from core.i18n import number  # noqa: E402

INDICATOR, LEVEL, YEAR, LANG = "low_income_eu60", "municipality", 2022, "nb"

st.set_page_config(page_title="Bare map", layout="wide")


@st.cache_resource(show_spinner=False)
def geometry(level: str) -> dict:
    return boundaries(level)


@st.cache_resource(show_spinner=False)
def tiny_points(level: str) -> dict:
    return tiny_area_points(geometry(level))


@st.cache_data(show_spinner=False)
def names(level: str) -> dict[str, str]:
    return dict(queries.area_names(level).itertuples(index=False, name=None))


@st.cache_data(show_spinner=False)
def observations(indicator_id: str, level: str, year: int) -> pd.DataFrame:
    return queries.observations(indicator_id, level, year)


spec = load_catalogue()[INDICATOR]
area_names = names(LEVEL)
values = observations(INDICATOR, LEVEL, YEAR)
table = pd.DataFrame(
    {
        "code": values.area_code,
        "name": values.area_code.map(area_names),
        "value": values.value,
        "text": [f"{number(v, LANG)} {spec.short_unit(LANG)}" for v in values.value],
        "year": values.year,
        "source": spec.source_label,
    }
)
figure = choropleth(
    geometry(LEVEL), table, area_names, spec.name(LANG), spec.unit(LANG), spec.direction, "Ingen data",
    tiny_points=tiny_points(LEVEL),
)
st.plotly_chart(figure, width="stretch", key="overview_map", config={"displaylogo": False})
