"""一事一记 on paper: a request's one-page record (who, what, each step with its date and
person, the reply, the return visit), and a workroom's archive of a month as one PDF.

The resident's particulars are printed as the user may see them on screen (masked unless they
handle the matter); every print is a sensitive read and goes into the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core import audit
from core.months import month_bounds
from core.pdf import render_pdf
from petitions.models import EventKind, Petition, State
from petitions.selectors import resident_data, timeline
from workrooms.models import Workroom


def archived_in(workroom: Workroom, month: date) -> QuerySet[Petition]:
    """The requests ``workroom`` archived in ``month`` (Beijing time), in the order archived."""
    start, end = month_bounds(month)
    return (
        Petition.objects.filter(
            workroom=workroom, state=State.ARCHIVED, archived_at__gte=start, archived_at__lt=end
        )
        .select_related("workroom__area", "handler", "registered_by")
        .order_by("archived_at", "pk")
    )


def records_pdf(petitions: Iterable[Petition], *, user: User, title: str) -> tuple[bytes, int]:
    """The PDF of one record per page, and how many records it holds."""
    records = [
        {"petition": p, "resident": resident_data(user, p), "history": timeline(p)}
        for p in petitions
    ]
    pdf = render_pdf(
        "petitions/pdf/record.html",
        {"records": records, "title": title, "generated_at": timezone.now()},
    )
    return pdf, len(records)


def print_record(petition: Petition, *, user: User) -> bytes:
    """One request's record, logged as a print."""
    pdf, _count = records_pdf([petition], user=user, title=f"{petition.reference} {petition.title}")
    audit.log(petition, EventKind.PRINT, actor=user)
    return pdf


def print_archive(workroom: Workroom, month: date, *, user: User) -> bytes:
    """A workroom's archive of ``month``, logged as an export of the requests it holds."""
    pdf, count = records_pdf(
        archived_in(workroom, month),
        user=user,
        title=f"{workroom.name} {month:%Y-%m} 诉求归档",
    )
    audit.log_export(
        Petition, actor=user, rows=count, query=f"workroom={workroom.pk}&month={month:%Y-%m}"
    )
    return pdf
