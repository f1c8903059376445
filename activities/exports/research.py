"""The research reports (调研报告) as an Excel sheet, overdue replies flagged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.utils import timezone

from activities.services.research import is_overdue
from core.xlsx import CHUNK, Column, Sheet

COLUMNS = [
    Column("提交时间", 18),
    Column("调研课题", 30),
    Column("党代表", 10),
    Column("调研报告", 30),
    Column("状态", 12),
    Column("转交单位", 20),
    Column("转交时间", 18),
    Column("答复期限", 12),
    Column("是否逾期", 8),
    Column("答复时间", 18),
    Column("书面答复", 40),
]


def reports_filename(today: date) -> str:
    return f"调研报告-{today:%Y%m%d}.xlsx"


def reports_sheet(reports) -> Sheet:
    """``reports`` (from ``reports_visible_to``, filtered) as the research reports sheet."""
    return Sheet("调研报告", COLUMNS, _rows(reports))


def _rows(reports) -> Iterator[list]:
    today = timezone.localdate()
    for report in reports.iterator(chunk_size=CHUNK):
        yield [
            report.submitted_at,
            report.topic.title,
            report.representative.name,
            report.title,
            report.get_status_display(),
            report.forwarded_to,
            report.forwarded_at,
            report.reply_deadline,
            is_overdue(report, today),
            report.replied_at,
            report.reply_text,
        ]
