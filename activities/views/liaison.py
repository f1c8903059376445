"""Pages of the liaison talks (个别谈话): the office's one-to-one talks with representatives, with
this month's count against the aim of four, their export, and recording a talk."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import role_required
from activities.exports import liaison as exports
from activities.filters.liaison import TalkFilter
from activities.forms.liaison import TalkForm
from activities.models import LiaisonTalk
from activities.selectors import OFFICE
from activities.selectors.liaison import office_areas, office_representatives
from activities.services.liaison import TALKS_PER_MONTH, talk_counts, talk_create
from activities.views import PAGE_SIZE, query_without_page
from core import audit
from core.errors import DomainError, show_error
from core.once import submit_once
from core.xlsx import xlsx_response
from workrooms.models import Area


def _talks(request):
    queryset = (
        LiaisonTalk.objects.visible_to(request.user, kinds=OFFICE)
        .select_related("area", "representative", "talked_by")
        .order_by("-date", "-pk")
    )
    return TalkFilter(request.GET, queryset=queryset, request=request)


@role_required(*OFFICE)
@require_GET
def talks(request):
    """个别谈话: the office's talks, newest first, and this month's count against the aim."""
    filterset = _talks(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "activities/liaison/talk_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without_page(request),
            "month_counts": talk_counts(
                office_areas(request.user), year=today.year, month=today.month
            ),
            "target": TALKS_PER_MONTH,
            "today": today,
        },
    )


@role_required(*OFFICE)
@require_GET
def talks_export(request):
    sheet = exports.talks_sheet(_talks(request).qs)
    response = xlsx_response(exports.talks_filename(timezone.localdate()), [sheet])
    audit.log_export(
        LiaisonTalk, actor=request.user, rows=sheet.written, query=request.GET.urlencode()
    )
    return response


@require_http_methods(["GET", "POST"])
@role_required(*OFFICE)
def talk_new(request):
    areas = office_areas(request.user)
    form = TalkForm(
        request.POST or None,
        areas=Area.objects.filter(pk__in=[a.pk for a in areas]),
        representatives=office_representatives(request.user),
    )
    if request.method == "POST":
        try:
            answer = submit_once(
                request,
                form,
                lambda: _talk_create(request.user, form.cleaned_data),
                to=lambda _talk: reverse("activities:talks"),
                done=_("The talk has been recorded."),
            )
        except DomainError as exc:
            show_error(request, exc)
        else:
            if answer is not None:
                return answer
    return render(request, "activities/liaison/talk_form.html", {"form": form})


def _talk_create(actor, data):
    return talk_create(
        actor=actor,
        area=data["area"],
        representative=data["representative"],
        on=data["date"],
        summary=data["summary"],
        suggestions=data["suggestions"],
    )
