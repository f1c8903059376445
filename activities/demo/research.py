"""Demo research topic of an area for the current half year, and reports: one forwarded with
its reply overdue, one answered, one within its deadline, one not yet forwarded (built by
``liaison``)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from activities.demo import YANTA, YUETANG, representatives_in
from activities.models import ResearchReport, ResearchTopic
from activities.services.research import report_forward, report_reply, send_reminder

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


def _half(ctx) -> tuple[int, int]:
    return ctx.today.year, 1 if ctx.today.month <= 6 else 2


def add_research(ctx, rng, area, officer) -> None:
    year, half = _half(ctx)
    title, description = TOPICS.get(area.code, ("基层治理调研", ""))
    topic, _created = ResearchTopic.objects.get_or_create(
        area=area, year=year, half=half, defaults={"title": title, "description": description}
    )
    if topic.reports.exists():
        return
    reps = representatives_in(area)[:4]
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
            send_reminder(report.pk, ctx.today)  # as the daily job did: the office is reminded
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
