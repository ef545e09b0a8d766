"""Faults lose nothing and say so clearly (issue 17 §4): no traceback, path or SQL reaches a reader; a locked or
vanished database reads "the data is being updated" and the page recovers by itself; a never-built one says so;
two simultaneous status changes of one member are serialised (the second is checked against the first).

Members, counties and users here are invented by the test, in an empty database of its own.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from streamlit.testing.v1 import AppTest

from core import auth, db, faults, gate, models
from core.config import settings_for_tests
from core.gate import SYSTEM
from core.i18n import LANGUAGES, t
from core.network import members

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 90
POSTGRES_URL = settings_for_tests().test_database_url
PASSWORD = "korrekt hest batteri stift"  # invented for tests
SECRET_MARKERS = ("Traceback", "SELECT", "INSERT", "sqlite", "psycopg", ".py", "/work", "[parameters", "File \"")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[
        pytest.mark.postgres, pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")]),
]


def empty_database(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'faults.sqlite'}"
    else:
        url = POSTGRES_URL
        with db.engine(url).begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.migrate(url)
    auth.create_user(SYSTEM, "sekretariat", "Sekretariatet", PASSWORD, "secretariat", url=url)
    with gate.write(SYSTEM, "member.manage", url=url) as change:  # an invented county to apply for
        change.session.add(models.County(code="99", name="Testfylket", official_name="Testfylket (oppdiktet)"))
    return url


@pytest.fixture(params=BACKENDS)
def any_backend(request, tmp_path) -> str:
    return empty_database(request.param, tmp_path)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return empty_database("sqlite", tmp_path)


class HeldLock:
    """A second connection holding SQLite's exclusive lock, as a build writing the file does."""

    def __init__(self, url: str):
        self.connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        self.connection.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        self.connection.rollback()
        self.connection.close()


# What a fault means --------------------------------------------------------------------------------------------


def operational(message: str) -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception(message))


@pytest.mark.parametrize(("error", "kind"), [
    (operational("no such table: municipality"), faults.MISSING),
    (ProgrammingError("SELECT 1", {}, Exception('relation "municipality" does not exist')), faults.MISSING),
    (operational("database is locked"), faults.UNAVAILABLE),
    (operational("unable to open database file"), faults.UNAVAILABLE),
    (operational("attempt to write a readonly database"), faults.UNAVAILABLE),
    (operational('connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection refused'),
     faults.UNAVAILABLE),
    (operational("terminating connection due to administrator command"), faults.UNAVAILABLE),
    (operational('connection is bad: connection to server on socket "/tmp/x/.s.PGSQL.5432" failed: No such file or '
                 "directory\n\tIs the server running locally and accepting connections on that socket?"),
     faults.UNAVAILABLE),  # PostgreSQL stopped, as psycopg 3 says it (seen with pg_ctl stop)
    (operational("server closed the connection unexpectedly"), faults.UNAVAILABLE),
    (RuntimeError("boom"), None),
    (ValueError("invalid literal for int() with base 10: '²⁰²⁰'"), None),
])
def test_faults_are_told_apart(error, kind):
    assert faults.kind(error) == kind
    assert faults.message_key(error) == {faults.MISSING: "error.no_database", faults.UNAVAILABLE: "error.unavailable",
                                         None: "error.unexpected"}[kind]


def test_the_messages_exist_in_both_languages_and_name_no_command():
    for lang in LANGUAGES:
        for key in ("error.unavailable", "error.unexpected"):
            assert t(key, lang) != key and "make" not in t(key, lang)
    assert "minute" in t("error.unavailable", "en") and "minutt" in t("error.unavailable", "nb")


# A locked database ---------------------------------------------------------------------------------------------


