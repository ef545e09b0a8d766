"""Hostile text through every path a link, a user or an upload supplies (issue 17 §5): shown as text, never as a link,
an image, a style or a script, and a value echoed from a link shortened.

The payloads are Markdown links and images to an invented host (evil.example is reserved, RFC 2606), `data:` and
`javascript:` links, raw HTML (`<a href>`, `<img src>`, `<style>`, `<script>`) and a 10 000-character value. They go
into every query parameter of every page that reads them (and one unknown parameter's name), and, through the same
core functions the forms call, into member names and notes, meetings (place, agenda, minutes), decisions, follow-ups,
activities, steering seats, cases (texts, contact, the returned note, an attachment's file name), partners and their
dialogue, self-assessment evidence, peer set names, display names and an upload's file name and source. Each page is
then rendered in AppTest and every text Streamlit would draw as Markdown (bodies, captions, alerts, headings, labels,
help, radio options, toasts, chart specs) is searched for a link, image, tag or style that came from a payload.
tests/browser/test_payloads_browser.py checks the same in Chromium's DOM. Every name and text here is invented.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from google.protobuf.json_format import MessageToDict
from openpyxl import Workbook
from pypdf import PdfWriter
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from components.url_state import KNOWN_PARAMS
from core import db, models, peer_sets, queries
from core.learning import assessment, cases, partners
from core.learning.vocabulary import PROCESSES
from core.markup import MAX_ECHO
from core.network import meetings, members, steering
from core.uploads import apply, read

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 90
YEAR = date.today().year
KARASJOK = "5610"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LINK = "[x](https://evil.example)"
IMAGE = "![p](https://evil.example/p.png)"
DATA_LINK = "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"
SCRIPT_LINK = "[j](javascript:alert(1))"
HTML_LINK = '<a href="https://evil.example">a</a>'
HTML_IMAGE = '<img src="https://evil.example/i.png">'
STYLE = "<style>.stApp{display:none}</style>"
SCRIPT = "<script>alert(1)</script>"
LONG = "A" * 10_000
PAYLOADS = (LINK, IMAGE, DATA_LINK, SCRIPT_LINK, HTML_LINK, HTML_IMAGE, STYLE, SCRIPT)
EVERY = " ".join(PAYLOADS)  # 262 characters
# Each link value under the echo's length, so that every payload reaches the page whole
LINK_VALUES = (f"{LINK} {IMAGE}", f"{DATA_LINK}", f"{SCRIPT_LINK} {HTML_LINK}", f"{HTML_IMAGE} {STYLE}", SCRIPT, LONG)
MARKERS = ("evil", "display:none", "alert(", "PHNjcmlwd")  # where one of these is drawn, a payload arrived
HOLES = {
    "Markdown link or image": re.compile(r"\]\s*\("),
    "Markdown reference": re.compile(r"\]\s*\["),
    "HTML tag": re.compile(r"<\s*/?\s*(a|img|style|script|iframe|svg)\b", re.IGNORECASE),
    "style attribute": re.compile(r"style\s*=", re.IGNORECASE),
    "autolink": re.compile(r"<\s*(https?|data|javascript|mailto):|(https?://|www\.)evil", re.IGNORECASE),
}
CHART_HOLES = {name: HOLES[name] for name in ("HTML tag", "style attribute")}
LABEL_FIELDS = {"body", "label", "help", "caption", "placeholder", "spec", "title", "text", "message", "icon"}
USERS = {
    "admin.payload": ("admin", None, None),
    "sekretariat.payload": ("secretariat", None, None),
    "koord.payload": ("coordinator", "municipality", KARASJOK),
}


def fit(limit: int) -> str:
    """As many whole payloads as a field of `limit` characters holds."""
    text = ""
    for payload in PAYLOADS:
        if len(text) + len(payload) + 1 > limit:
            break
        text = f"{text} {payload}".strip()
    return text


# What Streamlit draws as Markdown ------------------------------------------------------------------------------------


def nodes(node) -> Iterator:
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from nodes(child)


def drawn_texts(app: AppTest) -> list[tuple[str, str]]:
    """(element type, text) for every text of the page Streamlit renders as Markdown or HTML: not a widget's own
    value (an input box shows it as text) and not a table's cells (drawn as text by the data grid)."""
    found = []
    for node in nodes(app._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        kind = getattr(node, "type", type(node).__name__)
        for field, value in strings(MessageToDict(proto)):
            if field == "spec":  # a plotly figure: every string in it is drawn by plotly's own HTML subset
                found += [(f"{kind}.{inner}", text) for inner, text in strings(json.loads(value))]
            elif field in LABEL_FIELDS or (field == "options" and kind == "radio"):
                found.append((f"{kind}.{field}", value))
    return found


def strings(value, field: str = "") -> Iterator[tuple[str, str]]:
    """(field name, text) for every string inside a message turned into a dict."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from strings(inner, key)
    elif isinstance(value, list):
        for inner in value:
            yield from strings(inner, field)
    elif isinstance(value, str):
        yield field, value


def unescaped(text: str) -> str:
    """The text as it reads once Markdown has taken its backslash escapes: an escaped character is drawn as itself,
    so it cannot start a link, tag or style; dropping it keeps only what Markdown could still act on."""
    return re.sub(r"\\.", "", text, flags=re.DOTALL).replace("\u200b", " ")


def holes(app: AppTest) -> list[str]:
    problems = []
    for where, text in drawn_texts(app):
        text = unescaped(text)
        if not any(marker in text for marker in MARKERS):
            continue
        checked = CHART_HOLES if where.startswith("plotly") else HOLES  # plotly draws HTML, not Markdown
        problems += [f"{name} in {where}: {text[:200]!r}" for name, pattern in checked.items() if pattern.search(text)]
    return problems


def assert_safe(app: AppTest, echoed: bool = False) -> list[str]:
    """No hole, and (for values from a link) nothing echoed long; the drawn texts a payload reached."""
    assert not app.exception, [e.value for e in app.exception][:1]
    assert not holes(app), holes(app)[:5]
    arrived = [text for _, text in drawn_texts(app) if any(marker in unescaped(text) for marker in MARKERS)]
    if echoed:  # a link's value comes back shortened: never a 40 KB warning
        assert all("A" * (MAX_ECHO + 1) not in text for _, text in drawn_texts(app))
    return arrived


def reached(app: AppTest) -> bool:
    """A payload is on the page: drawn, in a table's cells (drawn as text by the data grid) or among a list's
    choices."""
    texts = [unescaped(text) for _, text in drawn_texts(app)]
    texts += [frame.value.to_string() for frame in app.dataframe]
    texts += [str(option) for box in [*app.selectbox, *app.multiselect] for option in box.options]
    return any(marker in text for text in texts for marker in MARKERS)


def open_page(name: str, identity=None, lang: str = "nb", warned: list | None = None, **params) -> AppTest:
    """The page reached through app.py as a link would; the first run (the default page, which shows the warnings
    about the link's values the sidebar read) is checked too, its warnings added to `warned`."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.query_params.update({"lang": lang, **params})
    if identity is not None:
        app.session_state["identity"] = identity
    app.run()
    assert_safe(app, echoed=True)
    if warned is not None:
        warned += [w.value for w in app.warning]
    return app.switch_page(f"app_pages/{name}.py").run()


# Values from a link --------------------------------------------------------------------------------------------------

LINK_PAGES = ("home", "overview", "profile", "compare", "progress", "map_explorer", "presentation", "cases",
              "methodology")


@pytest.fixture(scope="module")
def public_url(private_database, monkeypatch_module) -> str:
    url = private_database("payloads_links")
    monkeypatch_module.setenv("DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def pages_present(names) -> list[str]:
    return [name for name in names if (ROOT / "app_pages" / f"{name}.py").is_file()]


@pytest.mark.parametrize("page", [  # every page six times: slow, but for one page (make test-fast)
    pytest.param(page, marks=[] if page == "profile" else [pytest.mark.slow]) for page in pages_present(LINK_PAGES)])
def test_every_query_value_is_echoed_as_short_inert_text(public_url, page):
    warned = []
    for shift in range(len(LINK_VALUES)):  # every parameter gets every value once
        params = {name: LINK_VALUES[(number + shift) % len(LINK_VALUES)] for number, name in enumerate(KNOWN_PARAMS)
                  if name != "lang"}
        params[LINK_VALUES[shift % 5][:40]] = "1"  # an unknown parameter: its name is echoed
        app = open_page(page, warned=warned, **params)
        assert_safe(app, echoed=True)
        warned += [w.value for w in app.warning]
    assert any(marker in unescaped(text) for text in warned for marker in MARKERS), "no value was echoed back"


# Values users and uploads supply -------------------------------------------------------------------------------------


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload_file() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(read.COLUMNS)
    writer.writerow(["", KARASJOK, "low_income_eu60", YEAR - 2, "9,5", "", "", fit(300), "Class_1"])
    return buffer.getvalue().encode()


@pytest.fixture(scope="module")
def stored(private_database, add_users, identity_of, monkeypatch_module) -> dict:
    url = private_database("payloads_stored")
    add_users(url, USERS)
    who = {name: identity_of(url, name) for name in USERS}
    secretariat, coordinator = who["sekretariat.payload"], who["koord.payload"]
    ids = {}
    with db.session(url) as session:  # a display name as an administrator could type it
        session.execute(update(models.User).where(models.User.username == "koord.payload")
                        .values(display_name=fit(200)))
        session.commit()
    who["koord.payload"] = identity_of(url, "koord.payload")
    ids["member"] = members.apply(secretariat, "kommune", KARASJOK, fit(200), f"{YEAR - 1}-01-10", note=EVERY, url=url)
    ids["meeting"] = meetings.add_meeting(secretariat, f"{YEAR}-01-15", fit(200), agenda="\n".join(PAYLOADS),
                                          minutes=EVERY + "\n\n" + LONG[:1000], url=url)
    ids["decision"] = meetings.add_decision(secretariat, ids["meeting"], fit(50), EVERY, url=url)
    meetings.add_action(secretariat, ids["meeting"], EVERY, fit(200), f"{YEAR}-02-15", url=url)
    meetings.add_activity(secretariat, YEAR, fit(200), lead=fit(200), description=EVERY, url=url)
    steering.add_seat(secretariat, "elected", fit(200), f"{YEAR - 1}-01-01", f"{YEAR + 1}-12-31",
                      member_id=ids["member"], representative=fit(200), url=url)
    case = {"area_level": "municipality", "area_code": KARASJOK, "language": "nb", "year": YEAR - 1, "title": fit(200),
            "summary": EVERY, "done": EVERY, "results": EVERY, "contact": fit(200), "goals": [15], "targets": ["15.1"],
            "processes": ["local_data"], "indicators": ["low_income_eu60"],
            "translation_title": fit(200)}
    ids["case"] = cases.save_case(coordinator, **case, url=url)
    cases.add_attachment(coordinator, ids["case"], f"{fit(100)}.pdf", blank_pdf(), url=url)
    cases.submit_case(coordinator, ids["case"], url)
    cases.approve_case(secretariat, ids["case"], url)
    ids["returned"] = cases.save_case(coordinator, **case, url=url)
    cases.submit_case(coordinator, ids["returned"], url)
    cases.return_case(secretariat, ids["returned"], EVERY, url)
    ids["partner"] = partners.save_partner(secretariat, name=fit(150), kind="network", contact_person=fit(150),
                                           agreements=EVERY, note=EVERY, url=url)
    partners.add_dialogue(secretariat, ids["partner"], f"{YEAR}-01-20", fit(200), EVERY, follow_up=fit(200),
                          follow_up_owner=fit(100), follow_up_due=f"{YEAR}-03-01", url=url)
    assessment.save_assessment(coordinator, "municipality", KARASJOK, YEAR,
                               {process: (3, fit(200)) for process in PROCESSES}, url=url)
    ids["peer_set"] = peer_sets.save(coordinator, fit(100), ["0301", "5601"], queries.municipalities(url), url=url)
    apply.apply_upload(coordinator, f"{fit(120)}.csv", upload_file(), url=url)
    monkeypatch_module.setenv("DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield {"url": url, "who": who, "ids": ids}
    st.cache_data.clear()
    st.cache_resource.clear()


STORED_PAGES = [  # (page, who, query parameters, whether the stored texts appear there)
    ("members", "sekretariat.payload", {}, True),
    ("meetings", "sekretariat.payload", {}, True),
    ("steering", "sekretariat.payload", {}, True),
    ("report", "sekretariat.payload", {}, False),  # the annual report is a document to download
    ("audit_log", "admin.payload", {}, True),
    ("users", "admin.payload", {}, True),
    ("partners", "sekretariat.payload", {}, True),
    ("assessment", "sekretariat.payload", {}, False),  # the heatmap shows levels, not the evidence
    ("assessment", "koord.payload", {}, True),
    ("case_editor", "koord.payload", {}, True),
    ("case_editor", "sekretariat.payload", {}, True),
    ("uploads", "koord.payload", {}, True),
    ("compare", "koord.payload", {"kommune": KARASJOK}, True),
    ("compare", "koord.payload", {"kommune": KARASJOK, "set": "peer_set"}, True),  # the saved set chosen
    ("profile", "koord.payload", {"kommune": KARASJOK}, True),
    ("cases", None, {}, True),
    ("home", None, {}, False),
]


@pytest.mark.parametrize(("page", "user", "params", "shows"), STORED_PAGES,
                         ids=[f"{p}-{u}-{len(q)}" for p, u, q, _ in STORED_PAGES])
def test_stored_texts_are_drawn_as_text(stored, page, user, params, shows):
    if not (ROOT / "app_pages" / f"{page}.py").is_file():
        pytest.skip(f"no page {page}")
    params = {name: str(stored["ids"].get(value, value)) for name, value in params.items()}
    app = open_page(page, stored["who"][user] if user else None, **params)
    assert_safe(app)
    arrived = reached(app)
    for chooser, value in (("chosen_meeting", stored["ids"]["meeting"]), ("partner_edit", stored["ids"]["partner"])):
        boxes = [box for box in app.selectbox if box.key == chooser]
        if boxes:
            app = boxes[0].set_value(value).run()
            assert_safe(app)
            arrived = arrived or reached(app)
    assert arrived or not shows, f"no payload reached {page}: the test would prove nothing there"


def test_a_case_from_a_link_draws_its_texts_as_text(stored):
    app = open_page("cases", case=str(stored["ids"]["case"]))
    assert assert_safe(app), "the case's texts were not drawn"


def test_an_upload_through_the_page_draws_its_name_cells_and_complaints_as_text(stored):
    app = open_page("uploads", stored["who"]["koord.payload"])
    app.file_uploader[0].set_value((f"{fit(120)}.csv", upload_file(), "text/csv")).run()
    assert_safe(app)
    assert reached(app), "the upload's source cell was not shown"
    workbook = Workbook()
    workbook.active.title = '<a href="evil.example">'  # the sheets are named when none is called Data
    workbook.create_sheet("<img src=evil.example>")
    buffer = io.BytesIO()
    workbook.save(buffer)
    app.file_uploader[0].set_value((f"{fit(120)}.xlsx", buffer.getvalue(), XLSX)).run()
    assert_safe(app)
    assert any("evil" in unescaped(error.value) for error in app.error), "the complaint did not echo the sheet"
