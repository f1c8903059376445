"""The liaison offices' demo builder: menu courses (``courses``), research topics and reports
(``research``), liaison talks (here) and study (``study``), run after ``log``. Idempotent: each
part is looked up by a stable key and skipped when present. Deterministic: one seeded random
shared by the parts in this order, dates relative to ``ctx.today``."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction

from activities.demo import SHUYUAN, XIAOZHAI, YANTA, YUETANG, representatives_in
from activities.demo.courses import add_courses
from activities.demo.research import add_research
from activities.demo.study import add_study
from activities.models import LiaisonTalk
from workrooms.models import Area

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
                add_courses(ctx, rng, workroom, officer)
        for code, office in ((YANTA, "dlb_yanta"), (YUETANG, "dlb_yuetang")):
            area = ctx.areas.get(code) or Area.objects.filter(code=code).first()
            officer = ctx.users.get(office)
            if area is not None and officer is not None:
                add_research(ctx, rng, area, officer)
                add_talks(ctx, rng, area, officer, per_month=4 if code == YANTA else 2)
                add_study(ctx, rng, area)


def add_talks(ctx, rng, area, officer, *, per_month: int) -> None:
    if LiaisonTalk.objects.filter(area=area).exists():
        return
    reps = representatives_in(area)
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
