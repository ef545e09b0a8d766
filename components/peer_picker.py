"""The peer-set chooser shared by the compare and progress pages; its state lives in the URL."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data, url_state
from core import peer_sets, peers
from core.i18n import t

CHOICES = ("kostra", "nearest", "county", "network", "custom", "saved")
LOCAL_OWNER = "local"  # until login exists, saved sets belong to the local installation


def pick_peers(code: str, lang: str, municipalities: pd.DataFrame, allow_save: bool = True
               ) -> tuple[list[str], list[peers.Neighbour]]:
    """Draw the chooser; return (peer codes, nearest-neighbour details when that choice is made)."""
    names = dict(zip(municipalities.code, municipalities.name, strict=True))
    labels = dict(zip(municipalities.code, municipalities.label, strict=True))
    url_state.seed("peers", CHOICES, "kostra")
    url_state.seed("k", range(3, 31), 10, parse=int)
    url_state.seed_codes("custom_codes", "codes", names)
    saved_sets = {s.id: s for s in peer_sets.saved()}
    url_state.seed("set", saved_sets, None, parse=int)
    choice = st.segmented_control(t("compare.peers", lang), CHOICES, key="peers",
                                  format_func=lambda c: t(f"peers.{c}", lang)) or "kostra"
    url_state.publish("peers", choice, "kostra")
    neighbours: list[peers.Neighbour] = []
    if choice == "kostra":
        return peers.kostra_peers(code, municipalities), neighbours
    if choice == "county":
        return peers.county_peers(code, municipalities), neighbours
    if choice == "network":
        from core.network.members import active_codes

        return [c for c in active_codes("kommune") if c != code], neighbours
    if choice == "nearest":
        k = st.slider(t("peers.k", lang), 3, 30, key="k")
        url_state.publish("k", k, 10)
        neighbours = peers.nearest_neighbours(code, data.structure()[1], k)
        return [n.code for n in neighbours], neighbours
    if choice == "custom":
        picked = st.multiselect(t("peers.custom_pick", lang), [c for c in names if c != code], key="custom_codes",
                                format_func=labels.get)
        url_state.publish("codes", ",".join(picked) or None)
        if allow_save:
            _save_form(lang, list(picked), municipalities)
        return list(picked), neighbours
    if not saved_sets:
        st.info(t("peers.none_saved", lang))
    chosen = st.selectbox(t("peers.saved_pick", lang), list(saved_sets), key="set",
                          format_func=lambda i: saved_sets[i].name, index=None)
    url_state.publish("set", chosen)
    return ([c for c in saved_sets[chosen].codes.split(";") if c != code] if chosen else []), neighbours


def _save_form(lang: str, codes: list[str], municipalities: pd.DataFrame) -> None:
    with st.form("save_peer_set", clear_on_submit=False, border=False):
        columns = st.columns([3, 1])
        set_name = columns[0].text_input(t("peers.save_name", lang), max_chars=peer_sets.MAX_NAME)
        if columns[1].form_submit_button(t("peers.save", lang)):
            try:
                peer_sets.save(LOCAL_OWNER, set_name, codes, municipalities)
                st.success(t("peers.saved_ok", lang, name=set_name.strip(), count=len(codes)))
            except peer_sets.PeerSetError as error:
                st.error(t(error.key, lang, **error.values))
