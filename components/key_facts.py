"""Key facts as one line of markdown: label, value and a small note per fact."""

from __future__ import annotations

import streamlit as st


def key_facts(facts: list[tuple[str, str, str]]) -> None:
    """facts: (label, value, note). One light element: metrics or an HTML grid measured 0.3 s slower."""
    parts = [f"{label}: **{value}**" + (f" ({note})" if note and len(note) < 40 else "")
             for label, value, note in facts]
    st.markdown(" · ".join(parts))
