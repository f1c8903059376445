"""Factories for activities (活动): the log, resolutions, micro-wishes (微心愿), menu courses,
research topics and reports, liaison talks and study. Shared by every activities test module and
the record pages' tests.

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
    Course,
    CourseOrder,
    CourseTopic,
    DeliberationKind,
    LiaisonTalk,
    ResearchReport,
    ResearchTopic,
    Resolution,
    ResolutionStatus,
    StudyPlan,
    StudySession,
    Wish,
    WishStatus,
)
from tests.factories import AreaFactory, UserFactory, WorkroomFactory
from tests.representatives.factories import RepresentativeFactory


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


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    workroom = factory.SubFactory(WorkroomFactory)
    representative = factory.SubFactory(RepresentativeFactory)
    title = factory.Sequence(lambda n: f"学习贯彻党的二十大精神（第{n}讲）")
    topic = CourseTopic.THEORY
    minutes = 60


class CourseOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseOrder

    course = factory.SubFactory(CourseFactory)
    unit = factory.Sequence(lambda n: f"兴善社区第{n}党支部")
    contact_name = "王支书"
    contact_phone = "13800001111"
    preferred_dates = "下周三下午"
    expected_attendees = 30


class ResearchTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchTopic

    area = factory.SubFactory(AreaFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    half = factory.LazyFunction(lambda: 1 if timezone.localdate().month <= 6 else 2)
    title = "老旧小区加装电梯调研"


class ResearchReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchReport

    topic = factory.SubFactory(ResearchTopicFactory)
    representative = factory.SubFactory(RepresentativeFactory)
    title = factory.Sequence(lambda n: f"关于加装电梯的调研报告{n}")
    text = "走访了12个小区，居民普遍支持加装电梯，但资金分摊存在分歧。"
    submitted_at = factory.LazyFunction(timezone.now)


class LiaisonTalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonTalk

    area = factory.SubFactory(AreaFactory)
    representative = factory.SubFactory(RepresentativeFactory)
    date = factory.LazyFunction(timezone.localdate)
    summary = "了解履职情况，听取对工作室建设的意见。"


class StudyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyPlan

    area = factory.SubFactory(AreaFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = "党代表年度研学计划"
    content = "每季度组织一次集中研学。"


class StudySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudySession
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    plan = None
    date = factory.LazyFunction(timezone.localdate)
    title = "研学：基层治理创新"

    @factory.post_generation
    def attended(self, create, extracted, **kwargs):
        if create and extracted:
            self.attended.set(extracted)


def on(day: date):
    """An aware datetime at 10:00 Beijing time on ``day``."""
    from datetime import datetime

    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))
