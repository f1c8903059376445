"""Generating a month's shifts: patterns, Chinese working days, fair rotation, idempotence."""

import io
from collections import Counter
from datetime import date, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.months import next_month
from representatives.models import Assignment
from rosters.generation import generate_month, generate_next_month
from rosters.models import Attendance, Duty, DutyShift, HolidayPolicy, RuleKind
from rosters.placement import rule_dates
from rosters.services import shift_update
from tests.factories import UserFactory
from tests.rosters.factories import (
    AssignmentFactory,
    DutyFactory,
    DutyShiftFactory,
    RepresentativeFactory,
    RotationRuleFactory,
    assign,
)

pytestmark = pytest.mark.django_db


def shares(workroom, year, month) -> Counter:
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return Counter(
        Duty.objects.filter(shift__workroom=workroom, shift__date__range=(first, last)).values_list(
            "representative__name", flat=True
        )
    )


def shift_dates(workroom) -> list[date]:
    return list(DutyShift.objects.filter(workroom=workroom).values_list("date", flat=True))


# --- Patterns -------------------------------------------------------------------------------


def test_weekly_rule_makes_a_shift_on_each_named_weekday(wr):
    rule = RotationRuleFactory(workroom=wr.a, weekdays="2,4")

    assert rule_dates(rule, 2026, 11) == [date(2026, 11, d) for d in (3, 5, 10, 12, 17, 19, 24, 26)]


def test_monthly_days_skip_a_day_the_month_does_not_have(wr):
    rule = RotationRuleFactory(
        workroom=wr.a, kind=RuleKind.MONTH_DAYS, weekdays="", month_days="10,31"
    )

    assert rule_dates(rule, 2026, 11) == [date(2026, 11, 10)]
    assert rule_dates(rule, 2026, 12) == [date(2026, 12, 10), date(2026, 12, 31)]


@pytest.mark.parametrize(
    "nth, weekday, expected",
    [(2, "2", date(2026, 11, 10)), (1, "1", date(2026, 11, 2)), (-1, "5", date(2026, 11, 27))],
)
def test_monthly_nth_weekday(wr, nth, weekday, expected):
    rule = RotationRuleFactory(workroom=wr.a, kind=RuleKind.MONTH_NTH, weekdays=weekday, nth=nth)

    assert rule_dates(rule, 2026, 11) == [expected]


def test_rule_dates_stay_within_its_validity(wr):
    rule = RotationRuleFactory(
        workroom=wr.a, valid_from=date(2026, 11, 10), valid_until=date(2026, 11, 20)
    )

    assert rule_dates(rule, 2026, 11) == [date(2026, 11, d) for d in (10, 12, 17, 19)]


def test_an_inactive_rule_generates_nothing(wr):
    assign(wr.a, 2)
    RotationRuleFactory(workroom=wr.a, is_active=False)

    result = generate_month(wr.a, 2026, 11)

    assert result.created == 0
    assert not DutyShift.objects.exists()


# --- Chinese working days -------------------------------------------------------------------


def test_national_day_shift_moves_to_the_next_working_day_with_a_note(wr):
    assign(wr.a, 2)
    RotationRuleFactory(workroom=wr.a, kind=RuleKind.MONTH_DAYS, weekdays="", month_days="1")

    result = generate_month(wr.a, 2026, 10)

    shift = DutyShift.objects.get(workroom=wr.a)
    assert shift.rule_date == date(2026, 10, 1)
    assert shift.date == date(2026, 10, 8)
    assert shift.note.startswith("国庆节顺延")
    assert (result.created, result.moved, result.skipped_count) == (1, 1, 0)


def test_national_day_shift_is_skipped_when_the_rule_says_so(wr):
    assign(wr.a, 2)
    RotationRuleFactory(
        workroom=wr.a,
        kind=RuleKind.MONTH_DAYS,
        weekdays="",
        month_days="1,15",
        on_holiday=HolidayPolicy.SKIP,
    )

    result = generate_month(wr.a, 2026, 10)

    assert shift_dates(wr.a) == [date(2026, 10, 15)]
    assert [s.date for s in result.skipped] == [date(2026, 10, 1)]


