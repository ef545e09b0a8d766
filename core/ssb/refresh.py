"""Refresh indicators from SSB: fetch every table first, then write all of them in one transaction.

Nothing is written until every table has arrived and been mapped, so a lost connection (or any error midway)
leaves the database exactly as it was. Municipal values are mapped onto the 2024 structure with the project's
code tables; county and national values follow the indicator's aggregation rule, as in the build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import delete, func, insert, select, update

from core import db, gate, models, queries
from core.catalogue import IndicatorSpec, load_catalogue
from core.etl.aggregate import county_and_national
from core.etl.build import indicator_rows
from core.etl.code_mapping import harmonise, load_code_table
from core.ssb.client import SsbClient
from core.ssb.jsonstat import municipal_values
from core.ssb.tables import SsbTable, load_tables, refreshed_at, source_row

# progress(step, steps, table_id, stage): stage is "fetch", "write" or "done"; the CLI and the page word it.
Progress = Callable[[int, int, str, str], None]


@dataclass(frozen=True)
class TableUpdate:
    table: SsbTable
    observations: pd.DataFrame  # area_level, area_code, indicator_id, year, value, source_key, quality
    dropped: int  # municipal values not attributed to a 2024 municipality (old, split or unknown codes)
    sha256: str  # of the response, kept on the source row as a fingerprint of what was stored


@dataclass(frozen=True)
class RefreshResult:
    updates: list[TableUpdate]
    written: bool


def refresh(table_ids: list[str] | None = None, client: SsbClient | None = None, url: str | None = None,
            dry_run: bool = False, progress: Progress | None = None,
            tables: dict[str, SsbTable] | None = None, *, actor) -> RefreshResult:
    """Fetch the chosen tables (all by default) and, unless a dry run, write them through the gate as `actor`."""
    tables = tables or load_tables()
    unknown = set(table_ids or []) - set(tables)
    if unknown:
        raise LookupError(f"unknown SSB table(s) {sorted(unknown)}; the catalogue has {sorted(tables)}")
    chosen = [tables[i] for i in (table_ids or tables)]
    progress = progress or (lambda *_: None)
    client = client or SsbClient()
    catalogue = load_catalogue()
    context = _Context(catalogue, url)
    steps = len(chosen) + 1
    updates = []
    for step, table in enumerate(chosen):
        progress(step, steps, table.id, "fetch")
        dataset = client.table_data(table.id, table.query_selection())
        updates.append(context.update(table, dataset))
    progress(len(chosen), steps, "", "write")
    if not dry_run:
        write(actor, updates, catalogue, url)
    progress(steps, steps, "", "done")
    return RefreshResult(updates, written=not dry_run)


class _Context:
    """What mapping and aggregation need, read once: code tables, today's municipalities, population weights."""

    def __init__(self, catalogue: dict[str, IndicatorSpec], url: str | None):
        self.catalogue = catalogue
        self.codes = list(queries.municipalities(url).code)
        observations = queries.all_observations(url)
        population = observations[(observations.indicator_id == "population")
                                  & (observations.area_level == "municipality")]
        self.population = population.rename(columns={"area_code": "code"})[["code", "year", "value"]]
        self.code_table = load_code_table()

    def update(self, table: SsbTable, dataset: dict) -> TableUpdate:
        spec = self.catalogue[table.indicator_id]
        if spec.aggregation == "ratio":
            raise ValueError(f"{spec.id}: SSB tables give no numerator and denominator for a ratio aggregation")
        values = municipal_values(dataset, table)
        harmonised, dropped = harmonise(values, self.code_table, additive=["value"],
                                        single_only=spec.aggregation != "sum")
        harmonised = harmonised[harmonised.code.isin(self.codes)]
        municipal = harmonised.assign(
            quality=["harmonised" if renamed or n > 1 else "official"
                     for renamed, n in zip(harmonised.renamed, harmonised.n_codes, strict=True)])
        levels = [municipal.assign(area_level="municipality", area_code=municipal.code)]
        if not municipal.empty:
            levels.append(county_and_national(municipal[["code", "year", "value"]], spec.aggregation, self.population,
                                              self.codes))
        frame = pd.concat(levels, ignore_index=True).assign(indicator_id=spec.id, source_key=table.source_key)
        frame["year"] = frame.year.astype(int)
        columns = ["area_level", "area_code", "indicator_id", "year", "value", "source_key", "quality"]
        fingerprint = hashlib.sha256(json.dumps(dataset, sort_keys=True).encode()).hexdigest()
        return TableUpdate(table, frame[columns].reset_index(drop=True), len(dropped), fingerprint)


def write(actor, updates: list[TableUpdate], catalogue: dict[str, IndicatorSpec], url: str | None = None) -> None:
    """All tables in one transaction: each table's source row, its indicator row if the database predates it,
    and its observations replacing the ones it wrote before."""
    refreshed = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with gate.write(actor, "ssb.refresh", url=url) as change:
        connection = change.session.connection()
        for item in updates:
            _write_table(connection, item, catalogue, refreshed)
            change.record("ssb_table", item.table.id, "refresh", None,
                          {"indicator": item.table.indicator_id, "values": len(item.observations),
                           "sha256": item.sha256})


def _write_table(connection, item: TableUpdate, catalogue, refreshed: str) -> None:
    source = source_row(item.table, refreshed, item.sha256)
    exists = connection.execute(select(models.Source.key).where(models.Source.key == source["key"])).first()
    if exists:
        connection.execute(update(models.Source).where(models.Source.key == source["key"]).values(**source))
    else:
        connection.execute(insert(models.Source).values(**source))
    indicator_id = item.table.indicator_id
    if not connection.execute(select(models.Indicator.id).where(models.Indicator.id == indicator_id)).first():
        row = indicator_rows({indicator_id: catalogue[indicator_id]}).iloc[0]
        connection.execute(insert(models.Indicator).values(**row.astype(object).where(row.notna(), None)))
    o = models.Observation
    connection.execute(delete(o).where(o.indicator_id == indicator_id, o.source_key == source["key"]))
    records = item.observations.astype(object).to_dict("records")
    if records:
        connection.execute(insert(o), records)


def status(url: str | None = None, tables: dict[str, SsbTable] | None = None) -> pd.DataFrame:
    """Per catalogue table: its indicator, when it was last refreshed, and how many values it holds."""
    tables = tables or load_tables()
    o = models.Observation
    with db.session(url) as session:
        descriptions = dict(session.execute(select(models.Source.key, models.Source.description)).all())
        counts = {key: (n, first, last) for key, n, first, last in session.execute(
            select(o.source_key, func.count(), func.min(o.year), func.max(o.year))
            .where(o.source_key.in_([t.source_key for t in tables.values()])).group_by(o.source_key)).all()}
    rows = []
    for table in tables.values():
        n, first, last = counts.get(table.source_key, (0, None, None))
        rows.append({"table": table.id, "indicator_id": table.indicator_id, "title": table.title,
                     "source_url": table.source_url,
                     "refreshed": refreshed_at(descriptions.get(table.source_key, "")),
                     "values": n, "first_year": first, "last_year": last})
    return pd.DataFrame(rows)
