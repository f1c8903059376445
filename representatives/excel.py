"""The roster as offices keep it in Excel (党代表名册): its columns, the blank template, the export.

Column headers and cell values are Chinese whatever the interface language: they are the
offices' own vocabulary, and a file exported in English must import again in Chinese. The
sheets are written by ``core.xlsx``; the import (``representatives.importing``) reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core import xlsx
from representatives.models import LEVEL_SHORT, AssignmentRole, WorkField

SHEET_TITLE = "党代表名册"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    width: int
    required: bool = False
    aliases: tuple[str, ...] = ()
    note: str = ""


COLUMNS = [
    Column("姓名", "name", 10, required=True, note="必填"),
    Column("性别", "gender", 6, note="男 / 女"),
    Column(
        "代表层级",
        "levels",
        14,
        required=True,
        aliases=("层级", "代表级别", "级别"),
        note="必填。全国、省、市、区（县）、乡镇，可填多个，用顿号分隔，如“国、省”",
    ),
    Column(
        "手机号码",
        "phone",
        14,
        required=True,
        aliases=("手机号", "手机", "联系电话", "电话"),
        note="必填，11位手机号码；再次导入时按手机号码识别同一人",
    ),
    Column("选举单位", "electoral_unit", 18),
    Column("工作单位", "work_unit", 22, aliases=("单位",)),
    Column("职务", "post", 14, aliases=("职务职级",)),
    Column("工作领域", "work_field", 12, aliases=("领域",), note="从下拉列表选择"),
    Column("优势特长", "strengths", 18, aliases=("特长",)),
    Column("包抓联系点", "contact_point", 16, aliases=("联系点",)),
    Column("居住地", "residence", 18, aliases=("现居住地", "居住地址", "住址")),
    Column("是否领导干部", "is_leading_cadre", 8, aliases=("领导干部",), note="是 / 否，空白为否"),
    Column("届次", "term", 16, aliases=("党代会届次",), note="如“第十四次党代会”"),
    Column(
        "驻室工作室",
        "workrooms",
        24,
        aliases=("工作室", "所在工作室", "进驻工作室"),
        note="工作室全称；进驻多个工作室时用顿号分隔",
    ),
    Column(
        "驻室角色",
        "roles",
        8,
        aliases=("角色",),
        note="成员 / 组长，空白为成员；多个工作室时按顺序用顿号分隔",
    ),
    Column(
        "进驻日期",
        "start_date",
        12,
        aliases=("驻室日期", "起始日期", "开始日期"),
        note="如 2024-03-01，空白为导入当天",
    ),
]

# Headers that may appear and carry nothing to import.
IGNORED_HEADERS = {"序号", "编号", "备注", "所属区域"}

GENDER_LABELS = {"M": "男", "F": "女"}
ROLE_LABELS = {AssignmentRole.MEMBER: "成员", AssignmentRole.LEADER: "组长"}
WORK_FIELD_LABELS = {
    WorkField.PARTY_GOVERNMENT: "党政机关",
    WorkField.ENTERPRISE: "企业",
    WorkField.EDUCATION: "教育",
    WorkField.HEALTH: "医疗卫生",
    WorkField.AGRICULTURE: "农业农村",
    WorkField.COMMUNITY: "社区",
    WorkField.SCIENCE: "科技",
    WorkField.OTHER: "其他",
}
YES, NO = "是", "否"
LIST_SEPARATOR = "、"

# Typed numbers stay text in these columns (Excel would show a phone number as 1.38E+10).
TEXT_KEYS = {"phone", "start_date"}
CHOICES = {
    "gender": tuple(GENDER_LABELS.values()),
    "work_field": tuple(WORK_FIELD_LABELS.values()),
    "is_leading_cadre": (YES, NO),
    "roles": tuple(ROLE_LABELS.values()),
}
SHEET_COLUMNS = [
    xlsx.Column(
        column.header,
        column.width,
        emphasis=column.required,
        text=column.key in TEXT_KEYS,
        choices=CHOICES.get(column.key, ()),
    )
    for column in COLUMNS
]
RULES = [
    ("导入规则", "任何一行有错误时整个文件都不会导入，请按错误清单修改后重新上传。"),
    ("", "再次导入同一文件只会更新已有记录，不会重复登记。"),
    ("", "导入只增加或调整驻室安排，不会结束已有的驻室安排。"),
    ("工作领域可选值", LIST_SEPARATOR.join(WORK_FIELD_LABELS.values())),
]


def template_sheets() -> list[xlsx.Sheet]:
    """The blank roster to fill in (headers, drop-downs) and a sheet explaining each column."""
    notes = [
        (column.header, column.note or ("必填" if column.required else "选填"))
        for column in COLUMNS
    ]
    return [
        xlsx.Sheet(SHEET_TITLE, SHEET_COLUMNS),
        xlsx.Sheet("填写说明", [("列名", 16), ("说明", 80)], [*notes, (), *RULES]),
    ]


def export_sheets(rows: Iterable[list]) -> list[xlsx.Sheet]:
    """A roster with the template's columns; ``rows`` come from ``export_row``."""
    return [xlsx.Sheet(SHEET_TITLE, SHEET_COLUMNS, rows)]


def export_row(representative, *, phone: str) -> list:
    """One representative as a row of the roster; ``phone`` is full or masked for the reader.

    Uses ``current_assignments`` (see ``representatives_visible_to``)."""
    current = list(getattr(representative, "current_assignments", []))
    values = {
        "name": representative.name,
        "gender": GENDER_LABELS.get(representative.gender, ""),
        "levels": LIST_SEPARATOR.join(LEVEL_SHORT[lv] for lv in representative.level_list),
        "phone": phone,
        "electoral_unit": representative.electoral_unit,
        "work_unit": representative.work_unit,
        "post": representative.post,
        "work_field": WORK_FIELD_LABELS.get(representative.work_field, ""),
        "strengths": representative.strengths,
        "contact_point": representative.contact_point,
        "residence": representative.residence,
        "is_leading_cadre": YES if representative.is_leading_cadre else NO,
        "term": representative.term,
        "workrooms": LIST_SEPARATOR.join(a.workroom.name for a in current),
        "roles": LIST_SEPARATOR.join(ROLE_LABELS[a.role] for a in current),
        "start_date": LIST_SEPARATOR.join(a.start_date.isoformat() for a in current[:1]),
    }
    return [values[column.key] for column in COLUMNS]
