"""The activity list as an Excel workbook (streamed from the database)."""

from __future__ import annotations

from datetime import date

from django.utils import translation
from openpyxl import Workbook

from activities.exports.xlsx import CHUNK, EXPORT_LANGUAGE, temporary_file, write_only_sheet
from activities.models import DeliberationKind

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


def activities_filename(today: date) -> str:
    return f"活动台账-{today:%Y%m%d}.xlsx"


def _times(activity) -> str:
    if activity.start_time and activity.end_time:
        return f"{activity.start_time:%H:%M}–{activity.end_time:%H:%M}"
    return f"{activity.start_time:%H:%M}" if activity.start_time else ""


def activities_workbook(activities):
    """``activities`` (from ``activities_visible_to``, filtered) as an open temporary .xlsx file
    positioned at its start."""
    workbook = Workbook(write_only=True)
    sheet = write_only_sheet(workbook, "活动台账", ACTIVITY_HEADERS)
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
    return temporary_file(workbook)
