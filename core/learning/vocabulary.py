"""The fixed words of the learning arena, each with its translation key (a dict per word list, so that every key is
written out in the code): the six processes of the network's mandate, the maturity levels, case statuses and
languages, partner kinds and sectors, follow-up statuses."""

from __future__ import annotations

# The six processes of the framework for sustainable transformation, as the network's mandate names them.
PROCESSES: dict[str, str] = {
    "measurement": "process.measurement",  # methods, indicator sets and systems for measuring and evaluating
    "local_data": "process.local_data",  # local sustainability data in planning and management
    "procurement": "process.procurement",  # sustainable public procurement
    "leadership": "process.leadership",  # organisation and leadership development across sectors and levels
    "involvement": "process.involvement",  # citizen involvement and mobilisation
    "value_creation": "process.value_creation",  # sustainable value creation
}
PROCESS_SHORT: dict[str, str] = {  # the same, short enough for a chart's axis
    "measurement": "process.short.measurement",
    "local_data": "process.short.local_data",
    "procurement": "process.short.procurement",
    "leadership": "process.short.leadership",
    "involvement": "process.short.involvement",
    "value_creation": "process.short.value_creation",
}

# Maturity of a process in the member's organisation, 1-5 (the level's words say what each step means).
LEVELS: dict[int, str] = {
    1: "maturity.1",  # initial: single efforts, no plan
    2: "maturity.2",  # developing: planned, some routines
    3: "maturity.3",  # established: routines in parts of the organisation
    4: "maturity.4",  # integrated: across sectors, in planning and management
    5: "maturity.5",  # leading: systematic, evaluated, shared with others
}
LEVEL_HELP: dict[int, str] = {  # what each level means, in a sentence
    1: "maturity.1.help",
    2: "maturity.2.help",
    3: "maturity.3.help",
    4: "maturity.4.help",
    5: "maturity.5.help",
}

CASE_STATUSES: dict[str, str] = {
    "draft": "case.status.draft",
    "submitted": "case.status.submitted",
    "published": "case.status.published",
}
# The languages a case may be written in; its translation is into English, or into bokmål for an English case.
CASE_LANGUAGES: dict[str, str] = {
    "nb": "case.language.nb",
    "nn": "case.language.nn",
    "se": "case.language.se",
    "en": "case.language.en",
}

PARTNER_KINDS: dict[str, str] = {
    "strategic": "partner.kind.strategic",  # national strategic partners
    "network": "partner.kind.network",  # other networks
    "research": "partner.kind.research",
    "business": "partner.kind.business",
    "un": "partner.kind.un",  # UN bodies, such as U4SSC
    "other": "partner.kind.other",
}
SECTORS: dict[str, str] = {
    "state": "partner.sector.state",
    "municipal": "partner.sector.municipal",
    "business": "partner.sector.business",
    "research": "partner.sector.research",
    "civil_society": "partner.sector.civil_society",
    "international": "partner.sector.international",
}
FOLLOW_UP_STATUSES: dict[str, str] = {
    "open": "partner.follow_up.open",
    "done": "partner.follow_up.done",
    "dropped": "partner.follow_up.dropped",
}


def translation_language(language: str) -> str:
    """The language a case's translation is in: English, or bokmål for a case written in English."""
    return "nb" if language == "en" else "en"
