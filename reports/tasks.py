"""Celery tasks: they take ids, call a service, and are safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task

from reports import services
from reports.models import Report

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


def _attempt(report_id: int, *, final: bool) -> bool:
    """One render; False when it failed (the error is on the row, failed if ``final``)."""
    try:
        services.render_report(report_id=report_id)
    except Report.DoesNotExist:
        pass  # deleted meanwhile: nothing to do
    except Exception as exc:
        logger.exception("Report %s failed", report_id)
        services.record_failure(
            report_id=report_id, error=f"{type(exc).__name__}: {exc}", final=final
        )
        return False
    return True


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
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


@shared_task(acks_late=True)
def generate_previous_month() -> int:
    """Beat, 1st of the month 02:00 Beijing time: the previous month's reports for every
    workroom and district. Rows are created or reset, never duplicated; each is queued."""
    return len(services.request_month(month=services.previous_month()))
