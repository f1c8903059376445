"""Registering a visit the way clerks log them: the visit channel by default, the visit time
back-dated (a morning's visits entered in the afternoon), the resident's earlier requests shown
by phone number, and a warning before registering the same matter twice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions.models import Category, Channel, Petition
from tests.helpers import assert_redirects_to_login, client_for
from tests.petitions.factories import PetitionFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("petitions:register")
EARLIER = reverse("petitions:earlier")


def data(workroom, **extra):
    values = {
        "workroom": workroom.pk,
        "channel": Channel.VISIT,
        "category": Category.TRAFFIC,
        "resident_name": "赵德明",
        "resident_phone": "13912345678",
        "title": "小区门口停车难",
        "content": "晚上下班后小区门口没有停车位。",
    }
    values.update(extra)
    return values


def local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


def test_the_form_starts_with_a_visit_now(clerk_a_client):
    form = clerk_a_client.get(REGISTER).context["form"]

    assert form["channel"].value() == Channel.VISIT
    shown = form["visited_at"].value()
    if timezone.is_naive(shown):
        shown = timezone.make_aware(shown)
    assert abs(shown - timezone.now()) < timedelta(minutes=2)


def test_a_morning_visit_is_logged_in_the_afternoon(clerk_a_client, wr):
    morning = timezone.now() - timedelta(hours=5)

    response = clerk_a_client.post(REGISTER, data(wr.a, visited_at=local(morning)))

    assert response.status_code == 302
    petition = Petition.objects.get()
    assert abs(petition.registered_at - morning) < timedelta(minutes=1)
    entry = petition.history.get(action="register")
    assert entry.data["visited_at"] == f"{timezone.localtime(morning):%Y-%m-%d %H:%M}"
    assert entry.at > petition.registered_at  # recorded when it was entered


@pytest.mark.parametrize("offset", [timedelta(hours=2), -timedelta(days=31)])
def test_a_visit_in_the_future_or_too_long_ago_is_refused(clerk_a_client, wr, offset):
    response = clerk_a_client.post(REGISTER, data(wr.a, visited_at=local(timezone.now() + offset)))

    assert response.status_code == 200
    assert response.context["form"].errors["visited_at"]
    assert not Petition.objects.exists()


def test_earlier_requests_by_phone_are_listed(clerk_a_client, wr, clerk_a):
    earlier = PetitionFactory(workroom=wr.a, registered_by=clerk_a, resident_phone="13912345678")
    PetitionFactory(workroom=wr.a, registered_by=clerk_a, resident_phone="13900000000")

    response = clerk_a_client.get(EARLIER, {"phone": "139 1234 5678"})

    assert response.status_code == 200
    assert list(response.context["earlier"]) == [earlier]
    assert earlier.title in response.content.decode()


def test_earlier_requests_stay_in_scope(clerk_b, wr, clerk_a):
    PetitionFactory(workroom=wr.a, registered_by=clerk_a, resident_phone="13912345678")

    response = client_for(clerk_b).get(EARLIER, {"phone": "13912345678"})

    assert list(response.context["earlier"]) == []


def test_earlier_requests_need_a_sign_in_and_a_role(client, db):
    assert_redirects_to_login(client.get(EARLIER), EARLIER)


def test_the_same_open_matter_again_needs_a_confirmation(clerk_a_client, wr, clerk_a):
    first = PetitionFactory(
        workroom=wr.a,
        registered_by=clerk_a,
        resident_phone="13912345678",
        category=Category.TRAFFIC,
    )

    warned = clerk_a_client.post(REGISTER, data(wr.a))
    assert warned.status_code == 200
    assert first.reference in warned.content.decode()
    assert Petition.objects.count() == 1

    confirmed = clerk_a_client.post(REGISTER, data(wr.a, confirm_duplicate="on"))
    assert confirmed.status_code == 302
    assert Petition.objects.count() == 2


def test_another_category_is_not_a_duplicate(clerk_a_client, wr, clerk_a):
    PetitionFactory(
        workroom=wr.a,
        registered_by=clerk_a,
        resident_phone="13912345678",
        category=Category.MEDICAL,
    )

    assert clerk_a_client.post(REGISTER, data(wr.a)).status_code == 302
