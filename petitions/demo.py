"""Demo requests: a year of residents' requests at every demo workroom, made through the workflow.

Shuyuan Road gets about 110 in the last twelve months (seed 000: "100+ a year"); Yanta's
district workroom 12, its subdistrict workrooms 6 each and community workrooms 3 each; Daixi
20. Most are archived; the recent ones are still on their way, so every state shows. Some are
answered on the spot, a few are overdue (with the reminder sent), a few residents were
dissatisfied and the request went back to handling (one twice, now with the liaison office),
and some requests were escalated up the tree or transferred to a neighbouring workroom.

Every step is made by ``petitions.workflow`` with the clock set to the step's moment, so the
events, dates and deadlines agree. No e-mail is sent. Each workroom draws from its own seeded
random, so the data are the same on every run, and a workroom that already has its requests is
skipped (running ``demo`` again changes nothing).
"""

from __future__ import annotations

import random
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, RoleKind
from core.demo import GIVEN, SURNAMES
from core.workdays import add_workdays, is_workday, next_workday
from petitions import notifications, workflow
from petitions.models import (
    Category,
    Channel,
    Petition,
    ReminderKind,
    ReplyMethod,
    Resolution,
    Satisfaction,
    State,
    Triage,
)
from representatives.models import Assignment
from rosters.models import DutyShift
from workrooms.models import WorkroomLevel

SHUYUAN = "430304001"
DAIXI = "371626001"

