"""The audit log for people (issue 13 §5): local time, who, the action translated, the entity by name, each changed
field before and after; filters by person, kind and period; failed logins listed.

Unit and property tests of core/audit.py, and the page in AppTest on a private database (a copy of the public data
with a few changes made through the gate and one failed login).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import audit, auth, dates, models
from core.gate import SYSTEM
from core.i18n import day, t, when
from core.network import fees, members, steering
from core.sources import read

ADMIN = "logg.admin"
WRONG = "ikke riktig passord 123"

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
snapshots = st.dictionaries(st.sampled_from(["name", "role", "term_end", "id", "updated_at", "note"]), scalars)


@given(snapshots, snapshots)
def test_changed_fields_are_exactly_the_differing_fields_but_bookkeeping(before, after):
    changed = audit.changed_fields(json.dumps(before), after)
    names = [name for name, _, _ in changed]
    assert len(names) == len(set(names))
    for name, old, new in changed:
        assert name not in audit.BOOKKEEPING and old != new
        assert (old, new) == (before.get(name), after.get(name))
    for name in (before.keys() | after.keys()) - audit.BOOKKEEPING - set(names):
        assert before.get(name) == after.get(name)  # nothing that differs is left out


@given(snapshots)
def test_a_created_row_lists_its_filled_fields_and_a_deleted_one_its_former(values):
    filled = {k for k, v in values.items() if v is not None and k not in audit.BOOKKEEPING}
    assert {name for name, _, _ in audit.changed_fields(None, values)} == filled
    assert {name for name, _, _ in audit.changed_fields(values, None)} == filled


def test_snapshots_that_are_not_json_objects_read_as_empty():
    for text in (None, "", "not json", "[1, 2]", "3"):
        assert audit.snapshot(text) == {}


def test_values_are_shown_as_people_read_them():
    known = audit.Names(members={7: "Asker"}, areas={"5610": "Karasjok"}, users={"a": "Anne"})
    assert audit.shown("steering_seat", "member_id", 7, known, "nb") == "Asker"
    assert audit.shown("user", "area_code", "5610", known, "nb") == "Karasjok"
    assert audit.shown("user", "role", "coordinator", known, "en") == t("role.coordinator", "en")
    assert audit.shown("member_event", "status", "active", known, "nb") == t("member.status.active", "nb")
    assert audit.shown("user", "active", False, known, "nb") == t("audit.no", "nb")
    assert audit.shown("steering_seat", "term_end", "2027-12-31", known, "nb") == day(date(2027, 12, 31), "nb")
    moment = "2026-07-01T10:00:00+00:00"
    assert audit.shown("user", "created_at", moment, known, "nb") == when(moment, "nb") == "01.07.2026, 12:00"
    assert audit.shown("user", "note", None, known, "nb") == "–"


def test_entities_are_named_not_numbered():
    known = audit.Names(members={3: "Bodø"}, meetings={2: "01.02.2026 Asker"}, areas={"0301": "Oslo"})
    assert audit.entity_name("member_event", "9", {"member_id": 3}, known) == "Bodø"
    assert audit.entity_name("decision", "4", {"meeting_id": 2}, known) == "01.02.2026 Asker"
    assert audit.entity_name("steering_seat", "5", {"representative": "Kari", "organisation": "KS"}, known) \
        == "Kari – KS"
    assert audit.entity_name("local_target", "1", {"area_code": "0301", "indicator_id": "x"}, known) == "Oslo – x"
    assert audit.entity_name("fee_tariff", "2026", {"year": 2026}, known) == "2026"  # the year is its name


def test_every_field_of_an_audited_row_has_a_name():
    """tests/test_translations.py checks that every audit.field.<name> of FIELDS exists in both languages."""
    audited = (models.User, models.SteeringSeat, models.PeerSet, models.LocalTarget, models.FeeTariff, models.Member,
               models.MemberEvent, models.Meeting, models.Decision, models.FollowUp, models.ActivityPlan,
               models.MemberValue, models.MemberImport, models.Partner, models.PartnerDialogue,
               models.ProcessAssessment, models.AssessmentYear, models.PracticeCase, models.PracticeCaseAttachment)
    for model in audited:
        for column in model.__table__.columns:
            assert column.name in audit.BOOKKEEPING or column.name in audit.FIELDS, (model.__tablename__, column.name)
    for code in audit.ENTITIES:
        assert audit.entity_label(code, "nb") != f"audit.entity.{code}"


# The page ----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def logged(private_database, add_users, identity_of):
    url = private_database("audit_log")
    members.seed_founding_members(read("network_members"), url)
    add_users(url, {ADMIN: ("admin", None, None)})
    year = dates.today().year
    fees.set_tariff(SYSTEM, year, 1.0, 20_000, 150_000, True, "Sak 1", url=url)
    asker = next(e["member"] for e in members.register(url) if e["member"].code == "3203")
    seat = steering.add_seat(SYSTEM, "elected", "Asker", f"{year}-01-01", f"{year + 1}-12-31", asker.id, "Kari",
                             url=url)
    steering.end_seat(SYSTEM, seat, f"{year}-06-30", url=url)
    with pytest.raises(auth.AuthError):
        auth.authenticate(ADMIN, WRONG, url)
    return url, identity_of(url, ADMIN), asker.name, year


@pytest.fixture
def page(logged, monkeypatch, open_page):
    url, identity, _, _ = logged
    monkeypatch.setenv("DATABASE_URL", url)
    return lambda lang="nb": open_page("audit_log", identity, lang)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_page_shows_who_what_which_and_the_fields_side_by_side(logged, page, lang):
    url, _, asker, year = logged
    app = page(lang)
    changes = app.dataframe[0].value
    ended = changes[(changes[t("audit.column.kind", lang)] == t("audit.entity.steering_seat", lang))
                    & (changes[t("column.action", lang)] == t("audit.action.update", lang))]
    assert list(ended[t("audit.column.object", lang)]) == [f"Kari – {asker}"]
    assert list(ended[t("audit.column.field", lang)]) == [t("audit.field.term_end", lang)]
    assert list(ended[t("column.before", lang)]) == [day(date(year + 1, 12, 31), lang)]
    assert list(ended[t("column.after", lang)]) == [day(date(year, 6, 30), lang)]
    newest = audit.entries(url, limit=1)[0]
    assert when(newest.at, lang) in set(changes[t("column.when", lang)])  # Norway's clock, the local format
    shown = " ".join(changes.astype(str).to_numpy().ravel())
    for raw in ("steering_seat", "fee_tariff", "term_end", "update", "None"):
        assert raw not in shown, raw
    failed = app.dataframe[1].value
    assert ADMIN in set(failed[t("audit.column.username", lang)])


def test_filters_narrow_the_changes(logged, page):
    app = page()
    every = len(app.dataframe[0].value)
    app.selectbox(key="audit_kind").set_value("fee_tariff").run()
    kinds = set(app.dataframe[0].value[t("audit.column.kind", "nb")])
    assert kinds == {t("audit.entity.fee_tariff", "nb")} and len(app.dataframe[0].value) < every
    app.selectbox(key="audit_kind").set_value(None).run()
    app.selectbox(key="audit_person").set_value(SYSTEM.username).run()
    assert set(app.dataframe[0].value[t("column.by", "nb")]) == {SYSTEM.username}  # not the founding members' import
    app.selectbox(key="audit_person").set_value(ADMIN).run()  # made none, but failed to log in once
    assert t("audit.none", "nb") in [info.value for info in app.info]
    assert set(app.dataframe[0].value[t("audit.column.username", "nb")]) == {ADMIN}
    app.selectbox(key="audit_person").set_value(None).run()
    yesterday = dates.today() - timedelta(days=1)  # every change here was made today
    app.date_input(key="audit_period").set_value((yesterday - timedelta(days=30), yesterday)).run()
    assert t("audit.none", "nb") in [info.value for info in app.info]
    assert t("audit.no_failed", "nb") in [info.value for info in app.info]


def test_a_local_day_starts_at_norwegian_midnight():
    assert audit.local_midnight(date(2026, 7, 1)) == datetime(2026, 6, 30, 22, tzinfo=UTC)
    assert audit.local_midnight(date(2026, 1, 1)) == datetime(2025, 12, 31, 23, tzinfo=UTC)
