"""Text contrast (issue 13 §6): the WCAG formula (core/contrast.py) and every colour we set or draw text on.

WCAG 2.1: text needs 4.5:1 against its background (SC 1.4.3), a focus indicator 3:1 (SC 1.4.11).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from charts.status_figures import PROGRESS_COLOURS, _tint
from components import accessibility_style as style
from core.contrast import NON_TEXT_MINIMUM, TEXT_MINIMUM, contrast_ratio, luminance, text_on
from core.status import HEX
from reports.profile_pdf import readable_on

ROOT = Path(__file__).resolve().parent.parent
colours = st.builds(lambda r, g, b: f"#{r:02x}{g:02x}{b:02x}", *(st.integers(0, 255) for _ in range(3)))


def test_the_formula_gives_wcags_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert contrast_ratio("#767676", "#fff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes
    assert luminance("#ff0000") == pytest.approx(0.2126)


@given(colours, colours)
def test_the_ratio_is_symmetric_and_between_one_and_twentyone(first, second):
    ratio = contrast_ratio(first, second)
    assert ratio == pytest.approx(contrast_ratio(second, first))
    assert 1 <= ratio <= 21 + 1e-9


@given(colours)
def test_the_chosen_text_colour_is_the_better_of_black_and_white(fill):
    chosen = contrast_ratio(text_on(fill), fill)
    assert chosen >= max(contrast_ratio("#000000", fill), contrast_ratio("#ffffff", fill)) - 1e-12
    assert chosen >= 4.58  # black or white always reaches at least sqrt(21) on any colour


def test_captions_and_primary_colour_read_on_every_background():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    assert theme["primaryColor"].lower() == style.PRIMARY_COLOUR  # one value, checked here
    for background in style.BACKGROUNDS.values():
        assert contrast_ratio(style.CAPTION_COLOUR, background) >= TEXT_MINIMUM
        assert contrast_ratio(style.PRIMARY_COLOUR, background) >= TEXT_MINIMUM
        assert contrast_ratio(style.FOCUS_COLOUR, background) >= NON_TEXT_MINIMUM
    assert contrast_ratio("#ffffff", style.PRIMARY_COLOUR) >= TEXT_MINIMUM  # a primary button's label
    # A selected segment: the primary colour as text on its own 10 % tint (Streamlit's selected background).
    assert contrast_ratio(style.PRIMARY_COLOUR, _tint(style.PRIMARY_COLOUR, 0.1)) >= TEXT_MINIMUM


def test_the_style_sheet_sets_the_checked_colours():
    assert f"color:{style.CAPTION_COLOUR}" in style.CSS
    assert f"outline:3px solid {style.FOCUS_COLOUR}" in style.CSS
    assert ":focus-visible" in style.CSS and "a:focus-visible" in style.CSS


@pytest.mark.parametrize("status", sorted(HEX))
def test_text_on_every_status_colour_reads(status):
    assert contrast_ratio(readable_on(HEX[status]), HEX[status]) >= TEXT_MINIMUM  # the PDF's filled cells


@pytest.mark.parametrize("progress", sorted(PROGRESS_COLOURS))
def test_the_progress_tables_text_reads_on_its_tinted_status(progress):
    plotly_text = "#444444"  # plotly's default font colour, which the slides' progress table keeps
    assert contrast_ratio(plotly_text, _tint(PROGRESS_COLOURS[progress])) >= TEXT_MINIMUM


def test_text_on_every_goal_colour_reads():
    goal_colours = yaml.safe_load((ROOT / "data" / "sdg_colours.yaml").read_text(encoding="utf-8"))["colours"]
    assert len(goal_colours) == 17
    for goal, colour in goal_colours.items():
        assert contrast_ratio(readable_on(colour), colour) >= TEXT_MINIMUM, goal


def test_status_tile_words_read_on_the_tile():
    assert contrast_ratio("#616161", "#fafafa") >= TEXT_MINIMUM  # components/status_matrix.py's .sdg-words
