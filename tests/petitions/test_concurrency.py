"""Two users acting on the same request at once: exactly one succeeds, the other is told who
was faster and nothing of theirs is written.

On PostgreSQL with real parallel transactions (two threads, two connections); on any database
in one thread with a stale copy of the request.
"""

import threading
import time

import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.models import RoleKind
from core.errors import Conflict
from petitions import notifications, workflow
from petitions.models import (
    EventKind,
    Petition,
    Reminder,
    ReminderKind,
    State,
    Triage,
)
from tests.factories import RoleFactory, UserFactory
from tests.petitions.factories import make_petition
from tests.races import needs_postgres, race


@pytest.fixture
def clerk_a2(areas):
    user = UserFactory(username="clerk_a2", full_name="甲二办事员")
    RoleFactory(user=user, kind=RoleKind.CLERK, area=areas.a)
    return user


pytestmark = pytest.mark.usefixtures("restore_migrated_data")


def events(petition, kind):
    return Petition.objects.get(pk=petition.pk).history.filter(action=kind).count()


# --- one thread, a stale copy ---------------------------------------------------------------


def test_acting_on_a_stale_copy_is_a_conflict_naming_the_winner(received, clerk_a, clerk_a2):
    mine = Petition.objects.get(pk=received.pk)
    theirs = Petition.objects.get(pk=received.pk)
    workflow.handle(theirs, actor=clerk_a2, result="乙先处理完毕。")

    with pytest.raises(Conflict) as refused:
        workflow.handle(mine, actor=clerk_a, result="甲也处理了。")

    assert "甲二办事员" in str(refused.value)
    fresh = Petition.objects.get(pk=received.pk)
    assert fresh.handling_result == "乙先处理完毕。"
    assert fresh.version == received.version + 1
    assert events(received, EventKind.HANDLE) == 1


def test_a_note_makes_other_open_pages_stale(received, clerk_a, clerk_a2):
    mine = Petition.objects.get(pk=received.pk)
    workflow.add_note(Petition.objects.get(pk=received.pk), actor=clerk_a2, note="已联系物业。")
    with pytest.raises(Conflict):
        workflow.handle(mine, actor=clerk_a, result="已处理。")
    assert Petition.objects.get(pk=received.pk).state == State.RECEIVED


def test_the_version_the_user_saw_is_checked_before_the_state(received, clerk_a, clerk_a2):
    seen = received.version
    workflow.handle(Petition.objects.get(pk=received.pk), actor=clerk_a2, result="已处理。")
    # The page reloads the request (now HANDLED) but posts the version it was rendered with.
    fresh = Petition.objects.get(pk=received.pk)
    with pytest.raises(Conflict) as refused:
        workflow.handle(fresh, actor=clerk_a, result="我也处理了。", version=seen)
    assert "甲二办事员" in str(refused.value)


def test_the_current_version_passes(received, clerk_a):
    workflow.handle(received, actor=clerk_a, result="已处理。", version=received.version)
    assert Petition.objects.get(pk=received.pk).state == State.HANDLED


# --- PostgreSQL: two transactions at once ---------------------------------------------------


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("step", ["handle", "receive"])
def test_two_clerks_at_once_exactly_one_wins(step, wr, clerk_a, clerk_a2, handler):
    petition = make_petition(
        State.RECEIVED if step == "handle" else State.REGISTERED,
        workroom=wr.a,
        actor=clerk_a,
        handler=handler,
    )
    kind = EventKind.HANDLE if step == "handle" else EventKind.RECEIVE
    before = events(petition, kind)
    names = {clerk_a.pk: "甲办事员", clerk_a2.pk: "甲二办事员"}

    def act(user):
        # Each user loaded the request at the same version, as two open pages would.
        mine = Petition.objects.get(pk=petition.pk)
        if step == "handle":
            return lambda: workflow.handle(mine, actor=user, result=f"{user.username} 处理")
        return lambda: workflow.receive(mine, actor=user, triage=Triage.TIME_LIMITED, handler=user)

    results = race(act(clerk_a), act(clerk_a2))

    winners = [r for r in results if isinstance(r, Petition)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    fresh = Petition.objects.get(pk=petition.pk)
    assert str(losers[0]).count(names[fresh.updated_by_id]) == 1
    assert fresh.version == petition.version + 1
    assert events(petition, kind) == before + 1
    if step == "receive":
        # Only the winner's assignment notice went out (after its commit).
        assert [m.to for m in mail.outbox] == [[fresh.handler.email]]


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sending_reminders_at_once_mail_once(wr, clerk_a, handler, monkeypatch):
    petition = make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a, handler=handler)
    mail.outbox.clear()  # the assignment notice of the reception
    real = notifications.notify
    sending = threading.Event()

    def slow_notice(*args, **kwargs):
        # The first worker holds its Reminder row uncommitted while it writes the notices; the
        # second one starts meanwhile and must wait for it, then find the row and add nothing.
        sending.set()
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(notifications, "notify", slow_notice)

    def second():
        sending.wait(timeout=10)
        return notifications.send_reminder(petition.pk, ReminderKind.OVERDUE)

    results = race(lambda: notifications.send_reminder(petition.pk, ReminderKind.OVERDUE), second)

    assert sorted(results) == [False, True], results
    assert len(mail.outbox) == 1
    assert Reminder.objects.filter(petition=petition).count() == 1
    assert events(petition, EventKind.REMINDER) == 1


def test_the_loser_is_told_who_acted_and_when(received, clerk_a, clerk_a2):
    mine = Petition.objects.get(pk=received.pk)
    workflow.handle(Petition.objects.get(pk=received.pk), actor=clerk_a2, result="乙先处理完毕。")
    entry = Petition.objects.get(pk=received.pk).history.get(action=EventKind.HANDLE)

    with pytest.raises(Conflict) as refused:
        workflow.handle(mine, actor=clerk_a, result="甲也处理了。")

    assert (refused.value.who, refused.value.when) == ("甲二办事员", entry.at)
    assert f"{timezone.localtime(entry.at):%H:%M}" in str(refused.value)
    assert not refused.value.same_user


def test_the_same_user_sending_twice_is_told_it_is_already_done(received, clerk_a):
    first_tab = Petition.objects.get(pk=received.pk)
    second_tab = Petition.objects.get(pk=received.pk)
    workflow.handle(first_tab, actor=clerk_a, result="已处理。")

    with pytest.raises(Conflict) as refused, translation.override("en"):
        workflow.handle(second_tab, actor=clerk_a, result="已处理。")

    assert refused.value.same_user
    assert "You already did this" in str(refused.value)
    assert events(received, EventKind.HANDLE) == 1
