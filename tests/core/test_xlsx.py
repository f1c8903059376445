"""The one Excel writer (core.xlsx): header, widths, frozen pane, Beijing time, Chinese labels,
formula neutralising, streaming, rows counted."""

import io
import tracemalloc
import zipfile
from datetime import UTC, date, datetime, time
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.models import RoleKind
from core.xlsx import (
    XLSX_CONTENT_TYPE,
    Column,
    Sheet,
    Styled,
    neutralise,
    unneutralise,
    write_workbook,
    xlsx_response,
)

HYPERLINK = '=HYPERLINK("http://x","y")'


def written(*sheets: Sheet):
    """The workbook ``sheets`` make, opened again (not read-only, so styles are visible)."""
    return load_workbook(io.BytesIO(write_workbook(sheets).read()))


def one_row(*values, columns=None):
    columns = columns or [(f"列{i}", 10) for i in range(len(values))]
    sheet = written(Sheet("表", columns, [values])).active
    return list(sheet[2])


def test_header_row_is_bold_and_frozen_with_widths_and_a_filter():
    sheet = written(
        Sheet(
            "名册",
            [Column("姓名", 10), ("工作单位", 22), Column("手机号码", 14)],
            [["a", "b", "c"]],
        )
    ).active

    assert sheet.title == "名册"
    assert [c.value for c in sheet[1]] == ["姓名", "工作单位", "手机号码"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [sheet.column_dimensions[x].width for x in "ABC"] == [10, 22, 14]
    assert sheet.auto_filter.ref == "A1:C2"


def test_freeze_and_filter_can_be_chosen():
    sheet = written(Sheet("汇总", [("工作室", 28)], [["x"]], freeze="B2", auto_filter=False)).active

    assert sheet.freeze_panes == "B2"
    assert not sheet.auto_filter.ref


def test_an_aware_utc_datetime_is_written_in_beijing_time():
    (cell,) = one_row(datetime(2026, 3, 31, 16, 30, tzinfo=UTC))

    assert cell.value == datetime(2026, 4, 1, 0, 30)  # naive, as Excel wants
    assert cell.is_date
    assert cell.number_format == "yyyy-mm-dd hh:mm"


def test_a_date_only_column_writes_the_beijing_day_of_a_datetime():
    (cell,) = one_row(
        datetime(2026, 3, 31, 16, 30, tzinfo=UTC), columns=[Column("归档日期", date_only=True)]
    )

    assert cell.value == datetime(2026, 4, 1)  # openpyxl reads every date cell as a datetime
    assert cell.number_format == "yyyy-mm-dd"


def test_dates_and_times_are_date_cells():
    day, clock = one_row(date(2026, 1, 6), time(9, 30))

    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert day.value == datetime(2026, 1, 6)
    assert clock.is_date and clock.number_format == "hh:mm"


def test_numbers_stay_numbers_even_negative_ones():
    cells = one_row(3, -5, -1.5, Decimal("2.50"), 0)

    assert [c.data_type for c in cells] == ["n"] * 5
    assert [c.value for c in cells] == [3, -5, -1.5, 2.5, 0]


def test_booleans_are_written_yes_or_no_in_chinese():
    assert [c.value for c in one_row(True, False)] == ["是", "否"]


def test_none_leaves_the_cell_empty():
    assert one_row("a", None, "b")[1].value is None


@pytest.mark.parametrize(
    "text", [HYPERLINK, "+86 138", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1", "=", "-"]
)
def test_text_that_could_be_a_formula_is_written_as_plain_text(text):
    (cell,) = one_row(text)

    assert cell.data_type == "s"
    assert cell.value == "'" + text.replace("\r", "\n")  # XML reads a bare CR back as LF


def test_other_text_is_untouched():
    cells = one_row("王秀英", "老年食堂 = 好", "'quoted", "13812345678", "#N/A")

    assert [c.value for c in cells] == ["王秀英", "老年食堂 = 好", "'quoted", "13812345678", "#N/A"]
    assert [c.data_type for c in cells] == ["s"] * 5  # "#N/A" is text, not Excel's error value


def test_characters_excel_refuses_are_dropped_rather_than_failing_the_export():
    assert one_row("a\x00b\x0bc")[0].value == "abc"


def test_neutralise_and_unneutralise_are_inverse():
    for text in (HYPERLINK, "-3", "@x", "\tx", "\rx", "plain", "'plain", "", "'"):
        assert unneutralise(neutralise(text)) == text
    assert unneutralise("'plain") == "'plain"


def test_labels_are_chinese_under_an_english_speaking_user():
    def rows():
        # Looked up while the writer consumes the rows, as ``get_FOO_display()`` would be.
        yield [gettext("Clerk / liaison officer"), RoleKind.ADMIN.label]

    with translation.override("en"):
        sheet = written(Sheet("角色", [("角色", 20), ("角色", 20)], rows())).active
        assert translation.get_language() == "en"  # the writer restores the language

    assert [c.value for c in sheet[2]] == ["街道工作人员/联络员", "管理员"]


def test_a_styled_value_keeps_its_type_and_gets_its_fill():
    cell, flag = one_row(Styled(date(2026, 1, 6), fill="FFCDD2"), Styled("否", fill="FFCDD2"))

    assert cell.is_date
    assert flag.value == "否"
    assert flag.fill.fgColor.rgb.endswith("FFCDD2")


def test_a_template_column_offers_choices_and_formats_empty_cells_as_text():
    sheet = written(
        Sheet(
            "名册",
            [
                Column("姓名", emphasis=True),
                Column("性别", choices=("男", "女")),
                Column("手机号码", text=True),
            ],
        )
    ).active

    assert sheet["A1"].font.color.rgb.endswith("B3121D")
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"男,女"'
    assert str(validation.sqref).startswith("B2:B")
    assert sheet.column_dimensions["C"].number_format == "@"


def test_rows_longer_than_the_columns_and_several_sheets():
    workbook = written(
        Sheet("一", [("a", 5)], [["x", "y", HYPERLINK]]),
        Sheet("二/三", [("b", 5)], []),
    )

    assert workbook.sheetnames == ["一", "二三"]  # "/" is not allowed in a sheet title
    assert [c.value for c in workbook["一"][2]] == ["x", "y", "'" + HYPERLINK]


def test_each_sheet_counts_the_rows_it_wrote_for_the_audit_entry():
    people = Sheet("名册", [("姓名", 10)], (["甲"] for _ in range(3)))
    empty = Sheet("空", [("姓名", 10)])
    write_workbook([people, empty])

    assert (people.written, empty.written) == (3, 0)


def test_the_workbook_is_written_in_write_only_mode():
    content = write_workbook([Sheet("表", [("a", 5)], [["x"]])]).read()

    # Write-only mode writes strings inline instead of building a shared-strings table in memory.
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert 't="inlineStr"' in xml


def peak_memory_writing(count: int) -> int:
    def rows():
        for n in range(count):
            yield [n, f"第{n}行诉求内容" * 5, datetime(2026, 1, 1, tzinfo=UTC), True]

    tracemalloc.start()
    try:
        write_workbook([Sheet("表", [("a", 5)] * 4, rows())]).close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_rows():
    # Rows go to a temporary file as they come: ten times the rows, about the same peak.
    assert peak_memory_writing(2_000) < 1.5 * peak_memory_writing(200)


def test_the_response_is_an_xlsx_attachment_with_a_chinese_file_name():
    response = xlsx_response("党代表名册-20260301.xlsx", [Sheet("名册", [("姓名", 10)], [["甲"]])])

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("党代表名册-20260301.xlsx")
    )
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["A2"].value == "甲"
