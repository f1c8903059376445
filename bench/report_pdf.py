"""Benchmark of the monthly report PDFs (issue 6). Run against a database holding the demo data:

    VAR_DIR=/tmp/rbench DATABASE_URL=sqlite:////tmp/rbench/db.sqlite3 \
        .venv/bin/python manage.py migrate && ... manage.py demo
    VAR_DIR=/tmp/rbench DATABASE_URL=sqlite:////tmp/rbench/db.sqlite3 \
        .venv/bin/python bench/report_pdf.py [-n 15] [--png docs/]

Prints, for the busiest demo workroom's last full month: the median render time of N renders
(HTML → PDF, figures computed once), the file size, the same document with a Latin-only font
(DejaVu Sans, Chinese glyphs replaced by Latin text so no CJK font is touched), the same with
HarfBuzz-Subset switched off (the fontTools fallback that makes a naive setup take seconds), and
the time of the whole monthly run (every workroom and district, figures and rendering).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db.models import Count  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import translation  # noqa: E402

from core import pdf as report_pdf  # noqa: E402
from core.months import previous_month  # noqa: E402
from reports.models import Report, ReportKind  # noqa: E402
from reports.services import (  # noqa: E402
    TEMPLATES,
    render_report,
    report_context,
    report_row,
    request_month,
)
from workrooms.models import Workroom  # noqa: E402

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def timed(fn, n):
    times = []
    result = None
    for _ in range(n):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main():
    import logging

    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=15)
    parser.add_argument(
        "--png", help="directory to write report-workroom.png / report-district.png"
    )
    parser.add_argument("--skip-fonttools", action="store_true")
    args = parser.parse_args()

    month = previous_month()
    workroom = Workroom.objects.annotate(n=Count("petitions")).order_by("-n", "pk").first()
    report = report_row(kind=ReportKind.WORKROOM, subject=workroom, month=month)
    with translation.override("zh-hans"):
        html = render_to_string(TEMPLATES[ReportKind.WORKROOM], report_context(report))
    latin_html = CJK.sub("x", html).replace('"Noto Sans CJK SC"', '"DejaVu Sans"')

    print(f"HarfBuzz-Subset available: {report_pdf.harfbuzz_subset_ok()}")
    print(f"Workroom: {workroom.name}, month {month:%Y-%m}, N={args.n}")
    report_pdf.html_to_pdf(html)  # warm-up: fontconfig and the face are loaded once per process
    cjk_time, cjk_pdf = timed(lambda: report_pdf.html_to_pdf(html), args.n)
    latin_time, latin_pdf = timed(lambda: report_pdf.html_to_pdf(latin_html), args.n)
    print(f"CJK font   : median {cjk_time * 1000:.0f} ms, {len(cjk_pdf) / 1024:.0f} KB")
    print(f"Latin font : median {latin_time * 1000:.0f} ms, {len(latin_pdf) / 1024:.0f} KB")
    print(f"ratio CJK/Latin: {cjk_time / latin_time:.2f}")

    if not args.skip_fonttools:
        import weasyprint.pdf.fonts as wp_fonts

        saved = wp_fonts.harfbuzz_subset
        wp_fonts.harfbuzz_subset = None  # what a machine without libharfbuzz-subset0 does
        try:
            slow, slow_pdf = timed(lambda: report_pdf.html_to_pdf(html), 1)
        finally:
            wp_fonts.harfbuzz_subset = saved
        print(
            f"fontTools subsetting (no HarfBuzz-Subset): {slow:.2f} s, {len(slow_pdf) / 1024:.0f} KB"
        )

    started = time.perf_counter()
    reports = request_month(month=month, queue=False)
    for r in reports:
        render_report(report_id=r.pk)
    total = time.perf_counter() - started
    sizes = [r.size for r in Report.objects.filter(month=month)]
    print(
        f"Monthly run: {len(reports)} reports in {total:.2f} s (largest {max(sizes) / 1024:.0f} KB)"
    )

    if args.png:
        out = Path(args.png)
        for kind, name in (
            (ReportKind.WORKROOM, "report-workroom"),
            (ReportKind.DISTRICT, "report-district"),
        ):
            r = Report.objects.filter(month=month, kind=kind).order_by("-size").first()
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    r.file.path,
                    str(out / name),
                ],
                check=True,
            )
            print(f"wrote {out / name}.png from {r}")


if __name__ == "__main__":
    main()
