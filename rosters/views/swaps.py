"""Duty swaps (调班): asking for one, the inbox, a swap's page with its history, and the moves
(accept, decline, approve, reject, cancel: one POST view each)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError, show_error
from core.once import submit_once
from rosters import selectors
from rosters.forms import ColleagueForm, DecisionForm, SwapRequestForm
from rosters.swaps import (
    swap_accept,
    swap_accept_in_person,
    swap_actions,
    swap_approve,
    swap_cancel,
    swap_decline,
    swap_history,
    swap_may,
    swap_reject,
    swap_request,
    swap_requester_name,
)
from rosters.views import PAGE_SIZE


@require_http_methods(["GET", "POST"])
@login_required
def swap_create(request, pk):
    """Two steps on one page: whom to ask (a GET form), then the request, with only that
    colleague's duties offered in exchange."""
    duty = selectors.get_duty(request.user, pk)
    if duty.representative.user_id != request.user.pk:
        raise PermissionDenied
    chooser = ColleagueForm(request.GET or None, duty=duty)
    if request.method == "POST":
        form = SwapRequestForm(request.POST, duty=duty)
    else:
        colleague = chooser.cleaned_data["counterpart"] if chooser.is_valid() else None
        form = SwapRequestForm(duty=duty, counterpart=colleague)
    if form.chosen is not None:
        chooser = ColleagueForm(initial={"counterpart": form.chosen.pk}, duty=duty)
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: _swap_request(duty, form.cleaned_data, request.user),
                to=lambda swap: reverse("rosters:swap_detail", args=[swap.pk]),
                done=lambda swap: (
                    _("Your request has been sent to %(name)s.") % {"name": swap.counterpart.name}
                ),
            )
        except DomainError as error:
            show_error(request, error)
        else:
            if answer is not None:
                return answer
    return render(
        request,
        "rosters/swap_form.html",
        {"duty": duty, "chooser": chooser, "form": form if form.chosen else None},
    )


def _swap_request(duty, data, actor):
    return swap_request(
        duty,
        counterpart=data["counterpart"],
        counterpart_duty=data["counterpart_duty"],
        actor=actor,
        reason=data["reason"],
    )


@login_required
def swap_inbox(request):
    inbox = selectors.swap_inbox(request.user)
    return render(
        request,
        "rosters/swap_inbox.html",
        {
            "to_answer": list(inbox["to_answer"][:50]),
            "mine": list(inbox["mine"][:50]),
            "to_decide": Paginator(inbox["to_decide"], PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


@login_required
def swap_detail(request, pk):
    swap = selectors.get_swap(request.user, pk)
    return render(
        request,
        "rosters/swap_detail.html",
        {
            "swap": swap,
            "history": swap_history(swap),
            "requester": swap_requester_name(swap),
            "actions": swap_actions(swap, request.user),
            "decision_form": DecisionForm(),
            "consent_form": DecisionForm(prefix="consent"),
        },
    )


def _swap_move(request, pk, move: str, service, done: str, *, with_note: bool = False, prefix=None):
    swap = selectors.get_swap(request.user, pk)
    # Who may make this move at all is a 403; whether the state still allows it, a message.
    if not swap_may(move, swap, request.user):
        raise PermissionDenied
    kwargs = {}
    if with_note:
        form = DecisionForm(request.POST, prefix=prefix)
        kwargs["note"] = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        service(swap, actor=request.user, **kwargs)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, done)
    return redirect("rosters:swap_detail", pk=swap.pk)


@require_POST
@login_required
def swap_accept_view(request, pk):
    return _swap_move(
        request, pk, "accept", swap_accept, _("Accepted: the liaison officer decides next.")
    )


@require_POST
@login_required
def swap_accept_in_person_view(request, pk):
    """The liaison officer records the other representative's consent, given in person."""
    return _swap_move(
        request,
        pk,
        "accept_in_person",
        swap_accept_in_person,
        _("Their consent is recorded: the swap now waits for approval."),
        with_note=True,
        prefix="consent",
    )


@require_POST
@login_required
def swap_decline_view(request, pk):
    return _swap_move(request, pk, "decline", swap_decline, _("Declined."))


@require_POST
@login_required
def swap_approve_view(request, pk):
    return _swap_move(
        request,
        pk,
        "approve",
        swap_approve,
        _("Approved: the schedule has been updated."),
        with_note=True,
    )


@require_POST
@login_required
def swap_reject_view(request, pk):
    return _swap_move(request, pk, "reject", swap_reject, _("Rejected."), with_note=True)


@require_POST
@login_required
def swap_cancel_view(request, pk):
    return _swap_move(request, pk, "cancel", swap_cancel, _("Your request has been withdrawn."))
