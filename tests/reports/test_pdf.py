"""The PDFs: what they say, what they must never say, and their fonts."""

import io
import re
from datetime import date

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from reports.models import ReportKind
from reports.rule import RULE_TEXT
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
    # The rule's words come from the catalogue, in Chinese whatever the reader's language.
    with translation.override("zh-hans"):
        rule = str(RULE_TEXT).replace(" ", "")
    assert rule[:24] in text


def test_the_roll_up_grid_marks_each_flag_for_a_black_and_white_printer(wr, areas, january):
    report = generate_now(kind=ReportKind.DISTRICT, subject=areas.d, month=JAN)
    grid = _text(_pdf(report)).split("近12个月达标情况")[1]

    # Green and red both print grey: each disc carries ✓ (met) or × (not met).
    assert "✓" in grid and "×" in grid


def test_the_workroom_trend_marks_its_flags_too(wr, january):
    report = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)

    assert "✓" in _text(_pdf(report))


@pytest.mark.parametrize("kind", [ReportKind.WORKROOM, ReportKind.DISTRICT])
def test_each_report_ends_with_the_offices_sign_off_block(wr, areas, media_root, kind):
    subject = wr.a if kind == ReportKind.WORKROOM else areas.d
    report = generate_now(kind=kind, subject=subject, month=JAN)
    text = _text(_pdf(report)).replace(" ", "")

    for heading in ("报送单位", "填报人", "审核人", "日期"):
        assert heading in text
    assert f"报送单位{subject.name}" in text.replace("\n", "")


def test_a_report_of_the_month_in_progress_says_it_is_provisional(wr, media_root):
    this_month = timezone.localdate().replace(day=1)

    current = _text(_pdf(generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=this_month)))
    ended = _text(_pdf(generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)))

    assert "临时数据" in current and "预览" in current
    assert "临时数据" not in ended
