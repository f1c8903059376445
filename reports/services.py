"""Creating, queueing and rendering reports, and the Celery tasks that render them (they take
ids, call the functions here, and are safe to run twice)."""

from __future__ import annotations

import logging
import time
from datetime import date

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jobs
from core.errors import DomainError, log_incident
from core.months import FIRST_MONTH, LAST_MONTH, in_window, previous_month
from core.pdf import render_pdf
from reports import figures
from reports.charts import trend_svg
from reports.models import Report, ReportKind, ReportStatus
from reports.notifications import tell_failed
from workrooms.models import Area, AreaKind, Workroom


def _subject_fields(kind: str, subject) -> dict:
    if kind == ReportKind.WORKROOM:
        return {"kind": kind, "workroom": subject, "area": None}
    return {"kind": kind, "area": subject, "workroom": None}


def report_row(*, kind: str, subject, month: date) -> Report:
    """The one row of (kind, subject, month), created pending when missing."""
    fields = _subject_fields(kind, subject)
    month = month.replace(day=1)
    lookup = {
        "kind": kind,
        "month": month,
        "workroom" if kind == ReportKind.WORKROOM else "area": subject,
    }
    report, _created = Report.objects.get_or_create(**lookup, defaults={**fields, "month": month})
    return report


def check_month(month: date) -> None:
    """A report covers a month that has begun: one that has ended, or the current month as a
    preview (marked provisional). A month to come has nothing to report yet, and one outside
    the app's window (0001-01) is a mistake."""
    if not in_window(month):
        raise DomainError(month_out_of_window(month))
    if month.replace(day=1) > timezone.localdate().replace(day=1):
        raise DomainError(
            _("%(month)s has not begun: there is nothing to report yet.")
            % {"month": f"{month:%Y-%m}"}
        )


def month_out_of_window(month: date) -> str:
    return _("%(month)s is outside the months reports are made for (%(first)s to %(last)s).") % {
        "month": f"{month.year:04d}-{month.month:02d}",
        "first": f"{FIRST_MONTH:%Y-%m}",
        "last": f"{LAST_MONTH:%Y-%m}",
    }


def request_report(*, kind: str, subject, month: date, queue: bool = True) -> Report:
    """Ask for (re)generation of a report: the row is reset to pending and, once the transaction
    commits, the task is queued (in-process when no broker is configured: the caller waits).

    A broker that cannot be reached fails nothing: the row waits, pending, and the sweep
    (``sweep_reports``) queues it once the pickup time has passed."""
    check_month(month)
    with transaction.atomic():
        report = report_row(kind=kind, subject=subject, month=month)
        now = timezone.now()
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.PENDING,
            attempts=0,
            error="",
            lease_until=jobs.pickup_deadline(now),
            updated_at=now,
        )
        if queue:
            transaction.on_commit(lambda: jobs.enqueue(generate_report, report.pk))
    report.refresh_from_db()
    return report


def report_context(report: Report, *, now=None) -> dict:
    if report.kind == ReportKind.WORKROOM:
        data = figures.workroom_month(report.workroom, report.month, now=now)
        data["chart"] = trend_svg(data["trend"])
    else:
        data = figures.district_rollup(report.area, report.month, now=now)
    data["generated_at"] = timezone.localtime(now or timezone.now())
    return data


TEMPLATES = {
    ReportKind.WORKROOM: "reports/pdf/workroom.html",
    ReportKind.DISTRICT: "reports/pdf/district.html",
}


# Attempts per report, counted in the database: the first and three retries. A message's own
# retry count starts again whenever the broker redelivers it, so it bounds nothing.
MAX_RETRIES = 3
MAX_ATTEMPTS = MAX_RETRIES + 1


def claim_report(report_id: int) -> Report | None:
    """Take a pending report for one attempt, or None when it is not ours to render (done,
    failed, out of attempts, or held by another worker: a duplicate message does nothing)."""
    now = timezone.now()
    taken = Report.objects.filter(
        pk=report_id, status=ReportStatus.PENDING, attempts__lt=MAX_ATTEMPTS
    ).update(
        status=ReportStatus.RUNNING,
        attempts=F("attempts") + 1,
        lease_until=jobs.lease_deadline(now),
        updated_at=now,
    )
    if taken != 1:
        return None
    return Report.objects.select_related("workroom__area", "area").get(pk=report_id)


