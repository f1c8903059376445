"""Asking for reports from the list page: only for months that have begun (the current one as a
provisional preview), messages that say what actually happened, rows that show their progress
by themselves, and download names that stay readable whatever a workroom is called."""

from datetime import date
from urllib.parse import unquote

import pytest
from django.utils import timezone
from django.utils.translation import ngettext

from core.errors import DomainError
from reports.models import Report, ReportKind, ReportStatus
from reports.services import generate_now, report_row, request_report
from tests.factories import WorkroomFactory

pytestmark = pytest.mark.django_db
LIST = "/reports/"
JAN = date(2026, 1, 1)


def _this_month():
    return timezone.localdate().replace(day=1)


def _next_month():
    first = _this_month()
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


# --- which months -------------------------------------------------------------------------------


def test_a_month_that_has_not_begun_is_refused_beside_the_month_field(liaison_client, areas):
    response = liaison_client.post(
        "/reports/generate/", {"area": areas.d.pk, "month": f"{_next_month():%Y-%m}"}
    )

    assert response.status_code == 400
    assert response.context["form"].has_error("month", code="future_month")
    assert not Report.objects.exists()


def test_the_service_refuses_a_month_to_come_too(wr):
    with pytest.raises(DomainError):
        request_report(kind=ReportKind.WORKROOM, subject=wr.a, month=_next_month(), queue=False)

    assert not Report.objects.exists()


def test_the_current_month_may_be_previewed_and_is_marked_provisional(
    liaison_client, wr, media_root
):
    report = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=_this_month())

    body = liaison_client.get(LIST).content.decode()

    assert report.status == ReportStatus.DONE
    assert report.is_provisional
    assert f'id="report-{report.pk}"' in body
    row = body.split(f'id="report-{report.pk}"')[1].split("</tr>")[0]
    assert "badge-warn" in row and "title=" in row


def test_a_month_that_has_ended_is_not_provisional(wr, media_root):
    assert not generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN).is_provisional


def test_the_month_picker_stops_at_the_current_month(liaison_client):
    form = liaison_client.get(LIST).context["form"]

    assert form.fields["month"].widget.attrs["max"] == f"{_this_month():%Y-%m}"


# --- honest progress ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("restore_migrated_data")
def test_a_regenerated_report_is_announced_as_ready_not_as_being_generated(
    liaison_client, wr, media_root
):
    # Committed as in production: without a broker the task runs when the request's transaction
    # commits, so the report is rendered before the page comes back and must be called ready.
    done = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)

    response = liaison_client.post(f"/reports/{done.pk}/regenerate/")

    done.refresh_from_db()
    assert done.status == ReportStatus.DONE
    ready = ngettext("%(count)d report is ready.", "%(count)d reports are ready.", 1) % {"count": 1}
    assert _messages(response) == [ready]
    assert liaison_client.get(LIST).context["busy"] is False


def test_a_queued_report_is_announced_as_queued(liaison_client, wr, media_root):
    done = generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)

    # The task is queued after the commit (never, in this test): the row stays queued.
    response = liaison_client.post(f"/reports/{done.pk}/regenerate/")

    messages = list(response.wsgi_request._messages)
    assert [m.level_tag for m in messages] == ["info"]
    assert Report.objects.get(pk=done.pk).status == ReportStatus.PENDING


def test_a_busy_row_asks_for_itself_and_the_page_does_not_reload(liaison_client, wr):
    queued = report_row(kind=ReportKind.WORKROOM, subject=wr.b, month=JAN)

    body = liaison_client.get(LIST).content.decode()

    assert f'data-row-url="/reports/{queued.pk}/row/"' in body
    assert "report-rows.js" in body
    # Only browsers without scripts reload the whole page.
    assert body.index('http-equiv="refresh"') > body.index("<noscript>")


def test_a_row_comes_back_as_it_stands_now(liaison_client, wr, media_root):
    report = report_row(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)

    running = liaison_client.get(f"/reports/{report.pk}/row/").content.decode()
    generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
    ready = liaison_client.get(f"/reports/{report.pk}/row/").content.decode()

    assert running.startswith("<tr") and "data-busy" in running
    assert str(ReportStatus.RUNNING.label) in running
    assert "data-busy" not in ready and f"/reports/{report.pk}/download/" in ready


def test_a_row_is_the_offices_and_in_scope_only(clerk_a_client, liaison_client, foreign_workroom):
    other = report_row(kind=ReportKind.WORKROOM, subject=foreign_workroom, month=JAN)

    assert liaison_client.get(f"/reports/{other.pk}/row/").status_code == 404
    assert clerk_a_client.get(f"/reports/{other.pk}/row/").status_code == 403


# --- download names ------------------------------------------------------------------------------


def test_a_workroom_name_with_markup_gives_a_readable_file_name(liaison_client, areas, media_root):
    workroom = WorkroomFactory(area=areas.a, name='<b>书院路</b>/"党代表"工作室')
    report = generate_now(kind=ReportKind.WORKROOM, subject=workroom, month=JAN)

    response = liaison_client.get(f"/reports/{report.pk}/download/")

    disposition = unquote(response["Content-Disposition"])
    assert "书院路 党代表 工作室-2026年01月月报.pdf" in disposition
    assert "<" not in disposition and "b_" not in disposition
