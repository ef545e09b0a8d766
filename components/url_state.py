"""View state in query parameters, so that every view is a shareable link.

Each known parameter is validated once per session when the page is opened from a link; junk or
unknown values are dropped with a message in the user's language, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from core.markup import inert

KNOWN_PARAMS = (
    "lang", "kommune", "indicator", "level", "year", "area", "fylke", "goal", "trend", "peers", "k", "codes", "set",
    "measure", "slide", "slides", "goals", "kommuner",
    "case", "q", "target", "process", "member", "case_year", "english",  # good-practice cases (app_pages/cases.py)
)
_WARNINGS = "_url_warnings"


def language() -> str:
    """The interface language: session state, else ?lang=, else bokmål."""
    if "lang" not in st.session_state:
        requested = st.query_params.get("lang", DEFAULT_LANGUAGE)
        st.session_state["lang"] = requested if requested in LANGUAGES else DEFAULT_LANGUAGE
        if requested not in LANGUAGES:
            warn("warning.bad_value", name="lang", value=requested)
    return st.session_state["lang"]


def check_unknown_params() -> None:
    for name in list(st.query_params.keys()):
        if name not in KNOWN_PARAMS:
            warn("warning.unknown_param", name=name)
            del st.query_params[name]


def warn(key: str, **values) -> None:
    """Keep a message for the page; the values come from the link, so they are shown as inert text."""
    st.session_state.setdefault(_WARNINGS, []).append((key, {k: inert(v) for k, v in values.items()}))


def show_warnings(lang: str) -> None:
    for key, values in st.session_state.pop(_WARNINGS, []):
        st.warning(t(key, lang, **values), icon=":material/warning:")


def seed(key: str, options: Iterable, default, parse: Callable = str, message: str = "warning.bad_value",
         param: str | None = None):
    """Put the URL's value of param (default: key) into session state (once), if it is one of the options.

    Pages whose widgets differ in kind use their own keys for the same parameter: Streamlit keeps a
    widget's state in its own serialised form, so a selectbox's state misreads as a slider's.
    """
    if key in st.session_state:
        return
    param = param or key
    raw = st.query_params.get(param)
    options = list(options)
    if raw is None:
        st.session_state[key] = default
        return
    try:
        value = parse(raw)
    except (TypeError, ValueError):
        value = None
    if value in options:
        st.session_state[key] = value
    else:
        warn(message, name=param, value=raw)
        st.session_state[key] = default


def publish(key: str, value, default=None) -> None:
    """Mirror a widget's value into the URL; the default is left out to keep links short."""
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)


def seed_codes(key: str, param: str, known, message: str = "warning.unknown_codes") -> None:
    """A comma-separated list of codes from the URL into session state; unknown codes are reported."""
    if key in st.session_state:
        return
    raw = st.query_params.get(param, "")
    codes = [c.strip() for c in raw.split(",") if c.strip()]
    known = set(known)
    unknown = [c for c in codes if c not in known]
    if unknown:
        warn(message, value=", ".join(unknown))
    st.session_state[key] = list(dict.fromkeys(c for c in codes if c in known))
