"""Demo places from the seeds: Yanta district's "1+8+8", Shuyuan Road, Daixi. People are invented."""

import io
from datetime import date, timedelta

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from workrooms.models import (
    Area,
    AreaKind,
    ChecklistEntry,
    ChecklistStandard,
    ChecklistStatus,
    Workroom,
    WorkroomLevel,
)

K = AreaKind

# (code, name, kind, children)
TREE = [
    (
        "610113",
        "雁塔区",
        K.DISTRICT,
        [
            (
                "610113001",
                "小寨路街道",
                K.SUBDISTRICT,
                [
                    ("610113001001", "长安中路社区", K.COMMUNITY, []),
                    ("610113001002", "兴善寺东街社区", K.COMMUNITY, []),
                ],
            ),
            (
                "610113002",
                "大雁塔街道",
                K.SUBDISTRICT,
                [("610113002001", "慈恩路社区", K.COMMUNITY, [])],
            ),
            (
                "610113003",
                "长延堡街道",
                K.SUBDISTRICT,
                [("610113003001", "吉祥村社区", K.COMMUNITY, [])],
            ),
            (
                "610113004",
                "电子城街道",
                K.SUBDISTRICT,
                [("610113004001", "电子西街社区", K.COMMUNITY, [])],
            ),
            (
                "610113005",
                "等驾坡街道",
                K.SUBDISTRICT,
                [("610113005001", "东三爻村", K.VILLAGE, [])],
            ),
            (
                "610113006",
                "鱼化寨街道",
                K.SUBDISTRICT,
                [("610113006001", "鱼化寨社区", K.COMMUNITY, [])],
            ),
            (
                "610113007",
                "丈八沟街道",
                K.SUBDISTRICT,
                [("610113007001", "科技路社区", K.COMMUNITY, [])],
            ),
            (
                "610113008",
                "曲江街道",
                K.SUBDISTRICT,
                [("610113008001", "曲江池社区", K.COMMUNITY, [])],
            ),
        ],
    ),
    (
        "430304",
        "岳塘区",
        K.DISTRICT,
        [
            (
                "430304001",
                "书院路街道",
                K.SUBDISTRICT,
                [
                    (
                        "430304001001",
                        "飞机坪社区",
                        K.COMMUNITY,
                        [("430304001001001", "天鹤村小区", K.COMPOUND, [])],
                    ),
                    (
                        "430304001002",
                        "东坪社区",
                        K.COMMUNITY,
                        [("430304001002001", "裕丰国际小区", K.COMPOUND, [])],
                    ),
                    ("430304001003", "书院路社区", K.COMMUNITY, []),
                    (
                        "430304001004",
                        "新塘村",
                        K.VILLAGE,
                        [("430304001004001", "新塘村小区", K.COMPOUND, [])],
                    ),
                ],
            ),
        ],
    ),
    (
        "371626",
        "邹平市",
        K.DISTRICT,
        [
            (
                "371626001",
                "黛溪街道",
                K.SUBDISTRICT,
                [
                    (f"37162600100{i}", name, K.COMMUNITY, [])
                    for i, name in enumerate(
                        [
                            "黛溪社区",
                            "醴泉社区",
                            "鹤伴社区",
                            "东关社区",
                            "西关社区",
                            "城北社区",
                            "范公社区",
                            "会仙社区",
                            "碑楼社区",
                        ],
                        start=1,
                    )
                ],
            ),
        ],
    ),
]

