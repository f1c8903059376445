"""The demo courses, research topics, talks and study (``activities.demo.liaison``): built once,
the same however often ``demo`` runs, with an overdue research reply to show."""

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from activities.demo import liaison as liaison_demo
from activities.models import (
    Activity,
    CourseOrder,
    CourseOrderStatus,
    LiaisonTalk,
    ResearchReport,
    ResearchTopic,
    StudySession,
)
from activities.services.research import overdue_q
from core.demo import DemoContext
from representatives import demo as representatives_demo
from workrooms import demo as workrooms_demo

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count()
        for m in (CourseOrder, Activity, ResearchTopic, ResearchReport, LiaisonTalk, StudySession)
    ]


def test_the_demo_builds_courses_research_talks_and_study_once():
    ctx = DemoContext()
    for module in (workrooms_demo, accounts_demo, representatives_demo):
        module.build(ctx)
    liaison_demo.build(ctx)
    first = counts()
    liaison_demo.build(DemoContext(areas=ctx.areas, workrooms=ctx.workrooms, users=ctx.users))
    assert counts() == first

    confirmed = CourseOrder.objects.filter(status=CourseOrderStatus.CONFIRMED)
    assert confirmed.count() >= 3
    assert all(o.activity.type.code == "course_delivery" for o in confirmed)
    assert ResearchReport.objects.filter(overdue_q()).exists()
    today = timezone.localdate()
    yanta_talks = LiaisonTalk.objects.filter(area__code=liaison_demo.YANTA)
    assert yanta_talks.filter(date__lt=today.replace(day=1)).count() >= 12
    assert StudySession.objects.filter(attended__isnull=False).exists()
