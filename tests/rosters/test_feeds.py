"""Calendar feeds: a representative's own duties and a workroom's schedule, as iCalendar.

The token in the address is the only credential (calendar apps cannot sign in): a wrong or
reset token answers 404, a workroom's feed only opens with that workroom's own token.
"""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from rosters.feeds import personal_feed, workroom_feed
from rosters.models import CalendarFeed, Duty
from tests.factories import UserFactory
from tests.helpers import assert_redirects_to_login
from tests.rosters.factories import DutyFactory, DutyShiftFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MOBILE = re.compile(r"1[3-9]\d{9}")


def my_feed_url(feed):
    return reverse("rosters:my_feed", args=[feed.token])


def workroom_feed_url(feed):
    return reverse("rosters:workroom_feed", args=[feed.workroom_id, feed.token])


def events(response):
    return Calendar.from_ical(response.content).events


@pytest.fixture
def shift(wr, tomorrow, officer):
    """Tomorrow 9:00–11:30 at wr.a, with clerk_a as liaison officer on duty."""
    return DutyShiftFactory(
        workroom=wr.a,
        date=tomorrow,
        start_time=time(9),
        end_time=time(11, 30),
        liaison_officer=officer,
    )


@pytest.fixture
def my_duty(shift, me, peer):
    DutyFactory(shift=shift, representative=peer)
    return DutyFactory(shift=shift, representative=me)


# --- Personal feed --------------------------------------------------------------------------


def test_personal_feed_parses_back_with_times_in_shanghai(
    client, representative, my_duty, tomorrow
):
    response = client.get(my_feed_url(personal_feed(representative)))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = events(response)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime(tomorrow.year, tomorrow.month, tomorrow.day, 9, 0, tzinfo=SHANGHAI)
    assert end == datetime(tomorrow.year, tomorrow.month, tomorrow.day, 11, 30, tzinfo=SHANGHAI)
    # The same instant whatever zone the calendar app lives in: 9:00 in Shanghai is 1:00 UTC.
    assert start.astimezone(UTC).hour == 1
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"


def test_personal_feed_carries_a_vtimezone_for_shanghai(client, representative, my_duty):
    cal = Calendar.from_ical(client.get(my_feed_url(personal_feed(representative))).content)

    assert [tz["tzid"] for tz in cal.timezones] == ["Asia/Shanghai"]


def test_personal_event_names_workroom_place_and_co_duty(client, representative, my_duty, wr):
    [event] = events(client.get(my_feed_url(personal_feed(representative))))

    assert wr.a.name in str(event["summary"])
    assert str(event["location"]) == wr.a.address
    description = str(event["description"])
    assert "党代表乙" in description  # the co-duty representative
    assert "甲办事员" in description  # the liaison officer on duty
    assert "党代表甲" not in description  # not oneself


def test_personal_feed_carries_only_the_users_duties(
    client, representative, my_duty, peer, wr, tomorrow
):
    DutyFactory(
        shift=DutyShiftFactory(workroom=wr.a, date=tomorrow + timedelta(days=2)),
        representative=peer,
    )

    uids = [str(e["uid"]) for e in events(client.get(my_feed_url(personal_feed(representative))))]

    assert uids == [f"duty-{my_duty.pk}@party-workrooms"]


def test_personal_feed_uid_stays_the_same_across_fetches_and_changes(
    client, representative, my_duty, me, wr, tomorrow
):
    url = my_feed_url(personal_feed(representative))
    first = str(events(client.get(url))[0]["uid"])
    DutyFactory(
        shift=DutyShiftFactory(workroom=wr.a, date=tomorrow + timedelta(days=7)), representative=me
    )

    uids = [str(e["uid"]) for e in events(client.get(url))]

    assert uids[0] == first
    assert len(set(uids)) == 2


def test_removed_duty_disappears_from_the_feed(client, representative, my_duty):
    url = my_feed_url(personal_feed(representative))
    Duty.objects.filter(pk=my_duty.pk).delete()

    assert events(client.get(url)) == []


def test_personal_feed_reaches_back_sixty_days(client, representative, me, wr, today):
    kept = DutyFactory(
        shift=DutyShiftFactory(workroom=wr.a, date=today - timedelta(days=60)), representative=me
    )
    DutyFactory(
        shift=DutyShiftFactory(workroom=wr.a, date=today - timedelta(days=61)), representative=me
    )

    uids = [str(e["uid"]) for e in events(client.get(my_feed_url(personal_feed(representative))))]

    assert uids == [f"duty-{kept.pk}@party-workrooms"]


def test_feed_of_a_user_without_representative_record_is_empty(client, clerk_a):
    response = client.get(my_feed_url(personal_feed(clerk_a)))

    assert response.status_code == 200
    assert events(response) == []


def test_feed_of_a_deactivated_user_is_404(client, representative, my_duty):
    feed = personal_feed(representative)
    representative.is_active = False
    representative.save()

    assert client.get(my_feed_url(feed)).status_code == 404


def test_wrong_token_is_404(client, representative, my_duty):
    personal_feed(representative)

    assert client.get(reverse("rosters:my_feed", args=["not-the-token"])).status_code == 404


def test_workroom_token_does_not_open_a_personal_feed(client, wr):
    feed = workroom_feed(wr.a)

    assert client.get(reverse("rosters:my_feed", args=[feed.token])).status_code == 404


