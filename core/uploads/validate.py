"""Row-by-row validation of an upload: every problem with its row, column and a translation key.

Nothing here writes. An upload with any problem is refused as a whole (core.uploads.apply checks again).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from core.auth import Identity
from core.uploads.errors import Problem
from core.uploads.read import Formula, RawTable
from core.uploads.reference import QUALITY_CLASSES, SIGNED_INDICATORS, Reference, resolve

FIRST_YEAR = 1990
MAX_SOURCE = 300
INJECTION_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: a spreadsheet may run such a cell as a formula
NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
THOUSANDS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?:\D|$))")  # 1 234,5 (space, no-break or thin space)
DIRECTIONS = {"higher": "higher", "høyere": "higher", "hoyere": "higher",
              "lower": "lower", "lavere": "lower"}
QUALITY = re.compile(r"^(?:class|klasse)?[\s_]*([123])$", re.IGNORECASE)


@dataclass(frozen=True)
class ValueRow:
    """One valid row, ready to save."""

    number: int
    area_level: str
    area_code: str
    kind: str  # indicator | kpi
    code: str  # indicator id or ks_id
    year: int
    value: float
    target: float | None
    direction: str | None
    source: str
    quality: str

    @property
    def key(self) -> tuple[str, str, str, str, int]:
        return self.area_level, self.area_code, self.kind, self.code, self.year


ASCII_DIGITS = re.compile(r"[0-9]+")


def parse_number(cell: object) -> float | None:
    """A number from a cell (decimal comma or point, spaces between thousands); None if empty; ValueError."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, (int, float)):
        number = float(cell)
    elif isinstance(cell, str):
        text = THOUSANDS.sub("", cell.strip())
        if not NUMBER.match(text):
            raise ValueError(cell)
        number = float(text.replace(",", "."))
    else:
        raise ValueError(cell)
    if not math.isfinite(number):
        raise ValueError(cell)
    return number


