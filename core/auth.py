"""Local accounts with argon2id hashes, roles, password resets, and slowed-down failed logins.

A login attempt is recorded before its password is checked, and decided by the attempts recorded before it (one at a
time: SQLite's write lock, a PostgreSQL advisory lock), so that simultaneous attempts cannot all pass as the first.
Failures slow down both the username (FREE_FAILURES free, then 2, 4, 8 ... seconds, at most MAX_WAIT_SECONDS, so that
a stranger cannot lock a named user out for long) and the source address across usernames (SOURCE_FREE_FAILURES
free, then doubling up to SOURCE_MAX_WAIT_SECONDS). An unknown, deactivated or password-less account is checked
against a dummy hash, so a wrong password takes as long whether the username exists or not.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import logging
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from core import db, forms, gate, logs, models, passwords, permissions
from core.dates import as_utc
from core.errors import UserError
from core.forms import AccountForm, PasswordChangeForm, PasswordResetForm, checked

ROLES, MIN_PASSWORD = forms.ACCOUNT_ROLES, forms.MIN_PASSWORD
FREE_FAILURES = 3  # failures of one username allowed before each further attempt must wait
MAX_WAIT_SECONDS = 30  # per username: low, so that a stranger's guesses keep a named user out half a minute at most
SOURCE_FREE_FAILURES = 10  # failures from one address, across usernames (people behind one office address share it)
SOURCE_MAX_WAIT_SECONDS = 900  # per source: one password tried against many names slows down to minutes
FAILURE_WINDOW = timedelta(minutes=30)
LOGGER = "dashboard.auth"
LOGIN_LOCK = 0x4C4F47494E  # PostgreSQL advisory lock that serialises the recording of login attempts ("LOGIN")
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class AuthError(UserError):
    """Bad input, as a translation key and values."""


@dataclass(frozen=True)
class Identity:
    """Who is acting; an anonymous viewer has role None."""

    username: str
    display_name: str
    role: str | None
    area_level: str | None = None
    area_code: str | None = None
    # Not part of who it is (equality): the password hash this session logged in with, as a fingerprint (a reset or
    # a change of the password ends the sessions it opened; None for OpenID Connect), and whether the account must
    # choose a new password before anything else.
    credential: str | None = field(default=None, compare=False, repr=False)
    must_change_password: bool = field(default=False, compare=False)

    @property
    def is_secretariat(self) -> bool:
        """Administers the network (the permission table gives this role every area)."""
        return permissions.scope(self.role, "member.manage") is permissions.ANY

    @property
    def is_admin(self) -> bool:
        return permissions.scope(self.role, "user.manage") is permissions.ANY

    def may(self, action: str, *areas: tuple[str, str]) -> bool:
        """What the permission table allows this identity on these areas (the gate checks again on writing)."""
        return permissions.allowed(self.role, action, (self.area_level, self.area_code), areas)

    def may_edit(self, level: str, code: str) -> bool:
        """The coordinator of that municipality or county, or the secretariat, may edit its targets and data."""
        return self.may("target.edit", (level, code))


VIEWER = Identity("", "", None)


def _identity(user: models.User, by_password: bool = False) -> Identity:
    return Identity(user.username, user.display_name, user.role, user.area_level, user.area_code,
                    credential=_fingerprint(user.password_hash) if by_password else None,
                    must_change_password=bool(user.must_change_password) and by_password)


def _fingerprint(password_hash: str | None) -> str | None:
    """Which password a session logged in with (argon2 salts every hash, so a new password gives a new one)."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32] if password_hash else None


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password with the real parameters, checked when there is no real hash to check."""
    return _hasher.hash(secrets.token_urlsafe(32))


def _verify(password_hash: str | None, password: str | None) -> bool:
    """One argon2 verification, always: against the account's hash, or the dummy hash when it has none."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), passwords.normalised(password)) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _hash(password: str) -> str:
    return _hasher.hash(passwords.normalised(password))


def create_user(
    actor,
    username: str,
    display_name: str,
    password: str | None,
    role: str,
    area_level: str | None = None,
    area_code: str | None = None,
    url: str | None = None,
) -> None:
    checked(AccountForm, AuthError, username=username, role=role, area_level=area_level, area_code=area_code,
            password=password, display_name=display_name or "")
    with gate.write(actor, "user.manage", url=url) as change:
        session = change.session
        if session.scalar(select(models.User).where(models.User.username == username)):
            raise AuthError("auth.error.exists", username=username)
        if area_code:
            model = models.Municipality if area_level == "municipality" else models.County
            if session.get(model, area_code) is None:
                raise AuthError("auth.error.area")
        user = models.User(
            username=username,
            display_name=(display_name or username).strip()[:200],
            password_hash=_hash(password) if password else None,
            role=role,
            area_level=area_level if role == "coordinator" else None,
            area_code=area_code if role == "coordinator" else None,
            active=True,
            created_at=gate.now(),
        )
        session.add(user)
        change.created("user", user)


