"""Notices about requests, by e-mail here (the inbox and the other channels: tests/notices):
assignment and transfer after commit only; deadline reminders once per request, kind and
deadline, recorded in the timeline. E-mail goes out after the commit: tests that read the
outbox run the commit callbacks (``committed``)."""

import smtplib
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse

from core.models import AuditEntry
from core.workdays import is_workday
from notices import channels
from notices.models import Delivery, DeliveryStatus, Notification
from petitions import notifications, workflow
from petitions.models import (
    EventKind,
    Petition,
    Reminder,
    ReminderKind,
    Resolution,
    Satisfaction,
    State,
    Triage,
)
from tests.petitions.factories import advance


def working_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while not is_workday(day):
        day -= timedelta(days=1)
    return day


def reminders(petition):
    return list(Reminder.objects.filter(petition=petition).values_list("kind", "deadline"))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(f, ...)``: call ``f`` and then what it queued for after its commit (the
    deliveries), as the daily job's own commit does."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


# --- assignment and transfer ----------------------------------------------------------------


def test_the_handler_is_told_once_the_reception_commits(
    registered, clerk_a, handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)
        assert mail.outbox == []  # not before the commit
    [message] = mail.outbox
    assert message.to == [handler.email]
    assert registered.reference in message.subject
    assert registered.title in message.subject
    assert f"{settings.SITE_URL}{reverse('petitions:detail', args=[registered.pk])}" in message.body


def test_notices_carry_no_personal_data(
    registered, clerk_a, handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)
    [message] = mail.outbox
    for secret in (
        registered.resident_name,
        registered.resident_phone,
        registered.resident_address,
    ):
        assert secret not in message.subject
        assert secret not in message.body


def test_no_mail_when_the_step_rolls_back(
    registered, clerk_a, handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)
            raise RuntimeError("the page failed after the step")
    assert callbacks == []
    assert mail.outbox == []
    assert Petition.objects.get(pk=registered.pk).state == State.REGISTERED


def test_no_mail_when_the_step_is_refused(
    registered, clerk_a, clerk_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(workflow.DomainError):
            workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=clerk_b)
    assert callbacks == []
    assert mail.outbox == []


