"""The liaison office's one-to-one talks (个别谈话) as an Excel sheet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from core.xlsx import CHUNK, Column, Sheet

COLUMNS = [
    Column("谈话日期", 12),
    Column("党联办", 16),
    Column("党代表", 10),
    Column("谈话人", 10),
    Column("谈话内容", 50),
    Column("意见建议", 40),
]


def talks_filename(today: date) -> str:
    return f"个别谈话-{today:%Y%m%d}.xlsx"


def talks_sheet(talks) -> Sheet:
    """``talks`` (area, representative and talker loaded) as the talks sheet."""
    return Sheet("个别谈话", COLUMNS, _rows(talks))


def _rows(talks) -> Iterator[list]:
    for talk in talks.iterator(chunk_size=CHUNK):
        yield [
            talk.date,
            talk.area.name,
            talk.representative.name,
            talk.talked_by.display_name if talk.talked_by else "",
            talk.summary,
            talk.suggestions,
        ]
