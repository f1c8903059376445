"""A representative's record page: in scope only (404 outside), their own record for a
representative, phones masked for representatives, their stationing history and missed duties.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.representatives.factories import AssignmentFactory, stationed
from tests.representatives.pages import detail_url

pytestmark = pytest.mark.django_db


def test_record_shows_the_person_and_their_history(clerk_a_client, rep_a, wr):
    AssignmentFactory(
        representative=rep_a, workroom=wr.a1, start_date=date(2018, 1, 1), end_date=date(2019, 1, 1)
    )

    response = clerk_a_client.get(detail_url(rep_a))

    assert response.status_code == 200
    assert response.context["phone"] == "13812345678"
    assignments = response.context["representative"].all_assignments
    assert [(a.workroom, a.end_date) for a in assignments] == [
        (wr.a, None),
        (wr.a1, date(2019, 1, 1)),
    ]
    body = response.content.decode()
    assert "兴善社区党代表工作室" in body


def test_record_out_of_scope_is_404(clerk_b_client, rep_a):
    assert clerk_b_client.get(detail_url(rep_a)).status_code == 404


def test_missing_record_is_404(clerk_a_client, db, areas):
    assert clerk_a_client.get(reverse("representatives:detail", args=[99999])).status_code == 404


def test_record_shows_masked_phone_to_a_representative(representative_client, rep_a):
    response = representative_client.get(detail_url(rep_a))

    assert response.context["phone"] == "138****5678"
    assert "13812345678" not in response.content.decode()


def test_a_representative_sees_their_own_record_wherever_registered(
    representative, representative_client, foreign_workroom
):
    mine = stationed(foreign_workroom, name="本人", phone="13500000000", user=representative)

    response = representative_client.get(detail_url(mine))

    assert response.status_code == 200
    assert response.context["phone"] == "13500000000"
    assert representative_client.get(reverse("representatives:me")).url == detail_url(mine)


def test_my_record_without_a_linked_record_is_404(representative_client):
    assert representative_client.get(reverse("representatives:me")).status_code == 404


def test_record_shows_missed_duties(clerk_a_client, rep_a, wr):
    from rosters.models import Attendance, Duty, DutyShift

    day = timezone.localdate() - timedelta(days=3)
    shift = DutyShift.objects.create(workroom=wr.a, date=day, start_time="09:00", end_time="11:30")
    duty = Duty.objects.create(shift=shift, representative=rep_a, attendance=Attendance.MISSED)

    response = clerk_a_client.get(detail_url(rep_a))

    assert response.context["missed_count"] == 1
    assert f'data-missed="{duty.pk}"' in response.content.decode()
