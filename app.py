"""Entry point: page config, navigation by role, the shared sidebar, login and link validation."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import OperationalError, ProgrammingError

from components import auth_ui, data, sidebar, url_state
from core.i18n import t

st.set_page_config(page_title="Bærekraftsnettverket", page_icon=":material/public:", layout="wide")

lang = url_state.language()
url_state.check_unknown_params()
try:
    data.warm_up()
except (OperationalError, ProgrammingError):
    st.error(t("error.no_database", lang))
    st.stop()

sidebar.render(lang)
lang = st.session_state["lang"]
identity = auth_ui.sidebar(lang)


def page(path: str, key: str, icon: str, url_path: str, default: bool = False) -> st.Page:
    return st.Page(path, title=t(key, lang), icon=icon, url_path=url_path, default=default)


# Material icons ship with Streamlit; emoji cost a font-fallback search on every load (0.4 s measured here).
pages = {
    t("section.dashboards", lang): [
        page("app_pages/overview.py", "page.overview", ":material/map:", "oversikt", default=True),
        page("app_pages/profile.py", "page.profile", ":material/location_city:", "kommuneprofil"),
        page("app_pages/compare.py", "page.compare", ":material/compare_arrows:", "sammenlign"),
        page("app_pages/progress.py", "page.progress", ":material/flag:", "mot-2030"),
        page("app_pages/map_explorer.py", "page.map", ":material/explore:", "kart"),
        page("app_pages/presentation.py", "page.presentation", ":material/slideshow:", "presentasjon"),
        page("app_pages/methodology.py", "page.methodology", ":material/functions:", "metode"),
    ],
}
# Restricted pages are listed only for their roles; each page also checks the role itself, first thing.
own_data = page("app_pages/uploads.py", "page.uploads", ":material/upload_file:", "opplasting")
if identity.role == "coordinator":
    pages[t("section.network", lang)] = [
        page("app_pages/application.py", "page.application", ":material/edit_note:", "soknad"),
        own_data,
    ]
if identity.is_secretariat:
    pages[t("section.network", lang)] = [
        page("app_pages/members.py", "page.members", ":material/groups:", "medlemmer"),
        page("app_pages/fees.py", "page.fees", ":material/payments:", "kontingent"),
        page("app_pages/steering.py", "page.steering", ":material/gavel:", "styringsgruppe"),
        page("app_pages/meetings.py", "page.meetings", ":material/event:", "moter"),
        page("app_pages/report.py", "page.report", ":material/description:", "arsrapport"),
        page("app_pages/audit_log.py", "page.audit", ":material/history:", "endringslogg"),
        own_data,
    ]
if identity.is_admin:
    pages[t("section.admin", lang)] = [
        page("app_pages/users.py", "page.users", ":material/manage_accounts:", "brukere"),
        page("app_pages/ssb_refresh.py", "page.ssb_refresh", ":material/cloud_sync:", "ssb"),
    ]
navigation = st.navigation(pages, expanded=True)  # every page visible: the secretariat has more than ten
with st.sidebar:
    st.caption(t("footer.credit", lang))
navigation.run()
