"""The ledger export: an .xlsx of the filtered list, Chinese headers, one row per request with
its six step dates, residents' particulars masked for users not handling the request."""

import io
from datetime import date

import pytest
from django.utils import translation
from openpyxl import load_workbook

from petitions.exports import HEADERS
from petitions.models import Category, Channel, Satisfaction, State
from tests.helpers import assert_redirects_to_login
from tests.petitions.factories import PetitionFactory, advance
from tests.petitions.pages import at, beijing

pytestmark = pytest.mark.django_db

EXPORT = "/requests/export/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(response) -> list[dict]:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def as_date(value):
    return value.date() if hasattr(value, "date") else value


@pytest.fixture
def ledger_request(wr, clerk_a, handler):
    """A request carried through the six steps on six different days (Beijing time)."""
    days = [
        beijing(2026, 3, 2, 9, 0),
        beijing(2026, 3, 3, 10, 0),
        beijing(2026, 3, 5, 15, 0),
        beijing(2026, 3, 6, 11, 0),
        beijing(2026, 3, 10, 16, 0),
        beijing(2026, 3, 31, 23, 30),  # late in the evening: still 31 March in Beijing
    ]
    with at(days[0]):
        petition = PetitionFactory(
            workroom=wr.a,
            registered_by=clerk_a,
            resident_name="王秀英",
            resident_phone="13812345678",
            resident_address="长安街道兴善小区3号楼1单元201室",
            category=Category.ELDERLY,
            channel=Channel.PHONE,
            title="老年食堂就餐",
        )
    for moment, state in zip(days[1:], State.values[1:], strict=True):
        with at(moment):
            petition = advance(petition, state, actor=clerk_a, handler=handler)
    return petition


def test_export_is_an_xlsx_attachment(clerk_a_client, ledger_request):
    response = clerk_a_client.get(EXPORT)

    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]


def test_export_has_the_chinese_headers(clerk_a_client, ledger_request):
    response = clerk_a_client.get(EXPORT)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)

    header = next(workbook.active.iter_rows(values_only=True))

    assert list(header) == [title for title, _width in HEADERS]
    for title in ("登记日期", "接待日期", "处理日期", "回复日期", "反馈日期", "归档日期"):
        assert title in header


def test_export_row_carries_the_six_step_dates_and_the_matter(clerk_a_client, ledger_request):
    (row,) = sheet_rows(clerk_a_client.get(EXPORT))

    dates = [
        as_date(row[t])
        for t in ("登记日期", "接待日期", "处理日期", "回复日期", "反馈日期", "归档日期")
    ]
    assert dates == [
        date(2026, 3, 2),
        date(2026, 3, 3),
        date(2026, 3, 5),
        date(2026, 3, 6),
        date(2026, 3, 10),
        date(2026, 3, 31),
    ]
    assert row["编号"] == ledger_request.reference
    assert row["工作室"] == "长安街道党代表工作室"
    assert row["诉求事项"] == "老年食堂就餐"
    assert row["责任人"] == "党代表"
    assert row["是否逾期"] == "否"
    with translation.override("zh-hans"):
        assert row["诉求类别"] == str(Category.ELDERLY.label)
        assert row["反映渠道"] == str(Channel.PHONE.label)
        assert row["满意度"] == str(Satisfaction.SATISFIED.label)
        assert row["状态"] == str(State.ARCHIVED.label)


def test_export_labels_are_chinese_for_an_english_speaking_clerk(
    clerk_a, clerk_a_client, ledger_request
):
    clerk_a.language = "en"
    clerk_a.save(update_fields=["language"])

    (row,) = sheet_rows(clerk_a_client.get(EXPORT))

    with translation.override("zh-hans"):
        assert row["状态"] == str(State.ARCHIVED.label)
        assert row["反映渠道"] == str(Channel.PHONE.label)
    assert row["是否逾期"] == "否"


def test_export_shows_particulars_to_the_clerk_handling_them(clerk_a_client, ledger_request):
    (row,) = sheet_rows(clerk_a_client.get(EXPORT))

    assert row["群众姓名"] == "王秀英"
    assert row["联系电话"] == "13812345678"
    assert row["住址"] == "长安街道兴善小区3号楼1单元201室"


def test_export_masks_particulars_for_the_liaison_office(liaison_client, ledger_request):
    (row,) = sheet_rows(liaison_client.get(EXPORT))

    assert row["群众姓名"] == "王*"
    assert row["联系电话"] == "138****5678"
    assert "兴善小区3号楼" not in row["住址"]
    assert row["住址"].endswith("***")


def test_export_follows_the_filters(clerk_a_client, ledger_request, registered):
    everything = sheet_rows(clerk_a_client.get(EXPORT))
    archived = sheet_rows(clerk_a_client.get(EXPORT, {"state": State.ARCHIVED}))
    elderly = sheet_rows(clerk_a_client.get(EXPORT, {"category": Category.ELDERLY}))

    assert {r["编号"] for r in everything} == {ledger_request.reference, registered.reference}
    assert [r["编号"] for r in archived] == [ledger_request.reference]
    assert [r["编号"] for r in elderly] == [ledger_request.reference]


def test_an_open_request_has_empty_later_dates(clerk_a_client, registered):
    (row,) = sheet_rows(clerk_a_client.get(EXPORT))

    assert row["登记日期"] is not None
    assert [row[t] for t in ("接待日期", "处理日期", "回复日期", "反馈日期", "归档日期")] == [
        None
    ] * 5


def test_export_is_scoped(clerk_b_client, ledger_request):
    assert sheet_rows(clerk_b_client.get(EXPORT)) == []


def test_ledger_export_link_exports_archived_requests_only(
    clerk_a_client, ledger_request, received
):
    page = clerk_a_client.get("/requests/ledger/", {"category": Category.ELDERLY})
    link = f"{EXPORT}?state=archived&amp;category=elderly"
    assert link in page.content.decode()

    rows = sheet_rows(clerk_a_client.get(EXPORT, {"state": "archived", "category": "elderly"}))

    assert [r["编号"] for r in rows] == [ledger_request.reference]


def test_bad_filters_export_nothing(clerk_a_client, ledger_request):
    response = clerk_a_client.get(EXPORT, {"registered_from": "not a date"})

    assert response.status_code == 302


def test_anonymous_cannot_export(client):
    assert_redirects_to_login(client.get(EXPORT), EXPORT)


def test_export_streams_many_rows(clerk_a_client, wr, clerk_a):
    for _ in range(120):
        PetitionFactory(workroom=wr.a, registered_by=clerk_a)

    rows = sheet_rows(clerk_a_client.get(EXPORT))

    assert len(rows) == 120
    assert len({r["编号"] for r in rows}) == 120
