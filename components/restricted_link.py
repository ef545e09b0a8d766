"""A restricted page's link opened by someone the permission table does not open it to.

Left out of the navigation, the link would fall back to the default page under Streamlit's English "Page not found"
dialog. Instead the url path gets a hidden stand-in page that says why (log in, or no access); after a login the
navigation is built again with the real page at the same path, so the visitor lands where the link pointed.
"""

from __future__ import annotations

import streamlit as st

from core.i18n import t


def stand_in(url_path: str, role: str | None, lang: str) -> st.Page:
    """A hidden page at url_path that asks an anonymous visitor to log in, and tells a logged-in one there is no
    access for their role."""
    title = t("restricted.title" if role is None else "restricted.no_access_title", lang)

    def refuse() -> None:
        st.title(title)
        if role is None:
            st.info(t("restricted.log_in", lang), icon=":material/lock:")
        else:
            st.warning(t("restricted.no_access", lang), icon=":material/lock:")
        st.page_link("app_pages/home.py", label=t("restricted.back", lang), icon=":material/home:")

    return st.Page(refuse, title=title, icon=":material/lock:", url_path=url_path, visibility="hidden")
