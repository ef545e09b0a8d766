"""Key facts as one light HTML block: a row of label, value and a small note."""

from __future__ import annotations

import html

import streamlit as st


def key_facts(facts: list[tuple[str, str, str]]) -> None:
    """facts: (label, value, note); one element instead of a column and a metric per fact."""
    cells = "".join(
        f'<div class="fact"><div class="fact-label">{html.escape(label)}</div>'
        f'<div class="fact-value" title="{html.escape(note)}">{html.escape(value)}</div>'
        f'<div class="fact-note">{html.escape(note if len(note) < 40 else "")}</div></div>'
        for label, value, note in facts
    )
    st.html(
        "<style>.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}"
        ".fact-label{font-size:.85rem;color:#555}.fact-value{font-size:1.9rem;line-height:1.3}"
        ".fact-note{font-size:.8rem;color:#666}</style>"
        f'<div class="facts">{cells}</div>'
    )
