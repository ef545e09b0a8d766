"""A section whose content is drawn only when the reader opens it, and which stays open when its title changes.

    section = lazy_section(title, key="progress_open_low_income_eu60")
    if section.open:
        with section:
            ...  # drawn only now

st.expander(..., on_change="rerun") is Streamlit's lazy pattern: `.open` says whether the reader opened it, and
opening it reruns the fragment around it. Streamlit identifies an expander by its title, so a new title (another
language, another municipality's values in it) would start a new, closed section: its key still holds whether it
was open, and it starts that way under its new title.
"""

from __future__ import annotations

import streamlit as st


def lazy_section(title: str, key: str, **options):
    # The key holds whether the section was open at the end of the last run, also when the title has changed since.
    return st.expander(title, expanded=bool(st.session_state.get(key)), key=key, on_change="rerun", **options)
