"""Pages of the research topics (集中调查研究): the reports list (overdue replies flagged,
filterable, Excel), topics, submitting a report, and the liaison office's forward and reply
(each its own POST view)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import require_role_on, role_required
from accounts.scope import has_role, has_role_on
from activities.exports import research as exports
from activities.filters.research import ResearchReportFilter
from activities.forms.research import ForwardForm, ReplyForm, ResearchReportForm, ResearchTopicForm
from activities.models import ResearchReport, ResearchTopic
from activities.selectors import OFFICE
from activities.selectors.research import reports_visible_to, topics_visible_to
from activities.services.research import (
    SUBMITTERS,
    is_overdue,
    report_forward,
    report_reply,
    report_submit,
    topic_create,
)
from activities.views import PAGE_SIZE, query_without_page
from core import audit
from core.dates import show_date
from core.errors import DomainError, show_error
from core.once import submit_once
from core.xlsx import xlsx_response
from representatives.models import Representative
from workrooms.models import Area


def _filtered(request):
    return ResearchReportFilter(
        request.GET, queryset=reports_visible_to(request.user), request=request
    )


@role_required()
@require_GET
def research_reports(request):
    """Every report in scope, newest first; overdue replies flagged."""
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for report in page:
        report.overdue = is_overdue(report, today)
    topics = (
        topics_visible_to(request.user)
        .select_related("area")
        .annotate(report_count=Count("reports"))[:12]
    )
    return render(
        request,
        "activities/research/report_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "topics": topics,
            "can_set_topics": has_role(request.user, *OFFICE),
        },
    )


@role_required(*OFFICE)
@require_GET
def research_export(request):
    sheet = exports.reports_sheet(_filtered(request).qs)
    response = xlsx_response(exports.reports_filename(timezone.localdate()), [sheet])
    audit.log_export(
        ResearchReport, actor=request.user, rows=sheet.written, query=request.GET.urlencode()
    )
    return response


@require_http_methods(["GET", "POST"])
@role_required(*OFFICE)
def research_topic_new(request):
    areas = Area.objects.visible_to(request.user, kinds=OFFICE).order_by("path")
    form = ResearchTopicForm(request.POST or None, areas=areas)
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: topic_create(actor=request.user, **form.entered),
                to=lambda topic: reverse("activities:research_topic", args=[topic.pk]),
                done=_("The research topic has been set."),
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            if answer is not None:
                return answer
    return render(request, "activities/research/topic_form.html", {"form": form})


def _get_topic(user, pk) -> ResearchTopic:
    try:
        return topics_visible_to(user).select_related("area").get(pk=pk)
    except (ResearchTopic.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _submittable(user, topic):
    """Representatives the user may submit a report for on this topic."""
    if has_role(user, *SUBMITTERS):
        return Representative.objects.filter(
            Q(pk__in=Representative.objects.visible_to(user, kinds=SUBMITTERS).values("pk"))
            | Q(user=user)
        ).order_by("name", "pk")
    return Representative.objects.filter(user=user)


@login_required
@require_GET
def research_topic(request, pk):
    topic = _get_topic(request.user, pk)
    reports = topic.reports.select_related("representative").order_by("-submitted_at", "-pk")
    today = timezone.localdate()
    reports = list(reports)
    for report in reports:
        report.overdue = is_overdue(report, today)
    return render(
        request,
        "activities/research/topic_detail.html",
        {
            "topic": topic,
            "reports": reports,
            "can_submit": _submittable(request.user, topic).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def research_report_new(request, pk):
    topic = _get_topic(request.user, pk)
    representatives = _submittable(request.user, topic)
    if not representatives.exists():
        raise PermissionDenied
    form = ResearchReportForm(
        request.POST or None, request.FILES or None, representatives=representatives
    )
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: report_submit(actor=request.user, topic=topic, **form.entered),
                to=lambda report: reverse("activities:research_report", args=[report.pk]),
                done=_("The report has been submitted."),
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            if answer is not None:
                return answer
    return render(request, "activities/research/report_form.html", {"topic": topic, "form": form})


def _get_report(user, pk) -> ResearchReport:
    try:
        return reports_visible_to(user).get(pk=pk)
    except (ResearchReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@login_required
@require_GET
def research_report(request, pk):
    report = _get_report(request.user, pk)
    report.overdue = is_overdue(report)
    office = has_role_on(request.user, report.topic.area, *OFFICE)
    return render(
        request,
        "activities/research/report_detail.html",
        {
            "report": report,
            "forward_form": ForwardForm() if office else None,
            "reply_form": ReplyForm() if office else None,
        },
    )


@login_required
@require_GET
def research_attachment(request, pk):
    """The attachment, served only to users who may see the report."""
    report = _get_report(request.user, pk)
    if not report.attachment:
        raise Http404
    try:
        handle = report.attachment.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = report.attachment.name.rsplit(".", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=f"{report.title}.{extension}")


def _office_report(request, pk) -> ResearchReport:
    report = _get_report(request.user, pk)
    require_role_on(request.user, report.topic.area, *OFFICE)
    return report


@require_POST
@login_required
def research_report_forward(request, pk):
    report = _office_report(request, pk)
    form = ForwardForm(request.POST)
    if form.is_valid():
        try:
            report_forward(report, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(
                request,
                _("Forwarded; the reply is due on %(date)s.")
                % {"date": show_date(report.reply_deadline)},
            )
    else:
        messages.error(request, _("Name who must reply and within how many working days."))
    return redirect("activities:research_report", pk=report.pk)


@require_POST
@login_required
def research_report_reply(request, pk):
    report = _office_report(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            report_reply(report, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("The written reply has been recorded."))
    else:
        messages.error(request, _("Enter the written reply."))
    return redirect("activities:research_report", pk=report.pk)
