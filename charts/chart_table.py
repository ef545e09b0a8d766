"""A chart's numbers as a table: the table alternative every chart on screen offers (issue 13 §6).

Read from the figure itself, so the table holds exactly the numbers drawn, whichever builder made it:
- polar traces (the SDG radar): one row per goal, one column per series;
- cartesian lines and bars (trend, ranked bars, small multiples): one row per year or bar (and per panel of small
  multiples), one column per series; horizontal bars top to bottom as drawn;
- maps (choroplethmap): code, name and value per area; areas without data listed with an empty value;
- heatmaps, plotly tables, big numbers (indicator) and sunbursts: their cells as they are.
A builder says what the figure alone cannot, in plotly's free `meta` fields:
- trace meta {"table": "skip"} (outlines, repeated dots, legend-only entries), "no_data" (a placeholder drawn where
  there is no value: listed, never as its drawn length) or "range" (customdata holds name, lowest, highest);
- layout meta {"category": "area"} names the row labels' column (else inferred: goal, year, area or category);
  {"rows": [...], "columns": [...]} is the table of a picture drawn without data traces (the status matrix's tiles).
Reference lines are named shapes; they and the unit come back as notes ("Nasjonalt: 12,3", "Enhet: %").
No Streamlit import: components/chart_view.py shows the table next to the chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from core.i18n import number, t

SKIP, NO_DATA, RANGE = "skip", "no_data", "range"
CATEGORY_KEYS = {"goal": "chart_table.goal", "year": "chart_table.year", "area": "chart_table.area",
                 "category": "chart_table.category", "panel": "chart_table.panel", "code": "chart_table.code",
                 "name": "chart_table.name", "status": "chart_table.status", "trend": "chart_table.trend",
                 "value": "chart_table.value", "parent": "chart_table.parent", "note": "chart_table.note"}
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ChartTable:
    frame: pd.DataFrame  # label columns first (text), then one numeric column per series; NaN = no data
    notes: tuple[str, ...] = ()  # reference lines and the unit, as sentences


def chart_table(figure: go.Figure, lang: str) -> ChartTable:
    """The figure's numbers as a tidy table with headers in lang."""
    meta = figure.layout.meta if isinstance(figure.layout.meta, dict) else {}
    if "rows" in meta:
        columns = list(meta["columns"])
        frame = pd.DataFrame(meta["rows"], columns=columns).rename(columns=lambda c: _header(c, lang))
        return ChartTable(frame, _notes(figure, lang))
    traces = [trace for trace in figure.data if _role(trace) != SKIP]
    kinds = {trace.type for trace in traces}
    if kinds & {"choroplethmap", "choropleth", "choroplethmapbox"}:
        frame = _map_table(traces, lang)
    elif kinds & {"barpolar", "scatterpolar"}:
        frame = _category_table(traces, lang, meta.get("category", "goal"), _polar_points)
    elif "heatmap" in kinds:
        frame = _heatmap_table(next(trace for trace in traces if trace.type == "heatmap"), lang)
    elif "table" in kinds:
        frame = _plotly_table(next(trace for trace in traces if trace.type == "table"))
    elif "indicator" in kinds:
        frame = pd.DataFrame({_header("name", lang): [_plain(trace.title.text) for trace in traces],
                              _header("value", lang): [trace.value for trace in traces]})
    elif "sunburst" in kinds:
        frame = _sunburst_table(next(trace for trace in traces if trace.type == "sunburst"), lang)
    else:
        frame = _category_table(traces, lang, meta.get("category"), _cartesian_points,
                                panels=_panel_titles(figure, traces), reverse=_drawn_bottom_up(figure, traces))
    return ChartTable(frame, _notes(figure, lang))


def _role(trace) -> str | None:
    return trace.meta.get("table") if isinstance(trace.meta, dict) else None


def _header(key: str, lang: str) -> str:
    return t(CATEGORY_KEYS[key], lang) if key in CATEGORY_KEYS else key


