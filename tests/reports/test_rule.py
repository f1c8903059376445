"""The rule "每月有接待、每月有反馈" on its edge cases (reports.rule)."""

from datetime import date

import pytest

from reports.rule import evaluate, month_rule
from rosters.models import Attendance
from tests.reports.factories import bj, dated_petition, worked_shift

JAN = date(2026, 1, 1)
pytestmark = pytest.mark.django_db


def test_month_with_worked_shifts_but_no_requests_has_reception_and_no_feedback(wr, now):
    worked_shift(wr.a, date(2026, 1, 8))

    result = month_rule(wr.a, JAN, now=now)

    assert result.reception is True
    assert result.shifts_worked == 1
    assert result.received == 0
    assert result.feedback is False
    assert result.replied == 0


def test_shift_only_scheduled_or_missed_is_no_reception(wr, now):
    worked_shift(wr.a, date(2026, 1, 8), attendance=Attendance.MISSED)
    worked_shift(wr.a, date(2026, 1, 9), attendance=Attendance.SCHEDULED)

    assert month_rule(wr.a, JAN, now=now).reception is False


def test_request_received_in_month_is_reception_without_shifts(wr, clerk_a, now):
    dated_petition(wr.a, registered_by=clerk_a, received_at=bj(2026, 1, 20))

    result = month_rule(wr.a, JAN, now=now)

    assert result.reception is True
    assert result.received == 1


def test_deadline_in_month_left_unanswered_fails_feedback_despite_other_replies(wr, clerk_a, now):
    dated_petition(
        wr.a, registered_by=clerk_a, received_at=bj(2026, 1, 5), replied_at=bj(2026, 1, 6)
    )
    dated_petition(
        wr.a, registered_by=clerk_a, received_at=bj(2026, 1, 12), deadline=date(2026, 1, 26)
    )

    result = month_rule(wr.a, JAN, now=now)

    assert result.replied == 1
    assert result.unanswered == 1
    assert result.feedback is False


def test_reply_after_month_end_does_not_mend_the_month(wr, clerk_a, now):
    dated_petition(
        wr.a, registered_by=clerk_a, received_at=bj(2026, 1, 5), replied_at=bj(2026, 1, 6)
    )
    dated_petition(
        wr.a,
        registered_by=clerk_a,
        received_at=bj(2026, 1, 12),
        deadline=date(2026, 1, 26),
        replied_at=bj(2026, 2, 2),
    )

    result = month_rule(wr.a, JAN, now=now)

    assert result.unanswered == 1
    assert result.feedback is False


def test_late_reply_within_month_counts_as_answered(wr, clerk_a, now):
    dated_petition(
        wr.a,
        registered_by=clerk_a,
        received_at=bj(2026, 1, 12),
        deadline=date(2026, 1, 20),
        replied_at=bj(2026, 1, 28),
    )

    result = month_rule(wr.a, JAN, now=now)

    assert (result.replied, result.unanswered, result.feedback) == (1, 0, True)


def test_reply_at_2359_on_last_day_beijing_time_counts_for_that_month(wr, clerk_a, now):
    dated_petition(
        wr.a,
        registered_by=clerk_a,
        received_at=bj(2026, 1, 20),
        deadline=date(2026, 1, 31),
        replied_at=bj(2026, 1, 31, 23, 59),
    )

    jan = month_rule(wr.a, JAN, now=now)
    feb = month_rule(wr.a, date(2026, 2, 1), now=now)

    assert (jan.replied, jan.unanswered, jan.feedback) == (1, 0, True)
    assert feb.replied == 0


def test_reply_at_midnight_belongs_to_next_month(wr, clerk_a, now):
    dated_petition(
        wr.a, registered_by=clerk_a, received_at=bj(2026, 1, 20), replied_at=bj(2026, 2, 1, 0, 0)
    )

    assert month_rule(wr.a, JAN, now=now).replied == 0
    assert month_rule(wr.a, date(2026, 2, 1), now=now).replied == 1


def test_month_in_progress_ignores_deadlines_not_yet_passed(wr, clerk_a, now):
    # now is 10 February: a deadline on the 10th is still running, one on the 9th has passed.
    dated_petition(
        wr.a, registered_by=clerk_a, received_at=bj(2026, 2, 2), replied_at=bj(2026, 2, 3)
    )
    dated_petition(
        wr.a, registered_by=clerk_a, received_at=bj(2026, 2, 3), deadline=date(2026, 2, 10)
    )
    assert month_rule(wr.a, date(2026, 2, 1), now=now).feedback is True

    dated_petition(
        wr.a, registered_by=clerk_a, received_at=bj(2026, 2, 3), deadline=date(2026, 2, 9)
    )
    assert month_rule(wr.a, date(2026, 2, 1), now=now).unanswered == 1


def test_other_workrooms_do_not_count(wr, clerk_b, now):
    dated_petition(
        wr.b, registered_by=clerk_b, received_at=bj(2026, 1, 20), replied_at=bj(2026, 1, 21)
    )

    assert month_rule(wr.a, JAN, now=now).reception is False


def test_evaluate_many_workrooms_and_months_in_one_query(
    wr, clerk_a, now, django_assert_max_num_queries
):
    dated_petition(
        wr.a, registered_by=clerk_a, received_at=bj(2025, 12, 3), replied_at=bj(2026, 1, 4)
    )
    months = [date(2025, m, 1) for m in range(3, 13)] + [JAN, date(2026, 2, 1)]

    with django_assert_max_num_queries(1):
        results = evaluate([wr.a.pk, wr.b.pk, wr.d.pk], months, now=now)

    assert len(results) == 36
    assert results[(wr.a.pk, date(2025, 12, 1))].received == 1
    assert results[(wr.a.pk, JAN)].replied == 1
