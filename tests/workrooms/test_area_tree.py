"""The area tree (组织架构): the user's subtrees, indented from their top area, with counts."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, WorkroomFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_area_tree_shows_the_clerks_subtree(clerk_a_client, areas):
    response = clerk_a_client.get(reverse("area_tree"))

    assert response.status_code == 200
    assert [a.name for a in response.context["areas"]] == ["长安街道", "兴善社区"]
    body = response.content.decode()
    assert "兴善社区" in body
    assert "曲池街道" not in body
    assert "雁南区" not in body


def test_area_tree_indents_from_the_users_top_area(clerk_a_client, areas):
    response = clerk_a_client.get(reverse("area_tree"))

    assert [a.indent for a in response.context["areas"]] == [0, 1]


def test_area_tree_counts_active_workrooms_per_area(liaison_client, wr):
    WorkroomFactory(area=wr.a.area, name="长安街道第二工作室")
    WorkroomFactory(area=wr.a.area, name="长安街道旧工作室", is_active=False)

    response = liaison_client.get(reverse("area_tree"))

    counts = {a.name: a.workroom_count for a in response.context["areas"]}
    assert counts == {"雁南区": 1, "长安街道": 2, "兴善社区": 1, "曲池街道": 1}


def test_area_tree_for_a_user_without_role_is_empty(areas):
    response = client_for(UserFactory()).get(reverse("area_tree"))

    assert response.status_code == 200
    assert list(response.context["areas"]) == []
