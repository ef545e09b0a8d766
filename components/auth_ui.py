"""Login and logout in the sidebar, the current identity, idle expiry, the new password asked for after a reset,
and the role check every restricted page makes.

A session ends after SESSION_IDLE_MINUTES without a run (any click or change reruns the script; a fragment's own
reruns do not count), and logging out or expiring clears st.session_state entirely but the language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import streamlit as st

from components import log_context
from components.forms import submit_form
from core import auth, dates, faults, passwords, permissions
from core.config import settings
from core.i18n import t
from core.markup import inert_values, plain

_KEY = "identity"
PENDING = "password_change_for"  # an identity that logged in with a password it must change before anything else
LAST_ACTIVITY = "last_activity"  # when this session last ran while logged in (aware, UTC)
_NOTICE = "_session_notice"  # (key, values) shown once after a logout or an expiry
KEPT = ("lang",)  # what a logout leaves in session state


def oidc_configured() -> bool:
    """True when Streamlit's secrets configure an OpenID Connect provider (both checks raise without secrets)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def source() -> str | None:
    """The client's address, the per-source login slowdown's key: as Streamlit sees it (None on localhost), or, when
    the connection comes from a trusted reverse proxy (TRUSTED_PROXIES), the X-Real-IP the proxy set."""
    try:
        address = st.context.ip_address
        headers = st.context.headers
    except Exception:  # noqa: BLE001 - outside a browser session (a bare script run)
        return None
    address = address if isinstance(address, str) else None  # AppTest's client is a mock
    forwarded = headers.get("X-Real-IP") if hasattr(headers, "get") else None
    return auth.client_address(address, forwarded, settings().trusted_proxies)


def _oidc_logged_in() -> bool:
    try:
        return oidc_configured() and bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001 - st.user raises when auth is half configured
        return False


def end_session(notice: str = "auth.logged_out", **values) -> None:
    """Log out: everything this session held is forgotten but the language, the OpenID Connect login too; the
    notice is shown once on the next run."""
    oidc = _oidc_logged_in()
    for key in list(st.session_state.keys()):
        if key not in KEPT:
            del st.session_state[key]
    st.session_state[_NOTICE] = (notice, values)
    if oidc:
        st.logout()


def _expired() -> bool:
    """True when a logged-in session has been idle longer than allowed; marks this run as activity otherwise."""
    if st.session_state.get(_KEY) is None and st.session_state.get(PENDING) is None:
        return False
    now, last = dates.utc_now(), st.session_state.get(LAST_ACTIVITY)
    if last is not None and now - last > timedelta(minutes=settings().session_idle_minutes):
        return True
    st.session_state[LAST_ACTIVITY] = now
    return False


def oidc_identity(user: Mapping) -> auth.Identity:
    """The identity of an OpenID Connect login (st.user): the role only for an e-mail the provider has verified."""
    verified = user.get("email_verified")
    verified = verified is True or str(verified).lower() == "true"  # a boolean claim; some providers send "true"
    return auth.identity_for_oidc(str(user.get("email") or ""), verified=verified, source=source())


def current() -> auth.Identity:
    """Who is logged in, as the database knows them on this run. The session ends (everything it held is cleared)
    when it was idle longer than SESSION_IDLE_MINUTES, and at once when the account was deactivated or its password
    reset or changed elsewhere; a changed role applies at once."""
    if _expired():
        end_session("auth.session_expired", minutes=settings().session_idle_minutes)
        st.rerun()
    identity = st.session_state.get(_KEY)
    if identity is not None:
        now = auth.refreshed(identity)
        if not now.role:
            end_session("auth.session_ended")
            st.rerun()
        if now != identity:
            st.session_state[_KEY] = now
        return now
    if oidc_configured():
        try:
            if st.user.is_logged_in:
                identity = oidc_identity(st.user)
                st.session_state[_KEY] = identity
                st.session_state[LAST_ACTIVITY] = dates.utc_now()
                return identity
        except Exception:  # noqa: BLE001 - st.user raises when auth is half configured
            pass
    return auth.VIEWER


def _log_in(identity: auth.Identity) -> None:
    """A correct password: logged in, or first asked for a new one when an administrator has reset it."""
    st.session_state[PENDING if identity.must_change_password else _KEY] = identity
    st.session_state[LAST_ACTIVITY] = dates.utc_now()


def _password_changed(pending: auth.Identity, password: str, repeated: str) -> auth.Identity:
    identity = auth.change_password(pending, password, repeated)
    st.session_state.pop(PENDING, None)
    st.session_state[_KEY] = identity
    return identity


def change_password_first(lang: str) -> None:
    """After logging in with a password an administrator reset: the form for a new one, and nothing else."""
    pending = st.session_state[PENDING]
    st.title(t("auth.change.title", lang))
    st.info(t("auth.change.intro", lang, minimum=auth.MIN_PASSWORD))
    with st.form("change_password"):
        st.text_input(t("auth.username", lang), value=pending.username, disabled=True)
        password = st.text_input(t("auth.change.new", lang), type="password", key="new_password",
                                 max_chars=passwords.MAX_PASSWORD)
        repeated = st.text_input(t("auth.change.repeat", lang), type="password", key="repeat_password",
                                 max_chars=passwords.MAX_PASSWORD)
        submit_form(st.form_submit_button(t("auth.change.submit", lang)), lang,
                    lambda: _password_changed(pending, password, repeated), "auth.change.done")
    if st.button(t("auth.change.cancel", lang), key="cancel_password_change"):
        end_session()
        st.rerun()
    st.stop()


def sidebar(lang: str) -> auth.Identity:
    """The login form, or who is logged in and a logout button; after a password reset, the form for a new one
    before anything else (the page is not run)."""
    identity = current()
    log_context.bind(identity)  # this run's log lines (a login, a change, a page's error) name session and user
    notice = st.session_state.pop(_NOTICE, None)
    with st.sidebar:
        if notice:
            st.info(t(notice[0], lang, **notice[1]), icon=":material/logout:")
        if identity.role:
            st.caption(t("auth.logged_in_as", lang, name=plain(identity.display_name),
                         role=t(f"role.{identity.role}", lang)))
            if st.button(t("auth.logout", lang), key="logout"):
                end_session()
                st.rerun()
            return identity
    if st.session_state.get(PENDING) is not None:
        change_password_first(lang)
    with st.sidebar:
        # A toggle, not an expander: the form's widgets are built only when someone wants to log in.
        if st.toggle(t("auth.login", lang), key="show_login"):
            if oidc_configured() and st.button(t("auth.login_oidc", lang), key="login_oidc"):
                st.login()
            with st.form("login", border=False):
                username = st.text_input(t("auth.username", lang), key="login_username", max_chars=200)
                password = st.text_input(t("auth.password", lang), type="password", key="login_password",
                                         max_chars=passwords.MAX_PASSWORD)
                if st.form_submit_button(t("auth.login", lang)):
                    try:
                        _log_in(auth.authenticate(username, password, source=source()))
                        st.rerun()
                    except (auth.AuthError, faults.Unavailable) as error:  # a read-only or locked database too
                        st.error(t(error.key, lang, **inert_values(error.values)))
    return identity


def require_page(lang: str, page: str) -> auth.Identity:
    """First thing on every restricted page: stop unless the permission table opens the page to this role."""
    identity = current()
    if not permissions.may_open(identity.role, page):
        roles = permissions.roles_for_page(page)
        st.error(t("auth.no_access", lang, roles=", ".join(t(f"role.{r}", lang) for r in roles)))
        st.stop()
    return identity
