"""Partners and dialogue (core/learning/partners.py), and the learning arena's part of the annual report.

Every partner, conversation, case and answer here is INVENTED by this code ("Oppdiktet"); the database is a private
copy of the public data.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from core import auth, db, models
from core.gate import SYSTEM, PermissionDenied
from core.learning import assessment, cases, partners
from core.learning.vocabulary import PROCESSES
from core.network import meetings
from core.network.report import annual_report

YEAR = date.today().year
USERS = {"sekretariat": ("secretariat", None, None), "koord.karasjok": ("coordinator", "municipality", "5610")}


@pytest.fixture(scope="module")
def url(private_database, add_users) -> str:
    url = private_database("learning_partners")
    add_users(url, USERS)
    return url


@pytest.fixture(scope="module")
def who(url, identity_of) -> dict[str, auth.Identity]:
    return {name: identity_of(url, name) for name in USERS} | {"": auth.VIEWER}


def audit(url: str, entity: str) -> list[models.AuditEntry]:
    with db.session(url) as session:
        return list(session.scalars(select(models.AuditEntry).where(models.AuditEntry.entity == entity)
                                    .order_by(models.AuditEntry.id)))


def test_the_register_keeps_type_contact_agreements_and_sectors(url, who):
    secretariat = who["sekretariat"]
    partner_id = partners.save_partner(secretariat, name="Oppdiktet Forskningsinstitutt", kind="research",
                                       sectors=["research", "state", "research"], contact_person="Oppdiktet Person",
                                       contact_email="post@example.org", agreements="Samarbeidsavtale 2026–2027",
                                       url=url)
    partner = next(p for p in partners.partners(url) if p.id == partner_id)
    assert partners.sectors_of(partner) == ("research", "state")  # repeats dropped, order kept
    assert (partner.kind, partner.contact_email, partner.active) == ("research", "post@example.org", True)
    partners.save_partner(secretariat, partner_id, name="Oppdiktet Forskningsinstitutt", kind="research",
                          active=False, url=url)
    assert partner_id not in [p.id for p in partners.partners(url, active_only=True)]
    assert [e.action for e in audit(url, "partner") if e.entity_id == str(partner_id)] == ["create", "update"]
    with pytest.raises(partners.PartnerError, match="partner.error.duplicate"):
        partners.save_partner(secretariat, name="oppdiktet forskningsinstitutt", kind="other", url=url)


@pytest.mark.parametrize("fields, key", [
    ({"name": " "}, "partner.error.name"),
    ({"kind": "friend"}, "partner.error.kind"),
    ({"sectors": ["space"]}, "partner.error.sector"),
    ({"contact_email": "ikke en adresse"}, "partner.error.email"),
])
def test_bad_partner_input_is_refused(url, who, fields, key):
    with pytest.raises(partners.PartnerError) as refused:
        partners.save_partner(who["sekretariat"], **{"name": "Oppdiktet", "kind": "network"} | fields, url=url)
    assert refused.value.key == key


def test_only_the_secretariat_keeps_the_register(url, who):
    for actor in (who["koord.karasjok"], who[""]):
        with pytest.raises(PermissionDenied):
            partners.save_partner(actor, name="Oppdiktet nettverk", kind="network", url=url)
    assert "Oppdiktet nettverk" not in [p.name for p in partners.partners(url)]


def test_a_dialogue_with_a_follow_up_is_listed_with_the_steering_groups_follow_ups(url, who):
    secretariat = who["sekretariat"]
    partner_id = partners.save_partner(secretariat, name="Oppdiktet FN-organ", kind="un", url=url)
    with pytest.raises(partners.PartnerError, match="partner.error.owner"):
        partners.add_dialogue(secretariat, partner_id, f"{YEAR}-03-01", "Kari", "Felles webinar",
                              "Sende program", "", f"{YEAR}-04-01", url=url)
    with pytest.raises(partners.PartnerError, match="partner.error.due_before"):
        partners.add_dialogue(secretariat, partner_id, f"{YEAR}-03-01", "Kari", "Felles webinar",
                              "Sende program", "Kari", f"{YEAR}-02-01", url=url)
    with pytest.raises(partners.PartnerError, match="partner.error.due"):
        partners.add_dialogue(secretariat, partner_id, f"{YEAR}-03-01", "Kari", "Felles webinar",
                              "Sende program", "Kari", None, url=url)
    entry = partners.add_dialogue(secretariat, partner_id, f"{YEAR}-03-01", "Kari (sekretariatet), Ola (FN)",
                                  "Felles webinar i mai", "Sende program", "Kari", f"{YEAR}-04-01", url=url)
    quiet = partners.add_dialogue(secretariat, partner_id, f"{YEAR}-03-05", "Kari", "Ingen oppfølging",
                                  follow_up_owner="Ola", follow_up_due=f"{YEAR}-05-01", url=url)
    meeting = meetings.add_meeting(SYSTEM, f"{YEAR}-02-10", "Oppdiktet rådhus", url=url)
    action = meetings.add_action(SYSTEM, meeting, "Oppdiktet: send referat", "Per", f"{YEAR}-03-15", url=url)

    found = partners.follow_ups(url)
    assert [(f.origin, f.id) for f in found] == [("meeting", action), ("dialogue", entry)]  # by deadline
    assert found[1].where == "Oppdiktet FN-organ" and found[1].owner == "Kari"
    assert partners.overdue(found, f"{YEAR}-03-20") == [found[0]]
    log = partners.dialogue(url, partner_id=partner_id)
    assert [e.id for e in log] == [quiet, entry]
    assert (log[0].follow_up_owner, log[0].follow_up_due, log[0].follow_up_status) == ("", None, None)

    partners.set_follow_up_status(secretariat, entry, "done", url)
    assert ("dialogue", entry) not in [(f.origin, f.id) for f in partners.follow_ups(url)]
    assert ("dialogue", entry) in [(f.origin, f.id) for f in partners.follow_ups(url, status="done")]
    with pytest.raises(partners.PartnerError, match="partner.error.no_follow_up"):
        partners.set_follow_up_status(secretariat, quiet, "done", url)
    changes = [json.loads(e.after)["follow_up_status"] for e in audit(url, "partner_dialogue")
               if e.entity_id == str(entry)]
    assert changes == ["open", "done"]


def test_activities_of_the_plan_name_partners(url, who):
    secretariat = who["sekretariat"]
    first = partners.save_partner(secretariat, name="Oppdiktet KS-partner", kind="strategic", url=url)
    second = partners.save_partner(secretariat, name="Oppdiktet Næringsforum", kind="business", url=url)
    activity = meetings.add_activity(SYSTEM, YEAR, "Oppdiktet nettverkssamling", url=url)
    partners.set_activity_partners(secretariat, activity, [second, first, first], url)
    assert partners.activity_partners(url)[activity] == sorted([first, second])
    partners.set_activity_partners(secretariat, activity, [second], url)
    assert partners.activity_partners(url)[activity] == [second]
    entry = [e for e in audit(url, "activity_partner") if e.entity_id == str(activity)][-1]
    assert json.loads(entry.before) == {"partner_ids": sorted([first, second])}
    with pytest.raises(partners.PartnerError, match="partner.error.unknown"):
        partners.set_activity_partners(secretariat, activity, [10**6], url)
    with pytest.raises(partners.PartnerError, match="partner.error.unknown_activity"):
        partners.set_activity_partners(secretariat, 10**6, [first], url)


def report_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_annual_report_has_the_cases_the_networks_picture_and_the_partners(url, who, lang):
    from core import queries, targets
    from core.catalogue import load_catalogue
    from core.scores import compute

    secretariat, coordinator = who["sekretariat"], who["koord.karasjok"]
    if not cases.published(url):
        case_id = cases.save_case(coordinator, area_level="municipality", area_code="5610", language="nb",
                                  year=YEAR, title="Oppdiktet rapporteksempel", summary="s", done="d", results="r",
                                  contact="c", goals=[4], processes=["involvement"], url=url)
        cases.submit_case(coordinator, case_id, url)
        cases.approve_case(secretariat, case_id, url)
        assessment.save_assessment(coordinator, "municipality", "5610", YEAR,
                                   {p: (4, "Oppdiktet begrunnelse") for p in PROCESSES}, url)
    goals = {g: f"Mål {g}" for g in range(1, 18)}
    book = compute(queries.all_observations(url), load_catalogue(), targets.local_targets(url))
    text = report_text(annual_report(YEAR, lang, book, goals, ["5610"], url))
    assert "Oppdiktet rapporteksempel" in text
    assert ("Selvevaluering av de seks prosessene" if lang == "nb" else "Self-assessment of the six processes") in text
    assert ("Bærekraftige offentlige anskaffelser" if lang == "nb" else "Sustainable public procurement") in text
    assert "Koordinator" not in text and "Oppdiktet begrunnelse" not in text  # no member's own answers
    assert "Oppdiktet FN-organ" in text and "Felles webinar i mai" in text and "Sende program" in text
    assert "Oppdiktet nettverkssamling: Oppdiktet Næringsforum" in text
    if lang == "en":
        assert "in Norwegian only" in text  # the case has no English text
