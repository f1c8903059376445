"""Reply deadlines in working days on the Chinese calendar.

2026's Spring Festival, as published by the State Council (and carried by chinese-calendar):
holiday Sunday 15 – Monday 23 February; Saturday 14 and Saturday 28 February are make-up
working days (调休).
"""

from datetime import date, timedelta

import pytest

from core.workdays import holiday_name, is_makeup_workday, is_workday
from petitions import workflow
from petitions.models import DeadlinePolicy, Petition, Resolution, Satisfaction, State, Triage
from petitions.workflow import DEFAULT_DEADLINE_DAYS, deadline_for


def test_the_calendar_knows_the_2026_spring_festival():
    assert all(not is_workday(date(2026, 2, d)) for d in range(15, 24))
    assert holiday_name(date(2026, 2, 17)) == "Spring Festival"
    assert is_makeup_workday(date(2026, 2, 14))
    assert is_makeup_workday(date(2026, 2, 28))
    assert not is_workday(date(2026, 3, 1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Thu 12 Feb + 5: Fri 13, Sat 14 (make-up), holiday 15–23, Tue 24, Wed 25, Thu 26.
        (date(2026, 2, 12), 5, date(2026, 2, 26)),
        # Fri 13 + 5: Sat 14 (make-up), Tue 24, Wed 25, Thu 26, Fri 27.
        (date(2026, 2, 13), 5, date(2026, 2, 27)),
        # Received on the make-up Saturday itself: the next working day is after the holiday.
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        # Received during the holiday (a request by phone): counting starts after it.
        (date(2026, 2, 18), 1, date(2026, 2, 24)),
        # Thu 26 + 2: Fri 27, Sat 28 (make-up) — not Monday 2 March.
        (date(2026, 2, 26), 2, date(2026, 2, 28)),
        (date(2026, 2, 26), 3, date(2026, 3, 2)),
        # 15 working days from Tue 10 Feb: 11–14 (4), 24–28 (5), 2–6 March (5), Mon 9 March.
        (date(2026, 2, 10), 15, date(2026, 3, 9)),
        # Same day: on-the-spot answers.
        (date(2026, 2, 12), 0, date(2026, 2, 12)),
    ],
)
def test_deadline_counts_working_days_across_the_spring_festival(start, days, expected):
    DeadlinePolicy.objects.update_or_create(
        triage=Triage.TIME_LIMITED, defaults={"working_days": days}
    )
    assert deadline_for(Triage.TIME_LIMITED, start=start) == expected


@pytest.mark.django_db
def test_the_shipped_rules_are_the_defaults():
    rules = dict(DeadlinePolicy.objects.values_list("triage", "working_days"))
    assert rules == {triage.value: days for triage, days in DEFAULT_DEADLINE_DAYS.items()}


@pytest.mark.django_db
def test_without_a_rule_the_default_applies():
    DeadlinePolicy.objects.all().delete()
    assert deadline_for(Triage.TIME_LIMITED, start=date(2026, 3, 2)) == date(2026, 3, 9)
    assert deadline_for(Triage.REFER_UP, start=date(2026, 3, 2)) == date(2026, 3, 23)
    assert deadline_for(Triage.ON_THE_SPOT, start=date(2026, 3, 2)) == date(2026, 3, 2)


def test_a_changed_rule_applies_to_the_next_reception(petition_in, clerk_a, handler, at):
    at(date(2026, 3, 2))
    first = petition_in(State.RECEIVED)
    assert first.deadline == date(2026, 3, 9)  # 5 working days

    DeadlinePolicy.objects.filter(triage=Triage.TIME_LIMITED).update(working_days=3)
    second = petition_in(State.RECEIVED)
    assert second.deadline == date(2026, 3, 5)
    # Already received requests keep the deadline they were given.
    assert Petition.objects.get(pk=first.pk).deadline == date(2026, 3, 9)


def test_reception_before_the_holiday_is_due_after_it(registered, clerk_a, handler, at):
    at(date(2026, 2, 13))
    workflow.receive(registered, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=handler)
    assert Petition.objects.get(pk=registered.pk).deadline == date(2026, 2, 27)


def test_the_return_after_dissatisfaction_counts_from_the_return_visit(petition_in, clerk_a, at):
    at(date(2026, 2, 2))
    petition = petition_in(State.REPLIED)
    assert petition.deadline == date(2026, 2, 9)

    at(date(2026, 2, 26))
    workflow.feedback(
        petition,
        actor=clerk_a,
        satisfaction=Satisfaction.DISSATISFIED,
        resolution=Resolution.NOT_SOLVED,
    )
    # Fri 27, Sat 28 (make-up), Mon 2, Tue 3, Wed 4 March.
    assert Petition.objects.get(pk=petition.pk).deadline == date(2026, 3, 4)


def test_an_on_the_spot_answer_is_due_the_same_day(registered, clerk_a, at):
    at(date(2026, 2, 14))  # a make-up Saturday: the workroom is open
    workflow.answer_on_the_spot(
        registered,
        actor=clerk_a,
        handling_result="现场解答。",
        reply_content="已解答。",
        reply_method="in_person",
    )
    assert Petition.objects.get(pk=registered.pk).deadline == date(2026, 2, 14)


@pytest.mark.django_db
def test_a_deadline_always_falls_on_a_working_day():
    for offset in range(40):
        start = date(2026, 2, 1) + timedelta(days=offset)
        for triage in (Triage.TIME_LIMITED, Triage.REFER_UP):
            deadline = deadline_for(triage, start=start)
            assert is_workday(deadline), (start, triage, deadline)
            assert deadline > start
