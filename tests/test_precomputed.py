"""What the build computes once for every process (core/precomputed.py, migration 0008): the stored score book and
structural variables are exactly what a process would compute, are used only while their basis holds, and the
migration matches the models on SQLite and PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete, insert, inspect, select

from core import db, gate, models, peers, precomputed, queries, targets

REVISION, BEFORE = "0008", "0007"
TABLES = {"area_geometry", "neighbour_pair", "stored_frame"}


def test_0008_adds_its_tables_matching_the_models_and_its_downgrade_drops_only_them(empty_database_url):
    db.migrate(empty_database_url, BEFORE)
    assert not TABLES & set(inspect(db.engine(empty_database_url)).get_table_names())
    db.migrate(empty_database_url)
    with db.engine(empty_database_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                       models.Base.metadata)
    assert [d for d in differences if any(table in repr(d) for table in TABLES)] == []
    content = bytes(range(256)) * 4  # every byte value, NUL included
    with db.session(empty_database_url) as session:
        session.add(models.StoredFrame(name="test", basis="{}", content=content))
        session.commit()
    with db.session(empty_database_url) as session:
        assert session.scalar(select(models.StoredFrame.content)) == content
    command.downgrade(db.alembic_config(empty_database_url), BEFORE)
    tables = set(inspect(db.engine(empty_database_url)).get_table_names())
    assert not TABLES & tables and {"observation", "municipality", "practice_case"} <= tables
    db.migrate(empty_database_url)  # and up again


def store_frames(url: str) -> None:
    """What write() stores, computed from this database's public data (a private copy may hold other targets than the
    database it was copied from, so its stored book would not be at its basis)."""
    frames = precomputed.frames_for_build(queries.all_observations(url), queries.municipalities(url),
                                          queries.sources(url), url)
    with db.engine(url).begin() as connection:
        connection.execute(delete(models.StoredFrame))
        connection.execute(insert(models.StoredFrame), frames.to_dict("records"))


@pytest.fixture(scope="module")
def url(private_database) -> str:
    url = private_database("precomputed")
    store_frames(url)
    return url


def assert_same_book(stored, computed) -> None:
    for name in precomputed.BOOK_FRAMES:
        pd.testing.assert_frame_equal(getattr(stored, name), getattr(computed, name), check_exact=True)
    assert stored.bounds == computed.bounds
    assert stored.local_targets == computed.local_targets


def test_the_stored_book_is_the_one_a_process_computes(url):
    stored = precomputed.stored_book(url)
    assert stored is not None
    assert_same_book(stored, precomputed.score_book_of(queries.all_observations(url), url))
    assert len(stored.indicators) > 0 and set(stored.index.area_level) == {"municipality", "county", "country"}


def test_the_stored_structure_is_the_one_a_process_computes(url):
    stored = precomputed.stored_structure(url)
    computed = peers.structural_variables(queries.all_observations(url), queries.municipalities(url))
    pd.testing.assert_frame_equal(stored, computed, check_exact=True)


def test_the_stored_observations_are_those_the_database_holds(url):
    pd.testing.assert_frame_equal(precomputed.stored_observations(url), queries.all_observations(url),
                                  check_exact=True)


def test_a_changed_target_sets_the_stored_book_aside(private_database):
    url = private_database("precomputed_target")
    store_frames(url)
    assert precomputed.stored_book(url) is not None
    targets.set_target(gate.SYSTEM, "municipality", "5610", "low_income_eu60", 8.0, 2030, url=url)
    assert precomputed.stored_book(url) is None  # basis changed: the process computes, with the new target
    book = precomputed.score_book_of(queries.all_observations(url), url)
    row = book.indicators[(book.indicators.area_code == "5610") & (book.indicators.indicator_id == "low_income_eu60")]
    assert row.target.tolist() == [8.0] and row.target_origin.tolist() == ["local"]
    store_frames(url)  # a build after the change stores the book with it
    assert_same_book(precomputed.stored_book(url), book)


def test_nothing_stored_means_nothing_read(private_database):
    url = private_database("precomputed_empty")
    with db.engine(url).begin() as connection:
        connection.execute(delete(models.StoredFrame))
    assert precomputed.stored_book(url) is None and precomputed.stored_structure(url) is None
    assert precomputed.stored_observations(url) is None


def test_a_database_built_before_0008_is_computed_as_before(private_database):
    from core import geometry

    url = private_database("precomputed_before_0008")
    command.downgrade(db.alembic_config(url), BEFORE)
    assert precomputed.stored_book(url) is None and precomputed.stored_observations(url) is None
    features = geometry.boundaries("municipality", url)["features"]
    assert len(features) == len(queries.municipalities(url))


@pytest.mark.slow
def test_a_build_stores_the_book_of_what_it_wrote(tmp_path):
    from core.etl.build import assemble, write

    url = f"sqlite:///{tmp_path / 'built.sqlite'}"
    write(assemble(report=lambda _line: None), url, report=lambda _line: None)
    stored = precomputed.stored_book(url)
    assert stored is not None
    assert_same_book(stored, precomputed.score_book_of(queries.all_observations(url), url))


def test_new_code_sets_the_stored_frames_aside(url, monkeypatch):
    """A deployment that changes a formula (or the catalogue) without a rebuild computes, not reads the old scores."""
    assert precomputed.stored_book(url) is not None
    monkeypatch.setattr(precomputed, "recipe_fingerprint", lambda: "another version of the code")
    assert precomputed.stored_book(url) is None and precomputed.stored_structure(url) is None
    assert precomputed.stored_observations(url) is None
