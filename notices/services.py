"""Telling people. ``notify`` is the one entry point other apps call; the rest marks the inbox
read, keeps each person's channel choices and names the usual recipients.

``notify`` is called inside the transaction of the change it reports, after the change was
claimed: it writes the notice and each person's inbox item, and queues the deliveries once the
transaction commits (a rolled-back change tells nobody). It is idempotent on the event's key:
a service run twice, or two workers running the daily reminders at once, add nobody twice.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone, translation

from accounts.models import User
from core.jobs import pickup_deadline
from notices.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notice,
    NoticePreference,
    Notification,
    RobotWebhook,
)
from notices.selectors import robots_for
from workrooms.models import Area, Workroom

# (title, body) of a notice, built when called: ``notify`` calls it once per language, so each
# person reads it in their own and the group robots in the site's.
Message = Callable[[], tuple[Any, Any]]
Place = Workroom | Area | None

_quiet: contextvars.ContextVar[bool] = contextvars.ContextVar("notices_quiet", default=False)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Within this block notices reach the inboxes but nothing is sent: the demo records a year
    of history, and must not mail or post any of it."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def enabled_channels() -> frozenset[str]:
    """The channels this deployment uses besides the inbox (``NOTICE_CHANNELS``)."""
    return frozenset(settings.NOTICE_CHANNELS)


def notify(
    recipients: Iterable[User | None],
    *,
    kind: str,
    key: str,
    message: Message,
    url: str = "",
    subject: models.Model | None = None,
    place: Place = None,
) -> Notice | None:
    """Tell ``recipients`` (inactive users and repeats are left out) about one event.

    ``key`` names the event ("petitions.assigned:123:4"): whoever already has it is not told
    again. ``message`` gives (title, body) in the active language; ``url`` is the object's page
    (a path); ``subject`` the object itself; ``place`` the workroom or area whose group robots
    are told too. Returns the notice, or None when there was nobody to tell.
    """
    people = _people(recipients)
    robots = [] if _quiet.get() else robots_for(place)
    if not people and not robots:
        return None
    texts = _Texts(message)
    now = timezone.now()
    with transaction.atomic():
        notice, created = _notice(
            key=key, kind=kind, texts=texts, url=url, subject=subject, place=place, at=now
        )
        known = set(
            Notification.objects.filter(
                notice=notice, recipient__in=[p.pk for p in people]
            ).values_list("recipient_id", flat=True)
        )
        new = [p for p in people if p.pk not in known]
        Notification.objects.bulk_create(
            [
                Notification(
                    notice=notice, recipient=p, created_at=notice.created_at, **texts.of(p)
                )
                for p in new
            ],
            # Two workers telling the same person at once: the second insert is a no-op.
            ignore_conflicts=True,
        )
        if not _quiet.get():
            deliveries = _deliveries(notice, new, robots if created else [], now)
            if deliveries:
                from notices.delivery import queue

                # robust: when tasks run in-process a failing channel must not turn the change,
                # committed by then, into an error page; each delivery records its own failure.
                transaction.on_commit(lambda: queue(deliveries), robust=True)
    return notice


def _people(recipients: Iterable[User | None]) -> list[User]:
    seen: set[int] = set()
    people = []
    for person in recipients:
        if person is None or not person.is_active or person.pk in seen:
            continue
        seen.add(person.pk)
        people.append(person)
    return people


class _Texts:
    """The message in each language asked for, built once per language."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self.done: dict[str, dict[str, str]] = {}

    def in_language(self, language: str) -> dict[str, str]:
        if language not in self.done:
            with translation.override(language):
                title, body = self.message()
            self.done[language] = {"title": _one_line(str(title))[:200], "body": str(body)}
        return self.done[language]

    def of(self, person: User) -> dict[str, str]:
        return self.in_language(person.language or settings.LANGUAGE_CODE)

    def site(self) -> dict[str, str]:
        return self.in_language(settings.LANGUAGE_CODE)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _notice(
    *,
    key: str,
    kind: str,
    texts: _Texts,
    url: str,
    subject: models.Model | None,
    place: Place,
    at: datetime,
) -> tuple[Notice, bool]:
    existing = Notice.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    fields: dict[str, Any] = {
        "kind": kind,
        "url": url,
        "created_at": at,
        "workroom": place if isinstance(place, Workroom) else None,
        "area": place if isinstance(place, Area) else None,
        **texts.site(),
    }
    if subject is not None:
        fields["content_type"] = ContentType.objects.get_for_model(type(subject))
        fields["object_id"] = subject.pk
    try:
        # A savepoint: on PostgreSQL a failed INSERT would poison the caller's transaction.
        # Two workers at once: the second waits on the unique index, then finds the first's.
        with transaction.atomic():
            return Notice.objects.create(key=key, **fields), True
    except IntegrityError:
        return Notice.objects.get(key=key), False


