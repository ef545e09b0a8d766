"""What a database fault means for a reader: never built, briefly unavailable, or a fault of ours.

A build holding SQLite's write lock, a PostgreSQL server restarting, a database file that cannot be read for a
moment: these pass, and the page says so ("the data is being updated"). A database without our tables was never
built. Anything else is a fault of the code, logged in full for the operator and shown to the reader as one
sentence, never as a traceback, a path or SQL.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from core.errors import UserError

log = logging.getLogger("dashboard.faults")
T = TypeVar("T")

MISSING = "missing"  # no tables: the database was never built
UNAVAILABLE = "unavailable"  # locked, restarting, unreadable for now: it passes

_MISSING_SIGNS = ("no such table", "undefinedtable", "does not exist")
_UNAVAILABLE_SIGNS = (
    "database is locked", "database table is locked", "unable to open database file", "disk i/o error",
    "database disk image is malformed", "file is not a database", "readonly database", "read-only",
    "connection refused", "could not connect", "server closed the connection", "terminating connection",
    "connection is closed", "the database system is starting up", "the database system is shutting down",
    "the database system is in recovery mode", "connection timeout", "timeout expired", "no route to host",
    "consuming input failed", "ssl syscall error", "admin shutdown", "cannot connect now", "connection is bad",
    "is the server running",
)


class Unavailable(UserError):
    """The database is locked or unreachable for now; the page says the data is being updated."""

    def __init__(self):
        super().__init__("error.unavailable")


def kind(error: BaseException) -> str | None:
    """MISSING, UNAVAILABLE, or None for a fault that is not the database's state."""
    if isinstance(error, Unavailable):
        return UNAVAILABLE
    if not isinstance(error, DBAPIError):  # pandas' read_sql wraps the driver's error in its own DatabaseError
        cause = error.__cause__
        return kind(cause) if isinstance(cause, (DBAPIError, Unavailable)) else None
    text = str(getattr(error, "orig", None) or error).lower()
    if any(sign in text for sign in _MISSING_SIGNS) and isinstance(error, (OperationalError, ProgrammingError)):
        return MISSING
    if error.connection_invalidated or any(sign in text for sign in _UNAVAILABLE_SIGNS):
        return UNAVAILABLE
    return None


def is_locked(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "locked" in str(getattr(error, "orig", error)).lower()


def retrying(work: Callable[[], T], wait: float = 0.5) -> T:
    """Run a change; if SQLite says the database is locked (another writer held it past the busy timeout), try once
    more after a moment. A database still locked, read-only or away ends as Unavailable, which the page shows as
    "the data is being updated, try again in a minute"; any other error passes unchanged."""
    try:
        return work()
    except (DBAPIError, Unavailable) as error:
        cause = error.__cause__ if isinstance(error, Unavailable) else error
        if kind(error) != UNAVAILABLE:
            raise
        if cause is None or not is_locked(cause):
            raise error if isinstance(error, Unavailable) else Unavailable() from error
        log.warning("database locked, retrying once: %s", getattr(cause, "orig", cause))
    time.sleep(wait)
    try:
        return work()
    except DBAPIError as error:
        if kind(error) != UNAVAILABLE:
            raise
        log.warning("database still unavailable, change refused: %s", getattr(error, "orig", error))
        raise Unavailable() from error


def retried(function: Callable[..., T]) -> Callable[..., T]:
    """A change (a function that opens the gate) run through retrying()."""

    @functools.wraps(function)
    def run(*args, **kwargs) -> T:
        return retrying(lambda: function(*args, **kwargs))

    return run


def unavailable_instead(error: BaseException) -> BaseException:
    """The error to raise in place of a database error that only says the database is away for now."""
    if isinstance(error, DBAPIError) and kind(error) == UNAVAILABLE:
        log.warning("database unavailable, change refused: %s", getattr(error, "orig", error))
        return Unavailable()
    return error


def message_key(error: BaseException) -> str:
    """The translation key of what a reader is told about an unexpected error."""
    return {MISSING: "error.no_database", UNAVAILABLE: "error.unavailable"}.get(kind(error), "error.unexpected")
