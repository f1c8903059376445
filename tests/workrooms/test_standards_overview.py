"""The liaison office's overview of every workroom's building standard (建设标准)."""

import pytest
from django.urls import reverse

from accounts.models import RoleKind
from tests.factories import RoleFactory, UserFactory, WorkroomFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_liaison_overview_shows_active_workrooms_of_its_district(
    liaison_client, wr, foreign_workroom
):
    WorkroomFactory(area=wr.a.area, name="长安街道旧工作室", is_active=False)

    response = liaison_client.get(reverse("standards_overview"))

    assert response.status_code == 200
    assert set(response.context["page"].object_list) == {wr.d, wr.a, wr.a1, wr.b}
    assert "岳北区党代表工作室" not in response.content.decode()


def test_admin_role_sees_the_liaison_overview(area_admin_client, wr):
    response = area_admin_client.get(reverse("standards_overview"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 4


def test_liaison_overview_counts_only_liaison_and_admin_roles(areas, wr, foreign_workroom):
    user = UserFactory()
    RoleFactory(user=user, kind=RoleKind.LIAISON_OFFICE, area=areas.a)
    RoleFactory(user=user, kind=RoleKind.CLERK, area=foreign_workroom.area)
    client = client_for(user)

    response = client.get(reverse("standards_overview"))

    assert set(response.context["page"].object_list) == {wr.a, wr.a1}


@pytest.mark.parametrize("who", ["clerk_a_client", "representative_client"])
def test_clerk_and_representative_cannot_open_the_liaison_overview(request, wr, who):
    client = request.getfixturevalue(who)

    assert client.get(reverse("standards_overview")).status_code == 403


def test_liaison_overview_link_shows_only_for_liaison_office(liaison_client, clerk_a_client):
    url = reverse("standards_overview")

    assert url in liaison_client.get(reverse("workroom_list")).content.decode()
    assert url not in clerk_a_client.get(reverse("workroom_list")).content.decode()
