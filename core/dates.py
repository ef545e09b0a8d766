"""Dates and times: the column type for timestamps, reading dates from callers, and the local time zone.

Timestamps are stored in UTC (PostgreSQL: timestamp with time zone; SQLite: SQLAlchemy's DATETIME text, in UTC)
and always come back as timezone-aware datetimes in UTC. Calendar dates (a meeting, a term, a due date) are plain
dates. The pages show both in Norwegian local time (core.i18n.when and day).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

LOCAL_ZONE = ZoneInfo("Europe/Oslo")


def utc_now() -> datetime:
    """Now, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def today() -> date:
    """Today's date in Norway (the server may run in UTC)."""
    return datetime.now(LOCAL_ZONE).date()


def as_date(value: date | str | None) -> date:
    """A calendar date from a date (a form's date input) or an ISO string ('2026-11-30'); ValueError otherwise."""
    if isinstance(value, datetime):
        raise ValueError(f"a date, not a time: {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip())
    raise ValueError(f"not a date: {value!r}")


def as_utc(value: datetime | str) -> datetime:
    """An aware datetime in UTC from an aware datetime or an ISO 8601 string with an offset; ValueError otherwise.

    A naive datetime is refused: it does not say which clock it was read from."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip())
    if not isinstance(value, datetime):
        raise ValueError(f"not a time: {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"a time without a time zone: {value!r}")
    return value.astimezone(UTC)


class UtcDateTime(TypeDecorator):
    """A point in time: stored in UTC, read back as an aware datetime in UTC on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"UtcDateTime takes a datetime, not {type(value).__name__}")
        value = as_utc(value)
        # SQLite's DATETIME text has no offset: keep it in UTC so that text order is time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