def test_a_move_onto_a_day_the_rule_already_holds_is_skipped(wr):
    # Thursday 1 October moves to the next working day, Thursday 8 October: already a shift.
    assign(wr.a, 2)
    RotationRuleFactory(workroom=wr.a, weekdays="4")

    result = generate_month(wr.a, 2026, 10)

    assert shift_dates(wr.a) == [date(2026, 10, d) for d in (8, 15, 22, 29)]
    assert [s.date for s in result.skipped] == [date(2026, 10, 1)]


def test_make_up_working_saturday_holds_the_shift_and_a_sunday_moves(wr):
    # 10 October 2026 is a Saturday worked in exchange for the National Day break (调休);
    # 25 October is an ordinary Sunday.
    assign(wr.a, 2)
    RotationRuleFactory(workroom=wr.a, kind=RuleKind.MONTH_DAYS, weekdays="", month_days="10,25")

    generate_month(wr.a, 2026, 10)

    shifts = list(DutyShift.objects.filter(workroom=wr.a))
    assert [(s.rule_date, s.date) for s in shifts] == [
        (date(2026, 10, 10), date(2026, 10, 10)),
        (date(2026, 10, 25), date(2026, 10, 26)),
    ]
    assert shifts[0].note == ""
    assert shifts[1].note.startswith("周末顺延")


def test_a_year_without_holiday_data_falls_back_to_weekends_and_says_so(wr):
    # chinese-calendar does not know 2027 yet: 1 January (a Friday) counts as a working day,
    # Saturday 2 January moves to Monday 4 January.
    assign(wr.a, 2)
    RotationRuleFactory(workroom=wr.a, kind=RuleKind.MONTH_DAYS, weekdays="", month_days="1,2")

    result = generate_month(wr.a, 2027, 1)

    assert shift_dates(wr.a) == [date(2027, 1, 1), date(2027, 1, 4)]
    assert result.notice and "2027" in result.notice


def test_a_known_year_has_no_notice(wr):
    RotationRuleFactory(workroom=wr.a)

    assert generate_month(wr.a, 2026, 11).notice is None


# --- Rotation -------------------------------------------------------------------------------


def test_rotation_shares_differ_by_at_most_one_over_a_month(wr):
    people = assign(wr.a, 5)
    RotationRuleFactory(workroom=wr.a, weekdays="1,2,3,4,5", representatives_per_shift=2)

    generate_month(wr.a, 2026, 12)

    counts = shares(wr.a, 2026, 12)
    assert set(counts) == {p.name for p in people}
    assert max(counts.values()) - min(counts.values()) <= 1
    assert sum(counts.values()) == 2 * DutyShift.objects.filter(workroom=wr.a).count()


def test_rotation_is_fair_across_several_rules(wr):
    assign(wr.a, 4)
    RotationRuleFactory(workroom=wr.a, weekdays="2")
    RotationRuleFactory(
        workroom=wr.a,
        name="月度接待日",
        kind=RuleKind.MONTH_DAYS,
        weekdays="",
        month_days="10,25",
        representatives_per_shift=3,
        start_time=time(14, 0),
        end_time=time(17, 0),
    )

    generate_month(wr.a, 2026, 11)

    counts = shares(wr.a, 2026, 11)
    assert max(counts.values()) - min(counts.values()) <= 1


def test_next_month_continues_the_rotation_where_it_stopped(wr):
    people = assign(wr.a, 3)
    RotationRuleFactory(workroom=wr.a, weekdays="2,4")

    generate_month(wr.a, 2026, 11)  # 8 shifts: two people serve 3 times, one twice
    generate_month(wr.a, 2026, 12)  # 10 shifts

    november, december = shares(wr.a, 2026, 11), shares(wr.a, 2026, 12)
    totals = november + december
    assert {totals[p.name] for p in people} == {6}
    first_in = [
        Duty.objects.filter(shift__date__month=m).order_by("shift__date").first().representative
        for m in (11, 12)
    ]
    assert first_in[0] != first_in[1]


