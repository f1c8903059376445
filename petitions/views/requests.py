"""One request: registering it, its page with the history, revealing the resident's data, and
its attachments. The lists are ``petitions.views.lists``; each move has its own POST view in
``petitions.views.steps``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import role_required
from core.errors import DomainError, show_error
from core.workdays import calendar_notice
from petitions.forms import STEP_FORMS, RegisterForm
from petitions.models import Channel
from petitions.personal_data import may_reveal
from petitions.personal_data import reveal as reveal_personal_data
from petitions.selectors import (
    deadline_status,
    get_petition,
    is_writable,
    recent_shifts,
    resident_data,
    timeline,
    workrooms_for_registering,
)
from petitions.workflow import allowed_moves


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
            petition = form.register(request.user)
        except DomainError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _("Request %(ref)s has been registered.") % {"ref": petition.reference},
            )
            return redirect("petitions:detail", pk=petition.pk)
    return render(request, "petitions/register.html", {"form": form})


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
