"""Redis down: the cache reads as empty (core.cache), and the site keeps working for
residents and staff alike: public pages, signing in, the six steps."""

import pytest
from django.urls import reverse

from petitions.models import State, Triage
from tests.factories import PASSWORD, UserFactory
from tests.petitions.factories import make_petition
from tests.petitions.pages import current, post_step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unreachable_cache")]


def test_the_residents_directory_and_a_workroom_page_answer(client, wr):
    assert client.get(reverse("public:directory")).status_code == 200
    assert client.get(reverse("public:workroom", args=[wr.a.pk])).status_code == 200


def test_signing_in_works(client):
    UserFactory(username="bob")

    response = client.post("/accounts/login/", {"login": "bob", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_a_clerk_receives_a_request(clerk_a_client, clerk_a, representative, wr, celery_in_process):
    petition = make_petition(workroom=wr.a, actor=clerk_a, handler=representative)

    response = post_step(
        clerk_a_client,
        "receive",
        petition,
        triage=Triage.TIME_LIMITED,
        handler=representative.pk,
    )

    assert response.status_code == 302
    assert current(petition).state == State.RECEIVED
    assert clerk_a_client.get(reverse("home")).status_code == 200
