"""The demo gives every demo workroom its representatives, with the seeds' numbers."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from representatives.models import Assignment, AssignmentRole, Representative
from representatives.selectors import current_representatives, workroom_level_breakdown
from tests.helpers import client_for
from workrooms.models import Area, Workroom

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """One demo build for the module (it takes a few seconds), rolled back at its end."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        call_command("demo", "--upto", "representatives.demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_shuyuan_road_has_the_seeds_28_with_their_level_mix(demo_db):
    workroom = Workroom.objects.get(area__code="430304001")

    breakdown = workroom_level_breakdown(workroom)

    assert breakdown.total == 28
    assert [(g.label, g.count) for g in breakdown.groups] == [("国、省", 1), ("市", 7), ("区", 20)]


def test_yanta_has_119_representatives_over_its_1_8_8_workrooms(demo_db):
    yanta = Area.objects.get(code="610113")
    workrooms = Workroom.objects.filter(area__path__startswith=yanta.path)

    people = set()
    for workroom in workrooms:
        stationed = set(current_representatives(workroom).values_list("pk", flat=True))
        assert stationed, workroom.name
        people |= stationed

    assert workrooms.count() == 17
    assert len(people) == 119


def test_every_demo_workroom_has_representatives_and_one_leader(demo_db):
    for workroom in Workroom.objects.all():
        current = Assignment.objects.current().filter(workroom=workroom)
        assert current.exists(), workroom.name
        assert current.filter(role=AssignmentRole.LEADER).count() == 1, workroom.name


def test_some_assignments_are_history(demo_db):
    assert Assignment.objects.filter(end_date__isnull=False).exists()


def test_rep_shuyuan_signs_in_to_their_own_record(demo_db):
    user = User.objects.get(username="rep_shuyuan")
    rep = Representative.objects.get(user=user)
    shuyuan = Workroom.objects.get(area__code="430304001")

    assert rep in current_representatives(shuyuan)
    response = client_for(user).get(reverse("representatives:me"))
    assert response.url == reverse("representatives:detail", args=[rep.pk])


def test_running_the_demo_again_adds_no_representatives(demo_db):
    before = (Representative.objects.count(), Assignment.objects.count())

    call_command("demo", "--upto", "representatives.demo", stdout=io.StringIO())

    assert (Representative.objects.count(), Assignment.objects.count()) == before
