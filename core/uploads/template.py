"""The upload template a member downloads: CSV and Excel, with instructions, allowed codes and example rows.

Example rows carry EKSEMPEL in the example column and are skipped on upload, so a member may leave them in.
Their values are invented to show the format, and say so in their source column.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from core.auth import Identity
from core.i18n import t
from core.uploads.read import COLUMNS, MAX_ROWS
from core.uploads.reference import QUALITY_CLASSES, SIGNED_INDICATORS, Reference
from core.uploads.validate import FIRST_YEAR

EXAMPLE = "EKSEMPEL"
INSTRUCTION_KEYS = [f"upload.instruction.{n}" for n in range(1, 10)]


def example_area(identity: Identity) -> str:
    return identity.area_code if identity.role == "coordinator" and identity.area_code else "0301"


def example_rows(identity: Identity, lang: str) -> list[list[object]]:
    """Invented example values (marked EKSEMPEL and skipped on upload)."""
    area, year, source = example_area(identity), date.today().year - 1, t("upload.example_source", lang)
    return [
        [EXAMPLE, area, "low_income_eu60", year, "9,5", "", "", source, "Class_1"],
        [EXAMPLE, area, "2150", year, "92,0", "100", "higher", source, "Class_1"],
        [EXAMPLE, area, "EN: EN: AQ: 2C", year, "4,2", "3,5", "lower", source, "Class_2"],
    ]


def instructions(lang: str) -> list[str]:
    return [t(key, lang, first=FIRST_YEAR, last=date.today().year, rows=MAX_ROWS,
              classes=", ".join(QUALITY_CLASSES), columns=", ".join(COLUMNS)) for key in INSTRUCTION_KEYS]


def allowed_areas(identity: Identity, reference: Reference) -> list[tuple[str, str, str]]:
    """(code, level, name) of the areas this person may upload for."""
    return [(code, level, name) for code, (level, name) in sorted(reference.areas.items())
            if identity.may_edit(level, code)]


def indicator_rows(reference: Reference, lang: str) -> list[list[object]]:
    rows = []
    for spec in reference.indicators.values():
        allowed = "0–100" if spec.unit_symbol == "%" else "≥ 0" if spec.id not in SIGNED_INDICATORS else "±"
        rows.append([spec.id, spec.name(lang), spec.unit(lang), allowed])
    return rows


def kpi_rows(reference: Reference) -> list[list[object]]:
    return [[k.ks_id, k.code, k.name_en, k.dimension, k.sub_dimension, k.category]
            for k in sorted(reference.kpis.values(), key=lambda k: (k.code, k.ks_id))]


def template_csv(identity: Identity, lang: str) -> bytes:
    """Semicolon-separated UTF-8 with BOM (what Norwegian Excel opens correctly), instructions as # lines."""
    buffer = io.StringIO()
    for line in instructions(lang):
        buffer.write(f"# {line}\n")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(example_rows(identity, lang))
    return buffer.getvalue().encode("utf-8-sig")


def codes_csv(identity: Identity, reference: Reference, lang: str) -> bytes:
    """Every code an upload may use: areas, indicators, U4SSC KPIs and quality classes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["kind", "code", "name", "detail"])
    writer.writerows(["area", code, name, level] for code, level, name in allowed_areas(identity, reference))
    writer.writerows(["indicator", i, name, f"{unit} ({allowed})"] for i, name, unit, allowed in
                     indicator_rows(reference, lang))
    writer.writerows(["u4ssc", ks_id, name, code] for ks_id, code, name, *_ in kpi_rows(reference))
    writer.writerows(["quality", q, t(f"upload.quality.{q}", lang), ""] for q in QUALITY_CLASSES)
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(identity: Identity, reference: Reference, lang: str) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = "Data"
    data.append(list(COLUMNS))
    example_fill = PatternFill("solid", fgColor="FFF2CC")
    for row in example_rows(identity, lang):
        data.append(row)
        for cell in data[data.max_row]:
            cell.fill = example_fill
    for cell in data[1]:
        cell.font = Font(bold=True)
    for column_cells in data.iter_cols(min_col=2, max_col=2, max_row=MAX_ROWS):  # keep leading zeros (0301)
        for cell in column_cells:
            cell.number_format = "@"
    data.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (11, 10, 22, 7, 10, 10, 10, 36, 10), strict=True):
        data.column_dimensions[letter].width = width
    sheets = [
        (t("upload.sheet.instructions", lang), [[line] for line in instructions(lang)], None),
        (t("upload.sheet.areas", lang), [list(r) for r in allowed_areas(identity, reference)],
         ["area_code", "level", "name"]),
        (t("upload.sheet.indicators", lang), indicator_rows(reference, lang), ["indicator", "name", "unit", "range"]),
        ("U4SSC", kpi_rows(reference), ["indicator", "kpi_code", "name", "dimension", "sub_dimension", "category"]),
        (t("upload.sheet.quality", lang), [[q, t(f"upload.quality.{q}", lang)] for q in QUALITY_CLASSES],
         ["quality", "meaning"]),
    ]
    for title, rows, header in sheets:
        sheet = workbook.create_sheet(title)
        if header:
            sheet.append(header)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 14 if header else 120
        sheet.column_dimensions["B"].width = 40
        sheet.column_dimensions["C"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
