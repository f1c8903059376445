"""One POST view per move of the six steps. Each is two lines: the form that knows the move
(``petitions.forms.steps``, whose ``perform`` calls the workflow) and ``_step``, which fetches
the request through the selector, answers 403 to a role that may not make the move, validates
the form, performs it and redirects to the request.

When the request changed since the user opened it (another clerk was faster), the page is shown
again (409) with "changed by X at 10:02" and the user's input kept in the form, now carrying
the new version, so they can check the history and send it again. Refusals (``DomainError``)
are shown as messages with the input kept too; nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import has_role_on
from core.errors import Conflict, DomainError, show_error
from petitions import referrals
from petitions.forms import steps as forms
from petitions.models import Petition
from petitions.moves import MOVE_ROLES
from petitions.selectors import get_petition, is_writable
from petitions.views.requests import render_detail


def _require_right(user, petition: Petition, move: str) -> None:
    """403 unless the request is writable for the user and their role may make the move at its
    workroom. Whether the move fits the request's state is the workflow's to say."""
    if not is_writable(user, petition):
        raise PermissionDenied
    if not has_role_on(user, petition.workroom.area, *MOVE_ROLES[move]):
        raise PermissionDenied


def _step(request, pk: int, form_class: type[forms.StepForm]):
    petition = get_petition(request.user, pk)
    _require_right(request.user, petition, form_class.move)
    form = form_class(request.POST, request.FILES, petition=petition, user=request.user)
    if not form.is_valid():
        return render_detail(request, petition, bound=form)
    try:
        # The version the user saw goes to the workflow: a request changed since then is
        # refused with Conflict, naming who changed it.
        notice = form.perform(petition, request.user)
    except DomainError as error:
        status = show_error(request, error)
        fresh = get_petition(request.user, pk)
        if isinstance(error, Conflict):
            # The same input, bound to the current version: sending it again is a choice the
            # user makes after seeing the other change.
            data = form.data.copy()
            data["version"] = str(fresh.version)
            form = form_class(data, request.FILES, petition=fresh, user=request.user)
        return render_detail(request, fresh, bound=form, status=status)
    except ValidationError as error:
        form.add_error(None, error)
        return render_detail(request, get_petition(request.user, pk), bound=form)
    messages.success(request, str(form.success))
    if notice:
        messages.warning(request, notice)
    return redirect("petitions:detail", pk=petition.pk)


@require_POST
@login_required
def receive(request, pk):
    """接待: triage and name the handler."""
    return _step(request, pk, forms.ReceiveForm)


@require_POST
@login_required
def on_the_spot(request, pk):
    """小事当场办: receive, handle and reply at once."""
    return _step(request, pk, forms.OnTheSpotForm)


@require_POST
@login_required
def note(request, pk):
    """A progress note."""
    return _step(request, pk, forms.NoteForm)


@require_POST
@login_required
def attach(request, pk):
    """An attachment (photo, PDF, Word, Excel)."""
    return _step(request, pk, forms.AttachForm)


@require_POST
@login_required
def transfer(request, pk):
    """To another workroom of the district."""
    return _step(request, pk, forms.TransferForm)


@require_POST
@login_required
def escalate(request, pk):
    """To the nearest workroom up the area tree."""
    return _step(request, pk, forms.EscalateForm)


@require_POST
@login_required
def reassign(request, pk):
    """Another responsible handler."""
    return _step(request, pk, forms.ReassignForm)


@require_POST
@login_required
def handle(request, pk):
    """处理: what was done."""
    return _step(request, pk, forms.HandleForm)


@require_POST
@login_required
def reply(request, pk):
    """回复: what the resident was told."""
    return _step(request, pk, forms.ReplyForm)


@require_POST
@login_required
def feedback(request, pk):
    """反馈: the return visit; dissatisfied sends the request back to handling."""
    return _step(request, pk, forms.FeedbackForm)


@require_POST
@login_required
def archive(request, pk):
    """归档: into the ledger."""
    return _step(request, pk, forms.ArchiveForm)


@require_POST
@login_required
def unarchive(request, pk):
    """An administrator takes a request out of the archive, with a reason."""
    return _step(request, pk, forms.UnarchiveForm)


@require_POST
@login_required
def refer(request, pk):
    """请示: ask a named superior."""
    return _step(request, pk, forms.ReferForm)


# --- the answer to a 请示 (the referral's own moves) -----------------------------------------


def _referral(request, pk: int, referral_pk: int):
    petition = get_petition(request.user, pk)
    referral = get_object_or_404(
        petition.referrals.select_related("superior", "asked_by", "petition__workroom__area"),
        pk=referral_pk,
    )
    return petition, referral


@require_POST
@login_required
def referral_answer(request, pk, referral_pk):
    """The superior approves, returns with instructions, or takes the request over."""
    petition, referral = _referral(request, pk, referral_pk)
    if not referrals.ANSWERER.allows(referral, request.user):
        raise PermissionDenied
    form = forms.ReferralAnswerForm(request.POST)
    if not form.is_valid():
        return render_detail(request, petition, answer_form=form)
    try:
        referrals.answer(
            referral,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            text=form.cleaned_data["text"],
        )
    except DomainError as error:
        status = show_error(request, error)
        return render_detail(
            request, get_petition(request.user, pk), answer_form=form, status=status
        )
    messages.success(
        request,
        _("Your answer has been sent to %(name)s.") % {"name": referral.asked_by.display_name},
    )
    return redirect("petitions:detail", pk=petition.pk)


@require_POST
@login_required
def referral_withdraw(request, pk, referral_pk):
    """The handler takes the question back."""
    petition, referral = _referral(request, pk, referral_pk)
    if not is_writable(request.user, petition) or not referrals.ASKER.allows(
        referral, request.user
    ):
        raise PermissionDenied
    try:
        referrals.withdraw(referral, actor=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, _("The question has been withdrawn."))
    return redirect("petitions:detail", pk=petition.pk)


@require_POST
@login_required
def spam(request, pk):
    """Spam or abuse raised online: out of the queue and the counts, kept."""
    return _step(request, pk, forms.SpamForm)


@require_POST
@login_required
def not_spam(request, pk):
    """Put a request marked as spam back."""
    return _step(request, pk, forms.NotSpamForm)