# (category, subject, what the resident asks, what was done, what the resident was told, triage)
# "{place}" is a compound of the workroom's area, "{n}" a building number.
SPOT, LIMITED, REFER = Triage.ON_THE_SPOT, Triage.TIME_LIMITED, Triage.REFER_UP
# fmt: off
MATTERS = [
    (Category.TRAFFIC, "小区门口停车难", "{place}晚上下班后周边无处停车，车辆乱停占用消防通道，希望协调周边单位夜间开放停车场。", "协调辖区两家单位夜间向居民开放停车位60个，交警部门施划临时停车线。", "已告知居民夜间可凭停车证在两家单位停车。", LIMITED),
    (Category.TRAFFIC, "学校门口上下学拥堵", "{place}旁小学放学时段车辆拥堵，孩子过马路不安全，希望增设护学岗。", "联系交警中队和学校，放学时段增设护学岗，家长志愿者协助疏导。", "已电话告知护学岗自下周一起设立。", LIMITED),
    (Category.TRAFFIC, "路口缺少红绿灯", "{place}东侧路口车流量大，没有信号灯，老人过马路很危险。", "报区交通运输局和交警大队，经现场勘查列入今年信号灯增设计划。", "已告知居民信号灯已列入增设计划，施工前会张贴公告。", REFER),
    (Category.TRAFFIC, "共享单车乱停堵塞人行道", "{place}门口共享单车堆放，占用盲道和人行道。", "约谈三家共享单车企业，划定停放区并安排专人每日清理。", "已回复居民停放区已划定，每天有人清理。", LIMITED),
    (Category.PROPERTY, "电梯频繁故障", "{place}{n}号楼电梯一个月内停运三次，楼里老人上下楼困难，希望督促物业维修。", "约谈物业公司，联系维保单位更换曳引机部件，市场监管部门复检合格。", "已上门告知电梯已修复并通过检验。", LIMITED),
    (Category.PROPERTY, "物业费上涨未公示", "{place}物业突然上调物业费，未经业主大会讨论，也没有公示收支明细。", "组织业委会、物业公司、社区召开协调会，物业公开近两年收支，调价暂缓。", "已在协调会上当面答复，收支明细已在公示栏张贴。", LIMITED),
    (Category.PROPERTY, "楼道堆放杂物", "{place}{n}号楼楼道长期堆放纸箱和旧家具，存在消防隐患。", "社区网格员联合物业逐户提醒，集中清理楼道杂物。", "已告知居民楼道已清理完毕。", LIMITED),
    (Category.PROPERTY, "小区路灯不亮", "{place}北门到{n}号楼的路灯坏了一个多星期，晚上出行不便。", "联系物业更换损坏灯具8盏。", "已电话告知路灯已修好。", LIMITED),
    (Category.PROPERTY, "二次供水水质发黄", "{place}早上打开水龙头水发黄，怀疑二次供水水箱长期没清洗。", "协调水务公司检测水质并清洗水箱，检测结果合格后公示。", "已将水质检测报告发到小区微信群。", LIMITED),
    (Category.PROPERTY, "老旧小区加装电梯", "{place}{n}号楼是老旧楼房，住户大多是老人，希望加装电梯，想了解政策和流程。", "讲解加装电梯补贴政策，协助住户征求意见，报街道列入改造计划。", "已告知加装电梯的申报流程和补贴标准。", REFER),
    (Category.ELDERLY, "希望开办老年食堂", "{place}老人多，子女白天上班，希望就近开办老年助餐点。", "利用社区闲置用房开办老年助餐点，引入餐饮企业运营，七十岁以上老人享受补贴。", "已告知助餐点开业时间和就餐补贴办法。", REFER),
    (Category.ELDERLY, "老年食堂菜价偏高", "社区老年食堂的菜价比开业时涨了不少，希望保持实惠。", "与运营企业协商推出8元、12元两档套餐，并公示成本。", "已在食堂门口公示新套餐价格。", LIMITED),
    (Category.ELDERLY, "高龄津贴怎么申领", "家里老人今年满八十岁，想了解高龄津贴怎么申请。", "当场讲解申领条件和所需材料。", "已当面告知需带身份证、户口本到社区服务站办理。", SPOT),
    (Category.ELDERLY, "独居老人需要上门服务", "{place}{n}号楼独居老人行动不便，希望有人定期上门看看。", "将老人纳入居家养老服务对象，安排志愿者每周两次上门探访。", "已告知老人子女志愿者上门的时间安排。", LIMITED),
    (Category.EDUCATION, "孩子入学学位紧张", "{place}新建楼盘入住户多，对口小学学位紧张，担心孩子明年上不了学。", "向区教育局反映，对口学校明年增设两个一年级班。", "已告知学位安排和报名时间。", REFER),
    (Category.EDUCATION, "课后托管服务", "双职工家庭下午接孩子困难，希望社区开办课后托管。", "联合学校和社区开设“四点半课堂”，由志愿者和退休教师辅导。", "已告知四点半课堂的报名方式。", LIMITED),
    (Category.EDUCATION, "学区划分政策咨询", "想了解今年学区划分有没有变化。", "当场查询区教育局公布的学区划分方案并讲解。", "已当面讲解，并告知教育局咨询电话。", SPOT),
    (Category.MEDICAL, "社区卫生服务站看病排队久", "社区卫生服务站只有两名医生，上午排队时间长。", "协调区卫健局增派一名全科医生，开通预约挂号。", "已告知可通过电话和小程序预约。", REFER),
    (Category.MEDICAL, "慢性病长处方办理", "高血压需要长期吃药，想知道能不能开长处方。", "当场讲解慢性病长处方政策。", "已告知可在社区卫生服务站办理，最长可开12周用量。", SPOT),
    (Category.EMPLOYMENT, "大龄失业人员求职", "四十多岁失业在家，希望社区帮忙介绍工作。", "登记就业意向，推荐参加街道招聘会，介绍到物业公司做设备维护。", "已电话告知招聘会时间和岗位信息。", LIMITED),
    (Category.EMPLOYMENT, "灵活就业社保补贴咨询", "做网约车司机，想问灵活就业人员有没有社保补贴。", "当场讲解灵活就业社保补贴政策和申请条件。", "已当面告知申请材料和办理窗口。", SPOT),
    (Category.ENVIRONMENT, "垃圾分类点异味扰民", "{place}{n}号楼旁边的垃圾分类点夏天异味大，蚊蝇多。", "协调环卫所增加清运频次，垃圾点每日冲洗消杀，并加装除臭设备。", "已告知居民清运时间调整为每天两次。", LIMITED),
    (Category.ENVIRONMENT, "夜间施工噪音扰民", "{place}附近工地晚上十点后还在施工，影响休息。", "联系城管执法中队夜间巡查，约谈施工单位，夜间施工须办理许可。", "已回复居民施工单位已承诺22点后停工。", LIMITED),
    (Category.ENVIRONMENT, "绿化带被占用种菜", "{place}有住户在绿化带里种菜、堆放杂物。", "社区和物业上门劝导，恢复绿化，开辟一小块共享菜园统一管理。", "已在小区群内通报处理结果。", LIMITED),
    (Category.SAFETY, "电动自行车车棚不够用", "{place}只有一个电动车棚，很多居民把电动车推进楼道、飞线充电，很危险。", "协调物业新建电动自行车充电车棚两处，安装智能充电桩40个。", "已告知新车棚位置和充电收费标准。", LIMITED),
    (Category.SAFETY, "小区监控损坏", "{place}大门和停车场的监控坏了很久，最近有电动车被盗。", "督促物业维修更换监控探头12个，接入社区综治平台。", "已告知监控已恢复。", LIMITED),
    (Category.SAFETY, "窨井盖缺失", "{place}西侧人行道上有个窨井盖丢了，晚上很容易掉进去。", "当天联系市政部门设置警示围挡，次日补装井盖。", "已电话告知井盖已补装。", LIMITED),
    (Category.POLICY, "医保异地就医备案", "子女在外地工作，想把老人接过去住，问医保异地就医怎么备案。", "当场讲解异地就医备案的线上办理方式。", "已当面指导在手机上完成备案。", SPOT),
    (Category.POLICY, "公租房申请条件", "想了解公租房的申请条件和排队情况。", "当场讲解公租房申请条件，提供申请表。", "已当面告知申请材料和受理窗口。", SPOT),
    (Category.OTHER, "希望增设便民理发点", "附近没有便宜的理发店，老人理发不方便。", "联系志愿服务队每月在党群服务中心开展一次义务理发。", "已告知每月第一个周六上午义务理发。", LIMITED),
]
# fmt: on