def test_only_representatives_stationed_on_the_day_are_taken(wr):
    stays = assign(wr.a, 2)
    leaver = RepresentativeFactory(area=wr.a.area)
    AssignmentFactory(representative=leaver, workroom=wr.a, end_date=date(2026, 11, 15))
    newcomer = RepresentativeFactory(area=wr.a.area)
    AssignmentFactory(representative=newcomer, workroom=wr.a, start_date=date(2026, 11, 16))
    RotationRuleFactory(workroom=wr.a, weekdays="1,2,3,4,5")

    generate_month(wr.a, 2026, 11)

    leaver_days = Duty.objects.filter(representative=leaver).values_list("shift__date", flat=True)
    newcomer_days = Duty.objects.filter(representative=newcomer).values_list(
        "shift__date", flat=True
    )
    assert leaver_days and max(leaver_days) <= date(2026, 11, 15)
    assert newcomer_days and min(newcomer_days) >= date(2026, 11, 16)
    assert all(Duty.objects.filter(representative=p).exists() for p in stays)


def test_someone_on_duty_elsewhere_at_that_time_is_passed_over(wr):
    busy, free = assign(wr.a, 2)
    AssignmentFactory(representative=busy, workroom=wr.b)
    elsewhere = DutyShiftFactory(
        workroom=wr.b, date=date(2026, 11, 3), start_time=time(10, 0), end_time=time(12, 0)
    )
    DutyFactory(shift=elsewhere, representative=busy)
    RotationRuleFactory(workroom=wr.a, weekdays="2", representatives_per_shift=1)

    generate_month(wr.a, 2026, 11)

    first = DutyShift.objects.get(workroom=wr.a, date=date(2026, 11, 3))
    assert [d.representative for d in first.duties.all()] == [free]


def test_liaison_officers_take_turns(wr):
    assign(wr.a, 2)
    officers = [UserFactory(), UserFactory()]
    wr.a.liaison_officers.add(*officers)
    RotationRuleFactory(workroom=wr.a, weekdays="2,4", with_liaison=True)

    generate_month(wr.a, 2026, 11)

    turns = Counter(DutyShift.objects.values_list("liaison_officer", flat=True))
    assert turns == {officers[0].pk: 4, officers[1].pk: 4}


def test_no_liaison_officer_when_the_rule_does_not_ask(wr):
    assign(wr.a, 2)
    wr.a.liaison_officers.add(UserFactory())
    RotationRuleFactory(workroom=wr.a, with_liaison=False)

    generate_month(wr.a, 2026, 11)

    assert not DutyShift.objects.filter(liaison_officer__isnull=False).exists()


def test_a_workroom_without_representatives_gets_empty_shifts_and_is_told(wr):
    RotationRuleFactory(workroom=wr.a)

    result = generate_month(wr.a, 2026, 11)

    assert result.created == 8
    assert result.no_representatives
    assert not Duty.objects.exists()
    assert result.summary()


def test_empty_future_shifts_are_staffed_once_representatives_arrive(wr):
    RotationRuleFactory(workroom=wr.a)
    generate_month(wr.a, 2026, 11, today=date(2026, 11, 1))
    assign(wr.a, 2)

    result = generate_month(wr.a, 2026, 11, today=date(2026, 11, 12))

    assert result.created == 0
    # Only the shifts from 12 November on; earlier ones are past.
    assert result.staffed == 5
    assert Duty.objects.count() == 5


# --- Idempotence ----------------------------------------------------------------------------


