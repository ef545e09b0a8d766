"""Logins an attacker would probe: timing of unknown usernames, simultaneous and cross-user guessing, weak passwords,
password resets, and migration 0006 (login sources, refused attempts, must-change flag) on SQLite and PostgreSQL.

Accounts need no public data: the tests write to an empty database of their own, migrated to the newest schema.
"""

from __future__ import annotations

import ipaddress
import json
import statistics
import threading
import time
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select, text

from core import auth, db, forms, gate, models, passwords
from core.config import settings_for_tests
from core.dates import UtcDateTime
from core.errors import UserError
from core.gate import SYSTEM

PASSWORD = "korrekt hest batteri stift"
POSTGRES_URL = settings_for_tests().test_database_url
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[pytest.mark.postgres, pytest.mark.skipif(not POSTGRES_URL, reason="TEST_DATABASE_URL is not set")],
    ),
]


@pytest.fixture(scope="module")
def url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('login_security') / 'logins.sqlite'}"
    db.migrate(url)
    return url


@pytest.fixture
def frozen_clock(monkeypatch) -> datetime:
    """Every attempt recorded at the same second: the waits never run out, so what a test sees is the counting and
    the serialising, not how fast this machine checks passwords (two seconds after a failure the next attempt may
    rightly go ahead)."""
    now = datetime.now(UTC).replace(microsecond=0)
    monkeypatch.setattr(gate, "now", lambda: now)
    return now


