"""Neighbouring municipalities as a peer group: from the stored land borders, symmetric, none for an island, and the
compare page says which (AppTest, both languages)."""

from __future__ import annotations

import pytest

from core import geometry, peers
from core.i18n import t


def test_land_neighbours_from_a_worked_example():
    borders = {"0001": ["0003", "0002"], "0002": ["0001"], "0003": ["0001"]}
    assert peers.land_neighbours("0001", borders) == ["0002", "0003"]
    assert peers.land_neighbours("0004", borders) == []  # an island: no land border


def test_stored_neighbours_are_symmetric(built_database):
    stored = geometry.neighbours()
    assert stored, "the build stored land borders"
    for code, neighbours in stored.items():
        for neighbour in neighbours:
            assert code in stored[neighbour], (code, neighbour)


def names_in(caption: str) -> list[str]:
    return caption.split(": ", 1)[1].split(", ")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_compare_with_neighbours(built_database, open_page, lang):
    oslo = "0301"
    expected = peers.land_neighbours(oslo, geometry.neighbours())
    assert "3201" in expected  # Bærum, as the boundary data has it (tests/test_boundaries.py)
    app = open_page("compare", lang=lang, kommune=oslo, peers="neighbours")
    assert not app.exception and not app.error
    captions = [c.value for c in app.caption]
    assert t("peers.neighbours_line", lang, name="Oslo") in captions
    count = [c for c in captions if c.startswith(t("peers.count", lang, count=len(expected)) + ":")]
    assert len(count) == 1
    from components import data

    names = data.municipalities().set_index("code").name
    assert sorted(names_in(count[0])) == sorted(names[c] for c in expected)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_an_island_has_no_neighbours_and_the_page_says_so(built_database, open_page, lang):
    stored = geometry.neighbours()
    from components import data

    municipalities = data.municipalities()
    islands = sorted(set(municipalities.code) - set(stored))
    assert "1856" in islands  # Røst: reached by ferry only
    app = open_page("compare", lang=lang, kommune="1856", peers="neighbours")
    assert not app.exception and not app.error
    name = municipalities.set_index("code").name["1856"]
    assert t("peers.neighbours_none", lang, name=name) in [c.value for c in app.caption]
    assert t("peers.empty", lang) in [i.value for i in app.info]
