"""Every write function as every role: the gate allows exactly what the permission table says, and a refused
write changes nothing (no row, no audit entry). The list of write functions is checked against the code."""

from __future__ import annotations

import ast
import dataclasses
import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from core import auth, db, gate, models, peer_sets, permissions, targets
from core.catalogue import load_catalogue
from core.errors import UserError
from core.learning import assessment, cases, partners
from core.network import fees, meetings, members, steering
from core.ssb import refresh as ssb_refresh
from core.uploads import apply

ROOT = Path(__file__).resolve().parent.parent
KARASJOK, OSLO = "5610", "0301"
YEAR = date.today().year
ACCOUNTS = {  # username -> (role, area level, area code); "" is the anonymous visitor
    "koord.karasjok": ("coordinator", "municipality", KARASJOK),
    "koord.oslo": ("coordinator", "municipality", OSLO),
    "sekretariat": ("secretariat", None, None),
    "admin.user": ("admin", None, None),
    "tidligere.sekretariat": ("secretariat", None, None),  # deactivated before the walk
}
ACTORS = ["", *ACCOUNTS]
UPLOAD = ("example;area_code;indicator;year;value;target;direction;source;quality\n"
          f";{KARASJOK};low_income_eu60;2023;9,5;;;Oppdiktet testverdi;Class_1\n").encode()


def identity(username: str) -> auth.Identity:
    """What a browser session claims; the gate must believe the database instead."""
    if not username:
        return auth.VIEWER
    role, level, code = ACCOUNTS[username]
    return auth.Identity(username, username, role, level, code)


def empty_update() -> ssb_refresh.TableUpdate:
    from core.ssb.tables import load_tables

    table = next(iter(load_tables().values()))
    columns = ["area_level", "area_code", "indicator_id", "year", "value", "source_key", "quality"]
    return ssb_refresh.TableUpdate(table, pd.DataFrame(columns=columns), 0, "0" * 64)


def prepared(url: str) -> dict:
    """What the writes act on, made by SYSTEM: a meeting with an action, a seat, an application, a target, an import."""
    meeting = meetings.add_meeting(gate.SYSTEM, f"{YEAR}-02-01", "Bodø", url=url)
    action = meetings.add_action(gate.SYSTEM, meeting, "Send referat", "Kari", f"{YEAR}-03-01", url=url)
    seat = steering.add_seat(gate.SYSTEM, "ks", "KS", f"{YEAR}-01-01", f"{YEAR + 1}-12-31", url=url)
    member = members.apply(gate.SYSTEM, "kommune", "3203", "Asker", f"{YEAR}-01-02", url=url)
    targets.set_target(gate.SYSTEM, "municipality", KARASJOK, "low_income_eu60", 8.0, 2030, url=url)
    secretariat = auth.Identity("sekretariat", "", "secretariat")
    upload = apply.apply_upload(secretariat, "verdier.csv", UPLOAD.replace(b";2023;", b";2021;"), url)
    return {"meeting": meeting, "action": action, "seat": seat, "member": member, "import": upload} | learning(url)


def learning(url: str) -> dict:
    """The learning arena's rows, made by SYSTEM: cases in each status, an attachment, a partner and a dialogue."""
    case, to_approve, to_return, to_delete = (cases.save_case(gate.SYSTEM, **CASE, url=url) for _ in range(4))
    for submitted in (to_approve, to_return):
        cases.submit_case(gate.SYSTEM, submitted, url=url)
    partner = partners.save_partner(gate.SYSTEM, name="KS", kind="strategic", url=url)
    dialogue = partners.add_dialogue(gate.SYSTEM, partner, f"{YEAR}-02-01", "Kari", "Avtalt", "Send utkast", "Kari",
                                     f"{YEAR}-03-01", url=url)
    return {"case": case, "to_approve": to_approve, "to_return": to_return, "to_delete": to_delete,
            "attachment": cases.add_attachment(gate.SYSTEM, case, "bilde.png", png(), url=url), "partner": partner,
            "dialogue": dialogue, "activity": meetings.add_activity(gate.SYSTEM, YEAR, "Samling", url=url)}


