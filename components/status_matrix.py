"""The status × trend matrix: one tile per SDG with its status colour and trend arrow."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from core.status import GREY, HEX
from core.trends import ARROWS, TOO_FEW


def status_matrix(goals: pd.DataFrame, names: dict[int, str], sdg_colours: dict[int, str], labels: dict[str, str],
                  columns: int = 6) -> None:
    """goals: goal, colour, trend, score (only goals with data). labels: status and trend words."""
    by_goal = goals.set_index("goal") if not goals.empty else pd.DataFrame()
    tiles = []
    for goal in range(1, 18):
        known = goal in by_goal.index
        colour = by_goal.colour[goal] if known else GREY
        trend = by_goal.trend[goal] if known else TOO_FEW
        words = f"{labels[colour]} · {labels[trend]}"
        tiles.append(
            f'<div class="sdg-tile" title="{html.escape(words)}" style="border-top:6px solid {sdg_colours[goal]}">'
            f'<div class="sdg-number">{goal}</div><div class="sdg-name">{html.escape(names[goal])}</div>'
            f'<div class="sdg-status"><span class="dot" style="background:{HEX[colour]}"></span>'
            f'<span class="arrow">{ARROWS[trend]}</span></div>'
            f'<div class="sdg-words">{html.escape(words)}</div></div>'
        )
    style = (
        "<style>.sdg-grid{display:grid;grid-template-columns:repeat(" + str(columns) + ",1fr);gap:8px}"
        ".sdg-tile{background:#fafafa;border-radius:6px;padding:6px 8px;min-height:96px}"
        ".sdg-number{font-weight:700;font-size:1.1rem}.sdg-name{font-size:.8rem;line-height:1.1;min-height:2.2em}"
        ".sdg-status{display:flex;align-items:center;gap:8px;font-size:1.4rem}"
        ".dot{width:18px;height:18px;border-radius:50%;display:inline-block}"
        ".sdg-words{font-size:.7rem;color:#616161}</style>"
    )
    st.html(style + '<div class="sdg-grid">' + "".join(tiles) + "</div>")
