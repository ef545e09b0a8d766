"""The built database against known facts from the sources."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from sqlalchemy import func, select

from core import db, models, queries
from core.sources import load_manifest


def count(model, url) -> int:
    with db.session(url) as session:
        return session.scalar(select(func.count()).select_from(model))


def value(indicator, level, code, year, url=None) -> float:
    frame = queries.observations(indicator, level, year, url)
    return float(frame.loc[frame.area_code == code, "value"].iloc[0])


def test_the_2024_structure(built_database):
    assert count(models.Municipality, built_database) == 357
    assert count(models.County, built_database) == 15
    codes = set(queries.counties().code)
    assert codes == {"03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"}


def test_every_boundary_code_is_a_municipality(built_database):
    features = json.loads(load_manifest()["municipality_boundaries"].local_path.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["kommunenummer"] for f in features} == set(queries.municipalities().code)


def test_population_facts(built_database):
    assert value("population", "municipality", "0301", 2024) == 717_710
    assert value("population", "country", "NO", 2024) == 5_550_203
    assert value("population", "country", "NO", 2025) == 5_594_340
    assert len(queries.years_with_data("population", "municipality")) == 41  # 1986-2026


def test_official_names_keep_sami_and_kven_forms(built_database):
    names = queries.municipalities().set_index("code")
    assert names.name["5610"] == "Kárášjohka - Karasjok"
    assert names.name["5538"] == "Storfjord - Omasvuotna - Omasvuono"
    assert names.name_ssb["0301"] == "Oslo - Oslove"
    assert names.kostra_group_code.notna().all() and names.centrality.between(1, 6).all()


def test_the_counties_that_replaced_viken_have_history(built_database):
    """County values are sums of today's municipalities, so 31, 32 and 33 have values before 2024."""
    for county in ("31", "32", "33"):
        assert value("population", "county", county, 2015) > 200_000
    municipal = queries.observations("population", "municipality", 2015)
    akershus = municipal[municipal.area_code.str.startswith("32")].value.sum()
    assert value("population", "county", "32", 2015) == pytest.approx(akershus)


def test_turnout_is_official_where_codes_did_not_change(built_database):
    turnout = pd.read_csv(load_manifest()["turnout"].local_path, dtype={"kommunenummer": str})
    oslo_2025 = turnout[(turnout.valgaar == 2025) & (turnout.kommunenummer == "0301")].frammote_prosent.iloc[0]
    assert value("turnout_parliament", "municipality", "0301", 2025) == pytest.approx(oslo_2025)
    national = turnout[turnout.valgaar == 2025]
    expected = 100 * national.stemmer_total.sum() / national.antall_stemmeberettigede.sum()
    assert value("turnout_parliament", "country", "NO", 2025) == pytest.approx(expected)


def test_reference_tables(built_database):
    assert count(models.SdgGoal, built_database) == 17
    assert count(models.SdgTarget, built_database) == 169
    with db.session(built_database) as session:
        assert session.get(models.SdgGoal, 1).colour == "#E5243B"
        assert session.scalar(select(func.count(func.distinct(models.U4sscKpi.code)))) == 90
    assert count(models.U4sscKpi, built_database) == 111


def test_every_indicator_in_the_database_is_in_the_catalogue(built_database):
    with db.session(built_database) as session:
        observed = set(session.scalars(select(models.Observation.indicator_id).distinct()))
    # The SSB connector's indicators are in the catalogue but get values only from a refresh (core/ssb).
    from core.ssb.tables import load_tables

    waiting = {table.indicator_id for table in load_tables().values()}
    assert observed == set(queries.indicators().id) - waiting


def test_no_value_is_made_up_for_split_successors(built_database):
    """1507 Ålesund (2020-2023) covered today's 1508 and 1580: neither gets 2021 turnout."""
    frame = queries.observations("turnout_parliament", "municipality", 2021)
    assert not {"1508", "1580"} & set(frame.area_code)


def test_population_of_split_municipalities(built_database):
    """SSB gives 1508 the undivided 1507 (with Haram) for 2020-2023: not shown for either, but counted in sums."""
    ålesund = queries.observations("population", "municipality").query("area_code in ['1508', '1580']")
    assert not set(ålesund.year) & {2020, 2021, 2022, 2023}
    assert value("population", "country", "NO", 2020) == 5_367_580  # SSB, 1 January 2020
    assert value("population", "country", "NO", 2023) == 5_488_984
    moere = queries.observations("population", "county", 2021)
    assert moere.set_index("area_code").quality["15"] == "aggregated"


def test_zero_is_no_data_and_sums_say_they_are_partial(built_database):
    """Narvik, Hamarøy, Heim, Hitra and Orkland have 0 before 2020 in SSB's series: no data, not zero people."""
    narvik = queries.observations("population", "municipality", 2019)
    assert "1806" not in set(narvik.area_code)
    national = queries.observations("population", "country", 2019)
    assert national.quality.iloc[0] == "aggregated_partial"
    assert queries.national_observation("population", 2024) == (5_550_203, "aggregated")
