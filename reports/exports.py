"""The district roll-up as an Excel workbook (``core.xlsx``), with the headers offices use."""

from __future__ import annotations

from collections.abc import Iterator

from core.xlsx import Column, Sheet, Styled

GREEN = "C8E6C9"
RED = "FFCDD2"
NAME = Column("工作室", 28)


def _flag(value: bool) -> Styled:
    return Styled("是" if value else "否", fill=GREEN if value else RED)


def rollup_sheets(data: dict) -> list[Sheet]:
    """Three sheets: this month (flags, figures, reasons), the 12-month matrix, the ranking.
    The first column (the workroom) stays in view when scrolling sideways."""
    current = [
        NAME,
        *_columns("所属区域", "有接待", "有反馈", "值班签到班次", "接待诉求", "答复诉求"),
        *_columns("到期未答复"),
        Column("未达标原因", 40),
    ]
    matrix = [NAME]
    for m in data["months"]:
        matrix += _columns(f"{m:%Y-%m} 有接待", f"{m:%Y-%m} 有反馈")
    matrix += _columns("双达标月数")
    ranking = [
        *_columns("名次"),
        NAME,
        *_columns("双达标月数", "本月接待", "本月答复", "12个月接待", "12个月答复"),
    ]
    return [
        Sheet(f"{data['month']:%Y年%m月}", current, _current_rows(data), freeze="B2"),
        # No filter on the matrix: its last line is the totals, which must stay last.
        Sheet("近12个月", matrix, _matrix_rows(data), freeze="B2", auto_filter=False),
        Sheet("排名", ranking, _ranking_rows(data), freeze="B2"),
    ]


def _columns(*headers: str) -> list[Column]:
    return [Column(header, 12) for header in headers]


def _current_rows(data: dict) -> Iterator[list]:
    for row in data["rows"]:
        c = row["current"]
        yield [
            row["workroom"].name,
            row["workroom"].area.name,
            _flag(c.reception),
            _flag(c.feedback),
            c.shifts_worked,
            c.received,
            c.replied,
            c.unanswered,
            # Built here, inside the writer's Chinese, not in the reader's language.
            "；".join(c.reasons),
        ]


def _matrix_rows(data: dict) -> Iterator[list]:
    for row in data["rows"]:
        values = [row["workroom"].name]
        for c in row["cells"]:
            values += [_flag(c.reception), _flag(c.feedback)]
        values.append(row["months_passed"])
        yield values
    totals = ["双达标工作室数"]
    for t in data["totals"]:
        totals += [t["reception"], t["feedback"]]
    yield totals


def _ranking_rows(data: dict) -> Iterator[list]:
    for i, row in enumerate(data["ranking"], start=1):
        yield [
            i,
            row["workroom"].name,
            row["months_passed"],
            row["current"].received,
            row["current"].replied,
            row["received_12"],
            row["replied_12"],
        ]
