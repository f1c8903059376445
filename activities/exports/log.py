"""The activity list as an Excel sheet (streamed from the database)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from core.xlsx import CHUNK, Column, Sheet

COLUMNS = [
    Column("日期", 12),
    Column("时间", 12),
    Column("活动类型", 14),
    Column("议事形式", 14),
    Column("活动名称", 30),
    Column("工作室", 24),
    Column("地点", 20),
    Column("参加党代表", 30),
    Column("其他参加人员", 20),
    Column("参加人数", 8),
    Column("活动内容", 50),
]


def activities_filename(today: date) -> str:
    return f"活动台账-{today:%Y%m%d}.xlsx"


def activities_sheet(activities) -> Sheet:
    """``activities`` (from ``activities_visible_to``, filtered) as the activity log sheet."""
    return Sheet("活动台账", COLUMNS, _rows(activities))


def _times(activity) -> str:
    if activity.start_time and activity.end_time:
        return f"{activity.start_time:%H:%M}–{activity.end_time:%H:%M}"
    return f"{activity.start_time:%H:%M}" if activity.start_time else ""


def _rows(activities) -> Iterator[list]:
    for activity in activities.iterator(chunk_size=CHUNK):
        yield [
            activity.date,
            _times(activity),
            activity.type.name,
            activity.get_deliberation_kind_display(),
            activity.title,
            activity.workroom.name,
            activity.place,
            "、".join(rep.name for rep in activity.representatives.all()),
            activity.other_participants,
            activity.attendees,
            activity.summary,
        ]
