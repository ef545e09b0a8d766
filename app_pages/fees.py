"""Kontingent / Fees: the yearly tariff and the fee list with each member's basis, as CSV and Excel."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import auth_ui
from components.downloads import table_downloads
from components.forms import submit_form
from core.i18n import number, t
from core.network import fees

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "fees")

st.title(t("page.fees", lang))
known = {tariff.year: tariff for tariff in fees.tariffs()}
year = st.number_input(
    t("fee.year", lang), min_value=2020, max_value=2100, value=date.today().year, step=1, key="fee_year"
)
current = known.get(int(year))
with st.form("tariff"):
    st.subheader(t("fee.tariff", lang))
    columns = st.columns(3)
    rate = columns[0].number_input(
        t("fee.rate", lang), value=current.rate_per_inhabitant if current else 0.0, step=0.1, format="%.2f"
    )
    floor = columns[1].number_input(t("fee.floor", lang), value=current.floor if current else 0.0, step=1000.0)
    cap = columns[2].number_input(t("fee.cap", lang), value=current.cap if current else 0.0, step=1000.0)
    counties = st.checkbox(t("fee.counties_pay_cap", lang), value=current.counties_pay_cap if current else True)
    reference = st.text_input(t("fee.reference", lang), value=current.reference if current else "", max_chars=300)
    submit_form(st.form_submit_button(t("fee.save", lang)), lang,
                lambda: fees.set_tariff(identity, int(year), rate, floor, cap, counties, reference), "member.saved")

st.subheader(t("fee.list", lang, year=int(year)))
frame = fees.fee_list(int(year))
if frame.empty:
    st.info(t("fee.no_tariff", lang, year=int(year)))
    st.stop()
frame["kind"] = frame.kind.map(lambda k: t(f"member.kind.{k}", lang))
shown = frame.rename(columns={c: t(f"column.{c}", lang) for c in frame.columns})
st.dataframe(shown, hide_index=True, width="stretch", key="fee_list")
st.metric(t("fee.total", lang), f"{number(frame.fee.sum(), lang, 0)} kr")
st.caption(t("fee.basis_note", lang, year=int(year)))
table_downloads(shown, f"kontingent_{int(year)}", str(int(year)), lang, "fees")
