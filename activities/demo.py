"""Demo activities: a year of lectures, visits, meetings and micro-wishes at the demo workrooms.

Shuyuan Road follows its published figures (seed 000): about 100 micro-lectures (微宣讲, weekly),
40 micro-deliberation meetings (微议事) whose resolutions are mostly done, 150 micro-wishes of
which most are fulfilled and confirmed (a few still open or claimed), plus visits, forums,
micro party lessons and volunteering. Yanta's subdistrict workrooms get a few dozen activities
each, its district and community workrooms fewer; Daixi a few dozen. A few requests of the
demo that came in by household visit or at a meeting are linked to such an activity of their
workroom (``Petition.activity``); their state is not touched.

Deterministic (one seeded random per workroom) and idempotent: a workroom that already has
activities is skipped. Rows are written with ``bulk_create``: the whole builder takes well
under a second or two.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityType,
    DeliberationKind,
    Resolution,
    ResolutionStatus,
    Wish,
    WishStatus,
)
from petitions.models import Channel, Petition
from representatives.models import Assignment
from workrooms.models import WorkroomLevel

SHUYUAN = "430304001"
DAIXI = "371626001"

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
RESOLUTIONS = [
    "协调物业在小区东侧空地增设停车位",
    "由社区牵头征求加装电梯意见",
    "组织志愿者集中清理楼道杂物",
    "联系街道城管科规范电动车停放",
    "协调供电公司增设充电桩",
    "物业公司一个月内公示收支情况",
]
OTHER_OWNERS = ["物业公司", "社区居委会", "街道城管科", "业委会"]
WISHES = [
    "希望有人帮忙修理轮椅",
    "想要一套小学课外读物",
    "希望学会使用智能手机",
    "想为孩子找一位课外辅导志愿者",
    "希望更换老化的电线",
    "想要一台二手洗衣机",
    "希望有人陪同去医院复查",
    "想要一副老花镜",
    "希望楼下安装一个扶手",
    "想给孙子买一个书包",
]
FULFILMENTS = [
    "党代表上门送达并帮助安装",
    "联系爱心企业捐赠，已送到家中",
    "党代表利用周末上门教学两次",
    "协调社区志愿者上门服务",
]


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


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
            _resolutions(ctx, rng, activities, reps)
            _wishes(ctx, rng, workroom, wishes, clerk, reps)
            _link_requests(activities, workroom)


def _days(ctx, rng, count: int) -> list[date]:
    """``count`` days over the last year, evenly spread (weekly for 50 a year) with jitter."""
    step = 364 / max(count, 1)
    return [
        ctx.today - timedelta(days=min(364, int(i * step) + rng.randint(0, max(1, int(step) - 1))))
        for i in range(count)
    ]


def _activities(ctx, rng, workroom, plan, types, clerk, reps) -> list[Activity]:
    made, participants = [], []
    for type_code, count in plan.items():
        kind = types.get(type_code)
        if kind is None:
            continue
        for day in _days(ctx, rng, count):
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


def _resolutions(ctx, rng, activities, reps) -> None:
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
                    done_at=_moment(done_day, 16) if status == ResolutionStatus.DONE else None,
                    version=1 if status == ResolutionStatus.OPEN else 2,
                )
            )
    Resolution.objects.bulk_create(rows)


def _wishes(ctx, rng, workroom, count, clerk, reps) -> None:
    if not count or not reps:
        return
    rows = []
    for i, day in enumerate(sorted(_days(ctx, rng, count))):
        recorded = _moment(day, rng.choice((9, 10, 15)))
        age = (ctx.today - day).days
        fields = {}
        # The newest wishes are still open or claimed; the older ones mostly answered.
        if age < 10 or (age < 45 and rng.random() < 0.4):
            status = rng.choice([WishStatus.OPEN, WishStatus.CLAIMED])
        else:
            status = WishStatus.CONFIRMED if rng.random() < 0.8 else WishStatus.FULFILLED
        if status != WishStatus.OPEN:
            claimant = rng.choice(reps)
            claimed_day = min(ctx.today, day + timedelta(days=rng.randint(0, 3)))
            fields.update(claimed_by=claimant, claimed_at=_moment(claimed_day, 11))
            if status in (WishStatus.FULFILLED, WishStatus.CONFIRMED):
                fulfilled_day = min(ctx.today, claimed_day + timedelta(days=rng.randint(2, 20)))
                fields.update(
                    fulfilled_at=_moment(fulfilled_day, 15),
                    fulfilled_how=rng.choice(FULFILMENTS),
                )
                if status == WishStatus.CONFIRMED:
                    confirmed_day = min(
                        ctx.today, fulfilled_day + timedelta(days=rng.randint(1, 5))
                    )
                    fields.update(confirmed_by=clerk, confirmed_at=_moment(confirmed_day, 17))
        rows.append(
            Wish(
                workroom=workroom,
                resident_name=ctx.person_name(),
                resident_phone=ctx.phone() if rng.random() < 0.7 else "",
                content=WISHES[i % len(WISHES)],
                place=f"{workroom.area.name}{rng.randint(1, 30)}号楼",
                recorded_by=clerk,
                recorded_at=recorded,
                status=status,
                version={"open": 1, "claimed": 2, "fulfilled": 3, "confirmed": 4}[status],
                **fields,
            )
        )
    Wish.objects.bulk_create(rows)


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
