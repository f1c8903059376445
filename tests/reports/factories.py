"""Data for report tests: requests, duties, activities and wishes dated where a test needs them.

The rule only reads dates and counts, so requests are registered through the real workflow
(``PetitionFactory``) and then dated by hand: much faster than walking six steps each.
"""

from __future__ import annotations

from datetime import date, datetime

import factory
from django.utils import timezone

from activities.models import Activity, ActivityType, Wish, WishStatus
from petitions.models import Petition, Satisfaction, State
from rosters.models import Attendance
from tests.petitions.factories import PetitionFactory
from tests.rosters.factories import DutyFactory, DutyShiftFactory


def bj(y, m, d, hh=10, mm=0) -> datetime:
    """An aware datetime, Beijing time."""
    return timezone.make_aware(datetime(y, m, d, hh, mm))


def dated_petition(workroom, *, registered_by=None, **moments) -> Petition:
    """A request at ``workroom`` with the given step times (received_at=, replied_at=,
    deadline=, feedback_at=, archived_at=, satisfaction=, state=)."""
    registered_at = (
        moments.pop("registered_at", None) or moments.get("received_at") or bj(2026, 1, 5)
    )
    petition = PetitionFactory(
        workroom=workroom, registered_by=registered_by, registered_at=registered_at
    )
    if "replied_at" in moments and moments["replied_at"] is not None:
        moments.setdefault("state", State.REPLIED)
    Petition.objects.filter(pk=petition.pk).update(**moments)
    petition.refresh_from_db()
    return petition


def worked_shift(workroom, day: date, *, attendance=Attendance.WORKED, representative=None):
    shift = DutyShiftFactory(workroom=workroom, date=day)
    extra = {"representative": representative} if representative else {}
    DutyFactory(shift=shift, attendance=attendance, **extra)
    return shift


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ("code",)

    code = "lecture-test"
    name = "微宣讲（测试）"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    type = factory.SubFactory(ActivityTypeFactory)
    title = "政策微宣讲"
    date = date(2026, 1, 10)


def fulfilled_wish(workroom, *, recorded_by, at: datetime) -> Wish:
    return Wish.objects.create(
        workroom=workroom,
        resident_name="赵大妈",
        resident_phone="13912345678",
        content="希望有人帮忙修理轮椅",
        recorded_by=recorded_by,
        recorded_at=at,
        status=WishStatus.FULFILLED,
        claimed_at=at,
        fulfilled_at=at,
    )


SATISFIED = Satisfaction.SATISFIED
