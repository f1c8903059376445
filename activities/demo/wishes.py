"""Demo micro-wishes of a workroom (built with the log, see ``log``): the newest still open or
claimed, the older ones mostly fulfilled and confirmed."""

from __future__ import annotations

from datetime import timedelta

from activities.demo import moment, spread_days
from activities.models import Wish, WishStatus
from activities.services.wishes import RECORDED
from core import audit

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


def add_wishes(ctx, rng, workroom, count, clerk, reps) -> None:
    if not count or not reps:
        return
    rows = []
    for i, day in enumerate(sorted(spread_days(ctx, rng, count))):
        recorded = moment(day, rng.choice((9, 10, 15)))
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
            fields.update(claimed_by=claimant, claimed_at=moment(claimed_day, 11))
            if status in (WishStatus.FULFILLED, WishStatus.CONFIRMED):
                fulfilled_day = min(ctx.today, claimed_day + timedelta(days=rng.randint(2, 20)))
                fields.update(
                    fulfilled_at=moment(fulfilled_day, 15),
                    fulfilled_how=rng.choice(FULFILMENTS),
                )
                if status == WishStatus.CONFIRMED:
                    confirmed_day = min(
                        ctx.today, fulfilled_day + timedelta(days=rng.randint(1, 5))
                    )
                    fields.update(confirmed_by=clerk, confirmed_at=moment(confirmed_day, 17))
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
    # Their history, as the services would have written it one step at a time.
    audit.log_all(entry for wish in rows for entry in _history(wish, clerk))


def _history(wish: Wish, clerk):
    claimant = wish.claimed_by.user if wish.claimed_by_id else None
    steps = [
        (RECORDED, clerk, wish.recorded_at, "", WishStatus.OPEN, ""),
        ("claim", claimant, wish.claimed_at, WishStatus.OPEN, WishStatus.CLAIMED, ""),
        ("fulfil", claimant, wish.fulfilled_at, WishStatus.CLAIMED, WishStatus.FULFILLED, ""),
        ("confirm", clerk, wish.confirmed_at, WishStatus.FULFILLED, WishStatus.CONFIRMED, ""),
    ]
    for action, actor, at, source, target, note in steps:
        if at is not None:
            yield audit.unsaved(
                wish, action, actor=actor, from_state=source, to_state=target, note=note, at=at
            )
