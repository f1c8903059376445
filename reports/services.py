"""Creating, queueing and rendering reports, and the Celery tasks that render them (they take
ids, call the functions here, and are safe to run twice)."""

from __future__ import annotations

import logging
import time
from datetime import date

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, log_incident
from core.months import month_of, previous_month
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
    preview (marked provisional). A month to come has nothing to report yet, and a month
    outside the years served (0001-01, 9999-12) is no month to report on."""
    if month_of(month.year, month.month) is None:
        raise DomainError(_("There is no report for %(month)s.") % {"month": f"{month:%Y-%m}"})
    if month.replace(day=1) > timezone.localdate().replace(day=1):
        raise DomainError(
            _("%(month)s has not begun: there is nothing to report yet.")
            % {"month": f"{month:%Y-%m}"}
        )


def request_report(*, kind: str, subject, month: date, queue: bool = True) -> Report:
    """Ask for (re)generation of a report: the row is reset to pending and, once the transaction
    commits, the task is queued (in-process when no broker is configured: the caller waits)."""
    check_month(month)
    with transaction.atomic():
        report = report_row(kind=kind, subject=subject, month=month)
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.PENDING, attempts=0, error="", updated_at=timezone.now()
        )
        if queue:
            transaction.on_commit(lambda: generate_report.delay(report.pk))
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


def render_report(*, report_id: int) -> Report:
    """Render the report's PDF and replace its file. Safe to run twice (late acknowledgement may
    redeliver the task after a worker dies): each run writes a fresh file and drops the old one."""
    # Claim: count the attempt in the database, whoever else is looking at the row.
    Report.objects.filter(pk=report_id).update(
        status=ReportStatus.RUNNING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    report = Report.objects.select_related("workroom__area", "area").get(pk=report_id)
    started = time.perf_counter()
    pdf = render_pdf(TEMPLATES[report.kind], report_context(report))
    elapsed = time.perf_counter() - started
    old_name = report.file.name
    stem = f"{report.kind}-{report.workroom_id or report.area_id}-{report.month:%Y-%m}"
    report.file.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    Report.objects.filter(pk=report.pk).update(
        file=report.file.name,
        size=len(pdf),
        status=ReportStatus.DONE,
        generated_at=timezone.now(),
        render_seconds=round(elapsed, 3),
        error="",
    )
    if old_name and old_name != report.file.name:
        report.file.storage.delete(old_name)
    report.refresh_from_db()
    return report


def record_failure(*, report_id: int, error: str, final: bool) -> None:
    """Keep the error on the row; a final failure shows as failed, otherwise it waits for a retry.

    A final failure is claimed (only a report not failed already turns failed), and the liaison
    office of its area and the administrators are told, once per failure."""
    rows = Report.objects.filter(pk=report_id)
    with transaction.atomic():
        if final:
            rows = rows.exclude(status=ReportStatus.FAILED)
        changed = rows.update(
            status=ReportStatus.FAILED if final else ReportStatus.PENDING,
            error=error[:2000],
            updated_at=timezone.now(),
        )
        if final and changed:
            tell_failed(Report.objects.select_related("workroom__area", "area").get(pk=report_id))


def generate_now(*, kind: str, subject, month: date) -> Report:
    """Create or refresh a report synchronously (demo data, commands): the same rendering."""
    report = request_report(kind=kind, subject=subject, month=month, queue=False)
    return render_report(report_id=report.pk)


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


# --- Celery tasks ----------------------------------------------------------------------------

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


def _attempt(report_id: int, *, final: bool) -> bool:
    """One render; False when it failed (the error is on the row, failed if ``final``)."""
    try:
        render_report(report_id=report_id)
    except Report.DoesNotExist:
        pass  # deleted meanwhile: nothing to do
    except Exception:
        reference = log_incident(logger, "Report %s failed", report_id)
        error = _(
            "The report could not be made (reference %(reference)s); the details are in the "
            "server log."
        ) % {"reference": reference}
        record_failure(report_id=report_id, error=error, final=final)
        return False
    return True


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    name="reports.generate_report",
)
def generate_report(self, report_id: int) -> None:
    """Render one report. Late acknowledgement: a worker killed mid-render leaves the message on
    the broker and the report is rendered again. A failure is retried with a growing delay,
    then marked failed with the error, visible on the reports page."""
    if self.request.is_eager:
        # In-process (no broker): the user is waiting, so retry at once, as many times.
        for attempt in range(MAX_RETRIES + 1):
            if _attempt(report_id, final=attempt == MAX_RETRIES):
                return
        return
    if not _attempt(report_id, final=self.request.retries >= MAX_RETRIES):
        raise self.retry(countdown=30 * (self.request.retries + 1))


@shared_task(acks_late=True, name="reports.generate_previous_month")
def generate_previous_month() -> int:
    """Beat, 1st of the month 02:00 Beijing time: the previous month's reports for every
    workroom and district. Rows are created or reset, never duplicated; each is queued."""
    return len(request_month(month=previous_month()))
