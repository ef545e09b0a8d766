"""Årsrapport / Annual report: the secretariat's report of results, in bokmål or English."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import auth_ui, data
from core.i18n import LANGUAGES, t
from core.network.report import annual_report

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "report")

st.title(t("page.report", lang))
columns = st.columns(2)
year = columns[0].number_input(t("report.year", lang), min_value=2020, max_value=2100, value=date.today().year,
                               step=1, key="report_year")
report_lang = columns[1].radio(t("report.language", lang), LANGUAGES, horizontal=True, key="report_lang",
                               format_func={"nb": "Norsk bokmål", "en": "English"}.get)
goals = data.sdg_goals()
names = dict(zip(goals.number, goals.short_nb if report_lang == "nb" else goals.short_en, strict=True))
if st.button(t("report.download", lang), key="make_report"):
    with st.spinner():
        document = annual_report(int(year), report_lang, data.score_book(), names, list(data.municipalities().code))
    st.download_button(t("report.download", lang), document, file_name=f"baerekraftsnettverket_{int(year)}_"
                       f"{report_lang}.docx", key="report_file",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
