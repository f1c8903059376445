"""A representative's record (履职档案) as an Excel workbook: one sheet per part of the page.

Written by ``core.xlsx``. The rows are generators over the ``Record`` the page shows, so the
state and attendance labels are read inside the writer's Chinese, not in the reader's
language.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.xlsx import Sheet
from records.selectors import Record


def filename(record: Record) -> str:
    return f"履职档案-{record.representative.name}-{record.year}.xlsx"


def record_sheets(record: Record) -> list[Sheet]:
    """The record's parts, a sheet each, in the page's order."""
    return [
        Sheet(
            "值班",
            [("日期", 12), ("工作室", 24), ("出勤", 8)],
            (
                (d.shift.date, d.shift.workroom.name, d.get_attendance_display())
                for d in record.duties
            ),
        ),
        Sheet(
            "诉求",
            [("编号", 14), ("诉求事项", 30), ("身份", 10), ("状态", 8), ("登记时间", 18)],
            _petition_rows(record),
        ),
        Sheet(
            "活动",
            [("日期", 12), ("类型", 12), ("活动", 30), ("工作室", 24)],
            ((a.date, a.type.name, a.title, a.workroom.name) for a in record.activities),
        ),
        Sheet(
            "微心愿",
            [("完成时间", 18), ("心愿", 30), ("工作室", 24)],
            ((w.fulfilled_at, w.content, w.workroom.name) for w in record.wishes),
        ),
        Sheet(
            "送课",
            [("日期", 12), ("课程", 30), ("点单单位", 24)],
            ((o.activity.date, o.course.title, o.unit) for o in record.courses),
        ),
        Sheet(
            "调研报告",
            [("提交时间", 18), ("调研课题", 30), ("调研报告", 30), ("状态", 12)],
            (
                (r.submitted_at, r.topic.title, r.title, r.get_status_display())
                for r in record.reports
            ),
        ),
        Sheet(
            "个别谈话",
            [("日期", 12), ("谈话内容", 50)],
            ((t.date, t.summary) for t in record.talks),
        ),
        Sheet(
            "研学", [("日期", 12), ("研学", 30)], ((s.date, s.title) for s in record.study_sessions)
        ),
    ]


def _petition_rows(record: Record) -> Iterator[tuple]:
    for role, petitions in (("接待", record.received), ("责任人", record.handled)):
        for p in petitions:
            yield (str(p), p.title, role, p.get_state_display(), p.registered_at)
