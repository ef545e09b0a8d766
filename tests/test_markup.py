"""Values from links and members' texts are shown without working links, images or formatting they could abuse."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from core.markup import MAX_ECHO, inert, safe_markdown

PHISHING = "[Logg inn på nytt her](https://evil.example/login)"


def test_a_crafted_link_value_is_inert_text():
    shown = inert(PHISHING)
    assert "](" not in shown and "://" not in shown
    assert shown.replace("\\", "").replace("\u200b", "") == PHISHING  # the same letters, nothing hidden
    assert inert("friends") == "friends" and inert("500") == "500"


@given(st.text(max_size=300))
def test_nothing_from_a_link_opens_a_link_or_an_image(value):
    shown = inert(value)
    assert "](" not in shown and "![" not in shown and "<" not in shown.replace("\\<", "")
    assert len(shown.replace("\\", "").replace("\u200b", "")) <= MAX_ECHO + 1


def test_members_markdown_keeps_its_formatting_but_no_link_image_or_tag():
    text = ("Se ![piksel](https://track.example/p.gif) og [skjema](data:text/html;base64,PHNjcmlwdD4=) "
            "og [KS](https://www.ks.no) <img src=https://track.example/q.gif> **viktig** www.ks.no https://ks.no\n\n"
            "[kilde][1]\n\n[1]: https://evil.example")
    shown = safe_markdown(text)
    assert "![" not in shown and "\\<img" in shown  # a tag is shown as text, escaped
    assert "](" not in shown and "]:" not in shown.replace("\\]:", "")  # no link of any scheme, no definition
    assert "://" not in shown and "www." not in shown  # bare addresses do not autolink
    assert "KS (https:" in shown and "**viktig**" in shown  # the label and the address as text; formatting kept


def test_the_phishing_link_in_a_url_becomes_a_plain_warning(built_database):
    app = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    app.query_params["kommune"] = PHISHING
    app.run()
    warnings = [w.value for w in app.warning]
    assert warnings and all("](https" not in w for w in warnings)
    assert any("Logg inn på nytt her" in w.replace("\\", "") for w in warnings)
