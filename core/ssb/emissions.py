"""Miljødirektoratet's municipal greenhouse-gas inventory ("Klimagassutslipp i kommuner"), read from its workbook.

The layout is the one public code reads (data/ssb_tables.yaml, entry klimagass-kommuner, evidence): sheet
"Oversikt - detaljert", one row per municipality, year, sector, emission source and gas, with the columns
Fylke, Kommunenummer, Kommune, År, Sektor, Utslippskilde, Klimagass and "Utslipp (tonn CO2-ekvivalenter)".
A workbook without that sheet or those columns is refused as malformed: nothing is written from it.
"""

from __future__ import annotations

from io import BytesIO

import pandas as pd

from core.ssb.client import MalformedResponse
from core.ssb.tables import SsbTable


def read_workbook(content: bytes, table: SsbTable) -> pd.DataFrame:
    """code (4 digits), year, sector, value (tonnes CO2-equivalent) for every row of the sheet."""
    try:
        sheets = pd.read_excel(BytesIO(content), sheet_name=None)
    except Exception as error:  # not a workbook at all (an HTML error page, a truncated download)
        raise MalformedResponse("ssb.malformed", url=table.api_url, detail=error.__class__.__name__) from error
    if table.sheet not in sheets:
        raise MalformedResponse("ssb.partial", url=table.api_url,
                                detail=f"no sheet {table.sheet!r} (sheets: {', '.join(map(str, sheets))})")
    sheet = sheets[table.sheet]
    wanted = {role: table.columns[role] for role in ("code", "year", "sector", "value")}
    missing = [name for name in wanted.values() if name not in sheet.columns]
    if missing:
        raise MalformedResponse("ssb.partial", url=table.api_url, detail=f"no column(s) {', '.join(missing)}")
    frame = sheet[list(wanted.values())].rename(columns={v: k for k, v in wanted.items()})
    code = pd.to_numeric(frame.code, errors="coerce")
    year = pd.to_numeric(frame.year, errors="coerce")
    value = pd.to_numeric(frame.value, errors="coerce")
    rows = pd.DataFrame({"code": code, "year": year, "sector": frame.sector.astype(str).str.strip(),
                         "value": value}).dropna(subset=["code", "year"])
    rows["code"] = rows.code.astype(int).astype(str).str.zfill(4)
    rows["year"] = rows.year.astype(int)
    rows = rows[rows.code.str.fullmatch(r"\d{4}")]
    if rows.empty:
        raise MalformedResponse("ssb.partial", url=table.api_url, detail="no municipality rows")
    return rows.reset_index(drop=True)


def emissions(rows: pd.DataFrame, sector: str | None = None) -> pd.DataFrame:
    """code, year, value: tonnes per municipality and year, of one sector or all; a year with any empty cell of a
    municipality is empty (never a part of the total)."""
    chosen = rows if sector is None else rows[rows.sector == sector]
    grouped = chosen.groupby(["code", "year"]).value
    summed = pd.DataFrame({"value": grouped.sum(min_count=1), "parts": grouped.size(), "filled": grouped.count()})
    summed.loc[summed.filled < summed.parts, "value"] = float("nan")
    return summed.reset_index()[["code", "year", "value"]].dropna(subset=["value"])
