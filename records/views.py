"""The representative's record page (履职档案), by year, and its Excel export. Whoever may see
the representative (``representatives.selectors.get_representative``) may see the record; a
representative reaches their own through "my record"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.scope import has_role
from activities.selectors import OFFICE
from core import audit
from core.xlsx import xlsx_response
from records import exports
from records.selectors import record_for
from representatives.models import Representative
from representatives.selectors import get_representative, representative_for_user


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
@require_GET
def record(request, pk):
    representative = get_representative(request.user, pk)
    year = _year(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "records/record.html",
        {
            "rep": representative,
            "record": record_for(representative, year=year),
            "year": year,
            "years": list(range(this_year, this_year - 6, -1)),
            # Talks have no page of their own: the office's list, filtered, is where they are.
            "may_see_talks": has_role(request.user, *OFFICE),
        },
    )


@login_required
@require_GET
def my_record(request):
    representative = representative_for_user(request.user)
    if representative is None:
        raise Http404
    return redirect("records:record", pk=representative.pk)


@login_required
@require_GET
def record_export(request, pk):
    rep = get_representative(request.user, pk)
    record = record_for(rep, year=_year(request))
    sheets = exports.record_sheets(record)
    response = xlsx_response(exports.filename(record), sheets)
    audit.log_export(
        Representative,
        actor=request.user,
        rows=sum(sheet.written for sheet in sheets),
        query=request.GET.urlencode(),
        subject=rep,
    )
    return response
