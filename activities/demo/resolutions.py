"""Demo resolutions of the micro-deliberation meetings (built with the log, see ``log``): the
older meetings' matters done, the recent ones still followed up."""

from __future__ import annotations

from datetime import timedelta

from activities.demo import moment
from activities.models import Resolution, ResolutionStatus

RESOLUTIONS = [
    "协调物业在小区东侧空地增设停车位",
    "由社区牵头征求加装电梯意见",
    "组织志愿者集中清理楼道杂物",
    "联系街道城管科规范电动车停放",
    "协调供电公司增设充电桩",
    "物业公司一个月内公示收支情况",
]

OTHER_OWNERS = ["物业公司", "社区居委会", "街道城管科", "业委会"]


def add_resolutions(ctx, rng, activities, reps) -> None:
    rows = []
    for meeting in activities:
        if meeting.type.code != "deliberation":
            continue
        age = (ctx.today - meeting.date).days
        for _ in range(rng.randint(1, 3)):
            owner = (
                rng.choice(meeting.demo_reps) if meeting.demo_reps and rng.random() < 0.7 else None
            )
            due = meeting.date + timedelta(days=rng.choice((14, 30, 60)))
            # Older meetings' matters are done; the recent ones are still being followed up.
            if age > 60 or (age > 20 and rng.random() < 0.6):
                status = ResolutionStatus.DONE
            else:
                status = rng.choice([ResolutionStatus.OPEN, ResolutionStatus.IN_PROGRESS])
            done_day = min(ctx.today, meeting.date + timedelta(days=rng.randint(5, 40)))
            rows.append(
                Resolution(
                    activity=meeting,
                    text=rng.choice(RESOLUTIONS),
                    owner=owner,
                    owner_note="" if owner else rng.choice(OTHER_OWNERS),
                    due_date=due,
                    status=status,
                    follow_up=""
                    if status == ResolutionStatus.OPEN
                    else f"[{done_day:%Y-%m-%d}] 已落实，居民认可。"
                    if status == ResolutionStatus.DONE
                    else f"[{meeting.date + timedelta(days=3):%Y-%m-%d}] 已协调相关单位，正在推进。",
                    done_at=moment(done_day, 16) if status == ResolutionStatus.DONE else None,
                    version=1 if status == ResolutionStatus.OPEN else 2,
                )
            )
    Resolution.objects.bulk_create(rows)
