"""The activity list and the micro-wishes as Excel workbooks (openpyxl write-only mode, rows
streamed from the database). Headers are the Chinese the offices use whatever the page
language. Residents' names are masked (王*) and phone numbers left out: the export leaves the
system, and the wish itself is what the office counts.
"""

from __future__ import annotations

import tempfile
from datetime import date

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from activities.models import DeliberationKind, WishStatus
from petitions.personal_data import mask_name

EXPORT_LANGUAGE = "zh-hans"
CHUNK = 500

ACTIVITY_HEADERS = [
    ("日期", 12),
    ("时间", 12),
    ("活动类型", 14),
    ("议事形式", 14),
    ("活动名称", 30),
    ("工作室", 24),
    ("地点", 20),
    ("参加党代表", 30),
    ("其他参加人员", 20),
    ("参加人数", 8),
    ("活动内容", 50),
]

WISH_HEADERS = [
    ("登记日期", 12),
    ("工作室", 24),
    ("心愿人", 8),
    ("心愿内容", 36),
    ("地点", 20),
    ("状态", 8),
    ("认领党代表", 10),
    ("认领日期", 12),
    ("实现方式", 36),
    ("实现日期", 12),
    ("确认日期", 12),
]


def activities_filename(today: date) -> str:
    return f"活动台账-{today:%Y%m%d}.xlsx"


def wishes_filename(today: date) -> str:
    return f"微心愿台账-{today:%Y%m%d}.xlsx"


def _day(moment):
    return timezone.localdate(moment) if moment else None


def _sheet(workbook, title, headers):
    sheet = workbook.create_sheet(title)
    for index, (_title, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    row = []
    for name, _width in headers:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
        row.append(cell)
    sheet.append(row)
    return sheet


def _save(workbook):
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle


def _times(activity) -> str:
    if activity.start_time and activity.end_time:
        return f"{activity.start_time:%H:%M}–{activity.end_time:%H:%M}"
    return f"{activity.start_time:%H:%M}" if activity.start_time else ""


def activities_workbook(activities):
    """``activities`` (from ``activities_visible_to``, filtered) as an open temporary .xlsx file
    positioned at its start."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, "活动台账", ACTIVITY_HEADERS)
    with translation.override(EXPORT_LANGUAGE):
        kinds = {value: str(label) for value, label in DeliberationKind.choices}
    for activity in activities.iterator(chunk_size=CHUNK):
        sheet.append(
            [
                activity.date,
                _times(activity),
                activity.type.name,
                kinds.get(activity.deliberation_kind, ""),
                activity.title,
                activity.workroom.name,
                activity.place,
                "、".join(rep.name for rep in activity.representatives.all()),
                activity.other_participants,
                activity.attendees,
                activity.summary,
            ]
        )
    return _save(workbook)


def wishes_workbook(wishes):
    """``wishes`` (from ``wishes_visible_to``, filtered) as an open temporary .xlsx file."""
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, "微心愿台账", WISH_HEADERS)
    with translation.override(EXPORT_LANGUAGE):
        statuses = {value: str(label) for value, label in WishStatus.choices}
    for wish in wishes.iterator(chunk_size=CHUNK):
        sheet.append(
            [
                _day(wish.recorded_at),
                wish.workroom.name,
                mask_name(wish.resident_name),
                wish.content,
                wish.place,
                statuses.get(wish.status, wish.status),
                wish.claimed_by.name if wish.claimed_by else "",
                _day(wish.claimed_at),
                wish.fulfilled_how,
                _day(wish.fulfilled_at),
                _day(wish.confirmed_at),
            ]
        )
    return _save(workbook)
