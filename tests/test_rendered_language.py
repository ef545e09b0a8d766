"""No English in the bokmål interface, no raw codes anywhere (issue 13 §5): every page of app.py's navigation is
rendered in AppTest in bokmål and in English (restricted ones as a role that may open them, on a private database)
and its text is searched for Streamlit's own English placeholders, Python's None and internal codes.

What AppTest cannot see is left to the browser: Streamlit's "No results" in an open dropdown is drawn by the
browser alone (Streamlit 1.67 offers no way to change it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from core import permissions
from core.i18n import t

ROOT = Path(__file__).resolve().parent.parent
APP_SOURCE = (ROOT / "app.py").read_text(encoding="utf-8")
PUBLIC = re.findall(r'page\("app_pages/(\w+)\.py"', APP_SOURCE)
RESTRICTED = re.findall(r'\("(\w+)", "page\.\w+", ":material/', APP_SOURCE)
MUNICIPALITY = "5501"  # Tromsø
ACCOUNTS = {"sprak.admin": ("admin", None, None), "sprak.koord": ("coordinator", "municipality", "5610")}

# Proto fields that hold text a reader sees (ids, keys, icons, URLs and chart specs are not read as text).
TEXT_FIELDS = {"label", "body", "placeholder", "help", "options", "text", "caption", "default_value", "value",
               "message", "formatted_value"}
ENGLISH_IN_BOKMAL = ("Choose an option", "Choose options", "No results", "No options to select", "Select all",
                     "Press Enter")
NORWEGIAN_IN_ENGLISH = ("Velg", "Ingen treff", "Søk etter")
RAW = [re.compile(pattern) for pattern in (
    r"\bNone\b",  # Python's None printed
    r"\bnan\b",  # pandas' missing value printed
    r"\bfollow_up\b", r"\bsteering_seat\b", r"\bfee_tariff\b", r"\bmember_event\b",  # entity codes
    r"<th>\s*(progress|area_code|indicator_id|goal|colour|trend)\s*</th>",  # a pandas axis name in an HTML table
)]
CODE_HEADER = re.compile(r"^[a-z]+(_[a-z0-9]+)*$")  # a column named like a Python identifier: progress, area_code
RAW_IN_BOKMAL = [re.compile(p) for p in (r"\bactive\b", r"\bwithdrawn\b", r"\bplanned\b", r"\bongoing\b")]


def texts(node) -> list[str]:
    """Every reader-visible string under an AppTest node: its proto's text fields and its dataframes' cells."""
    found = []
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "ListFields"):
        found += proto_texts(proto)
    value = getattr(node, "value", None) if type(node).__name__ == "Dataframe" else None
    if value is not None:
        found += [str(column) for column in value.columns]
        found += [str(cell) for cell in value.astype(str).to_numpy().ravel()]
    for child in getattr(node, "children", {}).values():
        found += texts(child)
    return found


def proto_texts(message) -> list[str]:
    found = []
    for field, value in message.ListFields():
        if field.message_type is not None:
            items = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
            for item in items:
                if hasattr(item, "ListFields"):
                    found += proto_texts(item)
        elif field.name in TEXT_FIELDS:
            items = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
            found += [item for item in items if isinstance(item, str)]
    return found


def headers(node) -> list[str]:
    found = [str(c) for c in node.value.columns] if type(node).__name__ == "Dataframe" else []
    for child in getattr(node, "children", {}).values():
        found += headers(child)
    return found


def widgets(node, kinds=("Selectbox", "Multiselect")) -> list:
    found = [node] if type(node).__name__ in kinds else []
    for child in getattr(node, "children", {}).values():
        found += widgets(child, kinds)
    return found


@pytest.fixture(scope="module")
def language_url(private_database, add_users):
    from core.network import members
    from core.sources import read

    url = private_database("rendered_language")
    members.seed_founding_members(read("network_members"), url)
    add_users(url, ACCOUNTS)
    return url


@pytest.fixture(scope="module")
def who(language_url, identity_of):
    return {role: identity_of(language_url, username) for username, (role, _, _) in ACCOUNTS.items()}


def problems(app, lang: str) -> list[str]:
    tree = app._tree
    shown = texts(tree)
    found = []
    for box in widgets(tree):
        if not box.proto.placeholder.strip():
            found.append(f"{type(box).__name__} {box.label!r} has Streamlit's own placeholder")
    for field in widgets(tree, ("DateInput",)):
        if field.proto.format != t("date.input_format", lang):  # Streamlit's default is YYYY/MM/DD
            found.append(f"date input {field.label!r} shows dates as {field.proto.format!r}")
    for text in shown:
        for pattern in RAW + (RAW_IN_BOKMAL if lang == "nb" else []):
            if pattern.search(text):
                found.append(f"raw {pattern.pattern} in {text[:120]!r}")
        for word in ENGLISH_IN_BOKMAL if lang == "nb" else NORWEGIAN_IN_ENGLISH:
            if word in text:
                found.append(f"{word!r} in {text[:120]!r}")
    found += [f"column header {h!r} is a code" for h in headers(tree) if CODE_HEADER.match(h)]
    return sorted(set(found))


def test_the_navigation_lists_pages_to_check():
    assert "overview" in PUBLIC and "audit_log" in RESTRICTED and len(RESTRICTED) == len(permissions.PAGES)


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_speak_one_language(language_url, monkeypatch, open_page, name, lang):
    monkeypatch.setenv("DATABASE_URL", language_url)
    app = open_page(name, None, lang, kommune=MUNICIPALITY)  # with a municipality: its tables and charts drawn
    assert not problems(app, lang)


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("name", RESTRICTED)
def test_restricted_pages_speak_one_language(language_url, who, monkeypatch, open_page, name, lang):
    monkeypatch.setenv("DATABASE_URL", language_url)
    role = "admin" if permissions.may_open("admin", name) else "coordinator"
    app = open_page(name, who[role], lang)
    assert not problems(app, lang)
