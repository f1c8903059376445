"""Posting the residents' forms as a person would: the bot check's stamp from a while ago."""

import time

from core.botcheck import STAMP_FIELD, issue_stamp


def human(data: dict, *, seconds_ago: float = 30) -> dict:
    """``data`` with the form's stamp as if it was shown ``seconds_ago`` (and the honeypot
    left empty)."""
    return {**data, STAMP_FIELD: issue_stamp(at=time.time() - seconds_ago)}


def request_data(**overrides) -> dict:
    data = {
        "content": "小区门口的路灯坏了一个多星期，晚上出行很不方便，希望尽快修好。",
        "category": "property",
        "place": "兴善寺东街12号院门口",
        "resident_name": "王秀英",
        "resident_phone": "13812345678",
        "consent": "on",
    }
    data.update(overrides)
    return human(data)


def wish_data(**overrides) -> dict:
    data = {
        "content": "想给独居的奶奶借一辆轮椅",
        "resident_name": "李桂兰",
        "place": "兴善社区3号楼",
        "resident_phone": "13987654321",
        "consent": "on",
    }
    data.update(overrides)
    return human(data)
