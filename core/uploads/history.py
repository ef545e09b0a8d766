"""The import history: who uploaded what and when, and what each import changed."""

from __future__ import annotations

from sqlalchemy import select

from core import db, models
from core.auth import Identity


def imports(identity: Identity, url: str | None = None, limit: int = 200) -> list[models.MemberImport]:
    """Newest first: every import for the secretariat; a coordinator's own area's imports otherwise."""
    with db.session(url) as session:
        statement = select(models.MemberImport).order_by(models.MemberImport.id.desc())
        if not identity.is_secretariat:
            area = f"{identity.area_level}:{identity.area_code}"
            statement = statement.where(models.MemberImport.areas.contains(area))
        return list(session.scalars(statement.limit(limit)))


def changes_of(import_id: int, url: str | None = None) -> list[models.MemberValueChange]:
    with db.session(url) as session:
        return list(session.scalars(select(models.MemberValueChange).where(
            models.MemberValueChange.import_id == import_id).order_by(models.MemberValueChange.id)))
