"""The batch figures of the benchmark: the monthly flags, a month of duty shifts, the month's
PDFs through real Celery workers, and a PDF render's peak memory.

Needs Django set up (``bench/run.py`` does it). Each function returns a plain dict for the
results table.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from bench import procs
from core.months import next_month, previous_month
from reports import figures
from reports.models import Report, ReportKind, ReportStatus
from reports.rule import evaluate
from reports.services import districts, request_report
from rosters.generation import generate_month_for_all
from rosters.models import DutyShift
from workrooms.models import Workroom


def monthly_flags(*, runs: int = 3) -> dict:
    """每月有接待、每月有反馈 for every active workroom, last full month (``reports.rule``)."""
    month = previous_month()
    ids = list(Workroom.objects.filter(is_active=True).values_list("pk", flat=True))
    times = []
    results = {}
    for _ in range(runs):
        started = time.perf_counter()
        results = evaluate(ids, [month])
        times.append(time.perf_counter() - started)
    return {
        "month": f"{month:%Y-%m}",
        "workrooms": len(ids),
        "passed": sum(r.passed for r in results.values()),
        "first_s": times[0],
        "median_s": statistics.median(times),
    }


class _RollBack(Exception):
    """Raised to undo the generated month: the benchmark leaves the roster as it found it."""


def _empty_month(start: date) -> date:
    month = start
    for _ in range(36):
        if not DutyShift.objects.filter(date__gte=month, date__lt=next_month(month)).exists():
            return month
        month = next_month(month)
    return month


def month_of_shifts() -> dict:
    """``rosters.generation.generate_month_for_all`` (the beat task's work) for the first month
    from next month on that has no shifts yet, so every shift is created, not found; in one
    transaction rolled back at the end."""
    month = _empty_month(next_month(timezone.localdate().replace(day=1)))
    outcome: dict = {"month": f"{month:%Y-%m}"}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            results = generate_month_for_all(month.year, month.month)
            outcome["seconds"] = time.perf_counter() - started
            outcome["workrooms"] = len(results)
            outcome["created"] = sum(r.created for r in results)
            raise _RollBack
    except _RollBack:
        pass
    return outcome


def _pdf_subjects(count: int):
    """The district with the most active workrooms, and ``count`` workrooms: its own first,
    then others (a small dataset has fewer; all of them then)."""
    sizes = [(figures.district_workrooms(area).count(), area) for area in districts()]
    district = max(sizes, key=lambda pair: pair[0])[1] if sizes else None
    chosen = list(figures.district_workrooms(district)[:count]) if district else []
    if len(chosen) < count:
        others = (
            Workroom.objects.filter(is_active=True)
            .exclude(pk__in=[w.pk for w in chosen])
            .order_by("pk")
        )
        chosen += list(others[: count - len(chosen)])
    return district, chosen


def pdfs_through_workers(
    *, count: int, workers: int, env: dict[str, str], logs: Path, timeout: float
) -> dict:
    """The district roll-up and ``count`` workroom PDFs of the last full month, asked for with
    ``reports.services.request_report`` (rows track their status) and rendered by ``workers``
    Celery worker processes (one task at a time each) on Redis; wall time from the first
    request until every row is done or failed."""
    month = previous_month()
    district, workrooms = _pdf_subjects(count)
    with contextlib.ExitStack() as stack:
        started_workers = [
            stack.enter_context(
                procs.celery_worker(
                    name=f"bench{i + 1}", concurrency=1, env=env, log=logs / f"celery{i + 1}.log"
                )
            )
            for i in range(workers)
        ]
        for worker in started_workers:
            procs.wait_for_line(worker, " ready.", timeout=120)
        started = time.perf_counter()
        reports = [
            request_report(kind=ReportKind.WORKROOM, subject=w, month=month) for w in workrooms
        ]
        if district is not None:
            reports.append(request_report(kind=ReportKind.DISTRICT, subject=district, month=month))
        ids = [r.pk for r in reports]
        finished = {ReportStatus.DONE, ReportStatus.FAILED}
        while True:
            statuses = dict(
                Report.objects.filter(pk__in=ids)
                .values("status")
                .annotate(n=Count("pk"))
                .values_list("status", "n")
            )
            if sum(n for s, n in statuses.items() if s in finished) == len(ids):
                break
            if time.perf_counter() - started > timeout:
                break
            for worker in started_workers:
                if worker.process.poll() is not None:
                    raise RuntimeError(f"{worker.name} exited:\n{worker.tail()}")
            time.sleep(0.2)
        wall = time.perf_counter() - started
        peaks = [
            procs.memory_kib(child).get("VmHWM", 0)
            for worker in started_workers
            for child in procs.children(worker.pid)
        ]
    rows = list(Report.objects.filter(pk__in=ids).values_list("status", "render_seconds"))
    renders = [float(s) for _status, s in rows if s is not None]
    return {
        "month": f"{month:%Y-%m}",
        "district": district.name if district else "",
        "workroom_pdfs": len(workrooms),
        "rollup": district is not None,
        "workers": workers,
        "done": sum(status == ReportStatus.DONE for status, _s in rows),
        "failed": sum(status == ReportStatus.FAILED for status, _s in rows),
        "unfinished": sum(status not in finished for status, _s in rows),
        "seconds": wall,
        "render_median_s": statistics.median(renders) if renders else None,
        "worker_peak_kib": max(peaks) if peaks else None,
    }


def pdf_peak(*, env: dict[str, str]) -> dict:
    """One workroom PDF (the busiest workroom, last full month) rendered in a fresh process:
    its peak resident memory, Django and the fonts included, as a worker's would be."""
    workroom = Workroom.objects.annotate(n=Count("petitions")).order_by("-n", "pk").first()
    if workroom is None:
        return {}
    month = previous_month()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("pdf_peak.py")), str(workroom.pk)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pdf_peak.py failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {"workroom": workroom.name, "month": f"{month:%Y-%m}", **result}
