"""Requests tell people in their inbox: assigned to the handler; transferred or escalated to the
receiving workroom; sent back after a dissatisfied return visit; due and overdue. Each event
reaches each person once, however often the step or the job runs."""

from datetime import timedelta

import pytest

from accounts.models import RoleKind
from notices.models import NoticeKind, Notification
from petitions import notifications, workflow
from petitions.models import Resolution, Satisfaction, State, Triage
from tests.petitions.factories import advance, staff_of

pytestmark = pytest.mark.django_db


def inbox(kind):
    """(recipient's username, object id) of every notification of ``kind``."""
    return sorted(
        Notification.objects.filter(notice__kind=kind).values_list(
            "recipient__username", "notice__object_id"
        )
    )


def test_the_handler_is_told_once_when_a_request_is_assigned(registered, clerk_a, handler):
    workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)
    with pytest.raises(workflow.DomainError):
        workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)

    assert inbox(NoticeKind.ASSIGNED) == [(handler.username, registered.pk)]
    notification = Notification.objects.get(recipient=handler)
    assert registered.reference in notification.title
    assert notification.notice.url == f"/requests/{registered.pk}/"


def test_a_new_handler_is_told_too(received, clerk_a, handler):
    workflow.reassign(received, actor=clerk_a, handler=clerk_a)

    assert inbox(NoticeKind.ASSIGNED) == [
        (clerk_a.username, received.pk),
        (handler.username, received.pk),
    ]


def test_an_on_the_spot_answer_tells_nobody(registered, clerk_a):
    workflow.answer_on_the_spot(
        registered,
        actor=clerk_a,
        handling_result="现场解答。",
        reply_content="已解答。",
        reply_method="in_person",
    )

    assert not Notification.objects.exists()


def test_a_refused_step_tells_nobody(registered, clerk_a, clerk_b):
    with pytest.raises(workflow.DomainError):
        workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=clerk_b)

    assert not Notification.objects.exists()


def test_a_transfer_tells_the_receiving_workroom_once(received, clerk_a, clerk_b, wr):
    wr.b.liaison_officers.add(clerk_b)
    workflow.transfer(received, actor=clerk_a, to_workroom=wr.b, reason="属曲池街道辖区。")
    with pytest.raises(workflow.DomainError):
        workflow.transfer(received, actor=clerk_a, to_workroom=wr.b, reason="属曲池街道辖区。")

    assert inbox(NoticeKind.TRANSFERRED) == [(clerk_b.username, received.pk)]
    notice = Notification.objects.get(recipient=clerk_b).notice
    assert notice.workroom == wr.b  # its robots are the receiving workroom's


def test_an_escalation_to_a_workroom_without_liaison_officers_tells_its_clerks(
    received, clerk_a, wr
):
    district_clerk = staff_of(wr.d, username="district_clerk")

    workflow.escalate(received, actor=clerk_a, reason="需区级协调。")

    assert inbox(NoticeKind.TRANSFERRED) == [(district_clerk.username, received.pk)]


def dissatisfied(petition, actor):
    advance(petition, State.REPLIED, actor=actor)
    workflow.feedback(
        petition,
        actor=actor,
        satisfaction=Satisfaction.DISSATISFIED,
        resolution=Resolution.NOT_SOLVED,
    )


def test_a_return_after_dissatisfaction_tells_handler_and_liaison_officers_once(
    received, clerk_a, handler, liaison_officer
):
    stale_version = received.version
    dissatisfied(received, clerk_a)
    with pytest.raises(workflow.DomainError):
        workflow.feedback(
            received,
            actor=clerk_a,
            satisfaction=Satisfaction.DISSATISFIED,
            resolution=Resolution.NOT_SOLVED,
            version=stale_version,
        )

    assert inbox(NoticeKind.RETURNED) == [
        (liaison_officer.username, received.pk),
        (handler.username, received.pk),
    ]


def test_the_second_return_tells_the_liaison_office_too(
    received, clerk_a, handler, liaison_officer, liaison
):
    dissatisfied(received, clerk_a)
    dissatisfied(received, clerk_a)

    assert received.needs_liaison_office
    told = inbox(NoticeKind.RETURNED)
    assert told.count((handler.username, received.pk)) == 2
    assert told.count((liaison.username, received.pk)) == 1


def test_deadline_reminders_reach_each_person_once_a_deadline(received, handler, liaison_officer):
    after = received.deadline + timedelta(days=1)
    notifications.send_deadline_reminders(today=after)
    notifications.send_deadline_reminders(today=after)

    assert inbox(NoticeKind.OVERDUE) == [
        (liaison_officer.username, received.pk),
        (handler.username, received.pk),
    ]


def test_an_old_style_queued_notice_still_reaches_the_inbox(received, handler):
    # Messages queued by the version that mailed from a task keep working.
    notifications.send_petition_notice.run(received.pk, notifications.ASSIGNED)

    assert inbox(NoticeKind.ASSIGNED) == [(handler.username, received.pk)]


def test_the_liaison_office_is_not_told_of_an_ordinary_request(received, liaison):
    assert not Notification.objects.filter(recipient=liaison).exists()
    assert RoleKind.LIAISON_OFFICE in set(liaison.roles.values_list("kind", flat=True))
