"""JSON-stat (2.0 from PxWeb v2, 1.0 from SSB's old dataset API) into tidy frames, through pyjstat."""

from __future__ import annotations

import pandas as pd
from pyjstat import pyjstat

from core.ssb.tables import SsbTable


def tidy(dataset: dict) -> pd.DataFrame:
    """One row per cell: a column per dimension (its category codes), value, and SSB's status symbol.

    A JSON-stat 1.0 bundle ({"dataset": {...}}, SSB's old dataset API) is read as its one dataset.
    """
    frame = pyjstat.Dataset(dataset).write("dataframe", naming="id")
    inner = dataset if "class" in dataset else next(iter(dataset.values()))
    status = inner.get("status") or {}
    if isinstance(status, list):  # JSON-stat also allows one status per cell as a list
        status = dict(enumerate(status))
    frame["status"] = [status.get(str(i), status.get(i)) for i in range(len(frame))]
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    return frame


def municipal_values(dataset: dict, table: SsbTable) -> pd.DataFrame:
    """code (4 digits), year, value in the indicator's unit; cells SSB leaves empty ('.', '..', ':') are dropped."""
    frame = tidy(dataset)
    codes = frame[table.region_variable].astype(str)
    kept = frame[codes.str.fullmatch(r"\d{4}") & frame["value"].notna()]
    if kept.duplicated([table.region_variable, table.time_variable]).any():
        raise ValueError(f"table {table.id}: the selection must fix one value for every other dimension")
    return pd.DataFrame({
        "code": kept[table.region_variable].astype(str),
        "year": kept[table.time_variable].astype(str).str[:4].astype(int),
        "value": kept["value"] * table.scale,
    }).reset_index(drop=True)


def region_labels(metadata: dict, variable: str = "Region") -> dict[str, str]:
    """Code -> label of a table's region dimension, e.g. '3001' -> 'Halden (2020-2023)' (v2 metadata)."""
    return dict(metadata["dimension"][variable]["category"]["label"])


def table_summary(info: dict) -> dict:
    """The fields of a v2 table description the admin page shows."""
    return {"id": info["id"], "label": info["label"], "updated": info.get("updated"),
            "first_period": info.get("firstPeriod"), "last_period": info.get("lastPeriod")}
