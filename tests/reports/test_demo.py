"""reports.demo: the past three months' reports exist after ``demo``, once each."""

from datetime import date

import pytest

from core.demo import DemoContext
from reports import demo, services
from reports.models import Report, ReportKind, ReportStatus

pytestmark = pytest.mark.django_db


def test_demo_generates_three_past_months_once_each(wr, areas, media_root, monkeypatch):
    # The rendering itself is tested elsewhere; here only which reports exist, and once.
    monkeypatch.setattr(services, "render_pdf", lambda template, context: b"%PDF-1.7 demo")
    ctx = DemoContext(today=date(2026, 2, 10))
    ctx.workrooms = {"a": wr.a, "b": wr.b}
    ctx.areas = {"d": areas.d, "a": areas.a}

    demo.build(ctx)
    demo.build(ctx)

    months = sorted(set(Report.objects.values_list("month", flat=True)))
    assert months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)]
    assert Report.objects.filter(kind=ReportKind.WORKROOM).count() == 6
    assert Report.objects.filter(kind=ReportKind.DISTRICT, area=areas.d).count() == 3
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.DONE}
