"""Form inputs are checked by the pydantic models in core/forms.py: each problem becomes the right message key,
whatever junk a form (or a crafted request) sends, and good input comes out cleaned."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import forms
from core.errors import UserError

ANYTHING = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=50),
                     st.dates().map(date.isoformat))


@given(rate=ANYTHING, floor=ANYTHING, cap=ANYTHING, year=ANYTHING, reference=ANYTHING)
def test_a_tariff_is_either_clean_or_one_known_message(rate, floor, cap, year, reference):
    try:
        form = forms.checked(forms.TariffForm, UserError, rate=rate, floor=floor, cap=cap, year=year,
                             reference=reference)
    except UserError as error:
        assert error.key in {"fee.error.negative", "fee.error.floor_cap", "fee.error.year", "fee.error.reference"}
    else:
        assert 0 <= form.floor <= form.cap and 2020 <= form.year <= 2100 and len(form.reference) <= 300


@given(kind=ANYTHING, start=ANYTHING, end=ANYTHING, organisation=ANYTHING)
def test_a_seat_is_either_clean_or_one_known_message(kind, start, end, organisation):
    try:
        form = forms.checked(forms.SeatForm, UserError, kind=kind, start=start, end=end, organisation=organisation,
                             member_id=1)
    except UserError as error:
        assert error.key.startswith("steering.error.")
    else:
        assert form.start < form.end and form.organisation == form.organisation.strip() != ""


@pytest.mark.parametrize("fields, key", [
    ({"on": "2025-13-01", "place": "Bodø"}, "meeting.error.date"),
    ({"on": "2025-02-01", "place": "   "}, "meeting.error.empty"),
    ({"on": "2025-02-01", "place": "x" * 201}, "meeting.error.too_long"),
    ({"on": "2025-02-01", "place": "Bodø", "agenda": "x" * 20_001}, "meeting.error.too_long"),
])
def test_meeting_problems(fields, key):
    with pytest.raises(UserError) as error:
        forms.checked(forms.MeetingForm, UserError, **fields)
    assert error.value.key == key


@pytest.mark.parametrize("fields, key", [
    ({"member_id": None, "status": "active"}, "member.error.unknown"),  # no member chosen: said first
    ({"status": "applied"}, "member.error.status"),
    ({"status": "admitted"}, "member.error.decision"),
    ({"status": "admitted", "reference": "  "}, "member.error.decision"),
    ({"status": "withdrawn", "reference": "Sak 1"}, "member.error.reason"),
    ({"status": "active", "reference": "x" * 301}, "member.error.too_long"),
])
def test_status_change_problems(fields, key):
    with pytest.raises(UserError) as error:
        forms.checked(forms.StatusChangeForm, UserError, **({"member_id": 1} | fields))
    assert error.value.key == key


def test_good_input_comes_out_clean():
    form = forms.checked(forms.MeetingForm, UserError, on=date(2025, 2, 1), place="  Bodø ", agenda="Sak 1")
    assert (form.on, form.place, form.agenda, form.minutes) == (date(2025, 2, 1), "Bodø", "Sak 1", "")
    account = forms.checked(forms.AccountForm, UserError, username="koord.bodo", role="coordinator",
                            area_level="municipality", area_code="1804", password="korrekt hest batteri stift")
    assert account.role == "coordinator"
    with pytest.raises(UserError) as error:
        forms.checked(forms.AccountForm, UserError, username="koord.bodo", role="coordinator")
    assert error.value.key == "auth.error.area"
    with pytest.raises(UserError) as error:
        forms.checked(forms.PeerSetForm, UserError, name=" ")
    assert (error.value.key, error.value.values) == ("peers.error.name", {"limit": forms.MAX_SET_NAME})
