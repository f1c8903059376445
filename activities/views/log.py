"""Pages of the activity log: the list and its export, recording and editing an activity, an
activity's page with its photos, resolutions and the requests it produced, and its photos."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import role_required
from activities.exports import log as exports
from activities.filters.log import ActivityFilter
from activities.forms.log import ActivityForm, PhotoForm
from activities.forms.resolutions import FollowUpForm, ResolutionForm
from activities.models import Activity, ResolutionStatus
from activities.selectors import RECORDERS, representative_of, workrooms_for_recording
from activities.selectors.log import (
    activities_visible_to,
    activity_petitions,
    activity_photos,
    get_activity,
    may_edit_activity,
)
from activities.selectors.resolutions import may_follow_up, resolutions_of
from activities.services import log as services
from activities.views import PAGE_SIZE, query_without_page
from core import audit
from core.errors import DomainError
from core.once import submit_once
from core.xlsx import xlsx_response
from representatives.models import Representative


def _participants(user):
    """Representatives a form may name: those the user's scope reaches."""
    return Representative.objects.visible_to(user).filter(is_active=True).order_by("name", "pk")


@require_GET
@login_required
def activity_list(request):
    filterset = ActivityFilter(
        request.GET, queryset=activities_visible_to(request.user), request=request
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/log/activity_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "may_record": workrooms_for_recording(request.user).exists(),
        },
    )


@require_GET
@login_required
def activity_export(request):
    """The filtered activity list as an Excel workbook."""
    filterset = ActivityFilter(
        request.GET, queryset=activities_visible_to(request.user), request=request
    )
    if not filterset.is_valid():
        messages.error(request, _("The filters are not valid; nothing was exported."))
        return redirect("activities:list")
    sheet = exports.activities_sheet(filterset.qs)
    response = xlsx_response(exports.activities_filename(timezone.localdate()), [sheet])
    audit.log_export(
        Activity, actor=request.user, rows=sheet.written, query=request.GET.urlencode()
    )
    return response


def _activity_form(request, *, instance=None):
    workrooms = workrooms_for_recording(request.user)
    initial = {}
    if instance is None:
        rep = representative_of(request.user)
        if rep is not None:
            initial["representatives"] = [rep.pk]
        only = list(workrooms[:2])
        if len(only) == 1:
            initial["workroom"] = only[0]
    return ActivityForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        workrooms=workrooms,
        representatives=_participants(request.user),
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS)
def activity_create(request):
    """Record an activity. Staff for any workroom they reach; a representative only an activity
    they took part in (they are ticked by default)."""
    form = _activity_form(request)
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: services.activity_create(actor=request.user, **form.service_fields()),
                to=_detail_url,
                done=_("The activity has been recorded."),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if answer is not None:
                return answer
    return render(request, "activities/log/activity_form.html", {"form": form})


def _detail_url(obj) -> str:
    """The activity's page: where an activity, or a photo of it, is seen."""
    pk = obj.pk if isinstance(obj, Activity) else obj.activity_id
    return reverse("activities:detail", args=[pk])


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request, pk):
    activity = get_activity(request.user, pk)
    if not may_edit_activity(request.user, activity):
        raise PermissionDenied
    form = _activity_form(request, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(activity, actor=request.user, **form.service_fields())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The activity has been saved."))
            return redirect("activities:detail", pk=activity.pk)
    return render(
        request, "activities/log/activity_form.html", {"form": form, "activity": activity}
    )


def register_request_url(activity) -> str:
    """The request form pre-filled for this activity: a household visit comes in as 走访, any
    other activity that produces requests as a meeting or forum."""
    channel = "household" if activity.type.code == "household_visit" else "meeting"
    query = urlencode(
        {"workroom": activity.workroom_id, "channel": channel, "activity": activity.pk}
    )
    return f"{reverse('petitions:register')}?{query}"


def render_detail(request, activity, *, photo_form=None, resolution_form=None, status=200):
    user = request.user
    editable = may_edit_activity(user, activity)
    participants = activity.representatives.order_by("name", "pk")
    resolutions = list(resolutions_of(activity))
    for resolution in resolutions:
        if resolution.status != ResolutionStatus.DONE and may_follow_up(user, resolution):
            resolution.form = FollowUpForm(
                initial={"version": resolution.version}, prefix=f"r{resolution.pk}"
            )
    is_deliberation = activity.type.code == "deliberation"
    return render(
        request,
        "activities/log/activity_detail.html",
        {
            "activity": activity,
            "participants": participants,
            "photos": activity_photos(activity),
            "petitions": activity_petitions(user, activity),
            "resolutions": resolutions,
            "is_deliberation": is_deliberation,
            "editable": editable,
            "photo_form": photo_form or (PhotoForm() if editable else None),
            "resolution_form": resolution_form
            or (
                ResolutionForm(representatives=participants)
                if editable and is_deliberation
                else None
            ),
            "register_url": register_request_url(activity)
            if activity.type.produces_requests
            else None,
        },
        status=status,
    )


@require_GET
@login_required
def activity_detail(request, pk):
    return render_detail(request, get_activity(request.user, pk))


@require_POST
@login_required
def photo_add(request, pk):
    activity = get_activity(request.user, pk)
    if not may_edit_activity(request.user, activity):
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES)
    try:
        answer = submit_once(
            request,
            form,
            lambda: services.photo_add(activity, actor=request.user, **form.entered),
            to=_detail_url,
            done=_("The photo has been added."),
            gone=_detail_url(activity),
        )
    except ValidationError as error:
        form.add_error("image", error)
    else:
        if answer is not None:
            return answer
    return render_detail(request, activity, photo_form=form, status=400)


@require_GET
@login_required
def photo(request, pk, photo_pk, size):
    """A photo or its thumbnail, served only to users who may read the activity."""
    activity = get_activity(request.user, pk)
    item = get_object_or_404(activity_photos(activity), pk=photo_pk)
    field = item.thumbnail if size == "thumb" and item.thumbnail else item.image
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg" if size == "thumb" else None)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
