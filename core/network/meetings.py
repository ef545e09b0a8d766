"""Steering-group meetings: agenda, minutes, decisions, follow-up actions; the yearly activity plan."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from core import db, gate, models
from core.errors import UserError

MIN_PER_YEAR, MAX_PER_YEAR = 4, 5
ACTION_STATUSES = ("open", "done", "dropped")
ACTIVITY_STATUSES = ("planned", "ongoing", "done")
MAX_TEXT = 20_000


class MeetingError(UserError):
    """Bad input, as a translation key and values."""


def _date(value: str) -> str:
    try:
        return date.fromisoformat(value or "").isoformat()
    except ValueError as error:
        raise MeetingError("meeting.error.date", value=value) from error


def _text(value: str | None, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise MeetingError("meeting.error.empty")
    if len(value) > limit:
        raise MeetingError("meeting.error.too_long", limit=limit)
    return value


def add_meeting(actor, on: str, place: str, agenda: str = "", minutes: str = "", url: str | None = None) -> int:
    with gate.write(actor, "meeting.edit", url=url) as change:
        session = change.session
        meeting = models.Meeting(date=_date(on), place=_text(place, True, 200), agenda=_text(agenda),
                                 minutes=_text(minutes))
        session.add(meeting)
        change.created("meeting", meeting)
        return meeting.id


def update_minutes(actor, meeting_id: int, agenda: str, minutes: str, url: str | None = None) -> None:
    with gate.write(actor, "meeting.edit", url=url) as change:
        session = change.session
        meeting = session.get(models.Meeting, meeting_id)
        if meeting is None:
            raise MeetingError("meeting.error.unknown")
        before = gate.snapshot(meeting)
        meeting.agenda, meeting.minutes = _text(agenda), _text(minutes)
        change.record("meeting", meeting.id, "update", before, gate.snapshot(meeting))


def add_decision(actor, meeting_id: int, reference: str, text: str, url: str | None = None) -> int:
    with gate.write(actor, "meeting.edit", url=url) as change:
        session = change.session
        if session.get(models.Meeting, meeting_id) is None:
            raise MeetingError("meeting.error.unknown")
        decision = models.Decision(meeting_id=meeting_id, reference=_text(reference, True, 50),
                                   text=_text(text, True))
        session.add(decision)
        change.created("decision", decision)
        return decision.id


def add_action(actor, meeting_id: int, text: str, owner: str, due: str, decision_id: int | None = None,
               url: str | None = None) -> int:
    with gate.write(actor, "meeting.edit", url=url) as change:
        session = change.session
        meeting = session.get(models.Meeting, meeting_id)
        if meeting is None:
            raise MeetingError("meeting.error.unknown")
        due = _date(due)
        if due < meeting.date:
            raise MeetingError("meeting.error.due_before_meeting", due=due, meeting=meeting.date)
        action = models.FollowUp(meeting_id=meeting_id, decision_id=decision_id, text=_text(text, True, 2000),
                                 owner=_text(owner, True, 200), due=due, status="open")
        session.add(action)
        change.created("follow_up", action)
        return action.id


def set_action_status(actor, action_id: int, status: str, url: str | None = None) -> None:
    if status not in ACTION_STATUSES:
        raise MeetingError("meeting.error.status")
    with gate.write(actor, "meeting.edit", url=url) as change:
        session = change.session
        action = session.get(models.FollowUp, action_id)
        if action is None:
            raise MeetingError("meeting.error.unknown")
        before = gate.snapshot(action)
        action.status = status
        change.record("follow_up", action.id, "update", before, gate.snapshot(action))


def meetings(url: str | None = None) -> list[models.Meeting]:
    with db.session(url) as session:
        return list(session.scalars(select(models.Meeting).order_by(models.Meeting.date.desc())))


def decisions(url: str | None = None) -> list[models.Decision]:
    with db.session(url) as session:
        return list(session.scalars(select(models.Decision).order_by(models.Decision.id)))


def actions(url: str | None = None) -> list[models.FollowUp]:
    with db.session(url) as session:
        return list(session.scalars(select(models.FollowUp).order_by(models.FollowUp.due)))


def open_actions(all_actions, today: date) -> tuple[list, list]:
    """(open, of which overdue) follow-up actions."""
    still_open = [a for a in all_actions if a.status == "open"]
    return still_open, [a for a in still_open if a.due < today.isoformat()]


def meeting_count_warnings(all_meetings, years) -> dict[int, int]:
    """Year -> number of meetings, for the years outside four to five (the current year counts only if past)."""
    counts = Counter(int(m.date[:4]) for m in all_meetings)
    return {year: counts.get(year, 0) for year in years
            if not MIN_PER_YEAR <= counts.get(year, 0) <= MAX_PER_YEAR}


def add_activity(actor, year: int, title: str, lead: str = "", status: str = "planned", description: str = "",
                 url: str | None = None) -> int:
    if status not in ACTIVITY_STATUSES:
        raise MeetingError("meeting.error.status")
    if not 2020 <= int(year) <= 2100:
        raise MeetingError("meeting.error.year")
    with gate.write(actor, "meeting.edit", url=url) as change:
        session = change.session
        activity = models.ActivityPlan(year=int(year), title=_text(title, True, 300), lead=_text(lead, False, 200),
                                       status=status, description=_text(description))
        session.add(activity)
        change.created("activity", activity)
        return activity.id


def activities(year: int | None = None, url: str | None = None) -> list[models.ActivityPlan]:
    with db.session(url) as session:
        statement = select(models.ActivityPlan).order_by(models.ActivityPlan.year, models.ActivityPlan.id)
        if year is not None:
            statement = statement.where(models.ActivityPlan.year == year)
        return list(session.scalars(statement))
