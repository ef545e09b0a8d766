"""Partners and networks of Bærekraftsløftet: the register, the dialogue log with its follow-ups, and the partners
named in the yearly activity plan.

The register holds every organisation the network works with (national strategic partners, other networks,
research and business partners, UN bodies such as U4SSC) with its type, contact, agreements and the sectors it
represents. Each conversation is logged with who took part, what was agreed, and a follow-up with a deadline and an
owner; the follow-ups are listed together with the steering group's follow-up actions from its meetings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import delete, select

from core import db, gate, models
from core.dates import as_date
from core.errors import UserError
from core.forms import DialogueForm, FollowUpStatusForm, PartnerForm, checked


class PartnerError(UserError):
    """Bad input, as a translation key and values."""


def _sectors(text: str) -> tuple[str, ...]:
    return tuple(s for s in (text or "").split(";") if s)


def save_partner(actor, partner_id: int | None = None, *, name: str, kind: str, sectors=(), contact_person: str = "",
                 contact_email: str = "", agreements: str = "", note: str = "", active: bool = True,
                 url: str | None = None) -> int:
    """Register a partner (partner_id None) or change one; its id. Names are unique, ignoring case."""
    form = checked(PartnerForm, PartnerError, name=name, kind=kind, sectors=sectors, contact_person=contact_person,
                   contact_email=contact_email, agreements=agreements, note=note, active=active)
    with gate.write(actor, "partner.edit", url=url) as change:
        session = change.session
        same_name = [p for p in session.scalars(select(models.Partner)) if p.name.casefold() == form.name.casefold()
                     and p.id != partner_id]
        if same_name:
            raise PartnerError("partner.error.duplicate", name=form.name)
        if partner_id is None:
            partner, before = models.Partner(), None
            session.add(partner)
        else:
            partner = session.get(models.Partner, partner_id)
            if partner is None:
                raise PartnerError("partner.error.unknown", id=partner_id)
            before = gate.snapshot(partner)
        partner.name, partner.kind, partner.sectors = form.name, form.kind, ";".join(form.sectors)
        partner.contact_person, partner.contact_email = form.contact_person, form.contact_email
        partner.agreements, partner.note, partner.active = form.agreements, form.note, form.active
        session.flush()
        change.record("partner", partner.id, "update" if before else "create", before, gate.snapshot(partner))
        return partner.id


def add_dialogue(actor, partner_id: int, on: date | str, participants: str, agreed: str, follow_up: str = "",
                 follow_up_owner: str = "", follow_up_due: date | str | None = None, url: str | None = None) -> int:
    """Log a conversation with a partner; a follow-up (if any) starts open. Its id."""
    form = checked(DialogueForm, PartnerError, on=on, participants=participants, agreed=agreed, follow_up=follow_up,
                   follow_up_owner=follow_up_owner, follow_up_due=follow_up_due)
    with gate.write(actor, "partner.edit", url=url) as change:
        if change.session.get(models.Partner, partner_id) is None:
            raise PartnerError("partner.error.unknown", id=partner_id)
        entry = models.PartnerDialogue(
            partner_id=partner_id, date=form.on, participants=form.participants, agreed=form.agreed,
            follow_up=form.follow_up, follow_up_owner=form.follow_up_owner if form.follow_up else "",
            follow_up_due=form.follow_up_due if form.follow_up else None,
            follow_up_status="open" if form.follow_up else None,
            recorded_by=change.actor.username, recorded_at=gate.now())
        change.session.add(entry)
        change.created("partner_dialogue", entry)
        return entry.id


def set_follow_up_status(actor, dialogue_id: int, status: str, url: str | None = None) -> None:
    form = checked(FollowUpStatusForm, PartnerError, status=status)
    with gate.write(actor, "partner.edit", url=url) as change:
        entry = change.session.get(models.PartnerDialogue, dialogue_id)
        if entry is None or not entry.follow_up:
            raise PartnerError("partner.error.no_follow_up", id=dialogue_id)
        before = gate.snapshot(entry)
        entry.follow_up_status = form.status
        change.record("partner_dialogue", entry.id, "update", before, gate.snapshot(entry))


def set_activity_partners(actor, activity_id: int, partner_ids, url: str | None = None) -> None:
    """Name the partners of an activity in the yearly plan (replacing those named before)."""
    try:
        wanted = sorted({int(p) for p in partner_ids or ()})
    except (TypeError, ValueError):
        raise PartnerError("partner.error.unknown", id=partner_ids) from None
    with gate.write(actor, "partner.edit", url=url) as change:
        session = change.session
        if session.get(models.ActivityPlan, activity_id) is None:
            raise PartnerError("partner.error.unknown_activity", id=activity_id)
        known = set(session.scalars(select(models.Partner.id).where(models.Partner.id.in_(wanted))))
        if missing := [p for p in wanted if p not in known]:
            raise PartnerError("partner.error.unknown", id=missing[0])
        link = models.ActivityPartner
        before = sorted(session.scalars(select(link.partner_id).where(link.activity_id == activity_id)))
        session.execute(delete(link).where(link.activity_id == activity_id))
        for partner_id in wanted:
            session.add(link(activity_id=activity_id, partner_id=partner_id))
        change.record("activity_partner", activity_id, "update", {"partner_ids": before}, {"partner_ids": wanted})


# Reading ----------------------------------------------------------------------------------------------------------


def partners(url: str | None = None, active_only: bool = False) -> list[models.Partner]:
    with db.session(url) as session:
        statement = select(models.Partner).order_by(models.Partner.name)
        if active_only:
            statement = statement.where(models.Partner.active)
        return list(session.scalars(statement))


def sectors_of(partner: models.Partner) -> tuple[str, ...]:
    return _sectors(partner.sectors)


def dialogue(url: str | None = None, partner_id: int | None = None, year: int | None = None) \
        -> list[models.PartnerDialogue]:
    """The dialogue log, the newest first; for one partner and/or one year."""
    d = models.PartnerDialogue
    with db.session(url) as session:
        statement = select(d).order_by(d.date.desc(), d.id.desc())
        if partner_id is not None:
            statement = statement.where(d.partner_id == partner_id)
        entries = list(session.scalars(statement))
    return [e for e in entries if year is None or e.date.year == year]


def activity_partners(url: str | None = None) -> dict[int, list[int]]:
    """activity id -> the ids of the partners it names."""
    link = models.ActivityPartner
    found: dict[int, list[int]] = {}
    with db.session(url) as session:
        for activity_id, partner_id in session.execute(select(link.activity_id, link.partner_id).order_by(link.id)):
            found.setdefault(activity_id, []).append(partner_id)
    return found


@dataclass(frozen=True)
class FollowUp:
    """A follow-up from a partner dialogue or from a steering-group meeting, in one list."""

    origin: Literal["dialogue", "meeting"]
    id: int
    text: str
    owner: str
    due: date
    status: str
    where: str  # the partner's name, or the meeting's place
    on: date  # the date of the dialogue or meeting


def follow_ups(url: str | None = None, status: str | None = "open") -> list[FollowUp]:
    """Every follow-up of the dialogue log and of the steering group's meetings (those with this status; None:
    all), by deadline."""
    names = {p.id: p.name for p in partners(url)}
    found = [FollowUp("dialogue", e.id, e.follow_up, e.follow_up_owner, e.follow_up_due, e.follow_up_status,
                      names.get(e.partner_id, ""), e.date) for e in dialogue(url) if e.follow_up]
    with db.session(url) as session:
        meetings = {m.id: m for m in session.scalars(select(models.Meeting))}
        for action in session.scalars(select(models.FollowUp)):
            meeting = meetings.get(action.meeting_id)
            found.append(FollowUp("meeting", action.id, action.text, action.owner, action.due, action.status,
                                  meeting.place if meeting else "", meeting.date if meeting else action.due))
    return sorted((f for f in found if status is None or f.status == status), key=lambda f: (f.due, f.origin, f.id))


def overdue(found: list[FollowUp], today: date | str) -> list[FollowUp]:
    today = as_date(today)
    return [f for f in found if f.status == "open" and f.due < today]
