"""The roster as offices keep it in Excel (党代表名册): its columns, the blank template, the export.

Column headers and cell values are Chinese whatever the interface language: they are the
offices' own vocabulary, and a file exported in English must import again in Chinese.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

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

_HEADER_FILL = PatternFill("solid", fgColor="F3D6D8")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet_with_headers(workbook: Workbook, *, blank_rows: int = 0):
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([column.header for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B3121D" if column.required else "000000")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.key in {"phone", "start_date"}:
            # Text cells in the blank template: Excel would otherwise show a typed number as
            # 1.38E+10. (An export writes strings, which stay text by themselves.)
            for row in range(2, blank_rows + 2):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    return sheet


def _dropdown(sheet, key: str, values: list[str]) -> None:
    index = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)
    letter = get_column_letter(index)
    validation = DataValidation(
        type="list", formula1='"' + ",".join(values) + '"', allow_blank=True
    )
    validation.add(f"{letter}2:{letter}1000")
    sheet.add_data_validation(validation)


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    """The blank roster to fill in: headers, drop-downs, and a sheet explaining each column."""
    workbook = Workbook()
    sheet = _sheet_with_headers(workbook, blank_rows=1000)
    _dropdown(sheet, "gender", list(GENDER_LABELS.values()))
    _dropdown(sheet, "work_field", list(WORK_FIELD_LABELS.values()))
    _dropdown(sheet, "is_leading_cadre", [YES, NO])
    _dropdown(sheet, "roles", list(ROLE_LABELS.values()))

    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        notes.append([column.header, column.note or ("必填" if column.required else "选填")])
    notes.append([])
    notes.append(["导入规则", "任何一行有错误时整个文件都不会导入，请按错误清单修改后重新上传。"])
    notes.append(["", "再次导入同一文件只会更新已有记录，不会重复登记。"])
    notes.append(["", "导入只增加或调整驻室安排，不会结束已有的驻室安排。"])
    notes.append(["工作领域可选值", LIST_SEPARATOR.join(WORK_FIELD_LABELS.values())])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 80
    return _to_bytes(workbook)


def export_workbook(rows: list[list]) -> bytes:
    """A roster with the template's columns; ``rows`` come from ``export_row``."""
    workbook = Workbook()
    sheet = _sheet_with_headers(workbook)
    for row in rows:
        sheet.append(row)
    return _to_bytes(workbook)


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
