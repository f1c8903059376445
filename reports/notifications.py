"""The notice of a monthly report that failed for good (after its retries): the liaison office
of its area and the administrators are told, with a link to the report list."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from notices.models import Notice, NoticeKind
from notices.services import notify, role_holders
from reports.models import Report


def _message(report: Report) -> tuple[str, str]:
    title = _("Monthly report failed: %(name)s, %(month)s") % {
        "name": report.subject_name,
        "month": f"{report.month:%Y-%m}",
    }
    body = _("It can be generated again from the reports page. Error: %(error)s") % {
        "error": report.error.splitlines()[0][:200] if report.error else "—"
    }
    return title, body


def tell_failed(report: Report) -> None:
    """Called in the transaction that claims the report's turn to failed (so once per failure).
    A report generated again and failing again is another event: the failures are numbered."""
    area = report.workroom.area if report.workroom_id else report.area
    people = role_holders(area, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN, superusers=True)
    url = f"{reverse('reports:list')}?month={report.month:%Y-%m}&status=failed"
    prefix = f"reports.failed:{report.pk}:"
    failure = Notice.objects.filter(key__startswith=prefix).count() + 1
    notify(
        people,
        kind=NoticeKind.REPORT_FAILED,
        key=f"{prefix}{failure}",
        message=lambda: _message(report),
        url=url,
        subject=report,
        place=report.workroom or report.area,
    )
