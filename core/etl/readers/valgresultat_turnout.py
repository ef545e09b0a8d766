"""Turnout at parliamentary elections 2009-2025 per municipality (Valgdirektoratet, via HNygard/valgresultat.no-copy).

Optional and mirror-only: an extract of the archived valgresultat.no API with no single upstream file to pin.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read(path: Path) -> pd.DataFrame:
    """code (as of the election), year, votes, electorate, share (official turnout %)."""
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
