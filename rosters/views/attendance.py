"""Marking a duty worked or missed (the representative themselves, or who keeps the roster)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, show_error
from rosters import selectors
from rosters.attendance import duty_mark
from rosters.forms import AttendanceForm
from rosters.services import can_mark
from rosters.views.shifts import _month_url


@require_POST
@login_required
def duty_attendance(request, pk):
    duty = selectors.get_duty(request.user, pk)
    workroom = duty.shift.workroom
    is_self = duty.representative.user_id == request.user.pk
    if not (is_self or can_mark(request.user, workroom)):
        raise PermissionDenied
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose worked or missed."))
    else:
        try:
            duty_mark(duty, actor=request.user, attendance=form.cleaned_data["attendance"])
        except DomainError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(attendance)s.")
                % {"name": duty.representative.name, "attendance": duty.get_attendance_display()},
            )
    if request.POST.get("back") == "month":
        return redirect(_month_url(duty.shift))
    if request.POST.get("back") == "home":
        return redirect("home")
    return redirect("rosters:shift_detail", pk=duty.shift_id)
