"""The published month schedule (公开值班安排表): names and levels, never phone numbers; holidays
and make-up working days marked; scoped like every page; a fixed number of queries."""

import re
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from representatives.models import Level
from tests.helpers import assert_redirects_to_login
from tests.rosters.factories import DutyFactory, DutyShiftFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

MOBILE = re.compile(r"1[3-9]\d{9}")


def month_url(workroom, year, month):
    return f"/rosters/workrooms/{workroom.pk}/schedule/{year}-{month:02d}/"


def cells(response):
    return {cell.day: cell for week in response.context["month"].weeks for cell in week}


@pytest.fixture
def november(wr, officer):
    """Two shifts at wr.a in November 2026; a city representative and a national+provincial one."""
    wr.a.phone = "0731-52251234"
    wr.a.reception_hours = "每周二、四上午"
    wr.a.save()
    city = RepresentativeFactory(name="王市代表", area=wr.a.area, levels=Level.CITY.bit)
    both = RepresentativeFactory(
        name="李国代表", area=wr.a.area, levels=Level.NATIONAL.bit | Level.PROVINCIAL.bit
    )
    first = DutyShiftFactory(workroom=wr.a, date=date(2026, 11, 10), liaison_officer=officer)
    DutyFactory(shift=first, representative=city)
    DutyFactory(shift=first, representative=both)
    second = DutyShiftFactory(
        workroom=wr.a, date=date(2026, 11, 24), start_time=time(14), end_time=time(16, 30)
    )
    DutyFactory(shift=second, representative=city)
    return [first, second]


def test_url_names_give_the_documented_addresses(wr):
    assert reverse("rosters:schedule", args=[wr.a.pk, 2026, "11"]) == month_url(wr.a, 2026, 11)
    assert (
        reverse("rosters:schedule_current", args=[wr.a.pk])
        == f"/rosters/workrooms/{wr.a.pk}/schedule/"
    )


def test_schedule_shows_shifts_names_levels_and_liaison(clerk_a_client, wr, november):
    response = clerk_a_client.get(month_url(wr.a, 2026, 11))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "王市代表",
        "（市党代表）",
        "李国代表",
        "（国、省党代表）",
        "甲办事员",
        "09:00–11:30",
        "14:00–16:30",
    ):
        assert text in html
    by_day = cells(response)
    assert [s.pk for s in by_day[date(2026, 11, 10)].shifts] == [november[0].pk]
    # Highest level first, as the offices print it.
    assert [d.representative.name for d in by_day[date(2026, 11, 10)].shifts[0].duties.all()] == [
        "李国代表",
        "王市代表",
    ]


def test_schedule_shows_the_workrooms_address_hours_and_phone(clerk_a_client, wr, november):
    html = clerk_a_client.get(month_url(wr.a, 2026, 11)).content.decode()

    for text in (wr.a.address, "每周二、四上午", "0731-52251234"):
        assert text in html


def test_schedule_title_names_workroom_and_month(clerk_a_client, wr, november):
    html = clerk_a_client.get(month_url(wr.a, 2026, 11)).content.decode()

    assert f"{wr.a.name}党代表值班安排表 2026年11月" in html


def test_schedule_never_shows_a_phone_number(clerk_a_client, wr, november):
    html = clerk_a_client.get(month_url(wr.a, 2026, 11)).content.decode()

    phones = [d.representative.phone for s in november for d in s.duties.all()]
    assert all(MOBILE.fullmatch(p) for p in phones)
    assert not MOBILE.search(html)


def test_schedule_leaves_out_other_workrooms_and_other_months(clerk_a_client, wr, november):
    DutyShiftFactory(workroom=wr.a1, date=date(2026, 11, 12))
    DutyShiftFactory(workroom=wr.a, date=date(2026, 12, 1))

    response = clerk_a_client.get(month_url(wr.a, 2026, 11))

    assert response.context["month"].shift_count == 2


def test_grid_runs_in_weeks_from_monday_to_sunday(clerk_a_client, wr):
    response = clerk_a_client.get(month_url(wr.a, 2026, 11))

    weeks = response.context["month"].weeks
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][0].day == date(2026, 10, 26)  # Monday before Sunday 1 November
    assert weeks[-1][-1].day == date(2026, 12, 6)
    assert not weeks[0][0].in_month and weeks[0][6].in_month


def test_holidays_and_make_up_working_days_are_marked(clerk_a_client, wr):
    response = clerk_a_client.get(month_url(wr.a, 2026, 10))

    by_day = cells(response)
    assert by_day[date(2026, 10, 1)].holiday is not None  # National Day
    assert by_day[date(2026, 10, 9)].holiday is None
    assert by_day[date(2026, 10, 10)].makeup_workday  # Saturday worked for the National Day swap
    assert not by_day[date(2026, 10, 11)].makeup_workday
    assert response.context["notice"] is None
    html = response.content.decode()
    assert "国庆节" in html and "调休上班" in html


