"""The menu courses' orders (菜单课程点单) as an Excel sheet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from core.xlsx import CHUNK, Column, Sheet

COLUMNS = [
    Column("点单时间", 18),
    Column("工作室", 24),
    Column("课程", 30),
    Column("课程类别", 12),
    Column("授课党代表", 12),
    Column("点单单位", 24),
    Column("联系人", 10),
    Column("期望时间", 20),
    Column("预计人数", 8),
    Column("状态", 8),
    Column("送课日期", 12),
]


def orders_filename(today: date) -> str:
    return f"菜单课程点单-{today:%Y%m%d}.xlsx"


def orders_sheet(orders) -> Sheet:
    """``orders`` (course, workroom, representative and activity loaded) as the orders sheet."""
    return Sheet("点单", COLUMNS, _rows(orders))


def _rows(orders) -> Iterator[list]:
    for order in orders.iterator(chunk_size=CHUNK):
        yield [
            order.ordered_at,
            order.course.workroom.name,
            order.course.title,
            order.course.get_topic_display(),
            order.course.representative.name,
            order.unit,
            order.contact_name,
            order.preferred_dates,
            order.expected_attendees,
            order.get_status_display(),
            order.activity.date if order.activity else None,
        ]
