"""Bytes of an uploaded CSV or Excel file to raw rows, with file-level checks: size, encoding, format, columns.

Every cell stays as the file has it (text from CSV; text, number or a Formula marker from Excel): judging the
values is core.uploads.validate's job, so that every problem can be reported with its row and column.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from core.uploads.errors import UploadError

MAX_BYTES = 5_000_000  # a full year for every municipality and KPI is far below this
MAX_ROWS = 10_000
MAX_UNZIPPED_BYTES = 50_000_000  # an .xlsx is a zip: refuse zip bombs before openpyxl inflates them
DATA_SHEET = "data"
REQUIRED = ("area_code", "indicator", "year", "value", "source", "quality")
OPTIONAL = ("example", "target", "direction")
COLUMNS = ("example", "area_code", "indicator", "year", "value", "target", "direction", "source", "quality")
EXAMPLE_MARKS = {"eksempel", "example"}
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
CSV_ENCODINGS = ("utf-8", "cp1252", "latin-1")  # tried in this order after the BOMs; latin-1 decodes anything


@dataclass(frozen=True)
class Formula:
    """An Excel cell holding a formula: refused, since what it computes depends on the reader."""

    text: str


@dataclass(frozen=True)
class RawRow:
    number: int  # the row or line number a person sees in the file
    cells: dict[str, object]


@dataclass(frozen=True)
class RawTable:
    rows: list[RawRow]
    encoding: str  # how the file was read: utf-8, utf-8-sig, utf-16, cp1252, latin-1 or xlsx
    examples_skipped: int


def read_upload(file_name: str, data: bytes) -> RawTable:
    """Raw rows of an upload; UploadError for anything that makes the file as a whole unusable."""
    if not data or not data.strip():
        raise UploadError("upload.error.empty")
    if len(data) > MAX_BYTES:
        raise UploadError("upload.error.too_large", size=round(len(data) / 1e6, 1), limit=MAX_BYTES // 1_000_000)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the pre-2007 binary .xls format
        raise UploadError("upload.error.old_excel")
    if data.startswith(b"PK\x03\x04"):
        return _table(*_read_xlsx(data), encoding="xlsx")
    if (file_name or "").lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise UploadError("upload.error.malformed_xlsx")
    text, encoding = decode(data)
    return _table(*_read_csv(text), encoding=encoding)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding that read it; UploadError for binary junk."""
    bom = next((name for mark, name in BOMS if data.startswith(mark)), None)
    if bom:
        try:
            text, encoding = data.decode(bom), bom
        except UnicodeDecodeError as error:  # a BOM promises an encoding the bytes then break
            raise UploadError("upload.error.encoding", encoding=bom) from error
    else:
        if b"\x00" in data:
            raise UploadError("upload.error.binary")
        for encoding in CSV_ENCODINGS:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n") + text.count("\x7f")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise UploadError("upload.error.binary")
    return text, encoding


def _read_csv(text: str) -> tuple[list[str], list[tuple[int, list[object]]]]:
    lines = text.splitlines(keepends=True)
    # The header is the first line that is neither empty nor a comment (the template explains itself in # lines).
    start = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), None)
    if start is None:
        raise UploadError("upload.error.empty")
    header_line = lines[start]
    delimiter = max(";,\t", key=header_line.count)
    # The text from the header on, as the file has it: a quoted cell keeps its own line breaks (CR, CRLF, LF) and is
    # one cell, whatever lines it spans; newline="" leaves the line ends to the csv module.
    reader = csv.reader(io.StringIO("".join(lines[start:]), newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        rows = []
        ended = reader.line_num
        for record in reader:
            number, ended = start + ended + 1, reader.line_num  # the line the record starts on, counted from 1
            if not any(cell.strip() for cell in record) or record[0].lstrip().startswith("#"):
                continue
            rows.append((number, list(record)))
            if len(rows) > MAX_ROWS:
                raise UploadError("upload.error.too_many_rows", limit=MAX_ROWS)
    except csv.Error as error:
        raise UploadError("upload.error.malformed_csv", detail=str(error)[:200]) from error
    return header, rows


def _read_xlsx(data: bytes) -> tuple[list[str], list[tuple[int, list[object]]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise UploadError("upload.error.too_large_unzipped", limit=MAX_UNZIPPED_BYTES // 1_000_000)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except UploadError:
        raise
    except Exception as error:  # noqa: BLE001 - a broken zip or XML raises many types; all mean "not a workbook"
        raise UploadError("upload.error.malformed_xlsx") from error
    try:
        names = {name.strip().lower(): name for name in workbook.sheetnames}
        if DATA_SHEET in names:
            sheet = workbook[names[DATA_SHEET]]
        elif len(workbook.sheetnames) == 1:
            sheet = workbook[workbook.sheetnames[0]]
        else:
            raise UploadError("upload.error.no_data_sheet", sheets=", ".join(workbook.sheetnames))
        header, rows = None, []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values = [Formula(str(c.value)) if c.data_type == "f" else c.value for c in cells]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if header is None:
                header = ["" if v is None else str(v) for v in values]
                continue
            if isinstance(values[0], str) and values[0].lstrip().startswith("#"):
                continue
            rows.append((number, values))
            if len(rows) > MAX_ROWS:
                raise UploadError("upload.error.too_many_rows", limit=MAX_ROWS)
    except UploadError:
        raise
    except Exception as error:  # noqa: BLE001 - damaged sheet XML surfaces only while iterating
        raise UploadError("upload.error.malformed_xlsx") from error
    finally:
        workbook.close()
    if header is None:
        raise UploadError("upload.error.empty")
    return header, rows


def _table(header: list[str], rows: list[tuple[int, list[object]]], encoding: str) -> RawTable:
    names = [str(h).strip().lower().lstrip("\ufeff") for h in header]
    used = [n for n in names if n]
    unknown = [n for n in used if n not in COLUMNS]
    missing = [c for c in REQUIRED if c not in used]
    repeated = sorted({n for n in used if used.count(n) > 1})
    if unknown or missing or repeated:
        raise UploadError("upload.error.columns", missing=", ".join(missing) or "–",
                          unknown=", ".join(unknown + repeated) or "–", allowed=", ".join(COLUMNS))
    raw, examples = [], 0
    for number, values in rows:
        cells = {name: values[i] if i < len(values) else None for i, name in enumerate(names) if name}
        extra = [v for i, v in enumerate(values) if (i >= len(names) or not names[i]) and v not in (None, "")]
        if extra:
            cells["_extra"] = extra[0]
        mark = cells.get("example")
        if isinstance(mark, str) and mark.strip().lower() in EXAMPLE_MARKS:
            examples += 1
            continue
        raw.append(RawRow(number, cells))
    if not raw:
        raise UploadError("upload.error.no_rows", examples=examples)
    return RawTable(raw, encoding, examples)
