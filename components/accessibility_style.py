"""The app's one style sheet for accessibility (issue 13 §6): readable captions and a visible keyboard focus.

Streamlit 1.67 draws captions at 60 % opacity: 3.8:1 on white, under WCAG's 4.5:1. Its inputs
show focus only as a slightly different border colour, and links none of their own. The theme has no setting for
either, so app.py injects this once per run (a style-only st.html takes no room on the page). The colours are
checked in tests/test_contrast.py (WCAG formula, core/contrast.py); the focus ring in
tests/browser/test_accessibility_browser.py.
"""

from __future__ import annotations

import streamlit as st

CAPTION_COLOUR = "#5f5e5a"  # 6.5:1 on white, 6.1:1 on the sidebar's #f8f8f7
FOCUS_COLOUR = "#1565c0"  # the dashboard's blue: 5.7:1 on white, so the ring stands out (3:1 needed)
PRIMARY_COLOUR = "#b71c1c"  # .streamlit/config.toml's primaryColor: text and selected segments in it read 6.6:1
BACKGROUNDS = {"page": "#ffffff", "sidebar": "#f8f8f7"}  # Streamlit 1.67's light theme, as axe-core measured them

FOCUSABLE = ("a", "button", "summary", "input", "textarea", "[role='button']", "[role='tab']", "[role='option']",
             "[role='switch']", "[role='checkbox']", "[role='radio']", "[role='slider']", "[tabindex='0']")
# Streamlit's text inputs, selectboxes and text areas: the focus lands on an <input> clipped by its parent, the
# bordered box the reader sees (overflow hidden), so the ring goes on that box; its own outline is not clipped.
INPUT_FRAMES = ("div:has(> input:focus-visible)", "div:has(> textarea:focus-visible)")

CSS = (
    "<style>"
    # Streamlit fades a caption with opacity 0.6 on top of its colour: both are replaced.
    f"[data-testid='stCaptionContainer'],[data-testid='stCaptionContainer'] *{{color:{CAPTION_COLOUR} !important;"
    "opacity:1 !important}"
    + ",".join(f"{selector}:focus-visible" for selector in FOCUSABLE)
    + f"{{outline:3px solid {FOCUS_COLOUR} !important;outline-offset:2px !important}}"
    + ",".join(INPUT_FRAMES)
    + f"{{outline:3px solid {FOCUS_COLOUR} !important;outline-offset:1px !important}}"
    "</style>"
)


def apply() -> None:
    """Inject the style sheet (once per script run, before the page draws)."""
    st.html(CSS)
