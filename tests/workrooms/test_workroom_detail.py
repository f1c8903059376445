"""A workroom's page: seen within scope only (404 outside), its standard's items and progress,
and the links each role may follow.
"""

import pytest
from django.urls import reverse

from tests.factories import ChecklistEntryFactory, standard
from tests.workrooms.pages import detail_url, edit_url, entry_url, six_items
from workrooms.models import ChecklistStatus

pytestmark = pytest.mark.django_db


def test_clerk_sees_a_workroom_in_a_community_of_their_subdistrict(clerk_a_client, wr):
    response = clerk_a_client.get(detail_url(wr.a1))

    assert response.status_code == 200
    assert response.context["workroom"] == wr.a1
    assert "兴善社区党代表工作室" in response.content.decode()


def test_clerk_cannot_see_sibling_subdistrict_workroom(clerk_b_client, wr):
    assert clerk_b_client.get(detail_url(wr.a)).status_code == 404


def test_missing_workroom_is_404(liaison_client, wr):
    assert liaison_client.get(reverse("workroom_detail", args=[999_999])).status_code == 404


def test_workroom_detail_shows_met_over_total_for_its_standard(clerk_a_client, wr):
    first, second, third = six_items()[:3]
    ChecklistEntryFactory(workroom=wr.a, item=first, status=ChecklistStatus.MET)
    ChecklistEntryFactory(workroom=wr.a, item=second, status=ChecklistStatus.MET)
    ChecklistEntryFactory(workroom=wr.a, item=third, status=ChecklistStatus.PARTLY)

    response = clerk_a_client.get(detail_url(wr.a))

    assert "2/6" in response.content.decode()


def test_workroom_detail_ignores_entries_of_a_previous_standard(clerk_a_client, wr):
    five = standard("五有")
    wr.a.standard = five
    wr.a.save()
    for item in five.items.all():
        ChecklistEntryFactory(workroom=wr.a, item=item, status=ChecklistStatus.MET)
    wr.a.standard = standard("六有")
    wr.a.save()

    response = clerk_a_client.get(detail_url(wr.a))

    assert "0/6" in response.content.decode()
    assert [entry for _item, entry in response.context["checklist"]] == [None] * 6


def test_workroom_detail_lists_every_item_of_its_standard(clerk_a_client, wr):
    response = clerk_a_client.get(detail_url(wr.a))

    body = response.content.decode()
    for name in ["有标识", "有制度", "有公示", "有场所", "有记录", "有保障"]:
        assert name in body


def test_workroom_detail_offers_edit_links_to_editors_only(
    clerk_a_client, representative_client, wr
):
    as_clerk = clerk_a_client.get(detail_url(wr.a)).content.decode()
    as_representative = representative_client.get(detail_url(wr.a))

    assert edit_url(wr.a) in as_clerk
    assert entry_url(wr.a, six_items()[0]) in as_clerk
    assert as_representative.status_code == 200
    assert edit_url(wr.a) not in as_representative.content.decode()
    assert entry_url(wr.a, six_items()[0]) not in as_representative.content.decode()


def test_workroom_detail_offers_record_links_but_no_edit_link_to_liaison_office(liaison_client, wr):
    body = liaison_client.get(detail_url(wr.a)).content.decode()

    assert entry_url(wr.a, six_items()[0]) in body
    assert edit_url(wr.a) not in body
