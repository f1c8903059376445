"""The ledger (党代表工作台账) as an Excel workbook: one row per request, "一事一记".

Headers are the Chinese the offices use whatever the page language. Rows stream from the
database (``iterator``) into openpyxl's write-only mode, which spools to a temporary file, so
ten thousand requests do not sit in memory at once. Residents' particulars are masked for users
who are not handling the request (the same rule as the lists).
"""

from __future__ import annotations

import tempfile
from datetime import date

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from petitions.models import (
    Category,
    Channel,
    ReplyMethod,
    Resolution,
    Satisfaction,
    State,
    Triage,
)
from petitions.selectors import OVERDUE, mark_deadlines, resident_data

HEADERS = [
    ("编号", 14),
    ("登记日期", 12),
    ("接待日期", 12),
    ("处理日期", 12),
    ("回复日期", 12),
    ("反馈日期", 12),
    ("归档日期", 12),
    ("工作室", 24),
    ("群众姓名", 10),
    ("联系电话", 14),
    ("住址", 24),
    ("是否党员", 8),
    ("反映渠道", 10),
    ("诉求类别", 10),
    ("诉求事项", 24),
    ("诉求内容", 40),
    ("办理方式", 10),
    ("接待党代表", 10),
    ("责任人", 10),
    ("答复期限", 12),
    ("是否逾期", 8),
    ("办理结果", 40),
    ("答复内容", 40),
    ("答复方式", 10),
    ("满意度", 10),
    ("解决情况", 10),
    ("退回次数", 8),
    ("状态", 8),
]

# The export is in Chinese whatever language the page was shown in.
EXPORT_LANGUAGE = "zh-hans"
CHUNK = 1000


def filename(today: date) -> str:
    return f"党代表工作台账-{today:%Y%m%d}.xlsx"


def _day(moment):
    return timezone.localdate(moment) if moment else None


def _labels() -> dict:
    """Every choice's Chinese label, looked up once per export rather than once per cell."""
    with translation.override(EXPORT_LANGUAGE):
        return {
            name: {value: str(label) for value, label in choices}
            for name, choices in (
                ("channel", Channel.choices),
                ("category", Category.choices),
                ("triage", Triage.choices),
                ("reply_method", ReplyMethod.choices),
                ("satisfaction", Satisfaction.choices),
                ("resolution", Resolution.choices),
                ("state", State.choices),
            )
        }


def ledger_row(petition, *, user, labels=None) -> list:
    """The values of one request's row, in ``HEADERS`` order."""
    labels = labels or _labels()
    resident = resident_data(user, petition)
    return [
        petition.reference,
        _day(petition.registered_at),
        _day(petition.received_at),
        _day(petition.handled_at),
        _day(petition.replied_at),
        _day(petition.feedback_at),
        _day(petition.archived_at),
        petition.workroom.name,
        resident.name,
        resident.phone,
        resident.address,
        "是" if petition.resident_is_party_member else "否",
        labels["channel"].get(petition.channel, petition.channel),
        labels["category"].get(petition.category, petition.category),
        petition.title,
        petition.content,
        labels["triage"].get(petition.triage, ""),
        petition.receiving_representative.name if petition.receiving_representative else "",
        petition.handler.display_name if petition.handler else "",
        petition.deadline,
        "是" if petition.deadline_status == OVERDUE else "否",
        petition.handling_result,
        petition.reply_content,
        labels["reply_method"].get(petition.reply_method, ""),
        labels["satisfaction"].get(petition.satisfaction, ""),
        labels["resolution"].get(petition.resolution, ""),
        petition.returns,
        labels["state"].get(petition.state, petition.state),
    ]


def ledger_workbook(petitions, *, user):
    """Write ``petitions`` (a queryset from the selectors, filtered) to a workbook and return
    an open temporary file positioned at its start, for a ``FileResponse`` to stream."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("党代表工作台账")
    for index, (_title, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title, _width in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    today = timezone.localdate()
    labels = _labels()
    for petition in petitions.iterator(chunk_size=CHUNK):
        mark_deadlines([petition], today)
        # Plain values: openpyxl gives dates their date format itself, and plain values are
        # several times faster to write than cell objects.
        sheet.append(ledger_row(petition, user=user, labels=labels))
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle
