"""The reads other apps call: a representative's duties, missed duties, a month's figures."""

from datetime import date, timedelta

import pytest

from rosters.models import Attendance
from rosters.selectors import duties_for_representative, missed_duties, shift_counts
from tests.rosters.factories import DutyFactory, DutyShiftFactory, assign

pytestmark = pytest.mark.django_db

W, M, S = Attendance.WORKED, Attendance.MISSED, Attendance.SCHEDULED


@pytest.fixture
def november(wr):
    """Three people at wr.a over three November shifts, one December shift, one at wr.b."""
    a, b, c = assign(wr.a, 3)
    marks = [
        (date(2026, 11, 3), [(a, W), (b, M)]),
        (date(2026, 11, 10), [(a, M), (c, W)]),
        (date(2026, 11, 17), [(b, S)]),
        (date(2026, 12, 1), [(a, M)]),
    ]
    for day, people in marks:
        shift = DutyShiftFactory(workroom=wr.a, date=day)
        for person, attendance in people:
            DutyFactory(shift=shift, representative=person, attendance=attendance)
    DutyFactory(
        shift=DutyShiftFactory(workroom=wr.b, date=date(2025, 11, 3)),
        representative=a,
        attendance=M,
    )
    return a, b, c


def test_shift_counts_sum_up_the_month_and_each_person(wr, november):
    a, b, c = november

    counts = shift_counts(wr.a, 2026, 11)

    assert {k: v for k, v in counts.items() if k != "per_representative"} == {
        "shifts": 3,
        "planned": 5,
        "worked": 2,
        "missed": 2,
        "scheduled": 1,
    }
    assert counts["per_representative"] == {
        a.pk: {"name": a.name, "planned": 2, "worked": 1, "missed": 1},
        b.pk: {"name": b.name, "planned": 2, "worked": 0, "missed": 1},
        c.pk: {"name": c.name, "planned": 1, "worked": 1, "missed": 0},
    }


def test_shift_counts_of_an_empty_month(wr):
    assert shift_counts(wr.a, 2026, 2) == {
        "shifts": 0,
        "planned": 0,
        "worked": 0,
        "missed": 0,
        "scheduled": 0,
        "per_representative": {},
    }


def test_duties_for_representative_anywhere_oldest_first_optionally_one_year(november):
    a, _b, _c = november

    everything = [d.shift.date for d in duties_for_representative(a)]
    this_year = [d.shift.date for d in duties_for_representative(a, year=2026)]

    assert everything == [
        date(2025, 11, 3),
        date(2026, 11, 3),
        date(2026, 11, 10),
        date(2026, 12, 1),
    ]
    assert this_year == everything[1:]


def test_missed_duties_narrowed_by_person_workroom_and_month(wr, november):
    a, b, _c = november

    assert [d.shift.date for d in missed_duties(representative=a)] == [
        date(2026, 12, 1),
        date(2026, 11, 10),
        date(2025, 11, 3),
    ]
    assert [d.representative for d in missed_duties(workroom=wr.a, year=2026, month=11)] == [a, b]
    assert missed_duties(representative=a, year=2025).count() == 1
    assert missed_duties(workroom=wr.b, year=2026).count() == 0


@pytest.mark.parametrize("people, shifts", [(1, 1), (10, 12)])
def test_selectors_run_a_constant_number_of_queries(wr, people, shifts, django_assert_num_queries):
    staff = assign(wr.a, people)
    for day in range(shifts):
        shift = DutyShiftFactory(workroom=wr.a, date=date(2026, 11, 2) + timedelta(day))
        for person in staff:
            DutyFactory(shift=shift, representative=person, attendance=M)

    with django_assert_num_queries(2):
        shift_counts(wr.a, 2026, 11)
    with django_assert_num_queries(1):
        [d.shift.workroom.name for d in duties_for_representative(staff[0], year=2026)]
    with django_assert_num_queries(1):
        [(d.shift.workroom.name, d.representative.name) for d in missed_duties(workroom=wr.a)]
