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
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import RoleKind
from accounts.permissions import role_required
from core import audit
from core.errors import DomainError, show_error
from core.months import parse_month, previous_month
from core.xlsx import xlsx_response
from reports import exports, figures, services
from reports.charts import trend_svg
from reports.filters import ReportFilter
from reports.forms import GenerateForm
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
    return parse_month(request.GET.get("month")) or default or previous_month()


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _render_list(request, form, *, status=200):
    filterset = ReportFilter(
        request.GET, queryset=reports_visible_to(request.user, kinds=OFFICE), request=request
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/report_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "busy": any(report.is_busy for report in page),
            "refresh_seconds": REFRESH_SECONDS,
            "form": form,
        },
        status=status,
    )


@require_GET
@role_required(*OFFICE)
def report_list(request):
    initial = {"month": f"{previous_month():%Y-%m}"}
    # Back from generating: the district and month just asked for stay chosen.
    if request.GET.get("area", "").isdigit():
        initial["area"] = int(request.GET["area"])
    if asked := parse_month(request.GET.get("month")):
        initial["month"] = f"{asked:%Y-%m}"
    form = GenerateForm(user=request.user, initial=initial)
    return _render_list(request, form)


@require_GET
@role_required(*OFFICE)
def report_row(request, pk):
    """One row of the list, as it stands now: the list's script asks for it every few seconds
    while the report is queued or rendering, instead of reloading the whole page."""
    report = get_report(request.user, pk, kinds=OFFICE)
    return render(request, "reports/includes/report_row.html", {"report": report})


def _say_how_it_went(request, reports) -> None:
    """Tell what happened, not what was hoped: without a broker the reports are already made
    when the page comes back; with one they wait in the queue."""
    done = sum(r.status == ReportStatus.DONE for r in reports)
    failed = sum(r.status == ReportStatus.FAILED for r in reports)
    waiting = len(reports) - done - failed
    if done:
        messages.success(
            request,
            ngettext("%(count)d report is ready.", "%(count)d reports are ready.", done)
            % {"count": done},
        )
    if waiting:
        messages.info(
            request,
            ngettext(
                "%(count)d report is queued: its row shows its progress.",
                "%(count)d reports are queued: their rows show their progress.",
                waiting,
            )
            % {"count": waiting},
        )
    if failed:
        messages.error(
            request,
            ngettext(
                "%(count)d report failed: its row shows the error.",
                "%(count)d reports failed: their rows show the error.",
                failed,
            )
            % {"count": failed},
        )


@require_POST
@role_required(*OFFICE)
def generate(request):
    form = GenerateForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_list(request, form, status=400)
    area, month = form.cleaned_data["area"], form.cleaned_data["month"]
    try:
        reports = services.request_area_month(area=area, month=month)
    except DomainError as exc:
        show_error(request, exc)
        return redirect("reports:list")
    _say_how_it_went(request, reports)
    return redirect(f"{reverse('reports:list')}?month={month:%Y-%m}&area={area.pk}")


@require_POST
@role_required(*OFFICE)
def regenerate(request, pk):
    report = get_report(request.user, pk, kinds=OFFICE)
    try:
        report = services.request_report(
            kind=report.kind, subject=report.subject, month=report.month
        )
    except DomainError as exc:
        show_error(request, exc)
    else:
        _say_how_it_went(request, [report])
    return redirect(f"{reverse('reports:list')}?month={report.month:%Y-%m}")


@require_GET
@role_required(*OFFICE)
def download(request, pk):
    report = get_report(request.user, pk, kinds=OFFICE)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404(_("This report has no file yet."))
    try:
        # Through the storage, disk or bucket alike (core/storage.py): never a link to the file.
        handle = report.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This report has no file yet.")) from exc
    return FileResponse(
        handle,
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