# (area code, workroom name, level, standard, address, hours, theme, phone)
WORKROOMS = [
    (
        "610113",
        "雁塔区党代表工作室",
        WorkroomLevel.DISTRICT,
        "五有",
        "雁塔区雁塔路北段",
        "每月10日、25日 9:00–12:00",
        "传党音、听民意、解民忧、促和谐",
        "029-85230001",
    ),
    (
        "610113001",
        "小寨路街道党代表工作室",
        WorkroomLevel.SUBDISTRICT,
        "五有",
        "小寨东路街道党群服务中心二楼",
        "每周二、周四 9:00–11:30",
        "民有所呼、我有所行",
        "029-85230011",
    ),
    (
        "610113002",
        "大雁塔街道党代表工作室",
        WorkroomLevel.SUBDISTRICT,
        "五有",
        "慈恩西路街道办一楼",
        "每周三 9:00–11:30",
        "文旅融合 服务群众",
        "029-85230012",
    ),
    (
        "610113003",
        "长延堡街道党代表工作室",
        WorkroomLevel.SUBDISTRICT,
        "五有",
        "长延堡街道党群服务中心",
        "每周二 14:30–17:00",
        "大型社区拆分 服务下沉",
        "029-85230013",
    ),
    (
        "610113004",
        "电子城街道党代表工作室",
        WorkroomLevel.SUBDISTRICT,
        "五有",
        "电子正街街道党群服务中心",
        "每周四 9:00–11:30",
        "科技赋能 代表先行",
        "029-85230014",
    ),
    (
        "610113005",
        "等驾坡街道党代表工作室",
        WorkroomLevel.SUBDISTRICT,
        "五有",
        "等驾坡街道办三楼",
        "每月5日、20日 9:00–12:00",
        "乡村振兴 产业发展",
        "029-85230015",
    ),
    (
        "610113006",
        "鱼化寨街道党代表工作室",
        WorkroomLevel.SUBDISTRICT,
        "五有",
        "鱼化寨街道党群服务中心",
        "每周一 9:00–11:30",
        "城市建管 共建共享",
        "029-85230016",
    ),
    (
        "610113007",
        "丈八沟街道党代表工作室",
        WorkroomLevel.SUBDISTRICT,
        "五有",
        "丈八沟街道党群服务中心",
        "每周五 9:00–11:30",
        "服务企业 服务群众",
        "029-85230017",
    ),
    (
        "610113008",
        "曲江街道党代表工作室",
        WorkroomLevel.SUBDISTRICT,
        "五有",
        "曲江街道党群服务中心",
        "每周三 14:30–17:00",
        "文化曲江 幸福家园",
        "029-85230018",
    ),
    (
        "610113001001",
        "长安中路社区党代表工作室",
        WorkroomLevel.COMMUNITY,
        "五有",
        "长安中路社区党群服务站",
        "每月15日 9:00–11:30",
        "小事不出小区",
        "029-85230021",
    ),
    (
        "610113002001",
        "慈恩路社区党代表工作室",
        WorkroomLevel.COMMUNITY,
        "五有",
        "慈恩路社区党群服务站",
        "每月8日 9:00–11:30",
        "邻里守望",
        "029-85230022",
    ),
    (
        "610113003001",
        "吉祥村社区党代表工作室",
        WorkroomLevel.COMMUNITY,
        "五有",
        "吉祥村社区党群服务站",
        "每月第二个周二 9:00–11:30",
        "社区治理 共建共治",
        "029-85230023",
    ),
    (
        "610113004001",
        "电子西街社区党代表工作室",
        WorkroomLevel.COMMUNITY,
        "五有",
        "电子西街社区党群服务站",
        "每月18日 14:30–17:00",
        "老旧小区改造",
        "029-85230024",
    ),
    (
        "610113005001",
        "东三爻村党代表工作室",
        WorkroomLevel.COMMUNITY,
        "五有",
        "东三爻村村委会",
        "每月第一个周一 9:00–11:30",
        "乡村振兴",
        "029-85230025",
    ),
    (
        "610113006001",
        "鱼化寨社区党代表工作室",
        WorkroomLevel.COMMUNITY,
        "五有",
        "鱼化寨社区党群服务站",
        "每月12日 9:00–11:30",
        "拆迁安置 服务到家",
        "029-85230026",
    ),
    (
        "610113007001",
        "科技路社区党代表工作室",
        WorkroomLevel.COMMUNITY,
        "五有",
        "科技路社区党群服务站",
        "每月22日 9:00–11:30",
        "楼宇党建",
        "029-85230027",
    ),
    (
        "610113008001",
        "曲江池社区党代表工作室",
        WorkroomLevel.COMMUNITY,
        "五有",
        "曲江池社区党群服务站",
        "每月26日 9:00–11:30",
        "文明创建",
        "029-85230028",
    ),
    (
        "430304001",
        "书院路街道党代表工作室",
        WorkroomLevel.SUBDISTRICT,
        "六有",
        "岳塘区书院路街道办事处一楼",
        "每周二、周四 9:00–11:30（党代表接待日）",
        "模范带头、代表先行，围绕中心、服务基层",
        "0731-52810001",
    ),
    (
        "371626001",
        "黛溪街道党代表工作室",
        WorkroomLevel.SUBDISTRICT,
        "五有",
        "邹平市黛溪街道党群服务中心",
        "每月10日、25日 9:00–11:30",
        "画好共治共享同心圆",
        "0543-42610001",
    ),
]