def render_report(*, report_id: int) -> Report | None:
    """Claim the report, render its PDF and replace its file; None when it was not ours. Safe
    to run twice: the claim lets one run through, and a run whose lease was taken back
    meanwhile (its worker was thought dead, or the report asked for again) keeps nothing."""
    report = claim_report(report_id)
    return None if report is None else render_claimed(report)


def render_claimed(report: Report) -> Report | None:
    """Render a report this run has claimed (``claim_report``); None when the claim was taken
    back meanwhile."""
    if not in_window(report.month):
        # No attempt can succeed: fail at once instead of retrying.
        raise ImpossibleMonth(month_out_of_window(report.month))
    started = time.perf_counter()
    pdf = render_pdf(TEMPLATES[report.kind], report_context(report))
    elapsed = time.perf_counter() - started
    old_name = report.file.name
    stem = f"{report.kind}-{report.workroom_id or report.area_id}-{report.month:%Y-%m}"
    report.file.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    finished = Report.objects.filter(
        pk=report.pk, status=ReportStatus.RUNNING, attempts=report.attempts
    ).update(
        file=report.file.name,
        size=len(pdf),
        status=ReportStatus.DONE,
        generated_at=timezone.now(),
        render_seconds=round(elapsed, 3),
        error="",
        lease_until=None,
        updated_at=timezone.now(),
    )
    if finished != 1:
        # Another attempt owns the row now: this file is nobody's.
        report.file.storage.delete(report.file.name)
        return None
    if old_name and old_name != report.file.name:
        report.file.storage.delete(old_name)
    report.refresh_from_db()
    return report


class ImpossibleMonth(DomainError):
    """A report row whose month lies outside the window: retrying cannot help."""


def record_failure(
    *, report_id: int, error: str, final: bool, retry_in: float = 0, attempt: int | None = None
) -> None:
    """Keep the error on the row; a final failure shows as failed, otherwise it waits for a retry
    (due ``retry_in`` seconds from now, after which the sweep queues it if no message came).

    ``attempt``: the failure of that claimed attempt, recorded only while the row is still that
    attempt's (a render whose lease was taken back must not overwrite its successor's row).
    A final failure is claimed (only a report not failed already turns failed), and the liaison
    office of its area and the administrators are told, once per failure."""
    rows = Report.objects.filter(pk=report_id)
    if attempt is not None:
        rows = rows.filter(status=ReportStatus.RUNNING, attempts=attempt)
    now = timezone.now()
    with transaction.atomic():
        if final:
            rows = rows.exclude(status=ReportStatus.FAILED)
        changed = rows.update(
            status=ReportStatus.FAILED if final else ReportStatus.PENDING,
            error=error[:2000],
            lease_until=None if final else jobs.pickup_deadline(now, delay=retry_in),
            updated_at=now,
        )
        if final and changed:
            tell_failed(Report.objects.select_related("workroom__area", "area").get(pk=report_id))


def generate_now(*, kind: str, subject, month: date) -> Report:
    """Create or refresh a report synchronously (demo data, commands): the same rendering."""
    report = request_report(kind=kind, subject=subject, month=month, queue=False)
    render_report(report_id=report.pk)
    report.refresh_from_db()
    return report


def districts():
    return Area.objects.filter(kind=AreaKind.DISTRICT).order_by("path")


def request_month(*, month: date, queue: bool = True) -> list[Report]:
    """Create or refresh the month's reports for every active workroom and every district."""
    reports = [
        request_report(kind=ReportKind.WORKROOM, subject=w, month=month, queue=queue)
        for w in Workroom.objects.filter(is_active=True).order_by("pk")
    ]
    reports += [
        request_report(kind=ReportKind.DISTRICT, subject=a, month=month, queue=queue)
        for a in districts()
    ]
    return reports


def request_area_month(*, area: Area, month: date) -> list[Report]:
    """A district's reports of a month: every active workroom below it and its roll-up."""
    reports = [
        request_report(kind=ReportKind.WORKROOM, subject=w, month=month)
        for w in figures.district_workrooms(area)
    ]
    reports.append(request_report(kind=ReportKind.DISTRICT, subject=area, month=month))
    return reports


# --- Celery tasks and the sweep ---------------------------------------------------------------

