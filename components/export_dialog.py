"""One export button per page: a dialog with every chart of the page as PNG (legend and source line) and, on
the profile, the PDF report. Nothing is drawn until asked: the dialog opens on the click, and each image or
report is made on its own click (components.chart_export, components.pdf_download).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts import images
from components.chart_export import png_download
from components.downloads import table_downloads
from core import exports
from core.i18n import t


@dataclass(frozen=True)
class Chart:
    title: str  # as the page shows it
    file_name: str  # without .png
    figure: go.Figure | Callable[[], go.Figure]  # or a function that draws it, called only when the dialog opens
    source: str  # the source line written under the image
    # The title written in the image: what, where, when (image_title()), or a function of the drawn figure (its
    # years) when the figure is drawn only for the dialog; else title.
    image_title: str | Callable[[go.Figure], str] = ""


def image_title(what: str, where: str | None = None, when: str | None = None) -> str:
    """'Lavinntekt – Tromsø, 2015–2022': what the chart shows, for which area, over which years."""
    place = ", ".join(p for p in (where, when) if p)
    return f"{what} – {place}" if place else what


def national_place(level: str, lang: str) -> str:
    """Where a national map's values are: "Norge, kommuner", "Norway, counties"."""
    level_name = t("level.county" if level == "county" else "level.municipality", lang).lower()
    return t("export.norway_level", lang, level=level_name)


@dataclass(frozen=True)
class Table:
    title: str  # as the page shows it
    file_name: str  # without .csv / .xlsx
    frame: pd.DataFrame  # exactly as shown: translated headers, row labels as the index


def export_button(charts: Sequence[Chart], lang: str, key: str, report: tuple[str, str] | None = None,
                  scores: tuple[str, Callable[[str, str], bytes]] | None = None, tables: Sequence[Table] = ()) -> None:
    """A small button that opens the export dialog.

    report = (area_level, code) adds the PDF profile report; scores = (code, make_csv) the scores export;
    tables are offered as CSV and Excel.
    """
    if st.button(t("export.open", lang), key=key, icon=":material/ios_share:", type="tertiary",
                 help=t("export.help", lang)):
        images.warm_up_in_background()  # the browser that draws the PNGs starts while the user chooses
        st.dialog(t("export.title", lang), width="large")(_export_dialog)(charts, lang, key, report, scores, tables)


def _export_dialog(charts: Sequence[Chart], lang: str, key: str, report: tuple[str, str] | None,
                   scores: tuple[str, Callable[[str, str], bytes]] | None, tables: Sequence[Table]) -> None:
    if report is not None or scores is not None:
        st.markdown(f"**{t('export.report', lang)}**")
    if report is not None:
        from components.pdf_download import pdf_download

        pdf_download(*report, lang, key=f"{key}_pdf")
    if scores is not None:
        code, make_csv = scores
        st.download_button(t("profile.download_scores", lang), lambda: make_csv(code, lang),
                           file_name=exports.file_name("scores", lang, code),
                           mime="text/csv", key="download_scores", icon=":material/table:", on_click="ignore")
    st.markdown(f"**{t('export.charts', lang)}**")
    for number, chart in enumerate(charts):
        text, button = st.columns([3, 1], vertical_alignment="center")
        text.write(chart.title)
        with button:
            figure = chart.figure() if callable(chart.figure) else chart.figure
            title = chart.image_title(figure) if callable(chart.image_title) else chart.image_title
            png_download(figure, chart.file_name, chart.source, lang, key=f"{key}_png_{number}",
                         title=title or chart.title)
    st.caption(t("export.png_note", lang))
    if tables:
        st.markdown(f"**{t('export.tables', lang)}**")
    for number, table in enumerate(tables):
        text, csv_button, excel_button = st.columns([2, 1, 1], vertical_alignment="center")
        text.write(table.title)
        table_downloads(table.frame, table.file_name, table.title, lang, f"{key}_table_{number}",
                        columns=(csv_button, excel_button), index=True)


def score_source(catalogue: dict, lang: str) -> str:
    """The source line of a chart of scores: the scored indicators' publishers and the method."""
    return t("presentation.source.profile", lang, publishers=_publishers(catalogue))


def values_source(catalogue: dict, lang: str) -> str:
    """The source line of a chart of several scored indicators' values."""
    return t("presentation.source", lang, source=_publishers(catalogue))


def _publishers(catalogue: dict) -> str:
    found = dict.fromkeys(spec.source_label.split(",")[0].strip() for spec in catalogue.values() if spec.direction)
    return ", ".join(found) or "SSB"


def indicator_source(spec, lang: str) -> str:
    """The source line of a chart of one indicator's values."""
    return t("presentation.source", lang, source=spec.source_label)
