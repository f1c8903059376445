"""One request: registering it, its page with the history, revealing the resident's data, and
its attachments. The lists are ``petitions.views.lists``; each move has its own POST view in
``petitions.views.steps``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import role_required
from core import audit
from core.errors import DomainError, show_error
from core.once import submit_once
from core.personal_data import normalize_phone
from core.workdays import calendar_notice
from petitions import printing, referrals
from petitions.forms import STEP_FORMS, RegisterForm
from petitions.forms.steps import ReferralAnswerForm
from petitions.models import Channel, Petition, State
from petitions.moves import ACTORS, NEXT_STEP
from petitions.personal_data import may_reveal
from petitions.personal_data import reveal as reveal_personal_data
from petitions.selectors import (
    deadline_status,
    earlier_requests,
    get_petition,
    is_writable,
    progress,
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
    form = RegisterForm(
        request.POST or None, initial=initial, workrooms=workrooms, user=request.user
    )
    if initial.get("workroom") is not None:
        # Only that workroom's shifts are worth offering when it is given.
        form.fields["duty_shift"].queryset = recent_shifts([initial["workroom"]])
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: form.register(request.user),
                to=lambda petition: reverse("petitions:detail", args=[petition.pk]),
                done=lambda petition: (
                    _("Request %(ref)s has been registered.") % {"ref": petition.reference}
                ),
            )
        except DomainError as error:
            show_error(request, error)
        else:
            if answer is not None:
                return answer
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


def _offered(form) -> bool:
    # Transfer and escalation only when there is somewhere to send the request.
    if form.move == "transfer":
        return form.fields["to_workroom"].queryset.exists()
    if form.move == "escalate":
        return form.target is not None
    return True


def render_detail(request, petition, *, bound=None, revealed=False, status=200, answer_form=None):
    """The detail page: where the request stands (the six steps with their dates), the next
    step's form first and open, the other actions below. ``bound`` is a step form to show with
    the user's input (after a conflict or bad input) in place of that move's empty form."""
    user = request.user
    writable = is_writable(user, petition)
    moves = allowed_moves(petition, user) if writable else []
    forms = []
    kept = None
    for move in moves:
        if bound is not None and bound.move == move.name:
            form = bound
        else:
            form = STEP_FORMS[move.name](petition=petition, user=user)
        if _offered(form):
            forms.append((move, form))
    if bound is not None and bound.move not in {move.name for move, _form in forms}:
        # The move is no longer possible (someone else took the request on): still show what
        # the user typed, so nothing they wrote is lost.
        kept = bound
    waiting = referrals.open_referral(petition)
    next_names = {NEXT_STEP.get(petition.state)}
    if petition.state == State.REGISTERED:
        next_names.add("on_the_spot")  # 小事当场办: the other way to take the next step
    if waiting is not None:
        # 请示 pending: the result waits for the answer, so it is not offered at all for now.
        next_names.discard("handle")
        forms = [
            (m, f) for m, f in forms if m.name not in ("handle", "refer", "transfer", "escalate")
        ]
    next_forms = [(m, f) for m, f in forms if m.name in next_names]
    other_forms = [(m, f) for m, f in forms if m.name not in next_names]
    petition.deadline_status = deadline_status(petition)
    years = [petition.deadline.year] if petition.deadline else []
    resident = resident_data(user, petition, revealed=revealed)
    if not resident.masked and not revealed:  # a reveal has its own entry
        audit.log_read(Petition, [petition.pk], actor=user, where="request page")
    return render(
        request,
        "petitions/petition_detail.html",
        {
            "petition": petition,
            "progress": progress(petition),
            "resident": resident,
            "may_reveal": may_reveal(user, petition),
            "timeline": timeline(petition),
            "attachments": petition.attachments.select_related("uploaded_by"),
            "transfers": petition.transfers.select_related("from_workroom", "to_workroom"),
            # Every move offered, in the page's order: the next step's first.
            "forms": next_forms + other_forms,
            "next_forms": next_forms,
            "other_forms": other_forms,
            "bound_move": bound.move if bound is not None else "",
            "kept": kept,
            "writable": writable,
            "waiting": waiting,
            "may_answer": waiting is not None and referrals.MACHINE.can(waiting, user, "approve"),
            "may_withdraw": waiting is not None
            and writable
            and referrals.MACHINE.can(waiting, user, "withdraw"),
            "answer_form": answer_form or ReferralAnswerForm(),
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


@require_GET
@login_required
def record_pdf(request, pk):
    """一事一记: the request's one-page record as a PDF (the resident masked as on screen)."""
    petition = get_petition(request.user, pk)
    pdf = printing.print_record(petition, user=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{petition.reference}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@role_required(*ACTORS)
def earlier(request):
    """The resident's earlier requests by phone number (an HTML fragment for the register
    form): the same person often comes back, and the same matter should not be registered
    twice."""
    phone = normalize_phone(request.GET.get("phone", ""))
    found = earlier_requests(request.user, phone) if len(phone) >= 7 else []
    return render(request, "petitions/includes/earlier.html", {"earlier": found, "phone": phone})
