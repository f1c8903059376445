""" "My duties": a signed-in representative's next duties first, then recent ones with attendance,
and their personal calendar address. Users without a representative record get a friendly page.
"""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rosters.feeds import personal_feed
from rosters.models import Attendance
from rosters.schedule import past_duties, upcoming_duties
from tests.helpers import assert_redirects_to_login
from tests.rosters.factories import DutyFactory, DutyShiftFactory

pytestmark = pytest.mark.django_db

URL = reverse("rosters:my_duties")


def duty_on(workroom, day, person, *, start=time(9), end=time(11, 30), **extra):
    shift = DutyShiftFactory(workroom=workroom, date=day, start_time=start, end_time=end)
    return DutyFactory(shift=shift, representative=person, **extra)


def test_anonymous_is_sent_to_sign_in(client):
    assert_redirects_to_login(client.get(URL), URL)


def test_my_duties_refuses_post(representative_client, me):
    assert representative_client.post(URL).status_code == 405


def test_user_without_representative_record_gets_a_friendly_page(clerk_a_client):
    response = clerk_a_client.get(URL)

    assert response.status_code == 200
    assert response.templates[0].name == "rosters/schedule/no_representative.html"


def test_next_duties_come_first_in_date_order(representative_client, me, wr, today):
    later = duty_on(wr.a, today + timedelta(days=9), me)
    sooner = duty_on(wr.a, today + timedelta(days=2), me)
    same_day_afternoon = duty_on(wr.a, today + timedelta(days=2), me, start=time(14), end=time(16))
    recent = duty_on(wr.a, today - timedelta(days=3), me)
    older = duty_on(wr.a, today - timedelta(days=20), me)

    response = representative_client.get(URL)

    assert response.status_code == 200
    assert response.context["upcoming"] == [sooner, same_day_afternoon, later]
    assert list(response.context["page"]) == [recent, older]
    html = response.content.decode()
    assert html.index(f'data-duty="{sooner.pk}"') < html.index(f'data-duty="{later.pk}"')
    assert html.index(f'data-duty="{later.pk}"') < html.index(f'data-duty="{recent.pk}"')


def test_a_shift_over_earlier_today_counts_as_past(me, wr, today):
    morning = duty_on(wr.a, today, me, start=time(9), end=time(11))
    afternoon = duty_on(wr.a, today, me, start=time(14), end=time(16))
    noon = timezone.make_aware(datetime.combine(today, time(12)))

    assert list(upcoming_duties(representative=me, now=noon)) == [afternoon]
    assert list(past_duties(representative=me, now=noon)) == [morning]


def test_only_my_own_duties_are_listed(representative_client, me, peer, wr, tomorrow):
    mine = duty_on(wr.a, tomorrow, me)
    duty_on(wr.a, tomorrow + timedelta(days=1), peer)

    response = representative_client.get(URL)

    assert response.context["upcoming"] == [mine]


def test_upcoming_duty_shows_place_co_duty_and_liaison_officer(
    representative_client, me, peer, officer, wr, tomorrow
):
    shift = DutyShiftFactory(workroom=wr.a, date=tomorrow, liaison_officer=officer)
    DutyFactory(shift=shift, representative=me)
    DutyFactory(shift=shift, representative=peer)

    response = representative_client.get(URL)

    [duty] = response.context["upcoming"]
    assert duty.others == ["党代表乙"]
    html = response.content.decode()
    for text in (wr.a.name, wr.a.address, "党代表乙", "甲办事员", "09:00–11:30"):
        assert text in html


def test_upcoming_duty_links_to_the_workroom_month_schedule(
    representative_client, me, wr, tomorrow
):
    duty_on(wr.a, tomorrow, me)

    html = representative_client.get(URL).content.decode()

    month = reverse("rosters:schedule", args=[wr.a.pk, tomorrow.year, f"{tomorrow.month:02d}"])
    assert f'href="{month}"' in html


def test_upcoming_duty_offers_a_swap_request(representative_client, me, wr, tomorrow):
    duty = duty_on(wr.a, tomorrow, me)

    html = representative_client.get(URL).content.decode()

    assert f'href="{reverse("rosters:swap_request", args=[duty.pk])}"' in html


def test_past_duties_show_their_attendance(representative_client, me, wr, today):
    worked = duty_on(wr.a, today - timedelta(days=7), me, attendance=Attendance.WORKED)
    missed = duty_on(wr.a, today - timedelta(days=14), me, attendance=Attendance.MISSED)

    response = representative_client.get(URL)

    assert [(d.pk, d.attendance) for d in response.context["page"]] == [
        (worked.pk, Attendance.WORKED),
        (missed.pk, Attendance.MISSED),
    ]
    html = response.content.decode()
    assert "badge badge-ok" in html and "badge badge-bad" in html


def test_past_duties_are_paginated(representative_client, me, wr, today):
    for days in range(1, 13):
        duty_on(wr.a, today - timedelta(days=days), me)

    first = representative_client.get(URL)
    second = representative_client.get(URL, {"page": 2})

    assert len(first.context["page"]) == 10
    assert len(second.context["page"]) == 2


def test_page_offers_the_personal_calendar_in_webcal_and_https(
    representative_client, representative, me
):
    response = representative_client.get(URL)

    token = personal_feed(representative).token
    path = reverse("rosters:my_feed", args=[token])
    html = response.content.decode()
    assert f'href="webcal://testserver{path}"' in html
    assert f'value="http://testserver{path}"' in html
    assert f'action="{reverse("rosters:my_feed_reset")}"' in html


def test_my_duties_runs_a_constant_number_of_queries(
    representative_client, me, peer, officer, wr, today, django_assert_max_num_queries
):
    def add(count, offset):
        for n in range(count):
            shift = DutyShiftFactory(
                workroom=wr.a, date=today + timedelta(days=offset + n), liaison_officer=officer
            )
            DutyFactory(shift=shift, representative=me)
            DutyFactory(shift=shift, representative=peer)
            past = DutyShiftFactory(workroom=wr.a, date=today - timedelta(days=offset + n + 1))
            DutyFactory(shift=past, representative=me)

    representative_client.get(URL)  # the personal feed row is created on the first visit
    add(2, 1)
    with django_assert_max_num_queries(11):
        representative_client.get(URL)
    add(25, 10)
    with django_assert_max_num_queries(11):
        response = representative_client.get(URL)
    assert len(response.context["upcoming"]) == 27
