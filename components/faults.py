"""The one place a page's unexpected error ends: logged in full for the operator, one sentence for the reader.

Streamlit's own error box would show the traceback, file paths and SQL with its parameters (and
client.showErrorDetails = "none" in .streamlit/config.toml hides what might still slip past this).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from core import faults
from core.i18n import t

log = logging.getLogger("dashboard.pages")
RETRY_SECONDS = 30


def show(error: BaseException, lang: str, where: str = "", user: str | None = None) -> None:
    """Log the error (with its traceback where it is ours) and tell the reader what it means, in their language."""
    kind = faults.kind(error)
    user = user or "-"
    if kind is None:
        log.error("unexpected error on page %s (user %s)", where or "-", user, exc_info=error)
    else:
        log.warning("database %s on page %s (user %s): %s", kind, where or "-", user,
                    getattr(error, "orig", None) or error)
    st.error(t(faults.message_key(error), lang), icon=":material/error:")
    if kind == faults.UNAVAILABLE:
        _recover_by_itself()


def guarded(run: Callable[[], object], lang: str, where: str = "", user: str | None = None) -> None:
    """Run the page; an exception (not Streamlit's own stop and rerun, which are not Exceptions) ends here."""
    try:
        run()
    except Exception as error:  # noqa: BLE001 - the one place every page's unexpected error is caught
        show(error, lang, where, user)


def _recover_by_itself() -> None:
    """Run the whole app again every RETRY_SECONDS while the database is away, so the page comes back by itself."""
    st.session_state["_faults_waiting"] = True

    @st.fragment(run_every=RETRY_SECONDS)
    def retry() -> None:
        if st.session_state.pop("_faults_waiting", False):
            return  # the run that showed the message
        st.rerun(scope="app")

    retry()
