"""Demo activities: a year of lectures, visits, meetings and micro-wishes at the demo workrooms.

Shuyuan Road follows its published figures (seed 000): about 100 micro-lectures (微宣讲, weekly),
40 micro-deliberation meetings (微议事) whose resolutions are mostly done, 150 micro-wishes of
which most are fulfilled and confirmed (a few still open or claimed), plus visits, forums,
micro party lessons and volunteering. Yanta's subdistrict workrooms get a few dozen activities
each, its district and community workrooms fewer; Daixi a few dozen. A few requests of the
demo that came in by household visit or at a meeting are linked to such an activity of their
workroom (``Petition.activity``); their state is not touched.

The resolutions and wishes come from ``resolutions`` and ``wishes``, drawn from the same
random. Deterministic (one seeded random per workroom) and idempotent: a workroom that already has
activities is skipped. Rows are written with ``bulk_create``: the whole builder takes well
under a second or two.
"""

from __future__ import annotations

import random
from datetime import time

from django.db import transaction
from django.utils import timezone

from activities.demo import DAIXI, SHUYUAN, spread_days
from activities.demo.resolutions import add_resolutions
from activities.demo.wishes import add_wishes
from activities.models import Activity, ActivityType, DeliberationKind
from petitions.models import Channel, Petition
from representatives.models import Assignment
from workrooms.models import WorkroomLevel

# Activities per type and year: Shuyuan Road's published figures, then by workroom level.
PLAN_BY_CODE = {
    SHUYUAN: {
        "micro_lecture": 100,
        "deliberation": 40,
        "household_visit": 12,
        "forum": 6,
        "micro_party_lesson": 6,
        "volunteering": 6,
        "meet_and_greet": 2,
    },
    DAIXI: {"micro_lecture": 12, "deliberation": 10, "household_visit": 8, "forum": 4},
}

PLAN_BY_LEVEL = {
    WorkroomLevel.DISTRICT: {"lecture": 6, "inspection": 4, "forum": 2},
    WorkroomLevel.SUBDISTRICT: {
        "micro_lecture": 12,
        "deliberation": 6,
        "household_visit": 6,
        "volunteering": 3,
    },
    WorkroomLevel.COMMUNITY: {"micro_lecture": 4, "deliberation": 2, "household_visit": 2},
}

WISHES_BY_CODE = {SHUYUAN: 150, DAIXI: 20}

WISHES_BY_LEVEL = {WorkroomLevel.SUBDISTRICT: 8, WorkroomLevel.COMMUNITY: 4}

TITLES = {
    "micro_lecture": [
        "微宣讲：学习贯彻党的二十届三中全会精神",
        "微宣讲：新时代文明实践",
        "微宣讲：基层治理与“小事不出小区”",
        "微宣讲：防范电信网络诈骗",
        "微宣讲：垃圾分类新规",
        "微宣讲：养老服务政策解读",
        "微宣讲：医保政策与异地就医",
        "微宣讲：安全生产月",
    ],
    "lecture": ["政策宣讲：全会精神进社区", "政策宣讲：优化营商环境"],
    "deliberation": [
        "小区停车难",
        "老旧小区加装电梯",
        "楼道杂物清理",
        "小区绿化改造",
        "快递柜设置位置",
        "广场舞噪音",
        "电动车充电桩",
        "物业服务费调整",
    ],
    "household_visit": ["走访独居老人", "入户走访困难家庭", "走访退役军人家庭", "网格走访"],
    "forum": ["民情恳谈会", "物业服务座谈会", "营商环境座谈会"],
    "micro_party_lesson": ["微党课：红色家风", "微党课：党史中的为民情怀"],
    "volunteering": ["志愿服务：义诊进社区", "志愿服务：清洁家园", "志愿服务：便民理发"],
    "meet_and_greet": ["党代表见面会"],
    "inspection": ["调研视察：老旧小区改造", "调研视察：社区养老服务中心"],
}

