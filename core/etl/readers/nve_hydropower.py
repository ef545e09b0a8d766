"""NVE's hydropower plants in operation, 2022 (semicolon CSV in latin-1, via evensrii/Telemark)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.etl.readers import number


def read(path: Path) -> pd.DataFrame:
    """code (2020-2023 structure), type, start_year, capacity_mw, production_gwh: one row per unit of the register.

    type is NVE's: 'Kraftverk' (a power plant), 'Pumpekraftverk' (a pump-storage plant, a plant of its own with its
    own name, e.g. Saurdal, not a second row of a Kraftverk) or 'Pumpe' (a pump: NVE gives its power and normal-year
    energy as negative numbers, since it consumes power). Which of them count is the ETL's choice
    (core.etl.indicators.hydropower).
    """
    frame = pd.read_csv(path, sep=";", skiprows=2, encoding="latin-1", index_col=False, dtype=str)
    code = frame["Fylkesnr."].str.zfill(2) + frame["Kommunenr."].str.zfill(2)
    return pd.DataFrame(
        {
            "code": code,
            "type": frame.Type,
            "start_year": pd.to_datetime(frame["Dato for eldste kraftproduserende del"], errors="coerce").dt.year,
            "capacity_mw": frame["Maks ytelse [MW]"].map(number),
            "production_gwh": frame["Midl. årsproduksjon (ref. 1981-2010) [GWh]"].map(number),
        }
    ).dropna(subset=["start_year"])
