"""CSV and Excel downloads of a table exactly as shown; the Excel file is built once per table, not per rerun."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from core.i18n import t

EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False, max_entries=16)
def excel_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31])  # Excel's limit on sheet names
    return buffer.getvalue()


def table_downloads(frame: pd.DataFrame, name: str, sheet: str, lang: str, key: str, columns=None) -> None:
    """A CSV and an Excel button side by side (in the two given columns, or new ones)."""
    csv_column, excel_column = columns or st.columns([1, 1, 4])[:2]
    csv_column.download_button(t("overview.download_csv", lang), frame.to_csv(index=False).encode("utf-8"),
                               file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv")
    excel_column.download_button(t("compare.download_excel", lang), excel_bytes(frame, sheet),
                                 file_name=f"{name}.xlsx", mime=EXCEL_MIME, key=f"{key}_excel")
