"""SSB's area profiles for every municipality and year (Excel, via evensrii/Telemark): land use, settlement, income."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read(path: Path) -> pd.DataFrame:
    """variable (SSB's statistikkvariabel text), code (2024), year, value: the totals only (rows without a klasse)."""
    frame = pd.read_excel(path, dtype=str)
    frame = frame[frame.klasse.isna() | (frame.klasse == "")]
    return pd.DataFrame(
        {
            "variable": frame.statistikkvariabel,
            "code": frame.kommunenr.str.zfill(4),
            "year": frame["år"].astype(int),
            "value": pd.to_numeric(frame.verdi, errors="coerce"),
        }
    ).dropna(subset=["value"])
