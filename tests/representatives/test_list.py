"""The registry list: scoped to the user's areas (and where people serve), phones masked by who
looks, filters, pages, and a constant number of queries.
"""

from datetime import date

import pytest

from representatives.models import Level, WorkField
from tests.representatives.factories import AssignmentFactory, RepresentativeFactory, stationed
from tests.representatives.pages import LIST, LIST_QUERY_LIMIT, listed, phones, query_count

pytestmark = pytest.mark.django_db


def test_list_shows_only_representatives_in_scope(clerk_a_client, rep_a, rep_b, foreign_workroom):
    stationed(foreign_workroom, name="外区代表")

    response = clerk_a_client.get(LIST)

    assert response.status_code == 200
    assert listed(response) == {"甲代表"}


def test_liaison_office_lists_its_whole_district(liaison_client, rep_a, rep_b, foreign_workroom):
    stationed(foreign_workroom, name="外区代表")

    assert listed(liaison_client.get(LIST)) == {"甲代表", "乙代表"}


def test_someone_stationed_in_my_area_is_listed_though_registered_above(clerk_b_client, wr, areas):
    stationed(wr.b, area=areas.d, name="区级代表", phone="13600000001")

    response = clerk_b_client.get(LIST)

    assert listed(response) == {"区级代表"}
    # Staff of a workroom the person serves see the number in full.
    assert phones(response) == {"区级代表": "13600000001"}


def test_phone_is_masked_for_a_representative_and_full_for_staff(
    clerk_a_client, representative_client, rep_a
):
    assert phones(clerk_a_client.get(LIST)) == {"甲代表": "13812345678"}

    response = representative_client.get(LIST)

    assert phones(response) == {"甲代表": "138****5678"}
    assert "13812345678" not in response.content.decode()


def test_phone_is_masked_for_staff_where_the_person_no_longer_serves(clerk_b_client, wr, rep_a):
    # rep_a served at B's workroom once: B's clerk still sees the record, not the number.
    AssignmentFactory(
        representative=rep_a,
        workroom=wr.b,
        start_date=date(2021, 1, 1),
        end_date=date(2021, 12, 31),
    )

    response = clerk_b_client.get(LIST)

    assert phones(response)["甲代表"] == "138****5678"


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"level": Level.CITY.value}, {"市代表"}),
        ({"level": Level.DISTRICT.value}, {"区代表", "县区组长"}),
        ({"field": WorkField.HEALTH}, {"区代表"}),
        ({"leading_cadre": "true"}, {"县区组长"}),
        ({"q": "组长"}, {"县区组长"}),
        ({"in_office": "false"}, {"离任代表"}),
    ],
)
def test_list_filters(liaison_client, wr, query, expected):
    stationed(wr.a, name="市代表", levels=Level.CITY.bit)
    stationed(wr.a, name="区代表", work_field=WorkField.HEALTH)
    stationed(wr.b, name="县区组长", is_leading_cadre=True)
    RepresentativeFactory(area=wr.b.area, name="离任代表", levels=Level.TOWN.bit, is_active=False)

    assert listed(liaison_client.get(LIST, query)) == expected


def test_list_filters_by_workroom_and_area(liaison_client, wr, areas):
    stationed(wr.a, name="长安代表")
    stationed(wr.a1, name="兴善代表")
    stationed(wr.b, name="曲池代表")
    moved = stationed(wr.b, name="调走代表")
    moved.assignments.update(end_date=date(2022, 1, 1))

    assert listed(liaison_client.get(LIST, {"workroom": wr.b.pk})) == {"曲池代表"}
    assert listed(liaison_client.get(LIST, {"area": areas.a.pk})) == {"长安代表", "兴善代表"}


def test_list_area_choices_are_scoped(clerk_a_client, wr, areas):
    response = clerk_a_client.get(LIST, {"area": areas.b.pk})

    assert not response.context["filter"].form.is_valid()


def test_list_is_paginated(liaison_client, wr):
    for _ in range(30):
        stationed(wr.a)

    first = liaison_client.get(LIST)
    second = liaison_client.get(LIST, {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5


def test_list_runs_a_constant_number_of_queries(liaison_client, wr, django_assert_max_num_queries):
    for _ in range(3):
        stationed(wr.a)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        few = query_count(liaison_client, LIST)

    for index in range(40):
        rep = stationed(wr.b if index % 2 else wr.a1, is_leading_cadre=bool(index % 3))
        AssignmentFactory(representative=rep, workroom=wr.d)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        many = query_count(liaison_client, LIST)

    assert many == few


def test_filtered_list_runs_a_constant_number_of_queries(
    clerk_a_client, wr, django_assert_max_num_queries
):
    query = {"workroom": wr.a.pk, "level": Level.DISTRICT.value, "q": "党代表"}
    stationed(wr.a)
    few = query_count(clerk_a_client, LIST, query)
    for _ in range(30):
        stationed(wr.a)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        many = query_count(clerk_a_client, LIST, query)

    assert many == few
