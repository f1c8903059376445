"""The province generator (bench/province.py), at a tiny scale, as the benchmark will use it:
what it builds is what the app's pages show. PostgreSQL only (it loads with COPY); the rows
live in the test's transaction and roll back with it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from activities.models import Activity, Wish
from bench.province import PASSWORD, SIGN_INS, generate, sizes
from core.models import AuditEntry
from petitions.models import EventKind, Petition, State
from petitions.selectors import overdue_q
from representatives.models import Representative
from rosters.models import Duty, DutyShift
from workrooms.models import Area, Workroom

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator loads with PostgreSQL's COPY"
)
pytestmark = [needs_postgres, pytest.mark.django_db]

SCALE = 0.001


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back after its last test: each test
    runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(SCALE)
        transaction.set_rollback(True)


def test_counts_follow_the_scale_and_the_tree_is_valid(province):
    expected = sizes(SCALE)
    assert Petition.objects.count() == expected["petitions"] == 2_000
    assert DutyShift.objects.count() == expected["shifts"] == 1_000
    assert Activity.objects.count() == expected["activities"] == 500
    assert Wish.objects.count() == expected["wishes"] == 200
    assert Representative.objects.count() == expected["representatives"]
    assert Workroom.objects.count() == expected["workrooms"]
    assert province.rows["petitions_petition"] == expected["petitions"]
    # Every request's history starts with its registration.
    registered = AuditEntry.objects.filter(action=EventKind.REGISTER).count()
    assert registered == expected["petitions"]
    # treebeard's own check of path, depth and numchild.
    assert Area.objects.find_problems() == ([], [], [], [], [])


def test_the_clerk_sees_their_subdistrict_in_every_step_with_its_history(client, province):
    clerk = User.objects.get(username="bench-clerk")
    area = clerk.roles.get().area
    theirs = Petition.objects.filter(workroom__area__path__startswith=area.path)
    client.force_login(clerk)

    listed = client.get(reverse("petitions:list"))

    assert listed.status_code == 200
    page = listed.context["page"]
    assert page.object_list
    assert all(p.workroom.area.path.startswith(area.path) for p in page.object_list)
    assert page.paginator.count == theirs.count() < Petition.objects.count()
    assert set(theirs.values_list("state", flat=True)) == set(State.values)
    assert theirs.filter(overdue_q()).exists()

    archived = theirs.filter(state=State.ARCHIVED, triage="time_limited").first()
    detail = client.get(reverse("petitions:detail", args=[archived.pk]))

    assert detail.status_code == 200
    with translation.override("zh-hans"):
        for kind in (EventKind.REGISTER, EventKind.RECEIVE, EventKind.HANDLE, EventKind.ARCHIVE):
            assert str(kind.label) in detail.content.decode()


def test_sign_ins_representative_duties_and_the_public_page(client, province):
    for username in SIGN_INS:
        assert client.login(username=username, password=PASSWORD), username
        assert User.objects.get(username=username).language == "zh-hans"
        client.logout()

    rep = Representative.objects.get(user__username="bench-rep")
    today = timezone.localdate()
    following = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    months = set(
        Duty.objects.filter(representative=rep, shift__date__gte=today.replace(day=1))
        .values_list("shift__date__year", "shift__date__month")
        .distinct()
    )
    assert {(today.year, today.month), (following.year, following.month)} <= months
    assert Petition.objects.filter(handler=rep.user).exists()

    busiest = Workroom.objects.annotate(n=Count("petitions")).order_by("-n").first()
    public = client.get(reverse("public:workroom", args=[busiest.pk]))

    assert public.status_code == 200
    assert busiest.name in public.content.decode()
