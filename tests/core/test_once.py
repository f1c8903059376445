"""A creating form sent twice — a double click, a retry, ten impatient submissions at once —
makes one thing; a failed attempt does not use up the form."""

import pytest
from django.urls import reverse

from activities.models import Wish
from core.errors import DomainError
from core.once import create_once, new_token
from petitions.models import Petition
from tests.helpers import client_for
from tests.races import needs_postgres, race

pytestmark = pytest.mark.django_db


def _register(client, wr, token, title="路灯坏了", phone="13811112222"):
    return client.post(
        reverse("petitions:register"),
        {
            "once": token,
            "workroom": wr.a.pk,
            "resident_name": "王秀英",
            "resident_phone": phone,
            "channel": "visit",
            "category": "property",
            "title": title,
            "content": "小区门口路灯坏了一周。",
        },
    )


def test_the_same_registration_form_sent_twice_registers_one_request(wr, clerk_a):
    client = client_for(clerk_a)
    token = new_token()

    first = _register(client, wr, token)
    second = _register(client, wr, token)

    assert first.status_code == 302, first.context and first.context["form"].errors
    assert Petition.objects.count() == 1
    # The second answer leads to what the first registered.
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_two_forms_register_two_requests(wr, clerk_a):
    client = client_for(clerk_a)

    _register(client, wr, new_token())
    _register(client, wr, new_token(), title="楼道积水", phone="13900003333")

    assert Petition.objects.count() == 2


def test_a_wish_form_sent_twice_records_one_wish(wr, clerk_a):
    client = client_for(clerk_a)
    data = {
        "once": new_token(),
        "workroom": wr.a.pk,
        "resident_name": "李桂兰",
        "content": "借轮椅",
    }

    client.post(reverse("activities:wish_create"), data)
    client.post(reverse("activities:wish_create"), data)

    assert Wish.objects.count() == 1


def test_a_failed_creation_does_not_use_up_the_token(wr, clerk_a):
    token = new_token()

    def fail():
        raise DomainError("不行")

    with pytest.raises(DomainError):
        create_once(clerk_a, token, fail)
    obj, created = create_once(
        clerk_a,
        token,
        lambda: Wish.objects.create(
            workroom=wr.a,
            resident_name="李",
            content="x",
            recorded_by=clerk_a,
            recorded_at="2026-12-01T10:00+08:00",
        ),
    )

    assert created and obj.pk


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("restore_migrated_data")
def test_ten_submissions_at_once_register_one_request(wr, clerk_a):
    token = new_token()

    def submit():
        return _register(client_for(clerk_a), wr, token).status_code

    statuses = race(*[submit for _ in range(10)])

    # Each is sent to the one request, or (arriving while it was being saved) shown the form
    # again with the duplicate warning; none registers a second.
    assert set(statuses) <= {200, 302}, statuses
    assert Petition.objects.count() == 1
