"""Pages of study (研学): the plans and sessions of the areas in scope and above, with who
attended, and recording a plan or a session (the liaison office)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import role_required
from accounts.scope import has_role, within_or_above_q
from activities.forms.study import StudyPlanForm, StudySessionForm
from activities.models import StudyPlan, StudySession
from activities.selectors import OFFICE
from activities.selectors.liaison import office_areas, office_representatives
from activities.services.study import plan_create, session_create
from activities.views import PAGE_SIZE
from core.errors import DomainError, show_error
from core.once import submit_once
from workrooms.models import Area


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
        "activities/study/study.html",
        {"plans": plans, "page": page, "can_record": has_role(request.user, *OFFICE)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*OFFICE)
def study_plan_new(request):
    areas = Area.objects.filter(pk__in=[a.pk for a in office_areas(request.user)])
    form = StudyPlanForm(request.POST or None, areas=areas)
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: plan_create(actor=request.user, **form.entered),
                to=lambda _plan: reverse("activities:study"),
                done=_("The study plan has been saved."),
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            if answer is not None:
                return answer
    return render(request, "activities/study/plan_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required(*OFFICE)
def study_session_new(request):
    plans = StudyPlan.objects.visible_to(request.user, kinds=OFFICE).order_by("-year", "pk")
    form = StudySessionForm(
        request.POST or None, plans=plans, representatives=office_representatives(request.user)
    )
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: _session_create(request.user, form.cleaned_data),
                to=lambda _session: reverse("activities:study"),
                done=_("The study session has been recorded."),
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            if answer is not None:
                return answer
    return render(request, "activities/study/session_form.html", {"form": form})


def _session_create(actor, data):
    return session_create(
        actor=actor,
        area=data["plan"].area,
        plan=data["plan"],
        on=data["date"],
        title=data["title"],
        record=data["record"],
        attended=data["attended"],
    )
