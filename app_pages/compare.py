"""Sammenlign / Compare: a municipality against a peer set, goal by goal and indicator by indicator."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from charts.comparison_charts import ranked_bars, ranked_bars_option, small_multiples, small_multiples_option
from charts.figure_title import set_title
from charts.images import years_shown
from charts.sdg_radar import sdg_radar, sdg_radar_option
from components import data, url_state
from components.chart_view import echart
from components.downloads import table_downloads
from components.export_dialog import (
    Chart,
    Table,
    export_button,
    image_title,
    indicator_source,
    score_source,
    values_source,
)
from components.lazy_section import lazy_section
from components.peer_picker import pick_peers
from core import comparison, peers, profile
from core.exports import csv_bytes
from core.exports import file_name as export_file_name
from core.exports import stem as file_stem
from core.i18n import number, t

RADAR_HEIGHT = 596  # px: the radar (560, as in the files) and its title above it (charts/figure_title.py)

lang = st.session_state.get("lang", "nb")
catalogue = data.catalogue()
book = data.score_book()
municipalities = data.municipalities()
names = dict(zip(municipalities.code, municipalities.name, strict=True))
goals = data.sdg_goals()
goal_names = dict(zip(goals.number, goals.short_nb if lang == "nb" else goals.short_en, strict=True))
sdg_colours = dict(zip(goals.number, goals.colour, strict=True))
observations = data.all_observations()
latest = data.latest_by_area()

st.title(t("page.compare", lang))
code = st.session_state.get("kommune")
if not code:
    url_state.show_warnings(lang)
    st.info(t("profile.choose_municipality", lang))
    st.stop()
peer_codes, neighbours = pick_peers(code, lang, municipalities)
raw_structure, z_structure = data.structure()
url_state.show_warnings(lang)


def but_text(neighbour: peers.Neighbour, lang: str) -> str:
    """", but 30× smaller": the largest difference, so a politician sees what the match leaves out."""
    if neighbour.furthest_values is None:
        return ""
    way, amount = peers.largest_difference(neighbour.furthest, *neighbour.furthest_values)
    decimals = 0 if neighbour.furthest == "log_population" and amount >= 10 else 1
    return t(f"peers.but.{way}", lang, variable=t(f"structure.{neighbour.furthest}", lang),
             amount=number(amount, lang, decimals))


st.header(names[code])
st.caption(t("peers.count", lang, count=len(peer_codes)) + ": " + ", ".join(names[c] for c in peer_codes[:40])
           + (" …" if len(peer_codes) > 40 else ""))
if neighbours:
    with st.expander(t("peers.why_title", lang)):
        for n in neighbours:
            closest = ", ".join(t(f"structure.{v}", lang) for v in n.closest)
            st.markdown(f"**{names[n.code]}** — {t('peers.why', lang, variables=closest)}"
                        f"{but_text(n, lang)} ({t('peers.distance', lang)} {number(n.distance, lang, 2)})")
        st.download_button(t("peers.download_structure", lang),
                           csv_bytes(raw_structure.join(z_structure.add_suffix("_z")), lang, index=True),
                           file_name=export_file_name("structure", lang), mime="text/csv", key="download_structure")
if not peer_codes:
    st.info(t("peers.empty", lang))
    st.stop()

# Section titles are drawn in the charts: a heading per section measurably slowed the page.
ranges = comparison.goal_ranges(book, peer_codes)
radar_args = (profile.goal_scores(book, "municipality", code), sdg_colours, goal_names, names[code],
              {t("compare.peer_median", lang): ranges["median"]}, t("overview.no_data", lang))
radar_range = (t("compare.peer_range", lang), ranges)


def radar() -> go.Figure:
    return set_title(sdg_radar(*radar_args, peer_range=radar_range), t("compare.radar", lang))


echart(sdg_radar_option(*radar_args, peer_range=radar_range, title=t("compare.radar", lang)), lang,
       key="compare_radar", figure=radar, height=RADAR_HEIGHT, alt=f"{t('compare.radar', lang)}: {names[code]}")

with_values = comparison.indicators_with_values(latest, [code, *peer_codes])
with_data = [i for i in catalogue if i in with_values]
default_indicator = "low_income_eu60" if "low_income_eu60" in with_data else with_data[0]
url_state.seed("compare_indicator", with_data, default_indicator, param="indicator")
indicator_id = st.selectbox(t("overview.indicator", lang), with_data, key="compare_indicator",
                            format_func=lambda i: catalogue[i].name(lang), placeholder=t("choose.option", lang))
url_state.publish("indicator", indicator_id, default_indicator)
url_state.show_warnings(lang)
spec = catalogue[indicator_id]
values = comparison.latest_values(latest, indicator_id, [code, *peer_codes])
values["name"] = values.code.map(names)
national = observations[(observations.area_level == "country") & (observations.indicator_id == indicator_id)]
national_value = float(national.sort_values("year").value.iloc[-1]) if not national.empty else None
ranked_title = f"{t('compare.ranked', lang)}: {spec.name(lang)}"
ranked_args = (values, code, national_value, t("column.national", lang), spec.short_unit(lang), spec.direction)


def ranked() -> go.Figure:
    return set_title(ranked_bars(*ranked_args), ranked_title)


ranked_option, ranked_height = ranked_bars_option(*ranked_args, lang, title=ranked_title)
echart(ranked_option, lang, key="compare_ranked", figure=ranked, height=ranked_height,
       alt=f"{ranked_title}, {names[code]}")


def trend_series() -> dict:
    return comparison.trend_series(observations, catalogue, code, peer_codes, lang)


def trends_figure(series: dict | None = None) -> go.Figure:
    """The small multiples for the table and the files; series when the page already has them."""
    series = trend_series() if series is None else series
    return set_title(small_multiples(series, names[code], t("compare.peer_median", lang)), t("compare.trends", lang))


@st.fragment
def trends_section() -> None:
    """Every indicator's trend beside the peers' median: one small chart per indicator, drawn when the reader opens
    it (a rerun of this fragment only). Drawn at load, its dozens of axes held the page back by a third."""
    section = lazy_section(t("compare.trends", lang), key="compare_trends_open", icon=":material/show_chart:")
    if section.open:
        with section:
            series = trend_series()  # once per run: the chart, and its table if asked for
            option, height = small_multiples_option(series, names[code], t("compare.peer_median", lang), lang)
            echart(option, lang, key="compare_trends", figure=lambda: trends_figure(series), height=height,
                   alt=f"{t('compare.trends', lang)}: {names[code]}")


trends_section()

table = comparison.comparison_table(observations, latest, catalogue, code, peer_codes)
table.insert(0, "indicator_name", table.indicator.map(lambda i: catalogue[i].name(lang)))
table.insert(2, "unit", table.indicator.map(lambda i: catalogue[i].short_unit(lang)))
shown = table.rename(columns={"indicator_name": t("column.indicator", lang), "indicator": "id",
                              **{c: t(f"column.{c}", lang) for c in table.columns
                                 if c not in ("indicator_name", "indicator")}})
if st.toggle(t("compare.show_table", lang), key="show_compare_table"):  # the grid is heavy to draw
    # Two decimals on screen (medians of shares came out as 68.5736); the downloads keep every digit.
    st.dataframe(shown.round(2), hide_index=True, width="stretch", key="compare_table")
    table_downloads(shown, file_stem("compare", lang, code), names[code], lang, "download_compare")
export_button([
    Chart(t("compare.radar", lang), file_stem("compare_radar", lang, code), radar, score_source(catalogue, lang),
          image_title(t("compare.radar", lang), names[code], t("export.latest_values", lang))),
    Chart(f"{t('compare.ranked', lang)}: {spec.name(lang)}", file_stem("compare", lang, code, indicator_id), ranked,
          indicator_source(spec, lang), image_title(f"{t('compare.ranked', lang)}: {spec.name(lang)}", names[code],
                                                    t("export.latest_values", lang))),
    Chart(t("compare.trends", lang), file_stem("compare_trends", lang, code), trends_figure,
          values_source(catalogue, lang), lambda figure: image_title(t("compare.trends", lang), names[code],
                                                                     years_shown(figure))),
], lang, key="compare_export", tables=[Table(t("compare.table", lang), file_stem("compare", lang, code),
                                                 shown.set_index(t("column.indicator", lang)))])
