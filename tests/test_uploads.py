"""Members' own data in core.uploads: hostile and broken files change nothing and get their message; imports are
one transaction; undo restores the previous values exactly; the template round-trips.

All values here are INVENTED by this code to exercise the checks; none is a real figure for any municipality.
Every test writes to a private copy of the public data (conftest.py: private_database), never the shared database.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date
from functools import cache

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from core import db, models, queries
from core.auth import Identity
from core.catalogue import load_catalogue
from core.etl.build import WRITE_ORDER
from core.i18n import LANGUAGES, t
from core.scores import all_bounds, compute
from core.uploads import apply, history, read, template, values
from core.uploads.errors import UploadError
from core.uploads.reference import QUALITY_CLASSES, load_reference

OSLO, KARASJOK = "0301", "5610"
SECRETARIAT = Identity("sekretariat", "Sekretariatet", "secretariat")
COORDINATOR = Identity("koord.karasjok", "Koordinator Karasjok", "coordinator", "municipality", KARASJOK)
OTHER_COORDINATOR = Identity("koord.oslo", "Koordinator Oslo", "coordinator", "municipality", OSLO)
VIEWER = Identity("", "", None)
HEADER = ";".join(read.COLUMNS)
THIS_YEAR = date.today().year
INVENTED = "Oppdiktet testverdi"  # every invented value says so in its source


@pytest.fixture(scope="module")
def url(private_database, add_users) -> str:
    url = private_database("uploads")
    add_users(url, {identity.username: (identity.role, identity.area_level, identity.area_code)
                    for identity in (SECRETARIAT, COORDINATOR, OTHER_COORDINATOR)})
    return url


def csv_file(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def row(area=KARASJOK, indicator="low_income_eu60", year=2023, value="9,5", target="", direction="",
        source=INVENTED, quality="Class_1", example="") -> str:
    return ";".join(str(v) for v in (example, area, indicator, year, value, target, direction, source, quality))


def kpi_row(area=KARASJOK, ks_id="2150", year=2023, value="80", target="100", direction="higher", **more) -> str:
    return row(area, ks_id, year, value, target, direction, **more)


@cache
def public_observations(url: str) -> pd.DataFrame:
    """The public observations, read once: uploads never write them (state() checks that they did not)."""
    return queries.all_observations(url)


def state(url: str) -> dict:
    """Everything an upload may change: the member values (all columns) and the merged observations; and a
    fingerprint of the public observations (count and sum per indicator), which it must not change."""
    with db.session(url) as session:
        stored = sorted(tuple(getattr(v, c.name) for c in models.MemberValue.__table__.columns)
                        for v in session.scalars(select(models.MemberValue)))
        o = models.Observation
        public = session.execute(select(o.indicator_id, func.count(), func.sum(o.value)).group_by(o.indicator_id)
                                 .order_by(o.indicator_id)).all()
    merged = values.observations_with_members(public_observations(url), url)
    return {"values": stored, "public": public,
            "observations": merged.sort_values(list(merged.columns)).reset_index(drop=True)}


def assert_same(before: dict, after: dict) -> None:
    assert before["values"] == after["values"] and before["public"] == after["public"]
    pd.testing.assert_frame_equal(before["observations"], after["observations"])


def count(url: str, model) -> int:
    with db.session(url) as session:
        return session.scalar(select(func.count()).select_from(model))


def xlsx_file(rows: list[list[object]], sheet: str = "Data", header=read.COLUMNS, extra_sheets=()) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = sheet
    data.append(list(header))
    for values_ in rows:
        data.append(values_)
    for name in extra_sheets:
        workbook.create_sheet(name)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (read.MAX_UNZIPPED_BYTES + 1))
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


# Whole files that cannot be used -----------------------------------------------------------------------------------

FILE_CASES = {
    "empty": ("a.csv", b"", "upload.error.empty"),
    "blank": ("a.csv", b"  \n\n \r\n", "upload.error.empty"),
    "only comments": ("a.csv", b"# nothing here\n", "upload.error.empty"),
    "too large": ("a.csv", b"x" * (read.MAX_BYTES + 1), "upload.error.too_large"),
    "too many rows": ("a.csv", csv_file(*[row(year=2000 + i % 20, indicator="population") for i in
                                          range(read.MAX_ROWS + 1)]), "upload.error.too_many_rows"),
    "binary junk": ("a.csv", random.Random(6).randbytes(4000).replace(b"\x00", b"\x01"), "upload.error.binary"),
    "nul bytes": ("a.csv", b"area_code;indicator\x00\x00\x00", "upload.error.binary"),
    "old excel": ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "upload.error.old_excel"),
    "broken zip": ("a.xlsx", b"PK\x03\x04" + b"not really a zip" * 20, "upload.error.malformed_xlsx"),
    "csv named xlsx": ("a.xlsx", csv_file(row()), "upload.error.malformed_xlsx"),
    "truncated xlsx": ("a.xlsx", xlsx_file([["", KARASJOK, "low_income_eu60", 2023, 9.5, None, None, INVENTED,
                                             "Class_1"]])[:900], "upload.error.malformed_xlsx"),
    "zip bomb": ("a.xlsx", zip_bomb(), "upload.error.too_large_unzipped"),
    "zip without workbook": ("a.xlsx", plain_zip(), "upload.error.malformed_xlsx"),
    "wrong columns": ("a.csv", csv_file(row(), header="kommune;indikator;år;verdi"), "upload.error.columns"),
    "missing column": ("a.csv", csv_file("x;0301;low_income_eu60;2023;1;;;s", header=HEADER.rsplit(";", 1)[0]),
                       "upload.error.columns"),
    "repeated column": ("a.csv", csv_file(row() + ";x", header=HEADER + ";year"), "upload.error.columns"),
    "only examples": ("a.csv", csv_file(row(example="EKSEMPEL"), kpi_row(example="example")),
                      "upload.error.no_rows"),
    "no data sheet": ("a.xlsx", xlsx_file([], sheet="Ark1", extra_sheets=["Ark2"]), "upload.error.no_data_sheet"),
    "broken utf-8 after bom": ("a.csv", b"\xef\xbb\xbf" + csv_file(row()) + b"\xff\xfe\xfd", "upload.error.encoding"),
}


@pytest.mark.parametrize("case", list(FILE_CASES))
def test_a_broken_file_changes_nothing_and_says_why(url, case):
    name, content, key = FILE_CASES[case]
    before, imports = state(url), count(url, models.MemberImport)
    with pytest.raises(UploadError) as error:
        apply.check(SECRETARIAT, name, content, url)
    assert error.value.key == key
    with pytest.raises(UploadError):
        apply.apply_upload(SECRETARIAT, name, content, url)
    assert_same(before, state(url))
    assert count(url, models.MemberImport) == imports
    for lang in LANGUAGES:  # every message exists in both languages and fills its placeholders
        text = t(error.value.key, lang, **error.value.values)
        assert text != error.value.key and "{" not in text


# Rows with problems: the report names row, column and problem; nothing is saved -----------------------------------

ROW_CASES = {
    "unknown municipality": (row(area="9999"), "area_code", "upload.problem.area"),
    "letters as area": (row(area="Oslo"), "area_code", "upload.problem.area"),
    "unknown indicator": (row(indicator="happiness"), "indicator", "upload.problem.indicator"),
    "ambiguous kpi code": (kpi_row(ks_id="EN: EN: AQ: 1C"), "indicator", "upload.problem.indicator"),
    "text in number": (row(value="tolv"), "value", "upload.problem.not_a_number"),
    "thousands with points": (row(indicator="population", value="1.234,5"), "value", "upload.problem.not_a_number"),
    "missing value": (row(value=""), "value", "upload.problem.missing"),
    "share over 100": (row(value="100,5"), "value", "upload.problem.share"),
    "negative share": (row(value="-2"), "value", "upload.problem.share"),
    "negative count": (row(indicator="buildings_in_hazard_zones", value="-3"), "value", "upload.problem.negative"),
    "negative kpi": (kpi_row(value="-1"), "value", "upload.problem.negative"),
    "year too early": (row(year=1989), "year", "upload.problem.year_range"),
    "year in the future": (row(year=THIS_YEAR + 1), "year", "upload.problem.year_range"),
    "year as text": (row(year="20x4"), "year", "upload.problem.year_text"),
    "year with decimals": (row(year="2023,5"), "year", "upload.problem.year_text"),
    "csv injection in source": (row(source="=HYPERLINK(\"http://x\")"), "source", "upload.problem.injection"),
    "csv injection with @": (row(source="@SUM(A1:A9)"), "source", "upload.problem.injection"),
    "csv injection with +": (row(source="+cmd|' /C calc'!A0"), "source", "upload.problem.injection"),
    "csv injection with -": (row(value="-2+3"), "value", "upload.problem.injection"),
    # Leading white space is stripped before a source is stored: it must not hide the formula (issue 17 §5).
    "formula behind a space": (row(source=' =HYPERLINK("http://x")'), "source", "upload.problem.injection"),
    "formula behind a no-break space": (row(source='\u00a0=HYPERLINK("http://x")'), "source",
                                        "upload.problem.injection"),
    "formula behind a newline": (row(source='"\n+cmd|\' /C calc\'!A0"'), "source", "upload.problem.injection"),
    "formula behind a CRLF and a tab": (row(source='"\r\n\t@SUM(A1:A9)"'), "source", "upload.problem.injection"),
    "formula behind a zero-width space": (row(source='\u200b=HYPERLINK("http://x")'), "source",
                                          "upload.problem.injection"),
    "full-width equals sign": (row(source='＝HYPERLINK("http://x")'), "source", "upload.problem.injection"),
    "another municipality": (row(area=OSLO), "area_code", "upload.problem.not_yours"),
    "a county": (row(area="56"), "area_code", "upload.problem.not_yours"),
    "kpi without target": (kpi_row(target=""), "target", "upload.problem.missing"),
    "kpi with zero target": (kpi_row(target="0"), "target", "upload.problem.target_positive"),
    "kpi without direction": (kpi_row(direction=""), "direction", "upload.problem.direction"),
    "kpi with odd direction": (kpi_row(direction="up"), "direction", "upload.problem.direction"),
    "target on an indicator": (row(target="5"), "target", "upload.problem.target_for_indicator"),
    "direction on an indicator": (row(direction="lower"), "direction", "upload.problem.direction_for_indicator"),
    "no source": (row(source=""), "source", "upload.problem.source_missing"),
    "long source": (row(source="k" * 301), "source", "upload.problem.source_long"),
    "unknown quality": (row(quality="Class_4"), "quality", "upload.problem.quality"),
    "no quality": (row(quality=""), "quality", "upload.problem.quality"),
    "superscript year": (row(year="²⁰²⁰"), "year", "upload.problem.year_text"),  # isdigit() but not int(): crashed
    "superscript area code": (row(area="⁵⁶¹⁰"), "area_code", "upload.problem.area"),
    "odd example mark": (row(example="ja"), "example", "upload.problem.example"),
    "cell beyond the columns": (row() + ";stray", "–", "upload.problem.extra_cell"),
}


@pytest.mark.parametrize("case", list(ROW_CASES))
def test_a_bad_row_is_reported_and_nothing_is_saved(url, case):
    bad, column, key = ROW_CASES[case]
    content = csv_file(row(year=2020), bad, kpi_row(year=2020))  # good rows around it are not saved either
    before = state(url)
    checked = apply.check(COORDINATOR, "bad.csv", content, url)
    assert [(p.row, p.column, p.key) for p in checked.problems] == [(3, column, key)]
    assert not checked.ok and not checked.changes
    with pytest.raises(UploadError) as error:
        apply.apply_upload(COORDINATOR, "bad.csv", content, url)
    assert error.value.key == "upload.error.invalid"
    assert_same(before, state(url))
    for lang in LANGUAGES:
        problem = checked.problems[0]
        assert "{" not in t(problem.key, lang, **problem.values)


def test_duplicates_within_the_file_name_the_first_row(url):
    content = csv_file(row(), kpi_row(), row(value="7"), kpi_row(ks_id="EC: ICT: ICT: 1C"))
    checked = apply.check(COORDINATOR, "dup.csv", content, url)
    assert [(p.row, p.key, p.values) for p in checked.problems] == [
        (4, "upload.problem.duplicate", {"first": 2}), (5, "upload.problem.duplicate", {"first": 3})]


def test_formulas_in_excel_cells_are_refused(url):
    content = xlsx_file([["", KARASJOK, "low_income_eu60", 2023, "=4+5", None, None, INVENTED, "Class_1"],
                         ["", KARASJOK, "low_income_eu60", 2022, 9, None, None, "=A1", "Class_1"]])
    checked = apply.check(COORDINATOR, "f.xlsx", content, url)
    assert [(p.row, p.column, p.key) for p in checked.problems] == [
        (2, "value", "upload.problem.formula"), (3, "source", "upload.problem.formula")]



def test_hidden_formulas_in_excel_text_cells_are_refused(url):
    content = xlsx_file([["", KARASJOK, "low_income_eu60", 2023, 9, None, None, ' =HYPERLINK("http://x")', "Class_1"],
                         ["", KARASJOK, "low_income_eu60", 2022, 9, None, None, "\n+cmd|' /C calc'!A0", "Class_1"],
                         ["", KARASJOK, "low_income_eu60", 2021, 9, None, None, "\u00a0@SUM(A1)", "Class_1"]])
    checked = apply.check(COORDINATOR, "f.xlsx", content, url)
    assert [(p.row, p.column, p.key) for p in checked.problems] == [
        (row, "source", "upload.problem.injection") for row in (2, 3, 4)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_quoted_cell_with_line_breaks_is_one_cell(url, newline):
    source = f"Kilde, linje 1{newline}linje 2 (oppdiktet)"
    content = csv_file(row(year=2023, source=f'"{source}"'), row(year=2022))
    table = read.read_upload("lines.csv", content)
    assert [(raw.number, raw.cells["source"], raw.cells["quality"]) for raw in table.rows] == [
        (2, source, "Class_1"), (4, INVENTED, "Class_1")]  # numbered by the line each row starts on
    checked = apply.check(COORDINATOR, "lines.csv", content, url)
    assert checked.ok, checked.problems

def test_a_viewer_may_not_upload(url):
    with pytest.raises(UploadError) as error:
        apply.check(VIEWER, "a.csv", csv_file(row()), url)
    assert error.value.key == "upload.error.role"


# Reading what people really send ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1252", "cp1252")])
def test_encodings_are_recognised_and_named(url, encoding, expected):
    content = csv_file(row(source="Kommunens regnskap – Bærum æøå"), encoding=encoding)
    checked = apply.check(COORDINATOR, "enc.csv", content, url)
    assert checked.ok, checked.problems
    assert checked.table.encoding == expected
    assert checked.rows[0].source == "Kommunens regnskap – Bærum æøå"


def test_latin1_is_the_last_resort(url):
    content = csv_file(row(source="Kilde \x81 Bærum"), encoding="latin-1")  # 0x81 is not cp1252
    checked = apply.check(COORDINATOR, "enc.csv", content, url)
    assert checked.table.encoding == "latin-1" and checked.rows[0].source == "Kilde \x81 Bærum"


@pytest.mark.parametrize("text, expected", [("12,5", 12.5), ("12.5", 12.5), ("1 234,5", 1234.5),
                                            ("1\u00a0234", 1234.0), ("+3", 3.0), ("0", 0.0)])
def test_norwegian_numbers(url, text, expected):
    checked = apply.check(COORDINATOR, "n.csv", csv_file(row(indicator="population", value=text)), url)
    assert checked.ok, checked.problems
    assert checked.rows[0].value == expected


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiters(url, delimiter):
    line = row(value="9.5").replace(";", delimiter)
    checked = apply.check(COORDINATOR, "d.csv", csv_file(line, header=HEADER.replace(";", delimiter)), url)
    assert checked.ok, checked.problems


def test_excel_numbers_codes_and_kpi_codes(url):
    content = xlsx_file([[None, 5610, "low_income_eu60", 2023, 9.5, None, None, INVENTED, 1],
                         [None, 5610, 2150, 2023.0, 80, 100, "høyere", INVENTED, "Klasse 2"],
                         [None, 5610, "ec:ict:ict:2c", 2023, 40, 50, "higher", INVENTED, "class 3"]])
    checked = apply.check(COORDINATOR, "x.xlsx", content, url)
    assert checked.ok, checked.problems
    assert [(r.area_code, r.kind, r.code, r.direction, r.quality) for r in checked.rows] == [
        (KARASJOK, "indicator", "low_income_eu60", None, "Class_1"),
        (KARASJOK, "kpi", "2150", "higher", "Class_2"),
        (KARASJOK, "kpi", "2151", "higher", "Class_3")]
    oslo = apply.check(SECRETARIAT, "x.xlsx", xlsx_file([[None, 301, "population", 2023, 1, None, None, "s", 1],
                                                          [None, 3, "population", 2023, 1, None, None, "s", 1]]), url)
    assert [(r.area_level, r.area_code) for r in oslo.rows] == [("municipality", OSLO), ("county", "03")]


# Import, history and undo -----------------------------------------------------------------------------------------


def stored(url: str, kind: str, code: str, year: int, area: str = KARASJOK) -> models.MemberValue | None:
    with db.session(url) as session:
        return session.scalar(select(models.MemberValue).where(
            models.MemberValue.area_code == area, models.MemberValue.kind == kind, models.MemberValue.code == code,
            models.MemberValue.year == year))


def test_import_then_undo_restores_previous_values_source_and_quality(url):
    start = state(url)
    first = apply.apply_upload(COORDINATOR, "first.csv", csv_file(
        row(year=2010, value="10"), kpi_row(year=2010, value="50", source="Kommunens regnskap 2010")), url)
    after_first = state(url)
    second = apply.apply_upload(COORDINATOR, "second.csv", csv_file(
        row(year=2010, value="11", quality="Class_2", source="Ny kilde"), kpi_row(year=2010, value="50",
                                                                                  source="Kommunens regnskap 2010"),
        row(year=2011, value="12")), url)
    changed = stored(url, "indicator", "low_income_eu60", 2010)
    assert (changed.value, changed.source, changed.quality, changed.import_id) == (11.0, "Ny kilde", "Class_2", second)
    assert stored(url, "kpi", "2150", 2010).import_id == first  # unchanged rows keep the import that set them
    assert [(c.action, c.old_value, c.new_value) for c in history.changes_of(second, url)] == [
        ("update", 10.0, 11.0), ("create", None, 12.0)]

    with pytest.raises(UploadError) as refused:  # the older import's values were changed later
        apply.undo_import(COORDINATOR, first, url)
    assert (refused.value.key, refused.value.values["later"]) == ("upload.error.undo_later", str(second))

    with pytest.raises(UploadError) as not_yours:
        apply.undo_import(OTHER_COORDINATOR, second, url)
    assert not_yours.value.key == "upload.error.undo_not_yours"

    assert apply.undo_import(COORDINATOR, second, url) == 2
    assert_same(after_first, state(url))
    restored = stored(url, "indicator", "low_income_eu60", 2010)
    assert (restored.value, restored.source, restored.quality, restored.import_id) == (10.0, INVENTED, "Class_1",
                                                                                       first)
    with pytest.raises(UploadError) as twice:
        apply.undo_import(COORDINATOR, second, url)
    assert twice.value.key == "upload.error.already_undone"

    assert apply.undo_import(COORDINATOR, first, url) == 2
    assert_same(start, state(url))
    statuses = {i.id: i.status for i in history.imports(COORDINATOR, url)}
    assert statuses[first] == statuses[second] == "undone"
    assert all(i.id not in (first, second) for i in history.imports(OTHER_COORDINATOR, url))


def test_every_change_is_in_the_audit_trail(url):
    with db.session(url) as session:
        last = session.scalar(select(func.max(models.AuditEntry.id))) or 0
    imported = apply.apply_upload(COORDINATOR, "audit.csv", csv_file(row(year=2005)), url)
    apply.undo_import(COORDINATOR, imported, url)
    with db.session(url) as session:
        entries = session.scalars(select(models.AuditEntry).where(models.AuditEntry.id > last)).all()
    assert [(e.entity, e.action, e.user) for e in entries] == [
        ("member_value", "create", COORDINATOR.username), ("member_import", "create", COORDINATOR.username),
        ("member_value", "delete", COORDINATOR.username), ("member_import", "undo", COORDINATOR.username)]
    assert '"value": 9.5' in entries[2].before


def test_the_data_version_grows_with_imports_and_undos(url):
    before = values.version(url)
    imported = apply.apply_upload(COORDINATOR, "v.csv", csv_file(row(year=2004)), url)
    middle = values.version(url)
    apply.undo_import(COORDINATOR, imported, url)
    assert before < middle < values.version(url)


# Property: any imports, undone newest first, leave everything exactly as before ----------------------------------

KEYS = [("low_income_eu60", y) for y in (1995, 1996, 1997)] + [("2150", y) for y in (1995, 1996)]
uploads = st.lists(
    st.lists(st.tuples(st.sampled_from(KEYS), st.integers(0, 100), st.sampled_from(QUALITY_CLASSES),
                       st.sampled_from(["Kilde A", "Kilde B"])), min_size=1, max_size=5,
             unique_by=lambda entry: entry[0]),
    min_size=1, max_size=4)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(uploads)
def test_random_imports_then_undo_restore_the_state_exactly(url, files):
    before = state(url)
    done = []
    for entries in files:
        lines = [kpi_row(ks_id=code, year=year, value=value, quality=quality, source=source) if code == "2150" else
                 row(indicator=code, year=year, value=value, quality=quality, source=source)
                 for (code, year), value, quality, source in entries]
        done.append(apply.apply_upload(COORDINATOR, "random.csv", csv_file(*lines), url))
    for imported in reversed(done):
        apply.undo_import(SECRETARIAT, imported, url)
    assert_same(before, state(url))


# The template round-trips -----------------------------------------------------------------------------------------


def fill_template(content: bytes, rows: list[list[object]]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    for values_ in rows:
        workbook["Data"].append(values_)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_excel_template_round_trips_to_the_profile_and_back(url, lang):
    reference = load_reference(url)
    content = template.template_xlsx(COORDINATOR, reference, lang)
    sheets = load_workbook(io.BytesIO(content)).sheetnames
    assert sheets[0] == "Data" and "U4SSC" in sheets and len(sheets) == 6
    with pytest.raises(UploadError) as untouched:  # the examples alone are skipped, and say so
        apply.check(COORDINATOR, "mal.xlsx", content, url)
    assert untouched.value.key == "upload.error.no_rows" and untouched.value.values == {"examples": 3}
    before = state(url)
    filled = fill_template(content, [
        [None, KARASJOK, "2150", 2024, "85,5", 90, "higher", INVENTED, "Class_1"],
        [None, KARASJOK, "EN: EN: AQ: 2C", 2024, 5, 4, "lower", INVENTED, "Class_2"],
        [None, KARASJOK, "low_income_eu60", 1995, 8, None, None, INVENTED, "Class_1"]])
    checked = apply.check(COORDINATOR, "mal.xlsx", filled, url)
    assert checked.ok, checked.problems
    assert checked.table.examples_skipped == 3 and [c.action for c in checked.changes] == ["new"] * 3
    imported = apply.apply_upload(COORDINATOR, "mal.xlsx", filled, url)
    own = values.member_values(url, level="municipality", code=KARASJOK)
    results = values.kpi_results(own, values.kpi_catalogue(url)).set_index("ks_id")
    assert results.loc["2150", "points"] == 4  # 85.5 / 90 = 95 %
    assert results.loc["2209", "points"] == 3  # lower is better: 4 / 5 = 80 %
    merged = values.observations_with_members(queries.all_observations(url), url)
    assert ((merged.area_code == KARASJOK) & (merged.indicator_id == "low_income_eu60") & (merged.year == 1995)).any()
    apply.undo_import(COORDINATOR, imported, url)
    assert_same(before, state(url))


def test_the_csv_template_round_trips(url):
    content = template.template_csv(COORDINATOR, "nb")
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig").replace("EKSEMPEL;", ";")  # a member who keeps the example rows as data
    checked = apply.check(COORDINATOR, "mal.csv", text.encode("utf-8"), url)
    assert checked.ok, checked.problems
    assert len(checked.rows) == 3
    codes = template.codes_csv(COORDINATOR, load_reference(url), "en").decode("utf-8-sig")
    assert f"area;{KARASJOK};" in codes and f"area;{OSLO};" not in codes and "u4ssc;2150;" in codes


# Where members' values go -----------------------------------------------------------------------------------------


def test_public_values_win_and_bounds_stay_public(url):
    public = queries.all_observations(url)
    has_public = public[(public.area_code == KARASJOK) & (public.indicator_id == "low_income_eu60")]
    public_year = int(has_public.year.max())
    imported = apply.apply_upload(COORDINATOR, "mix.csv", csv_file(
        row(year=public_year, value="99"), row(year=1991, value="1")), url)
    merged = values.observations_with_members(public, url)
    mine = merged[(merged.area_code == KARASJOK) & (merged.indicator_id == "low_income_eu60")]
    assert mine.loc[mine.year == public_year, "value"].tolist() == has_public.loc[
        has_public.year == public_year, "value"].tolist()
    assert mine.loc[mine.year == 1991, "value"].tolist() == [1.0]
    assert list(merged.columns) == list(public.columns)
    catalogue = load_catalogue()
    bounds = all_bounds(public, catalogue)
    book = compute(merged, catalogue, bounds=bounds)
    assert book.bounds == bounds
    apply.undo_import(COORDINATOR, imported, url)


def test_members_tables_survive_a_rebuild_of_the_public_data():
    """core.etl.build rewrites only its WRITE_ORDER tables; members' tables are not among them and have no foreign
    key into them (a rebuild deletes those rows first)."""
    ours = {models.MemberImport, models.MemberValue, models.MemberValueChange}
    assert not ours & set(WRITE_ORDER)
    assert all(not model.__table__.foreign_keys for model in ours)


def test_the_migration_matches_the_models(url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine(url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), models.Base.metadata)
    ours = {"member_import", "member_value", "member_value_change"}
    assert [d for d in differences if ours & set(map(str, _tables(d)))] == []


def _tables(difference) -> list[str]:
    flat = difference if isinstance(difference, list) else [difference]
    names = []
    for item in flat:
        for part in item:
            name = getattr(part, "name", None) or getattr(getattr(part, "table", None), "name", None)
            if name:
                names.append(name)
    return names
