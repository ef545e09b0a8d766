"""The app's style sheet for narrow screens (a phone, 390 px wide): goal tiles in two columns, charts and maps no
wider than the screen, nothing that scrolls sideways. Injected once per run by app.py, like accessibility_style.

Streamlit already stacks st.columns below 640 px; what it cannot know is the width of our own HTML (the profile's
goal tiles are a fixed grid of four, components/status_matrix.py) and of plotly figures drawn before the page had
its final width.
"""

from __future__ import annotations

import streamlit as st

PHONE_MAX_WIDTH = 640  # Streamlit's own breakpoint for stacking columns
TILE_COLUMNS_ON_PHONE = 2

CSS = (
    "<style>"
    f"@media (max-width:{PHONE_MAX_WIDTH}px){{"
    # The goal tiles (components/status_matrix.py): two a row, each allowed to shrink below its content's width.
    f".sdg-grid{{grid-template-columns:repeat({TILE_COLUMNS_ON_PHONE},minmax(0,1fr)) !important}}"
    ".sdg-tile{min-width:0;overflow-wrap:anywhere}"
    # Plotly charts and print maps: never wider than their column (the Leaflet map's frame follows its column).
    "[data-testid='stPlotlyChart'],[data-testid='stPlotlyChart'] .js-plotly-plot,"
    "[data-testid='stPlotlyChart'] .plot-container,[data-testid='stPlotlyChart'] .svg-container"
    "{max-width:100% !important}"
    # Tables and code scroll inside themselves, not the page.
    "[data-testid='stDataFrame'],[data-testid='stTable'],[data-testid='stCode'],[data-testid='stHtml']"
    "{max-width:100%;overflow-x:auto}"
    "}"
    "</style>"
)


def apply() -> None:
    """Inject the style sheet (once per script run, before the page draws)."""
    st.html(CSS)
