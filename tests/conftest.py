"""Shared fixtures and helpers: test modules never import each other, they ask for these.

The default database must be built (`make test` and `make test-fast` do it first). Tests that write get a private
copy of the public data (`private_database`), never the shared database.
"""

from __future__ import annotations

import shutil
import sqlite3
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import func, inspect, select
from sqlalchemy import text as sa_text

from core import db, models
from core.config import settings_for_tests

ROOT = Path(__file__).resolve().parent.parent
BUILT_STAMP = ROOT / "var" / ".database-built"  # touched by `make db` after each build
# What a build reads (the Makefile's rule for rebuilding the database): newer files here mean the built database
# may not be what write(assemble()) would write today.
BUILD_INPUTS = ("data", "core/etl", "core/models.py", "core/migrations")


@pytest.fixture(scope="session")
def built_database() -> str:
    """The default database URL, after checking that `make db` has built it."""
    engine = db.engine()
    if "observation" not in inspect(engine).get_table_names():
        pytest.fail("the database is not built: run `make db` (or `python -m core build`) first")
    return str(engine.url)


# Passwords -------------------------------------------------------------------------------------------------------

QUICK_HASHER = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}  # argon2id still, at its lowest cost


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Tests hash and check passwords with argon2id at its lowest cost: the app's own parameters (64 MiB, 3 passes,
    4 lanes: a quarter of a second on two cores) made accounts and logins the larger part of the suite's time.
    A test marked real_password_hashing gets the app's parameters back; the command line, run as a process of its
    own, always has them."""
    from argon2 import PasswordHasher

    from core import auth

    real = auth._hasher
    auth._hasher = PasswordHasher(**QUICK_HASHER)
    auth._dummy_hash.cache_clear()  # the hash checked for unknown users: it must have the same cost
    yield
    auth._hasher = real
    auth._dummy_hash.cache_clear()


@pytest.fixture(autouse=True)
def real_password_hashing(request, quick_password_hashing):
    """The app's own argon2 parameters for a test marked real_password_hashing (e.g. one that times logins)."""
    if request.node.get_closest_marker("real_password_hashing") is None:
        yield
        return
    from argon2 import PasswordHasher

    from core import auth

    quick = auth._hasher
    auth._hasher = PasswordHasher()
    auth._dummy_hash.cache_clear()
    yield
    auth._hasher = quick
    auth._dummy_hash.cache_clear()


@pytest.fixture(autouse=True)
def clear_streamlit_caches():
    """AppTest shares Streamlit's caches within a process; start each test clean."""
    yield
    import streamlit as st

    st.cache_data.clear()


TEST_PASSWORD = "korrekt hest batteri stift"  # invented for tests; 12+ characters


@pytest.fixture(scope="session")
def add_users():
    """A function that creates accounts in a private database: {username: (role, area_level, area_code)}.

    Every write goes through the gate, which reads the actor's account from the database, so a test that
    writes as "sekretariat" needs that account to exist; the command line's SYSTEM actor creates them.
    """
    from core import auth
    from core.gate import SYSTEM

    def add(url: str, users: dict[str, tuple[str, str | None, str | None]], password: str = TEST_PASSWORD) -> None:
        for username, (role, level, code) in users.items():
            auth.create_user(SYSTEM, username, username.title(), password, role, level, code, url=url)

    return add


@pytest.fixture(scope="session")
def identity_of():
    """A function: (url, username) -> the Identity of an account add_users made, logged in with its password."""
    from core import auth

    def log_in(url: str, username: str) -> auth.Identity:
        return auth.authenticate(username, TEST_PASSWORD, url)

    return log_in


# Pages in Streamlit's AppTest -----------------------------------------------------------------------------------

APP = ROOT / "app.py"
PAGE_TIMEOUT = 60  # seconds for one run of a page in AppTest


@pytest.fixture(scope="session")
def open_page():
    """A function: (page file name, identity or None, lang, **query params) -> the page reached through app.py's
    navigation as that identity sees it."""
    from streamlit.testing.v1 import AppTest

    def run(name: str, identity=None, lang: str = "nb", **params) -> AppTest:
        app = AppTest.from_file(str(APP), default_timeout=PAGE_TIMEOUT)
        app.query_params.update({"lang": lang, **params})
        if identity is not None:
            app.session_state["identity"] = identity
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app.switch_page(f"app_pages/{name}.py").run()

    return run


@pytest.fixture(scope="session")
def leaflet_map():
    """A function: (AppTest) -> what its Leaflet map was last asked to show (components/leaflet_map.py): level,
    stamp, colours and hover texts by area code, outlined codes, the highlighted code."""
    import json
    import re

    def payload(app) -> dict:
        maps = [e for e in app.get("component_instance") if "sdgChoropleth" in e.proto.json_args]
        assert maps, "no Leaflet map on the page"
        shown = json.loads(maps[-1].proto.json_args)["feature_group"]
        return json.loads(re.search(r"sdgChoropleth\.show\((\{.*\})\);", shown, re.S).group(1))

    return payload


@pytest.fixture(scope="session")
def run_page_file():
    """A function: (page file name, identity or None) -> the page file on its own, as Streamlit would serve it
    without passing through app.py's navigation."""
    from streamlit.testing.v1 import AppTest

    def run(name: str, identity=None) -> AppTest:
        app = AppTest.from_file(str(ROOT / "app_pages" / f"{name}.py"), default_timeout=PAGE_TIMEOUT)
        if identity is not None:
            app.session_state["identity"] = identity
        return app.run()

    return run


