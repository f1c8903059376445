"""Generating a month for many workrooms at once: batches give what one by one gives, share who
is busy, run a fixed number of queries, and survive a failing workroom and a concurrent run."""

import logging
import time as clock
from datetime import date, time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.months import month_days, next_month
from rosters import generation
from rosters.generation import BATCH_SIZE, generate_month, generate_month_for_all
from rosters.models import Duty, DutyShift, RuleKind
from tests.factories import UserFactory, WorkroomFactory
from tests.races import needs_postgres, race
from tests.rosters.factories import (
    AssignmentFactory,
    RepresentativeFactory,
    RotationRuleFactory,
    assign,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("restore_migrated_data")]


def months_ahead(count: int) -> date:
    """The first of the month ``count`` months from now: wholly in the future, so untouched
    shifts there may still be filled up."""
    month = timezone.localdate().replace(day=1)
    for _ in range(count):
        month = next_month(month)
    return month


def roster(month: date) -> list[tuple]:
    """The month's shifts as comparable rows (no primary keys), each with its people."""
    first, last = month_days(month)
    shifts = DutyShift.objects.filter(date__range=(first, last)).prefetch_related("duties")
    return sorted(
        (
            s.workroom_id,
            s.rule_id,
            s.rule_date,
            s.date,
            s.start_time,
            s.liaison_officer_id,
            s.note,
            tuple(sorted(d.representative_id for d in s.duties.all())),
        )
        for s in shifts
    )


def counts(results) -> list[tuple]:
    return [
        (
            r.workroom.pk,
            r.created,
            r.kept,
            r.moved,
            r.staffed,
            r.understaffed,
            r.no_representatives,
            r.skipped_count,
        )
        for r in results
    ]


class _Undo(Exception):
    pass


def overlapping(person) -> list[tuple]:
    """Pairs of the person's duties that overlap in time."""
    shifts = [d.shift for d in Duty.objects.filter(representative=person).select_related("shift")]
    return [
        (a.pk, b.pk)
        for a in shifts
        for b in shifts
        if a.pk < b.pk
        and a.date == b.date
        and a.start_time < b.end_time
        and b.start_time < a.end_time
    ]


@pytest.fixture
def province(wr):
    """Four workrooms that share people: a representative and a liaison officer stationed at
    wr.a and wr.b, whose reception hours overlap on Tuesdays (wr.b receives on Wednesdays too); a workroom nobody is stationed at;
    a workroom whose next-month shifts were generated before its people arrived, so they are
    still to be filled up; and last month generated, so the rotation has a history."""
    shared = RepresentativeFactory(area=wr.a.area)
    AssignmentFactory(representative=shared, workroom=wr.a)
    AssignmentFactory(representative=shared, workroom=wr.b)
    assign(wr.a, 2)
    assign(wr.b, 1)
    officer = UserFactory()
    wr.a.liaison_officers.add(officer, UserFactory())
    wr.b.liaison_officers.add(officer)
    RotationRuleFactory(
        workroom=wr.a, weekdays="2,4", representatives_per_shift=2, with_liaison=True
    )
    RotationRuleFactory(
        workroom=wr.b,
        weekdays="2,3",
        start_time=time(10, 0),
        end_time=time(12, 0),
        with_liaison=True,
    )
    RotationRuleFactory(workroom=wr.d, kind=RuleKind.MONTH_DAYS, weekdays="", month_days="1,15")
    RotationRuleFactory(workroom=wr.a1, weekdays="3", representatives_per_shift=2)
    month = months_ahead(2)
    generate_month(wr.a1, month.year, month.month)  # nobody there yet: empty shifts
    assign(wr.a1, 3)
    previous = months_ahead(1)
    generate_month_for_all(previous.year, previous.month)
    return month


# --- the same as one by one ----------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 3, BATCH_SIZE])
def test_a_batch_makes_what_generating_one_by_one_makes(wr, province, batch_size):
    month = province
    workrooms = [wr.d, wr.a, wr.a1, wr.b]  # by pk, as the monthly run takes them
    try:
        with transaction.atomic():
            one_by_one = counts(generate_month(w, month.year, month.month) for w in workrooms)
            expected = roster(month)
            raise _Undo
    except _Undo:
        pass

    results = generate_month_for_all(month.year, month.month, batch_size=batch_size)

    assert counts(results) == one_by_one
    assert roster(month) == expected
    # The case is not trivial: shifts made, shifts filled up, a workroom with nobody, people
    # and a liaison officer shared between workrooms.
    by_workroom = {r.workroom.pk: r for r in results}
    assert by_workroom[wr.a1.pk].staffed > 0 and by_workroom[wr.d.pk].no_representatives
    assert {r[5] for r in expected if r[0] == wr.b.pk} - {None}


def test_someone_at_two_workrooms_of_a_batch_is_not_on_two_shifts_at_once(wr):
    # wr.a and wr.b both receive on Tuesday mornings, overlapping; the shared representative is
    # the only one at wr.a, so wr.a (lower pk, generated first) takes them every Tuesday.
    shared = RepresentativeFactory(area=wr.a.area)
    AssignmentFactory(representative=shared, workroom=wr.a)
    AssignmentFactory(representative=shared, workroom=wr.b)
    other = assign(wr.b, 1)[0]
    RotationRuleFactory(workroom=wr.a, weekdays="2")
    RotationRuleFactory(workroom=wr.b, weekdays="2", start_time=time(10, 0), end_time=time(12, 0))
    month = months_ahead(1)

    results = generate_month_for_all(month.year, month.month)

    assert {r.workroom.pk for r in results} == {wr.a.pk, wr.b.pk}
    assert overlapping(shared) == []
    tuesdays = DutyShift.objects.filter(workroom=wr.b).count()
    assert Duty.objects.filter(representative=other, shift__workroom=wr.b).count() == tuesdays
    assert not Duty.objects.filter(representative=shared, shift__workroom=wr.b).exists()


