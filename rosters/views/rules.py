"""Rotation rules of a workroom: add, edit, deactivate and activate again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import require_role_on
from core.once import submit_once
from rosters import selectors
from rosters.forms import RotationRuleForm
from rosters.models import RotationRule
from rosters.services import MANAGERS, rule_set_active
from workrooms.selectors import get_workroom


@require_http_methods(["GET", "POST"])
@login_required
def rule_create(request, pk):
    workroom = get_workroom(request.user, pk)
    require_role_on(request.user, workroom.area, *MANAGERS)
    form = RotationRuleForm(request.POST or None, instance=RotationRule(workroom=workroom))
    if request.method == "POST":
        answer = submit_once(
            request,
            form,
            form.save,
            to=lambda rule: reverse("rosters:workroom", args=[rule.workroom_id]),
            done=lambda rule: _("The rule “%(name)s” has been added.") % {"name": rule.name},
        )
        if answer is not None:
            return answer
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
