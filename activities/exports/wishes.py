"""The micro-wishes as an Excel workbook (streamed from the database). Residents' names are
masked (王*) and phone numbers left out: the export leaves the system, and the wish itself is
what the office counts.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation
from openpyxl import Workbook

from activities.exports.xlsx import CHUNK, EXPORT_LANGUAGE, temporary_file, write_only_sheet
from activities.models import WishStatus
from petitions.personal_data import mask_name

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


def wishes_filename(today: date) -> str:
    return f"微心愿台账-{today:%Y%m%d}.xlsx"


def _day(moment):
    return timezone.localdate(moment) if moment else None


def wishes_workbook(wishes):
    """``wishes`` (from ``wishes_visible_to``, filtered) as an open temporary .xlsx file."""
    workbook = Workbook(write_only=True)
    sheet = write_only_sheet(workbook, "微心愿台账", WISH_HEADERS)
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
    return temporary_file(workbook)