EVIDENCE_NOTES = {
    ChecklistStatus.MET: [
        "已现场核查，符合要求。",
        "标识、制度牌已上墙，见照片。",
        "台账完整，抽查三个月记录齐全。",
    ],
    ChecklistStatus.PARTLY: [
        "公示牌信息未及时更新，已要求本月内整改。",
        "场所与社区活动室共用，接待时段需协调。",
    ],
    ChecklistStatus.NOT_MET: ["尚未配备，已列入下季度计划。"],
}


def _ensure_area(ctx, code, name, kind, parent):
    area = Area.objects.filter(code=code).first()
    if area is None:
        fields = {"code": code, "name": name, "kind": kind}
        if parent is None:
            area = Area.objects.add_root(create_kwargs=fields)
        else:
            area = Area.objects.add_child(parent, create_kwargs=fields)
            parent.refresh_from_db()
    ctx.areas[code] = area
    return area


def _build_tree(ctx, nodes, parent=None):
    for code, name, kind, children in nodes:
        area = _ensure_area(ctx, code, name, kind, parent)
        _build_tree(ctx, children, area)


def _evidence_photo(title: str) -> ContentFile:
    image = Image.new("RGB", (320, 200), (179, 18, 29))
    draw = ImageDraw.Draw(image)
    draw.rectangle((16, 16, 304, 184), outline=(255, 209, 102), width=6)
    draw.text((32, 90), title.encode("ascii", "ignore").decode() or "evidence", fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name="evidence.jpg")


def _build_checklist(ctx, workroom):
    standard = workroom.standard
    for item in standard.items.all():
        # Draw every value first so the random sequence is the same whether or not it is used.
        status = ctx.rng.choices(
            [ChecklistStatus.MET, ChecklistStatus.PARTLY, ChecklistStatus.NOT_MET],
            [8, 2, 1],
        )[0]
        note = ctx.rng.choice(EVIDENCE_NOTES[status])
        days_ago = ctx.rng.randint(5, 120)
        with_photo = status == ChecklistStatus.MET and ctx.rng.random() < 0.3
        if ChecklistEntry.objects.filter(workroom=workroom, item=item).exists():
            continue
        entry = ChecklistEntry(
            workroom=workroom,
            item=item,
            status=status,
            note=note,
            checked_on=ctx.today - timedelta(days=days_ago),
        )
        if with_photo:
            entry.photo.save("evidence.jpg", _evidence_photo(f"workroom {workroom.pk}"), save=False)
        entry.save()


def build(ctx) -> None:
    _build_tree(ctx, TREE)
    standards = {s.name: s for s in ChecklistStandard.objects.all()}
    for code, name, level, standard, address, hours, theme, phone in WORKROOMS:
        workroom, _created = Workroom.objects.get_or_create(
            area=ctx.areas[code],
            name=name,
            defaults={
                "level": level,
                "standard": standards[standard],
                "address": address,
                "reception_hours": hours,
                "service_theme": theme,
                "phone": phone,
                "opened_on": date(2022, 8, 1) if code.startswith("610113") else date(2023, 3, 1),
            },
        )
        ctx.workrooms[code] = workroom
        _build_checklist(ctx, workroom)
