"""A workroom's representatives: counted by level the way offices state them, phones masked for
representatives, the panel on the workroom page, a constant number of queries.
"""

from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse

from representatives.models import AssignmentRole, Level, Representative
from tests.factories import AreaFactory, UserFactory, WorkroomFactory
from tests.helpers import client_for
from tests.representatives.factories import AssignmentFactory, stationed
from tests.representatives.pages import LIST, LIST_QUERY_LIMIT, listed, query_count
from workrooms.models import AreaKind, WorkroomLevel

pytestmark = pytest.mark.django_db


def workroom_url(workroom):
    return reverse("representatives:workroom", args=[workroom.pk])


def station_seed_mix(workroom):
    stationed(
        workroom, role=AssignmentRole.LEADER, levels=Level.NATIONAL.bit | Level.PROVINCIAL.bit
    )
    for _ in range(7):
        stationed(workroom, levels=Level.CITY.bit)
    for _ in range(20):
        stationed(workroom, levels=Level.DISTRICT.bit)


def test_workroom_page_counts_its_representatives_by_level(clerk_a_client, wr):
    station_seed_mix(wr.a)
    gone = stationed(wr.a, name="已调离")
    gone.assignments.update(end_date=date(2023, 1, 1))

    response = clerk_a_client.get(workroom_url(wr.a))

    assert response.status_code == 200
    breakdown = response.context["breakdown"]
    assert breakdown.total == 28
    assert [(g.label, g.count) for g in breakdown.groups] == [("国、省", 1), ("市", 7), ("区", 20)]
    assert len(response.context["current"]) == 28
    assert response.context["current"][0].role == AssignmentRole.LEADER
    assert [a.representative.name for a in response.context["past"]] == ["已调离"]


def test_workroom_page_states_the_counts_the_way_offices_do(clerk_a_client, wr):
    # Chinese wording: passes once the translations are compiled.
    station_seed_mix(wr.a)

    body = clerk_a_client.get(workroom_url(wr.a)).content.decode()

    assert "驻室党代表28人，其中国、省党代表1人，市党代表7人，区党代表20人" in body


def test_workroom_page_out_of_scope_is_404(clerk_b_client, wr):
    assert clerk_b_client.get(workroom_url(wr.a)).status_code == 404


def test_workroom_page_masks_phones_for_representatives(representative_client, rep_a, wr):
    response = representative_client.get(workroom_url(wr.a))

    assert [a.phone_shown for a in response.context["current"]] == ["138****5678"]


def test_workroom_page_runs_a_constant_number_of_queries(
    clerk_a_client, wr, django_assert_max_num_queries
):
    for _ in range(3):
        stationed(wr.a)
    few = query_count(clerk_a_client, workroom_url(wr.a))
    station_seed_mix(wr.a)
    for rep in list(Representative.objects.all()[:10]):
        AssignmentFactory(representative=rep, workroom=wr.a1)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        many = query_count(clerk_a_client, workroom_url(wr.a))

    assert many == few


def test_workroom_panel_for_the_workroom_page(wr):
    leader = stationed(wr.a, role=AssignmentRole.LEADER, name="组长丙")
    stationed(wr.a, name="成员丁")

    html = Template(
        "{% load representatives_tags %}{% workroom_representatives_panel workroom %}"
    ).render(Context({"workroom": wr.a}))

    assert "组长丙" in html and "成员丁" in html
    assert reverse("representatives:detail", args=[leader.pk]) in html
    assert reverse("representatives:workroom", args=[wr.a.pk]) in html


def test_a_community_workroom_under_a_clerk_is_in_scope(clerk_a_client, wr, areas):
    area = AreaFactory(parent=areas.a1, kind=AreaKind.COMPOUND)
    workroom = WorkroomFactory(area=area, level=WorkroomLevel.COMMUNITY)
    stationed(workroom, name="小区代表")

    assert clerk_a_client.get(workroom_url(workroom)).status_code == 200
    assert "小区代表" in listed(clerk_a_client.get(LIST, {"workroom": workroom.pk}))


def test_a_user_without_roles_sees_nobody(rep_a):
    response = client_for(UserFactory()).get(LIST)

    assert response.status_code == 200
    assert listed(response) == set()