CASE = {"area_level": "municipality", "area_code": KARASJOK, "language": "nb", "year": YEAR - 1,
        "title": "Oppdiktet eksempel", "summary": "Oppdiktet.", "done": "Oppdiktet.", "results": "Oppdiktet: 10 %.",
        "contact": "Oppdiktet kontakt", "goals": [12], "processes": ["procurement"]}
ANSWERS = {process: (3, "Oppdiktet begrunnelse") for process in assessment.PROCESSES}


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def pdf() -> bytes:
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    return buffer.getvalue()


# action, areas it touches, and the call as a given actor (the claimed identity for those that take one)
WRITES = {
    "auth.create_user": ("user.manage", (), lambda a, u, p: auth.create_user(
        a, f"ny.{a.username or 'anonym'}", "Ny", "et langt nok passord", "secretariat", url=u)),
    "auth.set_active": ("user.manage", (), lambda a, u, p: auth.set_active(a, "koord.oslo", True, url=u)),
    "auth.reset_password": ("user.manage", (), lambda a, u, p: auth.reset_password(
        a, "koord.oslo", "et midlertidig langt passord", url=u)),
    "auth.change_password": ("password.change", (), lambda a, u, p: auth.change_password(
        logged_in(a, u), "et nytt og langt passord", "et nytt og langt passord", url=u)),
    "peer_sets.save": ("peer_set.save", (), lambda a, u, p: peer_sets.save(
        a, "Mine", [OSLO, "4601"], municipalities(u), url=u)),
    "peer_sets.delete": ("peer_set.save", (), lambda a, u, p: peer_sets.delete(a, 10**6, url=u)),
    "targets.set_target": ("target.edit", (("municipality", KARASJOK),), lambda a, u, p: targets.set_target(
        a, "municipality", KARASJOK, "low_income_eu60", 7.5, 2030, "Sak 1", url=u)),
    "targets.remove_target": ("target.edit", (("municipality", KARASJOK),), lambda a, u, p: targets.remove_target(
        a, "municipality", KARASJOK, "low_income_eu60", url=u)),
    "members.apply": ("member.apply", (("municipality", KARASJOK),), lambda a, u, p: members.apply(
        a, "kommune", KARASJOK, "Karasjok", f"{YEAR}-01-03", url=u)),
    "members.advance": ("member.manage", (), lambda a, u, p: members.advance(
        a, p["member"], "admitted", f"{YEAR}-02-01", p["meeting"], url=u)),
    "fees.set_tariff": ("fee.edit", (), lambda a, u, p: fees.set_tariff(a, YEAR, 1.0, 0.0, 10.0, True, url=u)),
    "steering.add_seat": ("steering.edit", (), lambda a, u, p: steering.add_seat(
        a, "u4ssc", "U4SSC", f"{YEAR}-01-01", f"{YEAR + 1}-12-31", url=u)),
    "steering.end_seat": ("steering.edit", (), lambda a, u, p: steering.end_seat(a, p["seat"], f"{YEAR}-12-31",
                                                                                  url=u)),
    "steering.update_seat": ("steering.edit", (), lambda a, u, p: steering.update_seat(
        a, p["seat"], "KS", f"{YEAR}-01-01", f"{YEAR + 1}-06-30", representative="Leder", url=u)),
    "meetings.add_meeting": ("meeting.edit", (), lambda a, u, p: meetings.add_meeting(
        a, f"{YEAR}-05-01", "Asker", url=u)),
    "meetings.update_minutes": ("meeting.edit", (), lambda a, u, p: meetings.update_minutes(
        a, p["meeting"], "Sak 1", "Referat", url=u)),
    "meetings.add_decision": ("meeting.edit", (), lambda a, u, p: meetings.add_decision(
        a, p["meeting"], "Sak 9", "Vedtatt.", url=u)),
    "meetings.add_action": ("meeting.edit", (), lambda a, u, p: meetings.add_action(
        a, p["meeting"], "Ring KS", "Per", f"{YEAR}-06-01", url=u)),
    "meetings.set_action_status": ("meeting.edit", (), lambda a, u, p: meetings.set_action_status(
        a, p["action"], "done", url=u)),
    "meetings.add_activity": ("meeting.edit", (), lambda a, u, p: meetings.add_activity(
        a, YEAR, "Samling", url=u)),
    "apply.apply_upload": ("values.upload", (("municipality", KARASJOK),), lambda a, u, p: apply.apply_upload(
        a, "verdier.csv", UPLOAD, u)),
    "apply.undo_import": ("values.upload", (("municipality", KARASJOK),), lambda a, u, p: apply.undo_import(
        a, p["import"], u)),
    "ssb_refresh.write_table": ("ssb.refresh", (), lambda a, u, p: ssb_refresh.write_table(
        a, empty_update(), load_catalogue(), u)),
    "ssb_refresh.record_failure": ("ssb.refresh", (), lambda a, u, p: ssb_refresh.record_failure(
        a, ssb_refresh.TableFailure(empty_update().table, "unavailable", "test: no answer"), u)),
    "cases.save_case": ("case.draft", (("municipality", KARASJOK),), lambda a, u, p: cases.save_case(
        a, **CASE, url=u)),
    "cases.submit_case": ("case.draft", (("municipality", KARASJOK),), lambda a, u, p: cases.submit_case(
        a, p["case"], u)),
    "cases.delete_case": ("case.draft", (("municipality", KARASJOK),), lambda a, u, p: cases.delete_case(
        a, p["to_delete"], u)),
    "cases.add_attachment": ("case.draft", (("municipality", KARASJOK),), lambda a, u, p: cases.add_attachment(
        a, p["case"], "rapport.pdf", pdf(), u)),
    "cases.remove_attachment": ("case.draft", (("municipality", KARASJOK),), lambda a, u, p: cases.remove_attachment(
        a, p["attachment"], u)),
    "cases.approve_case": ("case.approve", (), lambda a, u, p: cases.approve_case(a, p["to_approve"], u)),
    "cases.return_case": ("case.approve", (), lambda a, u, p: cases.return_case(a, p["to_return"], "Mangler tall", u)),
    "assessment.save_assessment": ("assessment.edit", (("municipality", KARASJOK),),
                                   lambda a, u, p: assessment.save_assessment(a, "municipality", KARASJOK, YEAR,
                                                                              ANSWERS, u)),
    "assessment.set_year_closed": ("assessment.close", (), lambda a, u, p: assessment.set_year_closed(
        a, YEAR - 1, True, u)),
    "partners.save_partner": ("partner.edit", (), lambda a, u, p: partners.save_partner(
        a, name=f"Nettverk {a.username or 'anonym'}", kind="network", url=u)),
    "partners.add_dialogue": ("partner.edit", (), lambda a, u, p: partners.add_dialogue(
        a, p["partner"], f"{YEAR}-04-01", "Per", "Felles samling", url=u)),
    "partners.set_follow_up_status": ("partner.edit", (), lambda a, u, p: partners.set_follow_up_status(
        a, p["dialogue"], "done", u)),
    "partners.set_activity_partners": ("partner.edit", (), lambda a, u, p: partners.set_activity_partners(
        a, p["activity"], [p["partner"]], u)),
}
# Writes made only by code: loading the published founding members (as gate.IMPORT) and logging login attempts.
SYSTEM_ONLY = {"members.seed_founding_members", "auth.authenticate", "auth.record_attempt", "auth.identity_for_oidc"}


