"""The sidebar shared by every page: language and municipality search."""

from __future__ import annotations

import streamlit as st

from components import data, url_state
from components.municipality_search import municipality_select
from core.i18n import LANGUAGES, t

LANGUAGE_NAMES = {"nb": "Norsk bokmål", "en": "English"}


def render(lang: str) -> str | None:
    """Draw the shared controls; return the chosen municipality code (or None)."""
    with st.sidebar:
        st.selectbox(t("sidebar.language", lang), LANGUAGES, key="lang", format_func=LANGUAGE_NAMES.get,
                     placeholder=t("choose.option", lang))
        url_state.publish("lang", st.session_state["lang"], default="nb")
        lang = st.session_state["lang"]
        municipalities = data.municipalities()
        labels = dict(zip(municipalities.code, municipalities.label, strict=True))
        url_state.seed("kommune", labels, None, message="warning.unknown_municipality")
        code = municipality_select(t("sidebar.municipality", lang), labels, lang, key="kommune",
                                   placeholder=t("sidebar.municipality_placeholder", lang))
        url_state.publish("kommune", code)
    return code
