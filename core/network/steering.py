"""The steering group: five to seven elected members plus KS; U4SSC attends without a vote.

Members are elected by and among the network's members for two years; after the first two years,
two elected members rotate out every year. `warnings` names every broken rule.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from core import db, gate, models
from core.dates import as_date
from core.errors import UserError
from core.forms import SEAT_KINDS, SeatForm, checked
from core.network import members

MIN_ELECTED, MAX_ELECTED = 5, 7
TERM_YEARS = 2
ROTATING_PER_YEAR = 2
KINDS = SEAT_KINDS


class SteeringError(UserError):
    """Bad input, as a translation key and values."""


@dataclass(frozen=True)
class Warning:
    key: str
    values: dict


def add_seat(actor, kind: str, organisation: str, start: date | str, end: date | str, member_id: int | None = None,
             representative: str = "", url: str | None = None) -> int:
    form = checked(SeatForm, SteeringError, kind=kind, organisation=organisation, start=start, end=end,
                   member_id=member_id, representative=representative)
    first, last, organisation, representative = form.start, form.end, form.organisation, form.representative
    with gate.write(actor, "steering.edit", url=url) as change:
        session = change.session
        if member_id is not None and session.get(models.Member, member_id) is None:
            raise SteeringError("steering.error.member")
        seat = models.SteeringSeat(kind=kind, member_id=member_id, organisation=organisation.strip(),
                                   representative=(representative or "").strip(), term_start=first,
                                   term_end=last)
        session.add(seat)
        change.created("steering_seat", seat)
        return seat.id


def end_seat(actor, seat_id: int, end: date | str, url: str | None = None) -> None:
    with gate.write(actor, "steering.edit", url=url) as change:
        session = change.session
        seat = session.get(models.SteeringSeat, seat_id)
        if seat is None:
            raise SteeringError("steering.error.unknown")
        try:
            last = as_date(end)
        except ValueError as error:
            raise SteeringError("steering.error.date") from error
        if last < seat.term_start:
            raise SteeringError("steering.error.date_order")
        if last > seat.term_end:  # ending early; a longer term is an edit of the seat (update_seat)
            raise SteeringError("steering.error.end_later")
        before = gate.snapshot(seat)
        seat.term_end = last
        change.record("steering_seat", seat.id, "update", before, gate.snapshot(seat))


def update_seat(actor, seat_id: int, organisation: str, start: date | str, end: date | str,
                member_id: int | None = None, representative: str = "", url: str | None = None) -> None:
    """Correct a seat: its organisation or member, representative and term (its kind stays; a new kind is a new
    seat). The same checks as a new seat."""
    with gate.write(actor, "steering.edit", url=url) as change:
        session = change.session
        seat = session.get(models.SteeringSeat, seat_id)
        if seat is None:
            raise SteeringError("steering.error.unknown")
        member_id = member_id if seat.kind == "elected" else None
        form = checked(SeatForm, SteeringError, kind=seat.kind, organisation=organisation, start=start, end=end,
                       member_id=member_id, representative=representative)
        if member_id is not None and session.get(models.Member, member_id) is None:
            raise SteeringError("steering.error.member")
        before = gate.snapshot(seat)
        seat.member_id, seat.organisation = member_id, form.organisation.strip()
        seat.representative = (form.representative or "").strip()
        seat.term_start, seat.term_end = form.start, form.end
        change.record("steering_seat", seat.id, "update", before, gate.snapshot(seat))


def seats(url: str | None = None) -> list[models.SteeringSeat]:
    with db.session(url) as session:
        return list(session.scalars(select(models.SteeringSeat).order_by(models.SteeringSeat.term_end)))


def current(all_seats, on: date | str) -> list:
    on = as_date(on)
    return [s for s in all_seats if s.term_start <= on <= s.term_end]


def warnings(all_seats, member_status: dict[int, str | None], on: date | str) -> list[Warning]:
    """Every rule the group breaks on a date (a warning's dates are dates: the page formats them)."""
    on, found = as_date(on), []
    sitting = current(all_seats, on)
    elected = [s for s in sitting if s.kind == "elected"]
    if len(elected) < MIN_ELECTED:
        found.append(Warning("steering.warn.too_few", {"count": len(elected), "minimum": MIN_ELECTED}))
    if len(elected) > MAX_ELECTED:
        found.append(Warning("steering.warn.too_many", {"count": len(elected), "maximum": MAX_ELECTED}))
    if not any(s.kind == "ks" for s in sitting):
        found.append(Warning("steering.warn.no_ks", {}))
    for seat in elected:
        if member_status.get(seat.member_id) != "active":
            found.append(Warning("steering.warn.not_member", {"organisation": seat.organisation}))
        if (seat.term_end - seat.term_start).days > TERM_YEARS * 366:
            found.append(Warning("steering.warn.long_term", {"organisation": seat.organisation}))
    year_ago = on - timedelta(days=365)
    for seat in all_seats:  # a term that ended within the last year, neither renewed nor followed by another
        if seat.kind == "elected" and year_ago <= seat.term_end < on and not _followed(seat, all_seats):
            found.append(Warning("steering.warn.term_ended", {"organisation": seat.organisation,
                                                               "end": seat.term_end}))
    first_year = min((s.term_start.year for s in all_seats if s.kind == "elected"), default=None)
    if first_year is not None:
        last_year, next_year = on.year - 1, on.year + 1
        if last_year >= first_year + TERM_YEARS:
            count = rotation_counts(all_seats, last_year, last_year)[last_year]
            if count != ROTATING_PER_YEAR:
                found.append(Warning("steering.warn.rotation", {"year": last_year, "count": count,
                                                                "expected": ROTATING_PER_YEAR}))
        due = sum(1 for s in all_seats if s.kind == "elected" and s.term_end.year == next_year)
        if next_year >= first_year + TERM_YEARS and due < ROTATING_PER_YEAR:
            found.append(Warning("steering.warn.rotation_due", {"year": next_year, "count": due,
                                                                "expected": ROTATING_PER_YEAR}))
    return found + plan_warnings(all_seats, on)


def plan_warnings(all_seats, on: date | str) -> list[Warning]:
    """The rotation rule over the whole plan ahead: from the third year on, no year may see more than two elected
    members rotate out (six terms ending together is a warning), and no year inside the plan fewer than two (the
    coming year is rotation_due's; the plan's last year may still be filled by elections to come)."""
    on = as_date(on)
    elected = [s for s in all_seats if s.kind == "elected"]
    if not elected:
        return []
    first_checked = max(min(s.term_start.year for s in elected) + TERM_YEARS, on.year)
    last_planned = max(s.term_end.year for s in elected)
    found = []
    for year, count in rotation_counts(all_seats, first_checked, last_planned).items():
        if count > ROTATING_PER_YEAR:
            found.append(Warning("steering.warn.plan_crowded", {"year": year, "count": count,
                                                               "expected": ROTATING_PER_YEAR}))
        elif count < ROTATING_PER_YEAR and on.year + 1 < year < last_planned:
            found.append(Warning("steering.warn.plan_gap", {"year": year, "count": count,
                                                           "expected": ROTATING_PER_YEAR}))
    return found


SUCCESSION_DAYS = 30  # a new term starting within a month of an old one's end takes its place


def _followed(seat, all_seats) -> bool:
    """Renewed for the same member, or succeeded by another elected seat around the end of its term."""
    return any(
        other is not seat and other.kind == "elected" and other.term_start > seat.term_start
        and abs((other.term_start - seat.term_end).days) <= SUCCESSION_DAYS
        for other in all_seats
    )


def _renewed(seat, all_seats) -> bool:
    return any(
        other is not seat and other.member_id == seat.member_id and other.kind == "elected"
        and 0 <= (other.term_start - seat.term_end).days <= SUCCESSION_DAYS
        for other in all_seats
    )


def rotation_counts(all_seats, first: int, last: int) -> dict[int, int]:
    """Elected members who rotated out each year, first..last: terms that ended and were not renewed."""
    ends = Counter(s.term_end.year for s in all_seats if s.kind == "elected" and not _renewed(s, all_seats))
    return {year: ends.get(year, 0) for year in range(first, last + 1)}


def rotation_plan(all_seats, first: int, last: int) -> dict[int, list[str]]:
    """Year -> the elected members due to rotate out that year."""
    plan = {year: [] for year in range(first, last + 1)}
    for seat in all_seats:
        if seat.kind == "elected" and seat.term_end.year in plan:
            plan[seat.term_end.year].append(seat.organisation)
    return plan


def member_statuses(url: str | None = None) -> dict[int, str | None]:
    return {entry["member"].id: entry["status"] for entry in members.register(url)}