def logged_in(actor: auth.Identity, url: str) -> auth.Identity:
    """The claimed identity as a password login makes it: bound to the account's password hash as it is now."""
    with db.session(url) as session:
        user = session.scalar(select(models.User).where(models.User.username == actor.username))
        return dataclasses.replace(actor, credential=auth._fingerprint(user.password_hash if user else None))


def municipalities(url: str) -> pd.DataFrame:
    from core import queries

    return queries.municipalities(url)


def audit_count(url: str) -> int:
    with db.session(url) as session:
        return session.scalar(select(func.count()).select_from(models.AuditEntry))


@pytest.fixture(scope="module")
def databases(private_database) -> dict[str, tuple[str, dict]]:
    """A private database per actor, with the accounts and the prepared rows."""
    found = {}
    for username in ACTORS:
        url = private_database("permissions")
        for name, (role, level, code) in ACCOUNTS.items():
            auth.create_user(gate.SYSTEM, name, name, "et langt nok passord", role, level, code, url=url)
        auth.set_active(gate.SYSTEM, "tidligere.sekretariat", False, url=url)
        found[username] = (url, prepared(url))
    return found


@pytest.mark.parametrize("username", ACTORS, ids=lambda name: name or "anonymous")
@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_as_every_role_follows_the_table(databases, username, name):
    url, prepared_rows = databases[username]
    action, areas, call = WRITES[name]
    role, level, code = ACCOUNTS.get(username, (None, None, None))
    if username == "tidligere.sekretariat":
        role = None  # deactivated: the database, not the session, decides
    expected = permissions.allowed(role, action, (level, code), areas)
    before = audit_count(url)
    if expected:
        call(identity(username), url, prepared_rows)
        if name != "peer_sets.delete":  # deleting a set that is not there changes nothing, and says so
            assert audit_count(url) > before
    else:
        with pytest.raises(UserError):
            call(identity(username), url, prepared_rows)
        assert audit_count(url) == before


