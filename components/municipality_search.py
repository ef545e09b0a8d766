"""A municipality picker that finds what people type: a search box of our own over core.search (folded letters,
Sami and Kven names, old codes) filtering the selectbox's options, and "Ingen treff" when nothing matches.
Streamlit's own selectbox search only matches the label as written and has no text of our own for no results."""

from __future__ import annotations

import streamlit as st

from components import data
from core import search
from core.i18n import t


def _select_single_hit(search_key: str, key: str) -> None:
    """When the typed text finds exactly one municipality, choose it (a callback: runs before the widgets)."""
    hits = search.search(data.search_index(), st.session_state.get(search_key, ""), limit=2)
    if len(hits) == 1:
        st.session_state[key] = hits[0].code


def municipality_select(label: str, labels: dict[str, str], lang: str, key: str, placeholder: str,
                        container=st) -> str | None:
    """A search box and a selectbox (state under key, as before) whose options are the search's hits, best first;
    the current choice stays among the options so a new search does not clear it."""
    search_key = f"{key}_search"
    query = container.text_input(t("search.municipality", lang), key=search_key,
                                 placeholder=t("search.placeholder", lang), help=t("search.help", lang),
                                 on_change=_select_single_hit, args=(search_key, key))
    notes: dict[str, str] = {}
    if query and query.strip():
        hits = search.search(data.search_index(), query)
        options = [h.code for h in hits if h.code in labels]
        for hit in hits:
            if hit.old is not None:
                notes[hit.code] = t("search.formerly", lang, code=hit.old.old_code, name=hit.old.old_name)
        if options:
            container.caption(t("search.matches", lang, count=len(options)))
        else:
            container.caption(f"**{t('search.no_results', lang)}**")
        current = st.session_state.get(key)
        if current in labels and current not in options:
            options = [current, *options]
    else:
        options = list(labels)

    def shown(code: str) -> str:
        return f"{labels[code]} · {notes[code]}" if code in notes else labels[code]

    return container.selectbox(label, options, key=key, format_func=shown, index=None, placeholder=placeholder)
