"""The representative's record page (履职档案), by year, and its Excel export. Whoever may see
the representative (``representatives.selectors.get_representative``) may see the record; a
representative reaches their own through "my record"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from activities.exports.xlsx import xlsx_response
from records.selectors import record_for
from representatives.selectors import get_representative, representative_for_user


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
@require_GET
def record(request, pk):
    representative = get_representative(request.user, pk)
    year = _year(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "records/record.html",
        {
            "rep": representative,
            "record": record_for(representative, year=year),
            "year": year,
            "years": list(range(this_year, this_year - 6, -1)),
        },
    )


@login_required
@require_GET
def my_record(request):
    representative = representative_for_user(request.user)
    if representative is None:
        raise Http404
    return redirect("records:record", pk=representative.pk)


@login_required
@require_GET
def record_export(request, pk):
    rep = get_representative(request.user, pk)
    year = _year(request)
    rec = record_for(rep, year=year)
    sheets = [
        (
            "值班",
            [("日期", 12), ("工作室", 24), ("出勤", 8)],
            [(d.shift.date, d.shift.workroom.name, d.get_attendance_display()) for d in rec.duties],
        ),
        (
            "诉求",
            [("编号", 14), ("诉求事项", 30), ("身份", 10), ("状态", 8), ("登记时间", 18)],
            [
                (str(p), p.title, "接待", p.get_state_display(), p.registered_at)
                for p in rec.received
            ]
            + [
                (str(p), p.title, "责任人", p.get_state_display(), p.registered_at)
                for p in rec.handled
            ],
        ),
        (
            "活动",
            [("日期", 12), ("类型", 12), ("活动", 30), ("工作室", 24)],
            [(a.date, a.type.name, a.title, a.workroom.name) for a in rec.activities],
        ),
        (
            "微心愿",
            [("完成时间", 18), ("心愿", 30), ("工作室", 24)],
            [(w.fulfilled_at, w.content, w.workroom.name) for w in rec.wishes],
        ),
        (
            "送课",
            [("日期", 12), ("课程", 30), ("点单单位", 24)],
            [(o.activity.date, o.course.title, o.unit) for o in rec.courses],
        ),
        (
            "调研报告",
            [("提交时间", 18), ("调研课题", 30), ("调研报告", 30), ("状态", 12)],
            [(r.submitted_at, r.topic.title, r.title, r.get_status_display()) for r in rec.reports],
        ),
        (
            "个别谈话",
            [("日期", 12), ("谈话内容", 50)],
            [(t.date, t.summary) for t in rec.talks],
        ),
        (
            "研学",
            [("日期", 12), ("研学", 30)],
            [(s.date, s.title) for s in rec.study_sessions],
        ),
    ]
    return xlsx_response(f"履职档案-{rep.name}-{year}.xlsx", sheets)