def _deliveries(
    notice: Notice, people: list[User], robots: list[RobotWebhook], at: datetime
) -> list[int]:
    """Write the deliveries of the people newly told and of the robots; returns their ids."""
    channels = enabled_channels()
    choices = (
        {p.user_id: p for p in NoticePreference.objects.filter(user__in=people)} if people else {}
    )
    rows = []
    for person in people:
        choice = choices.get(person.pk) or NoticePreference(user=person)
        if Channel.EMAIL in channels and choice.email and person.email:
            rows.append(
                Delivery(notice=notice, channel=Channel.EMAIL, recipient=person, created_at=at)
            )
        if Channel.SMS in channels and choice.sms and person.phone:
            rows.append(
                Delivery(notice=notice, channel=Channel.SMS, recipient=person, created_at=at)
            )
    for robot in robots:
        if robot.kind in channels:
            rows.append(Delivery(notice=notice, channel=robot.kind, robot=robot, created_at=at))
    if not rows:
        return []
    lease = pickup_deadline(at)
    for row in rows:
        row.lease_until = lease
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return list(
        Delivery.objects.filter(notice=notice, status=DeliveryStatus.QUEUED, attempts=0)
        .filter(Q(recipient__in=[p.pk for p in people]) | Q(robot__in=[r.pk for r in robots]))
        .values_list("pk", flat=True)
    )


# --- the inbox ------------------------------------------------------------------------------


def mark_read(notification: Notification, *, user: User) -> bool:
    """Mark one of ``user``'s notifications read; False when it already was."""
    now = timezone.now()
    changed = Notification.objects.filter(
        pk=notification.pk, recipient=user, read_at__isnull=True
    ).update(read_at=now)
    if changed:
        notification.read_at = now
    return bool(changed)


def mark_all_read(*, user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- each person's choices ------------------------------------------------------------------


def preference_of(user: User) -> NoticePreference:
    """The user's channel choices (defaults when never saved)."""
    return NoticePreference.objects.filter(user=user).first() or NoticePreference(user=user)


def preferences_save(*, user: User, email: bool, sms: bool, phone: str) -> NoticePreference:
    """Save the user's choices; the phone (already checked by the form) is the account's."""
    with transaction.atomic():
        choice, _created = NoticePreference.objects.update_or_create(
            user=user, defaults={"email": email, "sms": sms}
        )
        if phone != user.phone:
            user.phone = phone
            user.save(update_fields=["phone"])
    return choice


# --- who is usually told --------------------------------------------------------------------


def role_holders(area: Area, *kinds: str, superusers: bool = False) -> list[User]:
    """Active users whose ``kinds`` role reaches ``area`` (held on it or on an ancestor), and
    with ``superusers`` every active superuser too."""
    step = Area.steplen
    paths = [area.path[:i] for i in range(step, len(area.path) + 1, step)]
    holds = Q(roles__kind__in=kinds, roles__area__path__in=paths)
    if superusers:
        holds |= Q(is_superuser=True)
    return list(User.objects.filter(holds, is_active=True).distinct().order_by("pk"))
