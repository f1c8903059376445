"""Reports pages: the list with generation and downloads (liaison office), the district
dashboard, a workroom's month page and the roll-up as Excel. Views stay thin: figures come from
``reports.figures``, writes from ``reports.services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import RoleKind
from accounts.permissions import role_required
from core import audit
from core.xlsx import xlsx_response
from reports import exports, figures, services
from reports.charts import trend_svg
from reports.filters import ReportFilter
from reports.forms import GenerateForm, parse_month
from reports.models import ReportKind, ReportStatus
from reports.selectors import (
    get_report,
    get_rollup_area,
    reports_visible_to,
    rollup_areas_visible_to,
)
from workrooms.models import Area
from workrooms.selectors import get_workroom

# Reports are the liaison office's tool (and the administrator's); clerks and representatives
# see their own workroom's month page instead.
OFFICE = (RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
PAGE_SIZE = 30
REFRESH_SECONDS = 3


def _month(request, default=None):
    return parse_month(request.GET.get("month")) or default or services.previous_month()


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@role_required(*OFFICE)
def report_list(request):
    filterset = ReportFilter(
        request.GET, queryset=reports_visible_to(request.user, kinds=OFFICE), request=request
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    busy = any(report.is_busy for report in page)
    form = GenerateForm(user=request.user, initial={"month": f"{services.previous_month():%Y-%m}"})
    return render(
        request,
        "reports/report_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "busy": busy,
            "refresh_seconds": REFRESH_SECONDS,
            "form": form,
        },
    )


@require_POST
@role_required(*OFFICE)
def generate(request):
    form = GenerateForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a district and a month."))
        return redirect("reports:list")
    area, month = form.cleaned_data["area"], form.cleaned_data["month"]
    reports = services.request_area_month(area=area, month=month)
    messages.success(
        request,
        _("%(count)d reports requested for %(month)s.")
        % {"count": len(reports), "month": f"{month:%Y-%m}"},
    )
    return redirect(f"{reverse('reports:list')}?month={month:%Y-%m}")


@require_POST
@role_required(*OFFICE)
def regenerate(request, pk):
    report = get_report(request.user, pk, kinds=OFFICE)
    services.request_report(kind=report.kind, subject=report.subject, month=report.month)
    messages.success(request, _("The report is being generated again."))
    return redirect(f"{reverse('reports:list')}?month={report.month:%Y-%m}")


@require_GET
@role_required(*OFFICE)
def download(request, pk):
    report = get_report(request.user, pk, kinds=OFFICE)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404(_("This report has no file yet."))
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.download_name,
        content_type="application/pdf",
    )


@require_GET
@role_required(*OFFICE)
def dashboard(request):
    areas = list(rollup_areas_visible_to(request.user, kinds=OFFICE))
    area_pk = request.GET.get("area")
    area = (
        get_rollup_area(request.user, area_pk, kinds=OFFICE)
        if area_pk
        else (areas[0] if areas else None)
    )
    month = _month(request, default=timezone.localdate().replace(day=1))
    data = figures.district_rollup(area, month) if area else None
    return render(
        request,
        "reports/dashboard.html",
        {"areas": areas, "area": area, "month": month, "data": data},
    )


@require_GET
@role_required(*OFFICE)
def rollup_excel(request, area_pk):
    area = get_rollup_area(request.user, area_pk, kinds=OFFICE)
    month = _month(request)
    data = figures.district_rollup(area, month)
    response = xlsx_response(f"{area.name}-{month:%Y年%m月}汇总.xlsx", exports.rollup_sheets(data))
    # One row per workroom (each of the three sheets lists the same ones), about one district.
    audit.log_export(
        Area,
        actor=request.user,
        rows=len(data["rows"]),
        query=request.GET.urlencode(),
        subject=area,
    )
    return response


@require_GET
@login_required
def workroom_month(request, pk):
    # Every role in scope may read its workroom's month: clerks and representatives check
    # their own standing before the liaison office does.
    workroom = get_workroom(request.user, pk)
    month = _month(request, default=timezone.localdate().replace(day=1))
    data = figures.workroom_month(workroom, month)
    return render(
        request,
        "reports/workroom_month.html",
        {**data, "chart": trend_svg(data["trend"]), "report_kind": ReportKind.WORKROOM},
    )
