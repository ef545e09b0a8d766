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


def searched_options(labels: dict[str, str], lang: str, search_key: str, chosen: list[str], container=st,
                     on_change=None, args=()) -> tuple[list[str], dict[str, str]]:
    """Draw the search box; return (the options to offer: the hits best first, with what is already chosen kept
    in front so a new search does not clear it; every option when nothing is typed) and (code -> a note saying
    which old code or name found it)."""
    query = container.text_input(t("search.municipality", lang), key=search_key,
                                 placeholder=t("search.placeholder", lang), help=t("search.help", lang),
                                 on_change=on_change, args=args)
    notes: dict[str, str] = {}
    if not (query and query.strip()):
        return list(labels), notes
    hits = search.search(data.search_index(), query)
    options = [h.code for h in hits if h.code in labels]
    for hit in hits:
        if hit.old is not None:
            notes[hit.code] = t("search.formerly", lang, code=hit.old.old_code, name=hit.old.old_name)
    if options:
        container.caption(t("search.matches", lang, count=len(options)))
    else:
        container.caption(f"**{t('search.no_results', lang)}**")
    kept = [c for c in chosen if c in labels and c not in options]
    return [*kept, *options], notes


def municipality_select(label: str, labels: dict[str, str], lang: str, key: str, placeholder: str,
                        container=st) -> str | None:
    """A search box and a selectbox (state under key, as before) whose options are the search's hits, best first;
    the current choice stays among the options so a new search does not clear it."""
    search_key = f"{key}_search"
    current = st.session_state.get(key)
    options, notes = searched_options(labels, lang, search_key, [current] if current else [], container,
                                      on_change=_select_single_hit, args=(search_key, key))

    def shown(code: str) -> str:
        return f"{labels[code]} · {notes[code]}" if code in notes else labels[code]

    return container.selectbox(label, options, key=key, format_func=shown, index=None, placeholder=placeholder)


def municipality_multiselect(label: str, labels: dict[str, str], lang: str, key: str, container=st,
                             **kwargs) -> list[str]:
    """A search box and a multiselect (state under key) offering the hits, the chosen ones always kept."""
    options, notes = searched_options(labels, lang, f"{key}_search", list(st.session_state.get(key) or []),
                                      container)

    def shown(code: str) -> str:
        return f"{labels[code]} · {notes[code]}" if code in notes else labels[code]

    kwargs.setdefault("placeholder", t("choose.options", lang))  # not Streamlit's English "Choose options"
    return container.multiselect(label, options, key=key, format_func=shown, **kwargs)
