"""The ledger (党代表工作台账) as an Excel workbook: one row per request, "一事一记".

Written by ``core.xlsx`` (Chinese headers and labels whatever the page language, streamed rows,
Beijing dates, formula-safe text). Rows come from the database with ``iterator``, so ten
thousand requests do not sit in memory at once. Residents' particulars are masked for users
who are not handling the request (the same rule as the lists).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.utils import timezone, translation

from core.xlsx import CHUNK, SHEET_LANGUAGE, Column, Sheet
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

# The six step dates are days: a datetime in these columns is written as its Beijing day.
DATE_HEADERS = {"登记日期", "接待日期", "处理日期", "回复日期", "反馈日期", "归档日期", "答复期限"}
COLUMNS = [Column(title, width, date_only=title in DATE_HEADERS) for title, width in HEADERS]


def filename(today: date) -> str:
    return f"党代表工作台账-{today:%Y%m%d}.xlsx"


def _labels() -> dict:
    """Every choice's Chinese label, looked up once per export rather than once per cell."""
    with translation.override(SHEET_LANGUAGE):
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


def ledger_row(petition, *, user, labels=None, in_full: list | None = None) -> list:
    """The values of one request's row, in ``HEADERS`` order (``core.xlsx`` writes the
    datetimes as Beijing days and ``True``/``False`` as 是/否). ``in_full`` collects the ids
    of the rows whose resident left unmasked (for the export's audit entry)."""
    labels = labels or _labels()
    resident = resident_data(user, petition)
    if in_full is not None and not resident.masked:
        in_full.append(petition.pk)
    return [
        petition.reference,
        petition.registered_at,
        petition.received_at,
        petition.handled_at,
        petition.replied_at,
        petition.feedback_at,
        petition.archived_at,
        petition.workroom.name,
        resident.name,
        resident.phone,
        resident.address,
        petition.resident_is_party_member,
        labels["channel"].get(petition.channel, petition.channel),
        labels["category"].get(petition.category, petition.category),
        petition.title,
        petition.content,
        labels["triage"].get(petition.triage, ""),
        petition.receiving_representative.name if petition.receiving_representative else "",
        petition.handler.display_name if petition.handler else "",
        petition.deadline,
        petition.deadline_status == OVERDUE,
        petition.handling_result,
        petition.reply_content,
        labels["reply_method"].get(petition.reply_method, ""),
        labels["satisfaction"].get(petition.satisfaction, ""),
        labels["resolution"].get(petition.resolution, ""),
        petition.returns,
        labels["state"].get(petition.state, petition.state),
    ]


def ledger_sheet(petitions, *, user, in_full: list | None = None) -> Sheet:
    """``petitions`` (a queryset from the selectors, filtered) as the ledger sheet, for
    ``core.xlsx.xlsx_response``; ``in_full`` collects the rows with the resident unmasked."""
    return Sheet("党代表工作台账", COLUMNS, _rows(petitions, user=user, in_full=in_full))


def _rows(petitions, *, user, in_full: list | None = None) -> Iterator[list]:
    today = timezone.localdate()
    labels = _labels()
    for petition in petitions.iterator(chunk_size=CHUNK):
        mark_deadlines([petition], today)
        yield ledger_row(petition, user=user, labels=labels, in_full=in_full)
