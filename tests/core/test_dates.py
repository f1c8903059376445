"""The date kit every form uses (``core.dates``): windows counted from today, and a date
picker that always gets an ISO value. Which forms use it: tests/test_dates_entered.py."""

from datetime import date, timedelta

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core.dates import DUE, HELD, PAST, DateInput, DateWindow, date_within


def test_a_past_window_says_the_date_cannot_be_in_the_future():
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        PAST.check(tomorrow)

    assert refused.value.code == "date_in_future"


def test_windows_count_from_today():
    today = date(2026, 12, 2)

    assert HELD.bounds(today) == (date(2016, 12, 2), date(2027, 12, 2))
    assert DUE.bounds(today) == (date(2025, 12, 2), date(2031, 12, 2))
    assert DateWindow(years_back=1).bounds(date(2028, 2, 29)) == (
        date(2027, 2, 28),
        date(2028, 2, 29),
    )


def test_date_within_adds_to_the_fields_own_validators():
    field = forms.DateField(validators=[lambda value: None])
    date_within(field, PAST)

    assert len(field.validators) == 2


# --- the picker's value ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_date_picker_gets_an_iso_value_in_every_language(language):
    with translation.override(language):
        html = DateInput().render("when", date(2026, 12, 2))

    assert 'value="2026-12-02"' in html


def test_a_date_typed_the_chinese_way_comes_back_to_the_picker_as_iso():
    # 2026/12/02 is Chinese's first input format: valid, but a date input shows it as empty.
    with translation.override("zh-hans"):
        html = DateInput().render("when", "2026/12/02")

    assert 'value="2026-12-02"' in html


def test_something_that_is_not_a_date_comes_back_as_typed():
    assert 'value="next tuesday"' in DateInput().render("when", "next tuesday")
