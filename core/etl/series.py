"""Readers for each upstream series: they return tidy frames on the source's own codes."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd


def read_population(path: Path) -> pd.DataFrame:
    """SSB 07459, already harmonised by SSB to 2024 borders: code, year, value.

    SSB's harmonised series has 0 where a split predecessor cannot be divided (Narvik, Hamarøy,
    Heim, Hitra and Orkland before 2020); a municipality never has 0 inhabitants, so 0 is no data.
    """
    frame = pd.read_csv(path, dtype={"kom2024": str})
    frame = frame.rename(columns={"kom2024": "code", "aar": "year", "befolkning": "value"})[["code", "year", "value"]]
    return frame[frame.value > 0]


def read_area_profiles(path: Path, variables: dict[str, str]) -> pd.DataFrame:
    """SSB area profiles (2024 codes): indicator_id, code, year, value for the variables asked for."""
    frame = pd.read_excel(path, dtype=str)
    frame = frame[frame.statistikkvariabel.isin(variables)]
    frame = frame[frame.klasse.isna() | (frame.klasse == "")]
    return pd.DataFrame(
        {
            "indicator_id": frame.statistikkvariabel.map(variables),
            "code": frame.kommunenr.str.zfill(4),
            "year": frame["år"].astype(int),
            "value": pd.to_numeric(frame.verdi, errors="coerce"),
        }
    ).dropna(subset=["value"])


def read_education(path: Path) -> pd.DataFrame:
    """IMDi/SSB wide export: code, year, higher (persons), total (persons), share (official %)."""
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
            records.setdefault((code, year), {"code": code, "year": year})[key] = _number(row[column])
    frame = pd.DataFrame(records.values())
    return frame.dropna(subset=["total", "higher"]).reset_index(drop=True)


def read_turnout(path: Path) -> pd.DataFrame:
    """valgresultat.no extract: code, year, votes, electorate, share (official turnout %)."""
    frame = pd.read_csv(path, dtype={"kommunenummer": str})
    return pd.DataFrame(
        {
            "code": frame.kommunenummer.str.zfill(4),
            "year": frame.valgaar.astype(int),
            "votes": frame.stemmer_total.astype(float),
            "electorate": frame.antall_stemmeberettigede.astype(float),
            "share": frame.frammote_prosent.astype(float),
        }
    )


def read_broadband(path: Path, columns: dict[int, str]) -> pd.DataFrame:
    """Nkom coverage: name (upper case), county_name, and the shares asked for by column position."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    records = []
    for row in rows[4:]:
        if len(row) < 2 or not row[0].strip():
            continue
        record = {"name": row[0].strip(), "county_name": row[1].strip()}
        for position, indicator_id in columns.items():
            record[indicator_id] = _number(row[position].replace("%", ""))
        records.append(record)
    return pd.DataFrame(records)


def read_hydropower(path: Path) -> pd.DataFrame:
    """NVE plants: code (2020-2023 structure), start_year, capacity_mw, production_gwh."""
    frame = pd.read_csv(path, sep=";", skiprows=2, encoding="latin-1", index_col=False, dtype=str)
    frame = frame[frame.Type == "Kraftverk"]  # pumps consume power; pump-storage plants are counted once as Kraftverk
    code = frame["Fylkesnr."].str.zfill(2) + frame["Kommunenr."].str.zfill(2)
    return pd.DataFrame(
        {
            "code": code,
            "start_year": pd.to_datetime(frame["Dato for eldste kraftproduserende del"], errors="coerce").dt.year,
            "capacity_mw": frame["Maks ytelse [MW]"].map(_number),
            "production_gwh": frame["Midl. årsproduksjon (ref. 1981-2010) [GWh]"].map(_number),
        }
    ).dropna(subset=["start_year"])


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    cleaned = re.sub(r"\s", "", str(text)).replace(",", ".")
    if cleaned in {"", ".", "..", ":", "-"}:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return None
