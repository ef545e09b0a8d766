"""A section whose content is drawn only when the reader opens it, and which stays open when its title changes.

    section = lazy_section(title, key="progress_open_low_income_eu60")
    if section.open:
        with section:
            ...  # drawn only now

st.expander(..., on_change="rerun") is Streamlit's lazy pattern: `.open` says whether the reader opened it, and
opening it reruns the fragment around it. Streamlit identifies an expander by its title, so a new title (another
language, another municipality's values in it) would start a new, closed section: its key still holds whether it
was open, and it starts that way under its new title. Under an unchanged title it stays the same element.
"""

from __future__ import annotations

import streamlit as st

DRAWN_AS = "_lazy_sections"  # session state: key -> (title, expanded) the section was last drawn with


def lazy_section(title: str, key: str, **options):
    # `expanded` is part of an expander's identity: changed, the section is drawn anew (its chart redrawn, the
    # keyboard focus on its title lost). So it changes only with the title, when the section is new anyway, and is
    # then what the key says: open or not at the end of the last run.
    drawn_as: dict[str, tuple[str, bool]] = st.session_state.setdefault(DRAWN_AS, {})
    last_title, last_expanded = drawn_as.get(key, (title, False))
    expanded = last_expanded if title == last_title else bool(st.session_state.get(key))
    drawn_as[key] = (title, expanded)
    return st.expander(title, expanded=expanded, key=key, on_change="rerun", **options)
