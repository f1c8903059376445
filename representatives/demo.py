"""Demo representatives: every demo workroom gets its resident representatives.

Shuyuan Road has seed 000's 28 (one national and provincial, seven city, twenty district);
Yanta district's 119 are spread over its "1+8+8" workrooms; Daixi gets twelve. People are
invented (deterministic names and numbers), and ``rep_shuyuan`` is linked to one of them.
A few Yanta representatives moved from a community workroom to their subdistrict's, so the
history of assignments shows too.
"""

from __future__ import annotations

from datetime import date

from representatives.models import (
    Assignment,
    AssignmentRole,
    Level,
    Representative,
    WorkField,
    levels_to_bits,
)
from workrooms.models import WorkroomLevel

N, P, C, D = Level.NATIONAL, Level.PROVINCIAL, Level.CITY, Level.DISTRICT

SHUYUAN = "430304001"
DAIXI = "371626001"
YANTA = "610113"

# Levels of each workroom's people, highest first; the first one is the group leader.
SHUYUAN_MIX = [(N, P)] + [(C,)] * 5 + [(C, D)] * 2 + [(D,)] * 20
YANTA_MIX = {
    WorkroomLevel.DISTRICT: [(P, C, D)] + [(C, D)] * 2 + [(C,)] * 2 + [(D,)] * 10,  # 15
    WorkroomLevel.SUBDISTRICT: [(C, D)] + [(D,)] * 7,  # 8 x 8 = 64
    WorkroomLevel.COMMUNITY: [(D,)] * 5,  # 5 x 8 = 40
}
DAIXI_MIX = [(C, D)] + [(D,)] * 11

LINKED_INDEX = 9  # rep_shuyuan: a district representative and member at Shuyuan Road

TERMS = {
    N: "党的二十大",
    P: "省第十四次党代会",
    C: "市第十四次党代会",
    D: "区第十三次党代会",
}
UNITS = {
    WorkField.PARTY_GOVERNMENT: [
        ("街道党工委", "副书记"),
        ("区城管局", "副局长"),
        ("区民政局", "科长"),
    ],
    WorkField.ENTERPRISE: [
        ("陕西建工集团", "项目经理"),
        ("湘潭钢铁集团", "车间主任"),
        ("本地物业公司", "总经理"),
    ],
    WorkField.EDUCATION: [("区实验小学", "校长"), ("第二中学", "教师"), ("职业技术学院", "辅导员")],
    WorkField.HEALTH: [
        ("社区卫生服务中心", "主任"),
        ("区人民医院", "护士长"),
        ("中心医院", "医生"),
    ],
    WorkField.AGRICULTURE: [("村股份经济合作社", "社长"), ("农业专业合作社", "理事长")],
    WorkField.COMMUNITY: [
        ("社区居委会", "党委书记"),
        ("社区居委会", "网格员"),
        ("小区业主委员会", "主任"),
    ],
    WorkField.SCIENCE: [("高新区软件企业", "工程师"), ("科研院所", "研究员")],
    WorkField.OTHER: [("律师事务所", "律师"), ("退休", "退休干部")],
}
STRENGTHS = [
    "政策宣讲",
    "法律咨询",
    "矛盾调解",
    "医疗健康",
    "教育辅导",
    "物业管理",
    "乡村振兴",
    "就业创业",
    "养老服务",
    "心理疏导",
]


def _mixes(ctx):
    """(area code, levels per person, start date) for every demo workroom, in a fixed order."""
    for code, workroom in ctx.workrooms.items():
        if code == SHUYUAN:
            yield code, SHUYUAN_MIX, date(2023, 3, 1)
        elif code == DAIXI:
            yield code, DAIXI_MIX, date(2023, 3, 1)
        elif code.startswith(YANTA):
            yield code, YANTA_MIX[workroom.level], date(2024, 1, 1)


def _person(ctx, area, levels, used_phones) -> Representative:
    name = ctx.person_name()
    phone = ctx.phone()
    while phone in used_phones:
        phone = ctx.phone()
    used_phones.add(phone)
    work_field = ctx.rng.choice(list(UNITS))
    unit, post = ctx.rng.choice(UNITS[work_field])
    strengths = "、".join(ctx.rng.sample(STRENGTHS, 2))
    gender = ctx.rng.choice("MMF")
    cadre = work_field == WorkField.PARTY_GOVERNMENT or ctx.rng.random() < 0.2
    building = ctx.rng.randint(1, 30)
    return Representative(
        name=name,
        gender=gender,
        levels=levels_to_bits(levels),
        area=area,
        electoral_unit=f"{area.name}代表团",
        work_unit=unit,
        post=post,
        work_field=work_field,
        strengths=strengths,
        contact_point=f"{area.name}第{ctx.rng.randint(1, 9)}网格",
        residence=f"{area.name}{building}号院",
        is_leading_cadre=cadre,
        term=TERMS[max(levels)],
        phone=phone,
    )


def build(ctx) -> None:
    used_phones = set(Representative.objects.values_list("phone", flat=True))
    moved: dict[str, Representative] = {}
    for code, mix, start in _mixes(ctx):
        workroom = ctx.workrooms[code]
        area = workroom.area
        # Draw every person first so the random sequence is the same on every run.
        people = [_person(ctx, area, levels, used_phones) for levels in mix]
        people[0].is_leading_cadre = True
        if Assignment.objects.filter(workroom=workroom).exists():
            continue
        if code == SHUYUAN and "rep_shuyuan" in ctx.users:
            user = ctx.users["rep_shuyuan"]
            people[LINKED_INDEX].name = user.display_name
            if user.phone and user.phone not in used_phones:
                people[LINKED_INDEX].phone = user.phone
            people[LINKED_INDEX].user = user
        for index, person in enumerate(people):
            person.save()
            Assignment.objects.create(
                representative=person,
                workroom=workroom,
                role=AssignmentRole.LEADER if index == 0 else AssignmentRole.MEMBER,
                start_date=start,
                note="按居住地就近就便进驻" if index % 3 else "按选举单位进驻",
            )
        if workroom.level == WorkroomLevel.SUBDISTRICT and code.startswith(YANTA):
            moved[code] = people[1]
    # History: one member of each Yanta subdistrict workroom served first in its community.
    for code, person in moved.items():
        community = next(
            (w for c, w in ctx.workrooms.items() if c.startswith(code) and c != code), None
        )
        if community is None:
            continue
        Assignment.objects.create(
            representative=person,
            workroom=community,
            role=AssignmentRole.MEMBER,
            start_date=date(2022, 8, 1),
            end_date=date(2023, 12, 31),
            note="街道工作室成立后调整进驻",
        )
