"""The progress page's charts and nothing else: same data and chart code as app_pages/progress.py.

For Kárášjohka - Karasjok (5610), one trend chart (the series, its projection and the target) per indicator with a
target, each in a collapsed expander with the page's title, as on the page. Streamlit 1.67 mounts the content of a
collapsed expander, so Plotly lays out and draws these charts without the expander being opened (the benchmark
waits for all of them on both pages). No sidebar, metrics, summary tables, peer chooser, peer table or target forms.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from charts.trend_chart import projection_label, trend_chart  # noqa: E402
from components import data  # noqa: E402
from core.i18n import number, t  # noqa: E402
from core.trends import linear_projection  # noqa: E402

CODE, LANG = "5610", "nb"
STATUS_ICON = {"reached": "✅", "substantial": "🟢", "moderate": "🟡", "limited": "🟠", "moderately_away": "🔻",
               "moving_away": "🔴", "too_few": "⚪"}

st.set_page_config(page_title="Bare progress", layout="wide")

catalogue = data.catalogue()
municipalities = data.municipalities()
names = dict(zip(municipalities.code, municipalities.name, strict=True))
book = data.score_book()
observations = data.all_observations()
rows = book.indicators[(book.indicators.area_level == "municipality") & (book.indicators.area_code == CODE)]
with_target = rows[rows.target.notna()]

for row in with_target.sort_values(["goal", "indicator_id"]).itertuples():
    spec = catalogue[row.indicator_id]
    unit = spec.short_unit(LANG)
    title = (f"{STATUS_ICON[row.progress]} {t(f'progress.{row.progress}', LANG)} — {spec.name(LANG)}: "
             f"{number(row.value, LANG)} {unit} ({row.year}) → {number(row.target, LANG)} {unit} ({row.target_year})")
    with st.expander(title):
        series = observations[(observations.area_level == "municipality") & (observations.area_code == CODE)
                              & (observations.indicator_id == row.indicator_id)].sort_values("year")
        projection = linear_projection(series.year, series.value)
        figure = trend_chart(series, names[CODE], {}, unit, row.target,
                             f"{t('profile.target', LANG, value=number(row.target, LANG))} "
                             f"({t(f'progress.target_origin.{row.target_origin}', LANG)})", projection,
                             projection_label(projection, LANG), height=320)
        st.plotly_chart(figure, width="stretch", key=f"progress_chart_{row.indicator_id}",
                        config={"displaylogo": False})