@pytest.fixture(params=BACKENDS)
def any_backend(request, tmp_path) -> str:
    """An empty database on each backend (a clean PostgreSQL schema per test)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'logins.sqlite'}"
    with db.engine(POSTGRES_URL).begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    return POSTGRES_URL


def failing(username: str, password: str, url: str, source: str | None = None) -> str:
    """The message key of a login that must fail."""
    with pytest.raises(auth.AuthError) as error:
        auth.authenticate(username, password, url, source=source)
    return error.value.key


def rows(url: str, **where) -> list[models.LoginAttempt]:
    with db.session(url) as session:
        query = select(models.LoginAttempt).order_by(models.LoginAttempt.id)
        for column, value in where.items():
            query = query.where(getattr(models.LoginAttempt, column) == value)
        return list(session.scalars(query))


def account(url: str, username: str) -> models.User | None:
    with db.session(url) as session:
        return session.scalar(select(models.User).where(models.User.username == username))


def administrator(url: str) -> auth.Identity:
    if account(url, "sysadmin") is None:
        auth.create_user(SYSTEM, "sysadmin", "Sysadmin", PASSWORD, "admin", url=url)
    return auth.Identity("sysadmin", "Sysadmin", "admin")


# Timing -------------------------------------------------------------------------------------------------------------

@pytest.mark.real_password_hashing  # times argon2 verifications
def test_a_wrong_password_takes_as_long_whether_the_username_exists_or_not(url):
    """Each name is tried once (no slowdown), the kinds interleaved; the medians are within 30 % of each other.

    Timed in this process's CPU time (argon2's threads included), which other processes on the machine (a parallel
    test run, a build) do not stretch as they stretch the clock: the same work whatever the username."""
    rounds = 7
    for i in range(rounds):
        auth.create_user(SYSTEM, f"timing.real{i}", "T", PASSWORD, "secretariat", url=url)
        auth.create_user(SYSTEM, f"timing.inactive{i}", "T", PASSWORD, "secretariat", url=url)
        auth.set_active(SYSTEM, f"timing.inactive{i}", False, url)
        auth.create_user(SYSTEM, f"timing.oidc{i}", "T", None, "secretariat", url=url)  # no password hash
    kinds = {"real": "timing.real{}", "unknown": "timing.ghost{}", "inactive": "timing.inactive{}",
             "no hash": "timing.oidc{}"}
    took: dict[str, list[float]] = {kind: [] for kind in kinds}
    for i in range(rounds):
        for kind, name in kinds.items():
            start = time.process_time()
            assert failing(name.format(i), "feil passord her igjen", url) == "auth.error.credentials"
            took[kind].append(time.process_time() - start)
    medians = {kind: statistics.median(times) for kind, times in took.items()}
    for kind in ("unknown", "inactive", "no hash"):
        assert abs(medians[kind] / medians["real"] - 1) <= 0.30, medians
    assert medians["real"] > 0.02  # an argon2 verification, not a shortcut


# Slowing down, under concurrency and per source ---------------------------------------------------------------------

def attempt_together(count: int, username: str, url: str, sources: list[str | None] | None = None) -> list[str]:
    """`count` wrong logins started at the same moment from threads; their message keys."""
    barrier, results, lock = threading.Barrier(count), [], threading.Lock()

    def attempt(n: int) -> None:
        barrier.wait()
        key = failing(username, f"gjetning nummer {n} her", url, source=sources[n] if sources else None)
        with lock:
            results.append(key)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == count, results
    return results


def test_sixteen_simultaneous_wrong_attempts_check_at_most_the_free_failures(url, frozen_clock):
    auth.create_user(SYSTEM, "crowded", "C", PASSWORD, "secretariat", url=url)
    results = attempt_together(16, "crowded", url)
    checked = results.count("auth.error.credentials")
    assert checked == auth.FREE_FAILURES, results  # before: all 16 were checked
    assert results.count("auth.error.wait") == 16 - checked
    logged = rows(url, username="crowded")
    assert len(logged) == 16  # every attempt is logged
    assert sum(not row.refused for row in logged) == checked and not any(row.success for row in logged)
    assert failing("crowded", PASSWORD, url) == "auth.error.wait"  # the right password waits too


def test_a_success_already_under_way_does_not_open_the_door_to_parallel_guesses(url, frozen_clock):
    """An attempt still being checked counts as a failure for those recorded after it."""
    auth.create_user(SYSTEM, "pending", "P", PASSWORD, "secretariat", url=url)
    for _ in range(auth.FREE_FAILURES - 1):
        failing("pending", "feil passord her", url)
    attempt, waiting = auth.record_attempt("pending", None, url)  # recorded, its password not yet checked
    assert waiting == 0
    assert auth.wait_seconds("pending", at=frozen_clock, url=url) > 0


def test_one_source_trying_many_usernames_is_slowed(url, frozen_clock):
    source, at = "198.51.100.23", frozen_clock
    for n in range(auth.SOURCE_FREE_FAILURES):  # one password against many names: each name fails once only
        assert failing(f"spray{n}", "Sommer2026!!", url, source=source) == "auth.error.credentials"
    assert auth.wait_seconds("spray-next", at=at, url=url, source=source) == 2
    assert failing("spray-next", "Sommer2026!!", url, source=source) == "auth.error.wait"
    assert rows(url, username="spray-next")[-1].refused
    assert auth.wait_seconds("spray-next", at=at, url=url, source="203.0.113.9") == 0  # another address is not
    assert auth.wait_seconds("spray-next", at=at, url=url) == 0  # nor the same name from an unknown source


def test_a_source_waits_minutes_while_a_named_user_waits_half_a_minute_at_most(url):
    auth.create_user(SYSTEM, "targeted", "T", PASSWORD, "secretariat", url=url)
    stranger, at = "192.0.2.66", datetime.now(UTC).replace(microsecond=0)
    with db.session(url) as session:  # twenty failures from the stranger against the named user, a second apart
        for n in range(20):
            session.add(models.LoginAttempt(username="targeted", source=stranger, success=False,
                                            at=at - timedelta(seconds=20 - n)))
        session.commit()
    user_wait = auth.wait_seconds("targeted", url=url)
    assert 0 < user_wait <= auth.MAX_WAIT_SECONDS == 30
    source_wait = auth.wait_seconds("someone.else", url=url, source=stranger)
    assert source_wait > 60 and source_wait <= auth.SOURCE_MAX_WAIT_SECONDS
    # the named user, from their own address, gets in once the half minute is over
    assert auth.wait_seconds("targeted", at=at + timedelta(seconds=auth.MAX_WAIT_SECONDS), url=url,
                             source="203.0.113.50") == 0
    assert auth.wait_seconds("targeted", at=at + timedelta(seconds=auth.MAX_WAIT_SECONDS), url=url,
                             source=stranger) > 0


def test_simultaneous_attempts_from_one_source_across_usernames(url, frozen_clock):
    """Sixteen names at once from one address: no more than the source's free failures are checked."""
    source = "198.51.100.77"
    results = []
    barrier, lock = threading.Barrier(16), threading.Lock()

    def attempt(n: int) -> None:
        barrier.wait()
        key = failing(f"wave{n}", "Sommer2026!!", url, source=source)
        with lock:
            results.append(key)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 16
    assert results.count("auth.error.credentials") == auth.SOURCE_FREE_FAILURES, results
    assert results.count("auth.error.wait") == 16 - auth.SOURCE_FREE_FAILURES


