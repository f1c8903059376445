"""Dates as people type and read them, written once for every app.

- ``DateInput``: the browser's date picker. Its value must be ISO (2026-12-02) whatever the
  language: the Chinese input format (2026/12/02) is a value the picker cannot show, so it
  looks empty and blocks the submit.
- ``DateWindow`` and ``date_within``: the dates a field may sensibly take, counted from today
  (an activity dated 9999-12-31 or a resolution due on 1900-01-01 is a typing slip, not a plan).
  The window sets the picker's ``min``/``max`` and the server refuses anything outside it.
- ``show_date``: a date in a sentence (a message, an option), in the page's own date format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

ISO = "%Y-%m-%d"


def show_date(day: date) -> str:
    """``day`` as the page shows dates: 2026年12月2日, Dec. 2, 2026."""
    return formats.date_format(day, "DATE_FORMAT")


def show_datetime(moment: datetime) -> str:
    """``moment`` in Beijing time as the page shows it: 2026年12月2日 14:30, Dec. 2, 2026, 14:30."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _parse(text: str) -> date | None:
    for fmt in (ISO, *formats.get_format("DATE_INPUT_FORMATS")):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except (TypeError, ValueError):
            continue
    return None


class DateInput(forms.DateInput):
    """``<input type="date">`` whose value is always ISO, also when a form comes back with
    what was typed in another accepted format (2026/12/02 in Chinese)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO)

    def format_value(self, value):
        if isinstance(value, str) and value:
            parsed = _parse(value)
            return parsed.strftime(ISO) if parsed else value
        return super().format_value(value)


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DateWindow:
    """The dates a kind of field may take: from ``years_back`` years before today (or
    ``days_back`` days) to ``years_ahead`` years after it (or ``days_ahead`` days)."""

    years_back: int = 0
    years_ahead: int = 0
    days_back: int = 0
    days_ahead: int = 0

    def bounds(self, today: date | None = None) -> tuple[date, date]:
        today = today or timezone.localdate()
        earliest = _years_from(today, -self.years_back) - timedelta(days=self.days_back)
        latest = _years_from(today, self.years_ahead) + timedelta(days=self.days_ahead)
        return earliest, latest

    def check(self, value: date | None) -> None:
        if value is None:
            return
        earliest, latest = self.bounds()
        if value > latest and latest == timezone.localdate():
            raise ValidationError(
                _("The date cannot be in the future (today is %(today)s).")
                % {"today": show_date(latest)},
                code="date_in_future",
            )
        if not earliest <= value <= latest:
            raise ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": show_date(earliest), "latest": show_date(latest)},
                code="date_out_of_window",
            )


# Something that has happened: a wish fulfilled, a talk held, a standard checked.
PAST = DateWindow(years_back=10)
# Something recorded after the day or planned a little ahead: activities, study sessions.
HELD = DateWindow(years_back=10, years_ahead=1)
# A due date or deadline: may be recorded late, is rarely set years ahead.
DUE = DateWindow(years_back=1, years_ahead=5)
# The duty roster: rules and shifts around the current year.
ROSTER = DateWindow(years_back=2, years_ahead=2)
# A date set for something to come: today or later, within a year.
UPCOMING = DateWindow(years_ahead=1)
# A representative's stationing and its changes: terms run five years, records go back further.
TERM = DateWindow(years_back=30, years_ahead=1)


def date_within(field: forms.Field, window: DateWindow) -> None:
    """Keep ``field`` (a form's DateField, usually in the form's ``__init__``) inside ``window``:
    the picker offers only those dates and the server refuses the others."""
    earliest, latest = window.bounds()
    field.widget.attrs.update({"min": earliest.strftime(ISO), "max": latest.strftime(ISO)})
    field.validators = [*field.validators, window.check]
