"""A visit or a meeting registers requests directly from its page: the request form comes
pre-filled (workroom, channel, activity) and the request records the activity."""

import pytest
from django.urls import reverse

from petitions.models import Channel, Petition
from tests.activities.factories import ActivityFactory, activity_type
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(wr, me):
    return ActivityFactory(
        workroom=wr.a, type=activity_type("household_visit"), representatives=[me]
    )


def _data(workroom, activity):
    return {
        "workroom": workroom.pk,
        "channel": Channel.HOUSEHOLD,
        "category": "property",
        "resident_name": "王秀英",
        "resident_phone": "13812345678",
        "title": "楼道灯不亮",
        "content": "走访时居民反映楼道灯坏了",
        "activity": activity.pk,
    }


def test_register_form_is_prefilled_from_the_activity(clerk_a_client, visit, wr):
    response = clerk_a_client.get(
        reverse("petitions:register"),
        {"workroom": wr.a.pk, "channel": "household", "activity": visit.pk},
    )
    form = response.context["form"]
    assert form.initial["workroom"] == wr.a
    assert form.initial["channel"] == "household"
    assert str(form.initial["activity"]) == str(visit.pk)


def test_request_registered_from_a_visit_records_it(clerk_a_client, visit, wr):
    response = clerk_a_client.post(reverse("petitions:register"), _data(wr.a, visit))
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert (petition.activity, petition.channel) == (visit, Channel.HOUSEHOLD)
    detail = clerk_a_client.get(reverse("activities:detail", args=[visit.pk]))
    assert list(detail.context["petitions"]) == [petition]


def test_activity_of_another_workroom_is_refused(clerk_a_client, visit, wr):
    response = clerk_a_client.post(reverse("petitions:register"), _data(wr.a1, visit))
    assert response.status_code == 200
    assert not Petition.objects.exists()


def test_activity_out_of_scope_is_not_accepted(clerk_b_client, visit, wr):
    response = clerk_b_client.post(reverse("petitions:register"), _data(wr.b, visit))
    assert response.status_code == 200
    assert not Petition.objects.exists()


def test_activity_page_lists_only_requests_the_user_may_read(clerk_a, liaison_client, visit, wr):
    petition = make_petition(workroom=wr.a, actor=clerk_a)
    Petition.objects.filter(pk=petition.pk).update(activity=visit)
    response = liaison_client.get(reverse("activities:detail", args=[visit.pk]))
    assert [p.pk for p in response.context["petitions"]] == [petition.pk]
