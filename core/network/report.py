"""The secretariat's annual report as a Word document, in bokmål or English."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from core.dates import today
from core.i18n import day, number, t
from core.learning.report import add_sections as add_learning_sections
from core.network import meetings, members
from core.profile import median_goal_scores
from core.scores import ScoreBook


def annual_report(year: int, lang: str, book: ScoreBook, goal_names: dict[int, str], all_codes: list[str],
                  url: str | None = None) -> bytes:
    """A .docx with members joined and left, meetings and decisions, actions, the activity plan, results, and the
    learning arena (published cases, the network's self-assessment, partners and dialogue)."""
    document = Document()
    document.add_heading(t("report.title", lang, year=year), level=0)
    document.add_paragraph(t("report.generated", lang, date=day(today(), lang, "long")))
    none = t("report.none", lang)

    register = members.register(url)
    year_end = date(year, 12, 31)
    active = [m["member"].name for m in register if members.status_on(m["events"], year_end) == "active"]
    joined = [m["member"].name for m in register
              if any(e.status == "active" and e.date and e.date.year == year for e in m["events"])]
    left = [m["member"].name for m in register
            if any(e.status == "withdrawn" and e.date and e.date.year == year for e in m["events"])]
    document.add_heading(t("report.members", lang), level=1)
    document.add_paragraph(t("report.members_active", lang, count=len(active), year=year,
                             names=", ".join(sorted(active)) or none))
    document.add_paragraph(t("report.joined", lang, year=year, names=", ".join(sorted(joined)) or none))
    document.add_paragraph(t("report.left", lang, year=year, names=", ".join(sorted(left)) or none))

    document.add_heading(t("report.meetings", lang), level=1)
    held = sorted((m for m in meetings.meetings(url) if m.date.year == year), key=lambda m: m.date)
    decisions = meetings.decisions(url)
    if not held:
        document.add_paragraph(t("report.no_meetings", lang, year=year))
    for meeting in held:
        document.add_heading(t("report.meeting_line", lang, date=day(meeting.date, lang, "long"), place=meeting.place),
                              level=2)
        for decision in (d for d in decisions if d.meeting_id == meeting.id):
            document.add_paragraph(f"{decision.reference}: {decision.text}", style="List Bullet")

    document.add_heading(t("report.actions", lang), level=1)
    ids = {m.id for m in held}
    from_year = [a for a in meetings.actions(url) if a.meeting_id in ids]
    document.add_paragraph(t("report.actions_summary", lang, done=sum(a.status == "done" for a in from_year),
                             open=sum(a.status == "open" for a in from_year), total=len(from_year)))

    plan = meetings.activities(year, url)
    if plan:
        document.add_heading(t("report.activities", lang), level=1)
        for activity in plan:
            document.add_paragraph(f"{activity.title} ({activity.status}) {activity.lead}".strip(),
                                   style="List Bullet")

    document.add_heading(t("report.results", lang), level=1)
    document.add_paragraph(t("report.results_intro", lang))
    member_codes = [m["member"].code for m in register if m["status"] == "active" and m["member"].kind == "kommune"]
    ours, everyone = median_goal_scores(book, member_codes), median_goal_scores(book, all_codes)
    table = document.add_table(rows=1, cols=3)
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, (t("report.goal", lang), t("report.members_median", lang),
                                                 t("report.all_median", lang)), strict=True):
        cell.text = text
    for goal in range(1, 18):
        if ours.isna()[goal] and everyone.isna()[goal]:
            continue
        cells = table.add_row().cells
        cells[0].text = f"{goal}. {goal_names[goal]}"
        cells[1].text = number(ours[goal], lang, 0)
        cells[2].text = number(everyone[goal], lang, 0)
    document.add_paragraph(t("report.sources", lang))
    add_learning_sections(document, year, lang, url)  # cases, the six processes' self-assessment, partners
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
