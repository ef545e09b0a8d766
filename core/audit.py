"""The audit trail: every change to network data, targets and accounts, with before and after."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import models


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def snapshot(row) -> dict | None:
    """The row's columns as a plain dict (for before/after)."""
    if row is None:
        return None
    return {column.name: getattr(row, column.name) for column in row.__table__.columns}


def record(session: Session, user: str, entity: str, entity_id, action: str, before: dict | None,
           after: dict | None) -> None:
    session.add(models.AuditEntry(
        at=now(), user=user, entity=entity, entity_id=str(entity_id), action=action,
        before=json.dumps(before, ensure_ascii=False, default=str) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False, default=str) if after is not None else None,
    ))


def entries(session: Session, limit: int = 500) -> list[models.AuditEntry]:
    return list(session.scalars(select(models.AuditEntry).order_by(models.AuditEntry.id.desc()).limit(limit)))
