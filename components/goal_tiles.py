"""The landing page's 17 goal tiles: goal colour, number and short name from the data, the status in a word and a dot,
the trend arrow, what the colour is measured against, and (for a municipality) its score against its peers' median.
Every tile says its status in words, so nothing rests on colour alone; goals without data are grey and say so."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from core import status
from core.catalogue import IndicatorSpec
from core.i18n import number, t
from core.landing import GoalTile, threshold_bases
from core.markup import plain
from core.status import GREY, HEX, NOT_APPLICABLE
from core.trends import ARROWS

VERSUS = {"above": "home.versus.above", "below": "home.versus.below", "level": "home.versus.level"}
BASES = {"absolute": "home.basis.absolute", "distribution": "home.basis.distribution"}
# Wraps by the width it gets: four to six tiles on a laptop, two on a phone. Text #424242 on #f7f7f7 is 9.3:1.
STYLE = """<style>
.goal-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(128px,1fr));gap:10px}
.goal-tile{background:#f7f7f7;border-radius:6px;padding:8px 10px 10px;color:#212121;border-top:8px solid}
.goal-tile.no-data{background:#fafafa;color:#424242}
.goal-head{display:flex;gap:8px;align-items:baseline}
.goal-number{font-weight:700;font-size:1.5rem;line-height:1}
.goal-name{font-weight:600;font-size:.85rem;line-height:1.15}
.goal-status{display:flex;gap:6px;align-items:flex-start;margin-top:6px;font-size:.8rem;line-height:1.2}
.goal-dot{flex:none;width:14px;height:14px;border-radius:50%;margin-top:1px;border:1px solid #616161}
.goal-line{font-size:.75rem;color:#424242;margin-top:4px;line-height:1.2}
</style>"""


def goal_tiles(tiles: list[GoalTile], goals: pd.DataFrame, catalogue: dict[str, IndicatorSpec], lang: str,
               against_peers: bool = False, key: str = "goal_tiles") -> None:
    """tiles: core.landing's 17 tiles; goals: the SDG table (number, short_nb, short_en, colour); against_peers:
    each tile with data says its score against the peers' median (or that the median has none)."""
    by_number = goals.set_index("number")
    names = by_number.short_nb if lang == "nb" else by_number.short_en
    markup = "".join(_tile(tile, names[tile.goal], by_number.colour[tile.goal], catalogue, lang, against_peers)
                     for tile in tiles)
    st.html(STYLE + f'<div class="goal-grid" id="{key}">{markup}</div>')


def colour_reasons(tiles: list[GoalTile], goals: pd.DataFrame, catalogue: dict[str, IndicatorSpec], lang: str) -> None:
    """The same reasons the tiles give on hover, readable without a mouse: per goal with data, the indicators that
    decide its colour and what their colours mean (core.status.colour_meaning: an absolute target or a quarter)."""
    by_number = goals.set_index("number")
    names = by_number.short_nb if lang == "nb" else by_number.short_en
    lines = [f"- **{tile.goal} {plain(names[tile.goal])}**: {plain('; '.join(_reasons(tile, catalogue, lang)))}"
             for tile in tiles if tile.has_data and tile.deciding]
    if lines:
        with st.expander(t("home.colour_reasons", lang), icon=":material/help:"):
            st.markdown("\n".join(lines))


def _tile(tile: GoalTile, name: str, sdg_colour: str, catalogue: dict[str, IndicatorSpec], lang: str,
          against_peers: bool) -> str:
    lines = [f'<div class="goal-head"><span class="goal-number">{tile.goal}</span>'
             f'<span class="goal-name">{html.escape(name)}</span></div>']
    lines.append(_status_line(tile, lang))
    if tile.has_data:
        lines.append(_line(html.escape(f"{ARROWS[tile.trend]} {t(f'trend.{tile.trend}', lang)}")))
        bases = threshold_bases(tile.deciding, catalogue)
        if bases:
            lines.append(_line(html.escape(" · ".join(t(BASES[basis], lang) for basis in bases))))
        if against_peers and tile.peer_median is not None:
            against = t("home.score_against_median", lang, score=number(tile.score, lang, 0),
                        median=number(tile.peer_median, lang, 0))
            lines.append(_line(f"{html.escape(against)} · <b>{html.escape(t(VERSUS[tile.versus_peers], lang))}</b>"))
        elif against_peers:
            lines.append(_line(html.escape(t("home.median_missing", lang, score=number(tile.score, lang, 0)))))
    grey = "" if tile.has_data else " no-data"
    hover = _decided_by(tile, catalogue, lang)
    title = f' title="{html.escape(hover)}"' if hover else ""
    return (f'<div class="goal-tile{grey}" data-goal="{tile.goal}" data-status="{tile.colour}"{title} '
            f'style="border-top-color:{sdg_colour}">{"".join(lines)}</div>')


def _status_line(tile: GoalTile, lang: str) -> str:
    if not tile.applies:
        words, colour = t(f"colour.{NOT_APPLICABLE}", lang), HEX[NOT_APPLICABLE]
    elif not tile.has_data:
        words, colour = t("home.no_data", lang), HEX[GREY]
    elif tile.colour == GREY:
        words, colour = t("home.no_rating", lang), HEX[GREY]
    else:
        words, colour = t(f"colour.{tile.colour}", lang), HEX[tile.colour]
    return (f'<div class="goal-status"><span class="goal-dot" style="background:{colour}"></span>'
            f"<span>{html.escape(words)}</span></div>")


def _reasons(tile: GoalTile, catalogue: dict[str, IndicatorSpec], lang: str) -> list[str]:
    """'Low income (EU60): orange: between green and red, nearer red', for each deciding indicator."""
    return [f"{catalogue[i].name(lang)}: {status.colour_meaning(catalogue[i], colour, lang)}"
            for i, colour in tile.deciding if i in catalogue]


def _decided_by(tile: GoalTile, catalogue: dict[str, IndicatorSpec], lang: str) -> str:
    """'The colour is decided by: …; …' (on hover), or nothing without data."""
    reasons = _reasons(tile, catalogue, lang)
    return f"{t('home.decided_by', lang)}: " + "; ".join(reasons) if reasons else ""


def _line(markup: str) -> str:
    """markup: already escaped."""
    return f'<div class="goal-line">{markup}</div>'
