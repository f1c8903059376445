"""Excel workbooks (.xlsx), written one way for every export and template.

An export describes its sheets (title, columns, rows) and hands them to ``write_workbook`` or
``xlsx_response``; this module does the rest the same way everywhere:

- a bold header row, frozen, with an auto-filter, and the given column widths;
- aware datetimes in Beijing time (Excel has no time zones, so the cell holds the naive wall-clock
  time), formatted ``yyyy-mm-dd hh:mm``; dates as date cells ``yyyy-mm-dd``; ``True``/``False``
  as 是/否; numbers as numbers;
- rows consumed from any iterable into openpyxl's write-only mode, which spools to a temporary
  file, so a 10,000-row export never holds the whole sheet in memory (pass a generator that
  iterates a queryset with ``.iterator(chunk_size=CHUNK)``);
- each sheet's ``written`` set to the number of rows it got, so the export's audit entry
  (``core.audit.log_export``) counts what left the system without a second COUNT query;
- everything written in the sheets' language (Chinese) whatever the reader's interface language:
  the rows are consumed inside ``translation.override(SHEET_LANGUAGE)``, so build them lazily
  (a generator calling ``get_FOO_display()``, or lazy labels) and they come out in Chinese;
- every text cell that Excel could take for a formula (starting with = + - @, tab or CR) is
  prefixed with ``'`` and written as text, so a resident's "=HYPERLINK(...)" stays plain text
  (OWASP "CSV injection"). Importers undo it with ``unneutralise``.

Only Django and openpyxl are imported here: this is the bottom layer.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain, repeat
from typing import IO, TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.http import FileResponse
from django.utils import translation
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The sheets are Chinese: their headers are, and the roster import reads Chinese headers back.
SHEET_LANGUAGE = "zh-hans"
SHEET_TIMEZONE = ZoneInfo("Asia/Shanghai")

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"
TEXT_FORMAT = "@"
YES, NO = "是", "否"

# What Excel (and LibreOffice, Google Sheets) may read as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISING_PREFIX = "'"

# Rows fetched per query when an export's generator iterates a queryset with ``.iterator()``.
CHUNK = 1000

_NUMBERS = (int, float, Decimal)
_HEADER_FONT = Font(bold=True)
_EMPHASIS_FONT = Font(bold=True, color="B3121D")
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_EXCEL_LAST_ROW = 1_048_576


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    ``header``: the Chinese header. ``width``: in Excel's character units.
    ``date_only``: write a datetime in this column as its Beijing calendar day.
    ``text``: format the empty cells of the column as text, so a number typed in later (a
    phone number in a template) stays text instead of becoming 1.38E+10.
    ``emphasis``: the header in red (a template's required columns).
    ``choices``: offer these values in a drop-down list on every row below the header.
    """

    header: str
    width: float = 12
    date_only: bool = False
    text: bool = False
    emphasis: bool = False
    choices: Sequence[str] = ()


@dataclass(frozen=True)
class Styled:
    """A value with a background colour (``fill``, RGB hex such as ``"C8E6C9"``), for a row
    item whose cell should stand out (a missed target in red)."""

    value: Any
    fill: str | None = None


@dataclass
class Sheet:
    """A sheet to write: its title, its columns (``Column`` or ``(header, width)`` pairs) and
    its rows (any iterable of sequences, in column order; best a generator, see the module's
    docstring). ``freeze``: the top-left cell that stays in view when scrolling ("A2" keeps
    the header, "B2" the first column too). ``written``: set by the writer to the number of
    rows written below the header."""

    title: str
    columns: Sequence[Column | tuple[str, float]]
    rows: Iterable[Sequence[Any]] = ()
    freeze: str = "A2"
    auto_filter: bool = True
    written: int = field(default=0, init=False)


_PLAIN = Column("")


def neutralise(text: str) -> str:
    """``text`` made safe from being read as a formula: prefixed with ``'`` when it starts with
    = + - @, tab or carriage return (OWASP's list). Other text is returned unchanged."""
    return NEUTRALISING_PREFIX + text if text.startswith(FORMULA_PREFIXES) else text


