"""A label and a value in large type, as st.metric draws them, in one st.html block.

st.metric costs a page load its own chunk with number formatting and sparkline support (about 75 ms measured on the
overview, bench/README.md); the overview needs only the words and the number. The text is escaped here.
"""

from __future__ import annotations

import html
import re

import streamlit as st

CLASS = "big-number"


def big_number(label: str, value: str) -> None:
    st.html(
        f'<div class="{CLASS}">'  # read in order, label then value (an aria-label would say the label twice)
        f'<div style="font-size:0.875rem">{html.escape(label)}</div>'
        f'<div style="font-size:2.25rem;line-height:1.25">{html.escape(value)}</div></div>'
    )


def shown(bodies: list[str]) -> list[tuple[str, str]]:
    """(label, value) of every big number among st.html bodies: for tests and checks, in the order drawn."""
    pattern = re.compile(rf'<div class="{CLASS}"[^>]*><div[^>]*>(.*?)</div><div[^>]*>(.*?)</div></div>', re.DOTALL)
    return [(html.unescape(a), html.unescape(b)) for body in bodies for a, b in pattern.findall(body)]
