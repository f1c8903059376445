"""Demo notifications. The builders before this one made their requests, swaps, research
reports and reports through the real services, which wrote the notices into the inboxes (and,
within ``notices.services.quiet``, sent nothing). This one reads those inboxes: everyone has
read all but their newest few, as after a while of use, and example group robots show an
administrator where robots go; they are switched off, so the demo posts nowhere.
Idempotent: robots are found by name, and reading twice changes nothing.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.db.models import F

from notices.models import Notification, RobotKind, RobotWebhook

SHUYUAN = "430304001"
YANTA = "610113"
# The newest of each person's notifications stay unread: half of them, at most this many.
UNREAD_KEPT = 3

ROBOTS = [
    # (name, kind, workroom code or None, area code or None, webhook, secret)
    (
        "书院路街道党代表工作室企业微信群（示例）",
        RobotKind.WECOM,
        SHUYUAN,
        None,
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000",
        "",
    ),
    (
        "雁塔区党联办钉钉群（示例）",
        RobotKind.DINGTALK,
        None,
        YANTA,
        "https://oapi.dingtalk.com/robot/send?access_token=" + "0" * 64,
        "SEC" + "0" * 64,
    ),
]


def _robots(ctx) -> None:
    for name, kind, workroom_code, area_code, url, secret in ROBOTS:
        workroom = ctx.workrooms.get(workroom_code) if workroom_code else None
        area = ctx.areas.get(area_code) if area_code else None
        if workroom is None and area is None:
            continue
        RobotWebhook.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "workroom": workroom,
                "area": area,
                "url": url,
                "secret": secret,
                "is_active": False,
            },
        )


def _read_older(ctx) -> None:
    """Each person has read all but their newest notifications, two hours after each came."""
    recipients = set(Notification.objects.values_list("recipient_id", flat=True).distinct())
    for user_id in sorted(recipients):
        mine = Notification.objects.filter(recipient_id=user_id)
        ids = list(mine.order_by("-created_at", "-pk").values_list("pk", flat=True))
        kept = min(UNREAD_KEPT, math.ceil(len(ids) / 2))
        mine.filter(pk__in=ids[kept:], read_at__isnull=True).update(
            read_at=F("created_at") + timedelta(hours=2)
        )


def build(ctx) -> None:
    _robots(ctx)
    _read_older(ctx)
