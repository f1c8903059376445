"""Research topics (集中调查研究): every half year a topic per area; representatives submit
reports; the liaison office forwards a report to a subdistrict or department, which must reply
in writing within a number of WORKING days (the Chinese calendar, ``core.workdays``); overdue
replies are flagged and the liaison office is reminded once per report and deadline.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import RoleKind, User
from accounts.scope import has_role_on
from activities.models import ResearchReminder, ResearchReport, ResearchReportStatus, ResearchTopic
from activities.selectors import OFFICE
from core.errors import DomainError
from core.transitions import Machine, Who, edge
from core.uploads import validate_attachment
from core.workdays import add_workdays
from notices.models import NoticeKind
from notices.services import notify, role_holders
from representatives.models import Representative

logger = logging.getLogger(__name__)

# Staff who may submit a report on a representative's behalf (a representative without an
# account hands in paper).
SUBMITTERS = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
DEFAULT_REPLY_WORKDAYS = 15
REPORT_EXTENSIONS = (".pdf", ".docx")


def validate_report_attachment(upload) -> str:
    """Check a report's attachment by its content: a PDF or a Word (.docx) document, within the
    attachment size limit (the requests' rules, narrowed to documents). Returns the extension
    to store it under; raises ``ValidationError``."""
    _content_type, extension = validate_attachment(upload)
    if extension not in REPORT_EXTENSIONS:
        raise ValidationError(
            _("Attach the report as a PDF or a Word (.docx) document."), code="bad_type"
        )
    return extension


def is_overdue(report: ResearchReport, today: date | None = None) -> bool:
    """Forwarded, not replied, and the reply deadline has passed."""
    today = today or timezone.localdate()
    return (
        report.status == ResearchReportStatus.FORWARDED
        and report.reply_deadline is not None
        and report.reply_deadline < today
    )


def overdue_q(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status=ResearchReportStatus.FORWARDED, reply_deadline__lt=today)


def topic_create(
    *, actor, area, year: int, half: int, title: str, description: str = ""
) -> ResearchTopic:
    """The liaison office sets an area's topic for a half year (one per area and half)."""
    if not has_role_on(actor, area, *OFFICE):
        raise DomainError(_("Only the liaison office sets research topics."))
    if ResearchTopic.objects.filter(area=area, year=year, half=half).exists():
        raise DomainError(_("This area already has a topic for that half year."))
    try:
        with transaction.atomic():
            return ResearchTopic.objects.create(
                area=area, year=year, half=half, title=title, description=description
            )
    except IntegrityError as exc:  # created by someone else a moment ago
        raise DomainError(_("This area already has a topic for that half year.")) from exc


def can_submit_for(user, topic: ResearchTopic, representative: Representative) -> bool:
    """The representative themselves, or staff who see the representative."""
    if representative.user_id is not None and representative.user_id == user.pk:
        return True
    staff_reach = Representative.objects.visible_to(user, kinds=SUBMITTERS)
    return staff_reach.filter(pk=representative.pk).exists()


def report_submit(
    *,
    actor,
    topic: ResearchTopic,
    representative: Representative,
    title: str,
    text: str,
    attachment=None,
) -> ResearchReport:
    """A representative's report on the topic (or one handed in on paper, entered by staff)."""
    if not can_submit_for(actor, topic, representative):
        raise DomainError(_("You may submit only your own reports."))
    report = ResearchReport(
        topic=topic,
        representative=representative,
        title=title,
        text=text,
        submitted_at=timezone.now(),
    )
    if attachment:
        try:
            extension = validate_report_attachment(attachment)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages)) from exc
        # Stored under a random name: the uploader's file name never reaches the disk.
        report.attachment.save(f"{uuid.uuid4().hex}{extension}", attachment, save=False)
    try:
        report.save()
    except Exception:
        if report.attachment:
            report.attachment.delete(save=False)
        raise
    return report


R = ResearchReportStatus
THE_OFFICE = Who(
    lambda report, user: has_role_on(user, report.topic.area, *OFFICE),
    lambda report, _user: (
        _("Only the liaison office forwards reports.")
        if report.status == R.SUBMITTED
        else _("Only the liaison office records replies.")
    ),
)
MACHINE: Machine[ResearchReport] = Machine(
    ResearchReport,
    [
        edge(
            "forward",
            gettext_lazy("Forwarded"),
            {R.SUBMITTED},
            R.FORWARDED,
            THE_OFFICE,
            blocked={
                s: gettext_lazy("Only a report not yet forwarded can be forwarded.")
                for s in (R.FORWARDED, R.REPLIED)
            },
        ),
        edge(
            "reply",
            gettext_lazy("Replied"),
            {R.FORWARDED},
            R.REPLIED,
            THE_OFFICE,
            blocked={
                s: gettext_lazy("Only a forwarded report can receive a reply.")
                for s in (R.SUBMITTED, R.REPLIED)
            },
        ),
    ],
    noun=pgettext_lazy("what a move acts on", "research report"),
)


