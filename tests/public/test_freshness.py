"""The cached public pages go stale when what they show changes, and only then.

A bump waits for the commit (``transaction.on_commit``); the tests run inside a transaction, so
they run the commit callbacks with ``django_capture_on_commit_callbacks(execute=True)``.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from activities.services.wishes import wish_claim
from petitions import workflow
from petitions.models import Category, Channel
from public import freshness
from representatives.services import assignment_end
from rosters.attendance import duty_mark
from rosters.generation import generate_month_for_all
from rosters.models import Attendance
from tests.activities.factories import WishFactory
from tests.representatives.factories import AssignmentFactory, RepresentativeFactory, stationed
from tests.rosters.factories import DutyFactory, DutyShiftFactory, RotationRuleFactory

pytestmark = pytest.mark.django_db


def page_of(workroom) -> str:
    return reverse("public:workroom", args=[workroom.pk])


def cached_body(client, url, assert_queries) -> str:
    """The page, after checking a second hit is answered from the cache."""
    client.get(url)
    with assert_queries(0):
        return client.get(url).content.decode()


def test_a_new_assignment_shows_on_the_next_hit(
    client, wr, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    assert "新来的代表" not in cached_body(client, page_of(wr.a), django_assert_max_num_queries)
    with django_capture_on_commit_callbacks(execute=True):
        AssignmentFactory(
            workroom=wr.a, representative=RepresentativeFactory(area=wr.a.area, name="新来的代表")
        )
    assert "新来的代表" in client.get(page_of(wr.a)).content.decode()


def test_an_ended_assignment_disappears_though_it_is_a_conditional_update(
    client, wr, clerk_a, django_capture_on_commit_callbacks
):
    rep = stationed(wr.a, name="即将离任")
    assert "即将离任" in client.get(page_of(wr.a)).content.decode()
    assignment = rep.assignments.get()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_end(
            assignment=assignment, end_date=timezone.localdate() - timedelta(days=1), actor=clerk_a
        )
    assert "即将离任" not in client.get(page_of(wr.a)).content.decode()


def test_a_wish_claimed_through_the_machine_shows_its_claimant(
    client, wr, representative, django_capture_on_commit_callbacks
):
    stationed(wr.a, name="认领代表", user=representative)
    wish = WishFactory(workroom=wr.a, content="希望有人教我用手机挂号")
    assert "认领代表 已认领" not in client.get(page_of(wr.a)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        wish_claim(wish, actor=representative)
    assert "认领代表 已认领" in client.get(page_of(wr.a)).content.decode()


def test_a_new_request_changes_the_figures(client, wr, clerk_a, django_capture_on_commit_callbacks):
    before = client.get(page_of(wr.a)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.register(
            workroom=wr.a,
            actor=clerk_a,
            resident_name="李建国",
            channel=Channel.VISIT,
            category=Category.PROPERTY,
            title="小区路灯不亮",
            content="北门路灯坏了一周。",
        )
    after = client.get(page_of(wr.a)).content.decode()
    assert after != before
    assert "<b>1</b><span>收到诉求（件）</span>" in after


def test_attendance_marked_updates_the_monthly_record(
    client, wr, clerk_a, django_capture_on_commit_callbacks
):
    # A shift of the whole day, so it has begun whenever the test runs.
    shift = DutyShiftFactory(
        workroom=wr.a, date=timezone.localdate(), start_time=time(0, 0), end_time=time(23, 59)
    )
    duty = DutyFactory(shift=shift, representative=stationed(wr.a))
    before = client.get(page_of(wr.a)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        duty_mark(duty, actor=clerk_a, attendance=Attendance.WORKED)
    assert client.get(page_of(wr.a)).content.decode() != before


def test_a_change_at_one_workroom_leaves_the_others_cached(
    client, wr, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.get(page_of(wr.b))
    with django_capture_on_commit_callbacks(execute=True):
        stationed(wr.a)
    with django_assert_max_num_queries(0):
        client.get(page_of(wr.b))


def test_generated_shifts_make_only_their_workrooms_stale(
    client, wr, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # Generation inserts with bulk_create, which sends no post_save: it says so itself.
    stationed(wr.a)
    RotationRuleFactory(workroom=wr.a)
    client.get(page_of(wr.a))
    client.get(page_of(wr.b))
    mine, other = (freshness.workroom_scope(w.pk) for w in (wr.a, wr.b))
    before = freshness.versions(mine), freshness.versions(other)
    month = timezone.localdate().replace(day=28) + timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        generate_month_for_all(month.year, month.month)

    assert freshness.versions(mine) != before[0]
    assert freshness.versions(other) == before[1]
    with django_assert_max_num_queries(0):
        client.get(page_of(wr.b))


def test_renaming_a_workroom_updates_the_directory(client, wr, django_capture_on_commit_callbacks):
    client.get(reverse("public:directory"))
    with django_capture_on_commit_callbacks(execute=True):
        wr.b.name = "曲池街道新名工作室"
        wr.b.save()
    assert "曲池街道新名工作室" in client.get(reverse("public:directory")).content.decode()


def test_renaming_an_area_updates_every_page(client, wr, areas, django_capture_on_commit_callbacks):
    client.get(page_of(wr.a1))
    with django_capture_on_commit_callbacks(execute=True):
        areas.a.name = "长安新街道"
        areas.a.save()
    assert "长安新街道" in client.get(page_of(wr.a1)).content.decode()


def test_a_change_rolled_back_bumps_nothing(client, wr, django_assert_max_num_queries):
    client.get(page_of(wr.a))
    with pytest.raises(RuntimeError), transaction.atomic():
        stationed(wr.a, name="回滚的代表")
        raise RuntimeError
    with django_assert_max_num_queries(0):
        assert "回滚的代表" not in client.get(page_of(wr.a)).content.decode()


def test_a_lost_version_is_only_a_miss(client, wr):
    first = client.get(page_of(wr.a)).content
    cache.delete_many(
        [
            freshness._version_key(freshness.SITE),
            freshness._version_key(freshness.workroom_scope(wr.a.pk)),
        ]
    )
    assert client.get(page_of(wr.a)).content == first


def test_versions_are_started_once(wr):
    assert freshness.versions("x", "y") == freshness.versions("x", "y")
    assert freshness.versions("x") != freshness.versions("y")
