"""Which session and user the log lines of this script run belong to (core/logs.py), from Streamlit's run context.

The session is named by a short hash of Streamlit's session id: enough to follow one browser tab through the log,
and not the id itself, which a reader could use to address that session.
"""

from __future__ import annotations

import hashlib

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from core import logs


def session_name() -> str | None:
    context = get_script_run_ctx(suppress_warning=True)
    if context is None:
        return None
    return hashlib.sha256(context.session_id.encode()).hexdigest()[:12]


def bind(identity=None) -> None:
    """Bind this run's session and user (the identity given, else the one the session holds); JSON logs on."""
    logs.configure()
    identity = identity if identity is not None else st.session_state.get("identity")
    logs.bind(session_name(), getattr(identity, "username", None) or None)