@pytest.mark.slow  # several seconds (a lock waited out, a whole deck, a full series): not in test-fast
def test_a_write_while_a_build_holds_the_lock_is_refused_clearly_then_works(sqlite_url, monkeypatch):
    monkeypatch.setattr(faults.time, "sleep", lambda _seconds: None)
    members.apply(SYSTEM, "fylkeskommune", "99", "Testfylket", "2025-01-10", url=sqlite_url)
    member_id = members.register(sqlite_url)[0]["member"].id
    lock = HeldLock(sqlite_url)
    try:
        with pytest.raises(faults.Unavailable) as refused:
            members.advance("sekretariat", member_id, "withdrawn", "2025-02-01", reason="Oppdiktet", url=sqlite_url)
        assert refused.value.key == "error.unavailable"
    finally:
        lock.release()
    members.advance("sekretariat", member_id, "withdrawn", "2025-02-01", reason="Oppdiktet", url=sqlite_url)
    assert members.register(sqlite_url)[0]["status"] == "withdrawn"


@pytest.mark.slow  # several seconds (a lock waited out, a whole deck, a full series): not in test-fast
def test_a_lock_released_before_the_retry_lets_the_change_through(sqlite_url, monkeypatch):
    members.apply(SYSTEM, "fylkeskommune", "99", "Testfylket", "2025-01-10", url=sqlite_url)
    member_id = members.register(sqlite_url)[0]["member"].id
    lock = HeldLock(sqlite_url)
    monkeypatch.setattr(faults.time, "sleep", lambda _seconds: lock.release())  # the build ends during the wait
    members.advance("sekretariat", member_id, "admitted", "2025-02-01", reference="Oppdiktet vedtak",
                    url=sqlite_url)
    assert members.register(sqlite_url)[0]["status"] == "admitted"


def test_a_login_on_a_read_only_database_is_a_sentence_not_a_traceback(sqlite_url):
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    with pytest.raises(faults.Unavailable) as refused:
        auth.authenticate("sekretariat", PASSWORD, read_only)
    assert refused.value.key == "error.unavailable"


# Two status changes of one member at once ------------------------------------------------------------------------


def test_simultaneous_status_changes_of_one_member_are_serialised(any_backend, monkeypatch):
    url = any_backend
    members.apply(SYSTEM, "fylkeskommune", "99", "Testfylket", "2025-01-10", url=url)
    member_id = members.register(url)[0]["member"].id
    read_status = members.status_of

    def slow_status_of(session, member_id):  # both changes have read the status before either writes, unless locked
        status = read_status(session, member_id)
        time.sleep(0.5)
        return status

    monkeypatch.setattr(members, "status_of", slow_status_of)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def change(status: str, **why) -> None:
        start.wait()
        try:
            members.advance("sekretariat", member_id, status, "2025-02-01", url=url, **why)
            outcomes[status] = "saved"
        except members.MemberError as error:
            outcomes[status] = error.key
        except faults.Unavailable as error:
            outcomes[status] = error.key

    threads = [threading.Thread(target=change, args=("admitted",), kwargs={"reference": "Oppdiktet vedtak"}),
               threading.Thread(target=change, args=("withdrawn",), kwargs={"reason": "Oppdiktet"})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    history = [event.status for event in members.register(url)[0]["events"]]
    # Either order is allowed by the rules (applied -> admitted -> withdrawn, or applied -> withdrawn, after which
    # "admitted" is refused): never both from "applied".
    assert history in (["applied", "admitted", "withdrawn"], ["applied", "withdrawn"]), (history, outcomes)
    if history == ["applied", "withdrawn"]:
        assert outcomes == {"withdrawn": "saved", "admitted": "member.error.transition"}
    with db.session(url) as session:
        created = session.scalars(select(models.AuditEntry.entity).where(models.AuditEntry.entity == "member_event"))
        assert len(list(created)) == len(history)


# Pages in AppTest: nothing of the error reaches the reader -----------------------------------------------------


def page_text(app: AppTest) -> str:
    parts = [str(getattr(element, "value", "")) for element in app.main] + [
        str(getattr(element, "value", "")) for element in app.sidebar]
    parts += [str(e.value) for e in app.error] + [str(e.value) for e in app.exception]
    return "\n".join(parts)


def assert_nothing_leaks(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    shown = page_text(app)
    for marker in SECRET_MARKERS:
        assert marker not in shown, (marker, shown[:2000])


@pytest.fixture
def public_database(private_database, monkeypatch) -> str:
    url = private_database("faults_pages")
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_unexpected_error_on_a_page_is_logged_and_one_sentence(public_database, monkeypatch, caplog, lang):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.query_params["lang"] = lang
    app.run()
    assert_nothing_leaks(app)

    from components import data

    def broken(*_args, **_kwargs):
        raise OperationalError("SELECT secret FROM /work/var/x.sqlite WHERE id = ?", {"id": 1},
                               Exception("near \"FROM\": syntax error"))

    monkeypatch.setattr(data, "catalogue", broken)
    with caplog.at_level("ERROR", logger="dashboard.pages"):
        app.switch_page("app_pages/methodology.py").run()
    assert_nothing_leaks(app)
    assert [e.value for e in app.error] == [t("error.unexpected", lang)]
    assert any("metode" in record.getMessage() and record.exc_info for record in caplog.records)


@pytest.mark.slow  # several seconds (a lock waited out, a whole deck, a full series): not in test-fast
def test_a_locked_database_says_it_is_being_updated_and_recovers(public_database):
    lock = HeldLock(public_database)
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
        app.query_params["lang"] = "en"
        app.run()
        assert_nothing_leaks(app)
        assert [e.value for e in app.error] == [t("error.unavailable", "en")]
        assert t("error.no_database", "en") not in page_text(app)
    finally:
        lock.release()
    app.run()  # what the page's own timer does after RETRY_SECONDS
    assert_nothing_leaks(app)
    assert not app.error, [e.value for e in app.error]


def test_a_database_never_built_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'never_built.sqlite'}")
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
        app.query_params["lang"] = "en"
        app.run()
        assert_nothing_leaks(app)
        assert [e.value for e in app.error] == [t("error.no_database", "en")]
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


# PostgreSQL stopped and started again ---------------------------------------------------------------------------

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1:]), None) \
    if Path("/usr/lib/postgresql").is_dir() else None