def test_unknown_year_says_weekends_are_assumed(clerk_a_client, wr):
    response = clerk_a_client.get(month_url(wr.a, 2099, 5))

    assert response.status_code == 200
    assert response.context["notice"]
    assert response.context["notice"] in response.content.decode()
    assert not any(cell.holiday for cell in cells(response).values())


def test_previous_and_next_month_links(clerk_a_client, wr):
    nov = clerk_a_client.get(month_url(wr.a, 2026, 11))
    dec = clerk_a_client.get(month_url(wr.a, 2026, 12))

    assert nov.context["previous"] == month_url(wr.a, 2026, 10)
    assert nov.context["next"] == month_url(wr.a, 2026, 12)
    assert dec.context["next"] == month_url(wr.a, 2027, 1)
    assert f'href="{month_url(wr.a, 2026, 10)}"' in nov.content.decode()


def test_page_has_a_print_button_and_the_print_stylesheet(clerk_a_client, wr):
    html = clerk_a_client.get(month_url(wr.a, 2026, 11)).content.decode()

    # static/js/actions.js prints on data-action="print" (no inline handlers under the CSP).
    assert 'data-action="print"' in html
    assert "js/actions.js" in html
    assert "css/print-schedule.css" in html


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "1999-05", "2026-1x"])
def test_a_month_that_does_not_exist_is_404(clerk_a_client, wr, month):
    response = clerk_a_client.get(f"/rosters/workrooms/{wr.a.pk}/schedule/{month}/")

    assert response.status_code == 404


def test_schedule_without_month_redirects_to_this_month(clerk_a_client, wr):
    today = timezone.localdate()

    response = clerk_a_client.get(reverse("rosters:schedule_current", args=[wr.a.pk]))

    assert response.status_code == 302
    assert response["Location"] == month_url(wr.a, today.year, today.month)


@pytest.mark.parametrize("url_name", ["schedule", "schedule_current"])
def test_anonymous_is_sent_to_sign_in(client, wr, url_name):
    args = [wr.a.pk, 2026, "11"] if url_name == "schedule" else [wr.a.pk]
    url = reverse(f"rosters:{url_name}", args=args)

    assert_redirects_to_login(client.get(url), url)


@pytest.mark.parametrize("url_name", ["schedule", "schedule_current"])
def test_out_of_scope_is_404(clerk_b_client, wr, url_name):
    args = [wr.a.pk, 2026, "11"] if url_name == "schedule" else [wr.a.pk]

    assert clerk_b_client.get(reverse(f"rosters:{url_name}", args=args)).status_code == 404


def test_workroom_of_another_district_is_404(liaison_client, foreign_workroom):
    assert liaison_client.get(month_url(foreign_workroom, 2026, 11)).status_code == 404


def test_representative_and_liaison_office_in_scope_see_it(
    representative_client, liaison_client, wr, november
):
    assert representative_client.get(month_url(wr.a, 2026, 11)).status_code == 200
    assert liaison_client.get(month_url(wr.a, 2026, 11)).status_code == 200


def test_schedule_refuses_post(clerk_a_client, wr):
    assert clerk_a_client.post(month_url(wr.a, 2026, 11)).status_code == 405


def test_only_staff_get_the_button_to_reset_the_workroom_feed(
    clerk_a_client, representative_client, wr
):
    reset = reverse("rosters:workroom_feed_reset", args=[wr.a.pk])

    assert reset in clerk_a_client.get(month_url(wr.a, 2026, 11)).content.decode()
    assert reset not in representative_client.get(month_url(wr.a, 2026, 11)).content.decode()


def test_schedule_offers_the_workroom_feed(clerk_a_client, wr):
    html = clerk_a_client.get(month_url(wr.a, 2026, 11)).content.decode()

    token = wr.a.calendar_feed.token
    assert reverse("rosters:workroom_feed", args=[wr.a.pk, token]) in html


def _fill(workroom, count, officer):
    """``count`` shifts in November 2026, each with three representatives."""
    people = [
        RepresentativeFactory(area=workroom.area, levels=Level(level).bit)
        for level in (Level.CITY, Level.DISTRICT, Level.TOWN)
    ]
    for n in range(count):
        shift = DutyShiftFactory(
            workroom=workroom,
            date=date(2026, 11, 1) + timedelta(days=n % 30),
            start_time=time(8 + n // 30 * 4),
            end_time=time(10 + n // 30 * 4),
            liaison_officer=officer,
        )
        for person in people:
            DutyFactory(shift=shift, representative=person)


def test_schedule_runs_a_constant_number_of_queries(
    clerk_a_client, wr, officer, django_assert_max_num_queries
):
    url = month_url(wr.a, 2026, 11)
    clerk_a_client.get(url)  # the workroom's feed row is created on the first visit

    _fill(wr.a, 5, officer)
    with django_assert_max_num_queries(8):
        few = clerk_a_client.get(url)
    _fill(wr.a, 55, officer)
    with django_assert_max_num_queries(8):
        many = clerk_a_client.get(url)

    assert few.context["month"].shift_count == 5
    assert many.context["month"].shift_count == 60
