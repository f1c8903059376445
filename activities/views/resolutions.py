"""Pages of micro-deliberation resolutions (微议事 议定事项): adding one at a meeting (shown on
the meeting's page), following it up, and the list of those not yet done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities.forms.resolutions import FollowUpForm, ResolutionForm
from activities.selectors.log import get_activity, may_edit_activity
from activities.selectors.resolutions import get_resolution, may_follow_up, open_resolutions
from activities.services import resolutions as services
from activities.views import PAGE_SIZE, query_without_page
from activities.views.log import render_detail
from core.errors import DomainError, show_error
from core.once import submit_once
from workrooms.selectors import get_workroom


@require_POST
@login_required
def resolution_add(request, pk):
    activity = get_activity(request.user, pk)
    if not may_edit_activity(request.user, activity):
        raise PermissionDenied
    form = ResolutionForm(request.POST, representatives=activity.representatives.all())
    to = reverse("activities:detail", args=[activity.pk])
    try:
        answer = submit_once(
            request,
            form,
            lambda: services.resolution_add(activity, actor=request.user, **form.entered),
            to=lambda _resolution: to,
            done=_("The resolution has been added."),
            gone=to,
        )
    except DomainError as error:
        form.add_error(None, str(error))
    else:
        if answer is not None:
            return answer
    return render_detail(request, activity, resolution_form=form, status=400)


@require_POST
@login_required
def resolution_follow_up(request, pk):
    resolution = get_resolution(request.user, pk)
    if not may_follow_up(request.user, resolution):
        raise PermissionDenied
    form = FollowUpForm(request.POST, prefix=f"r{resolution.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose the status and write what was done."))
    else:
        try:
            services.resolution_follow_up(resolution, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            show_error(request, error)
        else:
            messages.success(request, _("The follow-up has been recorded."))
    return redirect("activities:detail", pk=resolution.activity_id)


@require_GET
@login_required
def resolution_list(request):
    """Resolutions not yet done, optionally of one workroom (``?workroom=<pk>``)."""
    workroom = None
    workroom_pk = request.GET.get("workroom", "")
    if workroom_pk:
        workroom = get_workroom(request.user, workroom_pk)
    queryset = open_resolutions(request.user, workroom=workroom)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/resolutions/resolution_list.html",
        {"page": page, "workroom": workroom, "query": query_without_page(request)},
    )
