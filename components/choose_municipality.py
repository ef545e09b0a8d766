"""The landing page's one action: find your municipality in a search box on the page and choose it for every page.

The search is the sidebar's (core.search over data.search_index: folded letters, Sami and Kven names, old codes);
choosing sets the same state the sidebar's picker keeps, `kommune` (and so ?kommune=). The choice is made in
callbacks, which run before the sidebar draws its picker: a widget's state cannot change once it is drawn.
"""

from __future__ import annotations

import streamlit as st

from components import data
from core import search
from core.i18n import t

SEARCH_KEY = "home_search"
CHOSEN = "kommune"  # the sidebar's picker (components/sidebar.py)
SHOWN_HITS = 6


def _choose(code: str | None) -> None:
    st.session_state[CHOSEN] = code


def _hits(query: str, labels: dict[str, str]) -> list:
    """The search's hits among the municipalities with a label: the same list for the buttons and the callback."""
    return [hit for hit in search.search(data.search_index(), query) if hit.code in labels]


def _choose_single_hit(labels: dict[str, str]) -> None:
    hits = _hits(st.session_state.get(SEARCH_KEY, ""), labels)
    if len(hits) == 1:
        _choose(hits[0].code)


def choose_municipality(lang: str, labels: dict[str, str]) -> None:
    """A search box; one hit is chosen at once, several are offered as buttons, none says so (search.no_results).
    labels: code -> the municipality's label (data.municipalities().label)."""
    query = st.text_input(t("home.choose", lang), key=SEARCH_KEY, placeholder=t("home.choose_placeholder", lang),
                          help=t("home.choose_help", lang), on_change=_choose_single_hit, args=(labels,))
    if not (query and query.strip()):
        return
    hits = _hits(query, labels)
    if not hits:
        st.caption(f"**{t('search.no_results', lang)}**")
        return
    chosen = st.session_state.get(CHOSEN)
    with st.container(horizontal=True, key="home_hits"):
        st.caption(t("home.hits", lang))
        for hit in hits[:SHOWN_HITS]:
            label = labels[hit.code]
            if hit.old is not None:
                label += " · " + t("search.formerly", lang, code=hit.old.old_code, name=hit.old.old_name)
            st.button(label, key=f"home_hit_{hit.code}", on_click=_choose, args=(hit.code,),
                      type="primary" if hit.code == chosen else "secondary")
        if len(hits) > SHOWN_HITS:
            st.caption(t("home.more_hits", lang, count=len(hits) - SHOWN_HITS))


def show_whole_country(lang: str) -> None:
    """A button back to the country's picture (clears the chosen municipality on every page)."""
    st.button(t("home.show_country", lang), key="home_whole_country", on_click=_choose, args=(None,),
              icon=":material/public:")
