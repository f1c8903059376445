"""The workroom list: scoped to the user's areas, filters, search, pages, and a constant number
of queries on every list page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AreaFactory, ChecklistEntryFactory, WorkroomFactory
from tests.workrooms.pages import six_items
from workrooms.models import AreaKind, ChecklistEntry, ChecklistStatus, WorkroomLevel

pytestmark = pytest.mark.django_db


def listed(response):
    """The workrooms on the rendered page."""
    return set(response.context["page"].object_list)


def test_workroom_list_shows_only_workrooms_in_scope(clerk_a_client, wr, foreign_workroom):
    response = clerk_a_client.get(reverse("workroom_list"))

    assert response.status_code == 200
    assert listed(response) == {wr.a, wr.a1}
    body = response.content.decode()
    assert "长安街道党代表工作室" in body
    assert "曲池街道党代表工作室" not in body
    assert "雁南区党代表工作室" not in body


def test_liaison_office_lists_every_workroom_of_its_district(liaison_client, wr, foreign_workroom):
    response = liaison_client.get(reverse("workroom_list"))

    assert listed(response) == {wr.d, wr.a, wr.a1, wr.b}


def test_workroom_list_filters_by_area_subtree(liaison_client, wr):
    response = liaison_client.get(reverse("workroom_list"), {"area": wr.a.area.pk})

    assert listed(response) == {wr.a, wr.a1}


def test_clerk_cannot_filter_the_list_by_a_sibling_area(clerk_a_client, wr):
    response = clerk_a_client.get(reverse("workroom_list"), {"area": wr.b.area.pk})

    assert wr.b not in listed(response)
    assert response.context["filter"].errors["area"]


def test_area_filter_offers_only_areas_in_scope(clerk_a_client, areas):
    response = clerk_a_client.get(reverse("workroom_list"))

    choices = set(response.context["filter"].form.fields["area"].queryset)
    assert choices == {areas.a, areas.a1}


def test_workroom_list_filters_by_level(liaison_client, wr):
    response = liaison_client.get(reverse("workroom_list"), {"level": WorkroomLevel.COMMUNITY})

    assert listed(response) == {wr.a1}


@pytest.mark.parametrize(
    "field, value",
    [("name", "长安街道党代表"), ("address", "西影路"), ("service_theme", "邻里守望")],
)
def test_workroom_list_text_search_matches_name_address_and_theme(liaison_client, wr, field, value):
    setattr(wr.b, field, f"{value}99")
    wr.b.save()
    if field == "name":
        expected = {wr.a, wr.b}
    else:
        expected = {wr.b}

    response = liaison_client.get(reverse("workroom_list"), {"q": f" {value} "})

    assert listed(response) == expected


def test_workroom_list_text_search_matches_area_name(liaison_client, wr):
    response = liaison_client.get(reverse("workroom_list"), {"q": "兴善"})

    assert listed(response) == {wr.a1}


def complete_checklist(workroom):
    for item in workroom.standard.items.all():
        ChecklistEntryFactory(workroom=workroom, item=item, status=ChecklistStatus.MET)


def test_workroom_list_filters_standard_complete_and_incomplete(liaison_client, wr):
    complete_checklist(wr.a1)
    # All met but one only partly: still outstanding.
    complete_checklist(wr.b)
    ChecklistEntry.objects.filter(workroom=wr.b, item=six_items()[-1]).update(
        status=ChecklistStatus.PARTLY
    )
    # No standard at all is never complete.
    wr.d.standard = None
    wr.d.save()

    complete = liaison_client.get(reverse("workroom_list"), {"standard": "complete"})
    incomplete = liaison_client.get(reverse("workroom_list"), {"standard": "incomplete"})

    assert listed(complete) == {wr.a1}
    assert listed(incomplete) == {wr.d, wr.a, wr.b}


def test_workroom_list_paginates_and_keeps_the_filter_in_page_links(liaison_client, areas):
    WorkroomFactory.create_batch(30, area=areas.a1, level=WorkroomLevel.COMMUNITY)

    first = liaison_client.get(reverse("workroom_list"), {"level": "community"})
    second = liaison_client.get(reverse("workroom_list"), {"level": "community", "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert listed(first).isdisjoint(listed(second))
    assert "?level=community&amp;page=2" in first.content.decode()


def add_complete_workrooms(parent, count):
    """``count`` community workrooms under ``parent``, each on its own area, standard met."""
    for _ in range(count):
        area = AreaFactory(parent=parent, kind=AreaKind.COMMUNITY)
        complete_checklist(WorkroomFactory(area=area, level=WorkroomLevel.COMMUNITY))


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Session, user, roles, and the page's own queries; an N+1 on 25 rows would go far above.
LIST_QUERY_LIMIT = 8


@pytest.mark.parametrize("url_name", ["workroom_list", "area_tree", "standards_overview"])
def test_list_pages_run_a_constant_number_of_queries(
    liaison_client, areas, url_name, django_assert_max_num_queries
):
    url = reverse(url_name)
    add_complete_workrooms(areas.a, 3)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        few = _query_count(liaison_client, url)

    add_complete_workrooms(areas.b, 37)
    with django_assert_max_num_queries(LIST_QUERY_LIMIT):
        many = _query_count(liaison_client, url)

    assert many == few
