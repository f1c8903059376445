"""Demo menu courses of a workroom and their orders: three confirmed (delivered in the past),
one declined, one waiting (built by ``liaison``)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from activities.models import Course, CourseOrder, CourseTopic
from activities.services.courses import order_confirm, order_decline
from representatives.models import Assignment, Representative

COURSES = [
    ("学习贯彻党的二十届三中全会精神", CourseTopic.THEORY, 90),
    ("红色家风代代传", CourseTopic.PARTY_HISTORY, 60),
    ("共产党员的初心与使命", CourseTopic.PARTY_SPIRIT, 60),
    ("《民法典》与百姓生活", CourseTopic.POLICY, 45),
    ("如何做好群众工作", CourseTopic.SKILLS, 60),
    ("延安精神与新时代作风建设", CourseTopic.PARTY_HISTORY, 90),
]

UNITS = [
    "书院路街道机关第一党支部",
    "西安市第八十五中学党支部",
    "小寨路社区党委",
    "长沙市雨花区某物业公司党支部",
    "雁塔区某科技企业联合党支部",
    "岳麓山下退休党员党支部",
]


def _stationed(workroom, ctx):
    return list(
        Representative.objects.filter(
            pk__in=Assignment.objects.current(on=ctx.today)
            .filter(workroom=workroom)
            .values("representative")
        ).order_by("pk")
    )


def add_courses(ctx, rng, workroom, officer) -> None:
    if Course.objects.filter(workroom=workroom).exists():
        return
    reps = _stationed(workroom, ctx)[:4]
    if not reps:
        return
    courses = [
        Course.objects.create(
            workroom=workroom,
            representative=reps[i % len(reps)],
            title=title,
            topic=topic,
            minutes=minutes,
            description="结合亲身经历和身边事例，讲清政策、讲透道理，可根据学员需要调整。",
        )
        for i, (title, topic, minutes) in enumerate(rng.sample(COURSES, 4))
    ]
    for n in range(5):
        order = CourseOrder.objects.create(
            course=courses[n % len(courses)],
            unit=rng.choice(UNITS),
            contact_name=ctx.person_name(),
            contact_phone=ctx.phone(),
            preferred_dates=rng.choice(["本月任一周三下午", "下周五上午", "月底前均可"]),
            expected_attendees=rng.randint(15, 60),
            ordered_by=officer,
        )
        # Orders are dated back so the confirmed ones became past deliveries.
        CourseOrder.objects.filter(pk=order.pk).update(
            ordered_at=timezone.now() - timedelta(days=60 - n * 10)
        )
        if n < 3:
            order_confirm(
                order,
                actor=officer,
                on=ctx.today - timedelta(days=45 - n * 12),
                place=order.unit,
            )
        elif n == 3:
            order_decline(order, actor=officer)
