"""Education level 2011-2020 on 2020 municipality codes (SSB via IMDi, a wide semicolon CSV in latin-1)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from core.etl.readers import number


def read(path: Path) -> pd.DataFrame:
    """code, year, higher (persons), total (persons), share (official %), for the whole population, both sexes."""
    with path.open(encoding="latin-1", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, body = rows[:5], rows[5:]
    wanted = {}
    for column in range(2, len(header[0])):
        level = header[0][column].split(": ", 1)[1]
        if header[1][column] != "Bakgrunn: Hele befolkningen" or header[2][column] != "Kjønn: Alle":
            continue
        unit = header[3][column].split(": ", 1)[1]
        year = int(header[4][column].split(": ", 1)[1])
        key = {
            ("alle", "Personer"): "total",
            ("Universitet og høgskole", "Personer"): "higher",
            ("Universitet og høgskole", "Prosent"): "share",
        }.get((level, unit))
        if key:
            wanted[column] = (key, year)
    records: dict[tuple[str, int], dict] = {}
    for row in body:
        if not row or not row[0].startswith("K"):
            continue
        code = row[0][1:].zfill(4)
        for column, (key, year) in wanted.items():
            records.setdefault((code, year), {"code": code, "year": year})[key] = number(row[column])
    frame = pd.DataFrame(records.values())
    return frame.dropna(subset=["total", "higher"]).reset_index(drop=True)
