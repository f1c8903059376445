"""Review: what a visitor can learn from the residents' pages and their headers."""

import re

import pytest
from django.urls import reverse

from activities.models import Wish
from petitions.models import Petition
from tests.public.helpers import request_data, wish_data

pytestmark = pytest.mark.django_db

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def test_a_phone_number_written_into_a_wish_is_not_published_on_the_board(
    client, wr, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("public:wish", args=[wr.a.pk]),
            wish_data(content="想给奶奶借一辆轮椅，请打13912345678联系我"),
        )
    assert response.status_code in (200, 400)
    html = client.get(reverse("public:workroom", args=[wr.a.pk])).content.decode()
    assert "13912345678" not in html


def test_sending_the_same_request_twice_does_not_put_it_twice_in_the_queue(client, wr):
    """A double tap on a slow phone, or the browser's "send again?" on reload."""
    data = request_data()
    client.post(reverse("public:request", args=[wr.a.pk]), data)
    client.post(reverse("public:request", args=[wr.a.pk]), data)
    assert Petition.with_spam.count() == 1


def test_sending_the_same_wish_twice_does_not_post_it_twice(client, wr):
    data = wish_data()
    client.post(reverse("public:wish", args=[wr.a.pk]), data)
    client.post(reverse("public:wish", args=[wr.a.pk]), data)
    assert Wish.with_spam.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/w/99999999999999999999999/",
        "/w/99999999999999999999999/request/",
        "/w/99999999999999999999999/qr.png",
        "/w/photos/representatives/99999999999999999999999/",
        "/w/photos/activities/99999999999999999999999/",
        "/w/?page=99999999999999999999999999&level=xx",
    ],
)
def test_huge_numbers_in_addresses_are_not_found_not_a_server_error(client, wr, path):
    assert client.get(path).status_code in (200, 404)


def test_a_representative_who_left_is_not_announced_on_duty_after_leaving(
    client, wr, clerk_a, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from representatives.services import assignment_end
    from tests.representatives.factories import stationed
    from tests.rosters.factories import DutyFactory, DutyShiftFactory

    today = timezone.localdate()
    rep = stationed(wr.a, name="离任代表")
    shift = DutyShiftFactory(workroom=wr.a, date=today + timedelta(days=2))
    DutyFactory(shift=shift, representative=rep)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_end(assignment=rep.assignments.get(), end_date=today, actor=clerk_a)

    html = client.get(reverse("public:workroom", args=[wr.a.pk])).content.decode()
    # Still stationed today (the stint ends today), but not announced for the days after.
    duty = html[html.index('id="duty"') :]
    duty = duty[: duty.index("</section>")]
    assert "离任代表" not in duty
