"""Refresh indicators from the online tables: each table fetched, checked, mapped and written on its own.

One table's failure is its own. A table that is renamed or removed, refuses the query (HTTP 400/404), is over the
limit or briefly down after one retry (429/503), times out, or answers with something else than the dataset asked
for (not JSON-stat, a dimension or category missing, a value array of the wrong length) is reported with what the
server said, and nothing of it is written; the others still land. Each table is written in its own transaction
through the gate (its observations replacing the ones it wrote before, its source row, the thresholds its first
refresh fixes), so a failure while writing one table leaves that table as it was. Every run of a table, successful
or not, is recorded in the audit log (entity `ssb_table`): the admin page shows each table's last run, outcome and
rows changed from it. When no table could be reached at all (no internet), SsbUnavailable is raised.

Municipal values are mapped onto the 2024 structure with the project's code tables; shares made from counts sum
numerator and denominator over merged municipalities before dividing; county and national values follow the
indicator's aggregation rule, with the build's one function (core/etl/aggregate.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import and_, delete, func, insert, select, update

from core import dates, db, gate, logs, models, queries
from core.catalogue import IndicatorSpec, load_catalogue
from core.errors import UserError
from core.etl.aggregate import county_and_national
from core.etl.build import indicator_rows
from core.etl.code_mapping import harmonise, load_code_table
from core.ssb import emissions, thresholds
from core.ssb.client import Downloader, FhiClient, MalformedResponse, SsbClient, SsbUnavailable
from core.ssb.jsonstat import cells, check_answer, municipal_cells, tidy
from core.ssb.tables import Output, SsbTable, load_tables, refreshed_at, source_row

# progress(step, steps, table_id, stage): stage is "fetch", "write", "failed" or "done"; the CLI and the page word it.
Progress = Callable[[int, int, str, str], None]
COLUMNS = ["area_level", "area_code", "indicator_id", "year", "value", "source_key", "quality"]
AUDIT_ENTITY = "ssb_table"
OK, FAILED = "refresh", "refresh_failed"


@dataclass(frozen=True)
class TableUpdate:
    table: SsbTable
    observations: pd.DataFrame  # area_level, area_code, indicator_id, year, value, source_key, quality
    dropped: int  # municipal values not attributed to a 2024 municipality (old, split or unknown codes)
    sha256: str  # of the response, kept on the source row as a fingerprint of what was stored
    changed: int | None = None  # rows added, removed or changed by the write (None: a dry run)
    fixed: dict | None = None  # indicator -> thresholds this refresh fixed (the first refresh of the indicator)

    @property
    def newest_year(self) -> int | None:
        municipal = self.observations[self.observations.area_level == "municipality"]
        return int(municipal.year.max()) if not municipal.empty else None


@dataclass(frozen=True)
class TableFailure:
    table: SsbTable
    kind: str  # unavailable | refused | malformed | partial | write
    message: str  # what the server (or the database) said, in English


@dataclass(frozen=True)
class RefreshResult:
    updates: list[TableUpdate]
    written: bool
    failures: list[TableFailure] = ()

    @property
    def complete(self) -> bool:
        return not self.failures


@dataclass
class Clients:
    """One client per kind of source; tests pass fakes with the same methods."""

    ssb: object = None
    fhi: object = None
    download: object = None

    def __post_init__(self):
        self.ssb = self.ssb or SsbClient()
        self.fhi = self.fhi or FhiClient()
        self.download = self.download or Downloader()


def refresh(table_ids: list[str] | None = None, client=None, url: str | None = None,
            dry_run: bool = False, progress: Progress | None = None,
            tables: dict[str, SsbTable] | None = None, *, actor, fhi_client=None, download=None) -> RefreshResult:
    """Fetch the chosen tables (all by default), each on its own; unless a dry run, write each through the gate as
    `actor` and record its run. Raises SsbUnavailable when no chosen table could be reached at all."""
    tables = tables or load_tables()
    unknown = set(table_ids or []) - set(tables)
    if unknown:
        raise LookupError(f"unknown SSB table(s) {sorted(unknown)}; the catalogue has {sorted(tables)}")
    chosen = [tables[i] for i in (table_ids or tables)]
    progress = progress or (lambda *_: None)
    clients = Clients(client or SsbClient(), fhi_client, download)
    catalogue = load_catalogue()
    context = _Context(catalogue, url)
    steps = len(chosen) + 1
    updates, failures = [], []
    for step, table in enumerate(chosen):
        progress(step, steps, table.id, "fetch")
        item, failure = _fetched(table, clients, context)
        if failure is None and not dry_run:
            progress(step, steps, table.id, "write")
            try:
                item = write_table(actor, item, catalogue, url)
            except gate.PermissionDenied:
                raise
            except Exception as error:  # the table's transaction was rolled back; the other tables go on
                failure = TableFailure(table, "write", f"{error.__class__.__name__}: {error}")
        if failure is None:
            updates.append(item)
            logs.event("ssb.table", logger="dashboard.ssb", actor=_actor_name(actor), table=table.id,
                       outcome="dry_run" if dry_run else "written", rows=len(item.observations),
                       changed=item.changed, newest_year=item.newest_year)
            continue
        failures.append(failure)
        logs.event("ssb.table", logging.WARNING, "dashboard.ssb", actor=_actor_name(actor), table=table.id,
                   outcome="failed", kind=failure.kind, detail=failure.message[:300])
        progress(step, steps, table.id, "failed")
        if not dry_run:
            record_failure(actor, failure, url)
    progress(steps, steps, "", "done")
    if failures and not updates and all(f.kind == "unavailable" for f in failures):
        raise SsbUnavailable("ssb.offline", detail=failures[0].message)
    return RefreshResult(updates, written=not dry_run, failures=failures)


def _actor_name(actor) -> str:
    return actor if isinstance(actor, str) else getattr(actor, "username", "-")


def _fetched(table: SsbTable, clients: Clients, context: _Context) -> tuple[TableUpdate | None, TableFailure | None]:
    """The table fetched, checked and mapped; or what went wrong, in English, and nothing else."""
    try:
        return context.update(table, fetch(table, clients, context.codes)), None
    except SsbUnavailable as error:
        return None, _failed(table, "unavailable", error)
    except UserError as error:  # refused (HTTP error), malformed or partial answer
        kind = {"ssb.http_error": "refused", "ssb.malformed": "malformed"}.get(error.key, "partial")
        return None, _failed(table, kind, error)
    except (KeyError, ValueError, TypeError, IndexError) as error:  # an answer the parser could not read
        return None, TableFailure(table, "malformed", f"{error.__class__.__name__}: {error}")


def _failed(table: SsbTable, kind: str, error: UserError) -> TableFailure:
    from core.i18n import t

    return TableFailure(table, kind, t(error.key, "en", **error.values))


def fetch(table: SsbTable, clients: Clients, municipality_codes: list[str]):
    """The table's answer: a JSON-stat dataset (SSB, FHI) or the workbook's rows (Miljødirektoratet)."""
    if table.api == "ssb":
        return clients.ssb.table_data(table.id, table.query_selection())
    if table.api == "fhi":
        return clients.fhi.table_data(table.table_number, table.fhi_body(municipality_codes))
    return clients.download.content(table.download_url)


class _Context:
    """What mapping and aggregation need, read once: code tables, today's municipalities, population, areas."""

    def __init__(self, catalogue: dict[str, IndicatorSpec], url: str | None):
        self.catalogue = catalogue
        municipalities = queries.municipalities(url)
        self.codes = list(municipalities.code)
        self.areas = dict(zip(municipalities.code, municipalities.area_km2, strict=True))
        observations = queries.all_observations(url)
        population = observations[(observations.indicator_id == "population")
                                  & (observations.area_level == "municipality")]
        self.population = population.rename(columns={"area_code": "code"})[["code", "year", "value"]]
        self.code_table = load_code_table()

    def update(self, table: SsbTable, answer) -> TableUpdate:
        if table.api == "miljodirektoratet":
            rows = emissions.read_workbook(answer, table)
            fingerprint = hashlib.sha256(answer).hexdigest()
            parts = [self._emission_parts(output, rows) for output in table.outputs]
        else:
            check_answer(answer, table)
            frame = municipal_cells(tidy(answer), table)
            if frame.empty:
                raise MalformedResponse("ssb.partial", url=table.api_url, detail="no municipality in the answer")
            fingerprint = hashlib.sha256(json.dumps(answer, sort_keys=True).encode()).hexdigest()
            parts = [self._parts(table, output, frame) for output in table.outputs]
        mapped, dropped = self._map(parts)
        levels = []
        for number, output in enumerate(table.outputs):
            municipal = self._made(number, output, mapped)
            if municipal.empty:
                raise MalformedResponse("ssb.partial", url=table.api_url,
                                        detail=f"no municipal value for {output.indicator_id}")
            levels.append(self._levels(table, output, municipal))
        observations = pd.concat(levels, ignore_index=True)
        return TableUpdate(table, observations[COLUMNS].reset_index(drop=True), dropped, fingerprint)

    # -- each output's parts as published (code, year, value per part), then all mapped onto 2024 at once

    @staticmethod
    def _parts(table: SsbTable, output: Output, frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
        if output.kind == "value":
            return {"value": cells(frame, table, output.value or {})}
        if output.kind == "share":  # counts behind a published percentage: share / 100 x the counted
            both = cells(frame, table, output.share).merge(cells(frame, table, output.denominator),
                                                           on=["code", "year"], suffixes=("", "_den"))
            return {"num": both.assign(value=both.value / 100 * both.value_den)[["code", "year", "value"]],
                    "den": both.assign(value=both.value_den)[["code", "year", "value"]]}
        parts = {"num": cells(frame, table, output.numerator)}
        if output.denominator is not None:
            parts["den"] = cells(frame, table, output.denominator)
        return parts

    @staticmethod
    def _emission_parts(output: Output, rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
        return {"num" if output.per else "value": emissions.emissions(rows, output.sector)}

    def _map(self, parts: list[dict[str, pd.DataFrame]]) -> tuple[pd.DataFrame, int]:
        """Every part of every output onto the 2024 structure in one pass (the mapping's cost is per municipality
        and year, not per column): counts are summed over merged municipalities; a part counts for a 2024
        municipality and year only where every code mapped into it had that part (never a part of a whole)."""
        wide = None
        columns = []
        for number, named in enumerate(parts):
            for role, frame in named.items():
                column = f"{number}:{role}"
                columns.append(column)
                part = frame.rename(columns={"value": column})
                part[f"has {column}"] = 1.0
                wide = part if wide is None else wide.merge(part, on=["code", "year"], how="outer")
        additive = columns + [f"has {c}" for c in columns]
        wide[additive] = wide[additive].fillna(0.0)
        harmonised, dropped = harmonise(wide, self.code_table, additive=additive, single_only=False)
        harmonised = harmonised[harmonised.code.isin(self.codes)].copy()
        for column in columns:
            harmonised.loc[harmonised[f"has {column}"] < harmonised.n_codes, column] = float("nan")
        harmonised["quality"] = ["harmonised" if renamed or n > 1 else "official"
                                 for renamed, n in zip(harmonised.renamed, harmonised.n_codes, strict=True)]
        return harmonised, len(dropped)

    def _made(self, number: int, output: Output, mapped: pd.DataFrame) -> pd.DataFrame:
        """One output's municipal rows: code, year, value (+ num, den for a ratio), quality."""
        spec = self.catalogue[output.indicator_id]
        base = mapped[["code", "year", "n_codes", "quality"]]
        if f"{number}:value" in mapped:
            values = base.assign(value=mapped[f"{number}:value"] * output.scale).dropna(subset=["value"])
            if spec.aggregation != "sum":  # a published share or level is never added over merged municipalities
                values = values[values.n_codes == 1]
            return values.drop(columns="n_codes").reset_index(drop=True)
        ratio = base.assign(num=mapped[f"{number}:num"])
        if output.per == "population":
            ratio = ratio.merge(self.population.rename(columns={"value": "den"}), on=["code", "year"], how="inner")
        elif output.per == "area_km2":  # today's municipality's area (the register), the same every year
            ratio = ratio.assign(den=ratio.code.map(self.areas))
        else:
            ratio = ratio.assign(den=mapped[f"{number}:den"])
        ratio = ratio[(ratio.den > 0) & ratio.num.notna()].copy()
        scale = output.scale * (100 if output.kind == "share" else 1)  # a share is given back as the percentage
        ratio["value"] = ratio.num / ratio.den * scale
        ratio["num"] = ratio.num * scale / 100  # county_and_national's ratio rule is 100 x sum(num) / sum(den)
        return ratio.drop(columns="n_codes").reset_index(drop=True)

    # -- county and national values by the indicator's rule

    def _levels(self, table: SsbTable, output: Output, municipal: pd.DataFrame) -> pd.DataFrame:
        spec = self.catalogue[output.indicator_id]
        levels = [municipal.assign(area_level="municipality", area_code=municipal.code)]
        parts = ["code", "year", "value"] + (["num", "den"] if spec.aggregation == "ratio" else [])
        if spec.aggregation == "ratio" and "num" not in municipal:
            raise ValueError(f"{spec.id}: a ratio aggregation needs a numerator and a denominator (see the output)")
        levels.append(county_and_national(municipal[parts], spec.aggregation, self.population, self.codes))
        frame = pd.concat(levels, ignore_index=True).assign(indicator_id=spec.id, source_key=table.source_key)
        frame["year"] = frame.year.astype(int)
        return frame


# ---------------------------------------------------------------- writing, one table per transaction


def write_table(actor, item: TableUpdate, catalogue: dict[str, IndicatorSpec], url: str | None = None) -> TableUpdate:
    """The table's source row, its indicators' rows if the database predates them, its observations replacing the
    ones it wrote before, and the thresholds its first refresh fixes: one transaction, with its audit entry."""
    refreshed = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with gate.write(actor, "ssb.refresh", url=url) as change:
        connection = change.session.connection()
        changed, fixed = _write_table(connection, item, catalogue, refreshed)
        done = replace(item, changed=changed, fixed=fixed or None)
        change.record(AUDIT_ENTITY, item.table.id, OK, None, {
            "outcome": "ok", "indicators": item.table.indicator_ids, "values": len(item.observations),
            "rows_changed": changed, "newest_year": done.newest_year, "dropped": item.dropped,
            "thresholds_fixed": fixed or {}, "sha256": item.sha256})
    return done


def write(actor, updates: list[TableUpdate], catalogue: dict[str, IndicatorSpec], url: str | None = None) -> None:
    """Several tables, each in its own transaction (see write_table)."""
    for item in updates:
        write_table(actor, item, catalogue, url)


def record_failure(actor, failure: TableFailure, url: str | None = None) -> None:
    """An audit entry for a table that failed: what went wrong; nothing else is written for it."""
    with gate.write(actor, "ssb.refresh", url=url) as change:
        change.record(AUDIT_ENTITY, failure.table.id, FAILED, None,
                      {"outcome": failure.kind, "message": failure.message,
                       "indicators": failure.table.indicator_ids})


def _write_table(connection, item: TableUpdate, catalogue, refreshed: str) -> tuple[int, dict]:
    source = source_row(item.table, refreshed, item.sha256)
    exists = connection.execute(select(models.Source.key).where(models.Source.key == source["key"])).first()
    if exists:
        connection.execute(update(models.Source).where(models.Source.key == source["key"]).values(**source))
    else:
        connection.execute(insert(models.Source).values(**source))
    columns = {c.name for c in models.Indicator.__table__.columns}
    o = models.Observation
    changed, fixed = 0, {}
    for indicator_id in item.table.indicator_ids:
        if not connection.execute(select(models.Indicator.id).where(models.Indicator.id == indicator_id)).first():
            row = indicator_rows({indicator_id: catalogue[indicator_id]}).iloc[0]
            values = {k: v for k, v in row.astype(object).where(row.notna(), None).items() if k in columns}
            connection.execute(insert(models.Indicator).values(**values))
        wanted = and_(o.indicator_id == indicator_id, o.source_key == source["key"])
        before = pd.DataFrame(connection.execute(
            select(o.area_level, o.area_code, o.year, o.value).where(wanted)).all(),
            columns=["area_level", "area_code", "year", "value"])
        new = item.observations[item.observations.indicator_id == indicator_id]
        changed += _rows_changed(before, new)
        connection.execute(delete(o).where(wanted))
        records = new.astype(object).to_dict("records")
        if records:
            connection.execute(insert(o), records)
        municipal = new[new.area_level == "municipality"]
        stored = thresholds.fix_at_first_refresh(connection, catalogue[indicator_id], municipal, dates.today())
        if stored:
            fixed[indicator_id] = {k: v for k, v in stored.items() if not k.endswith("_source")}
    return changed, fixed


def _rows_changed(before: pd.DataFrame, after: pd.DataFrame) -> int:
    """Values added, removed or changed (beyond rounding noise), comparing area, year and value."""
    keys = ["area_level", "area_code", "year"]
    both = before.merge(after[[*keys, "value"]], on=keys, how="outer", suffixes=("_old", "_new"), indicator=True)
    added_or_removed = int((both["_merge"] != "both").sum())
    same = both[both["_merge"] == "both"]
    moved = int(((same.value_old - same.value_new).abs() > 1e-9 * (1 + same.value_new.abs())).sum())
    return added_or_removed + moved


# ---------------------------------------------------------------- what the admin page and the profile show


def status(url: str | None = None, tables: dict[str, SsbTable] | None = None) -> pd.DataFrame:
    """Per catalogue table: its indicators, when it was last refreshed, how many values it holds and from which
    years, and its last run (time, outcome, rows changed, message)."""
    tables = tables or load_tables()
    o = models.Observation
    a = models.AuditEntry
    with db.session(url) as session:
        descriptions = dict(session.execute(select(models.Source.key, models.Source.description)).all())
        counts = {key: (n, first, last) for key, n, first, last in session.execute(
            select(o.source_key, func.count(), func.min(o.year), func.max(o.year))
            .where(o.source_key.in_([t.source_key for t in tables.values()])).group_by(o.source_key)).all()}
        latest = select(a.entity_id, func.max(a.id).label("id")).where(a.entity == AUDIT_ENTITY) \
            .group_by(a.entity_id).subquery()
        runs = {entry.entity_id: entry for entry in session.execute(
            select(a).join(latest, a.id == latest.c.id)).scalars().all()}
    rows = []
    for table in tables.values():
        n, first, last = counts.get(table.source_key, (0, None, None))
        run = runs.get(table.id)
        after = json.loads(run.after) if run is not None and run.after else {}
        rows.append({"table": table.id, "api": table.api, "indicator_id": table.indicator_id,
                     "indicators": table.indicator_ids, "title": table.title, "source_url": table.source_url,
                     "evidence": table.evidence,
                     "refreshed": refreshed_at(descriptions.get(table.source_key, "")),
                     "values": n, "first_year": first, "last_year": last,
                     "last_run": run.at if run is not None else None,
                     "outcome": after.get("outcome") if run is not None else None,
                     "rows_changed": after.get("rows_changed"), "message": after.get("message", "")})
    return pd.DataFrame(rows)


def indicator_freshness(url: str | None = None, tables: dict[str, SsbTable] | None = None) -> pd.DataFrame:
    """Per indicator fed online: indicator_id, table, refreshed (UTC text, '' before its first refresh) and
    newest_year (the year of its newest municipal value, empty without values)."""
    tables = tables or load_tables()
    o = models.Observation
    ids = [i for table in tables.values() for i in table.indicator_ids]
    with db.session(url) as session:
        descriptions = dict(session.execute(select(models.Source.key, models.Source.description)).all())
        newest = dict(session.execute(select(o.indicator_id, func.max(o.year)).where(
            o.indicator_id.in_(ids), o.area_level == "municipality",
            o.source_key.in_([t.source_key for t in tables.values()])).group_by(o.indicator_id)).all())
    rows = [{"indicator_id": i, "table": table.id,
             "refreshed": (refreshed_at(descriptions.get(table.source_key, "")) or "") if i in newest else "",
             "newest_year": newest.get(i)}
            for table in tables.values() for i in table.indicator_ids]
    frame = pd.DataFrame(rows, columns=["indicator_id", "table", "refreshed", "newest_year"])
    return frame.astype({"newest_year": "Int64"})


def refresh_version(url: str | None = None, tables: dict[str, SsbTable] | None = None) -> str:
    """Changes with every table a refresh writes (the newest refresh time on the online tables' source rows; '' before
    any): the pages' caches follow it, so values written by a refresh run from the command line (cron) show without
    a restart. Reads the few source rows of the catalogue, not the growing audit log."""
    keys = [table.source_key for table in (tables or load_tables()).values()]
    with db.session(url) as session:
        descriptions = session.scalars(select(models.Source.description).where(models.Source.key.in_(keys))).all()
    return max((refreshed_at(d) or "" for d in descriptions), default="")
