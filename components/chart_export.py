"""A PNG download for any plotly chart: built only when clicked, with its legend and source line.

    png_download(figure, "radar_0301", "Kilde: SSB", lang, key="profile_radar_png")

Drawing the button costs nothing more than the button: the image is made by a callable that Streamlit
runs on the click (st.download_button's deferred data), through the warm kaleido browser in core.images.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
import streamlit as st

from charts import images
from core.i18n import t

PNG_SIZE = (1600, 900)  # 16:9, sharp on a projector and in a document


def png_download(figure: go.Figure, name: str, source_line: str, lang: str, key: str,
                 size: tuple[int, int] = PNG_SIZE, title: str | None = None) -> None:
    """A download button for the figure as PNG; name becomes the file name (made safe), key must be unique."""
    width, height = size

    def build() -> bytes:
        return images.png_with_source(figure, source_line, width=width, height=height, title=title)

    st.download_button(
        t("presentation.png", lang), data=build, file_name=f"{safe_file_name(name)}.png", mime="image/png",
        key=key, help=t("presentation.png_help", lang), icon=":material/image:", on_click="ignore",
        type="tertiary",
    )


def safe_file_name(name: str) -> str:
    """Letters, digits, - and _ only (æøå kept), so the name works on every system."""
    cleaned = re.sub(r"[^\w\-]+", "_", name, flags=re.UNICODE).strip("_")
    return cleaned or "chart"