def as_postgres(command: list[str]) -> None:
    """Run a server command as the postgres user when we are root (initdb refuses root), else as ourselves."""
    if os.geteuid() == 0:
        command = ["su", "postgres", "-c", " ".join(shlex.quote(part) for part in command)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")
@pytest.mark.skipif(PG_BIN is None, reason="no PostgreSQL server binaries")
def test_a_restarted_postgresql_is_unavailable_then_back_by_itself():
    """A server of its own (the shared one serves other tests): stopped, a change is refused as "being updated";
    started again, the same engine serves again without a restart of the app."""
    home = Path(tempfile.mkdtemp(prefix="faults-pg-"))  # not under pytest's root-only folder: postgres must reach it
    folder = home / "pg"
    folder.mkdir()
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
        shutil.chown(folder, "postgres")
    as_postgres([str(PG_BIN / "initdb"), "-D", str(folder), "-A", "trust", "-U", "postgres"])
    server = [str(PG_BIN / "pg_ctl"), "-D", str(folder), "-o", f"-k {folder} -c listen_addresses=''",
              "-l", str(folder / "server.log"), "-w"]
    as_postgres([*server, "start"])
    try:
        url = f"postgresql+psycopg://postgres@/postgres?host={folder}"
        db.migrate(url)
        auth.create_user(SYSTEM, "sekretariat", "Sekretariatet", PASSWORD, "secretariat", url=url)
        as_postgres([*server[:-1], "-m", "fast", "-w", "stop"])
        with pytest.raises(faults.Unavailable):
            auth.create_user(SYSTEM, "oppdiktet", "Oppdiktet", PASSWORD, "secretariat", url=url)
        with pytest.raises(Exception) as reading, db.engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))
        assert faults.message_key(reading.value) == "error.unavailable"
        as_postgres([*server, "start"])
        auth.create_user(SYSTEM, "oppdiktet", "Oppdiktet", PASSWORD, "secretariat", url=url)
        assert {user.username for user in auth.users(url)} == {"sekretariat", "oppdiktet"}
    finally:
        subprocess.run(["su", "postgres", "-c", f"{PG_BIN / 'pg_ctl'} -D {folder} -m immediate stop"]
                       if os.geteuid() == 0 else [str(PG_BIN / "pg_ctl"), "-D", str(folder), "-m", "immediate",
                                                  "stop"], capture_output=True, check=False)
        shutil.rmtree(home, ignore_errors=True)