def test_an_on_the_spot_answer_mails_nobody(
    registered, clerk_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.answer_on_the_spot(
            registered,
            actor=clerk_a,
            handling_result="现场解答。",
            reply_content="已解答。",
            reply_method="in_person",
        )
    assert mail.outbox == []


def test_a_new_handler_is_told(received, clerk_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reassign(received, actor=clerk_a, handler=clerk_a)
    assert [m.to for m in mail.outbox] == [[clerk_a.email]]


def test_a_transfer_tells_the_receiving_workroom(
    received, clerk_a, clerk_b, wr, django_capture_on_commit_callbacks
):
    wr.b.liaison_officers.add(clerk_b)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transfer(received, actor=clerk_a, to_workroom=wr.b, reason="属曲池街道辖区。")
    [message] = mail.outbox
    assert message.to == [clerk_b.email]
    assert wr.b.name in message.subject


def test_a_handler_without_an_address_is_simply_not_mailed(
    registered, clerk_a, handler, django_capture_on_commit_callbacks
):
    handler.email = ""
    handler.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)
    assert mail.outbox == []
    assert Petition.objects.get(pk=registered.pk).state == State.RECEIVED


def test_a_failing_mail_server_does_not_undo_the_committed_step(
    registered, clerk_a, handler, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(channels, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)
    assert Petition.objects.get(pk=registered.pk).state == State.RECEIVED


# --- deadline reminders ---------------------------------------------------------------------


def test_due_soon_goes_to_handler_and_liaison_officer_once(
    received, handler, liaison_officer, committed
):
    day_before = working_day_before(received.deadline)

    assert committed(notifications.send_deadline_reminders, today=day_before)["due_soon"] == 1
    assert committed(notifications.send_deadline_reminders, today=day_before)["due_soon"] == 0

    # One message each (in each one's language), none twice.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([handler.email, liaison_officer.email])
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert reminders(received) == [(ReminderKind.DUE_SOON, received.deadline)]
    event = received.history.get(action=EventKind.REMINDER)
    assert event.data == {"kind": "due_soon", "deadline": received.deadline.isoformat()}
    assert handler.display_name in event.note


def test_no_reminder_two_working_days_before_or_on_the_day(received, handler, committed):
    two_before = working_day_before(working_day_before(received.deadline))
    assert committed(notifications.send_deadline_reminders, today=two_before) == {
        "due_soon": 0,
        "overdue": 0,
        "failed": 0,
    }
    assert committed(notifications.send_deadline_reminders, today=received.deadline)["overdue"] == 0
    assert mail.outbox == []


def test_overdue_is_sent_once_when_the_deadline_has_passed(received, handler, committed):
    after = received.deadline + timedelta(days=1)
    assert committed(notifications.send_deadline_reminders, today=after)["overdue"] == 1
    assert committed(notifications.send_deadline_reminders, today=after)["overdue"] == 0
    later = after + timedelta(days=7)
    assert committed(notifications.send_deadline_reminders, today=later)["overdue"] == 0
    assert len(mail.outbox) == 1
    assert reminders(received) == [(ReminderKind.OVERDUE, received.deadline)]


def test_the_daily_task_is_idempotent(received, handler, at, committed):
    at(received.deadline + timedelta(days=3))
    committed(notifications.send_deadline_reminders_task.delay)
    committed(notifications.send_deadline_reminders_task.delay)
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1
    assert AuditEntry.objects.filter(action=EventKind.REMINDER).count() == 1


@pytest.mark.parametrize("state", [State.REPLIED, State.FEEDBACK, State.ARCHIVED])
def test_answered_requests_get_no_reminders(state, petition_in, committed):
    petition = petition_in(state)
    committed(notifications.send_deadline_reminders, today=petition.deadline + timedelta(days=1))
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_a_registered_request_without_a_deadline_gets_none(registered, committed):
    committed(notifications.send_deadline_reminders, today=date(2030, 1, 1))
    assert mail.outbox == []


def test_a_new_deadline_after_a_return_allows_new_reminders(petition_in, clerk_a, at, committed):
    at(date(2026, 2, 2))
    petition = petition_in(State.RECEIVED)
    assert petition.deadline == date(2026, 2, 9)
    assert committed(notifications.send_deadline_reminders, today=date(2026, 2, 10))["overdue"] == 1

    at(date(2026, 2, 11))
    advance(petition, State.REPLIED, actor=clerk_a)
    workflow.feedback(
        petition,
        actor=clerk_a,
        satisfaction=Satisfaction.DISSATISFIED,
        resolution=Resolution.NOT_SOLVED,
    )
    assert petition.deadline == date(2026, 2, 25)  # 12, 13, 14 (make-up), 24, 25

    at(date(2026, 2, 26))
    assert committed(notifications.send_deadline_reminders, today=date(2026, 2, 26))["overdue"] == 1
    assert reminders(petition) == [
        (ReminderKind.OVERDUE, date(2026, 2, 9)),
        (ReminderKind.OVERDUE, date(2026, 2, 25)),
    ]
    assert len(mail.outbox) == 2
    kinds = list(petition.history.order_by("at", "pk").values_list("action", flat=True))
    assert kinds == [
        EventKind.REGISTER,
        EventKind.RECEIVE,
        EventKind.REMINDER,
        EventKind.HANDLE,
        EventKind.REPLY,
        EventKind.FEEDBACK,
        EventKind.RETURN,
        EventKind.REMINDER,
    ]


def test_a_failing_mail_server_loses_no_reminder(received, handler, monkeypatch, committed):
    # The reminder stands in the inbox; the e-mail is tried a bounded number of times and then
    # shows as failed to the administrators; the next run adds nothing.
    after = received.deadline + timedelta(days=1)
    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(channels, "send_mail", broken)
    assert committed(notifications.send_deadline_reminders, today=after)["overdue"] == 1

    assert reminders(received) == [(ReminderKind.OVERDUE, received.deadline)]
    assert Notification.objects.filter(recipient=handler, read_at__isnull=True).count() == 2
    delivery = Delivery.objects.get(recipient=handler, notice__kind="overdue")
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert "gone" in delivery.last_error
    assert len(calls) == 3

    monkeypatch.undo()
    assert committed(notifications.send_deadline_reminders, today=after)["overdue"] == 0
    assert mail.outbox == []


def test_one_failing_request_does_not_stop_the_others(petition_in, monkeypatch):
    first, second = petition_in(State.RECEIVED), petition_in(State.RECEIVED)
    real = notifications.notify

    def fails_for_first(*args, key, **kwargs):
        if f":{first.pk}:" in key:
            raise RuntimeError("the notice could not be written")
        return real(*args, key=key, **kwargs)

    monkeypatch.setattr(notifications, "notify", fails_for_first)
    counts = notifications.send_deadline_reminders(today=first.deadline + timedelta(days=1))
    assert counts == {"due_soon": 0, "overdue": 1, "failed": 1}
    assert reminders(first) == []
    assert reminders(second) == [(ReminderKind.OVERDUE, second.deadline)]


def test_nobody_to_tell_records_nothing_until_someone_is(received, handler, clerk_a, committed):
    handler.is_active = False
    handler.save()
    after = received.deadline + timedelta(days=1)
    assert committed(notifications.send_deadline_reminders, today=after)["overdue"] == 0
    assert not Reminder.objects.exists()

    received.workroom.liaison_officers.add(clerk_a)
    assert committed(notifications.send_deadline_reminders, today=after)["overdue"] == 1
    assert [m.to for m in mail.outbox] == [[clerk_a.email]]


def test_someone_without_an_address_still_finds_the_reminder_in_the_inbox(
    received, handler, committed
):
    handler.email = ""
    handler.save()
    after = received.deadline + timedelta(days=1)
    assert committed(notifications.send_deadline_reminders, today=after)["overdue"] == 1
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=handler, notice__kind="overdue").count() == 1


def test_send_reminder_twice_in_a_row_sends_once(received, handler, committed):
    # The guard itself, without the daily selection: what two workers racing would do.
    assert committed(notifications.send_reminder, received.pk, ReminderKind.OVERDUE) is True
    assert committed(notifications.send_reminder, received.pk, ReminderKind.OVERDUE) is False
    assert len(mail.outbox) == 1
