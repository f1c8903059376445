"""The demo's residents: requests and micro-wishes sent from 书院路's public page, in every
state a resident can follow, each with a fixed tracking code (printed in the README) so that a
visitor can try the tracking page and give the feedback on the one waiting for it.

Built through the services (audit entries, notices) like a real submission; idempotent: a code
already in use is skipped.
"""

from __future__ import annotations

from django.db import transaction

from activities.services.wishes import wish_claim
from core.demo import DemoContext
from petitions import workflow
from petitions.models import Category, ReplyMethod, Resolution, Satisfaction, Triage
from public import codes, tracking
from public.models import Submission
from public.submissions import submit_request, submit_wish
from representatives.models import Assignment, Representative

SHUYUAN = "430304001"

# code → (what the resident wrote, category, how far it has gone)
REQUESTS = {
    "DEMQ-NEWR-2345": (
        "单元门禁坏了，外卖快递都进不来，老人出门也不方便。",
        Category.PROPERTY,
        "new",
    ),
    "DEMQ-RECV-2346": (
        "小区东门路边常年乱停车，消防通道被堵，希望能划线管理。",
        Category.TRAFFIC,
        "received",
    ),
    "DEMQ-REPY-2347": (
        "垃圾分类点夏天异味很大，能否增加清运次数？",
        Category.ENVIRONMENT,
        "replied",
    ),
    "DEMQ-FDBK-2348": ("儿童游乐设施的秋千链条松了，存在安全隐患。", Category.SAFETY, "satisfied"),
    "DEMQ-BACK-2349": (
        "楼上装修噪音晚上十点后还在施工，多次沟通无果。",
        Category.OTHER,
        "returned",
    ),
}
SPAM_TEXT = "低价代办各类证件，加微信详谈！！！"
WISHES = {
    "DEMW-HQPE-2352": ("想给独居的奶奶借一辆轮椅，方便去社区医院复诊。", "open"),
    "DEMW-TAKN-2353": ("孩子上三年级，希望有志愿者周末辅导数学。", "claimed"),
}


def build(ctx: DemoContext) -> None:
    workroom = ctx.workrooms.get(SHUYUAN)
    clerk = ctx.users.get("clerk_shuyuan")
    if workroom is None or clerk is None:
        return
    with transaction.atomic():
        for code, (content, category, stage) in REQUESTS.items():
            if not _used(code):
                _request(ctx, workroom, clerk, code, content, category, stage)
        for code, (content, stage) in WISHES.items():
            if not _used(code):
                _wish(ctx, workroom, code, content, stage)
        _spam(ctx, workroom, clerk)


def _used(code: str) -> bool:
    return Submission.objects.filter(code_digest=codes.digest(code)).exists()


def _resident(ctx: DemoContext) -> dict:
    return {"resident_name": ctx.person_name(), "resident_phone": ctx.phone()}


def _request(ctx, workroom, clerk, code, content, category, stage) -> None:
    data = {
        **_resident(ctx),
        "content": content,
        "title": content.split("，")[0][:30],
        "category": category,
        "place": "书院路社区5栋东侧",
        "show_name": False,
    }
    submission, _code = submit_request(workroom, data, [], code=code)
    petition = submission.petition
    if stage == "new":
        return
    petition = workflow.receive(petition, actor=clerk, triage=Triage.TIME_LIMITED, handler=clerk)
    if stage == "received":
        return
    petition = workflow.handle(petition, actor=clerk, result="已联系物业和城管，现场核实并整改。")
    petition = workflow.reply(
        petition,
        actor=clerk,
        content="已协调物业处理，整改情况已于本周核实，感谢您的反映。",
        method=ReplyMethod.PHONE,
    )
    if stage == "replied":
        return
    unhappy = stage == "returned"
    tracking.give_feedback(
        submission,
        satisfaction=Satisfaction.DISSATISFIED if unhappy else Satisfaction.SATISFIED,
        resolution=Resolution.NOT_SOLVED if unhappy else Resolution.SOLVED,
        comment="晚上还是有施工声音。" if unhappy else "处理很及时，谢谢！",
    )


def _wish(ctx, workroom, code, content, stage) -> None:
    data = {**_resident(ctx), "content": content, "place": "书院路社区12栋2单元"}
    submission, _code = submit_wish(workroom, data, code=code)
    if stage != "claimed":
        return
    ids = (
        Assignment.objects.current(on=ctx.today).filter(workroom=workroom).values("representative")
    )
    rep = Representative.objects.filter(pk__in=ids, user__isnull=False).order_by("pk").first()
    if rep is not None:
        wish_claim(submission.wish, actor=rep.user)


def _spam(ctx, workroom, clerk) -> None:
    from petitions.models import Petition

    if Petition.with_spam.filter(workroom=workroom, content=SPAM_TEXT).exists():
        return
    data = {
        **_resident(ctx),
        "content": SPAM_TEXT,
        "title": "低价代办证件",
        "category": Category.OTHER,
        "place": "",
    }
    submission, _code = submit_request(workroom, data, [])
    workflow.mark_spam(submission.petition, actor=clerk, reason="广告，与工作室无关")