# A private copy of the public data -----------------------------------------------------------------------------


def built_default_database() -> Path | None:
    """The default SQLite database file when `make db` has built it (var/.database-built); None otherwise (e.g. a
    DATABASE_URL pointing at PostgreSQL)."""
    url = db.engine().url
    if url.get_backend_name() != "sqlite" or not url.database or not BUILT_STAMP.is_file():
        return None
    path = Path(url.database).resolve()
    return path if path == (ROOT / "var" / "dashboard.sqlite").resolve() and path.is_file() else None


def newer_than_the_build() -> list[Path]:
    """Files a build reads that changed after the last `make db` (the Makefile's rule for rebuilding)."""
    built = BUILT_STAMP.stat().st_mtime
    newer = []
    for name in BUILD_INPUTS:
        path = ROOT / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        newer += [f for f in files if f.stat().st_mtime > built]
    return newer


def copy_public_data(built: Path, target: Path) -> bool:
    """Copy the built database to target with only the public data in it, as write(assemble()) leaves a new
    database: the network's own tables (members, accounts, audit, uploads, targets, ...) emptied. False (and no
    copy to use) when the built database holds data a build does not write (an SSB refresh)."""
    from core.etl.build import WRITE_ORDER

    source = sqlite3.connect(f"file:{built}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # a consistent copy even while another process writes
    finally:
        source.close()
    try:
        if copy.execute("SELECT count(*) FROM observation WHERE source_key LIKE 'ssb_api_%'").fetchone()[0]:
            return False
        public = {model.__tablename__ for model in WRITE_ORDER} | {"alembic_version"}
        for table in reversed(models.Base.metadata.sorted_tables):
            if table.name not in public:
                copy.execute(f'DELETE FROM "{table.name}"')
        copy.commit()
        copy.execute("VACUUM")
        return True
    finally:
        copy.close()


@pytest.fixture(scope="session")
def public_template(tmp_path_factory) -> Path:
    """A database holding the public data and nothing else, the template of every private copy.

    Copied from the database `make db` built (a second), the one the tests of built_database read; built from the
    source files with write(assemble()) (about 15 s) only where there is none, or an SSB refresh has changed it.
    A build older than the data and code it reads is used all the same, with a warning (`make test` and
    `make test-fast` rebuild it first).
    """
    template = tmp_path_factory.getbasetemp() / "public_template.sqlite"
    built = built_default_database()
    if built is not None:
        if newer := newer_than_the_build():
            warnings.warn(f"the built database is older than {len(newer)} file(s) it is built from, e.g. "
                          f"{newer[0].relative_to(ROOT)}: run `make db`", stacklevel=1)
        if copy_public_data(built, template):
            url = f"sqlite:///{template}"
            db.migrate(url)  # a no-op unless a migration is newer than the build
            db.engine_for(url).dispose()
            return template
        template.unlink()
    from core.etl.build import assemble, write

    building = template.with_suffix(".building.sqlite")
    url = f"sqlite:///{building}"
    write(assemble(report=lambda _line: None), url, report=lambda _line: None)
    db.engine_for(url).dispose()
    building.rename(template)
    return template


@pytest.fixture(scope="session")
def private_database(public_template, tmp_path_factory) -> Callable[[str], str]:
    """A function: name -> the URL of a new private copy of the public data, for tests that write."""

    def copy(name: str) -> str:
        path = tmp_path_factory.mktemp(name) / f"{name}.sqlite"
        shutil.copyfile(public_template, path)
        return f"sqlite:///{path}"

    return copy


@pytest.fixture(scope="session")
def snapshot() -> Callable[[str], tuple]:
    """A function: URL -> (count and sum of the observations per indicator, every source's key, sha256 and
    description), to show that something changed nothing."""

    def take(url: str) -> tuple:
        with db.session(url) as session:
            observations = session.execute(select(models.Observation.indicator_id, func.count(), func.sum(
                models.Observation.value)).group_by(models.Observation.indicator_id).order_by(
                models.Observation.indicator_id)).all()
            sources = session.execute(select(models.Source).order_by(models.Source.key)).scalars().all()
            return tuple(observations), tuple((s.key, s.sha256, s.description) for s in sources)

    return take


# Property tests: `make test-fast` runs fewer examples of each (--hypothesis-profile=fast) --------------------------

# How fast inputs are generated is the shared machine's business, not the code's: a first draw of text builds
# Hypothesis' character tables and once took 1.5 s under load in CI (HealthCheck.too_slow failed a sound test).
settings.register_profile("project", suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fast", parent=settings.get_profile("project"), max_examples=10)
settings.load_profile("project")


@pytest.fixture(scope="module")
def slide_data(built_database):
    """The data as the pages, slides and PDF read it (reports.slides.load_slide_data): members' values fill gaps,
    bounds and neighbours from public values."""
    from reports import slides

    return slides.load_slide_data()


def _database_backends():
    postgres = settings_for_tests().test_database_url
    return [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgres", id="postgres", marks=[
                pytest.mark.postgres, pytest.mark.skipif(not postgres, reason="TEST_DATABASE_URL is not set")])]


@pytest.fixture(params=_database_backends())
def empty_database_url(request, tmp_path) -> str:
    """An empty database on each backend: a new SQLite file, or PostgreSQL's public schema dropped and made again."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    url = settings_for_tests().test_database_url
    with db.engine(url).begin() as connection:
        connection.execute(sa_text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    return url
