"""Network administration rules in core/network: fees, steering group, members, meetings, audit trail, report.

Every test that writes uses a private copy of the public data (conftest.py: private_database); the shared default
database is never touched.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

from core import auth, db, models, queries, targets
from core.catalogue import load_catalogue
from core.dates import as_date
from core.gate import SYSTEM
from core.i18n import number, t
from core.network import fees, meetings, members, steering
from core.network.report import annual_report
from core.profile import median_goal_scores
from core.scores import compute
from core.sources import load_manifest, read


def database_copy(private_database, name: str, seeded: bool = True) -> str:
    url = private_database(name)
    auth.create_user(SYSTEM, "sekretariat", "Sekretariatet", None, "secretariat", url=url)
    if seeded:
        assert members.seed_founding_members(read("network_members"), url) == len(read("network_members"))
    return url


@pytest.fixture(scope="module")
def url(private_database) -> str:
    return database_copy(private_database, "network")


@pytest.fixture
def fresh_url(private_database) -> str:
    """A database of its own, with the founding members, for tests that need a known register."""
    return database_copy(private_database, "network_fresh")


def audit_count(url: str) -> int:
    with db.session(url) as session:
        return session.scalar(select(func.count()).select_from(models.AuditEntry))


def last_audit_id(url: str) -> int:
    with db.session(url) as session:
        return session.scalar(select(func.max(models.AuditEntry.id))) or 0


def audit_since(url: str, after_id: int) -> list[models.AuditEntry]:
    with db.session(url) as session:
        return list(session.scalars(
            select(models.AuditEntry).where(models.AuditEntry.id > after_id).order_by(models.AuditEntry.id)))


def application(url: str, code: str, name: str, on: str, kind: str = "kommune") -> int:
    return members.apply("sekretariat", kind, code, name, on, url=url)


def by_name(register: list[dict], name: str) -> dict:
    return next(entry for entry in register if entry["member"].name == name)


# Fees -----------------------------------------------------------------------------------------------------------


def tariff(rate=1.5, floor=20_000.0, cap=150_000.0, counties_pay_cap=True) -> models.FeeTariff:
    return models.FeeTariff(year=2025, rate_per_inhabitant=rate, floor=floor, cap=cap,
                            counties_pay_cap=counties_pay_cap, reference="")


@pytest.mark.parametrize(
    "kind, population, counties_pay_cap, expected",
    [
        ("kommune", 50_000, True, 75_000.0),  # rate × population
        ("kommune", 5_000, True, 20_000.0),  # below the floor
        ("kommune", 13_333.33, True, 20_000.0),  # just below the floor
        ("kommune", 1_000_000, True, 150_000.0),  # above the cap
        ("kommune", 100_000, True, 150_000.0),  # exactly the cap
        ("fylkeskommune", 10, True, 150_000.0),  # counties at the cap, whatever their size
        ("fylkeskommune", None, True, 150_000.0),  # even with no population
        ("fylkeskommune", 60_000, False, 90_000.0),  # unless the tariff says otherwise
        ("kommune", None, True, None),  # missing population: no fee, not zero
        ("kommune", float("nan"), True, None),
    ],
)
def test_fee_for(kind, population, counties_pay_cap, expected):
    result = fees.fee_for(kind, population, tariff(counties_pay_cap=counties_pay_cap))
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


@pytest.mark.parametrize(
    "arguments, key",
    [
        ((2025, -0.5, 0.0, 100.0, True), "fee.error.negative"),
        ((2025, 1.0, -1.0, 100.0, True), "fee.error.negative"),
        ((2025, 1.0, 0.0, -100.0, True), "fee.error.negative"),
        ((2025, float("nan"), 0.0, 100.0, True), "fee.error.negative"),
        ((2025, float("inf"), 0.0, 100.0, True), "fee.error.negative"),
        ((2025, True, 0.0, 100.0, True), "fee.error.negative"),
        ((2025, "1.0", 0.0, 100.0, True), "fee.error.negative"),
        ((2025, 1.0, 200.0, 100.0, True), "fee.error.floor_cap"),
        ((2019, 1.0, 0.0, 100.0, True), "fee.error.year"),
        ((2101, 1.0, 0.0, 100.0, True), "fee.error.year"),
    ],
)
def test_set_tariff_refuses_bad_values_and_changes_nothing(url, arguments, key):
    before_audit, before_tariffs = audit_count(url), [audit_snapshot(x) for x in fees.tariffs(url)]
    with pytest.raises(fees.FeeError) as error:
        fees.set_tariff("sekretariat", *arguments, url=url)
    assert error.value.key == key
    assert audit_count(url) == before_audit
    assert [audit_snapshot(x) for x in fees.tariffs(url)] == before_tariffs


def test_set_tariff_refuses_an_oversized_reference(url):
    before = audit_count(url)
    with pytest.raises(fees.FeeError) as error:
        fees.set_tariff("sekretariat", 2030, 1.0, 0.0, 10.0, True, "x" * 301, url=url)
    assert error.value.key == "fee.error.reference"
    assert audit_count(url) == before and 2030 not in {x.year for x in fees.tariffs(url)}


def audit_snapshot(row) -> dict:
    return {column.name: getattr(row, column.name) for column in row.__table__.columns}


def test_set_tariff_create_then_update_is_audited_with_before_and_after(url):
    start = last_audit_id(url)
    fees.set_tariff("sekretariat", 2031, 1.0, 10_000, 100_000, True, "Sak 1/2030", url=url)
    fees.set_tariff("sekretariat", 2031, 2.0, 15_000, 120_000, False, "Sak 2/2030", url=url)
    created, updated = audit_since(url, start)
    assert (created.entity, created.entity_id, created.action, created.before) == ("fee_tariff", "2031", "create", None)
    assert json.loads(created.after)["rate_per_inhabitant"] == 1.0
    assert (updated.action, updated.user) == ("update", "sekretariat")
    assert json.loads(updated.before)["rate_per_inhabitant"] == 1.0 and json.loads(updated.before)["floor"] == 10_000
    after = json.loads(updated.after)
    assert (after["rate_per_inhabitant"], after["floor"], after["cap"], after["counties_pay_cap"]) == (
        2.0, 15_000, 120_000, False)
    stored = next(x for x in fees.tariffs(url) if x.year == 2031)
    assert (stored.rate_per_inhabitant, stored.reference) == (2.0, "Sak 2/2030")


def ssb_population(code: str, year: int) -> float:
    """The population on 1 January straight from the SSB file (table 07459), not through the database."""
    frame = pd.read_csv(load_manifest()["population"].local_path, dtype={"kom2024": str})
    return float(frame[(frame.kom2024 == code) & (frame.aar == year)].befolkning.iloc[0])


def test_fee_list_uses_population_on_1_january_of_the_fee_year(fresh_url):
    assert fees.fee_list(2025, fresh_url).empty  # no tariff yet
    rate, floor, cap = 0.9, 25_000.0, 150_000.0
    fees.set_tariff("sekretariat", 2025, rate, floor, cap, True, "Sak 9/2024", url=fresh_url)
    frame = fees.fee_list(2025, fresh_url).set_index("code")
    asker_2025, asker_2024 = ssb_population("3203", 2025), ssb_population("3203", 2024)
    assert asker_2025 != asker_2024
    assert frame.loc["3203", "population_1_january"] == asker_2025
    assert frame.loc["3203", "fee"] == pytest.approx(min(max(rate * asker_2025, floor), cap))
    assert frame.loc["3203", "fee"] == pytest.approx(rate * asker_2025)  # Asker is between floor and cap
    karmoy = ssb_population("1149", 2025)
    assert frame.loc["1149", "fee"] == pytest.approx(min(max(rate * karmoy, floor), cap))
    rana = ssb_population("1833", 2025)
    assert rate * rana < floor and frame.loc["1833", "fee"] == floor
    trondheim = ssb_population("5001", 2025)
    assert rate * trondheim > cap and frame.loc["5001", "fee"] == cap
    assert frame.loc["50", "kind"] == "fylkeskommune" and frame.loc["50", "fee"] == cap  # a county pays the cap
    assert "Viken" not in set(frame.member)  # withdrawn 1 January 2024, before the fee year
    assert "Tromsø" in set(frame.member)  # active, date not published
    assert len(frame) == len(read("network_members")) - 1  # the published list but Viken


def test_fee_list_excludes_members_withdrawn_before_1_january_and_includes_active_ones(fresh_url):
    bergen = application(fresh_url, "4601", "Bergen", "2023-02-01")
    for status, on in (("admitted", "2023-03-01"), ("agreement", "2023-04-01"), ("active", "2023-05-01")):
        members.advance("sekretariat", bergen, status, on, reference="Sak 3/2023", url=fresh_url)
    members.advance("sekretariat", bergen, "withdrawn", "2024-06-30", reason="Budsjett", url=fresh_url)
    bodo_id = by_name(members.register(fresh_url), "Bodø")["member"].id
    members.advance("sekretariat", bodo_id, "withdrawn", "2025-03-01", reason="Prioriteringer", url=fresh_url)
    for year in (2024, 2025):
        fees.set_tariff("sekretariat", year, 1.0, 10_000, 100_000, True, url=fresh_url)
    in_2024 = set(fees.fee_list(2024, fresh_url).member)
    in_2025 = set(fees.fee_list(2025, fresh_url).member)
    assert "Bergen" in in_2024 and "Bergen" not in in_2025  # withdrawn during 2024
    assert "Bodø" in in_2025  # active on 1 January 2025, withdrew later that year
    assert "Viken" not in in_2024  # dissolved on 1 January 2024
    assert {"Asker", "Trondheim", "Møre og Romsdal", "Tromsø"} <= in_2025


# Steering group ---------------------------------------------------------------------------------------------------

ON = date(2026, 6, 1)


def seat(kind: str, member_id: int | None, organisation: str, start: date | str, end: date | str
         ) -> models.SteeringSeat:
    return models.SteeringSeat(kind=kind, member_id=member_id, organisation=organisation, representative="",
                               term_start=as_date(start), term_end=as_date(end))


def valid_group() -> list[models.SteeringSeat]:
    """Six elected active members with staggered terms (two end each year), KS and U4SSC; first term 2025."""
    return [
        seat("elected", 1, "A", "2025-01-01", "2026-12-31"),
        seat("elected", 2, "B", "2025-01-01", "2026-12-31"),
        seat("elected", 3, "C", "2025-07-01", "2027-06-30"),
        seat("elected", 4, "D", "2025-07-01", "2027-06-30"),
        seat("elected", 5, "E", "2026-05-01", "2028-04-30"),
        seat("elected", 6, "F", "2026-05-01", "2028-04-30"),
        seat("elected", 7, "G", "2027-01-01", "2029-01-01"),  # already elected to follow A
        seat("elected", 8, "H", "2027-01-01", "2029-01-01"),  # and B
        seat("ks", None, "KS", "2025-01-01", "2030-12-31"),
        seat("u4ssc", None, "U4SSC", "2025-01-01", "2030-12-31"),
    ]


ACTIVE = {i: "active" for i in range(1, 20)}


def replaced(group, organisation, **changes):
    result = []
    for s in group:
        if s.organisation == organisation:
            values = {"kind": s.kind, "member_id": s.member_id, "organisation": s.organisation,
                      "start": s.term_start, "end": s.term_end} | changes
            s = seat(values["kind"], values["member_id"], values["organisation"], values["start"], values["end"])
        result.append(s)
    return result


def test_rotation_counts_and_plan_on_hand_made_seats():
    group = valid_group()
    assert steering.rotation_counts(group, 2025, 2030) == {2025: 0, 2026: 2, 2027: 2, 2028: 2, 2029: 2, 2030: 0}
    plan = steering.rotation_plan(group, 2026, 2029)
    assert plan == {2026: ["A", "B"], 2027: ["C", "D"], 2028: ["E", "F"], 2029: ["G", "H"]}
    assert "KS" not in sum(plan.values(), []) and "U4SSC" not in sum(plan.values(), [])  # only elected seats rotate
    assert steering.rotation_plan([], 2026, 2027) == {2026: [], 2027: []}
    assert [s.organisation for s in steering.current(group, ON)] == ["A", "B", "C", "D", "E", "F", "KS", "U4SSC"]


def test_a_valid_group_has_no_warnings():
    assert steering.warnings(valid_group(), ACTIVE, ON) == []


def test_too_few_elected_members():
    group = replaced(replaced(valid_group(), "E", start="2026-07-01"), "F", start="2026-07-01")  # not yet sitting
    assert steering.warnings(group, ACTIVE, ON) == [steering.Warning("steering.warn.too_few",
                                                                     {"count": 4, "minimum": 5})]


def test_too_many_elected_members():
    group = valid_group() + [seat("elected", 9, "I", "2026-01-01", "2026-12-31"),
                             seat("elected", 10, "J", "2026-01-01", "2026-12-31")]
    assert steering.warnings(group, ACTIVE, ON) == [steering.Warning("steering.warn.too_many",
                                                                     {"count": 8, "maximum": 7})]


def test_u4ssc_does_not_count_as_an_elected_member_and_ks_must_sit():
    group = [s for s in valid_group() if s.kind != "ks"]
    assert steering.warnings(group, ACTIVE, ON) == [steering.Warning("steering.warn.no_ks", {})]
    group = [s for s in valid_group() if s.organisation not in ("E", "F")] + [
        seat("u4ssc", None, "U4SSC 2", "2026-01-01", "2027-12-31")]
    keys = [w.key for w in steering.warnings(group, ACTIVE, ON)]
    assert "steering.warn.too_few" in keys


def test_an_elected_seat_of_a_member_that_is_not_active():
    for status in ("withdrawn", "applied", None):
        found = steering.warnings(valid_group(), ACTIVE | {3: status}, ON)
        assert found == [steering.Warning("steering.warn.not_member", {"organisation": "C"})]


def test_a_term_longer_than_two_years():
    group = replaced(valid_group(), "A", start="2024-11-01")
    assert steering.warnings(group, ACTIVE, ON) == [steering.Warning("steering.warn.long_term",
                                                                     {"organisation": "A"})]


def test_a_term_that_ended_within_the_last_year_and_was_not_renewed():
    group = valid_group() + [seat("elected", 11, "K", "2025-04-01", "2026-03-31")]
    assert steering.warnings(group, ACTIVE, ON) == [steering.Warning("steering.warn.term_ended",
                                                                     {"organisation": "K", "end": date(2026, 3, 31)})]
    renewed = group + [seat("elected", 11, "K", "2026-04-01", "2027-12-31")]
    assert "steering.warn.term_ended" not in [w.key for w in steering.warnings(renewed, ACTIVE, ON)]
    long_ago = valid_group() + [seat("elected", 11, "K", "2025-01-01", "2025-05-31")]  # more than a year ago
    assert "steering.warn.term_ended" not in [w.key for w in steering.warnings(long_ago, ACTIVE, ON)]


def test_rotation_count_other_than_two_after_the_first_two_years():
    """Last year: exactly two must have rotated out; next year: at least two terms must end."""
    on = date(2028, 3, 1)
    assert "steering.warn.rotation_due" not in [w.key for w in steering.warnings(valid_group(), ACTIVE, on)]
    late = replaced(valid_group(), "H", start="2028-01-01", end="2030-01-01")  # only G's term ends in 2029
    assert steering.Warning("steering.warn.rotation_due", {"year": 2029, "count": 1, "expected": 2}) in (
        steering.warnings(late, ACTIVE, on))
    three_left = valid_group() + [seat("elected", 9, "I", "2025-07-01", "2027-06-30")]  # C, D and I leave in 2027
    assert steering.Warning("steering.warn.rotation", {"year": 2027, "count": 3, "expected": 2}) in (
        steering.warnings(three_left, ACTIVE, on))
    # within the first two years nothing is checked: the first term began in 2025
    first_years = valid_group() + [seat("elected", 9, "I", "2025-06-01", "2026-12-31")]
    assert not [w for w in steering.warnings(first_years, ACTIVE, ON) if w.key.startswith("steering.warn.rotation")]


def test_a_valid_group_with_only_the_seats_elected_so_far_has_no_warnings():
    group = [s for s in valid_group() if s.organisation not in ("G", "H")]
    assert steering.warnings(group, ACTIVE, ON) == []


def test_a_term_followed_by_a_successor_does_not_warn():
    group = valid_group()  # A and B end 2026-12-31, G and H follow them from 2027-01-01
    found = steering.warnings(group, ACTIVE, date(2027, 3, 1))
    assert "steering.warn.term_ended" not in [w.key for w in found], found


def test_a_re_elected_member_does_not_count_as_rotating_out():
    on = date(2027, 9, 1)
    group = [
        seat("elected", 1, "P1", "2025-07-01", "2027-06-30"),
        seat("elected", 2, "P2", "2025-07-01", "2027-06-30"),
        seat("elected", 3, "P3", "2025-07-01", "2027-06-30"),
        seat("elected", 3, "P3", "2027-07-01", "2029-06-30"),  # re-elected
        seat("elected", 4, "Q1", "2026-07-01", "2028-06-30"),
        seat("elected", 5, "Q2", "2026-07-01", "2028-06-30"),
        seat("elected", 6, "Q3", "2026-07-01", "2028-06-30"),
        seat("elected", 7, "R1", "2027-07-01", "2029-06-30"),  # follows P1
        seat("elected", 8, "R2", "2027-07-01", "2029-06-30"),  # follows P2
        seat("ks", None, "KS", "2025-01-01", "2030-12-31"),
    ]
    found = steering.warnings(group, ACTIVE, on)
    assert not [w for w in found if w.key == "steering.warn.rotation" and w.values["year"] == 2027], found


def test_seats_in_the_database_are_validated_and_audited(url):
    register = members.register(url)
    asker = by_name(register, "Asker")["member"].id
    before = audit_count(url)
    for arguments, key in [
        (("chair", "Asker", "2026-01-01", "2027-12-31", asker), "steering.error.kind"),
        (("elected", "Asker", "2026-01-01", "2025-12-31", asker), "steering.error.date_order"),
        (("elected", "Asker", "2026-02-30", "2027-12-31", asker), "steering.error.date"),
        (("elected", "Asker", "2026-01-01", "2027-12-31", None), "steering.error.member"),
        (("elected", "Asker", "2026-01-01", "2027-12-31", 99_999), "steering.error.member"),
        (("elected", "  ", "2026-01-01", "2027-12-31", asker), "steering.error.text"),
        (("ks", "K" * 201, "2026-01-01", "2027-12-31", None), "steering.error.text"),
    ]:
        with pytest.raises(steering.SteeringError) as error:
            steering.add_seat("sekretariat", *arguments, url=url)
        assert error.value.key == key
    assert audit_count(url) == before and steering.seats(url) == []
    start = last_audit_id(url)
    seat_id = steering.add_seat("sekretariat", "elected", "Asker", "2026-01-01", "2027-12-31", asker, "Ordfører",
                                url=url)
    steering.end_seat("sekretariat", seat_id, "2026-10-31", url=url)
    with pytest.raises(steering.SteeringError):
        steering.end_seat("sekretariat", seat_id, "2025-12-31", url=url)
    created, ended = audit_since(url, start)
    assert (created.entity, created.action, created.before) == ("steering_seat", "create", None)
    assert json.loads(created.after)["term_end"] == "2027-12-31"
    assert ended.action == "update"
    assert json.loads(ended.before)["term_end"] == "2027-12-31" and json.loads(ended.after)["term_end"] == "2026-10-31"
    assert steering.member_statuses(url)[asker] == "active"


# Members -----------------------------------------------------------------------------------------------------------


def test_founding_members_are_seeded_once(fresh_url):
    published = read("network_members")  # the network's published member list (data/sources.yaml)
    register = members.register(fresh_url)
    assert len(register) == len(published)
    viken = by_name(register, "Viken")
    assert viken["member"].code is None and viken["member"].kind == "fylkeskommune" and viken["member"].founding
    assert viken["status"] == "withdrawn" and viken["events"][-1].date == date(2024, 1, 1)
    assert viken["events"][-1].reason
    assert [e.status for e in viken["events"]] == ["applied", "admitted", "agreement", "active", "withdrawn"]
    tromso = by_name(register, "Tromsø")
    assert tromso["status"] == "active" and not tromso["member"].founding
    assert all(e.date is None for e in tromso["events"])
    asker = by_name(register, "Asker")
    assert asker["member"].founding and asker["member"].code == "3203" and asker["status"] == "active"
    assert {e.date for e in asker["events"]} == {members.FOUNDING_DATE}
    assert sum(entry["member"].founding for entry in register) == sum(
        row["grunnlag"].startswith("stiftingsmedlem") for row in published)
    assert sum(entry["status"] == "active" for entry in register) == len(published) - 1  # all but Viken
    assert members.seed_founding_members(read("network_members"), fresh_url) == 0
    assert len(members.register(fresh_url)) == len(published)
    # The published list's member municipalities and counties today, written out as a known fact:
    assert members.active_codes("kommune", fresh_url) == sorted(
        ["3203", "3201", "5001", "1833", "1508", "1804", "1106", "1149", "4204", "1505", "1506", "1103", "5501"])
    assert members.active_codes("fylkeskommune", fresh_url) == ["15", "50"]


def test_apply_registers_an_application(fresh_url):
    start = last_audit_id(fresh_url)
    member_id = members.apply("sekretariat", "kommune", "4601", "Bergen", "2024-02-01", "Søknad", url=fresh_url)
    entry = by_name(members.register(fresh_url), "Bergen")
    assert entry["member"].id == member_id and entry["status"] == "applied" and entry["member"].note == "Søknad"
    assert [(e.entity, e.action) for e in audit_since(fresh_url, start)] == [("member", "create"),
                                                                             ("member_event", "create")]


def test_a_withdrawn_member_applies_again_and_keeps_its_history(fresh_url):
    register = members.register(fresh_url)
    bodo = by_name(register, "Bodø")["member"].id
    members.advance("sekretariat", bodo, "withdrawn", "2025-01-31", reason="Budsjettkutt", url=fresh_url)
    again = members.apply("sekretariat", "kommune", "1804", "Bodø", "2025-09-01", url=fresh_url)
    assert again == bodo
    entry = by_name(members.register(fresh_url), "Bodø")
    assert [e.status for e in entry["events"]] == ["applied", "admitted", "agreement", "active", "withdrawn",
                                                   "applied"]
    assert entry["member"].founding and entry["status"] == "applied"


def test_full_membership_path_and_rejoining_keeps_history(url):
    start = last_audit_id(url)
    member_id = application(url, "4601", "Bergen", "2024-02-01")
    with pytest.raises(members.MemberError) as error:
        members.advance("sekretariat", member_id, "admitted", "2024-03-01", url=url)
    assert error.value.key == "member.error.decision"
    meeting_id = meetings.add_meeting("sekretariat", "2024-03-01", "Oslo", url=url)
    members.advance("sekretariat", member_id, "admitted", "2024-03-01", meeting_id=meeting_id, url=url)
    members.advance("sekretariat", member_id, "agreement", "2024-04-15", url=url)
    members.advance("sekretariat", member_id, "active", "2024-05-01", url=url)
    assert "4601" in members.active_codes("kommune", url)
    with pytest.raises(members.MemberError) as error:
        members.advance("sekretariat", member_id, "withdrawn", "2025-01-31", reason="   ", url=url)
    assert error.value.key == "member.error.reason"
    members.advance("sekretariat", member_id, "withdrawn", "2025-01-31", reason="Budsjettkutt", url=url)
    assert "4601" not in members.active_codes("kommune", url)
    with pytest.raises(members.MemberError) as error:  # re-joining cannot be dated before the withdrawal
        members.apply("sekretariat", "kommune", "4601", "Bergen", "2025-01-30", url=url)
    assert error.value.key == "member.error.date_order"
    assert members.apply("sekretariat", "kommune", "4601", "Bergen", "2025-09-01", url=url) == member_id
    entry = by_name(members.register(url), "Bergen")
    assert entry["status"] == "applied"
    assert [(e.status, e.date.isoformat()) for e in entry["events"]] == [
        ("applied", "2024-02-01"), ("admitted", "2024-03-01"), ("agreement", "2024-04-15"),
        ("active", "2024-05-01"), ("withdrawn", "2025-01-31"), ("applied", "2025-09-01")]
    assert entry["events"][1].meeting_id == meeting_id and entry["events"][4].reason == "Budsjettkutt"
    assert all(e.recorded_by == "sekretariat" for e in entry["events"])
    assert members.status_on(entry["events"], "2024-12-31") == "active"
    assert members.status_on(entry["events"], "2025-06-01") == "withdrawn"
    # the audit trail holds the new member and every event, each with its after-image
    trail = [(e.entity, e.action) for e in audit_since(url, start)]
    assert trail.count(("member", "create")) == 1 and trail.count(("member_event", "create")) == 6
    for entry in audit_since(url, start):
        assert entry.before is None and json.loads(entry.after)["id"] is not None


def test_admission_with_a_decision_reference(url):
    member_id = application(url, "3301", "Drammen", "2025-01-10")
    members.advance("sekretariat", member_id, "admitted", "2025-02-01", reference="Sak 4/2025", url=url)
    entry = by_name(members.register(url), "Drammen")
    assert entry["status"] == "admitted" and entry["events"][-1].reference == "Sak 4/2025"
    with pytest.raises(members.MemberError) as error:
        members.advance("sekretariat", member_id, "agreement", "2025-03-01", meeting_id=99_999, url=url)
    assert error.value.key == "member.error.meeting"


@pytest.mark.parametrize(
    "status, on, extra, key",
    [
        ("active", "2025-06-01", {}, "member.error.transition"),  # applied → active skips two steps
        ("agreement", "2025-06-01", {}, "member.error.transition"),
        ("applied", "2025-06-01", {}, "member.error.status"),  # applying again goes through apply()
        ("member", "2025-06-01", {}, "member.error.status"),
        ("admitted", "2025-01-01", {"reference": "Sak 1"}, "member.error.date_order"),  # before the application
        ("admitted", "2025-02-30", {"reference": "Sak 1"}, "member.error.date"),
        ("admitted", "", {"reference": "Sak 1"}, "member.error.date"),
        ("admitted", "3000-01-01", {"reference": "Sak 1"}, "member.error.date"),
        ("admitted", "2025-06-01", {"reference": "x" * 301}, "member.error.too_long"),
        ("withdrawn", "2025-06-01", {"reason": "x" * 2001}, "member.error.too_long"),
    ],
)
def test_invalid_status_changes_are_refused_and_change_nothing(url, status, on, extra, key):
    entry = next((e for e in members.register(url) if e["member"].code == "3401"), None)
    member_id = entry["member"].id if entry else application(url, "3401", "Kongsvinger", "2025-04-01")
    events, before = len(by_name(members.register(url), "Kongsvinger")["events"]), audit_count(url)
    with pytest.raises(members.MemberError) as error:
        members.advance("sekretariat", member_id, status, on, url=url, **extra)
    assert error.value.key == key
    assert len(by_name(members.register(url), "Kongsvinger")["events"]) == events
    assert audit_count(url) == before


def test_unknown_member_and_withdrawing_twice_are_refused(url):
    with pytest.raises(members.MemberError) as error:
        members.advance("sekretariat", 99_999, "admitted", "2025-01-01", reference="Sak 1", url=url)
    assert error.value.key == "member.error.unknown"
    viken = by_name(members.register(url), "Viken")["member"].id
    with pytest.raises(members.MemberError) as error:
        members.advance("sekretariat", viken, "withdrawn", "2025-01-01", reason="igjen", url=url)
    assert error.value.key == "member.error.transition"


@pytest.mark.parametrize(
    "arguments, key",
    [
        (("kommune", "3203", "Asker", "2025-01-01", ""), "member.error.duplicate"),  # an active founding member
        (("fylkeskommune", "50", "Trøndelag", "2025-01-01", ""), "member.error.duplicate"),
        (("kommune", "5501", "Tromsø", "2025-01-01", ""), "member.error.duplicate"),
        (("kommune", "0301", "", "2025-01-01", ""), "member.error.name"),
        (("kommune", "0301", "   ", "2025-01-01", ""), "member.error.name"),
        (("kommune", "9999", "Ukjent", "2025-01-01", ""), "member.error.code"),
        (("kommune", "", "Ukjent", "2025-01-01", ""), "member.error.choose_area"),
        (("kommune", "50", "Trøndelag", "2025-01-01", ""), "member.error.code"),  # a county code as a kommune
        (("by", "0301", "Oslo", "2025-01-01", ""), "member.error.kind"),
        (("kommune", "0301", "Oslo", "2025-01-01", "x" * 2001), "member.error.too_long"),
        (("kommune", "0301", "O" * 201, "2025-01-01", ""), "member.error.too_long"),
        (("kommune", "0301", "Oslo", "01.01.2025", ""), "member.error.date"),
    ],
)
def test_bad_applications_are_refused_and_change_nothing(url, arguments, key):
    count, before = len(members.register(url)), audit_count(url)
    with pytest.raises(members.MemberError) as error:
        members.apply("sekretariat", *arguments, url=url)
    assert error.value.key == key
    assert len(members.register(url)) == count and audit_count(url) == before
    assert "0301" not in {e["member"].code for e in members.register(url)}


def test_an_open_application_cannot_be_duplicated(url):
    application(url, "3909", "Larvik", "2025-05-01")
    with pytest.raises(members.MemberError) as error:
        members.apply("sekretariat", "kommune", "3909", "Larvik", "2025-05-02", url=url)
    assert error.value.key == "member.error.duplicate"
    assert len(by_name(members.register(url), "Larvik")["events"]) == 1


# Meetings and the activity plan -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments, key",
    [
        (("2025-03-10", ""), "meeting.error.empty"),
        (("2025-03-10", "   "), "meeting.error.empty"),
        (("2025-03-10", "P" * 201), "meeting.error.too_long"),
        (("2025-02-30", "Oslo"), "meeting.error.date"),
        (("", "Oslo"), "meeting.error.date"),
        (("2025-03-10", "Oslo", "a" * 20_001), "meeting.error.too_long"),
        (("2025-03-10", "Oslo", "", "m" * 20_001), "meeting.error.too_long"),
    ],
)
def test_bad_meetings_are_refused_and_change_nothing(url, arguments, key):
    count, before = len(meetings.meetings(url)), audit_count(url)
    with pytest.raises(meetings.MeetingError) as error:
        meetings.add_meeting("sekretariat", *arguments, url=url)
    assert error.value.key == key
    assert len(meetings.meetings(url)) == count and audit_count(url) == before


def test_meetings_decisions_and_actions(url):
    start = last_audit_id(url)
    meeting_id = meetings.add_meeting("sekretariat", "2025-03-10", " Trondheim ", "Budsjett\nOpptak", "a" * 20_000,
                                      url=url)
    stored = next(m for m in meetings.meetings(url) if m.id == meeting_id)
    assert (stored.place, stored.agenda, len(stored.minutes)) == ("Trondheim", "Budsjett\nOpptak", 20_000)
    bad_decisions = [
        ((meeting_id, "", "Tekst"), "meeting.error.empty"),
        ((meeting_id, "Sak 1", "  "), "meeting.error.empty"),
        ((meeting_id, "S" * 51, "Tekst"), "meeting.error.too_long"),
        ((meeting_id, "Sak 1", "x" * 20_001), "meeting.error.too_long"),
        ((99_999, "Sak 1", "Tekst"), "meeting.error.unknown"),
    ]
    bad_actions = [
        ((meeting_id, "Følg opp", "Kari", "2025-03-09"), "meeting.error.due_before_meeting"),
        ((meeting_id, "Følg opp", "Kari", "2025-13-01"), "meeting.error.date"),
        ((meeting_id, "Følg opp", "  ", "2025-04-01"), "meeting.error.empty"),
        ((meeting_id, "", "Kari", "2025-04-01"), "meeting.error.empty"),
        ((meeting_id, "x" * 2001, "Kari", "2025-04-01"), "meeting.error.too_long"),
        ((meeting_id, "x" * 20_001, "Kari", "2025-04-01"), "meeting.error.too_long"),
        ((99_999, "Følg opp", "Kari", "2025-04-01"), "meeting.error.unknown"),
    ]
    before = audit_count(url)
    for arguments, key in bad_decisions:
        with pytest.raises(meetings.MeetingError) as error:
            meetings.add_decision("sekretariat", *arguments, url=url)
        assert error.value.key == key
    for arguments, key in bad_actions:
        with pytest.raises(meetings.MeetingError) as error:
            meetings.add_action("sekretariat", *arguments, url=url)
        assert error.value.key == key
    assert audit_count(url) == before and meetings.actions(url) == []
    decision_id = meetings.add_decision("sekretariat", meeting_id, "Sak 7/2025", "Bergen tas opp som medlem.",
                                        url=url)
    on_time = meetings.add_action("sekretariat", meeting_id, "Send avtale", "Kari", "2025-03-10", decision_id, url=url)
    late = meetings.add_action("sekretariat", meeting_id, "Lag budsjett", "Ola", "2025-04-01", url=url)
    later = meetings.add_action("sekretariat", meeting_id, "Planlegg samling", "Per", "2025-09-01", url=url)
    open_now, overdue = meetings.open_actions(meetings.actions(url), date(2025, 5, 1))
    assert {a.id for a in open_now} == {on_time, late, later} and {a.id for a in overdue} == {on_time, late}
    meetings.set_action_status("sekretariat", late, "done", url=url)
    with pytest.raises(meetings.MeetingError):
        meetings.set_action_status("sekretariat", later, "finished", url=url)
    with pytest.raises(meetings.MeetingError):
        meetings.set_action_status("sekretariat", 99_999, "done", url=url)
    open_now, overdue = meetings.open_actions(meetings.actions(url), date(2025, 5, 1))
    assert {a.id for a in open_now} == {on_time, later} and [a.id for a in overdue] == [on_time]
    assert meetings.open_actions(meetings.actions(url), date(2025, 3, 10))[1] == []  # due today is not overdue
    meetings.update_minutes("sekretariat", meeting_id, "Budsjett", "Vedtatt.", url=url)
    with pytest.raises(meetings.MeetingError) as error:
        meetings.update_minutes("sekretariat", meeting_id, "Budsjett", "m" * 20_001, url=url)
    assert error.value.key == "meeting.error.too_long"
    trail = audit_since(url, start)
    assert [(e.entity, e.action) for e in trail] == [
        ("meeting", "create"), ("decision", "create"), ("follow_up", "create"), ("follow_up", "create"),
        ("follow_up", "create"), ("follow_up", "update"), ("meeting", "update")]
    status_change, minutes_change = trail[5], trail[6]
    assert json.loads(status_change.before)["status"] == "open" and json.loads(status_change.after)["status"] == "done"
    assert json.loads(minutes_change.before)["minutes"] == "a" * 20_000
    assert json.loads(minutes_change.after)["minutes"] == "Vedtatt."
    assert json.loads(trail[1].after)["text"] == "Bergen tas opp som medlem."


@pytest.mark.parametrize("count, warned", [(3, True), (4, False), (5, False), (6, True), (0, True)])
def test_meeting_count_warnings(count, warned):
    held = [models.Meeting(date=date(2024, month, 15), place="Oslo") for month in range(1, count + 1)]
    held.append(models.Meeting(date=date(2023, 6, 1), place="Oslo"))
    result = meetings.meeting_count_warnings(held, [2024])
    assert result == ({2024: count} if warned else {})
    assert meetings.meeting_count_warnings(held, [2023]) == {2023: 1}


def test_activities(url):
    before = audit_count(url)
    for arguments, key in [
        ((2025, "Samling", "Kari", "cancelled"), "meeting.error.status"),
        ((2019, "Samling"), "meeting.error.year"),
        ((2025, "  "), "meeting.error.empty"),
        ((2025, "T" * 301), "meeting.error.too_long"),
    ]:
        with pytest.raises(meetings.MeetingError) as error:
            meetings.add_activity("sekretariat", *arguments, url=url)
        assert error.value.key == key
    assert audit_count(url) == before
    start = last_audit_id(url)
    first = meetings.add_activity("sekretariat", 2025, "Nettverkssamling i Bodø", "Bodø", "ongoing", url=url)
    meetings.add_activity("sekretariat", 2026, "U4SSC-rapport", url=url)
    assert [(a.id, a.title, a.status) for a in meetings.activities(2025, url)] == [
        (first, "Nettverkssamling i Bodø", "ongoing")]
    assert len(meetings.activities(url=url)) >= 2
    trail = audit_since(url, start)
    assert [(e.entity, e.action, e.before) for e in trail] == [("activity", "create", None)] * 2
    assert json.loads(trail[0].after)["title"] == "Nettverkssamling i Bodø"


# Annual report ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(url):
    return compute(queries.all_observations(url), load_catalogue(), targets.local_targets(url))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_annual_report(url, book, lang):
    from docx import Document

    meeting_id = meetings.add_meeting("sekretariat", "2025-10-20", f"Ålesund {lang}", url=url)
    meetings.add_decision("sekretariat", meeting_id, f"Sak 20/{lang}", f"Årsplanen vedtas ({lang}).", url=url)
    meetings.add_activity("sekretariat", 2025, f"Kurs i U4SSC ({lang})", url=url)
    goals = queries.sdg_goals(url)
    names = dict(zip(goals.number, goals.short_nb if lang == "nb" else goals.short_en, strict=True))
    codes = list(queries.municipalities(url).code)
    content = annual_report(2025, lang, book, names, codes, url)
    assert content[:2] == b"PK"  # a .docx is a zip
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert t("report.title", lang, year=2025) in text and "2025" in document.paragraphs[0].text
    assert "Asker" in text and "Trondheim" in text and "Tromsø" in text
    assert f"Sak 20/{lang}: Årsplanen vedtas ({lang})." in text
    assert {"nb": "20. oktober 2025, Ålesund nb", "en": "20 October 2025, Ålesund en"}[lang] in text  # a local date
    assert f"Kurs i U4SSC ({lang})" in text
    assert t("report.results", lang) in text
    table = document.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == [t("report.goal", lang), t("report.members_median", lang), t("report.all_median", lang)]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    everyone = median_goal_scores(book, codes)
    assert [row[0] for row in rows] == [f"{goal}. {names[goal]}" for goal in everyone.index if everyone.notna()[goal]]
    assert len(rows) >= 5 and all(row[1] and row[2] for row in rows)
    assert rows[0][2] == number(everyone[int(rows[0][0].split(".")[0])], lang, 0)