def test_the_monthly_run_again_creates_nothing(wr, province):
    month = province
    first = generate_month_for_all(month.year, month.month)
    duties = list(Duty.objects.order_by("pk").values_list("pk", "shift", "representative"))

    second = generate_month_for_all(month.year, month.month)

    assert sum(r.created for r in first) > 0
    assert [(r.created, r.staffed) for r in second] == [(0, 0)] * len(second)
    assert [r.kept for r in second] == [r.created + r.kept for r in first]
    assert list(Duty.objects.order_by("pk").values_list("pk", "shift", "representative")) == duties


# --- failures and cost ---------------------------------------------------------------------


def test_a_failing_workroom_does_not_stop_the_others_of_its_batch(wr, monkeypatch, caplog):
    for workroom in (wr.d, wr.a, wr.a1, wr.b):
        assign(workroom, 2)
        RotationRuleFactory(workroom=workroom)
    real = generation._plan

    def broken_for_a1(workroom, *args, **kwargs):
        if workroom.pk == wr.a1.pk:
            raise RuntimeError("a bad workroom")
        return real(workroom, *args, **kwargs)

    monkeypatch.setattr(generation, "_plan", broken_for_a1)
    month = months_ahead(1)

    with caplog.at_level(logging.ERROR, logger="rosters.generation"):
        results = generate_month_for_all(month.year, month.month)

    assert [r.workroom.pk for r in results] == [wr.d.pk, wr.a.pk, wr.b.pk]
    assert all(r.created > 0 for r in results)
    assert not DutyShift.objects.filter(workroom=wr.a1).exists()
    for workroom in (wr.d, wr.a, wr.b):
        assert DutyShift.objects.filter(workroom=workroom).count() == results[0].created
    messages = [r.getMessage() for r in caplog.records]
    assert any("one by one" in m for m in messages)
    assert any(f"workroom {wr.a1.pk}" in m for m in messages)


def test_the_queries_do_not_grow_with_the_number_of_workrooms(django_assert_max_num_queries):
    def workrooms(count):
        for _ in range(count):
            workroom = WorkroomFactory()
            assign(workroom, 2)
            workroom.liaison_officers.add(UserFactory())
            RotationRuleFactory(workroom=workroom, with_liaison=True)

    workrooms(2)
    month = months_ahead(1)
    with CaptureQueriesContext(connection) as two:
        generate_month_for_all(month.year, month.month)
    # Eight in all: even a month of ten Tuesdays and Thursdays fits SQLite's single INSERT.
    workrooms(6)
    later = next_month(month)

    with django_assert_max_num_queries(len(two)):
        results = generate_month_for_all(later.year, later.month)

    assert len(results) == 8 and all(r.created for r in results)
    assert len(two) <= 20


def test_one_workroom_is_a_batch_of_one(wr, django_assert_max_num_queries):
    assign(wr.a, 3)
    RotationRuleFactory(workroom=wr.a, weekdays="1,2,3,4,5", representatives_per_shift=2)
    month = months_ahead(1)

    with django_assert_max_num_queries(20):
        result = generate_month(wr.a, month.year, month.month)

    assert result.created == DutyShift.objects.count() > 0
    assert Duty.objects.count() == 2 * result.created


# --- at the same time (PostgreSQL) ---------------------------------------------------------


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_monthly_run_and_a_clerks_button_at_once_make_each_shift_once(wr, monkeypatch, caplog):
    for workroom in (wr.a, wr.b):
        assign(workroom, 3)
        RotationRuleFactory(workroom=workroom, weekdays="1,2,3,4,5")
    month = months_ahead(1)
    real = generation._load

    def slow_load(*args, **kwargs):
        # Hold the transaction open after reading, so the other run starts meanwhile: without
        # the workroom lock both would read "no shifts" and both insert.
        loaded = real(*args, **kwargs)
        clock.sleep(0.5)
        return loaded

    monkeypatch.setattr(generation, "_load", slow_load)

    with caplog.at_level(logging.ERROR, logger="rosters.generation"):
        everyone, button = race(
            lambda: generate_month_for_all(month.year, month.month),
            lambda: generate_month(wr.a, month.year, month.month),
        )

    assert not isinstance(everyone, Exception), everyone
    assert not isinstance(button, Exception), button
    failures = [r.getMessage() for r in caplog.records if r.name == "rosters.generation"]
    assert failures == []
    made = {r.workroom.pk: r.created for r in everyone}
    per_workroom = DutyShift.objects.filter(workroom=wr.b).count()
    assert per_workroom > 0
    assert DutyShift.objects.filter(workroom=wr.a).count() == per_workroom
    # Whoever came second found every shift of wr.a made and made none.
    assert sorted([made[wr.a.pk], button.created]) == [0, per_workroom]
    assert made[wr.b.pk] == per_workroom
    assert Duty.objects.count() == 2 * per_workroom
