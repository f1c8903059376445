"""The PDFs: what they say, what they must never say, and their fonts."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from reports.models import ReportKind
from reports.services import generate_now
from tests.reports.world import january_at

pytestmark = pytest.mark.django_db
JAN = date(2026, 1, 1)
PHONE = re.compile(r"1[3-9]\d{9}|1[3-9]\d\*{4}\d{4}")


def _pdf(report):
    with report.file.open("rb") as f:
        return PdfReader(io.BytesIO(f.read()))


def _text(reader) -> str:
    return "".join(page.extract_text() for page in reader.pages)


def _fonts(reader) -> list[dict]:
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                fonts.append(descendant.get_object())
    return fonts


@pytest.fixture
def january(wr, clerk_a, media_root):
    return january_at(wr.a, clerk_a)


def test_workroom_pdf_names_workroom_month_flags_and_no_phone(wr, january):
    report = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
    text = _text(_pdf(report))

    assert wr.a.name in text
    assert "2026年1月" in text
    assert "有接待" in text and "有反馈" in text
    assert "王建华" in text  # representatives' names are public at the workroom
    assert not PHONE.search(text.replace(" ", ""))
    for resident in ("王秀英", "李建国", "张桂兰", "兴善小区", "赵大妈"):
        assert resident not in text


def test_workroom_pdf_shows_failing_flag(wr, media_root):
    report = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
    text = _text(_pdf(report))

    assert "无接待" in text and "无反馈" in text


def test_pdf_fonts_are_embedded_cjk_subsets(wr, january):
    report = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
    fonts = _fonts(_pdf(report))

    # One face, one weight: every extra weight embeds another ~150 KB subset.
    assert {str(font["/BaseFont"]).split("+")[1] for font in fonts} == {"Noto-Sans-CJK-SC"}
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert "Noto-Sans-CJK-SC" in str(font["/BaseFont"])
        assert "+" in str(font["/BaseFont"])  # a subset, not the whole 20 MB face
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_pdf_has_page_numbers_and_generation_date(wr, january):
    report = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
    text = _text(_pdf(report))

    assert "第 1 页" in text
    assert "生成于" in text
    assert report.size <= 300 * 1024


def test_district_pdf_lists_every_workroom_and_failing_reasons(wr, areas, january):
    report = generate_now(kind=ReportKind.DISTRICT, subject=areas.d, month=JAN)
    text = _text(_pdf(report))

    for workroom in (wr.d, wr.a, wr.a1, wr.b):
        assert workroom.name in text
    assert "本月未达标的工作室" in text
    assert not PHONE.search(text.replace(" ", ""))


def test_pdf_footnote_states_the_rule_in_chinese(wr, media_root):
    report = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
    text = _text(_pdf(report)).replace("\n", "").replace(" ", "")

    assert "判定规则" in text
    assert "有接待：当月至少有一次值班有党代表签到" in text