def test_feed_refuses_post(client, representative):
    assert client.post(my_feed_url(personal_feed(representative))).status_code == 405


def test_feeds_carry_no_phone_number(client, representative, my_duty, wr):
    personal = client.get(my_feed_url(personal_feed(representative))).content.decode()
    room = client.get(workroom_feed_url(workroom_feed(wr.a))).content.decode()

    # The representatives do have mobile numbers on record; none may leak.
    assert MOBILE.fullmatch(my_duty.representative.phone)
    assert not MOBILE.search(personal)
    assert not MOBILE.search(room)


# --- Resetting the personal feed ------------------------------------------------------------


def test_reset_gives_a_new_address_and_the_old_one_is_404(
    client, representative_client, representative, my_duty
):
    old = my_feed_url(personal_feed(representative))

    response = representative_client.post(reverse("rosters:my_feed_reset"))

    assert response.status_code == 302
    assert response["Location"] == reverse("rosters:my_duties")
    assert client.get(old).status_code == 404
    assert client.get(my_feed_url(CalendarFeed.objects.get(user=representative))).status_code == 200


def test_reset_of_my_feed_needs_post(representative_client):
    assert representative_client.get(reverse("rosters:my_feed_reset")).status_code == 405


def test_reset_of_my_feed_sends_anonymous_to_sign_in(client):
    url = reverse("rosters:my_feed_reset")

    assert_redirects_to_login(client.post(url), url)


# --- Workroom feed --------------------------------------------------------------------------


def test_workroom_feed_lists_its_shifts_with_names_and_levels(client, wr, my_duty, shift, tomorrow):
    DutyShiftFactory(workroom=wr.b, date=tomorrow)  # another workroom's shift stays out

    response = client.get(workroom_feed_url(workroom_feed(wr.a)))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = events(response)
    assert str(event["uid"]) == f"shift-{shift.pk}@party-workrooms"
    assert event.decoded("dtstart") == datetime.combine(tomorrow, time(9), tzinfo=SHANGHAI)
    assert "党代表甲" in str(event["summary"]) and "党代表乙" in str(event["summary"])
    assert "区党代表" in str(event["description"])


def test_token_of_another_workroom_is_404(client, wr):
    other = workroom_feed(wr.b)
    workroom_feed(wr.a)

    url = reverse("rosters:workroom_feed", args=[wr.a.pk, other.token])

    assert client.get(url).status_code == 404


def test_personal_token_does_not_open_a_workroom_feed(client, wr, representative):
    feed = personal_feed(representative)

    assert (
        client.get(reverse("rosters:workroom_feed", args=[wr.a.pk, feed.token])).status_code == 404
    )


def test_workroom_feed_reset_by_its_clerk_invalidates_the_old_address(client, clerk_a_client, wr):
    old = workroom_feed_url(workroom_feed(wr.a))

    response = clerk_a_client.post(reverse("rosters:workroom_feed_reset", args=[wr.a.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("rosters:schedule_current", args=[wr.a.pk])
    assert client.get(old).status_code == 404
    assert client.get(workroom_feed_url(CalendarFeed.objects.get(workroom=wr.a))).status_code == 200


def test_workroom_feed_reset_by_the_liaison_office(liaison_client, wr):
    old_token = workroom_feed(wr.b).token

    response = liaison_client.post(reverse("rosters:workroom_feed_reset", args=[wr.b.pk]))

    assert response.status_code == 302
    assert CalendarFeed.objects.get(workroom=wr.b).token != old_token


def test_workroom_feed_reset_is_forbidden_to_a_representative(representative_client, wr):
    feed = workroom_feed(wr.a)

    response = representative_client.post(reverse("rosters:workroom_feed_reset", args=[wr.a.pk]))

    assert response.status_code == 403
    assert CalendarFeed.objects.get(workroom=wr.a).token == feed.token


def test_workroom_feed_reset_out_of_scope_is_404(clerk_b_client, wr):
    feed = workroom_feed(wr.a)

    response = clerk_b_client.post(reverse("rosters:workroom_feed_reset", args=[wr.a.pk]))

    assert response.status_code == 404
    assert CalendarFeed.objects.get(workroom=wr.a).token == feed.token


def test_workroom_feed_reset_needs_post(clerk_a_client, wr):
    assert (
        clerk_a_client.get(reverse("rosters:workroom_feed_reset", args=[wr.a.pk])).status_code
        == 405
    )


def test_workroom_feed_reset_sends_anonymous_to_sign_in(client, wr):
    url = reverse("rosters:workroom_feed_reset", args=[wr.a.pk])

    assert_redirects_to_login(client.post(url), url)


def test_a_feed_is_created_once_and_then_kept(representative, wr):
    assert personal_feed(representative) == personal_feed(representative)
    assert workroom_feed(wr.a) == workroom_feed(wr.a)
    assert personal_feed(representative).token != workroom_feed(wr.a).token


def test_feed_of_user_built_by_factory_has_no_events_before_any_duty(client):
    user = UserFactory(username="nobody")

    assert events(client.get(my_feed_url(personal_feed(user)))) == []


def test_personal_feed_uses_the_representatives_language(client, representative, my_duty, wr):
    representative.language = "en"
    representative.save()

    [event] = events(client.get(my_feed_url(personal_feed(representative))))

    assert str(event["summary"]) == f"Reception duty · {wr.a.name}"
