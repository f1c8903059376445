"""Demo reports: the last three full months for every demo workroom and district, rendered
synchronously through the same service as the monthly job, so the reports page and downloads
are populated on a fresh install. Idempotent: reports already rendered are left as they are,
so a second run changes nothing (the monthly job, not the demo, refreshes them). The oldest
month's roll-ups failed once before they were made, so the office has that notice too."""

from __future__ import annotations

import logging
import time

from core.months import add_months
from reports.models import Report, ReportKind, ReportStatus
from reports.services import generate_now, record_failure, request_report
from workrooms.models import AreaKind

logger = logging.getLogger(__name__)

MONTHS_BACK = 3


def _failed_once(area, month) -> None:
    """The oldest roll-ups failed once (a worker restarted while rendering) before they were
    made again: the liaison office and the administrators were told, as the real job does."""
    report = request_report(kind=ReportKind.DISTRICT, subject=area, month=month, queue=False)
    record_failure(
        report_id=report.pk,
        error="WorkerLostError: the worker was restarted while rendering",
        final=True,
    )


def build(ctx) -> None:
    started = time.perf_counter()
    this_month = ctx.today.replace(day=1)
    months = [add_months(this_month, -n) for n in range(MONTHS_BACK, 0, -1)]
    workrooms = sorted(ctx.workrooms.values(), key=lambda w: w.pk)
    districts = sorted(
        {w.area for w in workrooms} | {a for a in ctx.areas.values()},
        key=lambda a: a.path,
    )
    districts = [a for a in districts if a.kind == AreaKind.DISTRICT]
    done = set(
        Report.objects.filter(status=ReportStatus.DONE, month__in=months)
        .exclude(file="")
        .values_list("kind", "workroom_id", "area_id", "month")
    )
    count = 0
    for month in months:
        for workroom in workrooms:
            if (ReportKind.WORKROOM, workroom.pk, None, month) not in done:
                generate_now(kind=ReportKind.WORKROOM, subject=workroom, month=month)
                count += 1
        for area in districts:
            if (ReportKind.DISTRICT, None, area.pk, month) not in done:
                if month == months[0]:
                    _failed_once(area, month)
                generate_now(kind=ReportKind.DISTRICT, subject=area, month=month)
                count += 1
    logger.info("Demo reports: %d rendered in %.1f s", count, time.perf_counter() - started)
