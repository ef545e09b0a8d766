"""Members' own data on the profile: the U4SSC view (points per KPI, the category wheel) and own indicator values.

Renders nothing when the area has no values of its own, so the profile costs one small query more than before.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import data
from core import u4ssc
from core.exports import csv_bytes
from core.exports import file_name as export_file_name
from core.i18n import number, t
from core.status import GREEN, GREY, HEX, ORANGE, RED, YELLOW
from core.uploads import values as member_data

BAND_COLOURS = {4: HEX[GREEN], 3: HEX[YELLOW], 2: HEX[ORANGE], 1: HEX[RED]}
LEVELS = ("dimension", "sub_dimension", "category")


@st.cache_data(show_spinner=False, max_entries=64)
def _values(level: str, code: str, members_version: int) -> pd.DataFrame:
    return member_data.member_values(level=level, code=code)


@st.cache_data(show_spinner=False)
def _kpi_catalogue() -> pd.DataFrame:
    return member_data.kpi_catalogue()


def render(level: str, code: str, lang: str) -> None:
    """The U4SSC view and own indicator values of one municipality or county, if it has any."""
    own = _values(level, code, data.member_version())
    if own.empty:
        return
    kpis = own[own.kind == "kpi"]
    if not kpis.empty:
        _kpi_view(member_data.kpi_results(kpis, _kpi_catalogue()), code, lang)
    indicators = own[own.kind == "indicator"]
    if not indicators.empty:
        _own_indicator_values(indicators, level, code, lang)


def category_wheel(results: pd.DataFrame, lang: str) -> go.Figure:
    """Sunburst dimension → sub-dimension → category; each ring coloured by its U4SSC band."""
    ids, labels, parents, sizes, colours, texts = [], [], [], [], [], []
    for depth in range(1, len(LEVELS) + 1):
        path = results[list(LEVELS[:depth])].agg(" / ".join, axis=1)  # ids are paths: "ICT" is in two places
        grouped = u4ssc.group_results(results.assign(node=path), "node")
        for row in grouped.itertuples():
            ids.append(row.node)
            labels.append(row.node.split(" / ")[-1])
            parents.append(" / ".join(row.node.split(" / ")[:-1]))
            sizes.append(int(row.reported))
            colours.append(BAND_COLOURS.get(row.band, HEX[GREY]))
            texts.append(f"{t('u4ssc.result', lang)}: {number(row.result, lang, 0)} % · "
                         f"{t('u4ssc.reported', lang)}: {row.reported}")
    figure = go.Figure(go.Sunburst(
        ids=ids, labels=labels, parents=parents, values=sizes, branchvalues="total",
        marker={"colors": colours, "line": {"color": "white", "width": 1}},
        hovertext=texts, hoverinfo="label+text", insidetextorientation="radial",
    ))
    figure.update_layout(margin={"t": 10, "b": 10, "l": 10, "r": 10}, height=520)
    return figure


def _kpi_view(results: pd.DataFrame, code: str, lang: str) -> None:
    st.subheader(t("u4ssc.title", lang))
    st.caption(t("u4ssc.intro", lang))
    reported = results.dropna(subset=["points"])
    if not reported.empty:
        st.plotly_chart(category_wheel(reported, lang), width="stretch", key="u4ssc_wheel",
                        config={"displaylogo": False})
        st.caption(t("u4ssc.wheel", lang))
        groups = pd.concat([u4ssc.group_results(reported, column).rename(columns={column: t("u4ssc.level", lang)})
                            for column in LEVELS], ignore_index=True)
        groups = groups.drop(columns="points").rename(columns={
            "reported": t("u4ssc.reported", lang), "result": t("u4ssc.result", lang), "band": t("u4ssc.points", lang)})
        st.dataframe(groups, hide_index=True, width="stretch", key="u4ssc_groups")
    table = pd.DataFrame({
        t("u4ssc.kpi", lang): results.kpi_code, "KS": results.ks_id, t("column.name", lang): results.name_en,
        t("column.year", lang): results.year, t("column.value", lang): results.value,
        t("upload.column.target", lang): results.target, t("u4ssc.percent", lang): results.percent.round(1),
        t("u4ssc.points", lang): results.points, t("upload.column.source", lang): results.source,
        t("upload.column.quality", lang): results.quality,
    })
    st.dataframe(table, hide_index=True, width="stretch", key="u4ssc_kpis")
    st.download_button(t("u4ssc.download", lang), csv_bytes(table, lang),
                       file_name=export_file_name("u4ssc", lang, code), mime="text/csv", key="u4ssc_download")


def _own_indicator_values(own: pd.DataFrame, level: str, code: str, lang: str) -> None:
    st.subheader(t("u4ssc.own_values", lang))
    st.caption(t("u4ssc.own_values_note", lang))
    public = data.public_observations()
    public = public[(public.area_level == level) & (public.area_code == code)]
    known = set(zip(public.indicator_id, public.year, strict=True))
    catalogue = data.catalogue()
    table = pd.DataFrame({
        t("upload.column.indicator", lang): [catalogue[i].name(lang) if i in catalogue else i for i in own.code],
        t("column.year", lang): own.year, t("column.value", lang): own.value,
        t("upload.column.source", lang): own.source, t("upload.column.quality", lang): own.quality,
        t("u4ssc.used", lang): [t("u4ssc.no_public_kept", lang) if (i, y) in known else t("u4ssc.yes", lang)
                                for i, y in zip(own.code, own.year, strict=True)],
    })
    st.dataframe(table, hide_index=True, width="stretch", key="own_indicator_values")
