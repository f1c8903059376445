"""E-mail notices about requests.

Assignment and transfer notices are queued with ``transaction.on_commit``: a rolled-back step
never mails anyone, and a slow mail server never holds a clerk's page. Deadline reminders come
from the daily beat task (``send_deadline_reminders_task`` below).

Reminders are sent at most once per request, kind and deadline. The ``Reminder`` row (unique
on petition, kind, deadline) is the guard, and the order matters:

1. insert the Reminder row and the timeline event, in one transaction;
2. send the mail inside that same transaction;
3. commit.

Two workers running the job at once: the second one's INSERT waits on the unique index until
the first commits, then fails, and it sends nothing. A failing mail server: the exception rolls
the row back, so the next run tries again (nothing is lost; nothing claims "sent" that was not).
The one window left is a commit failing after the server accepted the mail, which would send
it again the next day: a duplicate reminder is the lesser harm than a lost one.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import audit
from core.workdays import next_workday
from petitions.models import EventKind, Petition, Reminder, ReminderKind, State

logger = logging.getLogger(__name__)

# Requests whose reply deadline still runs.
OPEN_STATES = (State.REGISTERED, State.RECEIVED, State.HANDLED)

# Notices that are not reminders (no Reminder row, sent once per event by the workflow).
ASSIGNED = ReminderKind.ASSIGNED.value
TRANSFERRED = "transferred"
DEADLINE_KINDS = (ReminderKind.DUE_SOON.value, ReminderKind.OVERDUE.value)


def notify_assigned(petition: Petition) -> None:
    """Tell the handler a request is theirs, once the step's transaction commits."""
    if petition.handler_id:
        _queue(petition.pk, ASSIGNED)


def notify_transferred(petition: Petition) -> None:
    """Tell the receiving workroom's liaison officers a request has arrived, after commit."""
    _queue(petition.pk, TRANSFERRED)


def _queue(petition_id: int, kind: str) -> None:
    # robust: when tasks run in-process (no broker) a mail error must not turn a step that
    # is already committed into an error page; it is logged instead.
    transaction.on_commit(lambda: send_petition_notice.delay(petition_id, kind), robust=True)


def recipients_for(petition: Petition, kind: str) -> list:
    """Who is told: the handler; for transfers and deadlines also the current workroom's
    liaison officers (联络员); for an assignment without a handler, the liaison officers."""
    people = []
    if petition.handler and petition.handler.is_active:
        people.append(petition.handler)
    if kind != ASSIGNED or not people:
        people += list(petition.workroom.liaison_officers.filter(is_active=True))
    seen, unique = set(), []
    for person in people:
        if person.email and person.email.lower() not in seen:
            seen.add(person.email.lower())
            unique.append(person)
    return unique


def _message(petition: Petition, kind: str) -> tuple[str, str]:
    link = f"{settings.SITE_URL}{reverse('petitions:detail', args=[petition.pk])}"
    deadline = petition.deadline.strftime("%Y-%m-%d") if petition.deadline else "—"
    subjects = {
        ASSIGNED: _("Request %(ref)s is now yours: %(title)s"),
        TRANSFERRED: _("Request %(ref)s was transferred to %(workroom)s: %(title)s"),
        ReminderKind.DUE_SOON: _("Request %(ref)s is due %(deadline)s: %(title)s"),
        ReminderKind.OVERDUE: _("Request %(ref)s is overdue (due %(deadline)s): %(title)s"),
    }
    values = {
        "ref": petition.reference,
        "title": petition.title,
        "deadline": deadline,
        "workroom": petition.workroom.name,
    }
    subject = subjects[kind] % values
    # No resident's name, phone or address in mail: the link leads to the scoped page.
    body = "\n".join(
        [
            subject,
            "",
            _("Workroom: %(workroom)s") % {"workroom": petition.workroom.name},
            _("Reply deadline: %(deadline)s") % {"deadline": deadline},
            "",
            link,
        ]
    )
    return subject, body


def _send(petition: Petition, kind: str, people) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(petition, kind)
    send_mail(subject, body, None, [p.email for p in people], fail_silently=False)


def _load(petition_id: int) -> Petition | None:
    return Petition.objects.select_related("handler", "workroom").filter(pk=petition_id).first()


def send_notice(petition_id: int, kind: str) -> bool:
    """Send an assignment or transfer notice now (the task queued after commit calls this).
    Returns whether a mail went out."""
    if kind in DEADLINE_KINDS:
        return send_reminder(petition_id, kind)
    petition = _load(petition_id)
    if petition is None:
        return False
    people = recipients_for(petition, kind)
    if not people:
        return False
    _send(petition, kind, people)
    return True


def send_reminder(petition_id: int, kind: str) -> bool:
    """Send the due-soon or overdue reminder of a request, unless it was already sent for its
    current deadline. Records a ``Reminder`` row and a timeline event. Returns whether a mail
    went out; a mail error propagates and leaves nothing recorded (see the module's notes)."""
    petition = _load(petition_id)
    if petition is None or petition.deadline is None or petition.state not in OPEN_STATES:
        return False
    people = recipients_for(petition, kind)
    if not people:
        return False
    with transaction.atomic():
        try:
            # A savepoint: on PostgreSQL a failed INSERT would poison the outer transaction.
            with transaction.atomic():
                Reminder.objects.create(
                    petition=petition,
                    kind=kind,
                    deadline=petition.deadline,
                    recipients=", ".join(p.email for p in people),
                )
        except IntegrityError:
            return False
        audit.log(
            petition,
            EventKind.REMINDER,
            actor=None,
            note="、".join(p.display_name for p in people),
            data={"kind": kind, "deadline": petition.deadline.isoformat()},
        )
        _send(petition, kind, people)
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
# (assignment notices are queued once per step; reminders are guarded by their row).


@shared_task(acks_late=True, name="petitions.send_petition_notice")
def send_petition_notice(petition_id: int, kind: str) -> bool:
    """Queued after a step commits: the handler (or the receiving workroom) is told."""
    return send_notice(petition_id, kind)


@shared_task(acks_late=True, name="petitions.send_deadline_reminders")
def send_deadline_reminders_task() -> dict:
    """Daily (beat): one reminder per request a working day before its deadline, one when it
    passes; running it again, or twice at once, sends nothing more."""
    return send_deadline_reminders()
