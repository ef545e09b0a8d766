"""The learning arena's part of the annual report: the year's published cases, the network's self-assessment
picture (never one member's answers), and the partners with the year's dialogue."""

from __future__ import annotations

from docx.document import Document

from core import queries
from core.i18n import day, number, t
from core.learning import assessment, cases, partners
from core.learning.vocabulary import FOLLOW_UP_STATUSES, LEVELS, PARTNER_KINDS, PROCESSES, SECTORS
from core.network import meetings


def add_sections(document: Document, year: int, lang: str, url: str | None = None) -> None:
    none = t("report.none", lang)
    names = {code: name for level in ("municipality", "county")
             for code, name in queries.area_names(level, url).itertuples(index=False, name=None)}

    document.add_heading(t("report.cases", lang), level=1)
    published = [c for c in cases.published(url) if c.approved_at and c.approved_at.year == year]
    if not published:
        document.add_paragraph(t("report.no_cases", lang, year=year))
    for case in sorted(published, key=lambda c: c.approved_at):
        text = case.text_for(lang)
        line = f"{text.title} ({names.get(case.area_code, case.area_code)}, {case.year})"
        if lang == "en" and text.language != "en":
            line += f" – {t('report.case_not_translated', lang)}"
        document.add_paragraph(line, style="List Bullet")

    document.add_heading(t("report.assessment", lang), level=1)
    picture = assessment.picture(assessment.answers(url), year)
    answered = int(picture.answered.max()) if len(picture) else 0
    if not answered:
        document.add_paragraph(t("report.no_assessment", lang, year=year))
    else:
        document.add_paragraph(t("report.assessment_intro", lang, count=answered, year=year, before=year - 1))
        table = document.add_table(rows=1, cols=4 + len(LEVELS))
        table.style = "Light Grid Accent 1"
        headers = [t("report.process", lang), t("report.answered", lang), t("report.median", lang),
                   t("report.median_before", lang, year=year - 1), *(str(n) for n in LEVELS)]
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
        for row in picture.itertuples():
            cells = table.add_row().cells
            values = [t(PROCESSES[row.process], lang), str(row.answered), number(row.median, lang),
                      number(row.median_before, lang), *(str(getattr(row, f"level_{n}")) for n in LEVELS)]
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
        document.add_paragraph(t("report.assessment_levels", lang, levels="; ".join(
            f"{n} {t(key, lang)}" for n, key in LEVELS.items())))

    document.add_heading(t("report.partners", lang), level=1)
    registered = partners.partners(url)
    by_id = {p.id: p for p in registered}
    active = [p for p in registered if p.active]
    if not active:
        document.add_paragraph(none)
    for partner in active:
        sectors = ", ".join(t(SECTORS[s], lang) for s in partners.sectors_of(partner) if s in SECTORS)
        document.add_paragraph(f"{partner.name} ({t(PARTNER_KINDS[partner.kind], lang)}" + (
            f"; {sectors})" if sectors else ")"), style="List Bullet")
    document.add_heading(t("report.dialogue", lang, year=year), level=2)
    log = sorted(partners.dialogue(url, year=year), key=lambda e: e.date)
    if not log:
        document.add_paragraph(none)
    for entry in log:
        line = f"{day(entry.date, lang)} {by_id[entry.partner_id].name}: {entry.agreed}"
        if entry.follow_up:
            line += " " + t("report.dialogue_follow_up", lang, text=entry.follow_up, owner=entry.follow_up_owner,
                            due=day(entry.follow_up_due, lang),
                            status=t(FOLLOW_UP_STATUSES.get(entry.follow_up_status, "partner.follow_up.open"), lang))
        document.add_paragraph(line, style="List Bullet")
    named = partners.activity_partners(url)
    with_partners = [a for a in meetings.activities(year, url) if named.get(a.id)]
    if with_partners:
        document.add_heading(t("report.activity_partners", lang, year=year), level=2)
        for activity in with_partners:
            document.add_paragraph(f"{activity.title}: " + ", ".join(by_id[p].name for p in named[activity.id]
                                                                     if p in by_id), style="List Bullet")
