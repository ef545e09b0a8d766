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
