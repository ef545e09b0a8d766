"""Reading the audit trail; entries are written only by the write gate (core/gate.py)."""

from __future__ import annotations

from sqlalchemy import select

from core import db, models


def entries(url: str | None = None, limit: int = 500) -> list[models.AuditEntry]:
    """The newest entries first."""
    with db.session(url) as session:
        statement = select(models.AuditEntry).order_by(models.AuditEntry.id.desc()).limit(limit)
        return list(session.scalars(statement))
