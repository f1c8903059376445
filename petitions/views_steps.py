"""One POST view per workflow move. Each is thin: fetch through the selector, check the role
(403), validate the move's form, call the workflow function, redirect to the request.

When the request changed since the user opened it (another clerk was faster), the page is shown
again with "changed by X just now" and the user's input kept in the form, now carrying the new
version, so they can check the timeline and send it again. Refusals (``WorkflowError``) are shown
as messages with the input kept too; nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.scope import has_role_on
from petitions import workflow
from petitions.forms import STEP_FORMS, StepForm
from petitions.models import Petition, State
from petitions.selectors import get_petition, is_writable
from petitions.views import render_detail
from petitions.workflow import MOVES, Conflict, WorkflowError


def _require_right(user, petition: Petition, name: str) -> None:
    """403 unless the request is writable for the user and their role may make the move at its
    workroom. Whether the move fits the request's state is the workflow's to say."""
    if not is_writable(user, petition):
        raise PermissionDenied
    if not has_role_on(user, petition.workroom.area, *MOVES[name].roles):
        raise PermissionDenied


def _with_version(form: StepForm, petition: Petition) -> StepForm:
    """The same input bound to the request's current version: sending it again is a choice
    the user makes after seeing the other change."""
    data = form.data.copy()
    data["version"] = str(petition.version)
    fresh = type(form)(data, petition=petition, user=form.user)
    return fresh


def _step(request, pk, name: str, perform: Callable, success) -> object:
    petition = get_petition(request.user, pk)
    _require_right(request.user, petition, name)
    form = STEP_FORMS[name](request.POST, request.FILES, petition=petition, user=request.user)
    if not form.is_valid():
        return render_detail(request, petition, bound=form)
    try:
        # The version the user saw goes to the workflow: a request changed since then is
        # refused with Conflict, naming who changed it.
        notice = perform(petition, form, request.user)
    except Conflict as error:
        messages.error(request, str(error))
        petition = get_petition(request.user, pk)
        return render_detail(request, petition, bound=_with_version(form, petition), status=409)
    except WorkflowError as error:
        messages.error(request, str(error))
        return render_detail(request, get_petition(request.user, pk), bound=form)
    except ValidationError as error:
        form.add_error(None, error)
        return render_detail(request, get_petition(request.user, pk), bound=form)
    messages.success(request, str(success))
    if isinstance(notice, str):
        messages.warning(request, notice)
    return redirect("petitions:detail", pk=petition.pk)


def _view(name: str, perform: Callable, success):
    """A POST-only, sign-in-required view making move ``name``."""

    @require_POST
    @login_required
    def view(request, pk):
        return _step(request, pk, name, perform, success)

    view.__name__ = view.__qualname__ = name
    view.__doc__ = f"Make the “{name}” move on a request (POST)."
    return view


def _v(form) -> int:
    return form.cleaned_data["version"]


def _attach(petition, form, user):
    from petitions.attachments import attachment_add

    attachment_add(petition, actor=user, upload=form.cleaned_data["file"], version=_v(form))


receive = _view(
    "receive",
    lambda p, f, u: workflow.receive(
        p,
        actor=u,
        version=_v(f),
        triage=f.cleaned_data["triage"],
        handler=f.cleaned_data["handler"],
        receiving_representative=f.cleaned_data["receiving_representative"],
        note=f.cleaned_data["note"],
    ),
    gettext_lazy("The request has been received."),
)
on_the_spot = _view(
    "on_the_spot",
    lambda p, f, u: workflow.answer_on_the_spot(
        p,
        actor=u,
        version=_v(f),
        handling_result=f.cleaned_data["handling_result"],
        reply_content=f.cleaned_data["reply_content"],
        reply_method=f.cleaned_data["reply_method"],
        receiving_representative=f.cleaned_data["receiving_representative"],
    ),
    gettext_lazy("The request has been answered on the spot."),
)
note = _view(
    "note",
    lambda p, f, u: workflow.add_note(p, actor=u, note=f.cleaned_data["note"], version=_v(f)),
    gettext_lazy("The note has been added."),
)
attach = _view("attach", _attach, gettext_lazy("The file has been attached."))
transfer = _view(
    "transfer",
    lambda p, f, u: workflow.transfer(
        p,
        actor=u,
        to_workroom=f.cleaned_data["to_workroom"],
        reason=f.cleaned_data["reason"],
        version=_v(f),
    ),
    gettext_lazy("The request has been transferred."),
)
escalate = _view(
    "escalate",
    lambda p, f, u: workflow.escalate(p, actor=u, reason=f.cleaned_data["reason"], version=_v(f)),
    gettext_lazy("The request has been escalated."),
)
reassign = _view(
    "reassign",
    lambda p, f, u: workflow.reassign(
        p,
        actor=u,
        handler=f.cleaned_data["handler"],
        note=f.cleaned_data["note"],
        version=_v(f),
    ),
    gettext_lazy("The handler has been changed."),
)
handle = _view(
    "handle",
    lambda p, f, u: workflow.handle(p, actor=u, result=f.cleaned_data["result"], version=_v(f)),
    gettext_lazy("The result has been recorded."),
)
reply = _view(
    "reply",
    lambda p, f, u: workflow.reply(
        p,
        actor=u,
        version=_v(f),
        content=f.cleaned_data["content"],
        method=f.cleaned_data["method"],
        replied_at=f.cleaned_data["replied_at"],
    ),
    gettext_lazy("The reply has been recorded."),
)


def _feedback(petition, form, user):
    workflow.feedback(
        petition,
        actor=user,
        satisfaction=form.cleaned_data["satisfaction"],
        resolution=form.cleaned_data["resolution"],
        note=form.cleaned_data["note"],
        version=_v(form),
    )
    if petition.state == State.RECEIVED:
        return _("The resident is not satisfied: the request goes back to handling.")
    return None


feedback = _view("feedback", _feedback, gettext_lazy("The return visit has been recorded."))
archive = _view(
    "archive",
    lambda p, f, u: workflow.archive(p, actor=u, note=f.cleaned_data["note"], version=_v(f)),
    gettext_lazy("The request has been archived."),
)
unarchive = _view(
    "unarchive",
    lambda p, f, u: workflow.unarchive(p, actor=u, reason=f.cleaned_data["reason"], version=_v(f)),
    gettext_lazy("The request has been taken out of the archive."),
)
