"""Entry point: page config, navigation by role, the shared sidebar, login and link validation."""

from __future__ import annotations

import streamlit as st

from components import (
    accessibility_style,
    auth_ui,
    data,
    empty_dropdown,
    faults,
    layout_css,
    restricted_link,
    sidebar,
    url_state,
)
from components.forms import show_message
from components.leaflet_map import warm_up as write_map_files
from core import permissions
from core.i18n import t

# An emoji favicon is drawn from a data: URL; a :material/…: favicon is fetched from fonts.gstatic.com.
st.set_page_config(page_title="Bærekraftsnettverket", page_icon="🌍", layout="wide")
accessibility_style.apply()  # readable captions and a visible keyboard focus on every page
layout_css.apply()  # a phone's width: goal tiles two a row, charts within the screen

lang = url_state.language()
url_state.check_unknown_params()
try:
    data.warm_up()
    write_map_files()  # the maps' geometry and script files under static/, fetched once and cached by the browser
except Exception as error:  # noqa: BLE001 - never built, briefly away (a build, a restart) or ours: said, logged
    faults.show(error, lang, "warm-up")
    st.stop()

try:
    sidebar.render(lang)
    lang = st.session_state["lang"]
    empty_dropdown.apply(lang)  # Streamlit's "No results" in the interface's language
    identity = auth_ui.sidebar(lang)
except Exception as error:  # noqa: BLE001 - the sidebar's reads meet the same faults as the pages
    faults.show(error, lang, "sidebar")
    st.stop()


def page(path: str, key: str, icon: str, url_path: str, default: bool = False) -> st.Page:
    return st.Page(path, title=t(key, lang), icon=icon, url_path=url_path, default=default)


# Material icons ship with Streamlit; emoji cost a font-fallback search on every load (0.4 s measured here).
pages = {
    t("section.dashboards", lang): [
        page("app_pages/home.py", "page.home", ":material/home:", "forside", default=True),
        page("app_pages/overview.py", "page.overview", ":material/map:", "oversikt"),
        page("app_pages/profile.py", "page.profile", ":material/location_city:", "kommuneprofil"),
        page("app_pages/compare.py", "page.compare", ":material/compare_arrows:", "sammenlign"),
        page("app_pages/progress.py", "page.progress", ":material/flag:", "mot-2030"),
        page("app_pages/map_explorer.py", "page.map", ":material/explore:", "kart"),
        page("app_pages/presentation.py", "page.presentation", ":material/slideshow:", "presentasjon"),
        page("app_pages/cases.py", "page.cases", ":material/lightbulb:", "gode-eksempler"),
        page("app_pages/methodology.py", "page.methodology", ":material/functions:", "metode"),
    ],
}
# Restricted pages are listed as the permission table allows; each page also checks it itself, first thing.
RESTRICTED = {
    "section.network": [
        ("application", "page.application", ":material/edit_note:", "soknad"),
        ("members", "page.members", ":material/groups:", "medlemmer"),
        ("fees", "page.fees", ":material/payments:", "kontingent"),
        ("steering", "page.steering", ":material/gavel:", "styringsgruppe"),
        ("meetings", "page.meetings", ":material/event:", "moter"),
        ("report", "page.report", ":material/description:", "arsrapport"),
        ("audit_log", "page.audit", ":material/history:", "endringslogg"),
        ("uploads", "page.uploads", ":material/upload_file:", "opplasting"),
    ],
    "section.learning": [
        ("case_editor", "page.case_editor", ":material/edit_document:", "skriv-eksempel"),
        ("assessment", "page.assessment", ":material/checklist:", "selvevaluering"),
        ("partners", "page.partners", ":material/handshake:", "partnere"),
    ],
    "section.admin": [
        ("users", "page.users", ":material/manage_accounts:", "brukere"),
        ("ssb_refresh", "page.ssb_refresh", ":material/cloud_sync:", "ssb"),
    ],
}
for section, entries in RESTRICTED.items():
    allowed = [page(f"app_pages/{name}.py", key, icon, url_path) for name, key, icon, url_path in entries
               if permissions.may_open(identity.role, name)]
    if allowed:
        pages[t(section, lang)] = allowed
    # A link to a page this role may not open says why (log in / no access), instead of falling back to the default.
    pages[t("section.dashboards", lang)] += [restricted_link.stand_in(url_path, identity.role, lang)
                                            for name, _, _, url_path in entries
                                            if not permissions.may_open(identity.role, name)]
navigation = st.navigation(pages, expanded=True)  # every page visible: the secretariat has more than ten
with st.sidebar:
    st.caption(t("footer.credit", lang))
show_message()
# Every page's unexpected error ends here: logged, and one sentence for the reader (no traceback, path or SQL).
faults.guarded(navigation.run, lang, navigation.url_path, identity.username)
