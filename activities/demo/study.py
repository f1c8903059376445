"""Demo study plan of an area for the year and three sessions with who attended (built by
``liaison``)."""

from __future__ import annotations

from datetime import timedelta

from activities.demo import representatives_in
from activities.models import StudyPlan, StudySession


def add_study(ctx, rng, area) -> None:
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
    reps = representatives_in(area)
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
