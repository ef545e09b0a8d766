"""dates and times as dates and timestamps with time zone

Revision ID: 0005
Revises: 0004

Until 0004 every point in time was an ISO 8601 string ('2026-11-30T14:00:00+00:00', always UTC) and every calendar
date a 'YYYY-MM-DD' string. PostgreSQL converts them in place (ALTER ... TYPE ... USING). SQLite has no ALTER
COLUMN: batch mode copies each table, and because its copy would CAST the text to the new type (DATETIME and DATE
have numeric affinity in SQLite, so '2026-11-30...' would become 2026), the values are read first and written back
afterwards in the text SQLAlchemy's SQLite DateTime and Date read ('2026-11-30 14:00:00.000000', '2026-11-30').
The downgrade writes the strings of 0004 back.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TIMESTAMP, DATE = "timestamp", "date"
COLUMNS = {  # table -> (column, kind, nullable)
    "local_target": [("updated_at", TIMESTAMP, False)],
    "local_target_change": [("changed_at", TIMESTAMP, False)],
    "peer_set": [("created_at", TIMESTAMP, False)],
    "app_user": [("created_at", TIMESTAMP, False)],
    "login_attempt": [("at", TIMESTAMP, False)],
    "member_event": [("date", DATE, True), ("recorded_at", TIMESTAMP, False)],
    "steering_seat": [("term_start", DATE, False), ("term_end", DATE, False)],
    "meeting": [("date", DATE, False)],
    "follow_up": [("due", DATE, False)],
    "audit_entry": [("at", TIMESTAMP, False)],
    "member_import": [("uploaded_at", TIMESTAMP, False), ("undone_at", TIMESTAMP, True)],
    "member_value_change": [("changed_at", TIMESTAMP, False)],
}


_POSTGRES = {TIMESTAMP: "timestamptz", DATE: "date"}


def _old_type(kind: str) -> sa.types.TypeEngine:
    return sa.String(length=32 if kind == TIMESTAMP else 10)


def _new_type(kind: str) -> sa.types.TypeEngine:
    return sa.DateTime(timezone=True) if kind == TIMESTAMP else sa.Date()


def _parse(text: str | None, kind: str):
    """The stored string as a date, or as a naive datetime in UTC (strings without an offset were UTC)."""
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    if kind == DATE:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text)
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _format(value, kind: str) -> str | None:
    """The string 0004 stored."""
    if value is None:
        return None
    if kind == DATE:
        return value.isoformat()
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return moment.isoformat(timespec="seconds")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SET LOCAL TIME ZONE 'UTC'")  # for strings without an offset, if any: they were UTC
        for table, columns in COLUMNS.items():
            for column, kind, nullable in columns:
                op.alter_column(table, column, type_=_new_type(kind), existing_type=_old_type(kind),
                                existing_nullable=nullable,
                                postgresql_using=f"NULLIF(TRIM(\"{column}\"), '')::{_POSTGRES[kind]}")
        return
    for table, columns in COLUMNS.items():
        _copy_table(table, columns, read_as=_old_type, write_as=_new_type, convert=_parse)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, columns in COLUMNS.items():
            for column, kind, nullable in columns:
                text = (f"to_char(\"{column}\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
                        if kind == TIMESTAMP else f"to_char(\"{column}\", 'YYYY-MM-DD')")
                op.alter_column(table, column, type_=_old_type(kind), existing_type=_new_type(kind),
                                existing_nullable=nullable, postgresql_using=text)
        return
    for table, columns in COLUMNS.items():
        _copy_table(table, columns, read_as=_new_type, write_as=_old_type, convert=_format)


def _copy_table(table: str, columns, read_as, write_as, convert) -> None:
    """Change the columns' types in batch mode and write their values back by id, converted."""
    bind = op.get_bind()
    before = sa.table(table, sa.column("id", sa.Integer), *(sa.column(c, read_as(kind)) for c, kind, _ in columns))
    rows = bind.execute(sa.select(before)).all()
    with op.batch_alter_table(table) as batch:
        for column, kind, nullable in columns:
            batch.alter_column(column, type_=write_as(kind), existing_type=read_as(kind), existing_nullable=nullable)
    if not rows:
        return
    after = sa.table(table, sa.column("id", sa.Integer), *(sa.column(c, write_as(kind)) for c, kind, _ in columns))
    statement = sa.update(after).where(after.c.id == sa.bindparam("row_id")).values(
        {c: sa.bindparam(f"new_{c}", type_=write_as(kind)) for c, kind, _ in columns})
    bind.execute(statement, [
        {"row_id": row.id} | {f"new_{c}": convert(getattr(row, c), kind) for c, kind, _ in columns} for row in rows
    ])
