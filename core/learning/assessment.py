"""The six processes: each member's yearly self-assessment, and the network's picture of it.

Each member rates its maturity in each of the six processes of the network's mandate (core.learning.vocabulary) on
a scale of 1 to 5, with a sentence of evidence. Its coordinator may change the answers until the secretariat closes
the year (the secretariat may reopen it). The secretariat sees every member × process as a heatmap with the change
since the year before; a member sees its own levels against the network's median; the annual report shows the
network's distribution, never one member's answers.
"""

from __future__ import annotations

import statistics
from datetime import date

import pandas as pd
from sqlalchemy import select

from core import dates, db, gate, models
from core.errors import UserError
from core.forms import AssessmentForm, checked
from core.learning.vocabulary import LEVELS, PROCESSES

FIRST_YEAR = 2020  # the network was founded in 2020
COLUMNS = ["area_level", "area_code", "year", "process", "level", "evidence", "updated_by", "updated_at"]
MEMBER_LEVELS = {"kommune": "municipality", "fylkeskommune": "county"}


class AssessmentError(UserError):
    """Bad input, or a closed year, as a translation key and values."""


def closed_years(url: str | None = None) -> set[int]:
    with db.session(url) as session:
        return set(session.scalars(select(models.AssessmentYear.year).where(models.AssessmentYear.closed)))


def open_years(today: date | None = None, url: str | None = None) -> list[int]:
    """The years a member may still answer for, newest first: from FIRST_YEAR to this year, unless closed."""
    closed = closed_years(url)
    return [y for y in range((today or dates.today()).year, FIRST_YEAR - 1, -1) if y not in closed]


def save_assessment(actor, area_level: str, area_code: str, year: int, answers: dict[str, tuple[int, str]],
                    url: str | None = None) -> int:
    """Save a member's answers for a year (every process: level 1-5 and evidence); the number of answers changed."""
    form = checked(AssessmentForm, AssessmentError, area_level=area_level, area_code=area_code, year=year,
                   answers=answers)
    with gate.write(actor, "assessment.edit", [(form.area_level, form.area_code)], url) as change:
        session = change.session
        model = models.Municipality if form.area_level == "municipality" else models.County
        if session.get(model, form.area_code) is None:
            raise AssessmentError("assessment.error.area_unknown", value=form.area_code)
        if form.year > dates.today().year:
            raise AssessmentError("assessment.error.future", year=form.year)
        state = session.get(models.AssessmentYear, form.year)
        if state is not None and state.closed:
            raise AssessmentError("assessment.error.closed", year=form.year)
        a = models.ProcessAssessment
        stored = {row.process: row for row in session.scalars(select(a).where(
            a.area_level == form.area_level, a.area_code == form.area_code, a.year == form.year))}
        changed, now = 0, gate.now()
        for process, (level, evidence) in form.answers.items():
            row = stored.get(process)
            if row is not None and (row.level, row.evidence) == (level, evidence):
                continue
            before = gate.snapshot(row)
            if row is None:
                row = a(area_level=form.area_level, area_code=form.area_code, year=form.year, process=process)
                session.add(row)
            row.level, row.evidence, row.updated_by, row.updated_at = level, evidence, change.actor.username, now
            session.flush()
            change.record("process_assessment", row.id, "update" if before else "create", before, gate.snapshot(row))
            changed += 1
        return changed


