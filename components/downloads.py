"""CSV and Excel downloads of a table exactly as shown; the Excel file is built once per table, not per rerun."""

from __future__ import annotations

import io
import re

import pandas as pd
import streamlit as st

from core.exports import csv_bytes, neutralise
from core.i18n import t

EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def excel_file(frame: pd.DataFrame, sheet: str) -> bytes:
    sheet = re.sub(r"[\[\]:*?/\\]", " ", sheet).strip()[:31] or "Sheet1"  # what Excel refuses in sheet names
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(frame).to_excel(writer, index=False, sheet_name=sheet)
    return buffer.getvalue()


def table_downloads(frame: pd.DataFrame, name: str, sheet: str, lang: str, key: str, columns=None,
                    index: bool = False) -> None:
    """A CSV and an Excel button side by side (in the two given columns, or new ones); each file is made on
    its click, not on every rerun. index=True keeps a table's row labels as its first column."""
    shown = frame.reset_index() if index else frame
    csv_column, excel_column = columns or st.columns([1, 1, 4])[:2]
    csv_column.download_button(t("overview.download_csv", lang), lambda: csv_bytes(shown, lang),
                               file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore")
    excel_column.download_button(t("compare.download_excel", lang), lambda: excel_file(shown, sheet),
                                 file_name=f"{name}.xlsx", mime=EXCEL_MIME, key=f"{key}_excel", on_click="ignore")
