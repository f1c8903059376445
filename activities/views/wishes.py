"""Micro-wish pages (微心愿): the list and its export, recording a wish, a wish's page with the
one next move, the moves (claim, release, fulfil, confirm: one POST view each) and the
workroom's public-facing board of open and fulfilled wishes.

The resident's name is masked (王*) everywhere except on the wish's page for staff of the
workroom and the representative who claimed it; the phone number only there too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import require_role_on, role_required
from activities.exports import wishes as exports
from activities.filters.wishes import WishFilter
from activities.forms.wishes import FulfilForm, WishForm
from activities.models import Wish
from activities.selectors import (
    RECORDERS,
    STAFF,
    is_staff_for,
    representative_of,
    workrooms_for_recording,
)
from activities.selectors.wishes import (
    get_wish,
    spam_wishes_visible_to,
    wish_board,
    wishes_visible_to,
)
from activities.services import wishes as services
from activities.views import PAGE_SIZE, query_without_page
from core import audit
from core.errors import DomainError, show_error
from core.once import submit_once
from core.personal_data import mask_name, mask_phone
from core.xlsx import xlsx_response
from workrooms.selectors import get_workroom


def _sees_resident(user, wish) -> bool:
    rep = representative_of(user)
    return is_staff_for(user, wish.workroom) or (rep is not None and rep.pk == wish.claimed_by_id)


def _mask(wishes):
    for wish in wishes:
        wish.masked_name = mask_name(wish.resident_name)
    return wishes


@require_GET
@login_required
def wish_list(request):
    """The wishes in the user's areas; ``?spam=1``: those marked as spam or abuse instead."""
    spam = request.GET.get("spam") == "1"
    wishes = spam_wishes_visible_to(request.user) if spam else wishes_visible_to(request.user)
    filterset = WishFilter(request.GET, queryset=wishes, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _mask(list(page.object_list))
    return render(
        request,
        "activities/wishes/wish_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "may_record": workrooms_for_recording(request.user).exists(),
            "spam": spam,
        },
    )


@require_GET
@login_required
def wish_export(request):
    filterset = WishFilter(request.GET, queryset=wishes_visible_to(request.user), request=request)
    if not filterset.is_valid():
        messages.error(request, _("The filters are not valid; nothing was exported."))
        return redirect("activities:wishes")
    sheet = exports.wishes_sheet(filterset.qs)
    response = xlsx_response(exports.wishes_filename(timezone.localdate()), [sheet])
    audit.log_export(Wish, actor=request.user, rows=sheet.written, query=request.GET.urlencode())
    return response


@require_http_methods(["GET", "POST"])
@role_required(*RECORDERS)
def wish_create(request):
    """Write down a resident's wish (a clerk, or a representative on the resident's behalf)."""
    workrooms = workrooms_for_recording(request.user)
    only = list(workrooms[:2])
    initial = {"workroom": only[0]} if len(only) == 1 else {}
    form = WishForm(request.POST or None, initial=initial, workrooms=workrooms)
    if request.method == "POST":
        answer = submit_once(
            request,
            form,
            lambda: services.wish_record(actor=request.user, **form.entered),
            to=lambda wish: reverse("activities:wish", args=[wish.pk]),
            done=_("The wish has been recorded."),
            gone=reverse("activities:wishes"),
        )
        if answer is not None:
            return answer
    return render(request, "activities/wishes/wish_form.html", {"form": form})


def render_wish(request, wish, *, fulfil_form=None, status=200):
    user = request.user
    sees = _sees_resident(user, wish)
    # The buttons come from the table of moves, which the services enforce.
    may = {move.name for move in services.MACHINE.allowed(wish, user)}
    return render(
        request,
        "activities/wishes/wish_detail.html",
        {
            "wish": wish,
            "resident_name": wish.resident_name if sees else mask_name(wish.resident_name),
            "resident_phone": wish.resident_phone if sees else mask_phone(wish.resident_phone),
            "may_claim": "claim" in may,
            "may_release": "release" in may,
            "may_fulfil": "fulfil" in may,
            "may_confirm": "confirm" in may,
            "may_spam": "spam" in may,
            "may_not_spam": "not_spam" in may,
            "fulfil_form": fulfil_form or FulfilForm(),
            "history": services.wish_history(wish),
        },
        status=status,
    )


@require_GET
@login_required
def wish_detail(request, pk):
    return render_wish(request, get_wish(request.user, pk))


def _do(request, pk, move, success):
    wish = get_wish(request.user, pk)
    try:
        move(wish, actor=request.user)
    except DomainError as error:
        show_error(request, error)
    else:
        messages.success(request, success)
    return redirect("activities:wish", pk=wish.pk)


@require_POST
@login_required
def wish_claim(request, pk):
    """认领."""
    return _do(request, pk, services.wish_claim, _("You have claimed this wish."))


@require_POST
@login_required
def wish_release(request, pk):
    return _do(request, pk, services.wish_release, _("The wish is open again."))


@require_POST
@login_required
def wish_spam(request, pk):
    """Spam or abuse posted online: off the board and the counts, kept for the record."""
    reason = request.POST.get("reason", "")[:200]
    return _do(
        request,
        pk,
        lambda wish, actor: services.wish_mark_spam(wish, actor=actor, reason=reason),
        _("Marked as spam: the wish is off the board and the counts."),
    )


@require_POST
@login_required
def wish_not_spam(request, pk):
    return _do(request, pk, services.wish_not_spam, _("The wish is back on the board."))


@require_POST
@login_required
def wish_confirm(request, pk):
    wish = get_wish(request.user, pk)
    # Confirming is the office's record of the resident's word: staff only.
    require_role_on(request.user, wish.workroom.area, *STAFF)
    return _do(request, pk, services.wish_confirm, _("The wish has been confirmed."))


@require_POST
@login_required
def wish_fulfil(request, pk):
    wish = get_wish(request.user, pk)
    form = FulfilForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_wish(request, wish, fulfil_form=form, status=400)
    try:
        services.wish_fulfil(wish, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        show_error(request, error)
    except ValidationError as error:
        form.add_error("photo", error)
        return render_wish(request, wish, fulfil_form=form, status=400)
    else:
        messages.success(request, _("The wish has been marked fulfilled."))
    return redirect("activities:wish", pk=wish.pk)


@require_GET
@login_required
def wish_photo(request, pk):
    wish = get_wish(request.user, pk)
    if not wish.fulfilled_photo:
        raise Http404
    try:
        handle = wish.fulfilled_photo.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def board(request, workroom_pk):
    """A workroom's board of open and fulfilled wishes (names masked: it may be put on a
    screen in the workroom)."""
    workroom = get_workroom(request.user, workroom_pk)
    wishes = wish_board(workroom)
    open_page = Paginator(wishes["open"], 50).get_page(request.GET.get("open_page"))
    done_page = Paginator(wishes["fulfilled"], 50).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/wishes/wish_board.html",
        {
            "workroom": workroom,
            "open": _mask(list(open_page.object_list)),
            "open_count": open_page.paginator.count,
            "page": done_page,
            "fulfilled": _mask(list(done_page.object_list)),
            "query": "",
        },
    )
