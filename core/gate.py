"""The one gate every change goes through: permission, transaction, audit entry, commit.

The actor's account and role are read from the database on every write, so a user an administrator has
deactivated (or whose role was lowered) loses that access at once, also in a browser session already open.
Only SYSTEM (the command line run by an operator, the database build) passes without an account.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from core import dates, db, faults, logs, models, permissions
from core.errors import UserError

SYSTEM_NAME = "system"
LOGGER = "dashboard.gate"


class PermissionDenied(UserError):
    """The actor may not do this; the message key is translated by the page."""


@dataclass(frozen=True)
class Actor:
    """Who is writing, as the database knows them now."""

    username: str
    role: str | None
    area_level: str | None = None
    area_code: str | None = None

    @property
    def own_area(self) -> tuple[str | None, str | None]:
        return (self.area_level, self.area_code)


SYSTEM = Actor(SYSTEM_NAME, "system")
CLI = Actor("cli", "system")  # an operator at the command line, with access to the database itself
IMPORT = Actor("import", "system")  # loading published facts, such as the founding members


def is_system(actor) -> bool:
    """Only code constructs an Actor with the system role; pages pass an auth.Identity or a username."""
    return isinstance(actor, Actor) and actor.role == "system"


def now() -> datetime:
    """The time of a change: aware, in UTC, to the second."""
    return dates.utc_now()


def snapshot(row) -> dict | None:
    """The row's columns as a plain dict (for before/after), dates and times in ISO 8601; secrets masked."""
    if row is None:
        return None
    values = {column.name: _plain(getattr(row, column.name)) for column in row.__table__.columns}
    if "password_hash" in values:
        values["password_hash"] = "***"
    return values


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value  # datetime is a date too


class Write:
    """The open transaction of one change: its session, its actor, and the audit entries it records."""

    def __init__(self, session: Session, actor: Actor):
        self.session = session
        self.actor = actor
        self.recorded = 0
        self.entities: list[str] = []  # "entity:id" of each audit entry, for the log line after the commit

    def record(self, entity: str, entity_id, action: str, before: dict | None, after: dict | None) -> None:
        self.session.add(models.AuditEntry(
            at=now(), user=self.actor.username, entity=entity, entity_id=str(entity_id), action=action,
            before=json.dumps(before, ensure_ascii=False, default=str) if before is not None else None,
            after=json.dumps(after, ensure_ascii=False, default=str) if after is not None else None,
        ))
        self.recorded += 1
        self.entities.append(f"{entity}:{entity_id}")

    def created(self, entity: str, row) -> None:
        self.session.flush()
        self.record(entity, _key(row), "create", None, snapshot(row))

    def deleted(self, entity: str, row) -> None:
        self.record(entity, _key(row), "delete", snapshot(row), None)
        self.session.delete(row)


def _key(row):
    return row.__mapper__.primary_key_from_instance(row)[0]


def resolve(session: Session, actor) -> Actor:
    """The actor as the database knows them now: role None for an unknown or deactivated account."""
    if is_system(actor):
        return actor
    username = actor if isinstance(actor, str) else getattr(actor, "username", "")
    user = session.scalar(select(models.User).where(models.User.username == (username or ""))) if username else None
    if user is None or not user.active:
        return Actor(username or "", None)
    return Actor(user.username, user.role, user.area_level, user.area_code)


def authorise(session: Session, actor, action: str, areas: Iterable[tuple[str, str]] = ()) -> Actor:
    """The resolved actor, or PermissionDenied."""
    resolved = resolve(session, actor)
    if is_system(resolved):
        return resolved
    if not permissions.allowed(resolved.role, action, resolved.own_area, tuple(areas)):
        logs.event("gate.denied", logging.WARNING, LOGGER, user=resolved.username or None, action=action,
                   role=resolved.role)
        raise PermissionDenied("gate.denied" if resolved.role else "gate.login_needed")
    return resolved


@contextmanager
def write(actor, action: str, areas: Iterable[tuple[str, str]] = (), url: str | None = None,
          lock: str | None = None) -> Iterator[Write]:
    """Check the actor may do the action (on these areas), yield the transaction, commit it; all or nothing.

    lock: a name, for a change that reads a record's state and then writes what follows from it (a member's status):
    changes under the same name run one after the other, each reading what the one before committed. On SQLite the
    database's write lock is taken before anything is read (BEGIN IMMEDIATE); on PostgreSQL a transaction-level
    advisory lock on the name (the caller may also lock the row it reads with `with_for_update=True`).
    A database that is locked past the wait, read-only or away raises faults.Unavailable (the page says the data is
    being updated), not the driver's error with its SQL."""
    with _transaction(url) as session:
        if lock:
            _write_lock(session, lock)
        change = Write(session, authorise(session, actor, action, areas))
        yield change
    logs.event("gate.write", logger=LOGGER, user=change.actor.username, action=action, role=change.actor.role,
               entities=change.entities[:20], changes=change.recorded)


def _write_lock(session: Session, name: str) -> None:
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # pysqlite has not begun the transaction yet
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": f"gate:{name}"})


def _rollback(session: Session) -> None:
    try:
        session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone already: nothing was committed
        session.invalidate()


@contextmanager
def log(url: str | None = None) -> Iterator[Session]:
    """A record that is not a change of anybody's data (a login attempt): no actor, no audit entry."""
    with _transaction(url) as session:
        yield session


@contextmanager
def _transaction(url: str | None) -> Iterator[Session]:
    """Commit, or roll back everything; a database that is away or locked says so (faults.Unavailable)."""
    with db.session(url) as session:
        try:
            yield session
            session.commit()
        except BaseException as error:
            _rollback(session)
            replacement = faults.unavailable_instead(error)
            if replacement is not error:
                raise replacement from error
            raise
