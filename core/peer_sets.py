"""Named peer sets: personal to the logged-in user who saved them (an anonymous visitor keeps a set in the link)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from core import db, gate, models, peers
from core.errors import UserError
from core.forms import MAX_SET_NAME, PeerSetForm, checked

MAX_NAME = MAX_SET_NAME
CHOICES = ("kostra", "nearest", "county", "custom", "saved")


class PeerSetError(UserError):
    """Bad input, as a translation key and values."""


def save(actor, name: str, codes: list[str], municipalities: pd.DataFrame, url: str | None = None) -> int:
    """Save (or replace) one of the actor's own named peer sets; its id. Unknown codes are refused, nothing saved."""
    name = checked(PeerSetForm, PeerSetError, name=name).name
    known, unknown = peers.hand_picked(codes, municipalities)
    if unknown:
        raise PeerSetError("peers.error.unknown", codes=", ".join(unknown))
    if not known:
        raise PeerSetError("peers.error.empty")
    with gate.write(actor, "peer_set.save", url=url) as change:
        owner = change.actor.username
        existing = change.session.scalar(select(models.PeerSet).where(models.PeerSet.owner == owner,
                                                                      models.PeerSet.name == name))
        before = gate.snapshot(existing)
        if existing is None:
            existing = models.PeerSet(name=name, owner=owner, codes="", created_at=gate.now())
            change.session.add(existing)
        existing.codes = ";".join(known)
        existing.created_at = gate.now()
        change.session.flush()
        change.record("peer_set", existing.id, "update" if before else "create", before, gate.snapshot(existing))
        return existing.id


def saved(owner: str, url: str | None = None) -> list[models.PeerSet]:
    """The sets one user saved (none for an anonymous visitor)."""
    if not owner:
        return []
    with db.session(url) as session:
        statement = select(models.PeerSet).where(models.PeerSet.owner == owner)
        return list(session.scalars(statement.order_by(models.PeerSet.name)))


def delete(actor, set_id: int, url: str | None = None) -> bool:
    """Delete one of the actor's own sets; False if it is not theirs or does not exist."""
    with gate.write(actor, "peer_set.save", url=url) as change:
        found = change.session.get(models.PeerSet, set_id)
        if found is None or found.owner != change.actor.username:
            return False
        change.deleted("peer_set", found)
        return True
