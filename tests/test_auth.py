"""Local accounts: argon2id hashes, validation, roles, logged and slowed-down failed logins, the create-admin CLI.

Every test writes to a private copy of the public data (conftest.py: private_database).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import auth, db, models
from core.config import subprocess_environment
from core.gate import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "korrekt hest batteri stift"





@pytest.fixture(scope="module")
def url(private_database) -> str:
    return private_database("auth")


def user(url: str, username: str) -> models.User | None:
    with db.session(url) as session:
        return session.scalar(select(models.User).where(models.User.username == username))


def count(url: str, model) -> int:
    with db.session(url) as session:
        return session.scalar(select(func.count()).select_from(model))


def attempts(url: str, username: str) -> list[tuple[bool, datetime]]:
    with db.session(url) as session:
        rows = session.scalars(select(models.LoginAttempt).where(models.LoginAttempt.username == username)
                               .order_by(models.LoginAttempt.id))
        return [(row.success, row.at) for row in rows]


def add_attempts(url: str, username: str, outcomes: list[tuple[datetime, bool]]) -> None:
    with db.session(url) as session:
        for at, success in outcomes:
            session.add(models.LoginAttempt(username=username, at=at.replace(microsecond=0), success=success))
        session.commit()


def test_a_fresh_database_has_no_users_and_no_default_password(url):
    assert auth.users(url) == []  # runs first in this module: nothing but the public data
    for username, password in (("admin", "admin"), ("admin", ""), ("root", "root"), ("", "")):
        with pytest.raises(auth.AuthError) as error:
            auth.authenticate(username, password, url)
        assert error.value.key == "auth.error.credentials"


def test_the_password_is_stored_as_an_argon2id_hash_only(url):
    auth.create_user(SYSTEM, "kari.nordmann@asker.kommune.no", "Kari Nordmann", PASSWORD, "secretariat", url=url)
    stored = user(url, "kari.nordmann@asker.kommune.no")
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert (stored.role, stored.display_name, stored.active) == ("secretariat", "Kari Nordmann", True)
    assert stored.area_code is None and stored.created_at.tzinfo == UTC
    with db.session(url) as session:
        entry = session.scalar(select(models.AuditEntry).where(models.AuditEntry.entity == "user")
                               .order_by(models.AuditEntry.id.desc()).limit(1))
    assert (entry.user, entry.action, entry.before) == ("system", "create", None)
    after = json.loads(entry.after)
    assert after["username"] == "kari.nordmann@asker.kommune.no" and after["password_hash"] == "***"
    assert PASSWORD not in entry.after and "$argon2" not in entry.after


@pytest.mark.parametrize(
    "arguments, key",
    [
        (("ab", "A", PASSWORD, "secretariat"), "auth.error.username"),
        (("has space", "A", PASSWORD, "secretariat"), "auth.error.username"),
        (("", "A", PASSWORD, "secretariat"), "auth.error.username"),
        (("x" * 201, "A", PASSWORD, "secretariat"), "auth.error.username"),
        (("drop;table", "A", PASSWORD, "secretariat"), "auth.error.username"),
        (("shortpass", "A", "elleve-tegn", "secretariat"), "auth.error.password"),  # 11 characters
        (("shortpass", "A", "", "secretariat"), "auth.error.password"),
        (("superuser", "A", PASSWORD, "superuser"), "auth.error.role"),
        (("viewer", "A", PASSWORD, "viewer"), "auth.error.role"),
        (("noarea", "A", PASSWORD, "coordinator"), "auth.error.area"),
        (("nocode", "A", PASSWORD, "coordinator", "municipality", None), "auth.error.area"),
        (("badcode", "A", PASSWORD, "coordinator", "municipality", "9999"), "auth.error.area"),
        (("badcounty", "A", PASSWORD, "coordinator", "county", "99"), "auth.error.area"),
    ],
)
def test_create_user_refuses_bad_input_and_changes_nothing(url, arguments, key):
    users, audit = count(url, models.User), count(url, models.AuditEntry)
    with pytest.raises(auth.AuthError) as error:
        auth.create_user(SYSTEM, *arguments, url=url)
    assert error.value.key == key
    assert count(url, models.User) == users and count(url, models.AuditEntry) == audit


def test_create_user_refuses_a_duplicate(url):
    auth.create_user(SYSTEM, "ola", "Ola", PASSWORD, "secretariat", url=url)
    users = count(url, models.User)
    with pytest.raises(auth.AuthError) as error:
        auth.create_user(SYSTEM, "ola", "Ola igjen", PASSWORD + "!", "admin", url=url)
    assert (error.value.key, error.value.values) == ("auth.error.exists", {"username": "ola"})
    assert count(url, models.User) == users and user(url, "ola").role == "secretariat"


def test_authenticate_ok_wrong_unknown_and_inactive(url):
    auth.create_user(SYSTEM, "karasjok", "Koordinator Karasjok", PASSWORD, "coordinator", "municipality", "5610",
                     url=url)
    identity = auth.authenticate(" karasjok ", PASSWORD, url)
    assert identity == auth.Identity("karasjok", "Koordinator Karasjok", "coordinator", "municipality", "5610")
    for username, password in (("karasjok", PASSWORD + "x"), ("karasjok", PASSWORD.upper()), ("nobody", PASSWORD)):
        with pytest.raises(auth.AuthError) as error:
            auth.authenticate(username, password, url)
        assert error.value.key == "auth.error.credentials"  # the same message for an unknown user
    auth.set_active(SYSTEM, "karasjok", False, url)
    with pytest.raises(auth.AuthError) as error:
        auth.authenticate("karasjok", PASSWORD, url)
    assert error.value.key == "auth.error.credentials"
    with db.session(url) as session:
        entry = session.scalar(select(models.AuditEntry).where(models.AuditEntry.entity == "user")
                               .order_by(models.AuditEntry.id.desc()).limit(1))
    assert entry.action == "update"
    assert json.loads(entry.before)["active"] is True and json.loads(entry.after)["active"] is False
    assert json.loads(entry.before)["password_hash"] == "***" == json.loads(entry.after)["password_hash"]
    with pytest.raises(auth.AuthError) as error:
        auth.set_active(SYSTEM, "nobody", False, url)
    assert error.value.key == "auth.error.unknown_user"


def test_every_attempt_is_logged(url):
    auth.create_user(SYSTEM, "logged", "Logged", PASSWORD, "secretariat", url=url)
    with pytest.raises(auth.AuthError):
        auth.authenticate("logged", "feil passord her", url)
    auth.authenticate("logged", PASSWORD, url)
    with pytest.raises(auth.AuthError):
        auth.authenticate("ghost", "feil passord her", url)
    assert [success for success, _ in attempts(url, "logged")] == [False, True]
    assert [success for success, _ in attempts(url, "ghost")] == [False]
    assert all(at.tzinfo == UTC for _, at in attempts(url, "logged"))  # aware, in UTC


def test_after_three_failures_the_next_attempt_waits_and_waiting_grows(url):
    auth.create_user(SYSTEM, "slowed", "Slowed", PASSWORD, "secretariat", url=url)
    for _ in range(auth.FREE_FAILURES):
        assert auth.wait_seconds("slowed", url=url) == 0
        with pytest.raises(auth.AuthError) as error:
            auth.authenticate("slowed", "gjett gjett gjett", url)
        assert error.value.key == "auth.error.credentials"
    first_wait = auth.wait_seconds("slowed", url=url)
    assert 0 < first_wait <= 2
    logged = len(attempts(url, "slowed"))
    with pytest.raises(auth.AuthError) as error:
        auth.authenticate("slowed", PASSWORD, url)  # even the right password must wait
    assert error.value.key == "auth.error.wait" and error.value.values["seconds"] > 0
    assert len(attempts(url, "slowed")) == logged + 1  # the refused attempt is logged, as refused: never checked
    with db.session(url) as session:
        refused = session.scalars(select(models.LoginAttempt.refused).where(models.LoginAttempt.username == "slowed")
                                  .order_by(models.LoginAttempt.id)).all()
    assert refused == [False] * logged + [True]
    deadline = time.monotonic() + 5
    while auth.wait_seconds("slowed", url=url):  # the wait (2 s) runs out on the real clock: poll until it has
        assert time.monotonic() < deadline, "the wait did not end"
        time.sleep(0.2)
    with pytest.raises(auth.AuthError):
        auth.authenticate("slowed", "gjett igjen gjett", url)  # a fourth failure
    last = attempts(url, "slowed")[-1][1]
    assert auth.wait_seconds("slowed", at=last, url=url) == 4  # twice the first wait (2 s) after one more failure
    assert auth.wait_seconds("slowed", url=url) > 0


def test_waiting_doubles_up_to_a_maximum_and_old_failures_expire(url):
    start = datetime.now(UTC) - timedelta(minutes=10)
    outcomes = [(start + timedelta(seconds=i), False) for i in range(12)]
    waits = []
    for n in range(1, len(outcomes) + 1):
        add_attempts(url, f"burst{n}", outcomes[:n])
        waits.append(auth.wait_seconds(f"burst{n}", at=outcomes[n - 1][0], url=url))
    assert waits[:2] == [0, 0]
    assert waits[2:] == [2, 4, 8, 16, 30, 30, 30, 30, 30, 30]  # a username waits half a minute at most
    assert waits[10] == waits[11] == auth.MAX_WAIT_SECONDS == 30
    assert waits == sorted(waits)
    assert auth.wait_seconds("burst12", url=url) == 0  # the longest wait (30 s) is over ten minutes later
    old = datetime.now(UTC) - auth.FAILURE_WINDOW - timedelta(minutes=1)
    add_attempts(url, "expired", [(old + timedelta(seconds=i), False) for i in range(10)])
    assert auth.wait_seconds("expired", url=url) == 0


def test_a_success_resets_the_count(url):
    auth.create_user(SYSTEM, "resets", "Resets", PASSWORD, "secretariat", url=url)
    for _ in range(2):
        with pytest.raises(auth.AuthError):
            auth.authenticate("resets", "feil feil feil", url)
    auth.authenticate("resets", PASSWORD, url)
    for _ in range(2):
        with pytest.raises(auth.AuthError):
            auth.authenticate("resets", "feil feil feil", url)
    assert auth.wait_seconds("resets", url=url) == 0  # four failures, but a success in between
    assert auth.authenticate("resets", PASSWORD, url).role == "secretariat"


def test_may_edit_by_role():
    coordinator = auth.Identity("k", "K", "coordinator", "municipality", "5610")
    assert coordinator.may_edit("municipality", "5610")
    assert not coordinator.may_edit("municipality", "0301")
    assert not coordinator.may_edit("county", "5610") and not coordinator.may_edit("county", "56")
    assert not coordinator.is_secretariat and not coordinator.is_admin
    county = auth.Identity("f", "F", "coordinator", "county", "56")
    assert county.may_edit("county", "56") and not county.may_edit("municipality", "5610")
    for role in ("secretariat", "admin"):
        staff = auth.Identity("s", "S", role)
        assert staff.is_secretariat and staff.may_edit("municipality", "0301") and staff.may_edit("county", "03")
    assert auth.Identity("a", "A", "admin").is_admin and not auth.Identity("s", "S", "secretariat").is_admin
    assert auth.VIEWER.role is None and not auth.VIEWER.may_edit("municipality", "5610")
    assert not auth.VIEWER.is_secretariat


def test_a_password_over_72_bytes_works_in_full(url):
    long_password = "æøå" * 20 + "slutten teller også"  # 139 bytes in UTF-8
    assert len(long_password.encode()) > 72
    auth.create_user(SYSTEM, "longpass", "Long", long_password, "secretariat", url=url)
    assert auth.authenticate("longpass", long_password, url).username == "longpass"
    same_start = long_password[:-1] + "!"  # the first 72 bytes are equal: bcrypt would accept it
    with pytest.raises(auth.AuthError) as error:
        auth.authenticate("longpass", same_start, url)
    assert error.value.key == "auth.error.credentials"


def test_oidc_identity_takes_the_role_from_the_database(url):
    assert auth.identity_for_oidc("kari.nordmann@asker.kommune.no", url, verified=True).role == "secretariat"
    stranger = auth.identity_for_oidc("stranger@example.org", url, verified=True)
    assert stranger.role is None and stranger.username == "stranger@example.org"


def test_oidc_matches_the_role_only_on_a_verified_email(url):
    """Anyone can put a colleague's address on an account at some providers: unverified, it stays a viewer."""
    claimed = auth.identity_for_oidc("kari.nordmann@asker.kommune.no", url)  # verified defaults to False
    assert claimed.role is None and claimed.username == "kari.nordmann@asker.kommune.no"
    assert auth.identity_for_oidc("kari.nordmann@asker.kommune.no", url, verified=False).role is None
    before = auth.last_logins(url).get("kari.nordmann@asker.kommune.no")
    auth.identity_for_oidc("kari.nordmann@asker.kommune.no", url, verified=True, source="192.0.2.7")
    assert auth.last_logins(url)["kari.nordmann@asker.kommune.no"] >= (before or datetime.min.replace(tzinfo=UTC))


