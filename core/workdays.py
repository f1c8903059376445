"""Working days the Chinese way: public holidays off, make-up weekend days (调休) on.

Backed by chinese-calendar, which carries the State Council's published arrangements. For a
year it does not know yet (arrangements are published each November for the next year) we fall
back to "Monday to Friday" and say so: callers show ``calendar_notice`` to users.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from django.utils.translation import gettext as _


@lru_cache(maxsize=64)
def calendar_known(year: int) -> bool:
    """True when the holiday arrangements of ``year`` are known."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_workday(day: date) -> bool:
    """A working day: Monday–Friday unless a public holiday, or a make-up working weekend day."""
    if calendar_known(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def is_makeup_workday(day: date) -> bool:
    """A Saturday or Sunday that is a working day because of a holiday swap (调休)."""
    return day.weekday() >= 5 and is_workday(day)


def holiday_name(day: date) -> str | None:
    """The holiday's name (English, from chinese-calendar) when ``day`` is a public holiday."""
    if not calendar_known(day.year):
        return None
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    return name if on_holiday and name else None


def next_workday(day: date) -> date:
    """``day`` itself when it is a working day, else the next working day after it."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def add_workdays(start: date, count: int) -> date:
    """The date ``count`` working days after ``start`` (``start`` itself is not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_workday(day):
            count += 1
    return count


def calendar_notice(*years: int) -> str | None:
    """A message for users when any of ``years`` is computed without its holiday arrangements."""
    unknown = sorted({y for y in years if not calendar_known(y)})
    if not unknown:
        return None
    return _(
        "The public holidays of %(years)s are not published in this system yet: "
        "working days are counted as Monday to Friday."
    ) % {"years": "、".join(str(y) for y in unknown)}
