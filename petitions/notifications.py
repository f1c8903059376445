"""Notices about requests: assigned, transferred, sent back after a dissatisfied return visit,
due in one working day, overdue. Each reaches the inbox of the people concerned through
``notices.services.notify`` and, from there, their e-mail (and SMS, and the workroom's group
robots, as configured).

Assignment, transfer and return notices are written inside the step's transaction, after its
claim: a rolled-back or refused step tells nobody, and a step claimed once tells once. Their
deliveries go out after the commit, so a slow mail server never holds a clerk's page and a
failing one never undoes a step. Deadline reminders come from the daily beat task
(``send_deadline_reminders_task`` below).

Reminders are sent at most once per request, kind and deadline. The ``Reminder`` row (unique
on petition, kind, deadline) is the guard, and the order matters:

1. insert the Reminder row, the timeline event and the notices, in one transaction;
2. commit; the deliveries (e-mail ...) are queued after the commit.

Two workers running the job at once: the second one's INSERT waits on the unique index until
the first commits, then fails, and it adds nothing. A failing mail server no longer loses the
reminder: it stands in the inbox, and the e-mail is retried, then shown failed to the
administrators (``notices.delivery``). Anything failing before the commit rolls everything
back, and the next run tries again.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from celery import shared_task
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from core import audit
from core.workdays import next_workday
from notices.models import NoticeKind
from notices.services import notify, role_holders
from petitions.models import EventKind, Petition, Referral, Reminder, ReminderKind, State

logger = logging.getLogger(__name__)

# Requests whose reply deadline still runs.
OPEN_STATES = (State.REGISTERED, State.RECEIVED, State.HANDLED)

# Notices that are not reminders (no Reminder row, sent once per event by the workflow).
ASSIGNED = ReminderKind.ASSIGNED.value
TRANSFERRED = NoticeKind.TRANSFERRED.value
RETURNED = NoticeKind.RETURNED.value
REFERRED = NoticeKind.REFERRED.value
ANSWERED = NoticeKind.REFERRAL_ANSWERED.value
ONLINE = NoticeKind.ONLINE.value
DEADLINE_KINDS = (ReminderKind.DUE_SOON.value, ReminderKind.OVERDUE.value)


def notify_assigned(petition: Petition) -> None:
    """Tell the handler a request is theirs (inside the step's transaction)."""
    if petition.handler_id:
        _notify(petition, ASSIGNED, key=f"v{petition.version}")


def notify_transferred(petition: Petition) -> None:
    """Tell the receiving workroom's liaison officers a request has arrived."""
    _notify(petition, TRANSFERRED, key=f"v{petition.version}")


def notify_returned(petition: Petition) -> None:
    """Tell the handler and the liaison officers the resident was not satisfied; after the
    second time, the liaison office too, which alone may take the request further."""
    _notify(petition, RETURNED, key=str(petition.returns))


def notify_online(petition: Petition) -> None:
    """Tell the workroom a resident raised a request online: its liaison officers and the
    clerks whose area reaches it (and its group robots)."""
    people = list(petition.workroom.liaison_officers.filter(is_active=True).order_by("pk"))
    people += role_holders(petition.workroom.area, RoleKind.CLERK)
    _notify(petition, ONLINE, key="new", people=people)


def notify_referred(referral: Referral) -> None:
    """Tell the superior a 请示 waits for their answer."""
    _notify(referral.petition, REFERRED, key=f"r{referral.pk}", people=[referral.superior])


def notify_answered(referral: Referral) -> None:
    """Tell the one who asked (and the handler, when another) the 请示 has its answer."""
    people = [referral.asked_by]
    handler = referral.petition.handler
    if handler is not None and handler.pk != referral.asked_by_id:
        people.append(handler)
    _notify(referral.petition, ANSWERED, key=f"r{referral.pk}", people=people)


def recipients_for(petition: Petition, kind: str) -> list:
    """Who is told: the handler; for transfers, returns and deadlines also the current
    workroom's liaison officers (联络员); for an assignment without a handler, the liaison
    officers. A transfer to a workroom without liaison officers goes to its clerks; a request
    sent back twice also to the liaison office (党联办)."""
    people = []
    if petition.handler and petition.handler.is_active:
        people.append(petition.handler)
    if kind != ASSIGNED or not people:
        people += list(petition.workroom.liaison_officers.filter(is_active=True).order_by("pk"))
    if kind == TRANSFERRED and not people:
        people += role_holders(petition.workroom.area, RoleKind.CLERK)
    if kind == RETURNED and petition.needs_liaison_office:
        people += role_holders(petition.workroom.area, RoleKind.LIAISON_OFFICE)
    seen, unique = set(), []
    for person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            unique.append(person)
    return unique


def _message(petition: Petition, kind: str) -> tuple[str, str]:
    deadline = petition.deadline.strftime("%Y-%m-%d") if petition.deadline else "—"
    titles = {
        ASSIGNED: _("Request %(ref)s is now yours: %(title)s"),
        TRANSFERRED: _("Request %(ref)s was transferred to %(workroom)s: %(title)s"),
        RETURNED: _(
            "Request %(ref)s is back for handling, the resident was not satisfied: %(title)s"
        ),
        REFERRED: _("Request %(ref)s waits for your answer (请示): %(title)s"),
        ANSWERED: _("The referral (请示) of request %(ref)s has its answer: %(title)s"),
        ONLINE: _("Request %(ref)s raised online at %(workroom)s: %(title)s"),
        ReminderKind.DUE_SOON: _("Request %(ref)s is due %(deadline)s: %(title)s"),
        ReminderKind.OVERDUE: _("Request %(ref)s is overdue (due %(deadline)s): %(title)s"),
    }
    values = {
        "ref": petition.reference,
        "title": petition.title,
        "deadline": deadline,
        "workroom": petition.workroom.name,
    }
    title = titles[kind] % values
    # No resident's name, phone or address: the link leads to the scoped page.
    body = "\n".join(
        [
            _("Workroom: %(workroom)s") % {"workroom": petition.workroom.name},
            _("Reply deadline: %(deadline)s") % {"deadline": deadline},
        ]
    )
    return title, body


def _notify(petition: Petition, kind: str, *, key: str, people: list | None = None) -> None:
    notify(
        recipients_for(petition, kind) if people is None else people,
        kind=kind,
        key=f"petitions.{kind}:{petition.pk}:{key}",
        message=lambda: _message(petition, kind),
        url=reverse("petitions:detail", args=[petition.pk]),
        subject=petition,
        place=petition.workroom,
    )


def _load(petition_id: int) -> Petition | None:
    return (
        Petition.objects.select_related("handler", "workroom__area").filter(pk=petition_id).first()
    )


def send_notice(petition_id: int, kind: str) -> bool:
    """Send an assignment or transfer notice now, or a reminder (``send_reminder``). Returns
    whether anyone was told."""
    if kind in DEADLINE_KINDS:
        return send_reminder(petition_id, kind)
    petition = _load(petition_id)
    if petition is None:
        return False
    people = recipients_for(petition, kind)
    if not people:
        return False
    with transaction.atomic():
        _notify(petition, kind, key=f"v{petition.version}", people=people)
    return True


def send_reminder(petition_id: int, kind: str) -> bool:
    """Send the due-soon or overdue reminder of a request, unless it was already sent for its
    current deadline. Records a ``Reminder`` row, a timeline event and the notices, in one
    transaction. Returns whether anyone was told (see the module's notes)."""
    petition = _load(petition_id)
    if petition is None or petition.deadline is None or petition.state not in OPEN_STATES:
        return False
    people = recipients_for(petition, kind)
    if not people:
        return False
    names = "、".join(p.display_name for p in people)
    with transaction.atomic():
        try:
            # A savepoint: on PostgreSQL a failed INSERT would poison the outer transaction.
            with transaction.atomic():
                Reminder.objects.create(
                    petition=petition, kind=kind, deadline=petition.deadline, recipients=names
                )
        except IntegrityError:
            return False
        audit.log(
            petition,
            EventKind.REMINDER,
            actor=None,
            note=names,
            data={"kind": kind, "deadline": petition.deadline.isoformat()},
        )
        _notify(petition, kind, key=petition.deadline.isoformat(), people=people)
    return True


def due_petitions(today: date | None = None):
    """(due soon, overdue): open requests due by the next working day after ``today``, and
    those whose deadline has passed."""
    today = today or timezone.localdate()
    soon = next_workday(today + timedelta(days=1))
    open_ = Petition.objects.filter(state__in=OPEN_STATES, deadline__isnull=False)
    return open_.filter(deadline__gt=today, deadline__lte=soon), open_.filter(deadline__lt=today)


def send_deadline_reminders(today: date | None = None) -> dict[str, int]:
    """The daily run: every reminder due today, each at most once. One failing request does
    not stop the others; it is logged and tried again on the next run."""
    due_soon, overdue = due_petitions(today)
    counts = {"due_soon": 0, "overdue": 0, "failed": 0}
    for kind, queryset in ((ReminderKind.DUE_SOON, due_soon), (ReminderKind.OVERDUE, overdue)):
        for petition_id in list(queryset.values_list("pk", flat=True)):
            try:
                counts[kind.value] += send_reminder(petition_id, kind.value)
            except Exception:
                logger.exception("Reminder %s for request %s failed", kind.value, petition_id)
                counts["failed"] += 1
    return counts


# --- Celery tasks: they take primary keys, call the functions above, and are safe to run twice
# (reminders are guarded by their row, every notice by its event key).


@shared_task(acks_late=True, name="petitions.send_petition_notice")
def send_petition_notice(petition_id: int, kind: str) -> bool:
    """A notice sent on its own (the steps now write theirs in their transaction: this task
    stays for messages queued by an earlier version)."""
    return send_notice(petition_id, kind)


@shared_task(acks_late=True, name="petitions.send_deadline_reminders")
def send_deadline_reminders_task() -> dict:
    """Daily (beat): one reminder per request a working day before its deadline, one when it
    passes; running it again, or twice at once, sends nothing more."""
    return send_deadline_reminders()
