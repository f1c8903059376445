"""Report rows and their files: one per (kind, subject, month), regeneration replaces the file,
failures are recorded and retried a bounded number of times, the monthly job covers everyone."""

import re
from datetime import date

import pytest

from reports import services
from reports.models import Report, ReportKind, ReportStatus
from tests.reports.factories import bj

pytestmark = pytest.mark.django_db
JAN = date(2026, 1, 1)


def test_regenerating_keeps_one_row_and_replaces_the_file(wr, media_root):
    first = services.generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)
    first_path = first.file.path

    second = services.generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=date(2026, 1, 17))

    assert second.pk == first.pk
    assert Report.objects.filter(kind=ReportKind.WORKROOM, workroom=wr.a, month=JAN).count() == 1
    assert second.status == ReportStatus.DONE
    assert second.attempts == 1
    assert second.file.storage.exists(second.file.name)
    assert second.file.path == first_path or not first.file.storage.exists(first.file.name)
    assert len(list((media_root / "reports" / "2026-01").iterdir())) == 1


def test_request_report_queues_and_renders_in_process_without_broker(
    wr, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.size > 0
    assert report.generated_at is not None


def test_failed_render_is_retried_then_marked_failed_with_a_reference_to_the_log(
    wr, media_root, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    calls = []

    def broken(template, context):
        calls.append(template)
        raise NotADirectoryError(20, "Not a directory", "/dev/null/media/reports")

    monkeypatch.setattr(services, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    # Users read a reference; the path and the exception stay in the log, under that reference.
    assert "/dev/null" not in report.error
    assert "NotADirectoryError" not in report.error
    reference = re.search(r"[0-9A-F]{8}", report.error).group()
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged
    assert "/dev/null/media/reports" in str(logged[-1].exc_info[1])
    assert len(calls) == services.MAX_RETRIES + 1
    assert report.attempts == services.MAX_RETRIES + 1


def test_monthly_job_creates_one_row_per_workroom_and_district_twice_run(
    wr, areas, media_root, monkeypatch
):
    monkeypatch.setattr(services, "previous_month", lambda today=None: JAN)
    monkeypatch.setattr(services, "render_claimed", lambda report: None)

    services.generate_previous_month()
    services.generate_previous_month()

    assert Report.objects.filter(month=JAN, kind=ReportKind.WORKROOM).count() == 4
    assert list(
        Report.objects.filter(month=JAN, kind=ReportKind.DISTRICT).values_list("area", flat=True)
    ) == [areas.d.pk]


def test_previous_month_on_the_first_at_two_in_the_morning():
    assert services.previous_month(bj(2026, 1, 1, 2).date()) == date(2025, 12, 1)
    assert services.previous_month(date(2026, 3, 31)) == date(2026, 2, 1)


def test_task_for_a_deleted_report_does_nothing(db, media_root, caplog):
    result = services.generate_report.apply(args=[999999])

    # Succeeds without retrying, creates no row to show on the reports page, writes no file.
    assert result.successful()
    assert not Report.objects.exists()
    assert not any(media_root.iterdir())
    assert "failed" not in caplog.text
