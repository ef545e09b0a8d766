"""SSB's definitions of the 17 KOSTRA groups (Excel, via Samarbeidsdesken/p02-ukraina)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read(path: Path) -> pd.DataFrame:
    """The sheet as text: kostragruppe ('KOSTRA-gruppe 1'), folkemengde, bundekostnader, frie_disponible_inntekter."""
    return pd.read_excel(path, dtype=str)
