"""Excel: the template, the all-or-nothing import, re-import, the export of the filtered list."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.xlsx import write_workbook
from representatives.excel import COLUMNS, template_sheets
from representatives.importing import ImportRejected, import_roster
from representatives.models import Assignment, AssignmentRole, Level, Representative, WorkField
from tests.representatives.factories import stationed

pytestmark = pytest.mark.django_db

IMPORT = reverse("representatives:import")
HEADERS = [c.header for c in COLUMNS]


def xlsx(rows, headers=HEADERS, title_rows=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers] if isinstance(row, dict) else row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="名册.xlsx"):
    return SimpleUploadedFile(name, content)


def person(name="张三", phone="13800000001", levels="区", workroom="长安街道党代表工作室", **more):
    row = {"姓名": name, "代表层级": levels, "手机号码": phone, "驻室工作室": workroom}
    row.update(more)
    return row


def roster():
    return [
        person(
            "张三", "13800000001", "国、省", 驻室角色="组长", 是否领导干部="是", 工作领域="党政机关"
        ),
        person("李四", "138 0000 0002", "市", 性别="女", 工作领域="教育", 进驻日期="2024-03-01"),
        person("王五", 13800000003, "区", workroom="长安街道党代表工作室、兴善社区党代表工作室"),
    ]


def run(actor, area, rows=None, content=None):
    return import_roster(upload=upload(content or xlsx(rows)), area=area, actor=actor)


def rejected(actor, area, rows=None, content=None):
    with pytest.raises(ImportRejected) as info:
        run(actor, area, rows, content)
    return [(e.row, e.column, e.message) for e in info.value.errors]


# --- Template ------------------------------------------------------------------------------


def test_template_has_the_chinese_columns(clerk_a_client):
    response = clerk_a_client.get(reverse("representatives:import_template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert HEADERS[:4] == ["姓名", "性别", "代表层级", "手机号码"]


def test_template_offers_drop_downs_and_explains_each_column(clerk_a_client):
    response = clerk_a_client.get(reverse("representatives:import_template"))
    workbook = load_workbook(io.BytesIO(response.getvalue()))

    lists = {str(v.sqref)[0]: v.formula1 for v in workbook.active.data_validations.dataValidation}
    assert lists["B"] == '"男,女"'  # 性别
    notes = {row[0]: row[1] for row in workbook["填写说明"].iter_rows(min_row=2, values_only=True)}
    assert notes["姓名"] == "必填"


def test_filled_template_imports(clerk_a, areas, wr):
    workbook = load_workbook(write_workbook(template_sheets()))
    sheet = workbook.active
    for column, value in enumerate(["赵六", "男", "区", "13800000009"], start=1):
        sheet.cell(row=2, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(clerk_a, areas.a, content=buffer.getvalue())

    assert result.created == 1
    assert Representative.objects.get().name == "赵六"


@pytest.mark.parametrize("user", ["representative_client", "client"])
def test_template_and_import_are_for_staff(request, user, areas):
    client = request.getfixturevalue(user)
    for name in ("import_template", "import", "export"):
        response = client.get(reverse(f"representatives:{name}"))
        assert response.status_code == (403 if user != "client" else 302)


# --- Import --------------------------------------------------------------------------------


def test_a_roster_imports_people_and_stations_them(clerk_a, areas, wr):
    result = run(clerk_a, areas.a, roster())

    assert (result.created, result.updated, result.assignments_started) == (3, 0, 4)
    zhang = Representative.objects.get(name="张三")
    assert zhang.levels == Level.NATIONAL.bit | Level.PROVINCIAL.bit
    assert zhang.is_leading_cadre and zhang.work_field == WorkField.PARTY_GOVERNMENT
    assert zhang.area == areas.a
    assert zhang.assignments.get().role == AssignmentRole.LEADER
    li = Representative.objects.get(phone="13800000002")
    assert (li.gender, li.work_field) == ("F", WorkField.EDUCATION)
    assert li.assignments.get().start_date == date(2024, 3, 1)
    wang = Representative.objects.get(phone="13800000003")
    assert {a.workroom for a in wang.assignments.all()} == {wr.a, wr.a1}


def test_importing_the_same_file_again_updates_instead_of_duplicating(clerk_a, areas, wr):
    content = xlsx(roster())
    run(clerk_a, areas.a, content=content)
    before = (Representative.objects.count(), Assignment.objects.count())

    result = run(clerk_a, areas.a, content=content)

    assert (Representative.objects.count(), Assignment.objects.count()) == before
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


def test_reimport_applies_the_changes_in_the_file(clerk_a, areas, wr):
    run(clerk_a, areas.a, roster())
    changed = roster()
    changed[1]["工作单位"] = "第二中学"
    changed[0]["驻室角色"] = "成员"
    changed[1]["驻室角色"] = "组长"

    result = run(clerk_a, areas.a, changed)

    assert result.updated == 2
    assert Representative.objects.get(name="李四").work_unit == "第二中学"
    current = Assignment.objects.current().get(workroom=wr.a, role=AssignmentRole.LEADER)
    assert current.representative.name == "李四"
    # The earlier leader is now a member; the leadership stays in the history.
    assert Assignment.objects.filter(representative__name="张三", workroom=wr.a).count() in (1, 2)
    assert (
        Assignment.objects.current().get(representative__name="张三", workroom=wr.a).role
        == AssignmentRole.MEMBER
    )


def test_a_title_row_above_the_headers_is_skipped(clerk_a, areas, wr):
    content = xlsx([person()], title_rows=["长安街道党代表名册（2024年）"])

    assert run(clerk_a, areas.a, content=content).created == 1


def test_a_bad_file_is_rejected_row_by_row_and_nothing_is_written(clerk_a, areas, wr):
    rows = [
        person("张三", "13800000001"),
        person("李四", "13800000002", levels="村"),
        person("王五", "1380000"),
        person("赵六", "13800000001"),
        person("孙七", "13800000007", workroom="不存在的工作室"),
    ]

    errors = rejected(clerk_a, areas.a, rows)

    assert [(row, column) for row, column, _ in errors] == [
        (3, "代表层级"),
        (4, "手机号码"),
        (5, "手机号码"),
        (6, "驻室工作室"),
    ]
    # The messages name the offending values (and the earlier row of a duplicate).
    assert "村" in errors[0][2] and "1380000" in errors[1][2]
    assert "2" in errors[2][2] and "不存在的工作室" in errors[3][2]
    assert not Representative.objects.exists()
    assert not Assignment.objects.exists()


def test_a_rejected_reimport_changes_nothing(clerk_a, areas, wr):
    run(clerk_a, areas.a, roster())
    changed = roster()
    changed[0]["工作单位"] = "新单位"
    changed[2]["代表层级"] = "未知"

    rejected(clerk_a, areas.a, changed)

    assert Representative.objects.get(name="张三").work_unit == ""


@pytest.mark.parametrize(
    "row, column",
    [
        (person(name=""), "姓名"),
        (person(levels=""), "代表层级"),
        (person(phone=""), "手机号码"),
        (person(phone="138****0001"), "手机号码"),
        (person(性别="未知"), "性别"),
        (person(工作领域="外太空"), "工作领域"),
        (person(是否领导干部="也许"), "是否领导干部"),
        (person(进驻日期="明年"), "进驻日期"),
        (person(驻室角色="主任"), "驻室角色"),
        (person(workroom="", 驻室角色="组长"), "驻室角色"),
        (person(工作单位="长" * 101), "工作单位"),
        (person(workroom="曲池街道党代表工作室"), "驻室工作室"),
    ],
)
def test_each_kind_of_bad_cell_is_reported_at_its_row_and_column(clerk_a, areas, wr, row, column):
    errors = rejected(clerk_a, areas.a, [row])

    assert [(r, c) for r, c, _ in errors] == [(2, column)]
    assert not Representative.objects.exists()


def test_two_leaders_for_one_workroom_are_refused(clerk_a, areas, wr):
    rows = [
        person("甲", "13800000001", 驻室角色="组长"),
        person("乙", "13800000002", 驻室角色="组长"),
    ]

    errors = rejected(clerk_a, areas.a, rows)

    assert {(r, c) for r, c, _ in errors} == {(2, "驻室角色"), (3, "驻室角色")}


def test_a_leader_already_in_office_blocks_another_from_the_file(clerk_a, areas, wr):
    stationed(wr.a, role=AssignmentRole.LEADER, name="现任组长")

    errors = rejected(clerk_a, areas.a, [person(驻室角色="组长")])

    assert [(r, c) for r, c, _ in errors] == [(2, "驻室角色")]
    assert "现任组长" in errors[0][2]


def test_a_missing_required_column_rejects_the_file(clerk_a, areas, wr):
    headers = ["姓名", "代表层级"]

    errors = rejected(clerk_a, areas.a, content=xlsx([["张三", "区"]], headers=headers))

    assert [(row, column) for row, column, _ in errors] == [(None, "手机号码")]


def test_a_file_that_is_not_excel_is_rejected(clerk_a, areas):
    errors = rejected(clerk_a, areas.a, content=b"PK\x03\x04 not really a workbook")

    assert len(errors) == 1 and errors[0][0] is None


def test_an_empty_roster_is_rejected(clerk_a, areas):
    assert len(rejected(clerk_a, areas.a, [])) == 1


def test_a_number_registered_by_another_office_is_not_taken_over(clerk_a, areas, wr):
    stationed(wr.b, name="乙区代表", phone="13800000001")

    errors = rejected(clerk_a, areas.a, [person("张三", "13800000001")])

    assert [(r, c) for r, c, _ in errors] == [(2, "手机号码")]
    # Other offices' data is not revealed.
    assert "乙区代表" not in errors[0][2]
    assert Representative.objects.get(phone="13800000001").name == "乙区代表"


def test_import_page_lists_the_problems_and_writes_nothing(clerk_a_client, areas, wr):
    content = xlsx([person(levels="村"), person("李四", "12")])

    response = clerk_a_client.post(IMPORT, {"area": areas.a.pk, "file": upload(content)})

    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["errors"]] == [
        (2, "代表层级"),
        (3, "手机号码"),
    ]
    assert response.content.decode().count('class="import-error"') == 2
    assert not Representative.objects.exists()


def test_import_page_imports_and_reports(clerk_a_client, areas, wr):
    response = clerk_a_client.post(IMPORT, {"area": areas.a.pk, "file": upload(xlsx(roster()))})

    assert response.status_code == 302
    assert response["Location"] == reverse("representatives:list")
    assert Representative.objects.count() == 3


def test_import_page_refuses_other_file_types_and_foreign_areas(clerk_a_client, areas, wr):
    wrong_type = clerk_a_client.post(
        IMPORT, {"area": areas.a.pk, "file": upload(b"a,b", name="名册.csv")}
    )
    foreign = clerk_a_client.post(IMPORT, {"area": areas.b.pk, "file": upload(xlsx(roster()))})

    assert "file" in wrong_type.context["form"].errors
    assert "area" in foreign.context["form"].errors
    assert not Representative.objects.exists()


# --- Export --------------------------------------------------------------------------------


def exported(response):
    return exported_content(response.getvalue())


def exported_content(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_export_follows_the_filters_and_scope(clerk_a_client, wr, areas, rep_a, rep_b):
    stationed(wr.a, name="区代表", levels=Level.DISTRICT.bit)

    response = clerk_a_client.get(reverse("representatives:export"), {"level": Level.CITY.value})

    assert response.status_code == 200
    headers, rows = exported(response)
    assert headers == HEADERS
    assert [(r["姓名"], r["代表层级"], r["手机号码"], r["驻室工作室"]) for r in rows] == [
        ("甲代表", "市", "13812345678", "长安街道党代表工作室")
    ]


def test_export_masks_numbers_the_reader_may_not_see(clerk_b_client, wr, rep_a):
    rep_a.assignments.create(workroom=wr.b, start_date=date(2020, 1, 1), end_date=date(2020, 6, 1))

    _, rows = exported(clerk_b_client.get(reverse("representatives:export")))

    assert [r["手机号码"] for r in rows] == ["138****5678"]


def test_an_exported_roster_imports_again_without_change(clerk_a, clerk_a_client, areas, wr):
    run(clerk_a, areas.a, roster())
    before = list(Representative.objects.order_by("pk").values())

    response = clerk_a_client.get(reverse("representatives:export"))
    result = run(clerk_a, areas.a, content=response.getvalue())

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    after = list(Representative.objects.order_by("pk").values())
    assert [{**r, "updated_at": None} for r in after] == [{**r, "updated_at": None} for r in before]


def test_formula_like_text_exports_as_text_and_imports_back_unchanged(
    clerk_a, clerk_a_client, areas, wr
):
    run(clerk_a, areas.a, roster())
    Representative.objects.filter(name="张三").update(
        name="@张三", work_unit='=HYPERLINK("http://x","y")', post="-", strengths="+宣讲"
    )
    before = list(Representative.objects.order_by("pk").values())

    content = clerk_a_client.get(reverse("representatives:export")).getvalue()
    _, rows = exported_content(content)
    row = next(r for r in rows if r["手机号码"] == "13800000001")
    assert (row["姓名"], row["工作单位"], row["职务"], row["优势特长"]) == (
        "'@张三",
        '\'=HYPERLINK("http://x","y")',
        "'-",
        "'+宣讲",
    )
    result = run(clerk_a, areas.a, content=content)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    after = list(Representative.objects.order_by("pk").values())
    assert [{**r, "updated_at": None} for r in after] == [{**r, "updated_at": None} for r in before]
