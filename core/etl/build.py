"""Build the database from the verified upstream files: assemble everything first, then write once."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import delete, insert

from core import config, db, models, precomputed
from core.catalogue import load_catalogue, load_yaml
from core.etl import areas, boundaries, emissions, indicators, reference, vaccination
from core.etl.aggregate import county_and_national
from core.etl.code_mapping import load_code_table, load_splits
from core.etl.derived import derived_observations
from core.sources import SourceError, available, load_manifest, read, verify
from core.ssb.tables import load_tables, source_row

Report = Callable[[str], None]


@dataclass
class Assembled:
    """Every table's rows, ready to write, plus what was left out and why."""

    tables: dict[type, pd.DataFrame] = field(default_factory=dict)
    dropped: pd.DataFrame = field(default_factory=pd.DataFrame)
    absent_sources: list[str] = field(default_factory=list)


def assemble(report: Report = print) -> Assembled:
    manifest = load_manifest()
    result = Assembled()
    for source in manifest.values():
        if not available(source):
            result.absent_sources.append(source.key)
            report(f"note: optional source {source.path} is absent; its indicator is left empty")
    catalogue = load_catalogue()
    steps = 8
    step = iter(range(1, steps + 1))

    report(f"[{next(step)}/{steps}] areas: counties and municipalities (2024 structure)")
    published_population = read("population", manifest)
    counties = areas.counties(read("county_boundaries", manifest))
    municipalities = areas.municipalities(
        read("municipality_boundaries", manifest),
        read("municipality_register", manifest),
        read("structure_register", manifest),
        published_population,
        read("kostra_groups", manifest),
    )
    report("  boundaries: validated, measured in EPSG:25833, simplified, counties dissolved, land neighbours")
    area_geometry, neighbours = boundaries.geometry_rows(read("municipality_boundaries", manifest))

    report(f"[{next(step)}/{steps}] code changes onto the 2024 structure")
    splits = load_splits()
    table = load_code_table()

    report(f"[{next(step)}/{steps}] population 1986-2026 and SSB area profiles")
    population, undivided_population = indicators.population(published_population, splits)
    profiles = read("area_profiles", manifest)
    parts = [population, indicators.area_profiles(profiles), indicators.new_dwellings_outside_settlements(profiles)]
    dropped = []

    report(f"[{next(step)}/{steps}] education level, turnout, broadband, hydropower, vaccination and industrial "
           "emissions")
    county_names = {code: name for code, name in load_yaml("counties_2020.yaml")["counties"].items()}
    builders = [
        ("education_level", lambda levels: indicators.education(levels, table)),
        ("turnout", lambda elections: indicators.turnout(elections, table)),
        (
            "broadband_fixed",
            lambda coverage: indicators.broadband(coverage, indicators.FIXED_BROADBAND_COLUMNS, table, county_names),
        ),
        (
            "broadband_mobile",
            lambda coverage: indicators.broadband(coverage, indicators.MOBILE_BROADBAND_COLUMNS, table, county_names),
        ),
        ("hydropower_plants", lambda plants: indicators.hydropower(plants, table, list(municipalities.code))),
        ("childhood_vaccination",
         lambda rows: vaccination.vaccination(rows, table, read("education_level", manifest))),
        ("industrial_emissions",
         lambda facilities: emissions.industrial_emissions(facilities, table, county_names, list(municipalities.code))),
    ]
    for key, build in builders:
        if key in result.absent_sources:
            continue
        values, lost = build(read(key, manifest))
        parts.append(values)
        dropped.append(lost)
    municipal = pd.concat(parts, ignore_index=True)
    municipal = municipal[municipal.code.isin(set(municipalities.code))]
    municipal = indicators.with_urban_density_parts(municipal)
    result.dropped = pd.concat(dropped, ignore_index=True) if dropped else pd.DataFrame()

    report(f"[{next(step)}/{steps}] county and national values")
    observations = _with_aggregates(municipal, undivided_population, catalogue, list(municipalities.code),
                                    unattributed=result.dropped,
                                    manifest_source_of=lambda i: catalogue[i].source_key)
    observations = pd.concat([observations, derived_observations(observations, catalogue)], ignore_index=True)

    report(f"[{next(step)}/{steps}] SDG goals, targets and indicators (bokmål and English)")
    languages = {"en": "en", "nb": "nb_NO"}
    goals, targets, sdg_indicators = reference.sdg_frames(
        {lang: read(f"sdg_goals_{lang}", manifest) for lang in languages},
        {lang: read(f"sdg_targets_{lang}", manifest) for lang in languages},
        {lang: read(f"sdg_indicators_{lang}", manifest) for lang in languages},
        {int(k): v for k, v in load_yaml("sdg_colours.yaml")["colours"].items()},
    )

    report(f"[{next(step)}/{steps}] U4SSC key performance indicators")
    kpis = read("u4ssc_kpis", manifest)

    report(f"[{next(step)}/{steps}] indicator catalogue")
    result.tables = {
        models.Source: pd.DataFrame(
            [
                {
                    "key": s.key,
                    "path": s.path,
                    "url": s.url,
                    "sha256": s.sha256,
                    "publisher": s.publisher,
                    "licence": s.licence,
                    "description": s.description,
                }
                for s in manifest.values()
                if not s.test_fixture
            ]
            # SSB API tables (data/ssb_tables.yaml): their indicators refer to them before any refresh has run.
            + [source_row(table) for table in load_tables().values()]
        ),
        models.County: counties,
        models.Municipality: municipalities,
        models.Indicator: indicator_rows(catalogue),
        models.Observation: observations,
        models.SdgGoal: goals,
        models.SdgTarget: targets,
        models.SdgIndicator: sdg_indicators,
        models.U4sscKpi: kpis,
        models.AreaGeometry: area_geometry,
        models.NeighbourPair: neighbours,
        models.CodeChange: table.rows.assign(new_codes=table.rows.new_codes.map(";".join)).replace(
            {"valid_from": {-10_000: None}, "valid_to": {10_000: None}}
        ),
    }
    return result