def _plain(text) -> str:
    return _TAGS.sub(" ", str(text)).replace("  ", " ").strip() if text is not None else ""


def _label(trace, index: int, fallback) -> str:
    """A point's readable name: its customdata's text (the radar's "1. Poverty", a map's area name), else its
    category on the axis."""
    custom = trace.customdata
    if custom is not None and index < len(custom):
        item = custom[index]
        first = item[0] if isinstance(item, (list, tuple)) or hasattr(item, "shape") else item
        if isinstance(first, str):
            return first
    return _category_text(fallback)


def _category_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _plain(value)


def _values(trace, name: str, values: list, lang: str) -> dict[str, list]:
    """Column name -> values for one trace: a range trace gives its lowest and highest, a placeholder nothing."""
    if _role(trace) == NO_DATA:
        return {name: [float("nan")] * len(values)}
    if _role(trace) == RANGE:
        custom = trace.customdata
        return {t("chart_table.lowest", lang, name=name): [row[1] for row in custom],
                t("chart_table.highest", lang, name=name): [row[2] for row in custom]}
    return {name: [float(v) if v is not None else float("nan") for v in values]}


def _polar_points(trace):
    theta = list(trace.theta) if trace.theta is not None else []
    return theta, list(trace.r) if trace.r is not None else []


def _cartesian_points(trace):
    x = list(trace.x) if trace.x is not None else []
    y = list(trace.y) if trace.y is not None else []
    return (y, x) if getattr(trace, "orientation", None) == "h" else (x, y)


def _category_table(traces, lang: str, category: str | None, points, panels: dict | None = None,
                    reverse: bool = False) -> pd.DataFrame:
    """One row per category (and panel), one column per series, in the order drawn."""
    rows: dict[tuple, dict] = {}
    placeholder_columns = []
    names = []
    for trace in traces:
        categories, values = points(trace)
        if categories and all(c is None for c in categories):
            continue  # a legend-only entry (an empty series still gets its column: the area has no values)
        panel = (panels or {}).get(getattr(trace, "xaxis", None) or "x")
        name = _plain(trace.name) or _header("value", lang)
        columns = _values(trace, name, values, lang)
        if _role(trace) == NO_DATA:
            placeholder_columns.append(name)
        for index, point in enumerate(categories):
            row = rows.setdefault((panel, point), {"label": _label(trace, index, point)})
            if _role(trace) != NO_DATA and row["label"] == _category_text(point):
                row["label"] = _label(trace, index, point)  # a later trace may name it better
            for column, column_values in columns.items():
                row[column] = column_values[index]
        names += [c for c in columns if c not in names]
    keys = list(rows)
    if category in (None, "goal", "year") and keys and all(_is_number(c) for _, c in keys):
        keys.sort(key=lambda key: (list((panels or {}).values()).index(key[0]) if panels else 0, float(key[1])))
        category = category or ("year" if all(1800 < float(c) < 2200 for _, c in keys) else "category")
    elif reverse:
        keys.reverse()
    series = [name for name in names if name not in placeholder_columns]
    records = [{**({"panel": key[0]} if panels else {}), "label": rows[key]["label"],
                **{name: rows[key].get(name, float("nan")) for name in series}} for key in keys]
    frame = pd.DataFrame(records, columns=(["panel"] if panels else []) + ["label", *series])
    return frame.rename(columns={"panel": _header("panel", lang), "label": _header(category or "category", lang)})


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _panel_titles(figure: go.Figure, traces) -> dict | None:
    """Small multiples: x axis name -> its panel's title (make_subplots writes the titles in the axes' order)."""
    axes = list(dict.fromkeys(getattr(trace, "xaxis", None) or "x" for trace in traces))
    if len(axes) < 2:
        return None
    titles = [_plain(a.text) for a in figure.layout.annotations if a.yanchor == "bottom" and a.showarrow is False]
    order = sorted(axes, key=lambda axis: int(axis[1:] or 1))
    return {axis: titles[index] if index < len(titles) else axis for index, axis in enumerate(order)}


