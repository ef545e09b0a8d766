"""Hostile text in Chromium's DOM (issue 17 §5): a link's values echoed in warnings and a published case's texts
reach the page as text; no `a`, `img`, `style` or `script` element and no style attribute comes from them, and no
script runs. tests/test_payloads.py drives every path in AppTest; this checks what the browser really builds.

The server runs on its own free port with a private database; the case and its texts are invented.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from core import auth, db
from core.gate import SYSTEM
from core.learning import cases

pytestmark = pytest.mark.browser

PASSWORD = "korrekt hest batteri stift"
KARASJOK = "5610"
PAYLOADS = ("[x](https://evil.example)", "![p](https://evil.example/p.png)",
            "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "[j](javascript:alert(1))",
            '<a href="https://evil.example">a</a>', '<img src="https://evil.example/i.png">',
            "<style>.stApp{display:none}</style>", "<script>alert(1)</script>")
EVERY = " ".join(PAYLOADS)
NO_ALERT = "window.__alerted = 0; window.alert = () => { window.__alerted += 1; };"
# Elements and attributes a payload would have made: every one is listed, so a failure names it.
FROM_PAYLOAD_JS = """() => {
    const bad = [];
    for (const a of document.querySelectorAll('a[href]')) {
        const href = a.getAttribute('href');  // a heading's own anchor (#…) is the page's, whatever its words
        if (!href.startsWith('#') && /evil|^\\s*(data|javascript):/i.test(href)) bad.push('a ' + href);
    }
    for (const img of document.querySelectorAll('img')) {
        if (/evil/i.test(img.getAttribute('src') || '')) bad.push('img ' + img.getAttribute('src'));
    }
    for (const style of document.querySelectorAll('style')) {
        if (style.textContent.includes('display:none}')) bad.push('style ' + style.textContent.slice(0, 80));
    }
    for (const script of document.querySelectorAll('script')) {
        if (script.textContent.includes('alert(1)')) bad.push('script');
    }
    for (const element of document.querySelectorAll('[style]')) {
        if (/evil|display:\\s*none}/i.test(element.getAttribute('style'))) bad.push('style= ' + element.tagName);
    }
    if (window.__alerted) bad.push('alert ran');
    return bad;
}"""


@pytest.fixture(scope="module")
def database(private_database) -> str:
    url = private_database("payloads_browser")
    auth.create_user(SYSTEM, "koord.payload", "Koordinator", PASSWORD, "coordinator", "municipality", KARASJOK,
                     url=url)
    auth.create_user(SYSTEM, "sekretariat.payload", "Sekretariatet", PASSWORD, "secretariat", url=url)
    case = cases.save_case("koord.payload", area_level="municipality", area_code=KARASJOK, language="nb",
                           year=2025, title="Oppdiktet " + PAYLOADS[0], summary=EVERY, done=EVERY, results=EVERY,
                           contact="Oppdiktet " + PAYLOADS[4], goals=[15], targets=["15.1"],
                           processes=["local_data"], indicators=["low_income_eu60"], url=url)
    cases.submit_case("koord.payload", case, url)
    cases.approve_case("sekretariat.payload", case, url)
    db.engine_for(url).dispose()
    return url, case


@pytest.fixture(scope="module")
def base(database, streamlit_servers):
    with streamlit_servers.serving("app.py", {"DATABASE_URL": database[0]}) as url:
        yield url


def open_clean(page, settle, address: str) -> str:
    page.add_init_script(script=NO_ALERT)
    page.goto(address)
    settle(page)
    assert page.evaluate(FROM_PAYLOAD_JS) == []
    return page.inner_text("[data-testid='stApp']")


def test_values_from_a_link_are_text_in_the_dom(base, page, settle):
    for value in (*PAYLOADS, "A" * 10_000):  # ?goal= is echoed on the profile page when it is not a goal
        text = open_clean(page, settle, f"{base}/kommuneprofil?{urlencode({'goal': value})}")
        assert value[:20].replace("://", ":\u200b//") in text, f"{value[:20]} was not echoed: the test saw nothing"
        assert "A" * 81 not in text  # shortened


def test_a_published_cases_texts_are_text_in_the_dom(base, database, page, settle):
    text = open_clean(page, settle, f"{base}/gode-eksempler?case={database[1]}")
    assert "evil" in text and "display:none" in text, "the case's texts were not shown: the test saw nothing"
