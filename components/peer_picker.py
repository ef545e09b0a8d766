"""The peer-set chooser shared by the compare and progress pages; its state lives in the URL."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth_ui, data, url_state
from components.forms import submit_form
from components.municipality_search import municipality_multiselect
from core import peer_sets, peers
from core.i18n import t
from core.profile import NEAREST_PEERS

CHOICES = ("kostra", "nearest", "neighbours", "county", "network", "custom", "saved")


def pick_peers(code: str, lang: str, municipalities: pd.DataFrame, allow_save: bool = True
               ) -> tuple[list[str], list[peers.Neighbour]]:
    """Draw the chooser; return (peer codes, nearest-neighbour details when that choice is made)."""
    names = dict(zip(municipalities.code, municipalities.name, strict=True))
    labels = dict(zip(municipalities.code, municipalities.label, strict=True))
    url_state.seed("peers", CHOICES, "kostra")
    url_state.seed("k", range(3, 31), 10, parse=int)
    url_state.seed_codes("custom_codes", "codes", names)
    identity = auth_ui.current()
    saved_sets = {s.id: s for s in peer_sets.saved(identity.username if identity.role else "")}
    url_state.seed("set", saved_sets, None, parse=int)
    choice = st.segmented_control(t("compare.peers", lang), CHOICES, key="peers",
                                  format_func=lambda c: t(f"peers.{c}", lang)) or "kostra"
    url_state.publish("peers", choice, "kostra")
    neighbours: list[peers.Neighbour] = []
    if choice == "kostra":
        group = peers.kostra_peers(code, municipalities)
        if group:
            return group, neighbours
        # Alone in its KOSTRA group (Oslo): the nearest neighbours stand in, as on the profile, and it says so.
        raw, z = data.structure()
        neighbours = peers.nearest_neighbours(code, z, NEAREST_PEERS, raw=raw)
        st.caption(t("peers.kostra_alone", lang, name=names[code], count=len(neighbours)))
        return [n.code for n in neighbours], neighbours
    if choice == "neighbours":
        pairs = data.land_neighbours()
        if not pairs:  # a database migrated but not yet rebuilt: the borders are unknown, not absent
            st.caption(t("peers.neighbours_unknown", lang))
            return [], neighbours
        bordering = peers.land_neighbours(code, pairs)
        st.caption(t("peers.neighbours_line" if bordering else "peers.neighbours_none", lang, name=names[code]))
        return bordering, neighbours
    if choice == "county":
        return peers.county_peers(code, municipalities), neighbours
    if choice == "network":
        from core.network.members import active_codes

        return [c for c in active_codes("kommune") if c != code], neighbours
    if choice == "nearest":
        k = st.slider(t("peers.k", lang), 3, 30, key="k")
        url_state.publish("k", k, 10)
        raw, z = data.structure()
        neighbours = peers.nearest_neighbours(code, z, k, raw=raw)
        return [n.code for n in neighbours], neighbours
    if choice == "custom":
        picked = municipality_multiselect(t("peers.custom_pick", lang), {c: labels[c] for c in names if c != code},
                                          lang, key="custom_codes")
        url_state.publish("codes", ",".join(picked) or None)
        if allow_save and identity.role:
            _save_form(lang, identity, list(picked), municipalities)
        elif allow_save:
            st.caption(t("peers.link_only", lang))
        return list(picked), neighbours
    if not saved_sets:
        st.info(t("peers.none_saved" if identity.role else "peers.login_to_save", lang))
    chosen = st.selectbox(t("peers.saved_pick", lang), list(saved_sets), key="set",
                          format_func=lambda i: saved_sets[i].name, index=None, placeholder=t("choose.option", lang))
    url_state.publish("set", chosen)
    return ([c for c in saved_sets[chosen].codes.split(";") if c != code] if chosen else []), neighbours


def _save_form(lang: str, identity, codes: list[str], municipalities: pd.DataFrame) -> None:
    with st.form("save_peer_set", clear_on_submit=False, border=False):
        columns = st.columns([3, 1])
        set_name = columns[0].text_input(t("peers.save_name", lang), max_chars=peer_sets.MAX_NAME)
        submitted = columns[1].form_submit_button(t("peers.save", lang))
    submit_form(submitted, lang, lambda: peer_sets.save(identity, set_name, codes, municipalities),
                "peers.saved_ok", name=(set_name or "").strip(), count=len(codes))
