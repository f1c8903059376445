"""Demo menu courses, research topics and reports, liaison talks and study (run after
``activities.demo``). Idempotent: each part is looked up by a stable key and skipped when
present. Deterministic: its own seeded random, dates relative to ``ctx.today``."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from activities.courses_services import order_confirm, order_decline
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
from activities.research_services import report_forward, report_reply
from representatives.models import Assignment, Representative
from workrooms.models import Area

YANTA = "610113"
YUETANG = "430304"
SHUYUAN = "430304001"
XIAOZHAI = "610113001"

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
TOPICS = {
    YANTA: (
        "老旧小区加装电梯的难点与对策",
        "围绕加装电梯中的资金分摊、低层住户意见、审批流程开展调研。",
    ),
    YUETANG: ("“一老一小”服务设施建设调研", "调研社区养老服务站和托育点的覆盖与使用情况。"),
}
REPORT_TITLES = [
    "关于{place}加装电梯情况的调研报告",
    "{place}居民议事协商机制运行情况调研",
    "关于{place}停车难问题的调研与建议",
    "{place}社区养老服务现状调研",
]
DEPARTMENTS = ["区住房和城乡建设局", "区民政局", "小寨路街道办事处", "书院路街道办事处"]
TALK_SUBJECTS = [
    "了解近期驻室接访情况，听取对值班安排的意见。",
    "交流联系群众、收集社情民意的做法。",
    "谈履职中遇到的困难，商量解决办法。",
    "听取对工作室阵地建设和制度建设的建议。",
]


def build(ctx) -> None:
    rng = random.Random("activities-more")
    with transaction.atomic():
        for code, office in (
            (SHUYUAN, "dlb_yuetang"),
            (YANTA, "dlb_yanta"),
            (XIAOZHAI, "dlb_yanta"),
        ):
            workroom = ctx.workrooms.get(code)
            officer = ctx.users.get(office)
            if workroom is not None and officer is not None:
                _courses(ctx, rng, workroom, officer)
        for code, office in ((YANTA, "dlb_yanta"), (YUETANG, "dlb_yuetang")):
            area = ctx.areas.get(code) or Area.objects.filter(code=code).first()
            officer = ctx.users.get(office)
            if area is not None and officer is not None:
                _research(ctx, rng, area, officer)
                _talks(ctx, rng, area, officer, per_month=4 if code == YANTA else 2)
                _study(ctx, rng, area)


def _stationed(workroom, ctx):
    return list(
        Representative.objects.filter(
            pk__in=Assignment.objects.current(on=ctx.today)
            .filter(workroom=workroom)
            .values("representative")
        ).order_by("pk")
    )


def _in_area(area) -> list[Representative]:
    return list(Representative.objects.filter(area__path__startswith=area.path).order_by("pk"))


def _courses(ctx, rng, workroom, officer) -> None:
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
        # the last one is left waiting for a decision


def _half(ctx) -> tuple[int, int]:
    return ctx.today.year, 1 if ctx.today.month <= 6 else 2


def _research(ctx, rng, area, officer) -> None:
    year, half = _half(ctx)
    title, description = TOPICS.get(area.code, ("基层治理调研", ""))
    topic, _created = ResearchTopic.objects.get_or_create(
        area=area, year=year, half=half, defaults={"title": title, "description": description}
    )
    if topic.reports.exists():
        return
    reps = _in_area(area)[:4]
    for n, rep in enumerate(reps):
        submitted = timezone.now() - timedelta(days=50 - n * 8)
        report = ResearchReport.objects.create(
            topic=topic,
            representative=rep,
            title=REPORT_TITLES[n % len(REPORT_TITLES)].format(place=rep.contact_point or "辖区"),
            text=(
                "通过入户走访、座谈交流和问卷调查，梳理出主要问题三项：一是资金筹措难，"
                "二是意见统一难，三是后期管护难。建议建立政府引导、居民自筹、社会参与的机制。"
            ),
            submitted_at=submitted,
        )
        if n == 0:  # forwarded long ago, reply overdue
            report_forward(
                report,
                actor=officer,
                forwarded_to=DEPARTMENTS[0],
                workdays=10,
                today=ctx.today - timedelta(days=40),
            )
        elif n == 1:  # forwarded and answered
            report = report_forward(
                report,
                actor=officer,
                forwarded_to=rng.choice(DEPARTMENTS[1:]),
                workdays=15,
                today=ctx.today - timedelta(days=30),
            )
            report_reply(
                report,
                actor=officer,
                reply_text="已收悉。相关建议已纳入明年民生实事项目，将分批推进落实。",
            )
        elif n == 2:  # forwarded recently, still within the deadline
            report_forward(
                report,
                actor=officer,
                forwarded_to=rng.choice(DEPARTMENTS),
                workdays=15,
                today=ctx.today - timedelta(days=2),
            )


def _talks(ctx, rng, area, officer, *, per_month: int) -> None:
    if LiaisonTalk.objects.filter(area=area).exists():
        return
    reps = _in_area(area)
    if not reps:
        return
    talks = []
    for months_back in range(6):
        # The current month is under way: fewer talks so far, to show the count against four.
        count = per_month if months_back else max(1, per_month // 2)
        month_start = (ctx.today.replace(day=1) - timedelta(days=months_back * 30)).replace(day=1)
        for _ in range(count):
            day = month_start + timedelta(days=rng.randint(0, 27))
            if day > ctx.today:
                day = ctx.today
            talks.append(
                LiaisonTalk(
                    area=area,
                    representative=rng.choice(reps),
                    talked_by=officer,
                    date=day,
                    summary=rng.choice(TALK_SUBJECTS),
                    suggestions=rng.choice(["", "建议增加履职培训。", "希望加强与街道的沟通。"]),
                )
            )
    LiaisonTalk.objects.bulk_create(talks)


def _study(ctx, rng, area) -> None:
    year = ctx.today.year
    plan, _created = StudyPlan.objects.get_or_create(
        area=area,
        year=year,
        title=f"{year}年党代表研学计划",
        defaults={
            "content": "一季度：学习党章党规；二季度：实地研学基层治理经验；"
            "三季度：专题研讨民生实事；四季度：年度履职交流。"
        },
    )
    if plan.sessions.exists():
        return
    reps = _in_area(area)
    for n, title in enumerate(["集中学习党章", "赴先进社区研学基层治理", "民生实事专题研讨"]):
        session = StudySession.objects.create(
            area=area,
            plan=plan,
            date=ctx.today - timedelta(days=20 + n * 45),
            title=title,
            record="学习交流两小时，代表结合履职实际发言。",
        )
        if reps:
            session.attended.set(rng.sample(reps, min(len(reps), rng.randint(5, 12))))
