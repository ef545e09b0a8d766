"""The one place a page's unexpected error ends: logged in full for the operator, one sentence for the reader.

Streamlit's own error box would show the traceback, file paths and SQL with its parameters (and
client.showErrorDetails = "none" in .streamlit/config.toml hides what might still slip past this).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from components import log_context
from core import faults, logs
from core.i18n import t

LOGGER = "dashboard.pages"
RETRY_SECONDS = 30


def show(error: BaseException, lang: str, where: str = "", user: str | None = None) -> None:
    """Log the error (with its traceback where it is ours) and tell the reader what it means, in their language."""
    kind = faults.kind(error)
    log_context.bind()  # also when the error came before the sidebar bound this run
    if kind is None:
        logs.event("page.error", logging.ERROR, LOGGER, exc_info=error, user=user, page=where or "-",
                   error_type=type(error).__name__)
    else:
        logs.event(f"page.database_{kind}", logging.WARNING, LOGGER, user=user, page=where or "-",
                   detail=str(getattr(error, "orig", None) or error)[:300])
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
