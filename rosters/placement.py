"""Where a rotation rule's shifts fall in a month (轮值接访): the dates it names, held on working
days (make-up working days, 调休, included), moved to the next working day (顺延) or skipped on
a day off, as the rule says. Public holidays come from ``core.workdays``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.utils.translation import gettext as _

from core.months import month_days
from core.workdays import holiday_name, is_workday, next_workday
from rosters.models import DutyShift, HolidayPolicy, RotationRule, RuleKind

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _ShiftCounts(TypedDict):
        duty_count: int
        marked_count: int

    # An existing shift as generate_month reads it: how many duties it has, and how many of them
    # already carry an attendance mark.
    CountedShift = WithAnnotations[DutyShift, _ShiftCounts]


# Holiday names as chinese-calendar spells them, in the words printed on the schedule.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}

# A holiday move never goes further than this (the longest break, Spring Festival, is 9 days);
# it also bounds the window read for overlapping duties.
MOVE_HORIZON = timedelta(days=15)


@dataclass(frozen=True)
class SkippedDate:
    date: date
    rule_name: str
    reason: str


def rule_dates(rule: RotationRule, year: int, month: int) -> list[date]:
    """The dates ``rule`` names in the month, before any holiday is considered."""
    first, last = month_days(date(year, month, 1))
    days: list[date] = []
    if rule.kind == RuleKind.WEEKLY:
        weekdays = set(rule.weekday_list)
        days = [
            first + timedelta(days=i)
            for i in range(last.day)
            if (first + timedelta(days=i)).isoweekday() in weekdays
        ]
    elif rule.kind == RuleKind.MONTH_DAYS:
        # A day the month does not have (31 in a 30-day month) is simply not a date this month.
        days = [date(year, month, d) for d in rule.month_day_list if 1 <= d <= last.day]
    elif rule.kind == RuleKind.MONTH_NTH and rule.weekday_list and rule.nth:
        weekday = rule.weekday_list[0]
        matching = [
            first + timedelta(days=i)
            for i in range(last.day)
            if (first + timedelta(days=i)).isoweekday() == weekday
        ]
        index = rule.nth - 1 if rule.nth > 0 else rule.nth
        if -len(matching) <= index < len(matching):
            days = [matching[index]]
    return sorted(
        {
            d
            for d in days
            if d >= rule.valid_from and (rule.valid_until is None or d <= rule.valid_until)
        }
    )


def day_off_name(day: date) -> str:
    name = holiday_name(day)
    if name:
        return HOLIDAY_NAMES_ZH.get(name, name)
    return "周末"


@dataclass
class Placement:
    rule: RotationRule
    rule_date: date
    date: date
    note: str = ""
    existing: CountedShift | None = None


def place(
    rule: RotationRule,
    year: int,
    month: int,
    existing_by_key: Mapping[tuple[int, date], CountedShift],
    occupied: Mapping[int, set[date]],
    skipped: list[SkippedDate],
) -> list[Placement]:
    """Where each of the rule's dates lands: held, moved to the next working day, or skipped."""
    dates = rule_dates(rule, year, month)
    placements = []
    # The rule's own working dates come first: a moved shift must not land on one of them.
    taken = {d for d in dates if is_workday(d)} | occupied[rule.pk]
    for rule_date in dates:
        shift = existing_by_key.get((rule.pk, rule_date))
        if shift is not None:
            placements.append(Placement(rule, rule_date, shift.date, shift.note, shift))
            continue
        if is_workday(rule_date):
            # Make-up working days (调休, a working Saturday) are working days: the shift is held.
            placements.append(Placement(rule, rule_date, rule_date))
            continue
        day_off = day_off_name(rule_date)
        if rule.on_holiday == HolidayPolicy.SKIP:
            skipped.append(
                SkippedDate(rule_date, rule.name, _("%(day)s: skipped by rule") % {"day": day_off})
            )
            continue
        target = next_workday(rule_date)
        if target in taken or (rule.valid_until and target > rule.valid_until):
            skipped.append(
                SkippedDate(
                    rule_date,
                    rule.name,
                    _("%(day)s: the next working day already has this shift") % {"day": day_off},
                )
            )
            continue
        taken.add(target)
        note = f"{day_off}顺延（原定{rule_date.month}月{rule_date.day}日）"
        placements.append(Placement(rule, rule_date, target, note))
    return placements
