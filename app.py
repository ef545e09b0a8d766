"""Entry point: page config, navigation, the shared sidebar and link validation."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import OperationalError, ProgrammingError

from components import data, sidebar, url_state
from core.i18n import t

st.set_page_config(page_title="Bærekraftsnettverket", page_icon="🌍", layout="wide")

lang = url_state.language()
url_state.check_unknown_params()
try:
    data.warm_up()
except (OperationalError, ProgrammingError):
    st.error(t("error.no_database", lang))
    st.stop()

sidebar.render(lang)
lang = st.session_state["lang"]
pages = {
    t("section.dashboards", lang): [
        st.Page("app_pages/overview.py", title=t("page.overview", lang), icon="🗺️", url_path="oversikt", default=True),
        st.Page("app_pages/profile.py", title=t("page.profile", lang), icon="🏘️", url_path="kommuneprofil"),
        st.Page("app_pages/compare.py", title=t("page.compare", lang), icon="⚖️", url_path="sammenlign"),
        st.Page("app_pages/progress.py", title=t("page.progress", lang), icon="🎯", url_path="mot-2030"),
        st.Page("app_pages/map_explorer.py", title=t("page.map", lang), icon="🧭", url_path="kart"),
        st.Page("app_pages/methodology.py", title=t("page.methodology", lang), icon="📐", url_path="metode"),
    ],
}
navigation = st.navigation(pages)
with st.sidebar:
    st.caption(t("footer.credit", lang))
navigation.run()
