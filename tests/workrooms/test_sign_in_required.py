"""Every workroom page sends an anonymous visitor to the sign-in page, and back after it."""

import pytest
from django.urls import reverse

from tests.helpers import assert_redirects_to_login
from tests.workrooms.pages import six_items

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name, needs_item",
    [
        ("area_tree", None),
        ("workroom_list", None),
        ("standards_overview", None),
        ("workroom_detail", False),
        ("workroom_edit", False),
        ("checklist_entry_edit", True),
        ("checklist_evidence", True),
    ],
)
def test_anonymous_is_sent_to_sign_in(client, wr, url_name, needs_item):
    if needs_item is None:
        url = reverse(url_name)
    elif needs_item:
        url = reverse(url_name, args=[wr.a.pk, six_items()[0].pk])
    else:
        url = reverse(url_name, args=[wr.a.pk])
    assert_redirects_to_login(client.get(url), url)