def run_cli(url: str, username: str, password: str) -> subprocess.CompletedProcess:
    environment = subprocess_environment(DATABASE_URL=url, DASHBOARD_ADMIN_PASSWORD=password)
    return subprocess.run([sys.executable, "-m", "core", "create-admin", "--username", username], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_create_admin_from_the_command_line(url):
    done = run_cli(url, "first.admin", "et langt nok adminpassord")
    assert done.returncode == 0, done.stderr
    assert "first.admin" in done.stdout
    created = user(url, "first.admin")
    assert created.role == "admin" and created.password_hash.startswith("$argon2id$")
    assert auth.authenticate("first.admin", "et langt nok adminpassord", url).is_admin
    with db.session(url) as session:
        entry = session.scalar(select(models.AuditEntry).where(models.AuditEntry.entity == "user")
                               .order_by(models.AuditEntry.id.desc()).limit(1))
    assert entry.user == "cli" and json.loads(entry.after)["username"] == "first.admin"


def test_create_admin_refuses_a_short_password_and_a_duplicate(url):
    users = count(url, models.User)
    done = run_cli(url, "second.admin", "for kort")
    assert done.returncode == 2 and done.stderr == "error: The password needs at least 12 characters.\n"
    assert user(url, "second.admin") is None
    done = run_cli(url, "first.admin", "et annet langt adminpassord")
    assert done.returncode == 2 and done.stderr == "error: The user “first.admin” already exists.\n"
    assert count(url, models.User) == users
