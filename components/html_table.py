"""A static table as one HTML element.

st.table renders every cell as Markdown (Streamlit 1.67): a 30 × 7 table costs the browser two hundred
Markdown renders. Our tables hold plain text and numbers, so one escaped HTML table draws the same for
a fraction of the time.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

STYLE = (
    "<style>.plain-table{border-collapse:collapse;font-size:.9rem;margin-bottom:.5rem}"
    ".plain-table th,.plain-table td{border:1px solid rgba(49,51,63,.12);padding:.3rem .6rem;text-align:left}"
    ".plain-table thead th{background:rgba(49,51,63,.04);font-weight:600}"
    ".plain-table.numbers td{text-align:right;font-variant-numeric:tabular-nums}</style>"
)


def html_table(frame: pd.DataFrame, index: bool = True, numbers: bool = False) -> None:
    """Draw the frame as a plain table, every value escaped; numbers=True right-aligns the data cells."""
    st.html(STYLE + table_markup(frame, index, numbers))


def table_markup(frame: pd.DataFrame, index: bool = True, numbers: bool = False) -> str:
    classes = "plain-table numbers" if numbers else "plain-table"
    if index and frame.index.name:  # a named index as the first column, not as a second header row
        frame, index = frame.reset_index(), False
    return frame.to_html(index=index, escape=True, border=0, classes=classes, na_rep="")