def report_forward(
    report: ResearchReport,
    *,
    actor: User,
    forwarded_to: str,
    workdays: int = DEFAULT_REPLY_WORKDAYS,
    today: date | None = None,
) -> ResearchReport:
    """Forward a submitted report to a subdistrict or department, which must reply in writing
    within ``workdays`` working days counted from ``today``."""
    today = today or timezone.localdate()
    deadline = add_workdays(today, workdays)
    MACHINE.move(
        report,
        "forward",
        actor=actor,
        changes={
            "forwarded_to": forwarded_to,
            "forwarded_by": actor,
            "forwarded_at": timezone.now(),
            "reply_deadline": deadline,
        },
        data={"to": forwarded_to, "deadline": deadline.isoformat()},
        then=lambda: _tell_forwarded(report),
    )
    return report


def report_reply(report: ResearchReport, *, actor: User, reply_text: str) -> ResearchReport:
    """Record the written reply of the subdistrict or department."""
    MACHINE.move(
        report,
        "reply",
        actor=actor,
        changes={"reply_text": reply_text, "replied_at": timezone.now()},
        note=reply_text,
    )
    return report


def office_users_for(area) -> list[User]:
    """Active liaison-office users whose role reaches ``area`` (on it or an ancestor)."""
    return role_holders(area, RoleKind.LIAISON_OFFICE)


def _link(report: ResearchReport) -> str:
    try:
        return reverse("activities:research_report", args=[report.pk])
    except NoReverseMatch:  # the pages are not mounted (a worker with another URLconf)
        return ""


def _forwarded_message(report: ResearchReport) -> tuple[str, str]:
    title = _("Your research report was forwarded to %(to)s: %(title)s") % {
        "to": report.forwarded_to,
        "title": report.title,
    }
    body = _("A written reply is due by %(deadline)s.") % {
        "deadline": f"{report.reply_deadline:%Y-%m-%d}"
    }
    return title, body


def _tell_forwarded(report: ResearchReport) -> None:
    """The representative who wrote the report hears where it went (inside the move)."""
    notify(
        [report.representative.user],
        kind=NoticeKind.RESEARCH_FORWARDED,
        key=f"activities.research_forwarded:{report.pk}",
        message=lambda: _forwarded_message(report),
        url=_link(report),
        subject=report,
    )


def _overdue_message(report: ResearchReport) -> tuple[str, str]:
    subject = _("Research report awaiting reply (due %(deadline)s): %(title)s") % {
        "deadline": f"{report.reply_deadline:%Y-%m-%d}",
        "title": report.title,
    }
    body = _(
        "The written reply of %(to)s to the research report “%(title)s” by %(rep)s was due "
        "on %(deadline)s and has not been recorded."
    ) % {
        "to": report.forwarded_to,
        "title": report.title,
        "rep": report.representative.name,
        "deadline": f"{report.reply_deadline:%Y-%m-%d}",
    }
    return subject, body


def send_reminder(report_id: int, today: date | None = None) -> bool:
    """Remind the liaison office of one overdue reply, unless already reminded for its current
    deadline. The marker row and the notices are written in one transaction (the deliveries go
    out after it commits); returns whether anyone was told."""
    report = (
        ResearchReport.objects.select_related("topic__area", "representative")
        .filter(pk=report_id)
        .first()
    )
    if report is None or not is_overdue(report, today):
        return False
    people = office_users_for(report.topic.area)
    if not people:
        return False
    with transaction.atomic():
        try:
            # A savepoint: on PostgreSQL a failed INSERT would poison the outer transaction.
            with transaction.atomic():
                ResearchReminder.objects.create(
                    report=report,
                    deadline=report.reply_deadline,
                    recipients="、".join(p.display_name for p in people),
                )
        except IntegrityError:
            return False
        notify(
            people,
            kind=NoticeKind.RESEARCH_OVERDUE,
            key=f"activities.research_overdue:{report.pk}:{report.reply_deadline:%Y-%m-%d}",
            message=lambda: _overdue_message(report),
            url=_link(report),
            subject=report,
            place=report.topic.area,
        )
    return True


def send_research_reminders(today: date | None = None) -> dict[str, int]:
    """The daily run: one reminder per overdue report and deadline. A failing report is logged
    and tried again on the next run."""
    counts = {"sent": 0, "failed": 0}
    ids = ResearchReport.objects.filter(overdue_q(today)).values_list("pk", flat=True)
    for report_id in list(ids):
        try:
            counts["sent"] += send_reminder(report_id, today)
        except Exception:
            logger.exception("Research reminder for report %s failed", report_id)
            counts["failed"] += 1
    return counts


@shared_task(acks_late=True, name="activities.send_research_reminders")
def send_research_reminders_task() -> dict[str, int]:
    """Celery beat, daily: one reminder per research report whose written reply is overdue,
    per deadline; running it again, or twice at once, sends nothing more."""
    return send_research_reminders()
