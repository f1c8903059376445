"""The reports pages: list, generation, download, dashboard, a workroom's month, Excel."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from petitions.models import Category, Channel, Satisfaction, State
from reports.models import Report, ReportKind, ReportStatus
from reports.services import generate_now, report_row
from tests.factories import AreaFactory, WorkroomFactory
from tests.reports.factories import bj, dated_petition
from tests.reports.world import january_at
from workrooms.models import AreaKind

pytestmark = pytest.mark.django_db
JAN = date(2026, 1, 1)
LIST = "/reports/"
DASHBOARD = "/reports/dashboard/"


@pytest.fixture
def done(wr, media_root):
    return generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)


@pytest.fixture
def foreign_report(media_root):
    other = AreaFactory(name="岳北区", kind=AreaKind.DISTRICT, code="T-E")
    return generate_now(kind=ReportKind.DISTRICT, subject=other, month=JAN)


# --- list -------------------------------------------------------------------------------------


def test_list_shows_reports_of_the_district(liaison_client, done, foreign_report):
    response = liaison_client.get(LIST)

    assert response.status_code == 200
    assert list(response.context["page"]) == [done]


def test_the_list_counts_monthly_reports_not_research_reports(liaison_client, done):
    # "%(counter)s report" once meant research reports everywhere: "1份调研报告" here.
    body = liaison_client.get(LIST).content.decode()

    assert "调研报告" not in body


def test_an_empty_list_does_not_speak_of_research_reports(liaison_client, wr):
    body = liaison_client.get(LIST, {"month": "2030-01"}).content.decode()

    assert "调研报告" not in body


def test_list_filters_by_month_status_and_area(liaison_client, wr, areas, done):
    pending = report_row(kind=ReportKind.WORKROOM, subject=wr.b, month=date(2026, 2, 1))

    assert list(liaison_client.get(LIST, {"month": "2026-02"}).context["page"]) == [pending]
    assert list(liaison_client.get(LIST, {"status": ReportStatus.DONE}).context["page"]) == [done]
    assert list(liaison_client.get(LIST, {"area": areas.b.pk}).context["page"]) == [pending]


def test_list_refreshes_itself_while_a_report_is_being_generated(liaison_client, wr, done):
    assert b'http-equiv="refresh"' not in liaison_client.get(LIST).content

    report_row(kind=ReportKind.WORKROOM, subject=wr.b, month=JAN)
    response = liaison_client.get(LIST)

    assert response.context["busy"] is True
    assert b'http-equiv="refresh"' in response.content


def test_list_shows_a_failed_report_with_its_error(liaison_client, done):
    Report.objects.filter(pk=done.pk).update(status=ReportStatus.FAILED, error="RuntimeError: boom")

    assert "RuntimeError: boom" in liaison_client.get(LIST).content.decode()


def test_list_takes_the_same_number_of_queries_for_few_and_many(
    liaison_client, wr, areas, done, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert liaison_client.get(LIST).status_code == 200
    for month in range(2, 12):
        for workroom in (wr.a, wr.b, wr.d):
            report_row(kind=ReportKind.WORKROOM, subject=workroom, month=date(2025, month, 1))
        report_row(kind=ReportKind.DISTRICT, subject=areas.d, month=date(2025, month, 1))
    with django_assert_max_num_queries(12):
        assert liaison_client.get(LIST).status_code == 200


def test_list_for_anonymous_redirects_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("who", ["clerk_a_client", "representative_client"])
def test_list_is_forbidden_to_clerks_and_representatives(request, who):
    assert request.getfixturevalue(who).get(LIST).status_code == 403


def test_list_refuses_post(liaison_client):
    assert liaison_client.post(LIST).status_code == 405


# --- generate / regenerate ---------------------------------------------------------------------


def test_generate_renders_every_workroom_and_the_rollup_of_the_district(
    liaison_client, wr, areas, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = liaison_client.post(
            "/reports/generate/", {"area": areas.d.pk, "month": "2026-01"}
        )

    assert response.status_code == 302
    assert response["Location"] == f"/reports/?month=2026-01&area={areas.d.pk}"
    reports = Report.objects.filter(month=JAN)
    assert reports.filter(kind=ReportKind.WORKROOM).count() == 4
    assert reports.filter(kind=ReportKind.DISTRICT, area=areas.d).count() == 1
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.DONE}


def test_back_from_generating_the_district_and_month_stay_chosen(liaison_client, areas):
    form = liaison_client.get(LIST, {"month": "2026-01", "area": areas.d.pk}).context["form"]

    assert form["area"].value() == areas.d.pk
    assert form["month"].value() == "2026-01"


def test_an_office_of_one_district_finds_it_chosen(liaison_client, areas):
    form = liaison_client.get(LIST).context["form"]

    assert form["area"].value() == areas.d.pk


def test_generate_for_another_district_is_refused(liaison_client, foreign_report):
    response = liaison_client.post(
        "/reports/generate/", {"area": foreign_report.area_id, "month": "2026-01"}
    )

    # The form comes back with its error beside the district field.
    assert response.status_code == 400
    assert response.context["form"].has_error("area")
    assert Report.objects.count() == 1


def test_generate_refuses_get_and_clerks(liaison_client, clerk_a_client, areas):
    assert liaison_client.get("/reports/generate/").status_code == 405
    assert (
        clerk_a_client.post(
            "/reports/generate/", {"area": areas.d.pk, "month": "2026-01"}
        ).status_code
        == 403
    )


def test_regenerate_replaces_the_file_of_the_same_row(
    liaison_client, done, django_capture_on_commit_callbacks
):
    old_generated = done.generated_at

    with django_capture_on_commit_callbacks(execute=True):
        response = liaison_client.post(f"/reports/{done.pk}/regenerate/")

    assert response.status_code == 302
    done.refresh_from_db()
    assert done.status == ReportStatus.DONE
    assert done.generated_at >= old_generated
    assert Report.objects.count() == 1


def test_regenerate_another_districts_report_is_404(liaison_client, foreign_report):
    assert liaison_client.post(f"/reports/{foreign_report.pk}/regenerate/").status_code == 404


# --- download ----------------------------------------------------------------------------------


def test_download_sends_the_pdf(liaison_client, done):
    response = liaison_client.get(f"/reports/{done.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_download_of_another_districts_report_is_404(liaison_client, foreign_report):
    assert liaison_client.get(f"/reports/{foreign_report.pk}/download/").status_code == 404


def test_download_of_a_report_without_file_is_404(liaison_client, wr):
    pending = report_row(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
    assert liaison_client.get(f"/reports/{pending.pk}/download/").status_code == 404


def test_download_anonymous_redirects_and_clerk_is_forbidden(client, clerk_a_client, done):
    assert client.get(f"/reports/{done.pk}/download/").status_code == 302
    assert clerk_a_client.get(f"/reports/{done.pk}/download/").status_code == 403


# --- dashboard, workroom month, Excel ---------------------------------------------------------


def test_dashboard_shows_the_matrix_and_the_failing_workrooms(liaison_client, wr, clerk_a):
    january_at(wr.a, clerk_a)

    response = liaison_client.get(DASHBOARD, {"month": "2026-01"})

    assert response.status_code == 200
    data = response.context["data"]
    assert data["workroom_count"] == 4
    failing = {row["workroom"] for row in data["failing"]}
    assert failing == {wr.d, wr.a1, wr.b}
    assert data["ranking"][0]["workroom"] == wr.a


def test_dashboard_states_the_rule_in_the_readers_language(liaison, liaison_client, wr):
    liaison.language = "en"
    liaison.save(update_fields=["language"])

    body = liaison_client.get(DASHBOARD, {"month": "2026-01"}).content.decode()

    assert "Reception held: in the month at least one duty shift" in body
    assert "有接待：" not in body


def test_dashboard_for_another_district_is_404(liaison_client, foreign_workroom):
    assert liaison_client.get(DASHBOARD, {"area": foreign_workroom.area_id}).status_code == 404


def test_dashboard_forbidden_to_clerks(clerk_a_client):
    assert clerk_a_client.get(DASHBOARD).status_code == 403


def test_dashboard_queries_do_not_grow_with_workrooms(
    liaison_client, areas, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        assert liaison_client.get(DASHBOARD, {"month": "2026-01"}).status_code == 200
    for i in range(10):
        WorkroomFactory(area=AreaFactory(parent=areas.d, kind=AreaKind.SUBDISTRICT, code=f"T-X{i}"))
    with django_assert_max_num_queries(14):
        assert liaison_client.get(DASHBOARD, {"month": "2026-01"}).status_code == 200


def test_workroom_month_page_for_its_clerk(clerk_a_client, wr, clerk_a):
    january_at(wr.a, clerk_a)

    response = clerk_a_client.get(f"/reports/workroom/{wr.a.pk}/", {"month": "2026-01"})

    assert response.status_code == 200
    assert response.context["rule"].passed is True
    assert response.context["petitions"]["replied"] == 3
    assert b"<svg" in response.content


def _a_busy_january(wr, clerk_a, clerk_b):
    """January at wr.a (``january_at``: three requests answered on time, a worked and a missed
    duty, an activity, a wish) and more: a request answered after its deadline, in February; one
    archived after a "basically satisfied" visit; one registered and not yet received. Requests
    at wr.a1 and wr.b, in January and December, that wr.a's page must not count."""
    january_at(wr.a, clerk_a)
    dated_petition(
        wr.a,
        registered_by=clerk_a,
        received_at=bj(2026, 1, 10),
        deadline=date(2026, 1, 15),
        replied_at=bj(2026, 2, 3),
        category=Category.EDUCATION,
        channel=Channel.PHONE,
    )
    dated_petition(
        wr.a,
        registered_by=clerk_a,
        received_at=bj(2026, 1, 3),
        deadline=date(2026, 1, 9),
        replied_at=bj(2026, 1, 4),
        feedback_at=bj(2026, 1, 5),
        satisfaction=Satisfaction.BASICALLY,
        archived_at=bj(2026, 1, 6),
        state=State.ARCHIVED,
        category=Category.PROPERTY,
        channel=Channel.VISIT,
    )
    dated_petition(
        wr.a,
        registered_by=clerk_a,
        registered_at=bj(2026, 1, 25),
        state=State.REGISTERED,
        category=Category.MEDICAL,
        channel=Channel.ONLINE,
    )
    for workroom, clerk in ((wr.a1, clerk_a), (wr.b, clerk_b)):
        for day in (bj(2026, 1, 12), bj(2025, 12, 12)):
            dated_petition(workroom, registered_by=clerk, received_at=day, replied_at=day)


