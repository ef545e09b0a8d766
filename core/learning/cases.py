"""Good-practice cases ("Gode eksempler"): members write them, the secretariat approves them, everyone finds them.

A case belongs to a municipality or county. Its coordinator writes it as a draft (private: seen by that member's
coordinators and the secretariat), sends it for approval, and the secretariat publishes it or returns it with a
note; a published case can be taken down again the same way. Until it is published, its author may edit it, attach
files (core.learning.attachments) and delete it; once it is public only the secretariat edits it.

A case is written in one language (bokmål, nynorsk, Northern Sami or English) and may carry one translation: into
English, or into bokmål for a case written in English. The English list (every published case with an English
text) is what the network shares internationally.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import delete, func, select

from core import dates, db, gate, models, permissions
from core.errors import UserError
from core.forms import CaseForm, ReviewNoteForm, checked
from core.learning import attachments as files
from core.learning.vocabulary import translation_language

DRAFT, SUBMITTED, PUBLISHED = "draft", "submitted", "published"
LINK_KINDS = {"goal": "goals", "target": "targets", "process": "processes", "indicator": "indicators"}
# What a case needs before it can be sent for approval, and the message naming what is missing.
NEEDED = {
    "summary": "case.error.needs_summary",
    "done": "case.error.needs_done",
    "results": "case.error.needs_results",
    "contact": "case.error.needs_contact",
    "goals": "case.error.needs_goal",
    "processes": "case.error.needs_process",
}


class CaseError(UserError):
    """Bad input or a step the case's status does not allow, as a translation key and values."""


@dataclass(frozen=True)
class CaseText:
    language: str
    title: str
    summary: str
    done: str
    results: str


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    file_name: str
    media_type: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass(frozen=True)
class Case:
    """A case as the pages show it: its texts by language, what it is about, and its attachments (without bytes)."""

    id: int
    area_level: str
    area_code: str
    language: str
    year: int
    status: str
    contact: str
    review_note: str
    created_by: str
    updated_at: datetime
    approved_at: datetime | None
    texts: dict[str, CaseText]
    goals: tuple[int, ...] = ()
    targets: tuple[str, ...] = ()
    processes: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    attachments: tuple[AttachmentInfo, ...] = field(default=())

    @property
    def original(self) -> CaseText:
        return self.texts[self.language]

    @property
    def translation(self) -> CaseText | None:
        return self.texts.get(translation_language(self.language))

    def text_for(self, lang: str) -> CaseText:
        """The text in the reader's language where the case has one (the original or its translation), else the
        original (nynorsk and Sami are read by bokmål readers as written). A part the translation leaves empty is
        the original's."""
        found = self.texts.get(lang)
        if found is None or found.language == self.language:
            return self.original
        original = self.original
        return CaseText(found.language, found.title or original.title, found.summary or original.summary,
                        found.done or original.done, found.results or original.results)

    @property
    def area(self) -> tuple[str, str]:
        return (self.area_level, self.area_code)

    @property
    def public(self) -> bool:
        return self.status == PUBLISHED


# Who sees and who edits -------------------------------------------------------------------------------------------


def may_edit(viewer, area_level: str, area_code: str, status: str) -> bool:
    """May this viewer (an auth.Identity) change a case of this area in this status? The gate checks again."""
    role = getattr(viewer, "role", None)
    own = (getattr(viewer, "area_level", None), getattr(viewer, "area_code", None))
    if status == PUBLISHED and not permissions.allowed(role, "case.approve"):
        return False
    return permissions.allowed(role, "case.draft", own, ((area_level, area_code),))


def may_see(viewer, case: Case) -> bool:
    """A published case: everyone. A draft or a case awaiting approval: its member's coordinators and the
    secretariat, that is whoever may edit it."""
    return case.public or may_edit(viewer, case.area_level, case.area_code, case.status)


# Reading ----------------------------------------------------------------------------------------------------------