PLACE_SUFFIXES = ["小区", "花园", "新村", "家属院", "公寓", "佳苑"]
CHANNELS = [
    (Channel.VISIT, 45),
    (Channel.PHONE, 15),
    (Channel.WECHAT, 12),
    (Channel.HOUSEHOLD, 10),
    (Channel.MEETING, 6),
    (Channel.ONLINE, 5),
    (Channel.SUGGESTION_BOX, 4),
    (Channel.SMS, 3),
]
QUOTA = {WorkroomLevel.DISTRICT: 12, WorkroomLevel.SUBDISTRICT: 6, WorkroomLevel.COMMUNITY: 3}
QUOTA_BY_CODE = {SHUYUAN: 110, DAIXI: 20}


@dataclass
class Cast:
    """Who acts at a workroom: its liaison officer, possible handlers, the district's liaison
    office (after a second dissatisfaction) and the representatives stationed there."""

    clerk: object
    handlers: list
    supervisor: object | None
    representatives: list
    shifts: dict = field(default_factory=dict)
    # How many requests are still to be made "dissatisfied twice", and overdue, here.
    twice_left: int = 0
    stuck_left: int = 0


class _Clock:
    """The time the workflow sees: each step is stamped with the moment it is set to."""

    moment: datetime | None = None

    def now(self) -> datetime:
        return self.moment or datetime.now(tz=UTC)


_clock = _Clock()


@contextmanager
def _demo_mode():
    """No e-mail from the demo (assignment notices not queued, reminders not mailed), and the
    workflow's clock (it reads only ``timezone.now``) under our control."""
    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(notifications, "notify_assigned", lambda p: None))
        stack.enter_context(mock.patch.object(notifications, "notify_transferred", lambda p: None))
        stack.enter_context(mock.patch.object(notifications, "send_mail", lambda *a, **k: 1))
        stack.enter_context(mock.patch("django.utils.timezone.now", _clock.now))
        try:
            yield
        finally:
            _clock.moment = None


@contextmanager
def _at(moment: datetime):
    _clock.moment = moment
    try:
        yield
    finally:
        _clock.moment = None


def _moment(day: date, hour: float) -> datetime:
    minutes = int(hour * 60)
    return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))


def _office_time(rng, day: date) -> datetime:
    """Some time in office hours on ``day`` (or the next working day)."""
    return _moment(next_workday(day), rng.uniform(8.5, 17.2))


def _later(rng, moment: datetime, *, workdays: int) -> datetime:
    """Office hours ``workdays`` working days after ``moment`` (0: later the same day)."""
    if workdays == 0:
        return moment + timedelta(minutes=rng.randint(15, 90))
    return _office_time(rng, add_workdays(timezone.localdate(moment), workdays))


