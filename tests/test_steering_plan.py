"""Steering group (issue 13 §5): the rotation rule checked over the whole plan (six seats ending together warn),
seats edited and ended early through the gate, and the page's forms for both (AppTest)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from core import dates, db, models
from core.dates import as_date
from core.gate import SYSTEM
from core.i18n import day, t
from core.network import members, steering
from core.sources import read

ON = date(2026, 6, 1)


def seat(kind: str, member_id: int | None, organisation: str, start: date | str, end: date | str
         ) -> models.SteeringSeat:
    return models.SteeringSeat(kind=kind, member_id=member_id, organisation=organisation, representative="",
                               term_start=as_date(start), term_end=as_date(end))


def staggered() -> list[models.SteeringSeat]:
    """Six elected members, two terms ending each year 2026-2028, and KS: the rule kept (first term 2025)."""
    return [seat("elected", i + 1, name, f"{2025 + i // 2}-01-01", f"{2026 + i // 2}-12-31")
            for i, name in enumerate("ABCDEF")] + [seat("ks", None, "KS", "2025-01-01", "2030-12-31")]


def plan_keys(group, on=ON) -> list[tuple[str, int]]:
    return [(w.key, w.values["year"]) for w in steering.plan_warnings(group, on)]


def test_a_staggered_plan_keeps_the_rule():
    assert steering.plan_warnings(staggered(), ON) == []


def test_six_seats_all_ending_in_the_same_year_warn():
    group = [seat("elected", i, name, "2026-01-01", "2028-12-31") for i, name in enumerate("ABCDEF", 1)]
    group.append(seat("elected", 9, "Z", "2024-01-01", "2025-12-31"))  # the network's first term, 2024
    found = steering.plan_warnings(group, ON)
    assert steering.Warning("steering.warn.plan_crowded", {"year": 2028, "count": 6, "expected": 2}) in found
    assert found[0] in steering.warnings(group, {i: "active" for i in range(10)}, ON)  # the page's list has it


def test_a_gap_inside_the_plan_warns_but_not_its_last_year():
    group = [s for s in staggered() if s.organisation != "D"]  # only C leaves in 2027
    assert plan_keys(group, date(2025, 6, 1)) == [("steering.warn.plan_gap", 2027)]
    group = [s for s in staggered() if s.organisation != "F"]  # only E in 2028, the plan's last year: still open
    assert plan_keys(group, date(2025, 6, 1)) == []


def test_the_first_two_years_and_past_years_are_not_checked():
    group = [seat("elected", i, name, "2026-01-01", "2027-12-31") for i, name in enumerate("ABCDEF", 1)]
    assert steering.plan_warnings(group, ON) == []  # 2027 is within the first two years from 2026
    assert steering.plan_warnings(group, date(2029, 1, 1)) == []  # 2027 is past: the yearly check's business


years = st.integers(min_value=2024, max_value=2034)


@st.composite
def elected_seats(draw):
    count = draw(st.integers(min_value=1, max_value=9))
    group = []
    for i in range(count):
        start = draw(years)
        length = draw(st.integers(min_value=1, max_value=3))
        group.append(seat("elected", i + 1, f"M{i}", f"{start}-01-01", f"{start + length}-06-30"))
    return group


@given(elected_seats(), years)
def test_every_crowded_year_of_the_plan_and_only_those_warn(group, year):
    on = date(year, 6, 1)
    first = min(s.term_start.year for s in group) + steering.TERM_YEARS
    ends = {}
    for s in group:
        if not steering._renewed(s, group):
            ends[s.term_end.year] = ends.get(s.term_end.year, 0) + 1
    crowded = {y for y, n in ends.items() if n > steering.ROTATING_PER_YEAR and y >= max(first, on.year)}
    found = steering.plan_warnings(group, on)
    assert {w.values["year"] for w in found if w.key == "steering.warn.plan_crowded"} == crowded
    for warning in found:
        assert warning.values["year"] >= max(first, on.year)
        assert warning.values["year"] <= max(s.term_end.year for s in group)


@given(elected_seats(), years)
def test_ending_a_seat_never_adds_to_a_later_year(group, year):
    """Ending a seat early moves its year of leaving earlier: later years never get more leavers."""
    on = date(year, 6, 1)
    before = steering.rotation_counts(group, 2020, 2040)
    first = group[0]
    shortened = [seat("elected", first.member_id, first.organisation, first.term_start,
                      max(first.term_start + timedelta(days=1), first.term_end - timedelta(days=400)))] + group[1:]
    after = steering.rotation_counts(shortened, 2020, 2040)
    moved_to = shortened[0].term_end.year
    assert all(after[y] <= before[y] for y in range(moved_to + 1, 2041))
    crowded = {w.values["year"] for w in steering.plan_warnings(shortened, on) if w.key == "steering.warn.plan_crowded"}
    assert crowded <= {w.values["year"] for w in steering.plan_warnings(group, on)
                       if w.key == "steering.warn.plan_crowded"} | {moved_to}


# Through the gate --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def steering_url(private_database, add_users):
    url = private_database("steering_plan")
    members.seed_founding_members(read("network_members"), url)
    add_users(url, {"styre.sekretariat": ("secretariat", None, None)})
    return url


def audit_of(url: str, seat_id: int) -> list[models.AuditEntry]:
    with db.session(url) as session:
        return list(session.scalars(select(models.AuditEntry).where(
            models.AuditEntry.entity == "steering_seat", models.AuditEntry.entity_id == str(seat_id))
            .order_by(models.AuditEntry.id)))


def test_a_seat_is_edited_and_ended_early_through_the_gate(steering_url):
    url = steering_url
    register = {e["member"].name: e["member"].id for e in members.register(url)}
    seat_id = steering.add_seat(SYSTEM, "elected", "Asker", "2026-01-01", "2027-12-31", register["Asker"], url=url)
    steering.update_seat("styre.sekretariat", seat_id, "Bodø", "2026-02-01", "2027-12-31", register["Bodø"],
                         "Ordfører", url=url)
    edited = next(s for s in steering.seats(url) if s.id == seat_id)
    assert (edited.organisation, edited.member_id, edited.representative, edited.term_start) == (
        "Bodø", register["Bodø"], "Ordfører", date(2026, 2, 1))
    for arguments, key in [(("Bodø", "2026-02-01", "2026-01-01", register["Bodø"]), "steering.error.date_order"),
                           (("Bodø", "2026-02-01", "2027-12-31", None), "steering.error.member"),
                           (("", "2026-02-01", "2027-12-31", register["Bodø"]), "steering.error.text")]:
        with pytest.raises(steering.SteeringError) as error:
            steering.update_seat("styre.sekretariat", seat_id, *arguments, url=url)
        assert error.value.key == key
    with pytest.raises(steering.SteeringError) as error:
        steering.end_seat("styre.sekretariat", seat_id, "2028-06-30", url=url)  # later than its term: not ending
    assert error.value.key == "steering.error.end_later"
    steering.end_seat("styre.sekretariat", seat_id, "2026-09-30", url=url)
    assert next(s for s in steering.seats(url) if s.id == seat_id).term_end == date(2026, 9, 30)
    created, changed, ended = audit_of(url, seat_id)
    assert (created.action, changed.user, ended.user) == ("create", "styre.sekretariat", "styre.sekretariat")
    assert json.loads(changed.before)["organisation"] == "Asker" and json.loads(changed.after)["organisation"] == "Bodø"
    assert json.loads(ended.after)["term_end"] == "2026-09-30"
    with pytest.raises(steering.SteeringError):
        steering.update_seat("styre.sekretariat", 99_999, "X", "2026-01-01", "2026-12-31", url=url)


def test_the_page_edits_and_ends_a_seat(steering_url, monkeypatch, open_page, identity_of):
    url = steering_url
    monkeypatch.setenv("DATABASE_URL", url)
    identity = identity_of(url, "styre.sekretariat")
    today = dates.today()
    seat_id = steering.add_seat(SYSTEM, "ks", "KS", today - timedelta(days=30), today + timedelta(days=700), url=url)
    app = open_page("steering", identity, "en")
    app.selectbox(key="edit_seat").set_value(seat_id).run()
    app.text_input(key=f"edit_representative_{seat_id}").set_value("Leder")  # sent with the form's button
    next(b for b in app.button if b.proto.form_id == f"seat_edit_{seat_id}").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert next(s for s in steering.seats(url) if s.id == seat_id).representative == "Leder"
    app.selectbox(key="edit_seat").set_value(seat_id).run()
    ending = today + timedelta(days=10)
    app.date_input(key=f"end_on_{seat_id}").set_value(ending)
    next(b for b in app.button if b.proto.form_id == f"seat_end_{seat_id}").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert next(s for s in steering.seats(url) if s.id == seat_id).term_end == ending
    assert t("steering.seat_ended", "en", end=day(ending, "en")) in [toast.value for toast in app.toast]
