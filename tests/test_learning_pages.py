"""The learning arena's pages in Streamlit's AppTest: good practice (public), writing and approving cases, the
self-assessment with its heatmap, and partners with their dialogue; each restricted page refuses other roles.

DATABASE_URL points at a private copy of the public data with the founding members; every case, answer and partner
is INVENTED by this code ("Oppdiktet"). The shared default database is never touched.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from core import auth, db, models
from core.gate import SYSTEM
from core.i18n import t
from core.learning import assessment, cases, partners
from core.learning.vocabulary import PROCESSES
from core.network import members
from core.sources import read

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 90
KARASJOK = "5610"
YEAR = date.today().year
USERS = {
    "koord.karasjok": ("coordinator", "municipality", KARASJOK),
    "koord.oslo": ("coordinator", "municipality", "0301"),
    "sekretariat": ("secretariat", None, None),
}
PUBLISHED = {"area_level": "municipality", "area_code": KARASJOK, "language": "nb", "year": YEAR - 1,
             "title": "Oppdiktet: reinbeite og arealplan", "summary": "Oppdiktet sammendrag om **arealplan**.",
             "done": "Oppdiktet: kommunen kartla beitene.", "results": "Oppdiktet: 30 % mindre nedbygging.",
             "contact": "Oppdiktet Person", "goals": [15], "targets": ["15.1"], "processes": ["local_data"],
             "indicators": ["low_income_eu60"], "translation_title": "Invented: reindeer pastures and land use"}
HOSTILE = "Oppdiktet ![sporing](https://track.example/p.gif) [klikk](javascript:alert(1))"


@pytest.fixture(scope="module")
def url(private_database, add_users) -> str:
    url = private_database("learning_pages")
    st.cache_resource.clear()
    members.seed_founding_members(read("network_members"), url)
    add_users(url, USERS)
    return url


@pytest.fixture(scope="module")
def who(url, identity_of) -> dict[str, auth.Identity]:
    return {name: identity_of(url, name) for name in USERS}


@pytest.fixture(scope="module")
def seeded(url, who) -> dict[str, int]:
    """A published case, a draft of the same member, and one whose texts try to smuggle in an image and a link."""
    public = cases.save_case(SYSTEM, **PUBLISHED, url=url)
    cases.submit_case(SYSTEM, public, url)
    cases.approve_case(who["sekretariat"], public, url)
    draft = cases.save_case(who["koord.karasjok"], **PUBLISHED | {"title": "Oppdiktet hemmelig utkast"}, url=url)
    hostile = cases.save_case(SYSTEM, **PUBLISHED | {"title": HOSTILE, "summary": HOSTILE, "goals": [16],
                                                      "targets": [], "translation_title": ""}, url=url)
    cases.submit_case(SYSTEM, hostile, url)
    cases.approve_case(who["sekretariat"], hostile, url)
    return {"public": public, "draft": draft, "hostile": hostile}


@pytest.fixture
def database(url, seeded, monkeypatch) -> str:
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def open_page(name: str, identity: auth.Identity | None = None, lang: str = "nb", **params) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.query_params.update({"lang": lang, **params})
    if identity is not None:
        app.session_state["identity"] = identity
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app.switch_page(f"app_pages/{name}.py").run()


def run_page_file(name: str, identity: auth.Identity | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app_pages" / f"{name}.py"), default_timeout=TIMEOUT)
    if identity is not None:
        app.session_state["identity"] = identity
    return app.run()


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def shown(app: AppTest) -> str:
    return "\n".join([m.value for m in app.markdown] + [h.value for h in app.subheader] + [c.value for c in app.caption]
                     + [link.value for link in app.get("page_link")])


def links(app: AppTest) -> list[str]:
    return [link.value for link in app.get("page_link")]


def submit(app: AppTest, form: str) -> AppTest:
    return next(b for b in app.button if b.proto.form_id == form).click().run()


def toasts(app: AppTest) -> list[str]:
    return [toast.value for toast in app.toast]


# Good practice, public -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_anyone_finds_published_cases_and_never_a_draft(database, lang):
    app = open_page("cases", lang=lang)
    assert_clean(app)
    assert app.title[0].value == t("page.cases", lang)
    text = shown(app)
    title = "Oppdiktet: reinbeite og arealplan" if lang == "nb" else "Invented: reindeer pastures and land use"
    assert title in text and "hemmelig utkast" not in text
    assert t("case.count", lang, count=2, total=2) in text
    assert app.get("download_button"), "the English list is offered"


@pytest.mark.parametrize("params, expected", [
    ({"goal": "15"}, 1), ({"goal": "3"}, 0), ({"q": "REINBEITE arealplan"}, 1), ({"q": "hemmelig"}, 0),
    ({"target": "15.1"}, 1), ({"process": "local_data"}, 2), ({"member": f"municipality:{KARASJOK}"}, 2),
    ({"english": "1"}, 1),
])
def test_search_from_the_link(database, params, expected):
    app = open_page("cases", **params)
    assert_clean(app)
    assert t("case.count", "nb", count=expected, total=2) in shown(app)
    for name, value in params.items():
        assert app.query_params[name] == value  # the view stays a shareable link


def test_a_case_in_full_and_a_draft_not_at_all(database, seeded, who):
    app = open_page("cases", case=str(seeded["public"]))
    assert_clean(app)
    assert "Oppdiktet: reinbeite og arealplan" in [h.value for h in app.subheader]
    text = shown(app).replace("\\", "")
    assert "Oppdiktet: 30 % mindre nedbygging." in text and "15.1" in text, text
    assert any("låginntekt" in b.label.lower() or "lavinntekt" in b.label.lower() or "inntekt" in b.label.lower()
               for b in app.button), [b.label for b in app.button]  # the indicator, a way to the profile
    app = open_page("cases", case=str(seeded["draft"]))
    assert not app.exception and not app.subheader
    assert app.warning and "hemmelig" not in shown(app)
    app = open_page("cases", who["koord.karasjok"], case=str(seeded["draft"]))  # its author may preview it, marked
    assert [h.value for h in app.subheader] == ["Oppdiktet hemmelig utkast"] and "utkast" in app.caption[0].value
    app = open_page("cases", who["koord.oslo"], case=str(seeded["draft"]))  # another member's coordinator may not
    assert not app.subheader


def test_a_members_text_shows_no_image_and_no_script_link(database, seeded):
    app = open_page("cases", case=str(seeded["hostile"]))
    assert_clean(app)
    text = shown(app)
    assert "![" not in text.replace("\\!\\[", "") and "](javascript:" not in text
    assert "https://track.example/p.gif" in text.replace("\u200b", "").replace("\\", "")  # its address, as text


def test_the_profile_shows_the_members_cases_and_a_goal_shows_the_cases_aimed_at_it(database):
    app = open_page("profile", kommune=KARASJOK)
    assert_clean(app)
    assert t("case.profile_title", "nb", name="Kárášjohka \\- Karasjok") in [h.value for h in app.subheader]
    assert any("Oppdiktet: reinbeite og arealplan" in label for label in links(app))
    app = open_page("profile", kommune="0301", goal="15")
    assert_clean(app)
    assert any("Oppdiktet: reinbeite og arealplan" in label and "Karasjok" in label for label in links(app))
    app = open_page("profile", kommune="0301", goal="3")
    assert not any("Oppdiktet" in label for label in links(app))


# Writing and approving ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["case_editor", "assessment", "partners"])
def test_restricted_pages_refuse_a_viewer(database, name):
    app = run_page_file(name)
    assert not app.exception
    assert len(app.error) == 1 and "Denne siden krever innlogging med rollen" in app.error[0].value
    assert not app.title and not app.button and not app.text_input and not app.dataframe


def test_the_partners_page_refuses_a_coordinator(database, who):
    app = run_page_file("partners", who["koord.karasjok"])
    assert len(app.error) == 1 and not app.title and not app.dataframe


def test_a_coordinator_writes_a_case_that_the_secretariat_approves(database, who):
    app = open_page("case_editor", who["koord.karasjok"])
    assert_clean(app)
    assert app.title[0].value == t("page.case_editor", "nb")
    assert not [b for b in app.button if b.key == "approve_case"]  # no approval for a coordinator
    app.text_input(key="case_title_new").input("Oppdiktet: skolehager")
    app.text_area(key="case_summary_new").input("Oppdiktet sammendrag.")
    app.text_area(key="case_done_new").input("Oppdiktet: alle skoler fikk en hage.")
    app.text_area(key="case_results_new").input("Oppdiktet: 40 elever per hage.")
    app.text_input(key="case_contact_new").input("Oppdiktet Lærer")
    app.multiselect(key="case_goals_new").set_value([2, 4])
    app.multiselect(key="case_processes_new").set_value(["involvement"])
    app = submit(app, "case_form_new")
    assert_clean(app)
    assert t("case.saved", "nb") in toasts(app)
    with db.session(database) as session:
        written = session.scalar(select(models.PracticeCaseText).where(
            models.PracticeCaseText.title == "Oppdiktet: skolehager"))
    case = cases.case(who["sekretariat"], written.case_id, database)
    assert case.status == cases.DRAFT and case.goals == (2, 4) and case.area == ("municipality", KARASJOK)
    assert app.selectbox(key="edit_case").value == case.id  # the new case is open for more work

    app.file_uploader(key=f"case_file_{case.id}_0").set_value(("rapport.pdf", b"ikke en pdf", "application/pdf"))
    app.run()
    app.button(key="add_attachment").click().run()
    assert any("ikke en PDF eller et bilde" in e.value for e in app.error)
    assert not cases.case(who["sekretariat"], case.id, database).attachments

    app.button(key="submit_case").click().run()
    assert_clean(app)
    assert t("case.submitted", "nb") in toasts(app)

    app = open_page("case_editor", who["sekretariat"])
    assert_clean(app)
    app.selectbox(key="review_case").select(case.id).run()
    app.button(key="approve_case").click().run()
    assert_clean(app)
    assert t("case.approved", "nb") in toasts(app)
    assert cases.case(auth.VIEWER, case.id, database).public


def test_the_secretariat_returns_a_case_with_a_note_and_an_empty_note_is_refused(database, who):
    case_id = cases.save_case(who["koord.karasjok"], **PUBLISHED | {"title": "Oppdiktet til retur"}, url=database)
    cases.submit_case(who["koord.karasjok"], case_id, database)
    app = open_page("case_editor", who["sekretariat"])
    app.selectbox(key="review_case").select(case_id).run()
    app = submit(app, "return_case")
    assert [e.value for e in app.error] == [t("case.error.note", "nb")]
    app.text_area(key="return_note").input("Oppdiktet: mangler kilde")
    app = submit(app, "return_case")
    assert_clean(app)
    returned = cases.case(who["koord.karasjok"], case_id, database)
    assert returned.status == cases.DRAFT and returned.review_note == "Oppdiktet: mangler kilde"


# The self-assessment --------------------------------------------------------------------------------------------------


def test_a_self_assessment_saved_and_shown_on_the_secretariats_heatmap(database, who):
    app = open_page("assessment", who["koord.karasjok"])
    assert_clean(app)
    assert app.selectbox(key="assessment_year").value == YEAR
    for number, process in enumerate(PROCESSES, start=1):
        app.radio(key=f"assessment_level_{process}_{KARASJOK}_{YEAR}").set_value(min(number, 5))
        app.text_input(key=f"assessment_evidence_{process}_{KARASJOK}_{YEAR}").input(f"Oppdiktet bevis {number}")
    app = submit(app, f"assessment_municipality:{KARASJOK}_{YEAR}")
    assert_clean(app)
    assert t("assessment.saved", "nb", year=YEAR) in toasts(app)
    saved = assessment.own_answers(assessment.answers(database), ("municipality", KARASJOK), YEAR)
    assert saved["procurement"] == (3, "Oppdiktet bevis 3") and saved["value_creation"][0] == 5
    assert app.get("plotly_chart"), "the member's levels against the median"
    assert "assessment_heatmap" not in [c.key for c in app.get("plotly_chart") if hasattr(c, "key")]
    assert not [b for b in app.button if b.key == "assessment_close"]

    app = open_page("assessment", who["sekretariat"])
    assert_clean(app)
    table = next(f.value for f in app.dataframe if t("assessment.member", "nb") in f.value.columns)
    row = table[table[t("assessment.member", "nb")] == "Kárášjohka - Karasjok"]
    assert len(row) == 1 and row.iloc[0]["Anskaffelser"] == "3"
    assert len(table) >= 15  # every active founding member is a row, answered or not
    app.button(key="assessment_close").click().run()
    assert_clean(app)
    assert YEAR in assessment.closed_years(database)

    app = open_page("assessment", who["koord.karasjok"])
    assert t("assessment.closed_info", "nb", year=YEAR) in [i.value for i in app.info]
    assert next(b for b in app.button if b.proto.form_id).disabled
    assessment.set_year_closed(who["sekretariat"], YEAR, False, database)


def test_a_missing_sentence_of_evidence_is_named_and_nothing_saved(database, who):
    app = open_page("assessment", who["koord.oslo"])
    for process in PROCESSES:
        app.radio(key=f"assessment_level_{process}_0301_{YEAR}").set_value(2)
    app = submit(app, f"assessment_municipality:0301_{YEAR}")
    assert [e.value for e in app.error] == [t("assessment.error.evidence", "nb", number=1)]
    assert assessment.own_answers(assessment.answers(database), ("municipality", "0301"), YEAR) == {}


# Partners and dialogue ------------------------------------------------------------------------------------------------


def test_a_partner_with_a_dialogue_entry_and_a_follow_up(database, who):
    app = open_page("partners", who["sekretariat"])
    assert_clean(app)
    app.text_input(key="partner_name_new").input("Oppdiktet Bærekraftsforum")
    app.selectbox(key="partner_kind_new").select("network")
    app.multiselect(key="partner_sectors_new").set_value(["civil_society"])
    app.text_input(key="partner_email_new").input("forum@example.org")
    app = submit(app, "partner_form_new")
    assert_clean(app)
    partner = next(p for p in partners.partners(database) if p.name == "Oppdiktet Bærekraftsforum")
    assert app.selectbox(key="partner_edit").value == partner.id

    app.text_input(key="dialogue_participants_0").input("Oppdiktet: Kari og Ola")
    app.text_area(key="dialogue_agreed_0").input("Oppdiktet: felles seminar")
    app.text_input(key="dialogue_follow_up_0").input("Oppdiktet: sende invitasjon")
    app.text_input(key="dialogue_owner_0").input("Kari")
    app = submit(app, f"dialogue_form_{partner.id}")
    assert [e.value for e in app.error] == [t("partner.error.due", "nb")]  # a follow-up needs a deadline
    app.date_input(key="dialogue_due_0").set_value(date(YEAR + 1, 1, 15))
    app = submit(app, f"dialogue_form_{partner.id}")
    assert_clean(app)
    follow_ups = next(f.value for f in app.dataframe if t("partner.column.origin", "nb") in f.value.columns)
    assert "Oppdiktet: sende invitasjon" in list(follow_ups[t("partner.column.follow_up", "nb")])
    assert any("Oppdiktet Bærekraftsforum" in origin for origin in follow_ups[t("partner.column.origin", "nb")])
    log = partners.dialogue(database, partner_id=partner.id)
    assert [(e.follow_up, e.follow_up_owner, e.follow_up_status) for e in log] == [
        ("Oppdiktet: sende invitasjon", "Kari", "open")]
