"""factory_boy factories for duty rosters (and the representatives they staff).

Shared by every roster test module (management, schedule, feeds). ``assign`` puts a ready-made
group of representatives on a workroom.
"""

from datetime import date, time

import factory
from django.utils import timezone

from representatives.models import Assignment, AssignmentRole, Level, Representative
from rosters.models import (
    Attendance,
    Duty,
    DutyShift,
    RotationRule,
    RuleKind,
    SwapRequest,
    SwapStatus,
)
from tests.factories import AreaFactory, WorkroomFactory

# Long before any date a test uses, so assignments are current whatever month is generated.
LONG_AGO = date(2020, 1, 1)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    name = factory.Sequence(lambda n: f"代表{n:03d}")
    levels = Level.DISTRICT.bit
    area = factory.SubFactory(AreaFactory)
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    representative = factory.SubFactory(RepresentativeFactory)
    workroom = factory.SubFactory(WorkroomFactory)
    role = AssignmentRole.MEMBER
    start_date = LONG_AGO


class RotationRuleFactory(factory.django.DjangoModelFactory):
    """Every Tuesday and Thursday 9:00–11:30, one representative, moved off holidays."""

    class Meta:
        model = RotationRule

    workroom = factory.SubFactory(WorkroomFactory)
    name = "党代表接待日"
    kind = RuleKind.WEEKLY
    weekdays = "2,4"
    start_time = time(9, 0)
    end_time = time(11, 30)
    representatives_per_shift = 1
    with_liaison = False
    valid_from = LONG_AGO


class DutyShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyShift

    workroom = factory.SubFactory(WorkroomFactory)
    date = factory.LazyFunction(timezone.localdate)
    start_time = time(9, 0)
    end_time = time(11, 30)


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    shift = factory.SubFactory(DutyShiftFactory)
    representative = factory.SubFactory(
        RepresentativeFactory, area=factory.SelfAttribute("..shift.workroom.area")
    )
    attendance = Attendance.SCHEDULED


class SwapRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SwapRequest

    duty = factory.SubFactory(DutyFactory)
    requester = factory.SelfAttribute("duty.representative")
    counterpart = factory.SubFactory(
        RepresentativeFactory, area=factory.SelfAttribute("..duty.shift.workroom.area")
    )
    status = SwapStatus.REQUESTED
    reason = "单位临时有会"
    requested_by = factory.LazyAttribute(lambda s: s.duty.representative.user)


def assign(workroom, count: int, *, start_date=LONG_AGO, **extra) -> list[Representative]:
    """``count`` new representatives registered in the workroom's area and stationed there."""
    people = []
    for _ in range(count):
        person = RepresentativeFactory(area=workroom.area, **extra)
        AssignmentFactory(representative=person, workroom=workroom, start_date=start_date)
        people.append(person)
    return people
