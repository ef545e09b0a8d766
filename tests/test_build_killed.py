"""A build killed with SIGKILL leaves the previous database whole (issue 17 §4).

`python -m core build` runs into a copy of a built database (SQLite; PostgreSQL when TEST_DATABASE_URL is set) and
stops at a named point (BUILD_PAUSE_AT: after reading the sources, halfway through writing the observations, just
before the commit), printing `paused at <point>`; the test waits for that line, checks the build's transaction is
really open with changes in it, kills the process and then finds every table as it was (row counts and a checksum
of every row) and the app's queries answering. The member added here is invented by the test.
"""

from __future__ import annotations

import hashlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import text

from core import db, gate, models, queries
from core.config import settings_for_tests, subprocess_environment
from core.gate import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = settings_for_tests().test_database_url
POINTS = ("sources_read", "observations_half", "before_commit")
IN_TRANSACTION = {"observations_half", "before_commit"}  # the old rows are deleted there, the new half written
TIMEOUT = 300  # seconds a build may take to reach a point on a busy 2-core machine

pytestmark = pytest.mark.slow


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and the sha256 of its rows, sorted."""
    engine = db.engine(url)
    tables = sa.MetaData()
    tables.reflect(engine)
    result = {}
    with engine.connect() as connection:
        for name, table in tables.tables.items():
            rows = sorted(repr(tuple(row)) for row in connection.execute(sa.select(table)))
            result[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def with_a_member(url: str) -> str:
    """The network's own data, which a build must leave alone, next to the public data it replaces."""
    with gate.write(SYSTEM, "member.manage", url=url) as change:
        change.session.add(models.Member(kind="kommune", code="5610", name="Karasjok", founding=False,
                                         note="oppdiktet av testen"))
    return url


def build_paused_at(point: str, url: str) -> subprocess.Popen:
    """`python -m core build` into url, returned once it has printed `paused at <point>`."""
    build = subprocess.Popen(
        [sys.executable, "-m", "core", "build"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, env=subprocess_environment(DATABASE_URL=url, BUILD_PAUSE_AT=point, PYTHONUNBUFFERED="1"))
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in build.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    said, deadline = [], time.monotonic() + TIMEOUT
    while True:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
        except queue.Empty:
            build.kill()
            pytest.fail(f"the build did not reach {point} in {TIMEOUT} s: {''.join(said[-5:])}")
        if line is None:
            pytest.fail(f"the build ended before {point} (exit {build.wait()}): {''.join(said[-10:])}")
        said.append(line)
        if line.strip() == f"paused at {point}":
            assert any('"event": "build.started"' in line for line in said)  # the operator's log line (core/logs.py)
            return build


def transaction_is_open(url: str) -> bool:
    """The build holds an open transaction with changes: SQLite's rollback journal exists beside the file, or a
    PostgreSQL session sits idle inside a transaction that has written."""
    engine_url = sa.make_url(url)
    if engine_url.get_backend_name() == "sqlite":
        return Path(f"{engine_url.database}-journal").is_file()
    with db.engine(url).connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' "
            "AND backend_xid IS NOT NULL AND datname = current_database()")).scalar())


def app_queries_work(url: str) -> None:
    municipalities = queries.municipalities(url)
    assert len(municipalities) > 0
    indicators = queries.indicators(url)
    indicator_id = indicators.id.iloc[0]
    years = queries.years_with_data(indicator_id, "municipality", url)
    assert years
    assert len(queries.observations(indicator_id, "municipality", years[-1], url)) > 0


def postgres_copy() -> str:
    """The public data written into the test server (no copy to take there), plus a member."""
    from core.etl.build import assemble, write

    with db.engine(POSTGRES_URL).begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    write(assemble(report=lambda _line: None), POSTGRES_URL, report=lambda _line: None)
    return with_a_member(POSTGRES_URL)


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[
        pytest.mark.postgres, pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")]),
]


@pytest.fixture(scope="module", params=BACKENDS)
def built(request, private_database) -> str:
    return with_a_member(private_database("killed_build")) if request.param == "sqlite" else postgres_copy()


@pytest.mark.parametrize("point", POINTS)
def test_a_build_killed_leaves_the_previous_database_whole(built, point):
    before = fingerprint(built)
    assert before["observation"][0] > 0 and before["member"][0] == 1
    db.engine(built).dispose()  # no pooled connection of ours in the way of the build
    build = build_paused_at(point, built)
    try:
        assert transaction_is_open(built) == (point in IN_TRANSACTION)
    finally:
        os.kill(build.pid, signal.SIGKILL)
        assert build.wait(timeout=60) == -signal.SIGKILL
    if sa.make_url(built).get_backend_name() == "sqlite":
        with db.engine(built).connect() as connection:  # the first reader rolls the hot journal back
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert fingerprint(built) == before
    app_queries_work(built)
