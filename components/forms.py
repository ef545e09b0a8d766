"""One way every form ends: call core, then a message that survives the rerun, or the error in the user's language."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.errors import UserError
from core.i18n import t
from core.markup import inert_values

_FLASH = "_flash_message"


def submit_form(submitted: bool, lang: str, action: Callable[[], object], success_key: str | None,
                rerun: bool = True, result_as: str | None = None, **values) -> object | None:
    """When the form was submitted: run the change; on success keep the message for the next run and rerun
    (so every widget shows the saved state), on a UserError show it here and change nothing. The result, or None.
    result_as names the message value that takes the action's result (e.g. the id of an import)."""
    if not submitted:
        return None
    try:
        result = action()
    except UserError as error:
        st.error(t(error.key, lang, **inert_values(error.values)))  # a refused value comes back as text
        return None
    if success_key:
        st.session_state[_FLASH] = t(success_key, lang, **inert_values(
            {**values, **({result_as: result} if result_as else {})}))
    if rerun:
        st.rerun()
    return result


def show_message() -> None:
    """The message of the change saved in the previous run, once (called by app.py before the page)."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.toast(message, icon=":material/check_circle:")
