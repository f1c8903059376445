"""One workroom's monthly PDF rendered in a process of its own, for its peak memory; run by
``bench/run.py`` (``python bench/pdf_peak.py WORKROOM_ID``, environment as the runner's). Prints
one JSON line: ``maxrss_kib`` (getrusage), ``vmhwm_kib`` (/proc), ``seconds``, ``bytes``."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from core.months import previous_month  # noqa: E402
from core.pdf import render_pdf  # noqa: E402
from reports.models import ReportKind  # noqa: E402
from reports.services import TEMPLATES, report_context, report_row  # noqa: E402
from workrooms.models import Workroom  # noqa: E402


def main() -> None:
    workroom = Workroom.objects.get(pk=int(sys.argv[1]))
    report = report_row(kind=ReportKind.WORKROOM, subject=workroom, month=previous_month())
    started = time.perf_counter()
    # The task's work without its bookkeeping: figures, chart, HTML, PDF; nothing is saved.
    pdf = render_pdf(TEMPLATES[ReportKind.WORKROOM], report_context(report))
    seconds = time.perf_counter() - started
    hwm = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
    print(
        json.dumps(
            {
                "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "vmhwm_kib": hwm,
                "seconds": round(seconds, 3),
                "bytes": len(pdf),
            }
        )
    )


if __name__ == "__main__":
    main()
