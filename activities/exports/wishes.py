"""The micro-wishes as an Excel sheet (streamed from the database). Residents' names are
masked (王*) and phone numbers left out: the export leaves the system, and the wish itself is
what the office counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from core.personal_data import mask_name
from core.xlsx import CHUNK, Column, Sheet

COLUMNS = [
    Column("登记日期", 12, date_only=True),
    Column("工作室", 24),
    Column("心愿人", 8),
    Column("心愿内容", 36),
    Column("地点", 20),
    Column("状态", 8),
    Column("认领党代表", 10),
    Column("认领日期", 12, date_only=True),
    Column("实现方式", 36),
    Column("实现日期", 12, date_only=True),
    Column("确认日期", 12, date_only=True),
]


def wishes_filename(today: date) -> str:
    return f"微心愿台账-{today:%Y%m%d}.xlsx"


def wishes_sheet(wishes) -> Sheet:
    """``wishes`` (from ``wishes_visible_to``, filtered) as the micro-wish sheet."""
    return Sheet("微心愿台账", COLUMNS, _rows(wishes))


def _rows(wishes) -> Iterator[list]:
    for wish in wishes.iterator(chunk_size=CHUNK):
        yield [
            wish.recorded_at,
            wish.workroom.name,
            mask_name(wish.resident_name),
            wish.content,
            wish.place,
            wish.get_status_display(),
            wish.claimed_by.name if wish.claimed_by else "",
            wish.claimed_at,
            wish.fulfilled_how,
            wish.fulfilled_at,
            wish.confirmed_at,
        ]
