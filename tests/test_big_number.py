"""components/big_number.py: a label and a value in large type, every character of both shown as text."""

from __future__ import annotations

from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from components import big_number


def markup(label: str, value: str) -> list[str]:
    """What big_number hands to st.html."""
    with mock.patch.object(big_number.st, "html") as html:
        big_number.big_number(label, value)
    return [call.args[0] for call in html.call_args_list]


def test_markup_in_a_label_or_value_is_text():
    [body] = markup('<img src=x onerror="alert(1)"> & Co', "<b>717</b> & 12 %")
    assert "<img" not in body and "<b>" not in body and "&lt;img" in body and "&amp; 12 %" in body
    assert big_number.shown([body]) == [('<img src=x onerror="alert(1)"> & Co', "<b>717</b> & 12 %")]


@given(st.text(max_size=40), st.text(max_size=40))
def test_shown_reads_back_what_was_drawn(label, value):
    assert big_number.shown(markup(label, value)) == [(label, value)]
