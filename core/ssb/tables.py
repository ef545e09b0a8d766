"""The catalogue of online table queries (data/ssb_tables.yaml) and the source row each table is registered as.

Three kinds of table, one catalogue: SSB's PxWeb API v2 (`api: ssb`, a v2 selection), FHI's statistics API
(`api: fhi`, FHI's own `dimensions` body) and Miljødirektoratet's municipal greenhouse-gas workbook
(`api: miljodirektoratet`, a fixed download address, a sheet and its columns). Every entry cites the public
evidence for its codes (`evidence`, shown on the admin page); every output names the indicator it feeds and how
its value is made from the answer's cells (core/ssb/refresh.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, model_validator

from core import config
from core.ssb.client import API_URL, FHI_API_URL

TABLES_FILE = config.CATALOGUE_DIR / "ssb_tables.yaml"
NOT_REFRESHED = "not refreshed yet"
CURRENT_MUNICIPALITIES = "current_municipalities"

PUBLISHERS = {
    "ssb": ("Statistisk sentralbyrå (SSB)", "CC BY 4.0"),
    "fhi": ("Folkehelseinstituttet (FHI)", "free reuse with the source cited (FHI's terms for its statistics)"),
    "miljodirektoratet": ("Miljødirektoratet", "NLOD 2.0"),
}
SOURCE_PREFIX = {"ssb": "ssb_api_", "fhi": "fhi_api_", "miljodirektoratet": "miljodir_"}

CellFilter = dict[str, list[str]]  # dimension -> the category codes summed into one cell


class Selection(BaseModel):
    variableCode: str  # noqa: N815 - SSB's own field names, so the YAML reads like the API's documentation
    valueCodes: list[str]  # noqa: N815
    codelist: str | None = None


class FhiDimension(BaseModel):
    """One dimension of FHI's query body, as FHI's API takes it: {"code", "filter", "values"}."""

    code: str
    filter: str
    values: list[str]


class Output(BaseModel):
    """How one indicator's value is made from the table's answer.

    value: the published value of the cells matching the filter (times scale): a share or a level, mapped one code
    to one municipality (summed over merged municipalities only for counts). numerator + denominator: two cells of
    the same table, value = numerator / denominator x scale; merged municipalities sum both before dividing.
    share + denominator: a published percentage of a published count (e.g. children in low-income households and
    the children counted): numerator = share / 100 x denominator, so merged municipalities combine by their counts.
    numerator + per: the denominator is the municipality's population (from the database, SSB 07459) or its area
    (km², the register). sector (emissions only): one sector of the workbook instead of all of them.
    """

    indicator_id: str
    value: CellFilter | None = None
    numerator: CellFilter | None = None
    denominator: CellFilter | None = None
    share: CellFilter | None = None
    per: Literal["population", "area_km2"] | None = None
    sector: str | None = None
    scale: float = 1.0

    @model_validator(mode="after")
    def one_way_to_make_the_value(self) -> Output:
        ways = [self.value is not None, self.numerator is not None, self.share is not None]
        if sum(ways) > 1:
            raise ValueError(f"{self.indicator_id}: give value, numerator or share, not several")
        if self.numerator is not None and (self.denominator is None) == (self.per is None):
            raise ValueError(f"{self.indicator_id}: a numerator needs a denominator cell or `per`, exactly one")
        if self.share is not None and self.denominator is None:
            raise ValueError(f"{self.indicator_id}: a share needs the denominator cell it is a share of")
        return self

    @property
    def kind(self) -> str:
        if self.numerator is not None:
            return "ratio"
        if self.share is not None:
            return "share"
        return "value"

    def filters(self) -> list[CellFilter]:
        return [f for f in (self.value, self.numerator, self.denominator, self.share) if f]


class SsbTable(BaseModel):
    """One online table query: where it is, what to ask, why the codes are right, and what it feeds."""

    id: str = Field(pattern=r"^[0-9a-z][0-9a-z-]*$")
    api: Literal["ssb", "fhi", "miljodirektoratet"] = "ssb"
    title: str
    source_url: str
    evidence: str = Field(min_length=40)
    region_variable: str = "Region"
    time_variable: str = "Tid"
    selection: list[Selection] = []  # SSB
    dimensions: list[FhiDimension] = []  # FHI
    region_codes: Literal["current_municipalities"] | None = None  # FHI: ask for today's municipalities by code
    download_url: str | None = None  # Miljødirektoratet
    sheet: str | None = None
    columns: dict[str, str] = {}  # code, year, sector, gas, value -> the workbook's column names
    outputs: list[Output]

    @model_validator(mode="after")
    def complete_for_its_api(self) -> SsbTable:
        if self.api == "ssb" and (not self.selection or not self.id.isdigit()):
            raise ValueError(f"{self.id}: an SSB table has a 5-digit id and a selection")
        if self.api == "fhi" and not self.dimensions:
            raise ValueError(f"{self.id}: an FHI table needs its dimensions")
        if self.api == "miljodirektoratet":
            missing = {"code", "year", "sector", "value"} - set(self.columns)
            if not (self.download_url and self.sheet) or missing:
                raise ValueError(f"{self.id}: the workbook needs download_url, sheet and columns {sorted(missing)}")
        if not self.outputs:
            raise ValueError(f"{self.id}: a table feeds at least one indicator")
        return self

    @property
    def source_key(self) -> str:
        return f"{SOURCE_PREFIX[self.api]}{self.id}"

    @property
    def table_number(self) -> str:
        """The publisher's own table number (FHI: '341' of 'fhi-341')."""
        return self.id.split("-", 1)[1] if self.api == "fhi" else self.id

    @property
    def indicator_ids(self) -> list[str]:
        return [output.indicator_id for output in self.outputs]

    @property
    def indicator_id(self) -> str:
        """The first indicator the table feeds (most feed one)."""
        return self.outputs[0].indicator_id

    @property
    def api_url(self) -> str:
        if self.api == "ssb":
            return f"{API_URL}/tables/{self.id}/data"
        if self.api == "fhi":
            return f"{FHI_API_URL}/Table/{self.table_number}/data"
        return self.download_url or ""

    def query_selection(self) -> list[dict]:
        return [s.model_dump(exclude_none=True) for s in self.selection]

    def fhi_body(self, municipality_codes: list[str]) -> dict:
        """FHI's POST body; the region dimension asks for today's municipalities when region_codes says so."""
        dimensions = []
        for dimension in self.dimensions:
            values = list(dimension.values)
            if dimension.code == self.region_variable and self.region_codes == CURRENT_MUNICIPALITIES:
                values = sorted(municipality_codes)
            dimensions.append({"code": dimension.code, "filter": dimension.filter, "values": values})
        return {"dimensions": dimensions, "response": {"format": "json-stat2"}}

    def asked_codes(self) -> dict[str, list[str]]:
        """What the query fixes per dimension (besides region and time): the categories an answer must have."""
        if self.api == "ssb":
            items = [(s.variableCode, s.valueCodes) for s in self.selection]
        else:
            items = [(d.code, d.values) for d in self.dimensions if d.filter == "item"]
        return {name: list(codes) for name, codes in items
                if name not in (self.region_variable, self.time_variable)
                and not any("*" in c or "(" in c for c in codes)}


@lru_cache(maxsize=4)
def load_tables(path: Path | None = None) -> dict[str, SsbTable]:
    entries = yaml.safe_load((path or TABLES_FILE).read_text(encoding="utf-8"))["tables"]
    tables = [SsbTable(**entry) for entry in entries]
    ids = [table.id for table in tables]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate table ids in data/ssb_tables.yaml")
    return {table.id: table for table in tables}


def source_row(table: SsbTable, refreshed: str | None = None, sha256: str = "") -> dict:
    """The Source row of a table; description says when it was last refreshed (no schema change needed)."""
    publisher, licence = PUBLISHERS[table.api]
    return {
        "key": table.source_key,
        "path": table.api_url.split("://", 1)[-1][:300],
        "url": table.source_url,
        "sha256": sha256,
        "publisher": publisher,
        "licence": licence,
        "description": f"{table.title} — {table.api_url} — "
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
