"""The tracking page: a resident types their code and sees where the matter stands; after the
reply they give their feedback there.

The code travels only in POST bodies, never in an address (no history, no referrer, no server
log keeps it). Lookups are rate-limited per address, wrong codes more strictly; a wrong code and
a code of nothing look the same.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from public import limits, submissions, tracking
from public.forms import FeedbackForm, TrackForm
from public.views import private

TEMPLATE = "public/track.html"


@private
@require_http_methods(["GET", "POST"])
def track(request):
    if request.method == "GET":
        return render(request, TEMPLATE, {"form": TrackForm()})
    refused = limits.lookup_refused(request)
    if refused is not None:
        form = TrackForm(request.POST)
        form.is_valid()
        form.add_error(None, refused)
        return render(request, TEMPLATE, {"form": form}, status=429)
    if request.POST.get("action") == "feedback":
        return _feedback(request)
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    return _show(request, form.cleaned_data["code"], form=form)


def _show(request, code: str, *, form, feedback_form=None, status=200):
    submission = submissions.find(code)
    if submission is None:
        limits.count_wrong_code(request)
        form.add_error("code", _("No request or wish has this code. Check it and type it again."))
        return render(request, TEMPLATE, {"form": form}, status=404)
    context = tracking.view_of(submission)
    if context.get("may_give_feedback"):
        context["feedback_form"] = feedback_form or FeedbackForm(initial={"code": code})
    context.update({"form": TrackForm(initial={"code": code}), "submission": submission})
    return render(request, "public/tracking.html", context, status=status)


def _feedback(request):
    feedback = FeedbackForm(request.POST)
    code = request.POST.get("code", "")
    form = TrackForm({"code": code})
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    submission = submissions.find(code)
    if submission is None or submission.petition_id is None:
        return _show(request, code, form=form)
    view = tracking.view_of(submission)
    if not view.get("may_give_feedback"):
        return _with_message(request, submission, code, _not_now(view), status=409)
    if not feedback.is_valid():
        return _show(request, code, form=form, feedback_form=feedback, status=400)
    try:
        tracking.give_feedback(
            submission,
            satisfaction=feedback.cleaned_data["satisfaction"],
            resolution=feedback.cleaned_data["resolution"],
            comment=feedback.cleaned_data["comment"],
        )
    except DomainError:
        # Someone was first (a return visit by phone): the page shows what counted.
        message = _("Feedback on this request has already been recorded. Thank you.")
        return _with_message(request, submission, code, message, status=409)
    message = _("Thank you: your feedback has been recorded.")
    return _with_message(request, submission, code, message)


def _not_now(view) -> str:
    """Why the tracking page takes no feedback on this request now."""
    petition = view["petition"]
    if view["set_aside"]:
        return _("The workroom has set this submission aside.")
    if petition.feedback_at or petition.state in ("feedback", "archived"):
        return _("Feedback on this request has already been recorded. Thank you.")
    return _("You can give your feedback once the workroom has replied.")


def _with_message(request, submission, code, message, status=200):
    context = tracking.view_of(submission)
    context.update(
        {"form": TrackForm(initial={"code": code}), "submission": submission, "message": message}
    )
    return render(request, "public/tracking.html", context, status=status)