@pytest.mark.parametrize("who", ["clerk_a_client", "representative_client"])
def test_workroom_month_page_shows_every_figure_within_15_queries(
    request, who, wr, clerk_a, clerk_b, django_assert_max_num_queries
):
    client = request.getfixturevalue(who)
    page = f"/reports/workroom/{wr.a.pk}/"
    january_at(wr.a1, clerk_a)
    client.get(page, {"month": "2026-01"})  # the first page after signing in touches the session
    # Session, user, roles, the workroom, two of duties, the rule over 12 months (one union),
    # the requests' figures, two of activities and wishes, the menu's unread count.
    with django_assert_max_num_queries(15) as few:
        client.get(page, {"month": "2026-01"})
    _a_busy_january(wr, clerk_a, clerk_b)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(page, {"month": "2026-01"})

    assert response.status_code == 200
    petitions = response.context["petitions"]
    assert {key: petitions[key] for key in ("registered", "received", "replied", "archived")} == {
        "registered": 6,
        "received": 5,
        "replied": 4,
        "archived": 1,
    }
    assert petitions["overdue"] == 1
    assert (petitions["completed"], petitions["completion_rate"]) == (4, 66.7)
    assert (petitions["on_time"], petitions["with_deadline"], petitions["on_time_rate"]) == (
        4,
        4,
        100.0,
    )
    assert dict(petitions["by_category"]) == {
        Category.EDUCATION.label: 1,
        Category.MEDICAL.label: 1,
        Category.ELDERLY.label: 1,
        Category.PROPERTY.label: 2,
        Category.TRAFFIC.label: 1,
    }
    assert dict(petitions["by_channel"]) == {
        Channel.VISIT.label: 2,
        Channel.PHONE.label: 2,
        Channel.WECHAT.label: 1,
        Channel.ONLINE.label: 1,
    }
    assert petitions["feedbacks"] == 4
    assert dict(petitions["satisfaction"]) == {
        Satisfaction.SATISFIED.label: 3,
        Satisfaction.BASICALLY.label: 1,
        Satisfaction.DISSATISFIED.label: 0,
    }
    assert petitions["satisfaction_rate"] == 100.0
    duties = response.context["duties"]
    assert (duties["shifts"], duties["worked"], duties["missed"]) == (2, 1, 1)
    assert [row["name"] for row in response.context["duty_rows"]] == ["王建华"]
    activities = response.context["activities"]
    assert (activities["total"], activities["wishes_claimed"], activities["wishes_fulfilled"]) == (
        1,
        1,
        1,
    )
    # Received and replied in January, but the request due on the 15th was answered in February.
    rule = response.context["rule"]
    assert (rule.reception, rule.feedback, rule.unanswered) == (True, False, 1)
    trend = response.context["trend"]
    assert [t["month"] for t in trend][-2:] == [date(2025, 12, 1), JAN]
    assert (trend[-1]["received"], trend[-1]["replied"]) == (5, 4)
    assert (trend[-2]["received"], trend[-2]["replied"]) == (0, 0)
    assert (trend[-1]["reception"], trend[-1]["feedback"]) == (rule.reception, rule.feedback)
    body = response.content.decode()
    assert rule.reasons[0] in body
    assert "王建华" in body
    assert "66.7" in body