def test_generating_again_creates_nothing(wr):
    assign(wr.a, 3)
    RotationRuleFactory(workroom=wr.a, representatives_per_shift=2)
    first = generate_month(wr.a, 2026, 11)
    duties = list(Duty.objects.order_by("pk").values_list("pk", "shift", "representative"))

    second = generate_month(wr.a, 2026, 11)

    assert (first.created, second.created, second.kept, second.staffed) == (8, 0, 8, 0)
    assert list(Duty.objects.order_by("pk").values_list("pk", "shift", "representative")) == duties


def test_generating_again_leaves_hand_edited_and_worked_shifts_alone(wr, clerk_a):
    people = assign(wr.a, 3)
    RotationRuleFactory(workroom=wr.a)
    generate_month(wr.a, 2026, 11)
    edited, worked = DutyShift.objects.filter(workroom=wr.a)[:2]
    shift_update(
        edited,
        actor=clerk_a,
        version=edited.version,
        day=date(2026, 11, 4),
        start_time=time(14, 0),
        end_time=time(16, 0),
        representatives=[people[2]],
    )
    Duty.objects.filter(shift=worked).update(attendance=Attendance.WORKED)
    worked_people = set(worked.duties.values_list("representative", flat=True))

    result = generate_month(wr.a, 2026, 11)

    edited.refresh_from_db()
    assert result.created == 0
    assert (edited.date, edited.start_time, edited.edited_by_hand) == (
        date(2026, 11, 4),
        time(14, 0),
        True,
    )
    assert [d.representative for d in edited.duties.all()] == [people[2]]
    assert set(worked.duties.values_list("representative", flat=True)) == worked_people
    assert DutyShift.objects.filter(workroom=wr.a).count() == 8


def test_a_moved_shift_is_not_made_again_next_month(wr):
    # 31 December moves into January only if not a working day: use 30 May 2026 (Saturday)
    # → 1 June is Monday; generating June must not make a second one for the same rule date.
    assign(wr.a, 1)
    RotationRuleFactory(workroom=wr.a, kind=RuleKind.MONTH_DAYS, weekdays="", month_days="30")
    generate_month(wr.a, 2026, 5)

    generate_month(wr.a, 2026, 6)

    assert [(s.rule_date, s.date) for s in DutyShift.objects.all()] == [
        (date(2026, 5, 30), date(2026, 6, 1)),
        (date(2026, 6, 30), date(2026, 6, 30)),
    ]


# --- Command and task -----------------------------------------------------------------------


def test_command_generates_the_given_month_for_active_workrooms(wr):
    assign(wr.a, 2)
    RotationRuleFactory(workroom=wr.a)
    RotationRuleFactory(workroom=wr.b)
    wr.b.is_active = False
    wr.b.save()
    out = io.StringIO()

    call_command("generate_shifts", "--month", "2026-11", stdout=out)

    assert DutyShift.objects.filter(workroom=wr.a).count() == 8
    assert not DutyShift.objects.filter(workroom=wr.b).exists()
    assert wr.a.name in out.getvalue()


def test_command_refuses_a_bad_month(wr):
    with pytest.raises(CommandError):
        call_command("generate_shifts", "--month", "2026-13", stdout=io.StringIO())


def test_task_generates_next_month_and_is_safe_to_run_twice(wr):
    assign(wr.a, 2)
    RotationRuleFactory(workroom=wr.a)
    following = next_month(timezone.localdate().replace(day=1))
    year, month = following.year, following.month

    generate_next_month()
    count = DutyShift.objects.count()
    generate_next_month()

    assert count > 0
    assert DutyShift.objects.count() == count
    assert {(d.year, d.month) for d in DutyShift.objects.values_list("rule_date", flat=True)} == {
        (year, month)
    }


def test_assignments_outside_the_workroom_do_not_count(wr):
    assign(wr.b, 3)
    mine = assign(wr.a, 1)
    RotationRuleFactory(workroom=wr.a)

    generate_month(wr.a, 2026, 11)

    assert set(Duty.objects.values_list("representative", flat=True)) == {mine[0].pk}
    assert Assignment.objects.count() == 4