def _load(session, statement) -> list[Case]:
    rows = list(session.scalars(statement))
    if not rows:
        return []
    ids = [row.id for row in rows]
    texts: dict[int, dict[str, CaseText]] = {}
    for text in session.scalars(select(models.PracticeCaseText).where(models.PracticeCaseText.case_id.in_(ids))):
        texts.setdefault(text.case_id, {})[text.language] = CaseText(text.language, text.title, text.summary,
                                                                     text.done, text.results)
    links: dict[tuple[int, str], list[str]] = {}
    link = models.PracticeCaseLink
    for case_id, kind, code in session.execute(select(link.case_id, link.kind, link.code).where(
            link.case_id.in_(ids)).order_by(link.id)):
        links.setdefault((case_id, kind), []).append(code)
    found: dict[int, list[AttachmentInfo]] = {}
    a = models.PracticeCaseAttachment
    for attachment in session.execute(select(a.case_id, a.id, a.file_name, a.media_type, a.size).where(
            a.case_id.in_(ids)).order_by(a.id)):
        found.setdefault(attachment.case_id, []).append(AttachmentInfo(attachment.id, attachment.file_name,
                                                                       attachment.media_type, attachment.size))
    return [Case(
        id=row.id, area_level=row.area_level, area_code=row.area_code, language=row.language, year=row.year,
        status=row.status, contact=row.contact, review_note=row.review_note, created_by=row.created_by,
        updated_at=row.updated_at, approved_at=row.approved_at, texts=texts.get(row.id, {}),
        goals=tuple(sorted(int(g) for g in links.get((row.id, "goal"), []))),
        targets=tuple(sorted(links.get((row.id, "target"), []), key=_target_order)),
        processes=tuple(links.get((row.id, "process"), [])), indicators=tuple(links.get((row.id, "indicator"), [])),
        attachments=tuple(found.get(row.id, [])),
    ) for row in rows if row.id in texts]


def _target_order(code: str) -> tuple:
    goal, _, part = code.partition(".")
    return (int(goal) if goal.isdigit() else 99, int(part) if part.isdigit() else 100, part)


def published(url: str | None = None) -> list[Case]:
    """Every public case, the most recently approved first."""
    c = models.PracticeCase
    with db.session(url) as session:
        return _load(session, select(c).where(c.status == PUBLISHED).order_by(c.approved_at.desc(), c.id.desc()))


def editable(viewer, url: str | None = None) -> list[Case]:
    """The cases this viewer may work on (every status): a coordinator's member's, or all for the secretariat."""
    c = models.PracticeCase
    role = getattr(viewer, "role", None)
    scope = permissions.scope(role, "case.draft")
    if scope is permissions.NONE:
        return []
    statement = select(c).order_by(c.updated_at.desc(), c.id.desc())
    if scope is permissions.OWN:
        statement = statement.where(c.area_level == viewer.area_level, c.area_code == viewer.area_code)
    with db.session(url) as session:
        return _load(session, statement)


def awaiting_approval(url: str | None = None) -> list[Case]:
    c = models.PracticeCase
    with db.session(url) as session:
        return _load(session, select(c).where(c.status == SUBMITTED).order_by(c.updated_at, c.id))


def case(viewer, case_id: int, url: str | None = None) -> Case | None:
    """One case, or None where there is none or this viewer may not see it (a draft of another member)."""
    c = models.PracticeCase
    with db.session(url) as session:
        found = _load(session, select(c).where(c.id == case_id))
    return found[0] if found and may_see(viewer, found[0]) else None


def attachment_content(viewer, attachment_id: int, url: str | None = None) -> tuple[AttachmentInfo, bytes] | None:
    """An attachment's bytes, only for a viewer who may see its case."""
    with db.session(url) as session:
        row = session.get(models.PracticeCaseAttachment, attachment_id)
        if row is None:
            return None
        owner = case(viewer, row.case_id, url)
        if owner is None:
            return None
        return AttachmentInfo(row.id, row.file_name, row.media_type, row.size), row.content


def _words(text: str) -> list[str]:
    return [word for word in (text or "").casefold().split() if word]


def search(found: Iterable[Case], text: str = "", goal: int | None = None, target: str | None = None,
           process: str | None = None, area: tuple[str, str] | None = None, year: int | None = None,
           language: str | None = None, area_names: dict[str, str] | None = None) -> list[Case]:
    """The cases matching every filter given. Text: every word appears somewhere in a case's texts (any language),
    contact or member name, ignoring case. language: only cases that have a text in it (the English list: 'en')."""
    words, area_names = _words(text), area_names or {}
    matches = []
    for item in found:
        if goal is not None and goal not in item.goals:
            continue
        if target and target not in item.targets:
            continue
        if process and process not in item.processes:
            continue
        if area and item.area != tuple(area):
            continue
        if year is not None and item.year != year:
            continue
        if language and language not in item.texts:
            continue
        if words:
            haystack = " ".join([*(f"{x.title} {x.summary} {x.done} {x.results}" for x in item.texts.values()),
                                 item.contact, area_names.get(item.area_code, ""), item.area_code]).casefold()
            if not all(word in haystack for word in words):
                continue
        matches.append(item)
    return matches


