"""Nkom's broadband coverage per municipality, share of households, 1st half 2022 (fixed and mobile tables, CSV)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from core.etl.readers import number


def read(path: Path) -> pd.DataFrame:
    """name (upper case, as Nkom writes it), county_name, and each coverage column as a share, labelled by its
    position in the table (the headers repeat, e.g. '≥ 100' for several technologies)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    records = []
    for row in rows[4:]:
        if len(row) < 2 or not row[0].strip():
            continue
        record: dict = {"name": row[0].strip(), "county_name": row[1].strip()}
        for position in range(2, len(row)):
            record[position] = number(row[position].replace("%", ""))
        records.append(record)
    return pd.DataFrame(records)