def test_workroom_month_page_out_of_scope_is_404(clerk_b_client, wr):
    assert clerk_b_client.get(f"/reports/workroom/{wr.a.pk}/").status_code == 404


def test_workroom_month_page_anonymous_redirects(client, wr):
    assert client.get(f"/reports/workroom/{wr.a.pk}/").status_code == 302


def test_rollup_excel_has_a_row_per_workroom(liaison_client, wr, areas, clerk_a):
    january_at(wr.a, clerk_a)

    response = liaison_client.get(f"/reports/dashboard/{areas.d.pk}/excel/", {"month": "2026-01"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue()))["2026年01月"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {wr.d.name, wr.a.name, wr.a1.name, wr.b.name}
    assert rows[wr.a.name][2:4] == ("是", "是")
    assert rows[wr.b.name][2:4] == ("否", "否")


def test_rollup_excel_is_chinese_for_an_english_speaking_reader(liaison, liaison_client, wr, areas):
    liaison.language = "en"
    liaison.save(update_fields=["language"])

    response = liaison_client.get(f"/reports/dashboard/{areas.d.pk}/excel/", {"month": "2026-01"})

    assert response["Content-Language"] == "en"
    sheet = load_workbook(io.BytesIO(response.getvalue()))["2026年01月"]
    reasons = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert reasons and all("当月未答复任何诉求" in reason for reason in reasons)


def test_rollup_excel_of_another_district_is_404(liaison_client, foreign_workroom):
    assert (
        liaison_client.get(f"/reports/dashboard/{foreign_workroom.area_id}/excel/").status_code
        == 404
    )