def test_the_walk_covers_every_write_in_the_code():
    """Every function in core/ that opens the gate is walked above (or is a system-only write)."""
    found = set()
    for path in (ROOT / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            opens_gate = any(isinstance(n, ast.Attribute) and n.attr in ("write", "log")
                             and isinstance(n.value, ast.Name) and n.value.id == "gate" for n in ast.walk(function))
            if opens_gate:
                module = {"refresh": "ssb_refresh"}.get(path.stem, path.stem)
                found.add(f"{module}.{function.name}")
    assert found == set(WRITES) | SYSTEM_ONLY


def test_no_change_outside_the_gate():
    """No commit, no audit entry and no engine transaction in core/, pages or components but in the gate
    (the database build writes published data through its own bulk path, core/etl/build.py, and core/db.py
    migrates the schema)."""
    offenders = []
    for folder in ("core", "app_pages", "components", "reports", "charts"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name in ("gate.py", "db.py") or "migrations" in path.parts or path.as_posix().endswith(
                    "etl/build.py"):
                continue
            text = path.read_text(encoding="utf-8")
            for needle in (".commit()", "models.AuditEntry(", ".begin()"):
                if needle in text:
                    offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


def test_every_page_and_the_navigation_read_the_table():
    """Restricted pages check the table first thing; none names roles of its own."""
    for page in permissions.PAGES:
        text = (ROOT / "app_pages" / f"{page}.py").read_text(encoding="utf-8")
        assert f'auth_ui.require_page(lang, "{page}")' in text
    for path in (ROOT / "app_pages").glob("*.py"):
        assert "auth_ui.require(" not in path.read_text(encoding="utf-8")
    assert permissions.roles_for_page("users") == ["admin"]
    assert permissions.roles_for_page("members") == ["secretariat", "admin"]
    assert permissions.roles_for_page("application") == ["coordinator"]
    assert not any(permissions.allowed(None, action) for action in permissions.TABLE)  # anonymous writes nothing
