"""Municipality search (issue 13 §3): folded letters, Sami and Kven names, old codes, each name once in labels,
"Ingen treff" in bokmål; the core in plain Python, the sidebar in AppTest."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from core import queries, search

APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture(scope="module")
def index() -> search.SearchIndex:
    frame = queries.municipalities()
    names = {r.code: (r.name_norwegian, r.name, r.name_ssb, r.name_sami) for r in frame.itertuples()}
    return search.build_index(names, search.old_codes())


def first(index, query: str) -> str | None:
    hits = search.search(index, query)
    return hits[0].code if hits else None


@pytest.mark.parametrize(("query", "code"), [
    ("Tromso", "5501"), ("tromsoe", "5501"), ("TROMSØ", "5501"), ("Bodo", "1804"), ("bodoe", "1804"),
    ("Alesund", "1508"), ("Aalesund", "1508"), ("ålesund", "1508"), ("Baerum", "3201"), ("Bærum", "3201"),
    ("Karasjok", "5610"), ("Kárášjohka", "5610"), ("Karasjohka", "5610"), ("Guovdageaidnu", "5612"),
    ("Porsanki", "5622"), ("Porsangu", "5622"), ("Oslove", "0301"), ("Tråante", "5001"), ("Traante", "5001"),
    ("5501", "5501"), ("301", "0301"),
])
def test_names_are_found_however_they_are_typed(index, query, code):
    assert first(index, query) == code


def test_old_codes_lead_to_todays_municipality(index):
    hits = search.search(index, "5401")
    assert [h.code for h in hits] == ["5501"]
    assert hits[0].old.old_code == "5401" and hits[0].old.old_name == "Tromsø"
    assert {h.code for h in search.search(index, "1507")} == {"1508", "1580"}  # Ålesund 2020–2023 was split
    assert {h.code for h in search.search(index, "1850")} == {"1806", "1875"}  # Tysfjord
    assert {h.code for h in search.search(index, "Tysfjord")} == {"1806", "1875"}


def test_nothing_found_is_an_empty_list(index):
    assert search.search(index, "xyzzy") == []
    assert search.search(index, "9999") == []


def test_the_search_is_fast(index):
    start = time.perf_counter()
    for query in ("a", "Tromso", "5401", "Kárášjohka", "xyzzy") * 20:
        search.search(index, query)
    assert (time.perf_counter() - start) / 100 < 0.02  # well under a keystroke's time per search


def test_labels_show_each_name_once():
    assert search.display_label("5610", "Karasjok", "Kárášjohka - Karasjok", "Kárásjohka - Karasjok",
                                "Kárášjohka") == "Karasjok – Kárášjohka (5610)"
    assert search.display_label("5501", "Tromsø", "Tromsø", "Tromsø", "Tromsø") == "Tromsø (5501)"
    assert search.display_label("0301", "Oslo", "Oslo", "Oslo - Oslove", None) == "Oslo – Oslove (0301)"


def test_every_label_in_the_database_names_each_form_once():
    from core.etl.areas import search_label

    for r in queries.municipalities().itertuples():
        label = search_label(r.name, r.name_ssb, r.name_norwegian, r.name_sami, r.code)
        forms = [search.fold(f) for f in label.rsplit(" (", 1)[0].split(" – ")]
        assert len(forms) == len(set(forms)), label
        assert label.startswith(r.name_norwegian) and label.endswith(f"({r.code})")


@pytest.mark.parametrize(("a", "b"), [("Tromsø", "Tromso"), ("Tromsø", "Tromsoe"), ("Ålesund", "Aalesund"),
                                      ("Ålesund", "Alesund"), ("Bærum", "Baerum"), ("Kárášjohka", "Karasjohka"),
                                      ("Porsáŋgu", "Porsangu"), ("Hábmer", "habmer")])
def test_spellings_fold_alike(a, b):
    assert search.fold(a) == search.fold(b)


@given(st.text())
def test_fold_is_idempotent_plain_and_case_free(text):
    folded = search.fold(text)
    assert search.fold(folded) == folded
    assert search.fold(text.upper()) == search.fold(text.lower()) or not text.isascii()
    assert not set(folded) & set("æøåÆØÅáčđŋšŧž")


@given(st.sampled_from(["Tromsø", "Bodø", "Ålesund", "Bærum", "Kárášjohka", "Tråante"]), st.data())
def test_any_prefix_of_a_folded_name_finds_it(name, drawn):
    index = search.build_index({"0001": (name,), "0002": ("Zzz",)})
    folded = search.fold(name)
    length = drawn.draw(st.integers(1, len(folded)))
    assert "0001" in [h.code for h in search.search(index, folded[:length])]


# The sidebar in AppTest ------------------------------------------------------------------------------------------


def open_app(**params) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params.update(params)
    return app.run()


def test_sidebar_search_folds_and_chooses_a_single_hit():
    app = open_app()
    app.text_input(key="kommune_search").input("Tromso").run()
    assert not app.exception
    assert app.selectbox(key="kommune").value == "5501"
    assert app.selectbox(key="kommune").options == ["Tromsø (5501)"]
    assert "5501" in str(app.query_params["kommune"])


def test_sidebar_search_finds_an_old_code_and_says_so():
    app = open_app()
    app.text_input(key="kommune_search").input("5401").run()
    assert app.selectbox(key="kommune").value == "5501"
    assert app.selectbox(key="kommune").options == ["Tromsø (5501) · tidligere 5401 Tromsø"]


def test_sidebar_search_says_ingen_treff():
    app = open_app()
    app.text_input(key="kommune_search").input("xyzzy").run()
    assert any("Ingen treff" in c.value for c in app.caption)
    english = open_app(lang="en")
    english.text_input(key="kommune_search").input("xyzzy").run()
    assert any("No matches" in c.value for c in english.caption)


def test_sidebar_search_keeps_the_choice_while_searching():
    app = open_app(kommune="5610")
    assert app.selectbox(key="kommune").value == "5610"
    app.text_input(key="kommune_search").input("Bo").run()
    box = app.selectbox(key="kommune")
    assert box.value == "5610" and box.options[0] == "Karasjok – Kárášjohka (5610)"
    assert "Bodø (1804)" in box.options
    box.select("1804").run()
    assert app.selectbox(key="kommune").value == "1804"


# KOSTRA groups in the interface language -------------------------------------------------------------------------


def test_english_kostra_descriptions_have_no_norwegian():
    from core.etl.areas import kostra_group_description

    names = queries.municipalities().kostra_group_name.dropna().unique()
    assert len(names) > 10
    for name in names:
        assert kostra_group_description(name, "nb") == name
        english = kostra_group_description(name, "en")
        assert english is not None and english.startswith("KOSTRA group ")
        assert not set(english) & set("æøåÆØÅ") and "innb" not in english and "kostnader" not in english
    assert kostra_group_description("KOSTRA-gruppe 1 (2 000 - 9 999 innb., lave bundne kostnader, lave frie "
                                    "disponible inntekter)", "en") == (
        "KOSTRA group 1 (2,000–9,999 inhabitants, low fixed costs, low free disposable income)")
    assert kostra_group_description("KOSTRA-gruppe 3 (noe nytt)", "en") is None  # none rather than Norwegian
    assert kostra_group_description(None, "en") is None


def test_the_english_profile_shows_the_kostra_group_in_english():
    app = open_app(lang="en", kommune="5610")
    app.switch_page("app_pages/profile.py").run()
    assert not app.exception, [e.value for e in app.exception]
    shown = " ".join(str(m.value) for m in app.markdown) + " ".join(str(c.value) for c in app.caption)
    assert "KOSTRA-gruppe" not in shown and "bundne kostnader" not in shown
    assert "KOSTRA group 5 (" in shown  # the median group's line names the group in English


def test_the_own_peer_list_is_searched_and_keeps_what_is_chosen():
    app = open_app(kommune="3101", peers="custom", codes="0301")
    app.switch_page("app_pages/compare.py").run()
    assert not app.exception, [e.value for e in app.exception]
    app.text_input(key="custom_codes_search").input("Tromso").run()
    box = app.multiselect(key="custom_codes")
    assert box.value == ["0301"] and box.options == ["Oslo – Oslove (0301)", "Tromsø (5501)"]
    box.select("5501").run()
    assert app.multiselect(key="custom_codes").value == ["0301", "5501"]
    app.text_input(key="custom_codes_search").input("xyzzy").run()
    assert any("Ingen treff" in c.value for c in app.caption)
    assert app.multiselect(key="custom_codes").value == ["0301", "5501"]


@pytest.mark.slow  # several seconds (whole refreshes, a second page run): not in test-fast
def test_the_presentations_municipalities_are_searched():
    app = open_app()
    app.switch_page("app_pages/presentation.py").run()
    assert not app.exception, [e.value for e in app.exception]
    app.text_input(key="presentation_codes_search").input("Bodo").run()
    assert app.multiselect(key="presentation_codes").options == ["Bodø (1804)"]
