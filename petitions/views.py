"""Request pages: the lists (all requests, the ledger, my work), registering, the detail page
with its timeline, revealing personal data, attachments and the Excel export.

The workflow moves each have their own POST view in ``petitions.views_steps``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import role_required
from core.workdays import calendar_notice
from core.xlsx import xlsx_response
from petitions import exports
from petitions.filters import LedgerFilter, PetitionFilter
from petitions.forms import STEP_FORMS, RegisterForm
from petitions.models import Channel, Petition, State
from petitions.personal_data import may_reveal
from petitions.personal_data import reveal as reveal_personal_data
from petitions.selectors import (
    deadline_status,
    get_petition,
    is_writable,
    mark_deadlines,
    my_petitions,
    petitions_visible_to,
    recent_shifts,
    resident_data,
    timeline,
    workrooms_for_registering,
)
from petitions.workflow import WorkflowError, allowed_moves, register

PAGE_SIZE = 25


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = mark_deadlines(list(page.object_list))
    for petition in rows:
        petition.resident = resident_data(request.user, petition)
    page.object_list = rows
    return page


@require_GET
@login_required
def petition_list(request):
    filterset = PetitionFilter(
        request.GET, queryset=petitions_visible_to(request.user), request=request
    )
    return render(
        request,
        "petitions/petition_list.html",
        {
            "filter": filterset,
            "page": _page(request, filterset.qs),
            "query": _query_without_page(request),
            "may_register": _may_register(request.user),
        },
    )


@require_GET
@login_required
def ledger(request):
    """党代表工作台账: archived requests, "一事一记", one line each."""
    archived = petitions_visible_to(request.user).filter(state=State.ARCHIVED)
    filterset = LedgerFilter(request.GET, queryset=archived, request=request)
    query = _query_without_page(request)
    return render(
        request,
        "petitions/ledger.html",
        {
            "filter": filterset,
            "page": _page(request, filterset.qs),
            "query": query,
            "export_query": f"state={State.ARCHIVED}&{query}"
            if query
            else f"state={State.ARCHIVED}",
        },
    )


@require_GET
@login_required
def export(request):
    """The filtered list as an Excel workbook (the list's and the ledger's export button)."""
    filterset = PetitionFilter(
        request.GET, queryset=petitions_visible_to(request.user), request=request
    )
    if not filterset.is_valid():
        messages.error(request, _("The filters are not valid; nothing was exported."))
        return redirect("petitions:list")
    return xlsx_response(
        exports.filename(timezone.localdate()),
        [exports.ledger_sheet(filterset.qs, user=request.user)],
    )


@require_GET
@login_required
def mine(request):
    """ "My work": requests I am the responsible handler of, open ones first."""
    page = _page(request, my_petitions(request.user))
    return render(request, "petitions/mine.html", {"page": page, "query": ""})


def _may_register(user) -> bool:
    return workrooms_for_registering(user).exists()


@require_http_methods(["GET", "POST"])
@role_required()
def register_petition(request):
    """登记. ``?workroom=<pk>&channel=<channel>&activity=<pk>`` pre-fill the form (an
    activity's page links here; the request then records the activity it came from)."""
    workrooms = workrooms_for_registering(request.user)
    initial = _prefill(request, workrooms) if request.method == "GET" else {}
    form = RegisterForm(request.POST or None, initial=initial, workrooms=workrooms)
    if initial.get("workroom") is not None:
        # Only that workroom's shifts are worth offering when it is given.
        form.fields["duty_shift"].queryset = recent_shifts([initial["workroom"]])
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                petition = register(
                    workroom=form.cleaned_data["workroom"],
                    actor=request.user,
                    **form.register_fields(),
                )
                _link_activity(petition, form.cleaned_data.get("activity"))
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Request %(ref)s has been registered.") % {"ref": petition.reference},
            )
            return redirect("petitions:detail", pk=petition.pk)
    return render(request, "petitions/register.html", {"form": form})


def _link_activity(petition, activity) -> None:
    # The visit or meeting the request came up at (registered from the activity's page).
    if activity is not None:
        Petition.objects.filter(pk=petition.pk).update(activity=activity)
        petition.activity = activity


def _prefill(request, workrooms) -> dict:
    initial = {}
    workroom_pk = request.GET.get("workroom", "")
    if workroom_pk.isdigit():
        workroom = workrooms.filter(pk=workroom_pk).first()
        if workroom is not None:
            initial["workroom"] = workroom
    else:
        only = list(workrooms[:2])
        if len(only) == 1:
            # A clerk of one workroom need not pick it.
            initial["workroom"] = only[0]
    if request.GET.get("channel") in Channel.values:
        initial["channel"] = request.GET["channel"]
    if request.GET.get("activity", "").isdigit():
        initial["activity"] = request.GET["activity"]
    return initial


def render_detail(request, petition, *, bound=None, revealed=False, status=200):
    """The detail page. ``bound`` is a step form to show with the user's input (after a
    conflict or bad input) in place of that move's empty form."""
    user = request.user
    writable = is_writable(user, petition)
    moves = allowed_moves(petition, user) if writable else []
    forms = []
    kept = None
    for move in moves:
        if bound is not None and bound.move == move.name:
            forms.append((move, bound))
        else:
            forms.append((move, STEP_FORMS[move.name](petition=petition, user=user)))
    if bound is not None and bound.move not in {move.name for move in moves}:
        # The move is no longer possible (someone else took the request on): still show what
        # the user typed, so nothing they wrote is lost.
        kept = bound
    petition.deadline_status = deadline_status(petition)
    events = timeline(petition)
    years = [petition.deadline.year] if petition.deadline else []
    return render(
        request,
        "petitions/petition_detail.html",
        {
            "petition": petition,
            "resident": resident_data(user, petition, revealed=revealed),
            "may_reveal": may_reveal(user, petition),
            "timeline": events,
            "attachments": petition.attachments.select_related("uploaded_by"),
            "transfers": petition.transfers.select_related("from_workroom", "to_workroom"),
            "forms": forms,
            "kept": kept,
            "writable": writable,
            "calendar_notice": calendar_notice(*years) if years else None,
        },
        status=status,
    )


@require_GET
@login_required
def petition_detail(request, pk):
    return render_detail(request, get_petition(request.user, pk))


@require_POST
@login_required
def reveal(request, pk):
    """ "Show the full record": logged (who, when, which request), then shown on this response
    only. Reloading the page masks it again."""
    petition = get_petition(request.user, pk)
    # Refuses (403) those whose roles do not reach the request's current workroom.
    reveal_personal_data(petition, user=request.user)
    response = render_detail(request, petition, revealed=True)
    # The full record must not linger in a browser or proxy cache.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def attachment(request, pk, attachment_pk):
    """An attachment, served only to users who may read the request."""
    petition = get_petition(request.user, pk)
    item = get_object_or_404(petition.attachments, pk=attachment_pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
