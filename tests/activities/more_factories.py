"""Factories for menu courses, research topics and reports, liaison talks and study sessions
(on top of ``tests/activities/factories.py``)."""

from __future__ import annotations

import factory
from django.utils import timezone

from activities.models import (
    Course,
    CourseOrder,
    CourseTopic,
    LiaisonTalk,
    ResearchReport,
    ResearchTopic,
    StudyPlan,
    StudySession,
)
from tests.factories import AreaFactory, WorkroomFactory
from tests.representatives.factories import RepresentativeFactory


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
