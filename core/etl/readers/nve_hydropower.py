"""NVE's hydropower plants in operation, 2022 (semicolon CSV in latin-1, via evensrii/Telemark)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.etl.readers import number


def read(path: Path) -> pd.DataFrame:
    """code (2020-2023 structure), start_year, capacity_mw, production_gwh: one row per power plant.

    Pumps consume power; pump-storage plants are counted once, as Kraftverk.
    """
    frame = pd.read_csv(path, sep=";", skiprows=2, encoding="latin-1", index_col=False, dtype=str)
    frame = frame[frame.Type == "Kraftverk"]
    code = frame["Fylkesnr."].str.zfill(2) + frame["Kommunenr."].str.zfill(2)
    return pd.DataFrame(
        {
            "code": code,
            "start_year": pd.to_datetime(frame["Dato for eldste kraftproduserende del"], errors="coerce").dt.year,
            "capacity_mw": frame["Maks ytelse [MW]"].map(number),
            "production_gwh": frame["Midl. årsproduksjon (ref. 1981-2010) [GWh]"].map(number),
        }
    ).dropna(subset=["start_year"])