def area_code(cell: object) -> str | None:
    """A 4-digit municipality or 2-digit county code; Excel drops leading zeros (301 -> 0301, 3 -> 03)."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip() if cell is not None and not isinstance(cell, bool) else ""
    if not ASCII_DIGITS.fullmatch(text):  # str.isdigit() also takes ² and ¹, which int() refuses
        return None
    return "0" + text if len(text) in (1, 3) else text


def validate(table: RawTable, identity: Identity, reference: Reference,
             this_year: int | None = None) -> tuple[list[ValueRow], list[Problem]]:
    """The valid rows and every problem; the upload may be saved only when there are no problems."""
    this_year = this_year or date.today().year
    rows, problems, seen = [], [], {}
    for raw in table.rows:
        found: list[Problem] = []

        def problem(column: str, key: str, found=found, number=raw.number, **values) -> None:
            found.append(Problem(number, column, key, values))

        cells = raw.cells
        if "_extra" in cells:
            problem("–", "upload.problem.extra_cell", value=_show(cells["_extra"]))
        for column, cell in cells.items():
            if isinstance(cell, Formula):
                problem(column, "upload.problem.formula", value=_show(cell.text))
            elif isinstance(cell, str) and _looks_like_formula(cell):
                problem(column, "upload.problem.injection", value=_show(cell))
        if found:  # a formula or injection attempt: judge nothing else in this row
            problems += found
            continue
        mark = cells.get("example")
        if mark not in (None, "") and not (isinstance(mark, str) and not mark.strip()):
            problem("example", "upload.problem.example", value=_show(mark))

        code = area_code(cells.get("area_code"))
        level = reference.areas.get(code, (None,))[0] if code else None
        if level is None:
            problem("area_code", "upload.problem.area", value=_show(cells.get("area_code")))
        elif not identity.may_edit(level, code):
            problem("area_code", "upload.problem.not_yours", value=code, name=reference.area_name(code))

        indicator_text = cells.get("indicator")
        if isinstance(indicator_text, float) and indicator_text.is_integer():  # a KS id typed as a number in Excel
            indicator_text = int(indicator_text)
        resolved = None
        if isinstance(indicator_text, (str, int)) and not isinstance(indicator_text, bool):
            resolved = resolve(reference, str(indicator_text))
        if resolved is None:
            problem("indicator", "upload.problem.indicator", value=_show(indicator_text))
        kind, indicator = resolved or (None, None)

        year = _year(cells.get("year"))
        if year is None:
            problem("year", "upload.problem.year_text", value=_show(cells.get("year")))
        elif not FIRST_YEAR <= year <= this_year:
            problem("year", "upload.problem.year_range", value=year, low=FIRST_YEAR, high=this_year)

        value = _number(cells, "value", problem, required=True)
        if value is not None and kind is not None:
            _check_range(kind, indicator, value, reference, problem)

        target = _number(cells, "target", problem, required=kind == "kpi")
        direction_text = str(cells.get("direction") or "").strip().lower()
        direction = DIRECTIONS.get(direction_text)
        if kind == "indicator":
            if target is not None:
                problem("target", "upload.problem.target_for_indicator")
            if direction_text:
                problem("direction", "upload.problem.direction_for_indicator")
        elif kind == "kpi":
            if target is not None and target <= 0:
                problem("target", "upload.problem.target_positive", value=target)
            if direction is None:
                problem("direction", "upload.problem.direction", value=_show(cells.get("direction")))

        source = str(cells.get("source") or "").strip()
        if not source:
            problem("source", "upload.problem.source_missing")
        elif len(source) > MAX_SOURCE:
            problem("source", "upload.problem.source_long", limit=MAX_SOURCE)

        quality = _quality(cells.get("quality"))
        if quality is None:
            problem("quality", "upload.problem.quality", value=_show(cells.get("quality")),
                    allowed=", ".join(QUALITY_CLASSES))

        if not found:
            row = ValueRow(raw.number, level, code, kind, indicator, year, value, target,
                           direction if kind == "kpi" else None, source, quality)
            if row.key in seen:
                problem("indicator", "upload.problem.duplicate", first=seen[row.key])
            else:
                seen[row.key] = raw.number
                rows.append(row)
        problems += found
    return rows, problems


def _is_number(text: str) -> bool:
    try:
        return parse_number(text) is not None
    except ValueError:
        return False


def _number(cells: dict, column: str, problem, required: bool) -> float | None:
    try:
        number = parse_number(cells.get(column))
    except ValueError:
        problem(column, "upload.problem.not_a_number", value=_show(cells.get(column)))
        return None
    if number is None and required:
        problem(column, "upload.problem.missing")
    return number


def _check_range(kind: str, indicator: str, value: float, reference: Reference, problem) -> None:
    if kind == "indicator":
        spec = reference.indicators[indicator]
        if spec.unit_symbol == "%" and not 0 <= value <= 100:
            problem("value", "upload.problem.share", value=value)
            return
        if value < 0 and indicator not in SIGNED_INDICATORS:
            problem("value", "upload.problem.negative", value=value, unit=spec.unit_en)
    elif value < 0:  # U4SSC KPIs are shares, rates, counts and times: none is negative
        problem("value", "upload.problem.negative", value=value, unit="U4SSC")



def _looks_like_formula(cell: str) -> bool:
    """A cell a spreadsheet may run as a formula, judged on what would be stored and offered for download: leading
    white space of any kind (space, no-break space, newline, tab) and invisible format characters (zero-width space,
    BOM) are stripped before a value is stored, so they must not hide =HYPERLINK(...) or +cmd|...; full-width signs
    (＝, ＋) count as what NFKC makes of them."""
    text = cell.lstrip()
    while text and unicodedata.category(text[0]) == "Cf":
        text = text[1:].lstrip()
    text = unicodedata.normalize("NFKC", text[:2]) + text[2:]
    starts = cell.startswith(INJECTION_START) or text.startswith(INJECTION_START)
    return starts and not _is_number(cell)


def _year(cell: object) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, int):
        return cell
    if isinstance(cell, str) and ASCII_DIGITS.fullmatch(cell.strip()) and len(cell.strip()) == 4:
        return int(cell.strip())  # "²⁰²⁰" passes str.isdigit() but not int(): a problem, not a crash
    return None


def _quality(cell: object) -> str | None:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and cell in (1, 2, 3):
        return f"Class_{int(cell)}"
    match = QUALITY.match(str(cell or "").strip())
    return f"Class_{match.group(1)}" if match else None


def _show(cell: object) -> str:
    """A cell as a short, harmless text for the report (quoted so that no spreadsheet runs it if exported)."""
    text = "" if cell is None else str(cell)
    text = text if len(text) <= 40 else text[:39] + "…"
    return "'" + text if text.startswith(INJECTION_START) else text
