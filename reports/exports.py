"""The district roll-up as an Excel workbook (openpyxl), with the headers offices use."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

GREEN = PatternFill("solid", fgColor="C8E6C9")
RED = PatternFill("solid", fgColor="FFCDD2")
BOLD = Font(bold=True)


def _flag(value: bool) -> str:
    return "是" if value else "否"


def rollup_workbook(data: dict) -> bytes:
    """Three sheets: this month (flags, figures, reasons), the 12-month matrix, the ranking."""
    wb = Workbook()
    month = data["month"]

    ws = wb.active
    ws.title = f"{month:%Y年%m月}"
    ws.append(
        [
            "工作室",
            "所属区域",
            "有接待",
            "有反馈",
            "值班签到班次",
            "接待诉求",
            "答复诉求",
            "到期未答复",
            "未达标原因",
        ]
    )
    for row in data["rows"]:
        c = row["current"]
        ws.append(
            [
                row["workroom"].name,
                row["workroom"].area.name,
                _flag(c.reception),
                _flag(c.feedback),
                c.shifts_worked,
                c.received,
                c.replied,
                c.unanswered,
                "；".join(c.reasons),
            ]
        )
        for col, flag in ((3, c.reception), (4, c.feedback)):
            ws.cell(ws.max_row, col).fill = GREEN if flag else RED

    matrix = wb.create_sheet("近12个月")
    header = ["工作室"]
    for m in data["months"]:
        header += [f"{m:%Y-%m} 有接待", f"{m:%Y-%m} 有反馈"]
    header.append("双达标月数")
    matrix.append(header)
    for row in data["rows"]:
        values = [row["workroom"].name]
        for c in row["cells"]:
            values += [_flag(c.reception), _flag(c.feedback)]
        values.append(row["months_passed"])
        matrix.append(values)
        for col in range(2, 2 + 2 * len(row["cells"])):
            cell = matrix.cell(matrix.max_row, col)
            cell.fill = GREEN if cell.value == "是" else RED
    totals = ["双达标工作室数"]
    for t in data["totals"]:
        totals += [t["reception"], t["feedback"]]
    matrix.append(totals)

    ranking = wb.create_sheet("排名")
    ranking.append(
        ["名次", "工作室", "双达标月数", "本月接待", "本月答复", "12个月接待", "12个月答复"]
    )
    for i, row in enumerate(data["ranking"], start=1):
        ranking.append(
            [
                i,
                row["workroom"].name,
                row["months_passed"],
                row["current"].received,
                row["current"].replied,
                row["received_12"],
                row["replied_12"],
            ]
        )

    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = BOLD
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 28
        for col in range(2, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 12
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
