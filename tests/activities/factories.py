"""Factories for activities (活动) and micro-wishes (微心愿). Shared by every activities test module
(the courses, research, liaison and record pages' tests included).

Activity types come from a data migration, so ``activity_type("micro_lecture")`` fetches one by
code instead of creating it. Wishes are built in any state by ``WishFactory(status=...)`` with
the fields that state implies filled in (claimant, dates); the lifecycle itself is tested
through ``activities.services``.
"""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityType,
    DeliberationKind,
    Resolution,
    ResolutionStatus,
    Wish,
    WishStatus,
)
from tests.factories import UserFactory, WorkroomFactory


def activity_type(code: str = "micro_lecture") -> ActivityType:
    """One of the twelve shipped types by code: lecture, micro_lecture, micro_party_lesson,
    course_delivery, study_visit, household_visit, forum, deliberation, volunteering,
    inspection, talk, meet_and_greet."""
    return ActivityType.objects.get(code=code)


class ActivityFactory(factory.django.DjangoModelFactory):
    """``ActivityFactory(workroom=wr.a, type=activity_type("household_visit"),
    representatives=[rep])``: one activity; ``representatives`` is set after creation."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    workroom = factory.SubFactory(WorkroomFactory)
    type = factory.LazyFunction(activity_type)
    title = factory.Iterator(["学习党的二十届三中全会精神", "走访独居老人", "小区停车议事"])
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    place = "社区党群服务中心"
    summary = "党代表面向居民宣讲政策，现场答疑。"
    attendees = 20
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def representatives(self, create, extracted, **kwargs):
        if create and extracted:
            self.representatives.set(extracted)


class DeliberationFactory(ActivityFactory):
    """A micro-deliberation meeting (微议事)."""

    type = factory.LazyFunction(lambda: activity_type("deliberation"))
    title = "凉亭议事会：小区停车难"
    deliberation_kind = DeliberationKind.PAVILION


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    activity = factory.SubFactory(DeliberationFactory)
    text = "在小区东侧空地增设20个停车位"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = ResolutionStatus.OPEN


class WishFactory(factory.django.DjangoModelFactory):
    """``WishFactory(workroom=wr.a)``: an open wish; ``status=WishStatus.CLAIMED,
    claimed_by=rep`` and so on fill in the dates that state implies."""

    class Meta:
        model = Wish

    workroom = factory.SubFactory(WorkroomFactory)
    resident_name = factory.Iterator(["王秀英", "李建国", "张桂兰", "刘伟"])
    resident_phone = factory.Sequence(lambda n: f"139{n:08d}")
    content = factory.Iterator(
        ["希望有人帮忙修理轮椅", "想要一套小学课外读物", "希望学会用智能手机"]
    )
    place = "兴善小区3号楼"
    recorded_by = factory.SubFactory(UserFactory)
    recorded_at = factory.LazyFunction(timezone.now)
    status = WishStatus.OPEN
    claimed_at = factory.LazyAttribute(
        lambda w: w.recorded_at if w.status != WishStatus.OPEN else None
    )
    fulfilled_at = factory.LazyAttribute(
        lambda w: (
            w.recorded_at if w.status in (WishStatus.FULFILLED, WishStatus.CONFIRMED) else None
        )
    )
    fulfilled_how = factory.LazyAttribute(lambda w: "已送到居民家中" if w.fulfilled_at else "")
    confirmed_at = factory.LazyAttribute(
        lambda w: w.recorded_at if w.status == WishStatus.CONFIRMED else None
    )


def on(day: date):
    """An aware datetime at 10:00 Beijing time on ``day``."""
    from datetime import datetime

    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))
