"""SSB-oppdatering / SSB refresh: fetch the indicators fed online (SSB, FHI, Miljødirektoratet; administrators only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth_ui
from components import data as cached
from core.catalogue import load_catalogue
from core.errors import UserError
from core.i18n import number, t, when
from core.ssb import refresh as ssb

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "ssb_refresh")

st.title(t("page.ssb_refresh", lang))
st.caption(t("ssb.intro", lang))

catalogue = load_catalogue()
state = ssb.status()
st.subheader(t("ssb.catalogue", lang))


def outcome(row) -> str:
    return t(f"ssb.outcome.{row.outcome}", lang) if isinstance(row.outcome, str) else t("ssb.never", lang)


st.dataframe(pd.DataFrame({
    t("ssb.column.table", lang): state.table,
    t("ssb.column.indicator", lang): [", ".join(catalogue[i].name(lang) for i in ids) for ids in state.indicators],
    t("ssb.column.title", lang): state.title,
    t("ssb.column.last_run", lang): [when(at, lang) if at is not None and not pd.isna(at) else t("ssb.never", lang)
                                     for at in state.last_run],
    t("ssb.column.outcome", lang): [outcome(row) for row in state.itertuples()],
    t("ssb.column.rows_changed", lang): [number(n, lang, 0) if n is not None and not pd.isna(n) else ""
                                         for n in state.rows_changed],
    t("ssb.column.refreshed", lang): state.refreshed.fillna(t("ssb.never", lang)),
    t("ssb.column.values", lang): state["values"],
    t("ssb.column.years", lang): [f"{a}–{b}" if n else "" for a, b, n in
                                  zip(state.first_year, state.last_year, state["values"], strict=True)],
    t("ssb.column.message", lang): state.message.fillna(""),
}), hide_index=True, width="stretch", key="ssb_tables")

with st.expander(t("ssb.evidence", lang)):
    for row in state.itertuples():
        st.markdown(f"**{row.table}** — [{row.title}]({row.source_url})")
        st.caption(row.evidence)

with st.form("ssb_refresh"):
    chosen = st.multiselect(t("ssb.choose", lang), list(state.table), default=list(state.table),
                            placeholder=t("choose.options", lang))
    dry_run = st.checkbox(t("ssb.dry_run", lang))
    start = st.form_submit_button(t("ssb.start", lang))

if start and chosen:
    bar = st.progress(0.0, text=t("ssb.stage.fetch", lang, table=chosen[0]))

    def progress(step: int, steps: int, table_id: str, stage: str) -> None:
        bar.progress(step / steps, text=t(f"ssb.stage.{stage}", lang, table=table_id))

    try:
        result = ssb.refresh(chosen, dry_run=dry_run, progress=progress, actor=identity)
    except UserError as error:
        bar.empty()
        st.error(t(error.key, lang, **error.values))
    except Exception as error:  # any other failure before a table was written: say so plainly
        bar.empty()
        st.error(t("ssb.failed", lang, error=error.__class__.__name__))
    else:
        count = number(sum(len(u.observations) for u in result.updates), lang, 0)
        if result.written:
            # Every page reads observations and the catalogue in effect through Streamlit's caches
            # (components/data.py): drop them all, so the next page view reads the new values and thresholds.
            st.cache_data.clear()
            st.cache_resource.clear()
            if result.updates:
                st.success(t("ssb.done", lang, count=count, tables=len(result.updates)))
        else:
            st.info(t("ssb.dry_done", lang, count=count))
        if result.failures:
            st.warning(t("ssb.some_failed", lang, failed=len(result.failures), tables="; ".join(
                f"{f.table.id} ({t(f'ssb.outcome.{f.kind}', lang)}: {f.message})" for f in result.failures)))
    cached.follow_refreshes()