def unneutralise(text: str) -> str:
    """The inverse of ``neutralise``, for importers reading back a file we wrote: strips one
    leading ``'`` when it is followed by a formula prefix. ``'abc`` stays as it is."""
    if text.startswith(NEUTRALISING_PREFIX) and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def beijing(moment: datetime) -> datetime:
    """``moment`` as naive Beijing wall-clock time (a naive ``moment`` is taken as already so)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(SHEET_TIMEZONE).replace(tzinfo=None)


def write_workbook(sheets: Iterable[Sheet]) -> IO[bytes]:
    """Write ``sheets`` in write-only (streaming) mode and return an open temporary file
    positioned at its start; ``xlsx_response`` streams it, or read it for the bytes.

    The rows are consumed here, inside ``translation.override(SHEET_LANGUAGE)``."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        with translation.override(SHEET_LANGUAGE):
            workbook = Workbook(write_only=True)
            for sheet in sheets:
                _write_sheet(workbook.create_sheet(_sheet_title(sheet.title)), sheet)
            workbook.save(handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle


def xlsx_response(filename: str, sheets: Iterable[Sheet]) -> FileResponse:
    """A download of ``sheets`` as ``filename``: the xlsx content type, and a Chinese file name
    in the ``filename*=utf-8''…`` form of RFC 5987 (Django's ``content_disposition_header``).
    The file streams from disk rather than from memory."""
    return FileResponse(
        write_workbook(sheets),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )


def _sheet_title(title: str) -> str:
    # Excel refuses these characters and titles longer than 31 characters.
    return _SHEET_TITLE_FORBIDDEN.sub("", title)[:31] or "Sheet"


def _write_sheet(ws: WriteOnlyWorksheet, sheet: Sheet) -> None:
    columns = [c if isinstance(c, Column) else Column(*c) for c in sheet.columns]
    # Write-only mode writes the sheet's head first: widths, formats and panes before any row.
    for index, column in enumerate(columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.text:
            dimension.number_format = TEXT_FORMAT
    ws.freeze_panes = sheet.freeze
    ws.append([_header_cell(ws, column) for column in columns])

    row_count = 0
    for row in sheet.rows:
        # A row may run past the declared columns (a totals row): those cells get plain ones.
        cells = zip(row, chain(columns, repeat(_PLAIN)), strict=False)
        ws.append([_cell(ws, value, column) for value, column in cells])
        row_count += 1
    sheet.written = row_count

    # Validations and the filter come after the rows in the file; the filter needs the count.
    for index, column in enumerate(columns, start=1):
        if column.choices:
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{_EXCEL_LAST_ROW}")
            ws.data_validations.append(validation)
    if sheet.auto_filter and columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row_count + 1}"


def _header_cell(ws: WriteOnlyWorksheet, column: Column) -> Cell:
    cell = WriteOnlyCell(ws, value=neutralise(column.header))
    cell.font = _EMPHASIS_FONT if column.emphasis else _HEADER_FONT
    cell.alignment = _HEADER_ALIGNMENT
    return cell


def _cell(ws: WriteOnlyWorksheet, value: Any, column: Column) -> Any:
    """``value`` ready for ``append``: a plain value where openpyxl gets it right by itself
    (several times faster to write), a cell object where the format or type must be forced."""
    if isinstance(value, Styled):
        cell = _cell(ws, value.value, column)
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(ws, value=cell)
        if value.fill:
            cell.fill = PatternFill("solid", fgColor=value.fill)
        return cell
    if value is None:
        return None
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, _NUMBERS):
        return value
    if isinstance(value, datetime):
        value = beijing(value)
        if column.date_only:
            return _formatted(ws, value.date(), DATE_FORMAT)
        return _formatted(ws, value, DATETIME_FORMAT)
    if isinstance(value, date):
        return _formatted(ws, value, DATE_FORMAT)
    if isinstance(value, time):
        return _formatted(ws, value.replace(tzinfo=None), TIME_FORMAT)
    text = neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    if text in ERROR_CODES:
        # openpyxl would write "#N/A" as an error value; force the text type.
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"
        return cell
    return text


def _formatted(ws: WriteOnlyWorksheet, value: date | time, number_format: str) -> Cell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    return cell


# --- reading an uploaded workbook -------------------------------------------------------------
# An .xlsx is a zip: 434 KB can expand to 147 MB of sheet XML (3,000,000 blank rows) that keeps a
# web worker busy for most of a minute. Imports check the archive's declared sizes before
# openpyxl opens it (a zip member never yields more than its declared size) and count every row
# while streaming, blank rows included.


class WorkbookTooLarge(ValueError):
    """The upload expands beyond what an import reads; the message is for the user."""


def max_uncompressed_bytes() -> int:
    from django.conf import settings

    return int(getattr(settings, "XLSX_MAX_UNCOMPRESSED_BYTES", 20 * 1024 * 1024))


def max_sheet_rows() -> int:
    from django.conf import settings

    return int(getattr(settings, "XLSX_MAX_ROWS", 10_000))


def check_workbook_size(upload) -> None:
    """Refuse a workbook whose parts add up to more than ``XLSX_MAX_UNCOMPRESSED_BYTES`` once
    unpacked. A file that is not a zip at all is left for the reader to refuse."""
    import zipfile

    from django.utils.translation import gettext as _

    try:
        with zipfile.ZipFile(upload) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    finally:
        upload.seek(0)
    limit = max_uncompressed_bytes()
    if total > limit:
        raise WorkbookTooLarge(
            _("This workbook unpacks to %(size)d MB, more than the %(limit)d MB an import reads.")
            % {"size": total // (1024 * 1024), "limit": limit // (1024 * 1024)}
        )


def counted_rows(lines: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    """``lines`` (a sheet's rows), refused past ``XLSX_MAX_ROWS`` rows, blank ones counted."""
    from django.utils.translation import gettext as _

    limit = max_sheet_rows()
    for number, values in enumerate(lines, start=1):
        if number > limit:
            raise WorkbookTooLarge(
                _("The sheet has more than %(limit)d rows (blank rows count too).")
                % {"limit": limit}
            )
        yield values
