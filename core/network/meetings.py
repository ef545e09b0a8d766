"""Steering-group meetings: agenda, minutes, decisions, follow-up actions; the yearly activity plan."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from core import db, forms, gate, models
from core.dates import as_date
from core.errors import UserError
from core.forms import (
    ActionForm,
    ActionStatusForm,
    ActivityForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    checked,
)

MIN_PER_YEAR, MAX_PER_YEAR = 4, 5
ACTION_STATUSES, ACTIVITY_STATUSES, MAX_TEXT = forms.ACTION_STATUSES, forms.ACTIVITY_STATUSES, forms.MAX_TEXT


class MeetingError(UserError):
    """Bad input, as a translation key and values."""


def add_meeting(actor, on: date | str, place: str, agenda: str = "", minutes: str = "", url: str | None = None) -> int:
    form = checked(MeetingForm, MeetingError, on=on, place=place, agenda=agenda, minutes=minutes)
    with gate.write(actor, "meeting.edit", url=url) as change:
        meeting = models.Meeting(date=form.on, place=form.place, agenda=form.agenda,
                                 minutes=form.minutes)
        change.session.add(meeting)
        change.created("meeting", meeting)
        return meeting.id


def update_minutes(actor, meeting_id: int, agenda: str, minutes: str, url: str | None = None) -> None:
    form = checked(MinutesForm, MeetingError, agenda=agenda, minutes=minutes)
    with gate.write(actor, "meeting.edit", url=url) as change:
        meeting = change.session.get(models.Meeting, meeting_id)
        if meeting is None:
            raise MeetingError("meeting.error.unknown")
        before = gate.snapshot(meeting)
        meeting.agenda, meeting.minutes = form.agenda, form.minutes
        change.record("meeting", meeting.id, "update", before, gate.snapshot(meeting))


def add_decision(actor, meeting_id: int, reference: str, text: str, url: str | None = None) -> int:
    form = checked(DecisionForm, MeetingError, reference=reference, text=text)
    with gate.write(actor, "meeting.edit", url=url) as change:
        if change.session.get(models.Meeting, meeting_id) is None:
            raise MeetingError("meeting.error.unknown")
        decision = models.Decision(meeting_id=meeting_id, reference=form.reference, text=form.text)
        change.session.add(decision)
        change.created("decision", decision)
        return decision.id


def add_action(actor, meeting_id: int, text: str, owner: str, due: date | str, decision_id: int | None = None,
               url: str | None = None) -> int:
    form = checked(ActionForm, MeetingError, text=text, owner=owner, due=due)
    with gate.write(actor, "meeting.edit", url=url) as change:
        meeting = change.session.get(models.Meeting, meeting_id)
        if meeting is None:
            raise MeetingError("meeting.error.unknown")
        due = form.due
        if due < meeting.date:
            raise MeetingError("meeting.error.due_before_meeting", due=due.isoformat(),
                               meeting=meeting.date.isoformat())
        action = models.FollowUp(meeting_id=meeting_id, decision_id=decision_id, text=form.text, owner=form.owner,
                                 due=due, status="open")
        change.session.add(action)
        change.created("follow_up", action)
        return action.id


def set_action_status(actor, action_id: int, status: str, url: str | None = None) -> None:
    form = checked(ActionStatusForm, MeetingError, status=status)
    with gate.write(actor, "meeting.edit", url=url) as change:
        action = change.session.get(models.FollowUp, action_id)
        if action is None:
            raise MeetingError("meeting.error.unknown")
        before = gate.snapshot(action)
        action.status = form.status
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


def open_actions(all_actions, today: date | str) -> tuple[list, list]:
    """(open, of which overdue) follow-up actions."""
    today = as_date(today)
    still_open = [a for a in all_actions if a.status == "open"]
    return still_open, [a for a in still_open if a.due < today]


def meeting_count_warnings(all_meetings, years) -> dict[int, int]:
    """Year -> number of meetings, for the years outside four to five (the current year counts only if past)."""
    counts = Counter(m.date.year for m in all_meetings)
    return {year: counts.get(year, 0) for year in years
            if not MIN_PER_YEAR <= counts.get(year, 0) <= MAX_PER_YEAR}


def add_activity(actor, year: int, title: str, lead: str = "", status: str = "planned", description: str = "",
                 url: str | None = None) -> int:
    form = checked(ActivityForm, MeetingError, status=status, year=year, title=title, lead=lead,
                   description=description)
    with gate.write(actor, "meeting.edit", url=url) as change:
        activity = models.ActivityPlan(year=form.year, title=form.title, lead=form.lead, status=form.status,
                                       description=form.description)
        change.session.add(activity)
        change.created("activity", activity)
        return activity.id


def activities(year: int | None = None, url: str | None = None) -> list[models.ActivityPlan]:
    with db.session(url) as session:
        statement = select(models.ActivityPlan).order_by(models.ActivityPlan.year, models.ActivityPlan.id)
        if year is not None:
            statement = statement.where(models.ActivityPlan.year == year)
        return list(session.scalars(statement))
