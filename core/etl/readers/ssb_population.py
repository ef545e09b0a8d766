"""SSB table 07459: population on 1 January 1986-2026, harmonised by SSB to 2024 borders (CSV)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read(path: Path) -> pd.DataFrame:
    """code, year, value (inhabitants) and name, every row as published.

    SSB's harmonised series has 0 where a split predecessor cannot be divided (Narvik, Hamarøy, Heim, Hitra and
    Orkland before 2020); the ETL treats those as no data (core.etl.indicators.population).
    """
    frame = pd.read_csv(path, dtype={"kom2024": str})
    return frame.rename(columns={"kom2024": "code", "aar": "year", "befolkning": "value", "navn": "name"})[
        ["code", "year", "value", "name"]]
