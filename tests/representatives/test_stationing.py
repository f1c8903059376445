"""Stationing representatives at workrooms (驻室): start, end, member or group leader, by staff of
the workroom's area only.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from representatives.models import Assignment, AssignmentRole
from tests.representatives.factories import stationed

pytestmark = pytest.mark.django_db


def assign_url(rep):
    return reverse("representatives:assign", args=[rep.pk])


def test_clerk_stations_a_representative(clerk_a_client, rep_a, wr):
    assert clerk_a_client.get(assign_url(rep_a)).status_code == 200

    response = clerk_a_client.post(
        assign_url(rep_a),
        {"workroom": wr.a1.pk, "role": AssignmentRole.LEADER, "start_date": "2024-03-01"},
    )

    assert response.status_code == 302
    assignment = rep_a.assignments.get(workroom=wr.a1)
    assert assignment.role == AssignmentRole.LEADER
    assert assignment.start_date == date(2024, 3, 1)


def test_stationing_a_second_leader_is_refused_with_a_message(clerk_a_client, rep_a, wr):
    stationed(wr.a1, role=AssignmentRole.LEADER, name="原组长")

    response = clerk_a_client.post(
        assign_url(rep_a),
        {"workroom": wr.a1.pk, "role": AssignmentRole.LEADER, "start_date": "2024-03-01"},
    )

    assert response.status_code == 200
    assert "原组长" in str(response.context["form"].non_field_errors())
    assert not rep_a.assignments.filter(workroom=wr.a1).exists()


def test_only_workrooms_the_user_looks_after_can_be_chosen(clerk_a_client, rep_a, wr):
    response = clerk_a_client.post(
        assign_url(rep_a), {"workroom": wr.b.pk, "role": "member", "start_date": "2024-03-01"}
    )

    assert "workroom" in response.context["form"].errors


def test_stationing_by_a_representative_is_403(representative_client, rep_a):
    assert representative_client.get(assign_url(rep_a)).status_code == 403


def test_stationing_out_of_scope_is_404(clerk_b_client, rep_a):
    assert clerk_b_client.get(assign_url(rep_a)).status_code == 404


def end_url(assignment):
    return reverse(
        "representatives:assignment_end", args=[assignment.representative_id, assignment.pk]
    )


def role_url(assignment):
    return reverse(
        "representatives:assignment_role", args=[assignment.representative_id, assignment.pk]
    )


def test_clerk_ends_an_assignment(clerk_a_client, rep_a):
    assignment = rep_a.assignments.get()

    response = clerk_a_client.post(end_url(assignment), {"end_date": "2024-12-31"})

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == date(2024, 12, 31)


def test_ending_before_the_start_shows_an_error(clerk_a_client, rep_a):
    assignment = rep_a.assignments.get()

    response = clerk_a_client.post(end_url(assignment), {"end_date": "2000-01-01"}, follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assignment.refresh_from_db()
    assert assignment.end_date is None


def test_staff_of_the_workroom_may_end_an_assignment_of_someone_registered_above(
    clerk_b_client, wr, areas
):
    rep = stationed(wr.b, area=areas.d)
    assignment = rep.assignments.get()

    assert clerk_b_client.post(end_url(assignment), {"end_date": "2024-12-31"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == date(2024, 12, 31)


def test_ending_needs_post(clerk_a_client, rep_a):
    assert clerk_a_client.get(end_url(rep_a.assignments.get())).status_code == 405


def test_ending_by_a_representative_is_403(representative_client, rep_a):
    response = representative_client.post(
        end_url(rep_a.assignments.get()), {"end_date": "2024-12-31"}
    )
    assert response.status_code == 403


def test_ending_out_of_scope_is_404(clerk_b_client, rep_a):
    response = clerk_b_client.post(end_url(rep_a.assignments.get()), {"end_date": "2024-12-31"})
    assert response.status_code == 404


def test_an_assignment_of_another_representative_is_404(clerk_a_client, rep_a, wr):
    other = stationed(wr.a)
    url = reverse("representatives:assignment_end", args=[rep_a.pk, other.assignments.get().pk])

    assert clerk_a_client.post(url, {"end_date": "2024-12-31"}).status_code == 404


def test_clerk_makes_a_member_group_leader(clerk_a_client, rep_a, wr):
    today = timezone.localdate()

    response = clerk_a_client.post(
        role_url(rep_a.assignments.get()), {"role": "leader", "on": today.isoformat()}
    )

    assert response.status_code == 302
    current = Assignment.objects.current().get(representative=rep_a)
    assert current.role == AssignmentRole.LEADER
    assert rep_a.assignments.count() == 2


def test_role_change_needs_post(clerk_a_client, rep_a):
    assert clerk_a_client.get(role_url(rep_a.assignments.get())).status_code == 405


def test_role_change_by_a_representative_is_403(representative_client, rep_a):
    response = representative_client.post(
        role_url(rep_a.assignments.get()), {"role": "leader", "on": "2024-01-01"}
    )
    assert response.status_code == 403
