"""Shared fixtures: the default database must be built (`make test` does it first)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from core import db


@pytest.fixture(scope="session")
def built_database() -> str:
    """The default database URL, after checking that `make db` has built it."""
    engine = db.engine()
    if "observation" not in inspect(engine).get_table_names():
        pytest.fail("the database is not built: run `make db` (or `python -m core build`) first")
    return str(engine.url)


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