KIND_NAMES = {
    DeliberationKind.PAVILION: "凉亭议事会",
    DeliberationKind.FOUR_PARTY: "四联议事会",
    DeliberationKind.ROUND_TABLE: "圆桌议事会",
}

PLACES = ["社区党群服务中心", "党代表工作室", "小区凉亭", "社区广场", "居民活动室"]


def _cast(workroom, ctx):
    """The workroom's liaison officer (or the demo administrator) and its representatives."""
    clerk = workroom.liaison_officers.order_by("pk").first() or ctx.users.get("admin")
    reps = [
        a.representative
        for a in Assignment.objects.current(on=ctx.today)
        .filter(workroom=workroom)
        .select_related("representative")
        .order_by("representative__name", "pk")
    ]
    return clerk, reps


def build(ctx) -> None:
    types = {t.code: t for t in ActivityType.objects.all()}
    for code, workroom in ctx.workrooms.items():
        if not workroom.is_active or Activity.objects.filter(workroom=workroom).exists():
            continue
        plan = PLAN_BY_CODE.get(code) or PLAN_BY_LEVEL.get(workroom.level, {})
        if not plan:
            continue
        clerk, reps = _cast(workroom, ctx)
        if clerk is None:
            continue
        rng = random.Random(f"activities:{code}")
        wishes = WISHES_BY_CODE.get(code, WISHES_BY_LEVEL.get(workroom.level, 0))
        with transaction.atomic():
            activities = _activities(ctx, rng, workroom, plan, types, clerk, reps)
            add_resolutions(ctx, rng, activities, reps)
            add_wishes(ctx, rng, workroom, wishes, clerk, reps)
            _link_requests(activities, workroom)


def _activities(ctx, rng, workroom, plan, types, clerk, reps) -> list[Activity]:
    made, participants = [], []
    for type_code, count in plan.items():
        kind = types.get(type_code)
        if kind is None:
            continue
        for day in spread_days(ctx, rng, count):
            hour = rng.choice((9, 10, 14, 15, 19))
            title = rng.choice(TITLES.get(type_code, [kind.name]))
            deliberation_kind = ""
            if type_code == "deliberation":
                deliberation_kind = rng.choice(
                    [
                        DeliberationKind.PAVILION,
                        DeliberationKind.FOUR_PARTY,
                        DeliberationKind.ROUND_TABLE,
                    ]
                )
                title = f"{KIND_NAMES[deliberation_kind]}：{title}"
            made.append(
                Activity(
                    workroom=workroom,
                    type=kind,
                    title=title,
                    date=day,
                    start_time=time(hour),
                    end_time=time(hour + 1, 30),
                    place=rng.choice(PLACES),
                    summary=f"{workroom.name}组织{kind.name}活动，党代表与群众面对面交流。",
                    attendees=rng.randint(8, 60),
                    deliberation_kind=deliberation_kind,
                    created_by=clerk,
                )
            )
            participants.append(rng.sample(reps, k=min(len(reps), rng.randint(1, 3))))
    made = Activity.objects.bulk_create(made)
    through = Activity.representatives.through
    through.objects.bulk_create(
        [
            through(activity_id=activity.pk, representative_id=rep.pk)
            for activity, chosen in zip(made, participants, strict=True)
            for rep in chosen
        ]
    )
    for activity, chosen in zip(made, participants, strict=True):
        activity.demo_reps = chosen
    return made


def _link_requests(activities, workroom) -> None:
    """Link requests that came in by household visit or at a meeting to the workroom's last
    such activity on or before the day they were registered (state untouched)."""
    producing = sorted((a for a in activities if a.type.produces_requests), key=lambda a: a.date)
    if not producing:
        return
    petitions = Petition.objects.filter(
        workroom=workroom,
        activity__isnull=True,
        channel__in=(Channel.HOUSEHOLD, Channel.MEETING),
    ).order_by("registered_at", "pk")
    for petition in petitions[:12]:
        day = timezone.localdate(petition.registered_at)
        earlier = [a for a in producing if a.date <= day]
        if earlier:
            Petition.objects.filter(pk=petition.pk).update(activity=earlier[-1])