def test_the_source_is_recorded_and_kept_short(url):
    failing("sourced", "feil passord her", url, source="2001:db8::1")
    failing("sourced", "feil passord her", url, source="x" * 500)
    assert [row.source for row in rows(url, username="sourced")] == ["2001:db8::1", "x" * 64]


# Passwords ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("password, key", [
    ("elleve-tegn", "auth.error.password"),  # 11 characters
    ("x" * 4097, "auth.error.password_long"),
    ("aaaaaaaaaaaaaaaa", "auth.error.password_repeated"),
    ("ÆÆÆÆÆÆÆÆÆÆææææ", "auth.error.password_repeated"),
    ("kari.nordmann2026", "auth.error.password_username"),  # the username inside it
    ("mitt navn er Kari Nordmann", "auth.error.password_username"),  # the person's name
    ("KARI.NORDMANN@asker.kommune.no", "auth.error.password_username"),
    ("1qaz2wsx3edc", "auth.error.password_common"),  # a list entry of 12 characters
    ("leavemealone", "auth.error.password_common"),
    ("Password1234", "auth.error.password_common"),  # on the list in lower case
    ("passwordpassword", "auth.error.password_guessable"),
    ("qwertyuiopasdf", "auth.error.password_guessable"),  # a keyboard row
    ("123456789012", "auth.error.password_guessable"),
    ("abababababab", "auth.error.password_guessable"),
])
def test_weak_passwords_are_refused_with_a_reason(url, password, key):
    users = len(auth.users(url))
    with pytest.raises(auth.AuthError) as error:
        auth.create_user(SYSTEM, "kari.nordmann@asker.kommune.no", "Kari Nordmann", password, "secretariat", url=url)
    assert error.value.key == key
    assert len(auth.users(url)) == users


@pytest.mark.parametrize("password", [
    PASSWORD,
    "et langt nok passord",
    "Fjellet er høyt i dag",
    "🔑 nøkkelen under matta 🔑",
    "Čáhppes boazu guhkkin",  # Northern Sami
    "пароль для сети устойчивости",
])
def test_ordinary_passphrases_pass(password):
    assert passwords.problem(password, "kari.nordmann@asker.kommune.no", "Kari Nordmann") is None


KEYS = {"auth.error.password", "auth.error.password_long", "auth.error.password_repeated",
        "auth.error.password_username", "auth.error.password_common", "auth.error.password_guessable"}


@settings(max_examples=200, deadline=None)
@given(password=st.text(max_size=120), username=st.text(max_size=40), name=st.text(max_size=40))
def test_any_text_gets_an_answer_and_never_an_exception(password, username, name):
    found = passwords.problem(password, username, name)
    assert found is None or (found[0] in KEYS and isinstance(found[1], dict))
    if found is None:
        assert len(passwords.normalised(password)) >= passwords.MIN_PASSWORD


def test_a_password_of_thousands_of_characters_and_unicode_works(url):
    long_password = "Bærekraft i alle ledd, " * 60  # 1380 characters, 1500 bytes
    assert len(long_password) > 1000
    auth.create_user(SYSTEM, "long.passphrase", "L", long_password, "secretariat", url=url)
    assert auth.authenticate("long.passphrase", long_password, url).username == "long.passphrase"
    assert failing("long.passphrase", long_password[:-1] + ".", url) == "auth.error.credentials"
    assert forms.MIN_PASSWORD == passwords.MIN_PASSWORD == 12


def test_the_same_letters_typed_another_way_are_the_same_password(url):
    """NFKC: 'å' as one character or as 'a' and a combining ring."""
    composed = "Blåbærsyltetøy på brødskiva"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    auth.create_user(SYSTEM, "unicode.user", "U", composed, "secretariat", url=url)
    assert auth.authenticate("unicode.user", decomposed, url).username == "unicode.user"


