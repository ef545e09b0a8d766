"""Who may do what: one table of role × action × scope, read by the write gate, the navigation and the pages.

Scopes: ANY (every area or record), OWN (the actor's own municipality or county, or for personal records such as
peer sets, the actor's own), NONE. An anonymous visitor may view the dashboards and write nothing.
"""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    ANY = "any"
    OWN = "own"
    NONE = "none"


ANONYMOUS = "anonymous"
ROLES = (ANONYMOUS, "coordinator", "secretariat", "admin")
ANY, OWN, NONE = Scope.ANY, Scope.OWN, Scope.NONE

# action: scope for (anonymous, coordinator, secretariat, admin)
TABLE: dict[str, tuple[Scope, Scope, Scope, Scope]] = {
    "target.edit": (NONE, OWN, ANY, ANY),  # local 2030 targets
    "values.upload": (NONE, OWN, ANY, ANY),  # members' own values and U4SSC KPIs, and undoing an import
    "member.apply": (NONE, OWN, ANY, ANY),  # an application for membership
    "member.manage": (NONE, NONE, ANY, ANY),  # admission, agreement, activation, withdrawal
    "fee.edit": (NONE, NONE, ANY, ANY),
    "steering.edit": (NONE, NONE, ANY, ANY),
    "meeting.edit": (NONE, NONE, ANY, ANY),  # meetings, decisions, follow-up actions, activity plan
    "report.read": (NONE, NONE, ANY, ANY),  # annual report and the change log
    "peer_set.save": (NONE, OWN, OWN, OWN),  # personal peer sets; an anonymous visitor keeps one in the link
    "user.manage": (NONE, NONE, NONE, ANY),  # accounts: create, deactivate, reset a password
    "password.change": (NONE, OWN, OWN, OWN),  # one's own password (asked for after a reset)
    "ssb.refresh": (NONE, NONE, NONE, ANY),
    # The learning arena (core/learning/): a member's cases and self-assessment, the secretariat's approval and partners
    "case.draft": (NONE, OWN, ANY, ANY),  # write, edit, attach files to, send for approval and delete a case not public
    "case.approve": (NONE, NONE, ANY, ANY),  # publish a case sent for approval, return or take one down with a note
    "assessment.edit": (NONE, OWN, ANY, ANY),  # a member's yearly self-assessment of the six processes, while open
    "assessment.close": (NONE, NONE, ANY, ANY),  # close or reopen a year; the network's heatmap of every member
    "partner.edit": (NONE, NONE, ANY, ANY),  # partners register, dialogue log and follow-ups, partners of activities
}

# Restricted pages (app_pages/<name>.py) and the action and scopes that open them; others are open to everyone.
PAGES: dict[str, tuple[str, frozenset[Scope]]] = {
    "application": ("member.apply", frozenset({OWN})),  # the secretariat registers applications on 'members'
    "uploads": ("values.upload", frozenset({OWN, ANY})),
    "members": ("member.manage", frozenset({ANY})),
    "fees": ("fee.edit", frozenset({ANY})),
    "steering": ("steering.edit", frozenset({ANY})),
    "meetings": ("meeting.edit", frozenset({ANY})),
    "report": ("report.read", frozenset({ANY})),
    "audit_log": ("report.read", frozenset({ANY})),
    "users": ("user.manage", frozenset({ANY})),
    "ssb_refresh": ("ssb.refresh", frozenset({ANY})),
    "case_editor": ("case.draft", frozenset({OWN, ANY})),
    "assessment": ("assessment.edit", frozenset({OWN, ANY})),
    "partners": ("partner.edit", frozenset({ANY})),
}


def scope(role: str | None, action: str) -> Scope:
    """The scope a role has for an action (an unknown role has none; an unknown action is a programming error)."""
    scopes = TABLE[action]
    role = role or ANONYMOUS
    return scopes[ROLES.index(role)] if role in ROLES else NONE


def allowed(role: str | None, action: str, own_area: tuple[str | None, str | None] = (None, None),
            areas: tuple[tuple[str, str], ...] = ()) -> bool:
    """May this role do the action on these areas (none: on its own records)? own_area: (level, code) of the role."""
    granted = scope(role, action)
    if granted is ANY:
        return True
    if granted is NONE:
        return False
    return all(area == own_area for area in areas)


def may_open(role: str | None, page: str) -> bool:
    """Is a restricted page offered to this role (pages not in PAGES are open to everyone)?"""
    if page not in PAGES:
        return True
    action, scopes = PAGES[page]
    return scope(role, action) in scopes


def roles_for_page(page: str) -> list[str]:
    return [role for role in ROLES if role != ANONYMOUS and may_open(role, page)]