def set_year_closed(actor, year: int, closed: bool, url: str | None = None) -> None:
    """Close a year (no member may change its answers any more) or reopen it."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= 2100:
        raise AssessmentError("assessment.error.year", value=year, low=FIRST_YEAR, high=2100)
    with gate.write(actor, "assessment.close", url=url) as change:
        state = change.session.get(models.AssessmentYear, year)
        before = gate.snapshot(state)
        if state is None:
            state = models.AssessmentYear(year=year)
            change.session.add(state)
        elif state.closed == bool(closed):
            raise AssessmentError("assessment.error.already_closed" if closed else "assessment.error.already_open",
                                  year=year)
        state.closed, state.changed_by, state.changed_at = bool(closed), change.actor.username, gate.now()
        change.session.flush()
        change.record("assessment_year", year, "close" if closed else "reopen", before, gate.snapshot(state))


# Reading ----------------------------------------------------------------------------------------------------------


def answers(url: str | None = None) -> pd.DataFrame:
    """Every answer of every year (COLUMNS)."""
    a = models.ProcessAssessment
    with db.session(url) as session:
        rows = session.execute(select(*(getattr(a, c) for c in COLUMNS)).order_by(a.year, a.area_code, a.id)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)


def own_answers(frame: pd.DataFrame, area: tuple[str, str], year: int) -> dict[str, tuple[int, str]]:
    """A member's answers for a year: process -> (level, evidence)."""
    mine = frame[(frame.area_level == area[0]) & (frame.area_code == area[1]) & (frame.year == year)]
    return {r.process: (int(r.level), r.evidence) for r in mine.itertuples()}


def member_areas(year: int, url: str | None = None) -> list[tuple[str, str]]:
    """The members active at some point of the year (the heatmap's rows, answered or not)."""
    from core.network import members

    found = []
    for entry in members.register(url):
        member = entry["member"]
        if not member.code or member.kind not in MEMBER_LEVELS:
            continue
        if members.status_on(entry["events"], date(year, 12, 31)) == "active" or any(
                e.status == "active" and e.date is not None and e.date.year == year for e in entry["events"]):
            found.append((MEMBER_LEVELS[member.kind], member.code))
    return found


def heatmap(frame: pd.DataFrame, year: int, areas: list[tuple[str, str]] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(levels, change since the year before): one row per member (index 'level:code'), one column per process.
    Rows: the members given and every member that answered that year; NaN where there is no answer."""
    def table(for_year: int) -> pd.DataFrame:
        rows = frame[frame.year == for_year]
        keyed = rows.assign(area=rows.area_level + ":" + rows.area_code)
        return keyed.pivot_table(index="area", columns="process", values="level", aggfunc="first")

    now, before = table(year), table(year - 1)
    index = list(dict.fromkeys([f"{level}:{code}" for level, code in areas] + list(now.index)))
    levels = now.reindex(index=index, columns=list(PROCESSES)).astype(float)
    change = levels - before.reindex(index=index, columns=list(PROCESSES)).astype(float)
    return levels, change


def medians(frame: pd.DataFrame, year: int) -> dict[str, float | None]:
    """The network's median level per process in a year (None where nobody answered)."""
    rows = frame[frame.year == year]
    return {p: (statistics.median(rows[rows.process == p].level) if (rows.process == p).any() else None)
            for p in PROCESSES}


def own_against_median(frame: pd.DataFrame, area: tuple[str, str], year: int) -> pd.DataFrame:
    """Per process: the member's level, the network's median, lowest and highest level, and how many answered."""
    rows, own = frame[frame.year == year], own_answers(frame, area, year)
    found = []
    for process in PROCESSES:
        levels = rows[rows.process == process].level
        found.append({"process": process, "own": own.get(process, (None, ""))[0],
                      "median": statistics.median(levels) if len(levels) else None,
                      "low": int(levels.min()) if len(levels) else None,
                      "high": int(levels.max()) if len(levels) else None, "answered": int(len(levels))})
    return pd.DataFrame(found)


def picture(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The network's picture of a year, for the annual report: per process how many members answered, the median,
    last year's median, and how many members are at each level 1-5. No member's own answers."""
    now, last = medians(frame, year), medians(frame, year - 1)
    rows = frame[frame.year == year]
    found = []
    for process in PROCESSES:
        levels = rows[rows.process == process].level
        found.append({"process": process, "answered": int(len(levels)), "median": now[process],
                      "median_before": last[process],
                      **{f"level_{n}": int((levels == n).sum()) for n in LEVELS}})
    return pd.DataFrame(found)
