"""A resident raises a request or posts a micro-wish from a workroom's public page.

Each refusal changes nothing: a bot (honeypot filled, sent too fast), a flood (rate limits per
address and per phone number), a bad photo or a form error. What is accepted enters the
workroom's queue at once; the page then shows the tracking code, once, and is never cached.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from core.botcheck import STAMP_FIELD, first_use
from public import limits, submissions
from public.forms import RequestForm, WishForm
from public.views import private
from workrooms.models import Workroom
from workrooms.selectors import public_workrooms


def _workroom(pk: int) -> Workroom:
    return get_object_or_404(public_workrooms().select_related("area"), pk=pk)


def _sent_already(request, workroom):
    """The same form sent again: nothing new, and a page saying where the first one went."""
    return render(request, "public/sent_already.html", {"workroom": workroom}, status=409)


def _refused(request, template: str, form, workroom, message: str, status: int):
    form.add_error(None, message)
    return render(request, template, {"form": form, "workroom": workroom}, status=status)


@private
@require_http_methods(["GET", "POST"])
def raise_request(request, pk):
    """反映诉求: what happened, where, how to reach you, the consent; then the code."""
    workroom = _workroom(pk)
    template = "public/request_form.html"
    if request.method == "GET":
        return render(request, template, {"form": RequestForm(), "workroom": workroom})
    form = RequestForm(request.POST, request.FILES)
    refusal = limits.refusal(request, form)
    if refusal is not None:
        return _refused(request, template, form, workroom, *refusal)
    if not form.is_valid():
        return render(request, template, {"form": form, "workroom": workroom}, status=400)
    try:
        photos = [limits.clean_photo(photo) for photo in form.cleaned_data["photos"]]
    except ValidationError as error:
        form.add_error("photos", error)
        return render(request, template, {"form": form, "workroom": workroom}, status=400)
    refusal = limits.flood(request, form.cleaned_data["resident_phone"])
    if refusal is not None:
        return _refused(request, template, form, workroom, *refusal)
    if not first_use(form.data.get(STAMP_FIELD, "")):
        return _sent_already(request, workroom)
    data = {**form.cleaned_data, "title": form.title()}
    submission, code = submissions.submit_request(workroom, data, photos)
    return render(
        request,
        "public/submitted.html",
        {"workroom": workroom, "submission": submission, "code": code},
    )


@private
@require_http_methods(["GET", "POST"])
def post_wish(request, pk):
    """许个微心愿: the wish, whose it is (shown masked), how to reach you; then the code."""
    workroom = _workroom(pk)
    template = "public/wish_form.html"
    if request.method == "GET":
        return render(request, template, {"form": WishForm(), "workroom": workroom})
    form = WishForm(request.POST)
    refusal = limits.refusal(request, form)
    if refusal is not None:
        return _refused(request, template, form, workroom, *refusal)
    if not form.is_valid():
        return render(request, template, {"form": form, "workroom": workroom}, status=400)
    refusal = limits.flood(request, form.cleaned_data["resident_phone"])
    if refusal is not None:
        return _refused(request, template, form, workroom, *refusal)
    if not first_use(form.data.get(STAMP_FIELD, "")):
        return _sent_already(request, workroom)
    submission, code = submissions.submit_wish(workroom, form.cleaned_data)
    return render(
        request,
        "public/submitted.html",
        {"workroom": workroom, "submission": submission, "code": code},
    )
