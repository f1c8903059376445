"""Reports cannot get stuck: a lost message is queued again, a dead worker's render is taken
back after its lease and run again or, after the last attempt, failed with a reason shown on
the reports page; attempts are counted on the row, so retries stay bounded however often the
broker redelivers; impossible months are refused at the form, the service and the task."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.jobs import sweep
from reports import services
from reports.models import Report, ReportKind, ReportStatus

pytestmark = pytest.mark.django_db
JAN = date(2026, 1, 1)


def _after(seconds):
    return timezone.now() + timedelta(seconds=seconds + 1)


def _pending(wr):
    return services.request_report(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN, queue=False)


@pytest.fixture
def broker_down():
    """Sending a task fails as with Redis unreachable, until ``.undo()`` (the broker is back)."""

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(services.generate_report, "delay", unreachable)
        yield patched


def test_a_render_whose_worker_died_is_run_again_after_the_lease(wr, media_root):
    report = _pending(wr)
    assert services.claim_report(report.pk) is not None  # a worker took it, then was killed

    assert services.sweep_reports() == 0  # the lease still runs
    assert services.sweep_reports(now=_after(settings.JOB_LEASE_SECONDS)) == 1

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.attempts == 2
    assert report.error == ""
    assert report.file.storage.exists(report.file.name)


def test_a_worker_dying_on_the_last_attempt_fails_the_report_with_the_reason_shown(
    wr, media_root, liaison_client
):
    report = _pending(wr)
    Report.objects.filter(pk=report.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    assert services.claim_report(report.pk) is not None

    assert services.sweep_reports(now=_after(settings.JOB_LEASE_SECONDS)) == 1

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.attempts == services.MAX_ATTEMPTS
    # Chinese first: "the worker stopped while rendering (attempt 4 of 4) …"
    assert "后台任务进程中断（第4次，共4次）" in report.error
    page = liaison_client.get("/reports/", {"month": "2026-01"})
    assert "后台任务进程中断" in page.content.decode()


def test_the_old_worker_finishing_late_keeps_nothing(wr, media_root, monkeypatch):
    report = _pending(wr)
    slow = services.claim_report(report.pk)
    assert slow is not None
    # The lease expired: the sweep gave the report to another worker, which rendered it.
    services.sweep_reports(now=_after(settings.JOB_LEASE_SECONDS))
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.DONE, 2)

    # The first worker wakes up and claims again: the row is done, it is not its to render.
    assert services.render_report(report_id=report.pk) is None
    assert Report.objects.get(pk=report.pk).attempts == 2


def test_the_old_worker_failing_late_leaves_its_successors_render_alone(wr, media_root):
    report = _pending(wr)
    slow = services.claim_report(report.pk)
    # The lease expired and the report was taken back; another worker claimed it and renders.
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.PENDING)
    assert services.claim_report(report.pk) is not None

    # The first worker's render fails at last: its failure is not the successor's.
    services.record_failure(
        report_id=report.pk, error="失败了", final=False, retry_in=30, attempt=slow.attempts
    )

    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (ReportStatus.RUNNING, 2, "")


def test_a_broker_down_at_regeneration_answers_no_error_and_the_sweep_runs_it_later(
    wr, media_root, liaison_client, broker_down, django_capture_on_commit_callbacks
):
    report = services.generate_now(kind=ReportKind.WORKROOM, subject=wr.a, month=JAN)

    with django_capture_on_commit_callbacks(execute=True):
        response = liaison_client.post(f"/reports/{report.pk}/regenerate/")

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING
    assert report.attempts == 0

    broker_down.undo()  # the broker is back
    assert services.sweep_reports() == 0  # not before the pickup time
    assert services.sweep_reports(now=_after(settings.JOB_PICKUP_SECONDS)) == 1
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.DONE, 1)


def test_the_sweep_while_the_broker_is_still_down_tries_once_a_pickup_period(
    wr, media_root, broker_down
):
    report = _pending(wr)
    later = _after(settings.JOB_PICKUP_SECONDS)

    assert services.sweep_reports(now=later) == 1  # tried, still down
    assert services.sweep_reports(now=later) == 0
    assert Report.objects.get(pk=report.pk).status == ReportStatus.PENDING


def test_a_duplicate_message_renders_once(wr, media_root, monkeypatch):
    report = _pending(wr)
    renders = []
    real = services.render_pdf

    def counting(template, context):
        renders.append(template)
        return real(template, context)

    monkeypatch.setattr(services, "render_pdf", counting)
    assert services.generate_report.delay(report.pk).get() == services.DONE
    assert services.generate_report.delay(report.pk).get() == services.SKIPPED

    assert len(renders) == 1


def test_retries_are_bounded_on_the_row_whatever_the_message_says(wr, media_root, monkeypatch):
    """A redelivered message starts its own retry count again: the row's count decides."""
    report = _pending(wr)

    def broken(template, context):
        raise RuntimeError("font missing")

    monkeypatch.setattr(services, "render_pdf", broken)

    class Retry(Exception):
        pass

    monkeypatch.setattr(services.generate_report, "retry", lambda **options: Retry())
    outcomes = []
    for _redelivery in range(7):
        services.generate_report.push_request(retries=0, is_eager=False)
        try:
            outcomes.append(services.generate_report.run(report.pk))
        except Retry:
            outcomes.append("retry")
        finally:
            services.generate_report.pop_request()

    assert outcomes == ["retry"] * 3 + [services.FAILED] + [services.SKIPPED] * 3
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.FAILED, services.MAX_ATTEMPTS)


def test_core_sweep_runs_the_reports_sweeper(wr, media_root):
    report = _pending(wr)
    Report.objects.filter(pk=report.pk).update(lease_until=timezone.now() - timedelta(seconds=1))

    assert sweep()["reports.services.sweep_reports"] == 1
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DONE


# --- impossible months ---------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["0001-01", "1999-12", "9999-12"])
def test_an_impossible_month_is_refused_at_the_form(liaison_client, areas, month):
    response = liaison_client.post("/reports/generate/", {"area": areas.d.pk, "month": month})

    assert response.status_code == 400
    # The month kit refuses it with the window it serves.
    assert response.context["form"].has_error("month", code="bad_month")
    assert "2000-01" in response.content.decode()
    assert not Report.objects.exists()


def test_an_impossible_month_is_refused_by_the_service(wr):
    with pytest.raises(services.DomainError, match="不在可生成报告的月份范围内"):
        services.request_report(
            kind=ReportKind.WORKROOM, subject=wr.a, month=date(1, 1, 1), queue=False
        )


def test_a_row_with_an_impossible_month_fails_at_once_without_retrying(wr, media_root):
    report = Report.objects.create(kind=ReportKind.WORKROOM, workroom=wr.a, month=date(1, 1, 1))

    assert services.generate_report.delay(report.pk).get() == services.FAILED

    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.FAILED, 1)
    assert "0001-01不在可生成报告的月份范围内" in report.error
