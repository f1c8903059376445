"""Editing a workroom: clerks and administrators of its area only, its area fixed, liaison
officers chosen among the clerks who reach it.
"""

import pytest

from accounts.models import RoleKind
from tests.factories import RoleFactory, UserFactory
from tests.helpers import client_for
from tests.workrooms.pages import detail_url, edit_url
from workrooms.models import WorkroomLevel

pytestmark = pytest.mark.django_db


def edit_data(workroom, **changes):
    data = {
        "name": workroom.name,
        "address": workroom.address,
        "reception_hours": workroom.reception_hours,
        "service_theme": workroom.service_theme,
        "phone": workroom.phone,
        "standard": workroom.standard_id or "",
        "opened_on": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_clerk_edits_a_workroom_in_their_subdistrict(clerk_a, clerk_a_client, wr):
    assert clerk_a_client.get(edit_url(wr.a1)).status_code == 200

    response = clerk_a_client.post(
        edit_url(wr.a1),
        edit_data(
            wr.a1,
            reception_hours="每周二 9:00–11:30",
            liaison_officers=[clerk_a.pk],
            opened_on="2024-05-01",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(wr.a1)
    wr.a1.refresh_from_db()
    assert wr.a1.reception_hours == "每周二 9:00–11:30"
    assert list(wr.a1.liaison_officers.all()) == [clerk_a]
    assert str(wr.a1.opened_on) == "2024-05-01"


def test_admin_role_edits_any_workroom_of_its_district(area_admin_client, wr):
    response = area_admin_client.post(edit_url(wr.b), edit_data(wr.b, phone="029-88886666"))

    assert response.status_code == 302
    wr.b.refresh_from_db()
    assert wr.b.phone == "029-88886666"


def test_workroom_edit_cannot_move_the_workroom_to_another_area(clerk_a_client, wr, areas):
    clerk_a_client.post(edit_url(wr.a1), edit_data(wr.a1, area=areas.b.pk, level="district"))

    wr.a1.refresh_from_db()
    assert wr.a1.area == areas.a1
    assert wr.a1.level == WorkroomLevel.COMMUNITY


def test_workroom_edit_refuses_an_empty_name(clerk_a_client, wr):
    response = clerk_a_client.post(edit_url(wr.a), edit_data(wr.a, name=""))

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    wr.a.refresh_from_db()
    assert wr.a.name == "长安街道党代表工作室"


def test_clerk_cannot_edit_sibling_subdistrict_workroom(clerk_b_client, wr):
    assert clerk_b_client.get(edit_url(wr.a)).status_code == 404
    response = clerk_b_client.post(edit_url(wr.a), edit_data(wr.a, name="改名"))

    assert response.status_code == 404
    wr.a.refresh_from_db()
    assert wr.a.name == "长安街道党代表工作室"


@pytest.mark.parametrize("who", ["representative_client", "liaison_client"])
def test_representative_and_liaison_office_cannot_edit_a_workroom_in_scope(request, wr, who):
    client = request.getfixturevalue(who)

    assert client.get(edit_url(wr.a)).status_code == 403
    assert client.post(edit_url(wr.a), edit_data(wr.a, name="改名")).status_code == 403
    wr.a.refresh_from_db()
    assert wr.a.name == "长安街道党代表工作室"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_workroom_edit_refuses_other_methods(clerk_a_client, wr, method):
    response = getattr(clerk_a_client, method)(edit_url(wr.a))

    assert response.status_code == 405


def test_liaison_officer_choices_are_clerks_reaching_the_area(clerk_a, clerk_b, liaison, wr, areas):
    district_clerk = UserFactory(username="district_clerk")
    RoleFactory(user=district_clerk, kind=RoleKind.CLERK, area=areas.d)
    community_clerk = UserFactory(username="community_clerk")
    RoleFactory(user=community_clerk, kind=RoleKind.CLERK, area=areas.a1)
    retired = UserFactory(username="retired_clerk", is_active=False)
    RoleFactory(user=retired, kind=RoleKind.CLERK, area=areas.a)
    response = client_for(clerk_a).get(edit_url(wr.a1))

    choices = set(response.context["form"].fields["liaison_officers"].queryset)
    assert choices == {clerk_a, district_clerk, community_clerk}


def test_liaison_officer_choices_for_a_subdistrict_leave_out_its_communities(
    clerk_a_client, clerk_a, wr, areas
):
    community_clerk = UserFactory(username="community_clerk")
    RoleFactory(user=community_clerk, kind=RoleKind.CLERK, area=areas.a1)

    response = clerk_a_client.get(edit_url(wr.a))

    choices = set(response.context["form"].fields["liaison_officers"].queryset)
    assert choices == {clerk_a}


def test_workroom_edit_refuses_a_liaison_officer_from_a_sibling_subdistrict(
    clerk_a_client, clerk_b, wr
):
    response = clerk_a_client.post(edit_url(wr.a), edit_data(wr.a, liaison_officers=[clerk_b.pk]))

    assert response.status_code == 200
    assert response.context["form"].errors["liaison_officers"]
    assert not wr.a.liaison_officers.exists()


def test_workroom_edit_keeps_an_officer_already_assigned(clerk_a_client, clerk_b, wr):
    wr.a.liaison_officers.add(clerk_b)

    response = clerk_a_client.get(edit_url(wr.a))

    assert clerk_b in response.context["form"].fields["liaison_officers"].queryset
