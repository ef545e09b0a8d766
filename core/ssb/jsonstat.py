"""JSON-stat (2.0 from PxWeb v2 and FHI, 1.0 from SSB's old dataset API) into tidy frames, through pyjstat.

`cells` turns an answer into the cells an output asks for, per municipality code and year; `check_answer` refuses
an answer that is not the one asked for (a dimension missing, a category asked for but absent, a value array of
the wrong length) before anything is mapped, so a changed or truncated table fails alone and writes nothing.
"""

from __future__ import annotations

import math
import re

import pandas as pd
from pyjstat import pyjstat

from core.ssb.client import MalformedResponse
from core.ssb.tables import CellFilter, SsbTable

YEAR = re.compile(r"(\d{4})")


def tidy(dataset: dict) -> pd.DataFrame:
    """One row per cell: a column per dimension (its category codes), value, and the publisher's status symbol.

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


def period_year(period) -> int:
    """The year a period stands for: '2023' -> 2023, '2023M11' -> 2023, FHI's windows '2014_2017' -> 2017 (the
    window's last year, as the catalogue shows 5-year averages)."""
    found = YEAR.findall(str(period))
    if not found:
        raise MalformedResponse("ssb.malformed", url="", detail=f"period {period!r} has no year")
    return int(found[-1])


def check_answer(dataset: dict, table: SsbTable) -> None:
    """Refuse an answer that is not a JSON-stat dataset of the shape the query asked for."""
    if not isinstance(dataset, dict) or dataset.get("class") != "dataset":
        raise MalformedResponse("ssb.malformed", url=table.api_url, detail="not a JSON-stat 2.0 dataset")
    ids, sizes, values = dataset.get("id"), dataset.get("size"), dataset.get("value")
    dimensions = dataset.get("dimension") or {}
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes) or values is None:
        raise MalformedResponse("ssb.malformed", url=table.api_url, detail="id, size or value missing")
    expected = math.prod(sizes)
    count = len(values) if isinstance(values, list) else (max(map(int, values), default=-1) + 1)
    if count > expected or (isinstance(values, list) and count != expected):
        raise MalformedResponse("ssb.partial", url=table.api_url, detail=f"{count} values for {expected} cells")
    for name in (table.region_variable, table.time_variable):
        if name not in ids:
            raise MalformedResponse("ssb.partial", url=table.api_url, detail=f"no dimension {name}")
    for name, codes in table.asked_codes().items():
        present = set(((dimensions.get(name) or {}).get("category") or {}).get("index") or {})
        missing = [c for c in codes if c not in present]
        if name not in ids or missing:
            raise MalformedResponse("ssb.partial", url=table.api_url,
                                    detail=f"{name}: {', '.join(missing) or 'missing'} not in the answer")


def municipal_cells(frame: pd.DataFrame, table: SsbTable) -> pd.DataFrame:
    """The rows of municipality codes (4 digits), with code and year columns added."""
    codes = frame[table.region_variable].astype(str)
    kept = frame[codes.str.fullmatch(r"\d{4}")].copy()
    kept["code"] = kept[table.region_variable].astype(str)
    kept["year"] = [period_year(p) for p in kept[table.time_variable]]
    return kept


def cells(frame: pd.DataFrame, table: SsbTable, cell: CellFilter) -> pd.DataFrame:
    """code, year, value: the sum of the cells matching the filter, per municipality and year.

    A sum with any part empty ('.', '..', ':') is empty: a cell is never a part of what it says.
    """
    chosen = frame
    for name, codes in cell.items():
        if name not in chosen.columns:
            raise MalformedResponse("ssb.partial", url=table.api_url, detail=f"no dimension {name}")
        chosen = chosen[chosen[name].astype(str).isin(codes)]
    grouped = chosen.groupby(["code", "year"]).value
    summed = pd.DataFrame({"value": grouped.sum(min_count=1), "parts": grouped.size(), "filled": grouped.count()})
    summed.loc[summed.filled < summed.parts, "value"] = float("nan")
    return summed.reset_index()[["code", "year", "value"]].dropna(subset=["value"])


def municipal_values(dataset: dict, table: SsbTable) -> pd.DataFrame:
    """code (4 digits), year, value x scale of the table's first output (a published value); empty cells dropped."""
    output = table.outputs[0]
    values = cells(municipal_cells(tidy(dataset), table), table, output.value or {})
    return values.assign(value=values.value * output.scale).reset_index(drop=True)


def region_labels(metadata: dict, variable: str = "Region") -> dict[str, str]:
    """Code -> label of a table's region dimension, e.g. '3001' -> 'Halden (2020-2023)' (v2 metadata)."""
    return dict(metadata["dimension"][variable]["category"]["label"])


def table_summary(info: dict) -> dict:
    """The fields of a v2 table description the admin page shows."""
    return {"id": info["id"], "label": info["label"], "updated": info.get("updated"),
            "first_period": info.get("firstPeriod"), "last_period": info.get("lastPeriod")}
