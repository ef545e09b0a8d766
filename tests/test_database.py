"""The database layer against SQLite and a real PostgreSQL server: migration, build, idempotence."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import inspect, select

from core import db, models, queries
from core.etl.build import assemble, write


@pytest.fixture(scope="module")
def assembled():
    return assemble(report=lambda _line: None)




def snapshot(url) -> dict:
    with db.session(url) as session:
        observations = session.execute(
            select(
                models.Observation.area_level,
                models.Observation.area_code,
                models.Observation.indicator_id,
                models.Observation.year,
                models.Observation.value,
            ).order_by(
                models.Observation.area_level,
                models.Observation.area_code,
                models.Observation.indicator_id,
                models.Observation.year,
            )
        ).all()
        municipalities = session.execute(select(models.Municipality.code, models.Municipality.name)).all()
    return {"observations": observations, "municipalities": sorted(municipalities)}



@pytest.fixture
def url(empty_database_url) -> str:  # an empty database on each backend (conftest)
    return empty_database_url

def test_migration_creates_every_table(url):
    db.migrate(url)
    tables = set(inspect(db.engine(url)).get_table_names())
    assert {m.__tablename__ for m in models.Base.__subclasses__()} | {"alembic_version"} <= tables


@pytest.mark.slow  # builds from the source files
def test_two_builds_give_the_same_database(url, assembled):
    write(assembled, url, report=lambda _line: None)
    first = snapshot(url)
    write(assembled, url, report=lambda _line: None)
    assert snapshot(url) == first
    assert len(first["municipalities"]) == 357  # published fact: the 2024 structure has 357 municipalities


@pytest.mark.slow  # builds from the source files
def test_queries_work_on_each_backend(url, assembled):
    write(assembled, url, report=lambda _line: None)
    assert queries.national_value("population", 2024, url) == 5_550_203  # published fact: SSB, 1 January 2024
    assert len(queries.municipalities(url)) == 357
    assert queries.years_with_data("turnout_parliament", "municipality", url) == [2009, 2013, 2017, 2021, 2025]


@pytest.mark.slow  # builds from the source files
def test_the_tests_public_template_is_what_a_build_writes(public_template, assembled, tmp_path):
    """conftest's public_template copies the built database without the network's own data instead of building
    one: it must hold exactly what write(assemble()) writes, table by table."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    write(assembled, url, report=lambda _line: None)
    with db.engine(url).connect() as fresh, db.engine(f"sqlite:///{public_template}").connect() as copied:
        for table in models.Base.metadata.sorted_tables:
            assert sorted(copied.execute(select(table)).all(), key=repr) == sorted(
                fresh.execute(select(table)).all(), key=repr), table.name


def test_a_postgresql_host_that_does_not_answer_gives_up_within_seconds(monkeypatch, tmp_path):
    """libpq's connect_timeout: an unreachable server is 'unavailable' to a page (and to serve.py's warm-up before the
    server listens) within seconds, not after TCP's two minutes."""
    made = {}

    def create_engine(url, **options):
        made[url.split(":")[0]] = options
        return SimpleNamespace(dialect=SimpleNamespace(name="postgresql"))  # no listener for SQLite's pragmas

    monkeypatch.setattr(db, "create_engine", create_engine)
    db.engine_for.__wrapped__("postgresql+psycopg://nobody@192.0.2.1/nothing")
    db.engine_for.__wrapped__(f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert made["postgresql+psycopg"]["connect_args"] == {"connect_timeout": db.CONNECT_TIMEOUT_S}
    assert db.CONNECT_TIMEOUT_S <= 10 and "connect_args" not in made["sqlite"]