def _place(rng, workroom) -> str:
    name = workroom.area.name
    for suffix in ("街道", "社区", "区", "村", "镇"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name + rng.choice(PLACE_SUFFIXES)


def _resident(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _phone(rng) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def _cast(ctx, code, workroom) -> Cast | None:
    officers = list(workroom.liaison_officers.order_by("pk"))
    if not officers:
        return None
    handlers = list(officers)
    rep_user = ctx.users.get("rep_shuyuan")
    if code == SHUYUAN and rep_user is not None:
        handlers.append(rep_user)
    area = workroom.area
    supervisor = (
        Role.objects.filter(kind=RoleKind.LIAISON_OFFICE, user__is_active=True)
        .select_related("user", "area")
        .order_by("pk")
    )
    supervisor = next((r.user for r in supervisor if area.path.startswith(r.area.path)), None)
    assignments = Assignment.objects.current(on=ctx.today).filter(workroom=workroom)
    representatives = [a.representative for a in assignments.select_related("representative")]
    start = ctx.today - timedelta(days=70)
    shifts = {s.date: s for s in DutyShift.objects.filter(workroom=workroom, date__gte=start)}
    return Cast(
        officers[0],
        handlers,
        supervisor,
        representatives,
        shifts,
        twice_left=1 if code == SHUYUAN else 0,
        stuck_left=2 if code == SHUYUAN else 0,
    )


def _already_built(workroom) -> bool:
    # Requests transferred in from elsewhere do not count: only those registered here.
    return Petition.objects.filter(workroom=workroom, transfers__isnull=True).exists()


def build(ctx) -> None:
    now = timezone.now()
    if ctx.today != timezone.localdate(now):
        now = _moment(ctx.today, 18)
    with _demo_mode():
        for code, workroom in ctx.workrooms.items():
            if not workroom.is_active or _already_built(workroom):
                continue
            cast = _cast(ctx, code, workroom)
            if cast is None:
                continue
            rng = random.Random(f"petitions:{code}")
            count = QUOTA_BY_CODE.get(code, QUOTA.get(workroom.level, 5))
            # One transaction per workroom: all of its requests or none (a rerun then builds
            # them), and one commit instead of thousands on SQLite.
            with transaction.atomic():
                _build_workroom(ctx, rng, code, workroom, cast, count, now)


# The newest requests of the big workrooms are pinned to these states (newest first), so that
# every state shows whatever the day the demo is built: (state, working days ago registered).
PINNED = [
    (State.REGISTERED, 0),
    (State.RECEIVED, 2),
    (State.HANDLED, 4),
    (State.REPLIED, 6),
    (State.FEEDBACK, 10),
]


class _Stop(Exception):
    """The request has reached the state it is to stay in."""


def _build_workroom(ctx, rng, code, workroom, cast, count, now) -> None:
    days = sorted(ctx.today - timedelta(days=rng.randint(15, 364)) for _ in range(count))
    pinned = PINNED if count >= 20 else PINNED[:1]
    for index, day in enumerate(days):
        stop_at = None
        from_newest = count - 1 - index
        if from_newest < len(pinned):
            stop_at, ago = pinned[from_newest]
            registered = _recent(now, ago)
        else:
            registered = _office_time(rng, day)
        try:
            _life(ctx, rng, code, workroom, cast, registered, now, stop_at=stop_at)
        except _Stop:
            pass


def _recent(now: datetime, workdays_ago: int) -> datetime:
    """9:30 on the working day ``workdays_ago`` before now (at least an hour before now)."""
    day = timezone.localdate(now - timedelta(hours=1))
    while not is_workday(day):
        day -= timedelta(days=1)
    for _ in range(workdays_ago):
        day -= timedelta(days=1)
        while not is_workday(day):
            day -= timedelta(days=1)
    return min(_moment(day, 9.5), now - timedelta(hours=1))


def _life(ctx, rng, code, workroom, cast, registered, now, *, stop_at=None) -> None:
    """One request from registration as far as its dates allow, or until ``stop_at``."""
    matters = MATTERS if stop_at is None else [m for m in MATTERS if m[5] == LIMITED]
    category, title, content, result, answer, triage = rng.choice(matters)
    place, building = _place(rng, workroom), rng.randint(1, 28)
    channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
    day = timezone.localdate(registered)
    shift = cast.shifts.get(day) if channel == Channel.VISIT else None
    if shift is not None:
        # Came to the reception duty: registered during the shift.
        start = shift.start_time.hour + shift.start_time.minute / 60
        end = shift.end_time.hour + shift.end_time.minute / 60
        during = _moment(day, rng.uniform(start, end - 0.2))
        registered = during if during <= now else registered
    registrar = rng.choice(cast.handlers)
    with _at(registered):
        petition = workflow.register(
            workroom=workroom,
            actor=registrar,
            resident_name=_resident(rng),
            resident_phone=_phone(rng),
            resident_address=f"{place}{building}号楼{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室",
            resident_is_party_member=rng.random() < 0.25,
            anonymous_publicly=rng.random() < 0.15,
            channel=channel,
            category=category,
            title=title,
            content=content.format(place=place, n=building),
            duty_shift=shift,
        )
    if stop_at == State.REGISTERED:
        return
    rolls = [rng.random() for _ in range(6)]
    if stop_at is not None:
        rolls = [1.0] * 6  # a plain path: no transfer, no delay, satisfied
    _stop_when(petition, stop_at)
    representative = rng.choice(cast.representatives) if cast.representatives else None
    handler = rng.choice(cast.handlers)
    clerk = cast.clerk

    def step(moment, move, **kwargs):
        if moment > now:
            return False
        with _at(moment):
            move(petition, **kwargs)
        petition.check_stop()
        return True

    # 小事当场办: answered in the same sitting.
    if triage == SPOT:
        moment = _later(rng, registered, workdays=0)
        if not step(
            moment,
            workflow.answer_on_the_spot,
            actor=handler,
            handling_result=result,
            reply_content=answer,
            reply_method=ReplyMethod.IN_PERSON,
            receiving_representative=representative,
        ):
            return
        _close(rng, petition, clerk, moment, now, unhappy=False)
        return

    # A few requests go elsewhere first: a community workroom escalates the bigger matters,
    # a subdistrict now and then hands one to its neighbour.
    moment = registered
    target_actor = None
    if workroom.level == WorkroomLevel.COMMUNITY and rolls[0] < 0.3:
        moment = _later(rng, moment, workdays=0)
        if not step(moment, _escalate_first, actor=clerk, rng=rng):
            return
    elif workroom.level == WorkroomLevel.SUBDISTRICT and code != SHUYUAN and rolls[0] < 0.1:
        moment = _later(rng, moment, workdays=0)
        if not step(moment, _transfer_first, actor=clerk, rng=rng):
            return
    if petition.workroom_id != workroom.pk:
        target = petition.workroom
        target_actor = target.liaison_officers.order_by("pk").first()
        if target_actor is None:
            return
        clerk = handler = target_actor
        representative = None

    moment = _later(rng, moment, workdays=0)
    if not step(
        moment,
        workflow.receive,
        actor=clerk,
        triage=triage,
        handler=handler,
        receiving_representative=representative,
    ):
        return
    # At Shuyuan Road one recent request is returned twice (the liaison office has it now) and
    # at least two recent ones are overdue (nobody recorded a result in time), whatever the day
    # the demo is built; elsewhere such things happen by chance.
    age = (now - moment).days
    twice = cast.twice_left > 0 and 60 < age < 120
    unhappy = twice or (rolls[2] < 0.1 and age > 45)
    stuck = not twice and 20 < age < 90 and (rolls[1] < 0.12 or cast.stuck_left > 0)
    if stuck and cast.stuck_left > 0:
        cast.stuck_left -= 1
    if rolls[3] < 0.5:
        moment = _later(rng, moment, workdays=1)
        step(moment, workflow.add_note, actor=handler, note=_progress_note(rng))
    if stuck:
        # Overdue: nobody recorded a result yet; the reminder went out the day after.
        _remind(petition, now)
        return
    deadline_days = (petition.deadline - timezone.localdate(moment)).days
    late = rolls[4] < 0.1
    span = max(1, min(deadline_days, 12)) + (rng.randint(1, 4) if late else 0)
    quick = stop_at is not None
    moment = _later(rng, moment, workdays=1 if quick else rng.randint(1, max(1, span)))
    if not _handle_and_reply(rng, petition, handler, moment, now, result, answer, quick=quick):
        return
    moment = petition.replied_at
    if unhappy:
        moment = _later(rng, moment, workdays=rng.randint(2, 5))
        if not step(
            moment,
            workflow.feedback,
            actor=clerk,
            satisfaction=Satisfaction.DISSATISFIED,
            resolution=rng.choice([Resolution.NOT_SOLVED, Resolution.PARTLY]),
            note="居民认为问题没有彻底解决。",
        ):
            return
        second_result = "再次协调相关部门，制定整改时间表并跟踪落实。"
        moment = _later(rng, moment, workdays=rng.randint(2, 6))
        if not _handle_and_reply(rng, petition, handler, moment, now, second_result, answer):
            return
        moment = petition.replied_at
        if twice:
            cast.twice_left -= 1
            moment = _later(rng, moment, workdays=rng.randint(2, 5))
            if not step(
                moment,
                workflow.feedback,
                actor=clerk,
                satisfaction=Satisfaction.DISSATISFIED,
                resolution=Resolution.NOT_SOLVED,
                note="居民仍不满意，提请党联办协调。",
            ):
                return
            # Only the liaison office may take it further now; it is still working on it.
            if cast.supervisor is not None:
                moment = _later(rng, moment, workdays=2)
                step(
                    moment,
                    workflow.add_note,
                    actor=cast.supervisor,
                    note="党联办已召集住建、城管和物业公司现场协调。",
                )
            return
    _close(rng, petition, clerk, moment, now, unhappy=unhappy, quick=quick)


def _stop_when(petition, state) -> None:
    """Give the request a ``check_stop()`` that ends its life once it reaches ``state``."""

    def check_stop():
        if state is not None and petition.state == state:
            raise _Stop

    petition.check_stop = check_stop


def _escalate_first(petition, *, actor, rng):
    workflow.escalate(
        petition,
        actor=actor,
        reason=rng.choice(["涉及多个小区，需街道统筹协调。", "需街道协调职能部门解决。"]),
    )


def _transfer_first(petition, *, actor, rng):
    targets = list(
        workflow.transfer_targets(petition, escalation=False).filter(
            level=WorkroomLevel.SUBDISTRICT
        )
    )
    if not targets:
        return
    workflow.transfer(
        petition,
        actor=actor,
        to_workroom=rng.choice(targets),
        reason="反映的问题位于相邻街道辖区，转交属地办理。",
    )


def _progress_note(rng) -> str:
    return rng.choice(
        [
            "已联系相关单位，约定现场查看时间。",
            "已与物业公司沟通，物业承诺本周内处理。",
            "已上报街道相关科室，等待答复。",
            "代表已现场走访，了解具体情况。",
            "已电话回访居民，说明办理进度。",
        ]
    )


def _handle_and_reply(rng, petition, handler, moment, now, result, answer, quick=False) -> bool:
    if moment > now:
        return False
    with _at(moment):
        workflow.handle(petition, actor=handler, result=result)
    petition.check_stop()
    moment = _later(rng, moment, workdays=0 if quick else rng.choice([0, 0, 1, 2]))
    if moment > now:
        return False
    method = rng.choice(
        [
            ReplyMethod.PHONE,
            ReplyMethod.PHONE,
            ReplyMethod.IN_PERSON,
            ReplyMethod.WECHAT,
            ReplyMethod.SMS,
        ]
    )
    with _at(moment):
        workflow.reply(petition, actor=handler, content=answer, method=method)
    petition.check_stop()
    return True


def _close(rng, petition, clerk, moment, now, *, unhappy, quick=False) -> None:
    """The return visit a few days after the reply, then the ledger."""
    moment = _later(rng, moment, workdays=2 if quick else rng.randint(2, 6))
    if moment > now:
        return
    satisfaction = rng.choices(
        [Satisfaction.SATISFIED, Satisfaction.BASICALLY],
        weights=[85, 15] if not unhappy else [50, 50],
    )[0]
    resolution = (
        Resolution.SOLVED
        if satisfaction == Satisfaction.SATISFIED
        else rng.choice([Resolution.SOLVED, Resolution.PARTLY])
    )
    with _at(moment):
        workflow.feedback(
            petition,
            actor=clerk,
            satisfaction=satisfaction,
            resolution=resolution,
            note="电话回访。",
        )
    petition.check_stop()
    moment = _later(rng, moment, workdays=rng.randint(1, 5))
    if moment > now:
        return
    with _at(moment):
        workflow.archive(petition, actor=clerk)


def _remind(petition, now) -> None:
    """The overdue reminder, as the daily job sent it the morning after the deadline."""
    sent = _moment(next_workday(petition.deadline + timedelta(days=1)), 8)
    if sent <= now:
        with _at(sent):
            notifications.send_notice(petition.pk, ReminderKind.OVERDUE)