def set_active(actor, username: str, active: bool, url: str | None = None) -> None:
    with gate.write(actor, "user.manage", url=url) as change:
        user = change.session.scalar(select(models.User).where(models.User.username == username))
        if user is None:
            raise AuthError("auth.error.unknown_user", username=username)
        before = gate.snapshot(user)
        user.active = active
        change.record("user", user.id, "update", before, gate.snapshot(user))


def reset_password(actor, username: str, password: str, url: str | None = None) -> None:
    """An administrator gives an account a new password, which its user must change when next logging in; every
    session that logged in with the old password ends."""
    checked(PasswordResetForm, AuthError, username=username, password=password)
    with gate.write(actor, "user.manage", url=url) as change:
        user = change.session.scalar(select(models.User).where(models.User.username == username))
        if user is None:
            raise AuthError("auth.error.unknown_user", username=username)
        before = gate.snapshot(user)
        user.password_hash = _hash(password)
        user.must_change_password = True
        change.record("user", user.id, "reset_password", before, gate.snapshot(user))


def change_password(identity: Identity, password: str, repeated: str, url: str | None = None) -> Identity:
    """The user's own new password (typed twice), asked for after a reset; the identity with the new credential.

    Refused when the session did not log in with the password the account has now (it was reset again meanwhile)
    and when the new password is the old one."""
    checked(PasswordChangeForm, AuthError, username=identity.username, display_name=identity.display_name,
            password=password, repeated=repeated)
    with gate.write(identity, "password.change", url=url) as change:
        user = change.session.scalar(select(models.User).where(models.User.username == change.actor.username))
        if user is None or not user.password_hash or _fingerprint(user.password_hash) != identity.credential:
            raise AuthError("auth.error.session_changed")
        if _verify(user.password_hash, password):
            raise AuthError("auth.error.password_same")
        before = gate.snapshot(user)
        user.password_hash = _hash(password)
        user.must_change_password = False
        change.record("user", user.id, "change_password", before, gate.snapshot(user))
        return _identity(user, by_password=True)


# Slowing down failed logins ----------------------------------------------------------------------------------------

# A failed login's name is logged cut short: a password typed into the name field by mistake stays mostly out of logs.
LOGGED_NAME = 24


def client_address(connected: str | None, forwarded: str | None, trusted_proxies: str | None) -> str | None:
    """Where a login attempt comes from: the connection's own address, unless the connection is a trusted reverse
    proxy (trusted_proxies: comma-separated addresses or networks) that passed the visitor's address on (its
    X-Real-IP, `forwarded`). Streamlit reports no address (None) for a loopback connection, so a proxy on the same
    machine is 127.0.0.1. A forwarded value from anyone else, or one that is not an address, is ignored."""
    if not trusted_proxies or not forwarded:
        return connected
    try:
        networks = [ipaddress.ip_network(part.strip(), strict=False) for part in trusted_proxies.split(",")
                    if part.strip()]
        proxy = ipaddress.ip_address(connected or "127.0.0.1")
        visitor = ipaddress.ip_address(forwarded.strip())
    except ValueError:
        return connected
    return str(visitor) if any(proxy in network for network in networks) else connected


def _delay(failures: int, free: int, longest: int) -> int:
    """Seconds to wait after this many failures: none for the first `free`, then 2, 4, 8 ... up to `longest`."""
    return 0 if failures < free else min(2 ** (failures - free + 1), longest)


def _left(last: datetime | None, delay: int, at: datetime) -> int:
    if not delay or last is None:
        return 0
    return max(0, int((as_utc(last) + timedelta(seconds=delay) - at).total_seconds() + 0.999))


def _wait(session: Session, username: str, source: str | None, at: datetime, before: int | None = None) -> int:
    """Seconds the next attempt must wait, decided by the attempts recorded before id `before` (all if None).

    Per username: failures in a row since its last success. Per source: every failure from that address in the
    window, whatever the username (a success does not reset it: an attacker may own one account). Refused attempts
    count toward neither; one still being checked counts as a failure until it succeeds."""
    since = (at - FAILURE_WINDOW).replace(microsecond=0)
    earlier = [models.LoginAttempt.at >= since, models.LoginAttempt.refused.is_(False)]
    if before is not None:
        earlier.append(models.LoginAttempt.id < before)
    recent = session.execute(
        select(models.LoginAttempt.success, models.LoginAttempt.at)
        .where(models.LoginAttempt.username == username, *earlier)
        .order_by(models.LoginAttempt.id)
    ).all()
    failures, last = 0, None
    for success, moment in recent:
        failures, last = (0, None) if success else (failures + 1, moment)
    waiting = _left(last, _delay(failures, FREE_FAILURES, MAX_WAIT_SECONDS), at)
    if source:
        count, last = session.execute(
            select(func.count(), func.max(models.LoginAttempt.at))
            .where(models.LoginAttempt.source == source, models.LoginAttempt.success.is_(False), *earlier)
        ).one()
        waiting = max(waiting, _left(last, _delay(count, SOURCE_FREE_FAILURES, SOURCE_MAX_WAIT_SECONDS), at))
    return waiting


