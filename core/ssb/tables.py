"""The catalogue of SSB table queries (data/ssb_tables.yaml) and the source row each table is registered as."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from core import config
from core.ssb.client import API_URL

TABLES_FILE = config.CATALOGUE_DIR / "ssb_tables.yaml"
PUBLISHER = "Statistisk sentralbyrå (SSB)"
LICENCE = "CC BY 4.0"
NOT_REFRESHED = "not refreshed yet"


class Selection(BaseModel):
    variableCode: str  # noqa: N815 - SSB's own field names, so the YAML reads like the API's documentation
    valueCodes: list[str]  # noqa: N815
    codelist: str | None = None


class SsbTable(BaseModel):
    id: str = Field(pattern=r"^\d{5}$")
    indicator_id: str
    title: str
    source_url: str
    region_variable: str = "Region"
    time_variable: str = "Tid"
    scale: float = 1.0
    selection: list[Selection]

    @property
    def source_key(self) -> str:
        return f"ssb_api_{self.id}"

    def query_selection(self) -> list[dict]:
        return [s.model_dump(exclude_none=True) for s in self.selection]


@lru_cache(maxsize=4)
def load_tables(path: Path | None = None) -> dict[str, SsbTable]:
    entries = yaml.safe_load((path or TABLES_FILE).read_text(encoding="utf-8"))["tables"]
    tables = [SsbTable(**entry) for entry in entries]
    return {table.id: table for table in tables}


def source_row(table: SsbTable, refreshed: str | None = None, sha256: str = "") -> dict:
    """The Source row of a table; description says when it was last refreshed (no schema change needed)."""
    return {
        "key": table.source_key,
        "path": f"api/pxwebapi/v2/tables/{table.id}/data",
        "url": table.source_url,
        "sha256": sha256,
        "publisher": PUBLISHER,
        "licence": LICENCE,
        "description": f"{table.title} — {API_URL}/tables/{table.id} — "
        + (f"refreshed {refreshed}" if refreshed else NOT_REFRESHED),
    }


def refreshed_at(description: str) -> str | None:
    """The time written by source_row, or None for a table never refreshed."""
    marker = "refreshed "
    return description.rsplit(marker, 1)[1] if marker in description and not description.endswith(NOT_REFRESHED) \
        else None


def selection_from_v0(query: dict) -> list[dict]:
    """A PxWebApi v0/v1 POST body ({"query": [{code, selection: {filter, values}}]}) as a v2 selection.

    Lets a query saved from the old API (or from StatBank's "API query" box) be pasted into the catalogue.
    """
    selection = []
    for part in query["query"]:
        kind, values = part["selection"]["filter"], list(part["selection"]["values"])
        item = {"variableCode": part["code"], "valueCodes": values}
        if kind == "all":
            item["valueCodes"] = ["*"]
        elif kind == "top":
            item["valueCodes"] = [f"top({values[0]})"]
        elif kind.startswith(("agg:", "vs:")):
            item["codelist"] = kind.replace(":", "_", 1)  # v0 "agg:KommSummer" is v2's codelist agg_KommSummer
        elif kind != "item":
            raise ValueError(f"unknown v0 filter {kind!r} for {part['code']}")
        selection.append(item)
    return selection
