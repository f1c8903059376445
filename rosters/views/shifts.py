"""A duty shift's page and editing it (day, times, representatives, liaison officer)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import require_role_on
from core.errors import DomainError, show_error
from rosters import selectors
from rosters.forms import ShiftForm
from rosters.services import MANAGERS, can_manage, can_mark, shift_update


def _month_url(shift) -> str:
    return reverse(
        "rosters:workroom_month",
        kwargs={"pk": shift.workroom_id, "year": shift.date.year, "month": shift.date.month},
    )


@login_required
def shift_detail(request, pk):
    shift = selectors.get_shift(request.user, pk)
    duties = list(shift.duties.all())
    own = {d.pk for d in duties if d.representative.user_id == request.user.pk}
    return render(
        request,
        "rosters/shift_detail.html",
        {
            "shift": shift,
            "workroom": shift.workroom,
            "duties": duties,
            "own": own,
            "started": shift.starts_at <= timezone.now(),
            "is_today": shift.date == timezone.localdate(),
            "can_manage": can_manage(request.user, shift.workroom),
            "can_mark": can_mark(request.user, shift.workroom),
            "month_url": _month_url(shift),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def shift_edit(request, pk):
    shift = selectors.get_shift(request.user, pk)
    require_role_on(request.user, shift.workroom.area, *MANAGERS)
    form = ShiftForm(request.POST or None, shift=shift)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shift_update(
                shift,
                actor=request.user,
                version=data["version"],
                day=data["day"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                representatives=list(data["representatives"]),
                liaison_officer=data["liaison_officer"],
                note=data["note"],
            )
        except DomainError as error:
            show_error(request, error)
            return render(request, "rosters/shift_form.html", {"shift": shift, "form": form})
        messages.success(request, _("The shift has been saved."))
        return redirect("rosters:shift_detail", pk=shift.pk)
    return render(request, "rosters/shift_form.html", {"shift": shift, "form": form})
