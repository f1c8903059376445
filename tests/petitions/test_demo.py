"""The demo requests: a year of them at the demo workrooms, in every state, made through the
workflow (events agree with the dates), and built the same however often ``demo`` runs."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from core.demo import DemoContext
from core.models import AuditEntry
from petitions import demo
from petitions.models import (
    EventKind,
    Petition,
    Reminder,
    State,
    Transfer,
    Triage,
)
from petitions.selectors import overdue_q
from portal.demo import run_builders
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

SHUYUAN = "书院路街道党代表工作室"


def build_world() -> DemoContext:
    ctx = DemoContext()
    run_builders(
        ctx, upto="petitions.demo"
    )  # places, users, representatives, rosters (and requests once listed)
    demo.build(ctx)
    return ctx


def counts() -> dict:
    return {
        "requests": Petition.objects.count(),
        "events": AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Petition)
        ).count(),
        "transfers": Transfer.objects.count(),
        "reminders": Reminder.objects.count(),
    }


def registered_at(workroom_name):
    """Requests first registered at the workroom (transferred ones included)."""
    here = Petition.objects.filter(workroom__name=workroom_name, transfers__isnull=True)
    left = Petition.objects.filter(transfers__from_workroom__name=workroom_name)
    return (here | left).distinct()


def test_demo_builds_a_year_of_requests_in_every_state_through_the_workflow():
    build_world()
    now = timezone.now()

    shuyuan = registered_at(SHUYUAN)
    assert 100 <= shuyuan.count() <= 120
    assert not shuyuan.filter(registered_at__lt=now - timedelta(days=366)).exists()
    states = dict(Petition.objects.values_list("state").annotate(n=Count("pk")))
    assert set(states) == set(State.values)
    assert states[State.ARCHIVED] > sum(states.values()) / 2
    assert set(Petition.objects.values_list("triage", flat=True)) >= set(Triage.values)
    assert Petition.objects.filter(overdue_q()).count() >= 2
    assert Petition.objects.filter(returns__gt=0).count() >= 3
    assert Petition.objects.filter(needs_liaison_office=True).count() == 1
    assert Transfer.objects.filter(is_escalation=True).exists()
    assert Transfer.objects.filter(is_escalation=False).exists()
    assert Reminder.objects.exists()
    assert Petition.objects.exclude(workroom__name=SHUYUAN).count() > 50

    # Made through the workflow, with the clock set per step: the events agree with the dates.
    petition_type = ContentType.objects.get_for_model(Petition)
    entries: dict[int, list] = {}
    for entry in AuditEntry.objects.filter(content_type=petition_type).order_by("at", "pk"):
        entries.setdefault(entry.object_id, []).append(entry)
    for petition in Petition.objects.all():
        events = entries[petition.pk]
        times = [e.at for e in events]
        assert times == sorted(times), petition
        assert times[-1] <= now
        assert (events[0].action, events[0].at) == (EventKind.REGISTER, petition.registered_at)
        by_kind = {e.action: e.at for e in events}  # the latest of each kind
        if petition.state == State.ARCHIVED:
            assert by_kind[EventKind.ARCHIVE] == petition.archived_at
        if petition.replied_at:
            assert by_kind[EventKind.REPLY] == petition.replied_at
        if petition.received_at:
            assert petition.deadline >= timezone.localdate(petition.received_at)


def test_running_the_demo_again_changes_nothing_and_mails_nobody():
    ctx = build_world()
    first = counts()

    demo.build(ctx)
    run_builders(DemoContext(), upto="petitions.demo")

    assert counts() == first
    assert mail.outbox == []
    # And the demo sign-ins find them.
    clerk = client_for(User.objects.get(username="clerk_shuyuan"))
    response = clerk.get("/requests/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 100
