"""Pages of the liaison office: one-to-one talks with representatives (with this month's count
against the aim of four) and study plans and sessions with who attended."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import role_required
from accounts.scope import grants_for, has_role, within_or_above_q
from activities.liaison_services import (
    OFFICE,
    TALKS_PER_MONTH,
    LiaisonError,
    plan_create,
    session_create,
    talk_counts,
    talk_create,
)
from activities.models import LiaisonTalk, StudyPlan, StudySession
from activities.more_exports import xlsx_response
from activities.more_forms import StudyPlanForm, StudySessionForm, TalkForm
from representatives.models import Representative
from workrooms.models import Area

PAGE_SIZE = 25


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _office_areas(user) -> list[Area]:
    """The areas whose liaison office the user speaks for: where their office roles sit
    (a superuser speaks for every top-level area)."""
    if user.is_superuser:
        return list(Area.objects.filter(depth=1).order_by("path"))
    ids = [g.area_id for g in grants_for(user) if g.kind in OFFICE]
    return list(Area.objects.filter(pk__in=ids).order_by("path"))


class TalkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="filter_text")
    year = django_filters.NumberFilter(label=gettext_lazy("Year"), field_name="date__year")
    month = django_filters.NumberFilter(label=gettext_lazy("Month"), field_name="date__month")

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(representative__name__icontains=value)
            | Q(summary__icontains=value)
            | Q(suggestions__icontains=value)
        )

    class Meta:
        fields = ["q", "year", "month"]
        form = forms.Form


def _talks(request):
    queryset = (
        LiaisonTalk.objects.visible_to(request.user, kinds=OFFICE)
        .select_related("area", "representative", "talked_by")
        .order_by("-date", "-pk")
    )
    return TalkFilter(request.GET, queryset=queryset, request=request)


@role_required(*OFFICE)
@require_GET
def talks(request):
    """个别谈话: the office's talks, newest first, and this month's count against the aim."""
    filterset = _talks(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "activities/liaison/talk_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "month_counts": talk_counts(
                _office_areas(request.user), year=today.year, month=today.month
            ),
            "target": TALKS_PER_MONTH,
            "today": today,
        },
    )


@role_required(*OFFICE)
@require_GET
def talks_export(request):
    rows = (
        (
            t.date,
            t.area.name,
            t.representative.name,
            t.talked_by.display_name if t.talked_by else "",
            t.summary,
            t.suggestions,
        )
        for t in _talks(request).qs
    )
    headers = [
        ("谈话日期", 12),
        ("党联办", 16),
        ("党代表", 10),
        ("谈话人", 10),
        ("谈话内容", 50),
        ("意见建议", 40),
    ]
    return xlsx_response(
        f"个别谈话-{timezone.localdate():%Y%m%d}.xlsx", [("个别谈话", headers, rows)]
    )


def _representatives(user):
    return Representative.objects.visible_to(user, kinds=OFFICE).order_by("name", "pk")


@require_http_methods(["GET", "POST"])
@role_required(*OFFICE)
def talk_new(request):
    areas = _office_areas(request.user)
    form = TalkForm(
        request.POST or None,
        areas=Area.objects.filter(pk__in=[a.pk for a in areas]),
        representatives=_representatives(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            talk_create(
                actor=request.user,
                area=data["area"],
                representative=data["representative"],
                on=data["date"],
                summary=data["summary"],
                suggestions=data["suggestions"],
            )
        except LiaisonError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The talk has been recorded."))
            return redirect("activities:talks")
    return render(request, "activities/liaison/talk_form.html", {"form": form})


@role_required()
@require_GET
def study(request):
    """研学: the study plans and sessions of the areas in scope and above (a district's plan
    concerns every representative in it), with who attended."""
    plans = (
        StudyPlan.objects.filter(within_or_above_q(request.user))
        .select_related("area")
        .annotate(session_count=Count("sessions"))
        .order_by("-year", "pk")[:20]
    )
    sessions = (
        StudySession.objects.filter(within_or_above_q(request.user))
        .select_related("area", "plan")
        .prefetch_related("attended")
        .order_by("-date", "-pk")
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/liaison/study.html",
        {"plans": plans, "page": page, "can_record": has_role(request.user, *OFFICE)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*OFFICE)
def study_plan_new(request):
    areas = Area.objects.filter(pk__in=[a.pk for a in _office_areas(request.user)])
    form = StudyPlanForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            plan_create(actor=request.user, **form.cleaned_data)
        except LiaisonError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The study plan has been saved."))
            return redirect("activities:study")
    return render(request, "activities/liaison/plan_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(*OFFICE)
def study_session_new(request):
    plans = StudyPlan.objects.visible_to(request.user, kinds=OFFICE).order_by("-year", "pk")
    form = StudySessionForm(
        request.POST or None, plans=plans, representatives=_representatives(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session_create(
                actor=request.user,
                area=data["plan"].area,
                plan=data["plan"],
                on=data["date"],
                title=data["title"],
                record=data["record"],
                attended=data["attended"],
            )
        except LiaisonError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The study session has been recorded."))
            return redirect("activities:study")
    return render(request, "activities/liaison/session_form.html", {"form": form})
