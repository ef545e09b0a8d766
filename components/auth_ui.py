"""Login and logout in the sidebar, the current identity, and the role check every restricted page makes."""

from __future__ import annotations

import streamlit as st

from core import auth, permissions
from core.i18n import t

_KEY = "identity"


def oidc_configured() -> bool:
    """True when Streamlit's secrets configure an OpenID Connect provider (both checks raise without secrets)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def current() -> auth.Identity:
    """Who is logged in, as the database knows them on this run: a deactivated account is logged out at once."""
    identity = st.session_state.get(_KEY)
    if identity is not None:
        now = auth.refreshed(identity)
        if now != identity:
            if now.role:
                st.session_state[_KEY] = now
            else:
                st.session_state.pop(_KEY, None)
        return now
    if oidc_configured():
        try:
            if st.user.is_logged_in:
                identity = auth.identity_for_oidc(str(st.user.get("email", "")))
                st.session_state[_KEY] = identity
                return identity
        except Exception:  # noqa: BLE001 - st.user raises when auth is half configured
            pass
    return auth.VIEWER


def sidebar(lang: str) -> auth.Identity:
    """The login form, or who is logged in and a logout button."""
    identity = current()
    with st.sidebar:
        if identity.role:
            st.caption(t("auth.logged_in_as", lang, name=identity.display_name, role=t(f"role.{identity.role}", lang)))
            if st.button(t("auth.logout", lang), key="logout"):
                st.session_state.pop(_KEY, None)
                if oidc_configured():
                    st.logout()
                st.rerun()
            return identity
        # A toggle, not an expander: the form's widgets are built only when someone wants to log in.
        if st.toggle(t("auth.login", lang), key="show_login"):
            if oidc_configured() and st.button(t("auth.login_oidc", lang), key="login_oidc"):
                st.login()
            with st.form("login", border=False):
                username = st.text_input(t("auth.username", lang), key="login_username", max_chars=200)
                password = st.text_input(t("auth.password", lang), type="password", key="login_password",
                                         max_chars=1000)
                if st.form_submit_button(t("auth.login", lang)):
                    try:
                        st.session_state[_KEY] = auth.authenticate(username, password)
                        st.rerun()
                    except auth.AuthError as error:
                        st.error(t(error.key, lang, **error.values))
    return identity


def require_page(lang: str, page: str) -> auth.Identity:
    """First thing on every restricted page: stop unless the permission table opens the page to this role."""
    identity = current()
    if not permissions.may_open(identity.role, page):
        roles = permissions.roles_for_page(page)
        st.error(t("auth.no_access", lang, roles=", ".join(t(f"role.{r}", lang) for r in roles)))
        st.stop()
    return identity