def _with_aggregates(municipal: pd.DataFrame, aggregation_only: pd.DataFrame, catalogue, codes: list[str],
                     manifest_source_of, unattributed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Municipal rows plus county and national values; aggregation_only rows count toward sums only.

    unattributed: the values given to no single municipality (the builders' dropped rows) that say which 2024
    municipalities they lie in (covers): they count toward those municipalities' county and the country."""
    population = municipal.loc[municipal.indicator_id == "population", ["code", "year", "value"]]
    levels = [municipal.assign(area_level="municipality", area_code=municipal.code)]
    municipal = pd.concat([municipal, aggregation_only], ignore_index=True)
    pooled = _pooled_with_weights(unattributed, pd.concat([population, aggregation_only.loc[
        aggregation_only.indicator_id == "population", ["code", "year", "value"]]], ignore_index=True))
    for indicator_id, values in municipal.groupby("indicator_id"):
        rule = catalogue[indicator_id].aggregation
        extra = pooled[pooled.indicator_id == indicator_id]
        levels.append(county_and_national(values, rule, population, codes, extra).assign(indicator_id=indicator_id))
    frame = pd.concat(levels, ignore_index=True)
    frame["source_key"] = frame.indicator_id.map(manifest_source_of)
    frame["year"] = frame.year.astype(int)
    return (
        frame[["area_level", "area_code", "indicator_id", "year", "value", "source_key", "quality"]]
        .sort_values(["indicator_id", "area_level", "area_code", "year"])
        .reset_index(drop=True)
    )


def _pooled_with_weights(unattributed: pd.DataFrame | None, population: pd.DataFrame) -> pd.DataFrame:
    """The unattributed rows that say where they lie, each weighted by the population of the municipalities it
    covers (with the undivided population of a split municipality, e.g. 1507 Ålesund in 2022, held under 1508)."""
    if unattributed is None or "covers" not in unattributed:
        return pd.DataFrame(columns=["indicator_id", "year", "value", "covers", "complete", "weight"])
    rows = unattributed[unattributed.covers.map(lambda covers: isinstance(covers, tuple) and len(covers) > 0)]
    people = population.groupby(["code", "year"]).value.sum().to_dict()
    weight = [sum(people.get((code, year), 0.0) for code in covers) for covers, year in zip(rows.covers, rows.year,
                                                                                             strict=True)]
    return rows.assign(weight=pd.Series(weight, index=rows.index, dtype=float).replace(0.0, float("nan")))


def indicator_rows(catalogue) -> pd.DataFrame:
    """The catalogue as rows of the indicator table (the build writes all; the SSB refresh adds any missing)."""
    rows = []
    for spec in catalogue.values():
        row = spec.model_dump(exclude={"optimum", "green", "red", "target_2030", "sdg_targets"})
        row["sdg_targets"] = ";".join(spec.sdg_targets)
        for name in ("optimum", "green", "red", "target_2030"):
            row[name] = getattr(spec, name).value
            row[f"{name}_source"] = getattr(spec, name).source
        rows.append(row)
    return pd.DataFrame(rows)


WRITE_ORDER = [
    models.Source,
    models.County,
    models.Municipality,
    models.Indicator,
    models.Observation,
    models.SdgGoal,
    models.SdgTarget,
    models.SdgIndicator,
    models.U4sscKpi,
    models.CodeChange,
    models.AreaGeometry,
    models.NeighbourPair,
    models.StoredFrame,
]


def write(assembled: Assembled, url: str | None = None, report: Report = print) -> None:
    """Replace the database's content in one transaction: all of it, or nothing."""
    db.migrate(url)
    # Computed before the transaction (it reads the targets and members' values), written inside it: a build's
    # stored score book always belongs to the observations written with it.
    tables = {**assembled.tables, models.StoredFrame: precomputed.frames_for_build(
        assembled.tables[models.Observation], assembled.tables[models.Municipality], assembled.tables[models.Source],
        url)}
    with db.engine(url).begin() as connection:
        for model in reversed(WRITE_ORDER):
            connection.execute(delete(model))
        for model in WRITE_ORDER:
            frame = tables[model]
            columns = [c.name for c in model.__table__.columns if c.name in frame.columns]
            records = frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")
            for start in range(0, len(records), 5000):
                connection.execute(insert(model), records[start : start + 5000])
                if model is models.Observation and start <= len(records) // 2 < start + 5000:
                    pause_point("observations_half", report)
            report(f"  wrote {len(records):>7} rows to {model.__tablename__}")
        pause_point("before_commit", report)


def build(url: str | None = None, report: Report = print) -> Assembled:
    for source in load_manifest().values():
        if not source.optional:
            verify(source)
    assembled = assemble(report)
    pause_point("sources_read", report)
    write(assembled, url, report)
    _seed_network(url, report)
    return assembled


def pause_point(point: str, report: Report) -> None:
    """Where BUILD_PAUSE_AT names this point, say so and wait for ever: tests/test_build_killed.py kills the build
    here (SIGKILL) to show that the previous database stays whole: a known moment, not a guessed sleep."""
    if config.settings().build_pause_at == point:
        report(f"paused at {point}")
        sys.stdout.flush()
        threading.Event().wait()


def _seed_network(url: str | None, report: Report) -> None:
    """The founding members, once: the register is the network's own data and survives rebuilds."""
    from core.network.members import seed_founding_members

    source = load_manifest()["network_members"]
    if not available(source):
        report("note: the founding-members list is absent; the member register starts empty")
        return
    added = seed_founding_members(read("network_members"), url)
    if added:
        report(f"  seeded {added} founding members of the network")


__all__ = ["build", "assemble", "write", "SourceError"]