def english_list_csv(found: Iterable[Case], area_names: dict[str, str], goal_names: dict[int, str],
                     process_names: dict[str, str]) -> bytes:
    """The English list the network shares internationally: every case given that has an English text."""
    rows = []
    for item in found:
        english = item.texts.get("en")
        if english is None:
            continue
        rows.append({"id": item.id, "title": english.title, "member": area_names.get(item.area_code, item.area_code),
                     "year": item.year, "goals": "; ".join(f"{g} {goal_names.get(g, '')}".strip() for g in item.goals),
                     "targets": "; ".join(item.targets),
                     "processes": "; ".join(process_names.get(p, p) for p in item.processes),
                     "summary": english.summary, "what_was_done": english.done, "results": english.results,
                     "contact": item.contact, "written_in": item.language})
    columns = ["id", "title", "member", "year", "goals", "targets", "processes", "summary", "what_was_done",
               "results", "contact", "written_in"]
    from core.exports import csv_bytes

    return csv_bytes(pd.DataFrame(rows, columns=columns), "en")  # formula-like text neutralised


# Writing ----------------------------------------------------------------------------------------------------------


def _current(session, case_id: int) -> models.PracticeCase:
    try:
        row = session.get(models.PracticeCase, int(case_id)) if not isinstance(case_id, bool) else None
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise CaseError("case.error.unknown", id=case_id)
    return row


def _area_of(case_id, url: str | None) -> tuple[str, str]:
    """A case's area, read before the gate opens (the gate checks the actor against it)."""
    with db.session(url) as session:
        row = _current(session, case_id)
        return (row.area_level, row.area_code)


def _snapshot(session, row: models.PracticeCase) -> dict:
    """The case row, its texts and its links, for the audit entry's before and after."""
    session.flush()
    values = gate.snapshot(row)
    for text in session.scalars(select(models.PracticeCaseText).where(models.PracticeCaseText.case_id == row.id)
                                .order_by(models.PracticeCaseText.language)):
        values[f"text_{text.language}"] = {"title": text.title, "summary": text.summary, "done": text.done,
                                           "results": text.results}
    link = models.PracticeCaseLink
    for kind, plural in LINK_KINDS.items():
        values[plural] = list(session.scalars(select(link.code).where(link.case_id == row.id, link.kind == kind)
                                                  .order_by(link.id)))
    return values


def _check_codes(session, form: CaseForm) -> tuple[list[str], list[str], list[str]]:
    """(goals, targets, indicators) as stored: the targets' goals are added to the goals chosen."""
    model = models.Municipality if form.area_level == "municipality" else models.County
    if session.get(model, form.area_code) is None:
        raise CaseError("case.error.area_unknown", value=form.area_code)
    if form.year > dates.today().year:
        raise CaseError("case.error.future_year", year=form.year)
    goals = [str(goal) for goal in form.goals]
    targets = []
    if form.targets:
        known = dict(session.execute(select(models.SdgTarget.code, models.SdgTarget.goal).where(
            models.SdgTarget.code.in_(form.targets))).all())
        for target in form.targets:
            if target not in known:
                raise CaseError("case.error.target", value=target)
            targets.append(target)
            if str(known[target]) not in goals:
                goals.append(str(known[target]))
    indicators = list(form.indicators)
    if indicators:
        known = set(session.scalars(select(models.Indicator.id).where(models.Indicator.id.in_(indicators))))
        unknown = [i for i in indicators if i not in known]
        if unknown:
            raise CaseError("case.error.indicator", value=unknown[0])
    return goals, targets, indicators


def _replace_links(session, case_id: int, links: dict[str, list[str]]) -> None:
    session.execute(delete(models.PracticeCaseLink).where(models.PracticeCaseLink.case_id == case_id))
    for kind in LINK_KINDS:
        for code in links[kind]:
            session.add(models.PracticeCaseLink(case_id=case_id, kind=kind, code=code))


def _replace_texts(session, case_id: int, form: CaseForm) -> None:
    session.execute(delete(models.PracticeCaseText).where(models.PracticeCaseText.case_id == case_id))
    session.add(models.PracticeCaseText(case_id=case_id, language=form.language, title=form.title,
                                        summary=form.summary, done=form.done, results=form.results))
    if form.has_translation:
        session.add(models.PracticeCaseText(
            case_id=case_id, language=translation_language(form.language), title=form.translation_title,
            summary=form.translation_summary, done=form.translation_done, results=form.translation_results))


