"""Members and their status history: applied → admitted → agreement signed → active → withdrawn.

The status is the latest event; history is never deleted, and a withdrawn member may apply again.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from core import db, faults, gate, models
from core.dates import as_date, today
from core.errors import UserError
from core.forms import MAX_NOTE, MEMBER_KINDS, MEMBER_STATUSES, ApplicationForm, StatusChangeForm, checked

STATUSES = MEMBER_STATUSES
ALLOWED = {  # status -> the statuses it may follow (None = a new member)
    "applied": {None, "withdrawn"},
    "admitted": {"applied"},
    "agreement": {"admitted"},
    "active": {"agreement"},
    "withdrawn": {"applied", "admitted", "agreement", "active"},
}
KINDS = MEMBER_KINDS
MAX_TEXT = MAX_NOTE
FOUNDING_DATE = date(2020, 5, 26)
FOUNDING_REFERENCE = "Konstituering av Bærekraftsnettverket 26. mai 2020"
VIKEN_DISSOLVED = date(2024, 1, 1)


class MemberError(UserError):
    """Bad input, as a translation key and values."""


def status_of(session, member_id: int) -> str | None:
    event = session.scalar(
        select(models.MemberEvent)
        .where(models.MemberEvent.member_id == member_id)
        .order_by(models.MemberEvent.id.desc())
        .limit(1)
    )
    return event.status if event else None


def _check_date(value: date | str | None, previous: date | None) -> date:
    try:
        parsed = as_date(value)
    except ValueError as error:
        raise MemberError("member.error.date", value=value) from error
    if previous and parsed < previous:
        raise MemberError("member.error.date_order", value=parsed.isoformat(), previous=previous.isoformat())
    if parsed.year > today().year + 1:
        raise MemberError("member.error.date", value=value)
    return parsed


def apply(actor, kind: str, code: str, name: str, on: date | str, note: str = "", url: str | None = None) -> int:
    """Register an application (a new member, or a former member applying again); returns the member id."""
    form = checked(ApplicationForm, MemberError, kind=kind, code=code, name=name, note=note)
    kind, code, name, note = form.kind, form.code, form.name, form.note
    level = "municipality" if kind == "kommune" else "county"
    with gate.write(actor, "member.apply", [(level, code)], url, lock=f"member:{kind}:{code}") as change:
        session = change.session
        area = session.get(models.Municipality if kind == "kommune" else models.County, code or "")
        if area is None:
            raise MemberError("member.error.code", value=code)
        existing = session.scalar(select(models.Member).where(models.Member.code == code, models.Member.kind == kind)
                                  .with_for_update())
        if existing is not None and status_of(session, existing.id) != "withdrawn":
            raise MemberError("member.error.duplicate", name=existing.name)
        member = existing or models.Member(kind=kind, code=code, name=name, founding=False, note=note or "")
        if existing is None:
            session.add(member)
            change.created("member", member)
        _add_event(change, member, "applied", on, reason=note or "")  # the note travels with the event
        return member.id


@faults.retried  # SQLite locked by another writer past its wait: once more, then "being updated"
def advance(
    actor,
    member_id: int,
    status: str,
    on: date | str,
    meeting_id: int | None = None,
    reference: str = "",
    reason: str = "",
    url: str | None = None,
) -> None:
    """Move a member to the next status (admitted needs a meeting or a decision reference; withdrawn a reason)."""
    form = checked(StatusChangeForm, MemberError, member_id=member_id, status=status, meeting_id=meeting_id,
                   reference=reference, reason=reason)
    reference, reason = form.reference, form.reason
    # Two changes of one member at once (admitted and withdrawn) run one after the other, and the second is checked
    # against the status the first left: the member is locked before its status is read.
    with gate.write(actor, "member.manage", url=url, lock=f"member:{member_id}") as change:
        member = change.session.get(models.Member, member_id, with_for_update=True) if member_id is not None else None
        if member is None:
            raise MemberError("member.error.unknown")
        if meeting_id is not None and change.session.get(models.Meeting, meeting_id) is None:
            raise MemberError("member.error.meeting")
        _add_event(change, member, status, on, meeting_id, reference, reason)


def _add_event(change: gate.Write, member, status, on, meeting_id=None, reference="", reason="",
               checked=True) -> None:
    session = change.session
    current = status_of(session, member.id)
    if current not in ALLOWED[status]:
        raise MemberError("member.error.transition", current=current or "–", status=status)
    previous = session.scalar(
        select(func.max(models.MemberEvent.date)).where(models.MemberEvent.member_id == member.id)
    )
    event = models.MemberEvent(
        member_id=member.id,
        status=status,
        date=_check_date(on, previous) if checked else on,
        meeting_id=meeting_id,
        reference=reference or "",
        reason=reason or "",
        recorded_by=change.actor.username,
        recorded_at=gate.now(),
    )
    session.add(event)
    change.created("member_event", event)


def register(url: str | None = None) -> list[dict]:
    """Every member with its current status and history (newest events last)."""
    with db.session(url) as session:
        members = session.scalars(select(models.Member).order_by(models.Member.kind, models.Member.name)).all()
        events: dict[int, list[models.MemberEvent]] = {}
        for event in session.scalars(select(models.MemberEvent).order_by(models.MemberEvent.id)):  # one query
            events.setdefault(event.member_id, []).append(event)
        return [{"member": m, "status": events[m.id][-1].status if m.id in events else None,
                 "events": events.get(m.id, [])} for m in members]


def status_on(events, on: date | str) -> str | None:
    """The status on a date: the last event dated on or before it (undated events count as before)."""
    on, status = as_date(on), None
    for event in events:
        if event.date is None or event.date <= on:
            status = event.status
    return status


def active_codes(kind: str = "kommune", url: str | None = None) -> list[str]:
    """Codes of the members that are active now (for the 'network members' peer set and the map)."""
    return sorted(
        m["member"].code
        for m in register(url)
        if m["status"] == "active" and m["member"].kind == kind and m["member"].code
    )


def seed_founding_members(rows: list[dict[str, str]], url: str | None = None) -> int:
    """Load the founding members of 2020 once (when the register is empty); returns how many were added.

    rows: the published list as its reader returns it (`core.sources.read("network_members")`)."""
    with gate.write(gate.IMPORT, "member.manage", url=url) as change:
        session = change.session
        if session.scalar(select(func.count()).select_from(models.Member)):
            return 0
        for row in rows:
            founding = row["grunnlag"].startswith("stiftingsmedlem")
            member = models.Member(
                kind=row["type"],
                code=row["nummer_2024"] or None,
                name=row["navn"],
                founding=founding,
                note=f"{row['grunnlag']} — {row['kilde_url']}",
            )
            session.add(member)
            change.created("member", member)
            if founding:
                for status in ("applied", "admitted", "agreement", "active"):
                    _add_event(
                        change, member, status, FOUNDING_DATE, reference=FOUNDING_REFERENCE, checked=False
                    )
            else:  # known to be a member, date not published
                for status in ("applied", "admitted", "agreement", "active"):
                    _add_event(change, member, status, None, reference=row["grunnlag"], checked=False)
            if member.code is None and member.kind == "fylkeskommune":  # Viken, dissolved with the county
                _add_event(
                    change,
                    member,
                    "withdrawn",
                    VIKEN_DISSOLVED,
                    reason="Viken fylkeskommune ble oppløst 1.1.2024 (Østfold, Akershus og Buskerud)",
                    checked=False,
                )
        return len(rows)