# Password resets -------------------------------------------------------------------------------------------------

def test_a_reset_password_must_be_changed_and_ends_the_old_sessions(url):
    auth.create_user(SYSTEM, "forgetful", "Glemsk Bruker", PASSWORD, "secretariat", url=url)
    admin = administrator(url)
    old_session = auth.authenticate("forgetful", PASSWORD, url)
    assert not old_session.must_change_password and auth.refreshed(old_session, url) == old_session

    temporary = "midlertidig fjellvann 42"
    auth.reset_password(admin, "forgetful", temporary, url=url)
    assert account(url, "forgetful").must_change_password
    assert auth.refreshed(old_session, url) == auth.VIEWER  # the session opened with the old password ends
    assert failing("forgetful", PASSWORD, url) == "auth.error.credentials"
    with db.session(url) as session:
        entry = session.scalar(select(models.AuditEntry).where(models.AuditEntry.entity == "user")
                               .order_by(models.AuditEntry.id.desc()).limit(1))
    assert (entry.user, entry.action) == ("sysadmin", "reset_password")
    assert json.loads(entry.after)["must_change_password"] is True and json.loads(entry.after)["password_hash"] == "***"
    assert temporary not in entry.after and temporary not in entry.before

    pending = auth.authenticate("forgetful", temporary, url)
    assert pending.must_change_password and pending.role == "secretariat"
    for new, repeated, key in (
        ("kort", "kort", "auth.error.password"),
        ("et helt nytt passord", "et helt nytt passor", "auth.error.password_mismatch"),
        (temporary, temporary, "auth.error.password_same"),
        ("glemsk bruker igjen", "glemsk bruker igjen", "auth.error.password_username"),
    ):
        with pytest.raises(auth.AuthError) as error:
            auth.change_password(pending, new, repeated, url)
        assert error.value.key == key
    changed = auth.change_password(pending, "et helt nytt passord", "et helt nytt passord", url)
    assert not changed.must_change_password and auth.refreshed(changed, url) == changed
    assert not account(url, "forgetful").must_change_password
    assert auth.authenticate("forgetful", "et helt nytt passord", url).role == "secretariat"
    assert failing("forgetful", temporary, url) == "auth.error.credentials"
    with pytest.raises(auth.AuthError) as error:  # the pending login's password is gone now
        auth.change_password(pending, "enda et nytt passord", "enda et nytt passord", url)
    assert error.value.key == "auth.error.session_changed"


def test_only_an_administrator_resets_and_bad_input_changes_nothing(url):
    auth.create_user(SYSTEM, "protected", "P", PASSWORD, "secretariat", url=url)
    before = account(url, "protected").password_hash
    secretariat = auth.Identity("protected", "P", "secretariat")
    admin = administrator(url)
    for actor, username, password, key in (
        (secretariat, "protected", "et godt nok passord", "gate.denied"),
        (auth.VIEWER, "protected", "et godt nok passord", "gate.login_needed"),
        (admin, "protected", "kort", "auth.error.password"),
        (admin, "", "et godt nok passord", "auth.error.choose_user"),
        (admin, "nobody.here", "et godt nok passord", "auth.error.unknown_user"),
    ):
        with pytest.raises(UserError) as error:
            auth.reset_password(actor, username, password, url=url)
        assert error.value.key == key
    assert account(url, "protected").password_hash == before and not account(url, "protected").must_change_password


def test_last_logins(url):
    auth.create_user(SYSTEM, "returning", "R", PASSWORD, "secretariat", url=url)
    assert "returning" not in auth.last_logins(url)
    failing("returning", "feil passord her", url)
    assert "returning" not in auth.last_logins(url)  # a failure is no login
    auth.authenticate("returning", PASSWORD, url)
    last = auth.last_logins(url)["returning"]
    assert last.tzinfo == UTC and abs(datetime.now(UTC) - last) < timedelta(minutes=1)


# Migration 0006 ---------------------------------------------------------------------------------------------------

