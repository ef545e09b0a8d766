"""Local accounts with argon2id hashes, roles, and slowed-down failed logins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select

from core import db, forms, gate, models, permissions
from core.dates import as_utc
from core.errors import UserError
from core.forms import AccountForm, checked

ROLES, MIN_PASSWORD = forms.ACCOUNT_ROLES, forms.MIN_PASSWORD
FREE_FAILURES = 3  # failures allowed before each further attempt must wait
MAX_WAIT_SECONDS = 300
FAILURE_WINDOW = timedelta(minutes=30)
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


def _identity(user: models.User) -> Identity:
    return Identity(user.username, user.display_name, user.role, user.area_level, user.area_code)


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
            password=password)
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
            password_hash=_hasher.hash(password) if password else None,
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


def wait_seconds(username: str, at: datetime | str | None = None, url: str | None = None) -> int:
    """How long this username must wait before the next attempt (0 if it may try now); at: an aware time, or now."""
    at = as_utc(at) if at else datetime.now(UTC)
    with db.session(url) as session:
        recent = session.scalars(
            select(models.LoginAttempt)
            .where(
                models.LoginAttempt.username == username,
                models.LoginAttempt.at >= (at - FAILURE_WINDOW).replace(microsecond=0),
            )
            .order_by(models.LoginAttempt.id)
        ).all()
    failures = 0
    for attempt in recent:
        failures = 0 if attempt.success else failures + 1
    if failures < FREE_FAILURES:
        return 0
    delay = min(2 ** (failures - FREE_FAILURES + 1), MAX_WAIT_SECONDS)
    last = recent[-1].at
    return max(0, int((last + timedelta(seconds=delay) - at).total_seconds() + 0.999))


def authenticate(username: str, password: str, url: str | None = None) -> Identity:
    """The identity for a correct password; AuthError otherwise. Every attempt is logged."""
    username = (username or "").strip()
    waiting = wait_seconds(username, url=url)
    if waiting:
        raise AuthError("auth.error.wait", seconds=waiting)
    with gate.log(url) as session:
        user = session.scalar(select(models.User).where(models.User.username == username))
        ok = False
        if user is not None and user.active and user.password_hash:
            try:
                ok = _hasher.verify(user.password_hash, password or "")
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                ok = False
        session.add(models.LoginAttempt(username=username, at=gate.now(), success=ok))
    if not ok:
        raise AuthError("auth.error.credentials")
    return _identity(user)


def identity_for_oidc(email: str, url: str | None = None) -> Identity:
    """An OpenID Connect login: the role still comes from our database (matched on e-mail)."""
    with db.session(url) as session:
        user = session.scalar(select(models.User).where(models.User.username == email))
        if user is None or not user.active:
            return Identity(email, email, None)
        return _identity(user)


def users(url: str | None = None) -> list[models.User]:
    with db.session(url) as session:
        return list(session.scalars(select(models.User).order_by(models.User.username)))


def refreshed(identity: Identity, url: str | None = None) -> Identity:
    """The identity as the database knows it now: a deactivated account becomes a viewer, a changed role applies."""
    if not identity.role:
        return identity
    with db.session(url) as session:
        user = session.scalar(select(models.User).where(models.User.username == identity.username))
        return _identity(user) if user is not None and user.active else VIEWER
