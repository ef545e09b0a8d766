"""What the progress page draws when it opens, and nothing else: same data and code as app_pages/progress.py.

For Kárášjohka - Karasjok (5610): the per-goal summary table, then one expander per indicator with a target, with
the page's title. As on the page, an expander's trend chart is drawn only when it is opened (a rerun of its fragment),
so at load neither side draws a chart. No sidebar, status line, peer chooser, peer tables or target forms.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from charts.status_figures import PROGRESS_SYMBOLS  # noqa: E402
from charts.trend_chart import projection_label, target_label, trend_option  # noqa: E402
from components import data  # noqa: E402
from components.html_table import html_table  # noqa: E402
from core.i18n import number, t  # noqa: E402

CODE, LANG = "5610", "nb"

st.set_page_config(page_title="Bare progress", layout="wide")

catalogue = data.catalogue()
municipalities = data.municipalities()
names = dict(zip(municipalities.code, municipalities.name, strict=True))
goals = data.sdg_goals()
goal_names = dict(zip(goals.number, goals.short_nb, strict=True))
area = data.area_profile("municipality", CODE)
with_target = area.with_target


def status_label(status: str) -> str:
    return f"{PROGRESS_SYMBOLS[status]} {t(f'progress.{status}', LANG)}"


summary = with_target.pivot_table(index="goal", columns="progress", values="indicator_id", aggfunc="count",
                                  fill_value=0).sort_index()
summary.index = [f"{g}. {goal_names[g]}" for g in summary.index]
summary.index.name = t("column.goal", LANG)
html_table(summary.rename(columns=status_label).rename_axis(columns=None), numbers=True)


@st.fragment
def indicator_expander(row, title: str) -> None:
    section = st.expander(title, key=f"progress_open_{row.indicator_id}", on_change="rerun")
    if section.open:
        projection = area.projections.get(row.indicator_id)
        with section:
            st.echarts_chart(trend_option(area.series[row.indicator_id], names[CODE], {},
                                          catalogue[row.indicator_id].short_unit(LANG), row.target,
                                          target_label(area.targets.get(row.indicator_id), LANG), projection,
                                          projection_label(projection, LANG), LANG),
                             key=f"progress_chart_{row.indicator_id}", height=320, renderer="svg")


for row in with_target.sort_values(["goal", "indicator_id"]).itertuples():
    spec = catalogue[row.indicator_id]
    unit = spec.short_unit(LANG)
    indicator_expander(row, f"{status_label(row.progress)} — {spec.name(LANG)}: {number(row.value, LANG)} {unit} "
                            f"({row.year}) → {number(row.target, LANG)} {unit} ({int(row.target_year)})")