def test_0006_adds_source_refused_and_must_change_and_goes_back(any_backend):
    url = any_backend
    db.migrate(url, "0005")
    at = datetime(2026, 11, 30, 14, tzinfo=UTC)
    users = sa.table("app_user", *(sa.column(name) for name in (
        "id", "username", "display_name", "password_hash", "role", "active")), sa.column("created_at", UtcDateTime))
    attempts = sa.table("login_attempt", sa.column("username"), sa.column("at", UtcDateTime),
                        sa.column("success", sa.Boolean))
    with db.engine(url).begin() as connection:  # rows as revision 0005 holds them
        connection.execute(sa.insert(users).values(id=1, username="sekretariat", display_name="S", password_hash=None,
                                                   role="secretariat", active=True, created_at=at))
        connection.execute(sa.insert(attempts), [{"username": "sekretariat", "at": at, "success": True},
                                                 {"username": "sekretariat", "at": at + timedelta(minutes=1),
                                                  "success": False}])
    db.migrate(url)
    with db.session(url) as session:
        migrated = session.scalars(select(models.LoginAttempt).order_by(models.LoginAttempt.id))
        assert [(row.source, row.refused, row.success) for row in migrated] == [(None, False, True),
                                                                                (None, False, False)]
        assert session.get(models.User, 1).must_change_password is False
    indexes = {index["name"] for index in inspect(db.engine(url)).get_indexes("login_attempt")}
    assert "ix_login_attempt_source" in indexes
    assert auth.last_logins(url) == {"sekretariat": at}
    failing("sekretariat", "feil passord her", url, source="192.0.2.1")
    assert rows(url, source="192.0.2.1")[0].refused is False

    command.downgrade(db.alembic_config(url), "0005")
    columns = {table: {c["name"] for c in inspect(db.engine(url)).get_columns(table)}
               for table in ("login_attempt", "app_user")}
    assert not {"source", "refused"} & columns["login_attempt"] and "must_change_password" not in columns["app_user"]
    with db.engine(url).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM login_attempt")).scalar() == 3
    db.migrate(url)  # and up again
    with db.session(url) as session:
        assert session.scalar(select(func.count()).select_from(models.LoginAttempt)) == 3


def test_simultaneous_attempts_on_each_backend(any_backend, frozen_clock):
    """The recording is serialised on PostgreSQL too (an advisory lock), where ids are not handed out in commit
    order."""
    url = any_backend
    db.migrate(url)
    auth.create_user(SYSTEM, "crowded", "C", PASSWORD, "secretariat", url=url)
    results = attempt_together(16, "crowded", url)
    assert results.count("auth.error.credentials") == auth.FREE_FAILURES, results
    assert len(rows(url, username="crowded")) == 16


# -- behind a reverse proxy (deploy/nginx.conf sets X-Real-IP): the slowdown counts visitors, not the proxy

def test_a_trusted_proxy_passes_the_visitors_address_on():
    assert auth.client_address("172.18.0.5", "203.0.113.7", "172.16.0.0/12") == "203.0.113.7"
    assert auth.client_address(None, "203.0.113.7", "127.0.0.1/32") == "203.0.113.7"  # nginx on the same machine
    assert auth.client_address("172.18.0.5", "2001:db8::1", "10.0.0.0/8, 172.16.0.0/12") == "2001:db8::1"


def test_a_forwarded_address_from_anyone_else_is_ignored():
    assert auth.client_address("198.51.100.4", "203.0.113.7", "172.16.0.0/12") == "198.51.100.4"
    assert auth.client_address("198.51.100.4", "203.0.113.7", None) == "198.51.100.4"  # no proxy trusted
    assert auth.client_address(None, "203.0.113.7", None) is None
    assert auth.client_address("172.18.0.5", "not an address", "172.16.0.0/12") == "172.18.0.5"
    assert auth.client_address("172.18.0.5", "203.0.113.7", "junk") == "172.18.0.5"


@given(st.one_of(st.none(), st.text(max_size=40)), st.one_of(st.none(), st.text(max_size=40)),
       st.one_of(st.none(), st.text(max_size=40)))
def test_the_address_is_the_connections_unless_a_trusted_proxy_forwarded_a_real_address(connected, forwarded, trusted):
    answer = auth.client_address(connected, forwarded, trusted)
    assert answer == connected or (forwarded is not None and answer == str(ipaddress.ip_address(forwarded.strip())))
