"""Metode / Methodology: every formula in words and symbols, the catalogue, code changes and sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data, url_state
from core.exports import csv_bytes
from core.exports import file_name as export_file_name
from core.i18n import t, when

lang = st.session_state.get("lang", "nb")
catalogue = data.catalogue()
book = data.score_book()
url_state.show_warnings(lang)

st.title(t("page.methodology", lang))
st.write(t("method.intro", lang))

st.subheader(t("method.normalisation", lang))
st.latex(r"\text{score} = 100 \cdot \frac{x - LB}{UB - LB}, \quad \text{clipped to } [0, 100]")
st.write(t("method.normalisation_text", lang))
st.subheader(t("method.goals", lang))
st.latex(r"G_g = \frac{1}{n_g}\sum_{i \in g} \text{score}_i, \qquad \text{index} = \frac{1}{|g|}\sum_g G_g"
         r"\ \text{ if coverage} \ge 80\,\%")
st.write(t("method.goals_text", lang))
st.subheader(t("method.colours", lang))
st.write(t("method.colours_text", lang))
st.subheader(t("method.trends", lang))
st.latex(r"\text{needed} = \frac{\text{green} - s_{base}}{2030 - base}, \quad "
         r"\text{seen} = \frac{s_{now} - s_{base}}{now - base}, \quad r = \frac{\text{seen}}{\text{needed}}")
st.write(t("method.trends_text", lang))
st.subheader(t("method.progress", lang))
st.latex(r"\text{CAGR} = \left(\frac{x_{t}}{x_{base}}\right)^{1/(t - base)} - 1, \qquad "
         r"\text{ratio} = \frac{\text{CAGR}_{seen}}{\text{CAGR}_{needed}}")
st.write(t("method.progress_text", lang))
for section in ("counts", "goal_links", "old_values", "peers"):
    st.subheader(t(f"method.{section}", lang))
    st.write(t(f"method.{section}_text", lang))
st.subheader(t("method.u4ssc", lang))
st.latex(r"\text{result}_{category} = \frac{\sum \text{points}}{4 \cdot n_{reported}}")
st.write(t("method.u4ssc_text", lang))

st.subheader(t("method.catalogue", lang))
st.caption(t("method.first_refresh", lang))
online = data.online_freshness().set_index("indicator_id")  # indicators fed online (core/ssb): fetched when, newest
rows = []
for spec in catalogue.values():
    bound = book.bounds.get(spec.id)
    fetched = online.loc[spec.id] if spec.id in online.index else None
    rows.append({
        "id": spec.id,
        t("column.indicator", lang): spec.name(lang),
        t("column.unit", lang): spec.unit(lang),
        t("column.goal", lang): spec.sdg_goal,
        t("column.targets", lang): ", ".join(spec.sdg_targets),
        t("column.goal_source", lang): spec.goal_source,
        t("column.direction", lang): t(f"overview.direction.{spec.direction}", lang) if spec.direction
        else t("overview.context", lang),
        t("column.optimum", lang): spec.optimum.value,
        t("column.lower_bound", lang): round(bound.lower, 3) if bound else None,
        t("column.green", lang): spec.green.value,
        t("column.red", lang): spec.red.value,
        t("column.threshold_basis", lang): " / ".join(t(f"basis.{b}", lang) for b in (spec.green.basis, spec.red.basis)
                                                       if b) or None,
        t("column.target_2030", lang): spec.target_2030.value,
        t("column.source", lang): spec.source_label,
        t("column.refreshed", lang): "" if fetched is None
        else when(fetched.refreshed, lang) if fetched.refreshed else t("ssb.not_fetched", lang),
        t("column.newest_year", lang): int(fetched.newest_year) if fetched is not None and fetched.refreshed else None,
        t("column.reasoning", lang): " | ".join(
            f"{name}: {getattr(spec, name).source}" for name in ("optimum", "green", "red", "target_2030")),
    })
catalogue_table = pd.DataFrame(rows)
st.dataframe(catalogue_table, hide_index=True, width="stretch", key="catalogue_table")
st.download_button(t("overview.download_csv", lang), csv_bytes(catalogue_table, lang),
                   file_name=export_file_name("indicators", lang), mime="text/csv", key="download_catalogue")

st.download_button(t("method.download_scores", lang), data.scores_csv(None, lang),
                   file_name=export_file_name("scores", lang, "alle" if lang == "nb" else "all"), mime="text/csv",
                   key="download_all_scores")

st.subheader(t("method.codes", lang))
st.write(t("method.codes_text", lang))

st.subheader(t("method.sources", lang))
sources = data.sources().reset_index()
st.dataframe(
    sources[["publisher", "description", "licence", "path", "url"]].rename(columns={
        "publisher": t("column.publisher", lang), "description": t("column.source", lang),
        "licence": t("column.licence", lang), "path": t("column.file", lang), "url": t("column.url", lang)}),
    hide_index=True, width="stretch", key="sources_table",
    column_config={t("column.url", lang): st.column_config.LinkColumn()},
)
st.caption(t("method.credit", lang))
