"""Mot 2030 / Progress: every indicator with a target, how far it has come, and the municipality's own targets."""

from __future__ import annotations

import functools

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.images import years_shown
from charts.status_figures import PROGRESS_SYMBOLS
from charts.trend_chart import projection_label, target_label, trend_chart, trend_option
from components import auth_ui, data, url_state
from components.chart_view import echart
from components.export_dialog import Chart, Table, export_button, image_title, indicator_source
from components.forms import submit_form
from components.html_table import html_table
from components.lazy_section import lazy_section
from components.peer_picker import pick_peers
from core import targets
from core.exports import stem as file_stem
from core.i18n import number, t, when
from core.trends import TARGET_YEAR

STATUS_ORDER = ("reached", "substantial", "moderate", "limited", "moderately_away", "moving_away", "too_few")
TREND_HEIGHT = 320  # px: a section's chart, lower than the profile's
STATUS_ICON = PROGRESS_SYMBOLS  # plain symbols rather than emoji, the same as on the slides

lang = st.session_state.get("lang", "nb")
catalogue = data.catalogue()
municipalities = data.municipalities()
names = dict(zip(municipalities.code, municipalities.name, strict=True))
goals = data.sdg_goals()
goal_names = dict(zip(goals.number, goals.short_nb if lang == "nb" else goals.short_en, strict=True))

st.title(t("page.progress", lang))
code = st.session_state.get("kommune")
url_state.show_warnings(lang)
if not code:
    st.info(t("profile.choose_municipality", lang))
    st.stop()
book = data.score_book()
area = data.area_profile("municipality", code)  # statuses, targets and projections: core.profile
st.header(names[code])

with_target = area.with_target


def image_title_of(name: str, figure: go.Figure) -> str:
    return image_title(name, names[code], years_shown(figure))


def status_label(status: str) -> str:
    return f"{STATUS_ICON[status]} {t(f'progress.{status}', lang)}"


tables: list[Table] = []  # every table of the page, offered as CSV and Excel in the export dialog
st.subheader(t("progress.summary", lang))
if with_target.empty:
    st.info(t("progress.no_targets", lang))
else:
    counts = with_target.progress.value_counts()
    # One line, not seven metric boxes: the same numbers at a fraction of the page's drawing time.
    st.markdown(" · ".join(f"{status_label(s)}: **{int(counts.get(s, 0))}**" for s in STATUS_ORDER))
    summary = with_target.pivot_table(index="goal", columns="progress", values="indicator_id", aggfunc="count",
                                      fill_value=0).sort_index()
    summary = summary.reindex(columns=[s for s in STATUS_ORDER if s in summary.columns])
    summary.index = [f"{g}. {goal_names[g]}" for g in summary.index]
    summary.index.name = t("column.goal", lang)
    st.caption(t("progress.per_goal", lang))
    summary = summary.rename(columns=status_label).rename_axis(columns=None)  # no raw 'progress' header
    html_table(summary, numbers=True)
    tables.append(Table(t("progress.per_goal", lang), file_stem("progress", lang, code, "goals"), summary))

st.subheader(t("progress.indicators", lang))


def trend_args(row) -> tuple:
    projection = area.projections.get(row.indicator_id)
    # Where the target comes from and which years the projection rests on are written in the chart itself
    # (target label, legend), not in captions: each caption costs the browser a Markdown render.
    return (area.series[row.indicator_id], names[code], {}, unit_of(row), row.target,
            target_label(area.targets.get(row.indicator_id), lang), projection, projection_label(projection, lang))


def trend_figure(row) -> go.Figure:
    return trend_chart(*trend_args(row), height=TREND_HEIGHT)


def unit_of(row) -> str:
    return catalogue[row.indicator_id].short_unit(lang)


@st.fragment
def indicator_expander(row, title: str) -> None:
    """One indicator's status line; its trend chart is drawn when the reader opens it (a rerun of this fragment
    only), so the page does not draw seven charts nobody has asked to see."""
    section = lazy_section(title, key=f"progress_open_{row.indicator_id}")
    if section.open:
        with section:
            echart(trend_option(*trend_args(row), lang), lang, key=f"progress_chart_{row.indicator_id}",
                   figure=functools.partial(trend_figure, row), height=TREND_HEIGHT,
                   alt=f"{catalogue[row.indicator_id].name(lang)}, {names[code]}")


charts = []
for row in with_target.sort_values(["goal", "indicator_id"]).itertuples():
    spec = catalogue[row.indicator_id]
    title = (f"{status_label(row.progress)} — {spec.name(lang)}: {number(row.value, lang)} {unit_of(row)} "
             f"({row.year}) → {number(row.target, lang)} {unit_of(row)} ({int(row.target_year)})")
    indicator_expander(row, title)
    charts.append(Chart(spec.name(lang), file_stem("progress", lang, code, row.indicator_id),
                        functools.partial(trend_figure, row), indicator_source(spec, lang),
                        functools.partial(image_title_of, spec.name(lang))))

st.subheader(t("progress.peers", lang))
peer_codes, _ = pick_peers(code, lang, municipalities, allow_save=False)
url_state.show_warnings(lang)
side = book.indicators[(book.indicators.area_level == "municipality")
                       & book.indicators.area_code.isin([code, *peer_codes]) & book.indicators.target.notna()]
