"""The sidebar shared by every page: language and municipality search."""

from __future__ import annotations

import streamlit as st

from components import data, url_state
from core.i18n import LANGUAGES, t

LANGUAGE_NAMES = {"nb": "Norsk bokmål", "en": "English"}


def prepare() -> None:
    """Put the link's municipality into session state before the page runs (the widget is drawn later)."""
    url_state.seed("kommune", _labels(), None, message="warning.unknown_municipality")


def _labels() -> dict[str, str]:
    municipalities = data.municipalities()
    return dict(zip(municipalities.code, municipalities.label, strict=True))


def render(lang: str) -> str | None:
    """Draw the shared controls; return the chosen municipality code (or None).

    Widget values live in session state before a rerun starts, so the page can run first and these
    controls be drawn after it (app.py).
    """
    with st.sidebar:
        st.selectbox(t("sidebar.language", lang), LANGUAGES, key="lang", format_func=LANGUAGE_NAMES.get)
        url_state.publish("lang", st.session_state["lang"], default="nb")
        lang = st.session_state["lang"]
        labels = _labels()  # app.py seeded the link's municipality before the page ran (prepare)
        code = st.selectbox(
            t("sidebar.municipality", lang),
            list(labels),
            key="kommune",
            format_func=labels.get,
            index=None,
            placeholder=t("sidebar.municipality_placeholder", lang),
        )
        url_state.publish("kommune", code)
    return code
