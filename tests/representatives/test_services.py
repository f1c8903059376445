"""Assignments to workrooms: one current group leader, history kept; linking user accounts."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role, RoleKind
from core.errors import DomainError
from representatives.models import Assignment, AssignmentRole
from representatives.selectors import current_representatives, group_leader
from representatives.services import (
    assignment_change_role,
    assignment_end,
    assignment_start,
    representative_create_account,
    representative_link_user,
    representative_unlink_user,
)
from tests.factories import UserFactory
from tests.representatives.factories import RepresentativeFactory, stationed

pytestmark = pytest.mark.django_db

LEADER, MEMBER = AssignmentRole.LEADER, AssignmentRole.MEMBER


def start(rep, workroom, role=MEMBER, on=date(2024, 1, 1), actor=None):
    return assignment_start(
        representative=rep, workroom=workroom, role=role, start_date=on, actor=actor
    )


def test_a_representative_is_stationed_at_a_workroom(wr, areas, clerk_a):
    rep = RepresentativeFactory(area=areas.a)

    assignment = start(rep, wr.a, actor=clerk_a)

    assert assignment.is_current
    assert list(current_representatives(wr.a)) == [rep]


def test_a_workroom_has_at_most_one_current_group_leader(wr, areas):
    leader = stationed(wr.a, role=LEADER, name="组长甲")

    with pytest.raises(DomainError, match="组长甲"):
        start(RepresentativeFactory(area=areas.a), wr.a, role=LEADER)

    assert group_leader(wr.a) == leader
    assert Assignment.objects.filter(workroom=wr.a, role=LEADER).count() == 1


def test_a_new_leader_may_follow_one_whose_term_has_ended(wr, areas):
    old = stationed(wr.a, role=LEADER)
    assignment_end(assignment=old.assignments.get(), end_date=date(2024, 6, 30), actor=None)

    new = RepresentativeFactory(area=areas.a)
    start(new, wr.a, role=LEADER, on=date(2024, 7, 1))

    assert group_leader(wr.a) == new


def test_the_same_person_cannot_be_stationed_twice_at_one_workroom(wr, rep_a):
    with pytest.raises(DomainError):
        start(rep_a, wr.a)
    assert rep_a.assignments.count() == 1


def test_a_person_may_serve_two_workrooms(wr, rep_a):
    start(rep_a, wr.a1)

    assert set(a.workroom for a in Assignment.objects.current().filter(representative=rep_a)) == {
        wr.a,
        wr.a1,
    }


def test_someone_out_of_office_cannot_be_stationed(wr, areas):
    rep = RepresentativeFactory(area=areas.a, is_active=False)

    with pytest.raises(DomainError):
        start(rep, wr.a)


def test_an_ended_assignment_stays_in_the_history(wr, rep_a):
    assignment = rep_a.assignments.get()
    yesterday = timezone.localdate() - timedelta(days=1)

    assignment_end(assignment=assignment, end_date=yesterday, actor=None)

    assignment.refresh_from_db()
    assert assignment.end_date == yesterday
    assert not assignment.is_current
    assert list(current_representatives(wr.a)) == []
    assert rep_a.assignments.count() == 1


def test_an_assignment_cannot_end_before_it_starts(rep_a):
    assignment = rep_a.assignments.get()

    with pytest.raises(DomainError):
        assignment_end(
            assignment=assignment, end_date=assignment.start_date - timedelta(days=1), actor=None
        )


def test_ending_twice_is_refused(rep_a):
    assignment = rep_a.assignments.get()
    stale = Assignment.objects.get(pk=assignment.pk)
    assignment_end(assignment=assignment, end_date=date(2024, 5, 1), actor=None)

    # The second clerk's copy still says "open": the conditional update finds nothing.
    with pytest.raises(DomainError):
        assignment_end(assignment=stale, end_date=date(2024, 6, 1), actor=None)
    assert Assignment.objects.get(pk=assignment.pk).end_date == date(2024, 5, 1)


def test_changing_role_keeps_the_earlier_role_in_the_history(wr, rep_a):
    member = rep_a.assignments.get()
    on = timezone.localdate()

    leader = assignment_change_role(assignment=member, role=LEADER, on=on, actor=None)

    member.refresh_from_db()
    assert member.end_date == on - timedelta(days=1)
    assert member.role == MEMBER
    assert leader.role == LEADER and leader.start_date == on and leader.end_date is None
    assert group_leader(wr.a) == rep_a


def test_changing_role_on_the_first_day_changes_it_in_place(wr, areas):
    rep = RepresentativeFactory(area=areas.a)
    today = timezone.localdate()
    assignment = start(rep, wr.a, on=today)

    assignment_change_role(assignment=assignment, role=LEADER, on=today, actor=None)

    assert rep.assignments.get().role == LEADER


def test_becoming_leader_is_refused_while_another_leads(wr, rep_a):
    stationed(wr.a, role=LEADER, name="组长乙")

    with pytest.raises(DomainError, match="组长乙"):
        assignment_change_role(
            assignment=rep_a.assignments.get(), role=LEADER, on=timezone.localdate(), actor=None
        )
    assert rep_a.assignments.get().role == MEMBER


def test_linking_an_account_lets_the_representative_own_the_record(rep_a, representative):
    representative_link_user(representative=rep_a, user=representative, actor=None)

    rep_a.refresh_from_db()
    assert rep_a.user == representative


def test_an_account_belongs_to_one_representative_only(rep_a, rep_b, representative):
    representative_link_user(representative=rep_a, user=representative, actor=None)

    with pytest.raises(DomainError):
        representative_link_user(representative=rep_b, user=representative, actor=None)


def test_a_second_account_is_refused_until_the_first_is_unlinked(rep_a, representative):
    representative_link_user(representative=rep_a, user=representative, actor=None)
    other = UserFactory()

    with pytest.raises(DomainError):
        representative_link_user(representative=rep_a, user=other, actor=None)

    representative_unlink_user(representative=rep_a, actor=None)
    representative_link_user(representative=rep_a, user=other, actor=None)
    rep_a.refresh_from_db()
    assert rep_a.user == other


def test_a_created_account_gets_the_representative_role_on_the_registering_area(rep_a, areas):
    user = representative_create_account(
        representative=rep_a,
        username="jia",
        email="",
        password="Long-enough-2026",
        actor=None,
    )

    rep_a.refresh_from_db()
    assert rep_a.user == user
    assert user.check_password("Long-enough-2026")
    assert user.full_name == "甲代表"
    assert Role.objects.filter(user=user, kind=RoleKind.REPRESENTATIVE, area=areas.a).exists()
