"""Streamlit's own "No results" in an open selectbox or multiselect, said in the interface's language.

Streamlit 1.67 writes the text into the dropdown with no parameter to change it (frontend Selectbox/Multiselect:
renderEmptyState). The style sheet hides it and writes our words in its place, keyed on the empty state's styled
span (its emotion class in the pinned Streamlit's bundle); tests/browser/test_empty_dropdown_browser.py reads the
words off the page, so an upgrade that renames the class fails there instead of turning English again.
The app never sets max_selections, so the multiselect's empty state only ever says "No results".
"""

from __future__ import annotations

import json

import streamlit as st

from core.i18n import t

EMPTY_STATE_CLASSES = ("equpb2c9", "eo2qvtu11")  # Selectbox, Multiselect (streamlit 1.67.x)


def apply(lang: str) -> None:
    words = json.dumps(t("search.no_results", lang))  # a CSS string: quoted and escaped as JSON quotes it
    selectors = ",".join(f"span.{name}" for name in EMPTY_STATE_CLASSES)
    after = ",".join(f"span.{name}::after" for name in EMPTY_STATE_CLASSES)
    st.html(f"<style>{selectors}{{font-size:0 !important}}{after}{{content:{words};font-size:0.875rem}}</style>")
