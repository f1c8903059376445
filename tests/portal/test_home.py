"""The home page: the user's workrooms at a glance."""

import pytest
from django.urls import reverse

from tests.factories import ChecklistEntryFactory, UserFactory, WorkroomFactory
from tests.helpers import assert_redirects_to_login, client_for
from workrooms.models import ChecklistStatus, WorkroomLevel

pytestmark = pytest.mark.django_db


def test_home_shows_the_number_of_workrooms_in_the_users_area(clerk_a_client, wr):
    response = clerk_a_client.get(reverse("home"))

    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["total"] == 2
    assert summary["by_level"] == {WorkroomLevel.SUBDISTRICT: 1, WorkroomLevel.COMMUNITY: 1}
    assert "<b>2</b>" in response.content.decode()


def test_home_counts_every_workroom_of_the_district_for_the_liaison_office(liaison_client, wr):
    response = liaison_client.get(reverse("home"))

    assert response.context["summary"]["total"] == 4
    assert "<b>4</b>" in response.content.decode()


def test_home_leaves_out_closed_workrooms(clerk_a_client, wr):
    WorkroomFactory(area=wr.a.area, name="长安街道旧工作室", is_active=False)

    response = clerk_a_client.get(reverse("home"))

    assert response.context["summary"]["total"] == 2


def test_home_counts_workrooms_meeting_their_standard_in_full(clerk_a_client, wr):
    for item in wr.a1.standard.items.all():
        ChecklistEntryFactory(workroom=wr.a1, item=item, status=ChecklistStatus.MET)

    response = clerk_a_client.get(reverse("home"))

    assert response.context["summary"]["complete"] == 1


def test_home_lists_the_users_roles(clerk_a_client, wr):
    body = clerk_a_client.get(reverse("home")).content.decode()

    assert f"?area={wr.a.area.pk}" in body
    assert "长安街道" in body


def test_home_for_a_user_without_role_shows_nothing_to_count(wr):
    response = client_for(UserFactory()).get(reverse("home"))

    assert response.context["summary"]["total"] == 0
    assert list(response.context["roles"]) == []


def test_home_sends_anonymous_visitors_to_sign_in(client):
    assert_redirects_to_login(client.get(reverse("home")), "/")