def save_case(actor, case_id: int | None = None, *, area_level: str, area_code: str, language: str, year: int,
              title: str, summary: str = "", done: str = "", results: str = "", contact: str = "",
              goals: Iterable = (), targets: Iterable = (), processes: Iterable = (), indicators: Iterable = (),
              translation_title: str = "", translation_summary: str = "", translation_done: str = "",
              translation_results: str = "", url: str | None = None) -> int:
    """Write a new case as a draft (case_id None) or change one; its id. A coordinator writes for their own
    member and cannot change a published case; the secretariat can."""
    form = checked(CaseForm, CaseError, area_level=area_level, area_code=area_code, language=language, year=year,
                   title=title, summary=summary, done=done, results=results, contact=contact, goals=goals,
                   targets=targets, processes=processes, indicators=indicators,
                   translation_title=translation_title, translation_summary=translation_summary,
                   translation_done=translation_done, translation_results=translation_results)
    areas = [(form.area_level, form.area_code)]
    if case_id is not None:
        areas.insert(0, _area_of(case_id, url))  # moving a case needs the right to both members' cases
    with gate.write(actor, "case.draft", areas, url) as change:
        session, now = change.session, gate.now()
        goals, targets, indicators = _check_codes(session, form)
        if case_id is None:
            row = models.PracticeCase(area_level=form.area_level, area_code=form.area_code, language=form.language,
                                      year=form.year, status=DRAFT, contact=form.contact, review_note="",
                                      created_by=change.actor.username, created_at=now,
                                      updated_by=change.actor.username, updated_at=now)
            session.add(row)
            session.flush()
            before = None
        else:
            row = _current(session, case_id)
            if (row.area_level, row.area_code) != areas[0]:  # moved meanwhile: check again from the start
                raise CaseError("case.error.changed", id=case_id)
            _editable(change, row)
            before = _snapshot(session, row)
            row.area_level, row.area_code, row.language = form.area_level, form.area_code, form.language
            row.year, row.contact = form.year, form.contact
            row.updated_by, row.updated_at = change.actor.username, now
        _replace_texts(session, row.id, form)
        _replace_links(session, row.id, {"goal": goals, "target": targets, "process": list(form.processes),
                                         "indicator": indicators})
        change.record("practice_case", row.id, "update" if before else "create", before, _snapshot(session, row))
        return row.id


def _editable(change: gate.Write, row: models.PracticeCase) -> None:
    """A published case is changed only by whoever may approve cases (its author asks them to return it first)."""
    if row.status == PUBLISHED and not permissions.allowed(change.actor.role, "case.approve") and not \
            gate.is_system(change.actor):
        raise CaseError("case.error.published")


def submit_case(actor, case_id: int, url: str | None = None) -> None:
    """Send a draft for approval: it must have every part a reader needs."""
    with gate.write(actor, "case.draft", [_area_of(case_id, url)], url) as change:
        row = _current(change.session, case_id)
        if row.status != DRAFT:
            raise CaseError("case.error.not_draft", id=case_id)
        before = _snapshot(change.session, row)
        original = before.get(f"text_{row.language}", {})
        present = {"summary": original.get("summary"), "done": original.get("done"),
                   "results": original.get("results"), "contact": row.contact, "goals": before["goals"],
                   "processes": before["processes"]}
        for name, key in NEEDED.items():
            if not present[name]:
                raise CaseError(key)
        row.status, row.submitted_at, row.review_note = SUBMITTED, gate.now(), ""
        row.updated_by, row.updated_at = change.actor.username, gate.now()
        change.record("practice_case", row.id, "submit", before, _snapshot(change.session, row))


def approve_case(actor, case_id: int, url: str | None = None) -> None:
    """Publish a case sent for approval."""
    with gate.write(actor, "case.approve", url=url) as change:
        row = _current(change.session, case_id)
        if row.status != SUBMITTED:
            raise CaseError("case.error.not_submitted", id=case_id)
        before = _snapshot(change.session, row)
        row.status, row.review_note = PUBLISHED, ""
        row.approved_by, row.approved_at = change.actor.username, gate.now()
        change.record("practice_case", row.id, "approve", before, _snapshot(change.session, row))


