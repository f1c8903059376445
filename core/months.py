"""A month as users write it (2026-11) and as the database needs it (Beijing-time bounds).

One kit for every page that takes a month: the reports, the month schedule, the archive.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def parse_month(value: str | None) -> date | None:
    """'2026-01' → date(2026, 1, 1); None when empty or malformed."""
    try:
        year, month = (int(p) for p in (value or "").split("-")[:2])
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


# The months the app works with. Outside them a month is a typing error or a probe (0001-01,
# 9999-12), and date arithmetic around it (a 12-month trend) would overflow.
FIRST_MONTH = date(2000, 1, 1)
LAST_MONTH = date(2100, 12, 1)


def in_window(month: date) -> bool:
    """Whether ``month`` lies between FIRST_MONTH and LAST_MONTH."""
    return FIRST_MONTH <= month.replace(day=1) <= LAST_MONTH


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of ``month`` in Beijing time, as aware datetimes: a reply at 23:59 on the
    last day belongs to the month."""
    start = timezone.make_aware(datetime.combine(month.replace(day=1), time.min))
    return start, timezone.make_aware(datetime.combine(next_month(month), time.min))


class MonthField(forms.CharField):
    """A month input (``<input type="month">``) cleaned to the month's first day."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value: object) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        month = parse_month(text)
        if text and month is None:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."), code="bad_month")
        return month