def _drawn_bottom_up(figure: go.Figure, traces) -> bool:
    """Horizontal bars are drawn from the bottom up unless the axis is reversed; the table reads top down."""
    horizontal = any(getattr(trace, "orientation", None) == "h" for trace in traces)
    return horizontal and figure.layout.yaxis.autorange != "reversed"


def _map_table(traces, lang: str) -> pd.DataFrame:
    records: dict[str, dict] = {}
    series = []
    for trace in traces:
        if trace.type not in ("choroplethmap", "choropleth", "choroplethmapbox"):
            continue
        name = _plain(trace.name) or _header("value", lang)
        values = list(trace.z) if trace.z is not None else []
        columns = _values(trace, name, values, lang)
        for index, code in enumerate(trace.locations):
            row = records.setdefault(str(code), {"code": str(code), "name": _label(trace, index, code)})
            if _role(trace) != NO_DATA:  # a placeholder only lists its areas
                for column, column_values in columns.items():
                    row[column] = column_values[index]
        if _role(trace) != NO_DATA:
            series += [c for c in columns if c not in series]
    frame = pd.DataFrame([{"code": r["code"], "name": r["name"], **{s: r.get(s, float("nan")) for s in series}}
                          for r in records.values()], columns=["code", "name", *series])
    frame = frame.sort_values("name", kind="stable").reset_index(drop=True)
    return frame.rename(columns={"code": _header("code", lang), "name": _header("area", lang)})


def _heatmap_table(trace, lang: str) -> pd.DataFrame:
    columns = [_plain(x) for x in trace.x]
    frame = pd.DataFrame([list(row) for row in trace.z], columns=columns)
    frame.insert(0, _header("category", lang), [_plain(y) for y in trace.y])
    return frame


def _plotly_table(trace) -> pd.DataFrame:
    headers = [_plain(h) for h in trace.header.values]
    columns = [[_plain(v) if isinstance(v, str) else v for v in column] for column in trace.cells.values]
    return pd.DataFrame(dict(zip(headers, columns, strict=False)))


def _sunburst_table(trace, lang: str) -> pd.DataFrame:
    notes = trace.hovertext or [""] * len(trace.labels)
    return pd.DataFrame({_header("name", lang): [_plain(label) for label in trace.labels],
                         _header("parent", lang): [_plain(parent) for parent in trace.parents],
                         _header("value", lang): list(trace.values),
                         _header("note", lang): [_plain(text) for text in notes]})


def _notes(figure: go.Figure, lang: str) -> tuple[str, ...]:
    """Named reference lines ("Nasjonalt: 12,3"; a name that holds its number already is kept as it is) and the
    unit (the value axis' title or the colour bar's)."""
    notes = []
    for shape in figure.layout.shapes:
        if not shape.name or shape.type != "line":
            continue
        vertical = shape.x0 == shape.x1 and str(shape.yref or "").endswith(("paper", "domain"))
        value = shape.x0 if vertical else shape.y0
        label = _plain(shape.name)
        notes.append(label if re.search(r"\d", label) else f"{label}: {number(float(value), lang, 2)}")
    unit = _unit(figure)
    if unit:
        notes.append(t("chart_table.unit", lang, unit=unit))
    return tuple(notes)


def _unit(figure: go.Figure) -> str:
    for trace in figure.data:
        colorbar = getattr(trace, "colorbar", None)
        if trace.type.startswith("choropleth") and colorbar is not None and colorbar.title.text:
            return _plain(colorbar.title.text)
    horizontal = any(getattr(trace, "orientation", None) == "h" for trace in figure.data)
    axis = figure.layout.xaxis if horizontal else figure.layout.yaxis
    return _plain(axis.title.text) if axis.title.text else ""