logger = logging.getLogger(__name__)

DONE, RETRY, FAILED, SKIPPED = "done", "retry", "failed", "skipped"


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt: 30, 60, 90 … kept well inside the broker's visibility
    timeout, past which Redis would hand the waiting message to a second worker."""
    return min(30 * attempts, int(settings.CELERY_VISIBILITY_TIMEOUT) // 2)


def attempt(report_id: int) -> str:
    """One attempt: DONE, RETRY (it failed, attempts are left: the row waits pending), FAILED
    (the last attempt failed, or no attempt can succeed) or SKIPPED (not ours to render)."""
    claimed = claim_report(report_id)
    if claimed is None:
        return SKIPPED  # not ours to render, or deleted meanwhile
    try:
        report = render_claimed(claimed)
    except Report.DoesNotExist:
        return SKIPPED  # deleted meanwhile: nothing to do
    except Exception as exc:
        attempts = claimed.attempts
        final = isinstance(exc, ImpossibleMonth) or attempts >= MAX_ATTEMPTS
        if isinstance(exc, DomainError):
            logger.warning("Report %s refused: %s", report_id, exc)
            error = str(exc)
        else:
            # The exception's text may hold server paths: the user sees a reference to it.
            reference = log_incident(logger, "Report %s failed", report_id)
            error = _(
                "The report could not be made (reference %(reference)s); the details are in "
                "the server log."
            ) % {"reference": reference}
        record_failure(
            report_id=report_id,
            error=error,
            final=final,
            retry_in=retry_delay(attempts),
            attempt=attempts,
        )
        return FAILED if final else RETRY
    return SKIPPED if report is None else DONE


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_ATTEMPTS,
    name="reports.generate_report",
)
def generate_report(self, report_id: int) -> str:
    """Render one report. A failure is tried again after a growing delay, up to MAX_ATTEMPTS
    attempts counted on the row, then marked failed with the error, visible on the reports
    page. A worker killed mid-render is found by the sweep once its lease expires."""
    outcome = attempt(report_id)
    if self.request.is_eager:
        # In-process (no broker): the user is waiting, so try again at once, within the bound.
        while outcome == RETRY:
            outcome = attempt(report_id)
        return outcome
    if outcome == RETRY:
        attempts = Report.objects.filter(pk=report_id).values_list("attempts", flat=True).first()
        raise self.retry(countdown=retry_delay(attempts or 1))
    return outcome


def _worker_stopped(attempts: int) -> str:
    return _(
        "The worker stopped while rendering (attempt %(attempt)d of %(max)d): it did not "
        "finish within %(seconds)d seconds."
    ) % {"attempt": attempts, "max": MAX_ATTEMPTS, "seconds": jobs.lease_seconds()}


def sweep_reports(now=None) -> int:
    """The sweep's part for reports (``core.sweep``): a pending report past its pickup time lost
    its message and is queued again; a running one past its lease lost its worker and is queued
    again, or fails with the reason once its attempts are used up. Returns how many rows it
    acted on. Every change is a conditional UPDATE, so two sweeps at once act once."""
    now = now or timezone.now()
    reports = Report.objects.all()
    lost = jobs.lost_messages(reports, waiting=ReportStatus.PENDING, since="updated_at", now=now)
    for pk in lost:
        jobs.enqueue(generate_report, pk)
    acted = len(lost)
    running = ReportStatus.RUNNING
    for held, pk, attempts in jobs.dead_workers(
        reports, running=running, since="updated_at", now=now
    ):
        if attempts >= MAX_ATTEMPTS:
            with transaction.atomic():
                if held.update(status=ReportStatus.PENDING):
                    record_failure(report_id=pk, error=_worker_stopped(attempts), final=True)
                    acted += 1
            continue
        if held.update(
            status=ReportStatus.PENDING,
            error=_worker_stopped(attempts),
            lease_until=jobs.pickup_deadline(now),
            updated_at=now,
        ):
            acted += 1
            jobs.enqueue(generate_report, pk)
    return acted


@shared_task(acks_late=True, name="reports.generate_previous_month")
def generate_previous_month() -> int:
    """Beat, 1st of the month 02:00 Beijing time: the previous month's reports for every
    workroom and district. Rows are created or reset, never duplicated; each is queued."""
    return len(request_month(month=previous_month()))