def return_case(actor, case_id: int, note: str, url: str | None = None) -> None:
    """Send a case back to its author as a draft with a note: one awaiting approval, or a published one (which is
    no longer public)."""
    form = checked(ReviewNoteForm, CaseError, note=note)
    with gate.write(actor, "case.approve", url=url) as change:
        row = _current(change.session, case_id)
        if row.status == DRAFT:
            raise CaseError("case.error.already_draft", id=case_id)
        before = _snapshot(change.session, row)
        row.status, row.review_note, row.approved_by, row.approved_at = DRAFT, form.note, None, None
        row.updated_by, row.updated_at = change.actor.username, gate.now()
        change.record("practice_case", row.id, "return", before, _snapshot(change.session, row))


def delete_case(actor, case_id: int, url: str | None = None) -> None:
    """Delete a case that is not public, with its texts, links and attachments."""
    with gate.write(actor, "case.draft", [_area_of(case_id, url)], url) as change:
        session = change.session
        row = _current(session, case_id)
        if row.status == PUBLISHED:
            raise CaseError("case.error.delete_published", id=case_id)
        before = _snapshot(session, row)
        for attachment in session.scalars(select(models.PracticeCaseAttachment).where(
                models.PracticeCaseAttachment.case_id == case_id)):
            change.record("practice_case_attachment", attachment.id, "delete", _attachment_snapshot(attachment), None)
            session.delete(attachment)
        session.execute(delete(models.PracticeCaseText).where(models.PracticeCaseText.case_id == case_id))
        session.execute(delete(models.PracticeCaseLink).where(models.PracticeCaseLink.case_id == case_id))
        session.flush()
        change.record("practice_case", row.id, "delete", before, None)
        session.delete(row)


def _attachment_snapshot(row: models.PracticeCaseAttachment) -> dict:
    """The attachment for the audit log: everything but its bytes (their sha256 identifies them)."""
    return {name: value for name, value in gate.snapshot(row).items() if name != "content"}


def add_attachment(actor, case_id: int, file_name: str, content: bytes, url: str | None = None) -> int:
    """Attach a PDF or image to a case; a file that is not one, too large or damaged is refused and nothing is
    stored. Its id."""
    checked_file = files.check(file_name, content)  # before the gate: a refused file never reaches the database
    with gate.write(actor, "case.draft", [_area_of(case_id, url)], url) as change:
        session = change.session
        row = _current(session, case_id)
        _editable(change, row)
        a = models.PracticeCaseAttachment
        stored = list(session.execute(select(a.sha256).where(a.case_id == case_id)).scalars())
        if len(stored) >= files.MAX_PER_CASE:
            raise files.AttachmentError("attachment.error.too_many", limit=files.MAX_PER_CASE)
        if checked_file.sha256 in stored:
            raise files.AttachmentError("attachment.error.duplicate", name=checked_file.file_name)
        attachment = a(case_id=case_id, file_name=checked_file.file_name, media_type=checked_file.media_type,
                       size=checked_file.size, sha256=checked_file.sha256, content=checked_file.content,
                       uploaded_by=change.actor.username, uploaded_at=gate.now())
        session.add(attachment)
        session.flush()
        change.record("practice_case_attachment", attachment.id, "create", None, _attachment_snapshot(attachment))
        row.updated_by, row.updated_at = change.actor.username, gate.now()
        return attachment.id


def remove_attachment(actor, attachment_id: int, url: str | None = None) -> None:
    with db.session(url) as session:
        found = session.get(models.PracticeCaseAttachment, attachment_id)
        if found is None:
            raise CaseError("case.error.unknown_attachment", id=attachment_id)
        case_id = found.case_id
    with gate.write(actor, "case.draft", [_area_of(case_id, url)], url) as change:
        session = change.session
        _editable(change, _current(session, case_id))
        attachment = session.get(models.PracticeCaseAttachment, attachment_id)
        if attachment is None or attachment.case_id != case_id:
            raise CaseError("case.error.unknown_attachment", id=attachment_id)
        change.record("practice_case_attachment", attachment.id, "delete", _attachment_snapshot(attachment), None)
        session.delete(attachment)


def counts(url: str | None = None) -> dict[str, int]:
    """How many cases there are in each status (for the secretariat's overview)."""
    c = models.PracticeCase
    with db.session(url) as session:
        return dict(session.execute(select(c.status, func.count()).group_by(c.status)).all())