if not side.empty:
    order = [c for c in [code, *peer_codes] if c in set(side.area_code)]
    per_area = side.pivot_table(index="area_code", columns="progress", values="indicator_id", aggfunc="count",
                                fill_value=0).reindex(index=order)
    per_area = per_area.reindex(columns=[s for s in STATUS_ORDER if s in per_area.columns])
    per_area.index = [names[c] for c in per_area.index]
    per_area.index.name = t("column.municipality", lang)
    per_area = per_area.rename(columns=status_label).rename_axis(columns=None)
    html_table(per_area, numbers=True)
    tables.append(Table(t("progress.peers", lang), file_stem("progress", lang, code, "peers"), per_area))
    # The indicator-by-municipality grid is wide (one column per peer): drawn when asked for.
    if st.toggle(t("progress.per_indicator", lang), key="show_progress_grid"):
        grid = side.pivot_table(index="indicator_id", columns="area_code", values="progress", aggfunc="first")
        grid = grid.reindex(columns=[c for c in order if c in grid.columns])
        grid = grid.map(lambda s: STATUS_ICON.get(s, "") if isinstance(s, str) else "")
        grid.index = [catalogue[i].name(lang) for i in grid.index]
        grid.columns = [names[c] for c in grid.columns]  # a plain list: no 'area_code' header left
        html_table(grid)
        tables.append(Table(t("progress.per_indicator", lang), file_stem("progress", lang, code, "peers_per_indicator"),
                            grid))
        st.caption(" · ".join(status_label(s) for s in STATUS_ORDER))

st.subheader(t("progress.all_indicators", lang))
identity = auth_ui.current()
may_edit = identity.may("target.edit", ("municipality", code))
scored = [i for i, s in catalogue.items() if s.direction]
own = {target.indicator_id: target for target in targets.targets_of("municipality", code)}


def target_text(indicator_id: str) -> str:
    target = area.targets.get(indicator_id)  # the municipality's own, else the catalogue's (core.scores.target_for)
    if target is None:
        return "–"
    origin = t(f"progress.target_origin.{target.origin}", lang)
    return f"{number(target.value, lang)} {catalogue[indicator_id].short_unit(lang)} ({target.year}), {origin}"


# A static table and one editor: thirteen forms would make the page slow to draw.
own_targets = pd.DataFrame({t("column.target", lang): [target_text(i) for i in scored]},
                           index=pd.Index([catalogue[i].name(lang) for i in scored], name=t("column.indicator", lang)))
html_table(own_targets)
tables.append(Table(t("progress.all_indicators", lang), file_stem("progress", lang, code, "targets"), own_targets))
export_button(charts, lang, key="progress_export", tables=tables)


def target_editor() -> None:
    """Set, change or remove one of the municipality's own targets (its coordinator and the secretariat)."""
    indicator_id = st.selectbox(t("target.editor", lang), scored, key="target_indicator",
                                format_func=lambda i: catalogue[i].name(lang), placeholder=t("choose.option", lang))
    spec, current = catalogue[indicator_id], own.get(indicator_id)
    shown = current.value if current else spec.target_2030.value
    with st.form("target_editor", border=False):
        columns = st.columns([1, 1, 2])
        value = columns[0].number_input(t("target.value", lang), value=float(shown) if shown is not None else None,
                                        step=0.1, format="%.2f", key=f"target_value_{indicator_id}")
        year = columns[1].number_input(t("target.year", lang), min_value=targets.MIN_YEAR,
                                       max_value=targets.MAX_YEAR, value=current.target_year if current
                                       else TARGET_YEAR, step=1, key=f"target_year_{indicator_id}")
        reference = columns[2].text_input(t("target.reference", lang), value=current.decision_reference
                                          if current else "", max_chars=targets.MAX_REFERENCE,
                                          key=f"target_reference_{indicator_id}")
        buttons = st.columns([1, 1, 3])
        save = buttons[0].form_submit_button(t("target.save", lang))
        remove = buttons[1].form_submit_button(t("target.remove", lang), disabled=current is None)
    def remove_own_target() -> None:
        if not targets.remove_target(identity, "municipality", code, indicator_id):
            raise targets.TargetError("target.none_to_remove")

    submit_form(save, lang, lambda: targets.set_target(identity, "municipality", code, indicator_id, value,
                                                     int(year), reference), "target.saved")
    submit_form(remove, lang, remove_own_target, "target.removed")


# Viewers get the table above and a hint; the form (six widgets) is drawn only for those who may save.
if may_edit:
    target_editor()
else:
    st.info(t("target.login_needed", lang, name=names[code]))

changes = targets.history("municipality", code)
if changes:
    st.caption(t("target.history", lang))
    log = pd.DataFrame([{
        t("column.when", lang): when(c.changed_at, lang), t("column.by", lang): c.changed_by,
        t("column.indicator", lang): catalogue[c.indicator_id].name(lang) if c.indicator_id in catalogue
        else c.indicator_id,
        t("column.action", lang): c.action,
        t("column.before", lang): "" if c.old_value is None else f"{number(c.old_value, lang)} ({c.old_year})",
        t("column.after", lang): "" if c.new_value is None else f"{number(c.new_value, lang)} ({c.new_year})",
        t("target.reference", lang): c.new_reference or c.old_reference or "",
    } for c in reversed(changes)])
    st.dataframe(log, hide_index=True, width="stretch", key="target_history")
