"""The roster part of ``demo``: rules from each workroom's reception hours, two months of shifts,
attendance on past ones, one pending swap at Shuyuan Road; the same however often it runs.

The builder is run after the places and users, with representatives stationed by a small
stand-in here, so these tests do not depend on how the registry's demo chooses its people.
"""

import io
from datetime import date, time

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from accounts import demo as accounts_demo
from core.demo import DemoContext
from representatives.models import Assignment, Level, Representative
from rosters import demo as rosters_demo
from rosters.models import Attendance, Duty, DutyShift, RotationRule, RuleKind, SwapRequest
from workrooms import demo as workrooms_demo
from workrooms.models import Workroom

pytestmark = pytest.mark.django_db

SHUYUAN = "430304001"


def station_people(ctx) -> None:
    """Stand-in for representatives.demo: a few people per workroom, 28 at Shuyuan Road, and
    rep_shuyuan's account linked to one of them."""
    for code, workroom in ctx.workrooms.items():
        for i in range(28 if code == SHUYUAN else 4):
            person, _created = Representative.objects.get_or_create(
                phone=f"13{int(code[-4:]):04d}{i:05d}",
                defaults={
                    "name": f"{workroom.name[:2]}代表{i}",
                    "levels": Level.DISTRICT.bit,
                    "area": workroom.area,
                },
            )
            Assignment.objects.get_or_create(
                representative=person, workroom=workroom, defaults={"start_date": date(2024, 1, 1)}
            )
    linked = Representative.objects.filter(assignments__workroom=ctx.workrooms[SHUYUAN]).first()
    linked.user = ctx.users["rep_shuyuan"]
    linked.save()


def build(today=None) -> DemoContext:
    ctx = DemoContext(today=today) if today else DemoContext()
    workrooms_demo.build(ctx)
    accounts_demo.build(ctx)
    station_people(ctx)
    rosters_demo.build(ctx)
    return ctx


def roster_rows() -> dict:
    return {
        m._meta.label: list(m.objects.order_by("pk").values())
        for m in apps.get_app_config("rosters").get_models()
    }


@pytest.fixture
def ctx():
    return build()


def test_every_demo_workroom_gets_a_rule_from_its_reception_hours(ctx):
    rules = {r.workroom.area.code: r for r in RotationRule.objects.select_related("workroom__area")}

    assert set(rules) == set(ctx.workrooms)
    shuyuan = rules[SHUYUAN]
    assert (shuyuan.kind, shuyuan.weekdays, shuyuan.start_time, shuyuan.end_time) == (
        RuleKind.WEEKLY,
        "2,4",
        time(9, 0),
        time(11, 30),
    )
    assert (rules["610113"].kind, rules["610113"].month_days) == (RuleKind.MONTH_DAYS, "10,25")
    assert (rules["610113003001"].kind, rules["610113003001"].nth) == (RuleKind.MONTH_NTH, 2)


def test_previous_and_current_months_are_generated_for_every_workroom(ctx):
    today = ctx.today
    previous = (today.replace(day=1) - date.resolution).replace(day=1)
    for workroom in ctx.workrooms.values():
        months = {
            (d.year, d.month)
            for d in DutyShift.objects.filter(workroom=workroom).values_list("rule_date", flat=True)
        }
        assert (previous.year, previous.month) in months, workroom.name
        assert Duty.objects.filter(shift__workroom=workroom).exists(), workroom.name


def test_past_duties_are_mostly_worked_some_missed_none_left_open(ctx):
    past = Duty.objects.filter(shift__date__lt=ctx.today)
    worked = past.filter(attendance=Attendance.WORKED).count()
    missed = past.filter(attendance=Attendance.MISSED).count()

    assert missed > 0
    assert worked > 3 * missed
    assert not past.filter(attendance=Attendance.SCHEDULED).exists()
    assert (
        not Duty.objects.filter(shift__date__gt=ctx.today)
        .exclude(attendance=Attendance.SCHEDULED)
        .exists()
    )


def test_exactly_one_swap_is_pending_at_shuyuan_road_involving_rep_shuyuan(ctx):
    swap = SwapRequest.objects.get()
    rep_user = ctx.users["rep_shuyuan"]

    assert swap.duty.shift.workroom == ctx.workrooms[SHUYUAN]
    assert swap.status == "requested"
    assert rep_user.pk in {swap.counterpart.user_id, swap.duty.representative.user_id}
    assert swap.duty.shift.date > ctx.today


def test_building_again_changes_nothing(ctx):
    first = roster_rows()

    build()

    assert roster_rows() == first


def test_late_in_a_month_there_is_still_a_duty_to_swap():
    ctx = build(today=date(2026, 11, 30))

    swap = SwapRequest.objects.get()
    assert swap.duty.shift.date > ctx.today
    assert SwapRequest.objects.count() == 1


def test_the_whole_demo_command_gives_rosters_to_every_workroom():
    call_command("demo", "--upto", "rosters.demo", stdout=io.StringIO())

    today = timezone.localdate()
    previous = (today.replace(day=1) - date.resolution).replace(day=1)
    for workroom in Workroom.objects.filter(is_active=True):
        months = {
            (d.year, d.month) for d in workroom.duty_shifts.values_list("rule_date", flat=True)
        }
        assert {(previous.year, previous.month), (today.year, today.month)} <= months
        assert Duty.objects.filter(shift__workroom=workroom).exists(), workroom.name
    attendance = set(Duty.objects.values_list("attendance", flat=True))
    assert {Attendance.WORKED, Attendance.MISSED} <= attendance
    swap = SwapRequest.objects.get(status__in=["requested", "accepted"])
    assert swap.duty.shift.workroom.name == "书院路街道党代表工作室"
    assert "rep_shuyuan" in {
        getattr(swap.counterpart.user, "username", None),
        getattr(swap.duty.representative.user, "username", None),
    }
