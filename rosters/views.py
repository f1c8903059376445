"""Roster management pages: overview, a workroom's month, rules, generation, shifts,
attendance and swaps. Thin: fetch through the scoped selectors, check the role, call the
service, redirect with a message. Out of scope is 404, in scope without the right is 403."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import require_role_on
from core.workdays import calendar_notice
from rosters import selectors
from rosters.attendance import duty_mark
from rosters.forms import (
    AttendanceForm,
    DecisionForm,
    MonthForm,
    RotationRuleForm,
    ShiftForm,
    SwapRequestForm,
)
from rosters.generation import generate_month, month_bounds
from rosters.models import Attendance, RotationRule
from rosters.services import (
    MANAGERS,
    RosterError,
    can_manage,
    can_mark,
    rule_set_active,
    shift_update,
)
from rosters.swaps import (
    swap_accept,
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
from workrooms.selectors import get_workroom

PAGE_SIZE = 25


def _month_or_404(year: int, month: int) -> tuple[int, int]:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    return year, month


def _around(year: int, month: int) -> dict:
    first, last = month_bounds(year, month)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return {"first": first, "previous": previous, "next": following}


@login_required
def overview(request):
    today = timezone.localdate()
    workrooms = selectors.roster_overview(request.user, year=today.year, month=today.month)
    page = Paginator(workrooms, PAGE_SIZE).get_page(request.GET.get("page"))
    inbox = selectors.swap_inbox(request.user)
    return render(
        request,
        "rosters/overview.html",
        {
            "page": page,
            "month": today.replace(day=1),
            "waiting": inbox["to_answer"].count() + inbox["to_decide"].count(),
        },
    )


@login_required
def workroom_roster(request, pk, year=None, month=None):
    workroom = get_workroom(request.user, pk)
    if year is None:
        today = timezone.localdate()
        year, month = today.year, today.month
    year, month = _month_or_404(year, month)
    shifts = selectors.month_shifts(workroom, year=year, month=month)
    duties = [duty for shift in shifts for duty in shift.duties.all()]
    return render(
        request,
        "rosters/workroom.html",
        {
            "workroom": workroom,
            "rules": selectors.workroom_rules(workroom),
            "shifts": shifts,
            "missed": [d for d in duties if d.attendance == Attendance.MISSED],
            "counts": {
                "worked": sum(d.attendance == Attendance.WORKED for d in duties),
                "missed": sum(d.attendance == Attendance.MISSED for d in duties),
                "duties": len(duties),
            },
            "notice": calendar_notice(year),
            "can_manage": can_manage(request.user, workroom),
            "can_mark": can_mark(request.user, workroom),
            "now": timezone.now(),
            "month_value": f"{year}-{month:02d}",
            **_around(year, month),
        },
    )


@require_POST
@login_required
def generate(request, pk):
    workroom = get_workroom(request.user, pk)
    require_role_on(request.user, workroom.area, *MANAGERS)
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a month as YYYY-MM."))
        return redirect("rosters:workroom", pk=workroom.pk)
    year, month = form.cleaned_data["month"]
    result = generate_month(workroom, year, month, actor=request.user)
    level = (
        messages.WARNING if result.no_representatives or result.understaffed else messages.SUCCESS
    )
    messages.add_message(request, level, result.summary())
    if result.notice:
        messages.warning(request, result.notice)
    return redirect("rosters:workroom_month", pk=workroom.pk, year=year, month=month)


@require_http_methods(["GET", "POST"])
@login_required
def rule_create(request, pk):
    workroom = get_workroom(request.user, pk)
    require_role_on(request.user, workroom.area, *MANAGERS)
    form = RotationRuleForm(request.POST or None, instance=RotationRule(workroom=workroom))
    if request.method == "POST" and form.is_valid():
        rule = form.save()
        messages.success(request, _("The rule “%(name)s” has been added.") % {"name": rule.name})
        return redirect("rosters:workroom", pk=workroom.pk)
    return render(request, "rosters/rule_form.html", {"workroom": workroom, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def rule_edit(request, pk):
    rule = selectors.get_rule(request.user, pk)
    workroom = rule.workroom
    require_role_on(request.user, workroom.area, *MANAGERS)
    form = RotationRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("The rule “%(name)s” has been saved. Shifts already generated stay as they are.")
            % {"name": rule.name},
        )
        return redirect("rosters:workroom", pk=workroom.pk)
    return render(
        request, "rosters/rule_form.html", {"workroom": workroom, "form": form, "rule": rule}
    )


def _rule_set_active(request, pk, *, active: bool):
    rule = selectors.get_rule(request.user, pk)
    require_role_on(request.user, rule.workroom.area, *MANAGERS)
    rule_set_active(rule, actor=request.user, active=active)
    if active:
        messages.success(request, _("The rule “%(name)s” is active again.") % {"name": rule.name})
    else:
        messages.success(
            request,
            _("The rule “%(name)s” is deactivated: no new shifts come from it.")
            % {"name": rule.name},
        )
    return redirect("rosters:workroom", pk=rule.workroom_id)


@require_POST
@login_required
def rule_deactivate(request, pk):
    return _rule_set_active(request, pk, active=False)


@require_POST
@login_required
def rule_activate(request, pk):
    return _rule_set_active(request, pk, active=True)


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
        except RosterError as error:
            messages.error(request, error.message)
            return render(request, "rosters/shift_form.html", {"shift": shift, "form": form})
        messages.success(request, _("The shift has been saved."))
        return redirect("rosters:shift_detail", pk=shift.pk)
    return render(request, "rosters/shift_form.html", {"shift": shift, "form": form})


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
        except RosterError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s: %(attendance)s.")
                % {"name": duty.representative.name, "attendance": duty.get_attendance_display()},
            )
    if request.POST.get("back") == "month":
        return redirect(_month_url(duty.shift))
    return redirect("rosters:shift_detail", pk=duty.shift_id)


@require_http_methods(["GET", "POST"])
@login_required
def swap_create(request, pk):
    duty = selectors.get_duty(request.user, pk)
    if duty.representative.user_id != request.user.pk:
        raise PermissionDenied
    form = SwapRequestForm(request.POST or None, duty=duty)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            swap = swap_request(
                duty,
                counterpart=data["counterpart"],
                counterpart_duty=data["counterpart_duty"],
                actor=request.user,
                reason=data["reason"],
            )
        except RosterError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your request has been sent to %(name)s.") % {"name": swap.counterpart.name},
            )
            return redirect("rosters:swap_detail", pk=swap.pk)
    return render(request, "rosters/swap_form.html", {"duty": duty, "form": form})


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
        },
    )


def _swap_move(request, pk, move: str, service, done: str, *, with_note: bool = False):
    swap = selectors.get_swap(request.user, pk)
    # Who may make this move at all is a 403; whether the state still allows it, a message.
    if not swap_may(move, swap, request.user):
        raise PermissionDenied
    kwargs = {}
    if with_note:
        form = DecisionForm(request.POST)
        kwargs["note"] = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        service(swap, actor=request.user, **kwargs)
    except RosterError as error:
        messages.error(request, error.message)
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
