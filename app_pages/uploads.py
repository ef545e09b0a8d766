"""Egne data / Own data: members upload their own indicator and U4SSC KPI values, see a preview, save, undo."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth_ui, data
from components.forms import submit_form
from core.auth import Identity
from core.exports import csv_bytes
from core.exports import file_name as export_file_name
from core.i18n import t, when
from core.markup import inert_values
from core.uploads import apply, history, template
from core.uploads.errors import UploadError
from core.uploads.reference import Reference, load_reference

lang = st.session_state.get("lang", "nb")
identity = auth_ui.require_page(lang, "uploads")


@st.cache_data(show_spinner=False)
def reference() -> Reference:
    return load_reference()


@st.cache_data(show_spinner=False, max_entries=32)
def templates(area_level: str | None, area_code: str | None, role: str, lang: str) -> tuple[bytes, bytes, bytes]:
    """(xlsx, csv, codes csv) for this person's area and language, built once."""
    who = Identity("", "", role, area_level, area_code)
    return (template.template_xlsx(who, reference(), lang), template.template_csv(who, lang),
            template.codes_csv(who, reference(), lang))


def indicator_label(kind: str, code: str) -> str:
    if kind == "kpi":
        kpi = reference().kpis[code]
        return f"U4SSC {kpi.code} – {kpi.name_en} ({code})"
    return reference().indicators[code].name(lang)


def report_frame(problems) -> pd.DataFrame:
    return pd.DataFrame({
        t("upload.column.row", lang): [p.row for p in problems],
        t("upload.column.column", lang): [p.column for p in problems],
        t("upload.column.problem", lang): [t(p.key, lang, **p.values) for p in problems],
    })


def preview_frame(changes) -> tuple[pd.DataFrame, int]:
    """What saving would change, and how many rows also have a public value (which is kept for scoring)."""
    public = data.public_observations()
    areas = {c.row.area_code for c in changes}
    public = public[public.area_code.isin(areas)]
    public_values = {(r.area_level, r.area_code, r.indicator_id, r.year): r.value for r in public.itertuples()}
    found = [public_values.get((c.row.area_level, c.row.area_code, c.row.code, c.row.year))
             if c.row.kind == "indicator" else None for c in changes]
    frame = pd.DataFrame({
        t("upload.column.row", lang): [c.row.number for c in changes],
        t("upload.column.area", lang): [f"{c.row.area_code} {reference().area_name(c.row.area_code)}" for c in changes],
        t("upload.column.indicator", lang): [indicator_label(c.row.kind, c.row.code) for c in changes],
        t("column.year", lang): [c.row.year for c in changes],
        t("upload.column.new", lang): [c.row.value for c in changes],
        t("upload.column.previous", lang): [c.previous.value if c.previous else None for c in changes],
        t("upload.column.target", lang): [c.row.target for c in changes],
        t("upload.column.source", lang): [c.row.source for c in changes],
        t("upload.column.quality", lang): [c.row.quality for c in changes],
        t("upload.column.previous_source", lang): [c.previous.source if c.previous else "" for c in changes],
        t("upload.column.public", lang): found,
        t("upload.column.action", lang): [t(f"upload.action.{c.action}", lang) for c in changes],
    })
    return frame, sum(v is not None for v in found)


st.title(t("page.uploads", lang))
st.write(t("upload.intro", lang))
if identity.role == "coordinator":
    st.info(t("upload.for_area", lang, name=f"{identity.area_code} {reference().area_name(identity.area_code)}"))
else:
    st.info(t("upload.for_all", lang))

st.subheader(t("upload.template", lang))
xlsx, csv_template, codes = templates(identity.area_level, identity.area_code, identity.role, lang)
left, middle, right = st.columns(3)
left.download_button(t("upload.template_xlsx", lang), xlsx, file_name="mal_egne_data.xlsx", key="template_xlsx",
                     mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
middle.download_button(t("upload.template_csv", lang), csv_template, file_name="mal_egne_data.csv",
                       mime="text/csv", key="template_csv")
right.download_button(t("upload.codes_csv", lang), codes, file_name="koder_egne_data.csv", mime="text/csv",
                      key="codes_csv")

# A new key after each save empties the uploader, so the same file is not offered for saving twice.
uploader_key = f"upload_file_{st.session_state.get('upload_round', 0)}"
uploaded = st.file_uploader(t("upload.file", lang), type=["csv", "xlsx"], key=uploader_key)
if uploaded is not None:
    content = uploaded.getvalue()
    try:
        checked = apply.check(identity, uploaded.name, content, reference=reference())
    except UploadError as error:
        st.error(t(error.key, lang, **inert_values(error.values)))  # sheet names, the reader's complaint
        checked = None
    if checked is not None:
        st.caption(t("upload.read_as", lang, encoding=checked.table.encoding, rows=len(checked.table.rows),
                     examples=checked.table.examples_skipped))
        if checked.problems:
            st.error(t("upload.problems", lang, count=len(checked.problems)))
            report = report_frame(checked.problems)
            st.dataframe(report, hide_index=True, width="stretch", key="upload_report")
            st.download_button(t("upload.download_report", lang), csv_bytes(report, lang),
                               file_name=export_file_name("upload_report", lang), mime="text/csv",
                               key="download_report")
        else:
            st.subheader(t("upload.preview", lang))
            preview, with_public = preview_frame(checked.changes)
            counts = {a: sum(c.action == a for c in checked.changes) for a in ("new", "change", "unchanged")}
            st.write(t("upload.summary", lang, new=counts["new"], changed=counts["change"],
                       unchanged=counts["unchanged"]))
            if with_public:
                st.info(t("upload.public_kept", lang, count=with_public))
            st.dataframe(preview, hide_index=True, width="stretch", key="upload_preview")
            to_save = counts["new"] + counts["change"]
            if not to_save:
                st.info(t("upload.nothing_to_save", lang))
            else:
                def save() -> int:
                    import_id = apply.apply_upload(identity, uploaded.name, content)
                    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
                    return import_id

                submit_form(st.button(t("upload.save", lang, count=to_save), type="primary", key="save_upload"),
                            lang, save, "upload.saved", result_as="id")

st.subheader(t("upload.history", lang))
imports = history.imports(identity)
if not imports:
    st.caption(t("upload.no_history", lang))
else:
    st.dataframe(pd.DataFrame({
        t("upload.column.import", lang): [i.id for i in imports],
        t("upload.column.who", lang): [i.uploaded_by for i in imports],
        t("upload.column.when", lang): [when(i.uploaded_at, lang) for i in imports],
        t("upload.column.file", lang): [i.file_name for i in imports],
        t("upload.column.rows", lang): [i.rows for i in imports],
        t("upload.column.changes", lang): [i.changes for i in imports],
        t("upload.column.status", lang): [t(f"upload.status.{i.status}", lang) +
                                          (f" ({i.undone_by}, {when(i.undone_at, lang)})" if i.undone_by else "")
                                          for i in imports],
    }), hide_index=True, width="stretch", key="upload_history")
    undoable = [i.id for i in imports if i.status == "applied" and apply.may_undo(identity, i)]
    if undoable:
        labels = {i.id: f"{i.id} · {i.file_name} · {when(i.uploaded_at, lang)}" for i in imports}
        left, right = st.columns([3, 1])
        chosen = left.selectbox(t("upload.undo_choice", lang), undoable, format_func=labels.get, key="undo_choice",
                                placeholder=t("choose.option", lang))
        submit_form(right.button(t("upload.undo", lang), key="undo_upload"), lang,
                    lambda: apply.undo_import(identity, chosen), "upload.undone", result_as="count", id=chosen)
