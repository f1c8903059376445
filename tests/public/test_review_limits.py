"""Review: the public forms' limits, from an IPv6 phone (every phone has a /64 of its own)."""

import pytest
from django.urls import reverse

from petitions.models import Petition
from tests.public.helpers import request_data

pytestmark = pytest.mark.django_db


def test_the_address_limit_holds_for_a_phone_rotating_through_its_own_ipv6_network(
    client, wr, settings
):
    settings.PUBLIC_SUBMISSIONS_PER_ADDRESS_PER_HOUR = 2
    settings.PUBLIC_SUBMISSIONS_PER_PHONE_PER_DAY = 100
    statuses = [
        client.post(
            reverse("public:request", args=[wr.a.pk]),
            request_data(resident_phone=f"1381234{i:04d}"),
            REMOTE_ADDR=f"2408:8000:1234:5678::{i + 1:x}",
        ).status_code
        for i in range(4)
    ]
    assert statuses[-1] == 429
    assert Petition.with_spam.count() <= 2
