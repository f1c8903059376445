"""The request lists: all requests, the ledger (党代表工作台账), my work, and the Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import role_required
from accounts.scope import has_role
from core import audit
from core.pagination import CappedPaginator
from core.xlsx import xlsx_response
from petitions import exports, printing
from petitions.filters import LedgerFilter, PetitionFilter
from petitions.forms.archive import ArchiveForm
from petitions.models import Petition, State
from petitions.moves import STAFF
from petitions.selectors import (
    mark_deadlines,
    my_petitions,
    petitions_visible_to,
    resident_data,
    spam_visible_to,
    workrooms_for_registering,
)

PAGE_SIZE = 25


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page(request, queryset, *, searched: bool = False):
    paginator = CappedPaginator(
        queryset,
        PAGE_SIZE,
        branches=Petition.objects.visible_branches(request.user),
        narrow=searched,
    )
    page = paginator.get_page(request.GET.get("page"))
    rows = mark_deadlines(list(page.object_list))
    for petition in rows:
        petition.resident = resident_data(request.user, petition)
    audit.log_read(
        Petition,
        [p.pk for p in rows if not p.resident.masked],
        actor=request.user,
        where=request.path,
    )
    page.object_list = rows
    return page


def _may_register(user) -> bool:
    return workrooms_for_registering(user).exists()


@require_GET
@login_required
def petition_list(request):
    filterset = PetitionFilter(
        request.GET, queryset=petitions_visible_to(request.user), request=request
    )
    return render(
        request,
        "petitions/petition_list.html",
        {
            "filter": filterset,
            "page": _page(request, filterset.qs, searched=filterset.searched),
            "query": _query_without_page(request),
            "may_register": _may_register(request.user),
        },
    )


@require_GET
@login_required
def ledger(request):
    """党代表工作台账: archived requests, "一事一记", one line each."""
    archived = petitions_visible_to(request.user).filter(state=State.ARCHIVED)
    filterset = LedgerFilter(request.GET, queryset=archived, request=request)
    query = _query_without_page(request)
    return render(
        request,
        "petitions/ledger.html",
        {
            "filter": filterset,
            "page": _page(request, filterset.qs, searched=filterset.searched),
            "query": query,
            "export_query": f"state={State.ARCHIVED}&{query}"
            if query
            else f"state={State.ARCHIVED}",
            "archive_form": ArchiveForm(
                initial={"month": f"{timezone.localdate():%Y-%m}"},
                workrooms=_archive_workrooms(request.user),
            )
            if has_role(request.user, *STAFF)
            else None,
        },
    )


@require_GET
@login_required
def export(request):
    """The filtered list as an Excel workbook (the list's and the ledger's export button)."""
    filterset = PetitionFilter(
        request.GET, queryset=petitions_visible_to(request.user), request=request
    )
    if not filterset.is_valid():
        messages.error(request, _("The filters are not valid; nothing was exported."))
        return redirect("petitions:list")
    in_full: list[int] = []
    sheet = exports.ledger_sheet(filterset.qs, user=request.user, in_full=in_full)
    response = xlsx_response(exports.filename(timezone.localdate()), [sheet])
    audit.log_export(
        Petition,
        actor=request.user,
        rows=sheet.written,
        query=request.GET.urlencode(),
        personal=in_full,
    )
    return response


@require_GET
@login_required
def mine(request):
    """ "My work": requests I am the responsible handler of, open ones first."""
    page = _page(request, my_petitions(request.user))
    return render(request, "petitions/mine.html", {"page": page, "query": ""})


@require_GET
@role_required(*STAFF)
def spam(request):
    """Requests raised online that staff marked as spam or abuse: kept for the record, out of
    every other list and count; each can be opened and put back."""
    page = _page(request, spam_visible_to(request.user))
    return render(request, "petitions/spam.html", {"page": page, "query": ""})


@require_GET
@role_required(*STAFF)
def archive_pdf(request):
    """A workroom's requests archived in a month, one record a page, as one PDF
    (``?workroom=<pk>&month=2026-11``, the ledger page's print form)."""
    form = ArchiveForm(request.GET, workrooms=_archive_workrooms(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("petitions:ledger")
    workroom, month = form.cleaned_data["workroom"], form.cleaned_data["month"]
    pdf = printing.print_archive(workroom, month, user=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{workroom.name}-{month:%Y-%m}-诉求归档.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _archive_workrooms(user):
    from workrooms.models import Workroom

    return Workroom.objects.visible_to(user, kinds=STAFF).order_by("area__path", "name")
