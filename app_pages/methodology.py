"""Metode / Methodology: every formula in words and symbols, the catalogue, code changes and sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data, url_state
from core.exports import csv_bytes
from core.exports import file_name as export_file_name
from core.i18n import number, t, when

REASONED = {"optimum": "column.optimum", "green": "column.green", "red": "column.red",
            "target_2030": "column.target_2030"}  # the values whose sources are quoted, by their column's name

lang = st.session_state.get("lang", "nb")
catalogue = data.catalogue()
book = data.score_book()
url_state.show_warnings(lang)


def readable(value) -> str:
    """A catalogue cell as the reader reads it: empty where there is no value, numbers in the language's format."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return number(value, lang, decimals=3) if isinstance(value, float) else str(value)


# The words of the formulas, in the reader's language (the symbols stay as they are).
FORMULA_WORDS = {
    "score": "method.formula.score", "clipped": "method.formula.clipped", "index": "method.formula.index",
    "if_coverage": "method.formula.if_coverage", "needed": "method.formula.needed", "seen": "method.formula.seen",
    "green": "method.formula.green", "base": "method.formula.base", "now": "method.formula.now",
    "ratio": "method.formula.ratio", "result": "method.formula.result", "category": "method.formula.category",
    "points": "method.formula.points", "reported": "method.formula.reported",
}


def w(word: str) -> str:
    """A formula's word as LaTeX text (upright, letters such as å and ø allowed, spaces kept)."""
    return r"\text{" + t(FORMULA_WORDS[word], lang) + "}"


st.title(t("page.methodology", lang))
st.write(t("method.intro", lang))

st.subheader(t("method.normalisation", lang))
st.latex(rf"{w('score')} = 100 \cdot \frac{{x - LB}}{{UB - LB}}, \quad {w('clipped')}\ [0, 100]")
st.write(t("method.normalisation_text", lang))
st.subheader(t("method.goals", lang))
st.latex(rf"G_g = \frac{{1}}{{n_g}}\sum_{{i \in g}} {w('score')}_i, \qquad {w('index')} = "
         rf"\frac{{1}}{{|g|}}\sum_g G_g \ \ {w('if_coverage')} \ge 80\,\%")
st.write(t("method.goals_text", lang))
st.subheader(t("method.colours", lang))
st.write(t("method.colours_text", lang))
st.subheader(t("method.trends", lang))
st.latex(rf"{w('needed')} = \frac{{{w('green')} - s_{{{w('base')}}}}}{{2030 - {w('base')}}}, \quad "
         rf"{w('seen')} = \frac{{s_{{{w('now')}}} - s_{{{w('base')}}}}}{{{w('now')} - {w('base')}}}, \quad "
         rf"r = \frac{{{w('seen')}}}{{{w('needed')}}}")
st.write(t("method.trends_text", lang))
st.subheader(t("method.progress", lang))
st.latex(rf"\text{{CAGR}} = \left(\frac{{x_{{t}}}}{{x_{{{w('base')}}}}}\right)^{{1/(t - {w('base')})}} - 1, \qquad "
         rf"{w('ratio')} = \frac{{\text{{CAGR}}_{{{w('seen')}}}}}{{\text{{CAGR}}_{{{w('needed')}}}}}")
st.write(t("method.progress_text", lang))
for section in ("counts", "goal_links", "old_values", "peers"):
    st.subheader(t(f"method.{section}", lang))
    st.write(t(f"method.{section}_text", lang))
st.subheader(t("method.u4ssc", lang))
st.latex(rf"{w('result')}_{{{w('category')}}} = \frac{{\sum {w('points')}}}{{4 \cdot n_{{{w('reported')}}}}}")
st.write(t("method.u4ssc_text", lang))

st.subheader(t("method.catalogue", lang))
st.caption(t("method.first_refresh", lang))
online = data.online_freshness().set_index("indicator_id")  # indicators fed online (core/ssb): fetched when, newest
rows = []
for spec in catalogue.values():
    bound = book.bounds.get(spec.id)
    fetched = online.loc[spec.id] if spec.id in online.index else None
    rows.append({
        t("column.indicator_id", lang): spec.id,
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
            f"{t(key, lang)}: {getattr(spec, name).source}" for name, key in REASONED.items()),
    })
catalogue_table = pd.DataFrame(rows)
shown_table = catalogue_table.map(readable)  # as text: no None or nan, decimal commas in bokmål
st.dataframe(shown_table, hide_index=True, width="stretch", key="catalogue_table")
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
    sources[["publisher", "description", "licence", "path", "url"]].fillna("").rename(columns={  # no None shown
        "publisher": t("column.publisher", lang), "description": t("column.source", lang),
        "licence": t("column.licence", lang), "path": t("column.file", lang), "url": t("column.url", lang)}),
    hide_index=True, width="stretch", key="sources_table",
    column_config={t("column.url", lang): st.column_config.LinkColumn()},
)
st.caption(t("method.credit", lang))
