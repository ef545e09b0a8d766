"""The profile as a PDF report, built only when asked for: a button first, then the download.

A callable passed to st.download_button (Streamlit 1.67) would also build on click, but on a separate
thread where an error cannot reach the user and no spinner shows; the report takes a few seconds, so
we build it in the open, in a fragment (no rerun of the whole page), and keep the bytes for this session.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import data
from core import targets
from core.errors import UserError
from core.exports import stem as file_stem
from core.i18n import t
from reports.profile_pdf import FontMissingError, profile_pdf


@st.fragment
def pdf_download(area_level: str, code: str, lang: str, key: str) -> None:
    """'Make PDF report', then 'Download PDF report' for this area and language (rebuilt when they change)."""
    stored = f"{key}_pdf"
    # A changed local target changes the scores, so it asks for a new report too.
    request = (area_level, code, lang, targets.version())
    built = st.session_state.get(stored)
    slot = st.empty()  # the make button, then in its place the download (not both, one under the other)
    if built is None or built[0] != request:
        if not slot.button(t("pdf.make", lang), key=f"{key}_make", icon=":material/picture_as_pdf:"):
            return
        slot.empty()
        pdf = build(area_level, code, lang)
        if pdf is None:
            return
        built = st.session_state[stored] = (request, pdf)
    slot.download_button(t("pdf.download", lang), built[1],
                         file_name=f"{file_stem('profile', lang, code)}_{date.today()}.pdf",
                       mime="application/pdf", key=f"{key}_download", icon=":material/download:",
                       on_click="ignore")


def build(area_level: str, code: str, lang: str) -> bytes | None:
    """The PDF bytes, or None after telling the user, in their language, why not."""
    with st.spinner(t("pdf.making", lang)):
        try:
            return profile_pdf(area_level, code, lang, area=data.area_profile(area_level, code))  # as on the page
        except UserError as error:
            st.error(t(error.key, lang, **error.values))
        except FontMissingError as error:
            st.error(t("pdf.failed", lang, reason=str(error)))
    return None
