"""Named peer sets that users save, and resolving a peer choice to municipality codes."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import select

from core import db, models, peers
from core.errors import UserError

MAX_NAME = 100
CHOICES = ("kostra", "nearest", "county", "custom", "saved")


class PeerSetError(UserError):
    """Bad input, as a translation key and values."""


def save(owner: str, name: str, codes: list[str], municipalities: pd.DataFrame, url: str | None = None) -> int:
    """Save (or replace) a named peer set; returns its id. Unknown codes are refused, nothing saved."""
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise PeerSetError("peers.error.name", limit=MAX_NAME)
    known, unknown = peers.hand_picked(codes, municipalities)
    if unknown:
        raise PeerSetError("peers.error.unknown", codes=", ".join(unknown))
    if not known:
        raise PeerSetError("peers.error.empty")
    with db.session(url) as session:
        existing = session.scalar(select(models.PeerSet).where(models.PeerSet.owner == owner,
                                                               models.PeerSet.name == name))
        if existing is None:
            existing = models.PeerSet(name=name, owner=owner, codes="", created_at="")
            session.add(existing)
        existing.codes = ";".join(known)
        existing.created_at = datetime.now(UTC).isoformat(timespec="seconds")
        session.commit()
        return existing.id


def saved(url: str | None = None) -> list[models.PeerSet]:
    with db.session(url) as session:
        return list(session.scalars(select(models.PeerSet).order_by(models.PeerSet.name)))


def delete(set_id: int, url: str | None = None) -> None:
    with db.session(url) as session:
        found = session.get(models.PeerSet, set_id)
        if found is not None:
            session.delete(found)
            session.commit()
