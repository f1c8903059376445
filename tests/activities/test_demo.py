"""The demo activities: Shuyuan Road's year in the seeds' proportions, some elsewhere, requests
linked to visits and meetings, and the same result however often ``demo`` runs."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from activities.demo import log as demo
from activities.models import Activity, Resolution, ResolutionStatus, Wish, WishStatus
from core.demo import DemoContext
from petitions.models import Petition
from portal.demo import run_builders

pytestmark = pytest.mark.django_db

SHUYUAN = "书院路街道党代表工作室"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo world built once for the module (places, people, rosters, requests), rolled
    back afterwards; its evidence photos go to a throwaway directory."""
    from django.db import transaction
    from django.test import override_settings

    # The block's own exit rolls back even when building fails (a transaction left open
    # would keep the shared test database locked for every test after).
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("m")),
        transaction.atomic(),
    ):
        ctx = DemoContext()
        run_builders(ctx, upto="activities.demo.liaison")
        started = time.monotonic()
        if not Activity.objects.exists():
            demo.build(ctx)
        ctx.seconds = time.monotonic() - started
        yield ctx
        transaction.set_rollback(True)


def test_shuyuan_road_has_a_year_in_the_seeds_proportions(world):
    here = Activity.objects.filter(workroom__name=SHUYUAN)
    assert here.filter(type__code="micro_lecture").count() == 100
    meetings = here.filter(type__code="deliberation")
    assert meetings.count() == 40
    assert not here.filter(date__lt=world.today - timedelta(days=365)).exists()
    assert not here.filter(date__gt=world.today).exists()
    resolutions = Resolution.objects.filter(activity__in=meetings)
    done = resolutions.filter(status=ResolutionStatus.DONE).count()
    assert done > resolutions.count() * 0.6
    assert resolutions.exclude(status=ResolutionStatus.DONE).exists()
    assert not meetings.filter(deliberation_kind="").exists()


def test_shuyuan_road_has_150_wishes_mostly_fulfilled(world):
    wishes = Wish.objects.filter(workroom__name=SHUYUAN)
    assert wishes.count() == 150
    answered = wishes.filter(status__in=(WishStatus.FULFILLED, WishStatus.CONFIRMED)).count()
    assert answered > 110
    assert wishes.filter(status=WishStatus.OPEN).exists()
    assert wishes.filter(status=WishStatus.CLAIMED, claimed_by__isnull=False).exists()
    assert not wishes.filter(status=WishStatus.CONFIRMED, confirmed_at__isnull=True).exists()


def test_other_areas_have_some_activities(world):
    others = Activity.objects.exclude(workroom__name=SHUYUAN)
    assert others.filter(workroom__area__code__startswith="610113").count() >= 100
    assert others.filter(workroom__area__code="371626001").count() >= 30


def test_some_requests_came_from_visits_and_meetings(world):
    linked = Petition.objects.filter(activity__isnull=False).select_related("activity__type")
    assert linked.exists()
    for petition in linked:
        assert petition.activity.workroom_id == petition.workroom_id
        assert petition.activity.type.produces_requests
        assert petition.activity.date <= timezone.localdate(petition.registered_at)


def test_demo_is_idempotent_and_fast(world):
    before = (Activity.objects.count(), Wish.objects.count(), Resolution.objects.count())
    linked = Petition.objects.filter(activity__isnull=False).count()
    demo.build(world)
    assert (Activity.objects.count(), Wish.objects.count(), Resolution.objects.count()) == before
    assert Petition.objects.filter(activity__isnull=False).count() == linked
    assert world.seconds < 5, world.seconds
