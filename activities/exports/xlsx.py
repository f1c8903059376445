"""Writing .xlsx workbooks for the activities exports and the representative's record.
Column headers are the Chinese the offices use, whatever the page language.

Two ways: ``xlsx_response`` builds a small workbook in memory from ``[(sheet title, [(header,
width)], rows)]``; ``write_only_sheet`` and ``temporary_file`` stream a long list (openpyxl
write-only mode, rows read from the database in chunks) into a temporary file.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXPORT_LANGUAGE = "zh-hans"
CHUNK = 500


def _cell(value):
    # Excel has no time zones: aware times are written as Beijing wall-clock time.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def workbook_bytes(
    sheets: Sequence[tuple[str, list[tuple[str, int]], Iterable[Sequence]]],
) -> bytes:
    """``[(sheet title, [(header, width)], rows)]`` as an .xlsx file."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append([h for h, _w in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, (_h, width) in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row in rows:
            sheet.append([_cell(v) for v in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def write_only_sheet(workbook, title, headers):
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


def temporary_file(workbook):
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle
