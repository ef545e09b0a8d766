"""FHI's childhood vaccination coverage, 5-year averages, from Kommunehelsa statistikkbank (Excel, via
folkehelseinstituttet/fhidata, inst/rawdata/childhood.xlsx).

The sheet is wide: a title and filter rows, then Geografi / Alder / Vaksine mot (written once and blank below
until they change) and one column per 5-year window ("2002-2006" … "2014-2018"); ".." marks a suppressed value.
Areas are named, never coded: the country, the 2018 counties, the municipalities of 2018 in their county's
section, and city districts (bydeler) of Oslo, Stavanger, Bergen and Trondheim.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

# The county headings of the file (2018 counties, as FHI writes them). Oslo is both a county and, on the next
# line, the municipality.
COUNTY_LABELS = (
    "Østfold", "Akershus", "Oslo", "Hedmark", "Oppland", "Buskerud", "Vestfold", "Telemark", "Aust-Agder",
    "Vest-Agder", "Rogaland", "Hordaland", "Sogn og Fjordane", "Møre og Romsdal", "Trøndelag", "Nordland",
    "Troms Romsa", "Finnmark Finnmárku",
)
COUNTRY_LABEL = "Hele landet"
WINDOW = re.compile(r"^(\d{4})-(\d{4})$")


def read(path: Path) -> pd.DataFrame:
    """One row per published value: area (FHI's label), county (the 2018 county section it is in; None for the
    country), level (country | county | municipality | district), age (years), vaccine (FHI's label),
    first_year and last_year of the 5-year window, value (percent of the age group). Suppressed cells are left
    out."""
    sheet = pd.read_excel(path, header=None, dtype=str)
    header_row = sheet.index[sheet[0] == "Geografi"][0]
    window_row = sheet.loc[header_row - 1]
    windows = {column: WINDOW.match(str(label)) for column, label in window_row.items() if column >= 3}
    windows = {column: match for column, match in windows.items() if match}
    body = sheet.loc[header_row + 1 :].copy()
    labels = body[0].copy()
    body[0] = body[0].ffill()
    body[1] = body[1].ffill()
    levels, counties, county = {}, {}, None
    for index, label in labels.dropna().items():
        if label == COUNTRY_LABEL:
            level, county = "country", None
        elif label in COUNTY_LABELS and label != county:
            level, county = "county", label
        elif label.startswith("Bydel ") or label.endswith(" bydel"):
            level = "district"
        else:
            level = "municipality"
        levels[index], counties[index] = level, county
    body["level"] = pd.Series(levels).reindex(body.index).ffill()
    body["county"] = pd.Series(counties, dtype=object).reindex(body.index).ffill()
    records = []
    for column, match in windows.items():
        values = pd.to_numeric(body[column], errors="coerce")
        part = body.assign(value=values).dropna(subset=["value", 2])
        records.append(pd.DataFrame({
            "area": part[0].str.strip(),
            "county": part.county.where(part.level != "country", None),
            "level": part.level,
            "age": part[1].str.extract(r"(\d+)", expand=False).astype(int),
            "vaccine": part[2].str.strip(),
            "first_year": int(match.group(1)),
            "last_year": int(match.group(2)),
            "value": part.value,
        }))
    return pd.concat(records, ignore_index=True)
