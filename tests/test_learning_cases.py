"""Good-practice cases (core/learning/cases.py, attachments.py): drafts stay private until the secretariat approves
them, search finds them, and an attachment that is not a sound PDF or image is refused with nothing stored.

Every case here is INVENTED by this code ("Oppdiktet"); the database is a private copy of the public data.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfWriter
from sqlalchemy import func, select

from core import auth, db, models
from core.errors import UserError
from core.forms import CaseForm, checked
from core.gate import PermissionDenied
from core.learning import attachments, cases
from core.learning.attachments import AttachmentError

KARASJOK, OSLO, TROMS = "5610", "0301", "55"
USERS = {
    "koord.karasjok": ("coordinator", "municipality", KARASJOK),
    "koord.oslo": ("coordinator", "municipality", OSLO),
    "sekretariat": ("secretariat", None, None),
}
DRAFT = {"area_level": "municipality", "area_code": KARASJOK, "language": "nb", "year": 2025,
         "title": "Oppdiktet: felles innkjøp av elbusser", "summary": "Oppdiktet sammendrag om innkjøp.",
         "done": "Kommunen samordnet innkjøpene med nabokommunene.", "results": "Utslippene falt med 12 % (oppdiktet).",
         "contact": "Oppdiktet Person, oppdiktet@example.org", "goals": [12], "targets": ["13.2"],
         "processes": ["procurement"], "indicators": ["low_income_eu60"]}


@pytest.fixture(scope="module")
def url(private_database, add_users) -> str:
    url = private_database("learning_cases")
    add_users(url, USERS)
    return url


@pytest.fixture(scope="module")
def who(url, identity_of) -> dict[str, auth.Identity]:
    return {name: identity_of(url, name) for name in USERS} | {"": auth.VIEWER}


def count(url: str, model) -> int:
    with db.session(url) as session:
        return session.scalar(select(func.count()).select_from(model))


def audit(url: str, entity: str, entity_id) -> list[models.AuditEntry]:
    with db.session(url) as session:
        return list(session.scalars(select(models.AuditEntry).where(
            models.AuditEntry.entity == entity, models.AuditEntry.entity_id == str(entity_id)).order_by(
            models.AuditEntry.id)))


def png(size=(8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 10, 10)).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf(password: str | None = None) -> bytes:
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=300, height=200)
    if password:
        writer.encrypt(password)
    writer.write(buffer)
    return buffer.getvalue()


# The way from draft to public ---------------------------------------------------------------------------------------


def test_a_draft_is_private_until_the_secretariat_approves_it(url, who):
    author, other, secretariat, viewer = who["koord.karasjok"], who["koord.oslo"], who["sekretariat"], who[""]
    case_id = cases.save_case(author, **DRAFT, url=url)
    assert cases.case(author, case_id, url).status == cases.DRAFT
    assert cases.case(secretariat, case_id, url) is not None
    assert cases.case(other, case_id, url) is None and cases.case(viewer, case_id, url) is None
    assert case_id not in [c.id for c in cases.published(url)]
    assert case_id in [c.id for c in cases.editable(author, url)]
    assert case_id not in [c.id for c in cases.editable(other, url)] and cases.editable(viewer, url) == []

    cases.submit_case(author, case_id, url)
    assert cases.case(viewer, case_id, url) is None  # awaiting approval: still private
    assert case_id in [c.id for c in cases.awaiting_approval(url)]
    with pytest.raises(PermissionDenied):
        cases.approve_case(author, case_id, url)  # a coordinator cannot publish their own case
    cases.approve_case(secretariat, case_id, url)

    public = cases.case(viewer, case_id, url)
    assert public.public and public.approved_at is not None
    assert case_id in [c.id for c in cases.published(url)]
    assert [e.action for e in audit(url, "practice_case", case_id)] == ["create", "submit", "approve"]
    with pytest.raises(cases.CaseError, match="case.error.published"):  # public: only the secretariat edits it
        cases.save_case(author, case_id, **DRAFT | {"title": "Oppdiktet: endret"}, url=url)

    cases.return_case(secretariat, case_id, "Oppdiktet: tallene mangler kilde", url)
    returned = cases.case(author, case_id, url)
    assert returned.status == cases.DRAFT and returned.review_note == "Oppdiktet: tallene mangler kilde"
    assert cases.case(viewer, case_id, url) is None
    entry = audit(url, "practice_case", case_id)[-1]
    assert entry.action == "return" and entry.user == "sekretariat"
    assert json.loads(entry.before)["status"] == "published" and json.loads(entry.after)["status"] == "draft"


def test_the_texts_links_and_translation_are_kept_and_targets_bring_their_goals(url, who):
    case_id = cases.save_case(who["koord.karasjok"], **DRAFT | {"translation_title": "Invented: joint bus purchase",
                                                                "translation_summary": "Invented summary."}, url=url)
    case = cases.case(who["sekretariat"], case_id, url)
    assert case.goals == (12, 13) and case.targets == ("13.2",)  # 13.2 brings goal 13
    assert case.processes == ("procurement",) and case.indicators == ("low_income_eu60",)
    assert case.original.language == "nb" and case.translation.title == "Invented: joint bus purchase"
    assert case.text_for("en").title == "Invented: joint bus purchase" and case.text_for("nb").language == "nb"
    after = json.loads(audit(url, "practice_case", case_id)[0].after)
    assert after["goals"] == ["12", "13"] and after["text_en"]["title"] == "Invented: joint bus purchase"

    cases.save_case(who["koord.karasjok"], case_id, **DRAFT | {"goals": [3], "targets": []}, url=url)  # no translation
    changed = cases.case(who["sekretariat"], case_id, url)
    assert changed.goals == (3,) and changed.translation is None
    entry = audit(url, "practice_case", case_id)[-1]
    assert entry.action == "update" and json.loads(entry.before)["goals"] == ["12", "13"]


def test_an_english_case_may_carry_a_bokmal_translation(url, who):
    case_id = cases.save_case(who["koord.karasjok"], **DRAFT | {"language": "en", "title": "Invented in English",
                                                                "translation_title": "Oppdiktet på bokmål"}, url=url)
    case = cases.case(who["koord.karasjok"], case_id, url)
    assert set(case.texts) == {"en", "nb"} and case.text_for("nb").title == "Oppdiktet på bokmål"


@pytest.mark.parametrize("change, key", [
    ({"area_code": "9999"}, "case.error.area_unknown"),
    ({"targets": ["11.99"]}, "case.error.target"),
    ({"indicators": ["no_such_indicator"]}, "case.error.indicator"),
    ({"year": 2100}, "case.error.future_year"),
    ({"title": "   "}, "case.error.title"),
    ({"title": "x" * 201}, "case.error.too_long"),
    ({"language": "de"}, "case.error.language"),
    ({"goals": [18]}, "case.error.goal"),
    ({"processes": ["marketing"]}, "case.error.process"),
    ({"translation_summary": "Only a summary"}, "case.error.translation_title"),
    ({"area_level": "country"}, "case.error.area"),
])
def test_bad_input_is_refused_with_its_reason_and_nothing_is_written(url, who, change, key):
    before = count(url, models.PracticeCase), count(url, models.AuditEntry)
    with pytest.raises(UserError) as refused:
        cases.save_case(who["sekretariat"], **DRAFT | change, url=url)
    assert refused.value.key == key
    assert (count(url, models.PracticeCase), count(url, models.AuditEntry)) == before


def test_nobody_writes_for_another_member_or_without_an_account(url, who):
    before = count(url, models.PracticeCase), count(url, models.AuditEntry)
    with pytest.raises(PermissionDenied):
        cases.save_case(who["koord.oslo"], **DRAFT, url=url)  # Karasjok's case
    with pytest.raises(PermissionDenied):
        cases.save_case(who[""], **DRAFT, url=url)
    case_id = cases.save_case(who["koord.karasjok"], **DRAFT, url=url)
    with pytest.raises(PermissionDenied):  # nor moves a case of its own member to another
        cases.save_case(who["koord.karasjok"], case_id, **DRAFT | {"area_code": OSLO}, url=url)
    with pytest.raises(PermissionDenied):
        cases.submit_case(who["koord.oslo"], case_id, url)
    assert count(url, models.PracticeCase) == before[0] + 1 and count(url, models.AuditEntry) == before[1] + 1


def test_a_case_needs_every_part_before_it_is_sent_for_approval(url, who):
    author = who["koord.karasjok"]
    case_id = cases.save_case(author, **{k: DRAFT[k] for k in ("area_level", "area_code", "language", "year",
                                                               "title")}, url=url)
    with pytest.raises(cases.CaseError, match="case.error.needs_summary"):
        cases.submit_case(author, case_id, url)
    cases.save_case(author, case_id, **DRAFT | {"processes": []}, url=url)
    with pytest.raises(cases.CaseError, match="case.error.needs_process"):
        cases.submit_case(author, case_id, url)
    assert cases.case(author, case_id, url).status == cases.DRAFT
    with pytest.raises(cases.CaseError, match="case.error.not_submitted"):
        cases.approve_case(who["sekretariat"], case_id, url)


def test_a_county_writes_its_own_cases(url, add_users, identity_of):
    add_users(url, {"koord.troms": ("coordinator", "county", TROMS)})
    county = identity_of(url, "koord.troms")
    case_id = cases.save_case(county, **DRAFT | {"area_level": "county", "area_code": TROMS}, url=url)
    assert cases.case(county, case_id, url).area == ("county", TROMS)


def test_a_draft_is_deleted_with_everything_it_holds_but_a_public_case_is_not(url, who):
    author = who["koord.karasjok"]
    case_id = cases.save_case(author, **DRAFT, url=url)
    attachment_id = cases.add_attachment(author, case_id, "plakat.png", png(), url)
    cases.delete_case(author, case_id, url)
    assert cases.case(who["sekretariat"], case_id, url) is None
    with db.session(url) as session:
        for model in (models.PracticeCaseText, models.PracticeCaseLink, models.PracticeCaseAttachment):
            assert not session.scalars(select(model).where(model.case_id == case_id)).all()
    assert [e.action for e in audit(url, "practice_case_attachment", attachment_id)] == ["create", "delete"]
    assert audit(url, "practice_case", case_id)[-1].action == "delete"

    public = cases.save_case(author, **DRAFT, url=url)
    cases.submit_case(author, public, url)
    cases.approve_case(who["sekretariat"], public, url)
    with pytest.raises(cases.CaseError, match="case.error.delete_published"):
        cases.delete_case(who["sekretariat"], public, url)


# Search -------------------------------------------------------------------------------------------------------------


def made(case_id: int, **fields) -> cases.Case:
    texts = {"nb": cases.CaseText("nb", fields.pop("title", "Tittel"), fields.pop("summary", ""), "", "")}
    if "english" in fields:
        texts["en"] = cases.CaseText("en", fields.pop("english"), "", "", "")
    return cases.Case(id=case_id, area_level="municipality", area_code=fields.pop("code", KARASJOK), language="nb",
                      year=fields.pop("year", 2025), status="published", contact=fields.pop("contact", ""),
                      review_note="", created_by="x", updated_at=None, approved_at=None, texts=texts, **fields)


def test_search_by_text_goal_target_process_member_year_and_language():
    found = [made(1, title="Grønne innkjøp i Ålesund", summary="Felles ANSKAFFELSER", goals=(12,), targets=("12.7",),
                  processes=("procurement",), code="1508", year=2024),
             made(2, title="Ungdomsråd", summary="Medvirkning", goals=(16,), processes=("involvement",),
                  english="Youth council", contact="Kari Nordmann"),
             made(3, title="Klimabudsjett", goals=(13,), targets=("13.2",), processes=("local_data",), year=2024)]
    ids = lambda result: [c.id for c in result]  # noqa: E731
    assert ids(cases.search(found, text="anskaffelser ålesund")) == [1]  # every word, any case, Norwegian letters
    assert ids(cases.search(found, text="ålesund", area_names={"1508": "Ålesund"})) == [1]
    assert ids(cases.search(found, text="Ålesund ungdom")) == []
    assert ids(cases.search(found, text="nordmann")) == [2]  # the contact
    assert ids(cases.search(found, text="youth")) == [2]  # the translation
    assert ids(cases.search(found, goal=13)) == [3] and ids(cases.search(found, target="12.7")) == [1]
    assert ids(cases.search(found, process="involvement")) == [2]
    assert ids(cases.search(found, area=("municipality", "1508"))) == [1]
    assert ids(cases.search(found, year=2024)) == [1, 3]
    assert ids(cases.search(found, language="en")) == [2]
    assert ids(cases.search(found)) == [1, 2, 3]


def test_the_english_list_holds_the_cases_with_an_english_text():
    found = [made(1, title="Bare norsk"), made(2, title="Ungdomsråd", english="Youth council", goals=(16,),
                                                processes=("involvement",))]
    text = cases.english_list_csv(found, {KARASJOK: "Karasjok"}, {16: "Peace"}, {"involvement": "Citizen involvement"})
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,title,member,year,goals") and len(lines) == 2
    assert "Youth council,Karasjok,2025,16 Peace" in lines[1] and "Citizen involvement" in lines[1]


# Attachments ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, content, media_type", [
    ("rapport.pdf", pdf(), attachments.PDF), ("bilde.png", png(), attachments.PNG), ("foto.JPG", jpeg(),
                                                                                        attachments.JPEG),
    ("feil-navn.txt", png(), attachments.PNG),  # the content decides, and the name gets the right extension
])
def test_a_sound_pdf_or_image_is_accepted(name, content, media_type):
    checked_file = attachments.check(name, content)
    assert checked_file.media_type == media_type and checked_file.size == len(content)
    assert checked_file.file_name.endswith(attachments.EXTENSIONS[media_type])


def truncated_png() -> bytes:
    whole = png((200, 200))
    return whole[: len(whole) // 2]


@pytest.mark.parametrize("name, content, key", [
    ("tom.pdf", b"", "attachment.error.empty"),
    ("notat.pdf", b"Dette er bare tekst, ikke en PDF.", "attachment.error.type"),
    ("tegning.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "attachment.error.type"),
    ("side.html", b"<html><script>alert(1)</script></html>", "attachment.error.type"),
    ("dokument.docx", b"PK\x03\x04" + b"\0" * 100, "attachment.error.type"),
    ("stor.pdf", b"%PDF-1.7\n" + b"0" * attachments.MAX_BYTES, "attachment.error.too_large"),
    ("skadet.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ngarbage", "attachment.error.damaged"),
    ("halv.png", truncated_png(), "attachment.error.damaged"),
    ("skadet.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 64, "attachment.error.damaged"),
    ("hemmelig.pdf", pdf(password="oppdiktet"), "attachment.error.encrypted"),
])
def test_a_wrong_oversized_or_malformed_file_is_refused_with_its_reason(name, content, key):
    with pytest.raises(AttachmentError) as refused:
        attachments.check(name, content)
    assert refused.value.key == key


def test_an_image_bomb_is_refused_before_it_is_decoded(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_PIXELS", 100)
    with pytest.raises(AttachmentError, match="attachment.error.pixels"):
        attachments.check("stor.png", png((20, 20)))


def test_a_refused_file_stores_nothing_and_a_sound_one_is_readable_only_with_its_case(url, who):
    author = who["koord.karasjok"]
    case_id = cases.save_case(author, **DRAFT, url=url)
    before = count(url, models.PracticeCaseAttachment), count(url, models.AuditEntry)
    for name, content in (("notat.pdf", b"bare tekst"), ("halv.png", truncated_png()),
                          ("stor.pdf", b"%PDF-" + b"0" * (attachments.MAX_BYTES + 1))):
        with pytest.raises(AttachmentError):
            cases.add_attachment(author, case_id, name, content, url)
    with pytest.raises(PermissionDenied):
        cases.add_attachment(who["koord.oslo"], case_id, "rapport.pdf", pdf(), url)
    assert (count(url, models.PracticeCaseAttachment), count(url, models.AuditEntry)) == before

    attachment_id = cases.add_attachment(author, case_id, "../../etc/Rapport 2025.pdf", pdf(), url)
    info, content = cases.attachment_content(author, attachment_id, url)
    assert content == pdf() and info.file_name == "Rapport 2025.pdf" and info.media_type == attachments.PDF
    assert cases.attachment_content(who[""], attachment_id, url) is None  # the case is a draft
    assert cases.attachment_content(who["koord.oslo"], attachment_id, url) is None
    entry = audit(url, "practice_case_attachment", attachment_id)[-1]  # (SQLite reuses a deleted row's id)
    assert "content" not in json.loads(entry.after) and json.loads(entry.after)["size"] == len(pdf())
    with pytest.raises(AttachmentError, match="attachment.error.duplicate"):
        cases.add_attachment(author, case_id, "kopi.pdf", pdf(), url)


def test_a_case_holds_at_most_five_attachments(url, who):
    author = who["koord.karasjok"]
    case_id = cases.save_case(author, **DRAFT, url=url)
    for n in range(attachments.MAX_PER_CASE):
        cases.add_attachment(author, case_id, f"bilde{n}.png", png((8 + n, 6)), url)
    with pytest.raises(AttachmentError, match="attachment.error.too_many"):
        cases.add_attachment(author, case_id, "en til.png", png((30, 6)), url)
    assert len(cases.case(author, case_id, url).attachments) == attachments.MAX_PER_CASE


# The form itself ------------------------------------------------------------------------------------------------------


@given(st.dictionaries(st.sampled_from(["title", "year", "goals", "targets", "processes", "language", "summary"]),
                       st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(), st.lists(st.text()),
                                 st.booleans())))
def test_any_junk_in_the_form_is_a_message_never_a_crash(junk):
    fields = {k: DRAFT[k] for k in ("area_level", "area_code", "language", "year", "title")} | junk
    try:
        checked(CaseForm, cases.CaseError, **fields)
    except cases.CaseError as problem:
        assert problem.key.startswith("case.error.")