def wait_seconds(username: str, at: datetime | str | None = None, url: str | None = None,
                 source: str | None = None) -> int:
    """How long this username (from this source) must wait before the next attempt (0 if it may try now); at: an
    aware time, or now."""
    at = as_utc(at) if at else datetime.now(UTC)
    with db.session(url) as session:
        return _wait(session, username, source, at)


def _writing_first(session: Session, serialise: bool = False) -> None:
    """Take the write lock before reading: on SQLite BEGIN IMMEDIATE (a deferred transaction that reads and then
    writes can fail at once with "database is locked" while another commits); on PostgreSQL, with serialise, the
    advisory lock of login attempts, held until the commit."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # pysqlite has not begun the transaction yet
    elif serialise and connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOGIN_LOCK})


def record_attempt(username: str, source: str | None, url: str | None = None) -> tuple[int, int]:
    """Record an attempt before its password is checked: (its id, the seconds it must wait; 0 = check it now).

    Attempts are recorded one at a time, and each is decided by those recorded before it: on PostgreSQL under an
    advisory lock held until the commit, on SQLite under the database's write lock, taken before anything is read.
    An attempt that must wait is kept as refused."""
    with gate.log(url) as session:
        _writing_first(session, serialise=True)
        at = gate.now()
        attempt = models.LoginAttempt(username=username, source=source, at=at, success=False, refused=False)
        session.add(attempt)
        session.flush()
        waiting = _wait(session, username, source, at, before=attempt.id)
        attempt.refused = waiting > 0
        return attempt.id, waiting


def authenticate(username: str, password: str, url: str | None = None, *, source: str | None = None) -> Identity:
    """The identity for a correct password; AuthError otherwise. Every attempt is logged, with its source (the
    client's address, where known), before the password is checked."""
    username = (username or "").strip()[:200]
    source = (source or "").strip()[:64] or None
    attempt, waiting = record_attempt(username, source, url)
    if waiting:
        logs.event("login.failure", logging.WARNING, LOGGER, user=username[:LOGGED_NAME], reason="slowed",
                   source=source, wait_seconds=waiting)
        raise AuthError("auth.error.wait", seconds=waiting)
    with db.session(url) as session:
        user = session.scalar(select(models.User).where(models.User.username == username))
    usable = user is not None and user.active and user.password_hash
    if not _verify(user.password_hash if usable else None, password):  # as long whether the user exists or not
        # one reason for a wrong password and an unknown name alike: the log does not tell usernames apart either
        logs.event("login.failure", logging.WARNING, LOGGER, user=username[:LOGGED_NAME], reason="credentials",
                   source=source)
        raise AuthError("auth.error.credentials")
    with gate.log(url) as session:
        _writing_first(session)
        session.execute(update(models.LoginAttempt).where(models.LoginAttempt.id == attempt).values(success=True))
    logs.event("login.success", logger=LOGGER, user=user.username, method="password", source=source)
    return _identity(user, by_password=True)


def identity_for_oidc(email: str, url: str | None = None, *, verified: bool = False,
                      source: str | None = None) -> Identity:
    """An OpenID Connect login: the role still comes from our database, matched on the e-mail only when the provider
    says it has verified that address (else anyone could claim a colleague's); the login is recorded."""
    email = (email or "").strip()[:200]
    if not verified or not email:
        return Identity(email, email, None)
    with gate.log(url) as session:
        _writing_first(session)
        user = session.scalar(select(models.User).where(models.User.username == email))
        if user is None or not user.active:
            return Identity(email, email, None)
        session.add(models.LoginAttempt(username=email, source=(source or "").strip()[:64] or None, at=gate.now(),
                                        success=True, refused=False))
    logs.event("login.success", logger=LOGGER, user=email, method="oidc", source=source)
    return _identity(user)


def users(url: str | None = None) -> list[models.User]:
    with db.session(url) as session:
        return list(session.scalars(select(models.User).order_by(models.User.username)))


def last_logins(url: str | None = None) -> dict[str, datetime]:
    """Each username's latest successful login (by password or OpenID Connect)."""
    with db.session(url) as session:
        return dict(session.execute(
            select(models.LoginAttempt.username, func.max(models.LoginAttempt.at))
            .where(models.LoginAttempt.success.is_(True))
            .group_by(models.LoginAttempt.username)
        ).all())


def refreshed(identity: Identity, url: str | None = None) -> Identity:
    """The identity as the database knows it now: a deactivated account becomes a viewer, a changed role applies,
    and a session that logged in with a password the account no longer has (reset or changed since) ends."""
    if not identity.role:
        return identity
    with db.session(url) as session:
        user = session.scalar(select(models.User).where(models.User.username == identity.username))
        if user is None or not user.active:
            return VIEWER
        if identity.credential is not None and (
                _fingerprint(user.password_hash) != identity.credential or user.must_change_password):
            return VIEWER
        return replace(_identity(user), credential=identity.credential)
