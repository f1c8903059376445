"""A month as users write it (2026-11) and as the database needs it (Beijing-time bounds).

The one kit for every page, form, filter, task and command that takes a month: the reports,
the dashboards, the duty rosters and schedules, the archive. A month is the ``date`` of its first
day. Only months of the years ``FIRST_YEAR``..``LAST_YEAR`` exist for the application (settings
``MONTH_FIRST_YEAR`` / ``MONTH_LAST_YEAR``, 2000–2100 by default): 0001-01 or 9999-12 is a typing
slip or a probe, and its arithmetic would leave Python's calendar (a server error), so
``parse_month`` refuses it like any other malformed text.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONTH_RE = re.compile(r"\s*(\d{4})-(\d{1,2})\s*")


def first_year() -> int:
    return int(getattr(settings, "MONTH_FIRST_YEAR", 2000))


def last_year() -> int:
    return int(getattr(settings, "MONTH_LAST_YEAR", 2100))


def month_of(year: int, month: int) -> date | None:
    """The month ``year``-``month``, or None when it is not a month the application knows."""
    if not (first_year() <= year <= last_year() and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def parse_month(value: str | None) -> date | None:
    """'2026-01' → date(2026, 1, 1); None when empty, malformed or outside the years served."""
    match = MONTH_RE.fullmatch(value or "")
    if not match:
        return None
    return month_of(int(match[1]), int(match[2]))


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after (before, if negative) ``month``."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


# The months the app works with (the default window; ``in_window`` reads the settings).
# Outside them a month is a typing error or a probe (0001-01, 9999-12), and date arithmetic
# around it (a 12-month trend) would overflow.
FIRST_MONTH = date(2000, 1, 1)
LAST_MONTH = date(2100, 12, 1)


def in_window(month: date) -> bool:
    """Whether ``month`` lies in the years served (``month_of``'s window)."""
    return month_of(month.year, month.month) is not None


def next_month(month: date) -> date:
    return add_months(month, 1)


def previous_month(today: date | None = None) -> date:
    """The month before the current one (Beijing time): the month the reports are about."""
    return add_months((today or timezone.localdate()).replace(day=1), -1)


def last_months(month: date, count: int = 12) -> list[date]:
    """``count`` months ending with ``month``, oldest first."""
    return [add_months(month, i) for i in range(1 - count, 1)]


def month_days(month: date) -> tuple[date, date]:
    """First and last day of ``month``."""
    return month.replace(day=1), month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of ``month`` in Beijing time, as aware datetimes: a reply at 23:59 on the
    last day belongs to the month."""
    start = timezone.make_aware(datetime.combine(month.replace(day=1), time.min))
    return start, timezone.make_aware(datetime.combine(next_month(month), time.min))


def bad_month() -> forms.ValidationError:
    return forms.ValidationError(
        _("Enter a month as YYYY-MM between %(first)s-01 and %(last)s-12.")
        % {"first": first_year(), "last": last_year()},
        code="bad_month",
    )


class MonthField(forms.CharField):
    """A month input (``<input type="month">``) cleaned to the month's first day."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month"}))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("min", f"{first_year()}-01")
        self.widget.attrs.setdefault("max", f"{last_year()}-12")

    def to_python(self, value: object) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        month = parse_month(text)
        if text and month is None:
            raise bad_month()
        return month
