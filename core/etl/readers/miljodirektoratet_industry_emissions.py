"""Miljødirektoratet's register of land-based industry with emission permits ("Norske utslipp"): greenhouse-gas
emissions to air per facility and year, tonnes CO2-equivalent (Excel, via evensrii/Telemark).

Sheet `Utslipp`, header on row 3; the other sheets are Vestfold og Telemark pivots and are not read. Facilities
are placed by municipality and county name on the 2020-2023 structure (Våler, Herøy and Nes need the county);
Svalbard appears as a county of its own.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SHEET = "Utslipp"
# The file was taken while 2022 was being reported (19 municipalities, 0.1 Mt against about 13.5 Mt in 2021):
# that year is incomplete and is not read.
LAST_COMPLETE_YEAR = 2021


def read(path: Path) -> pd.DataFrame:
    """facility_id, facility, county (2020-2023 name), municipality (name as written, trimmed), year, tonnes
    (CO2-equivalent emitted to air), for the years up to 2021."""
    frame = pd.read_excel(path, sheet_name=SHEET, header=2)
    units = set(frame["Enhet"].dropna())
    if units != {"tonn"}:
        raise ValueError(f"unexpected units in {path.name}: {sorted(units)}")
    frame = frame[frame["År"] <= LAST_COMPLETE_YEAR]
    return pd.DataFrame({
        "facility_id": frame["AnleggId"].astype(int),
        "facility": frame["Anleggsnavn"].str.strip(),
        "county": frame["Fylke"].str.strip(),
        "municipality": frame["Kommune"].str.strip(),
        "year": frame["År"].astype(int),
        "tonnes": frame["Årlig utslipp til luft"].astype(float),
    }).dropna(subset=["tonnes"]).reset_index(drop=True)
