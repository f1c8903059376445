"""Every registry page sends an anonymous visitor to the sign-in page, and back after it."""

import pytest
from django.urls import reverse

from tests.helpers import assert_redirects_to_login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, args",
    [
        ("list", []),
        ("create", []),
        ("me", []),
        ("export", []),
        ("import", []),
        ("import_template", []),
        ("detail", ["rep"]),
        ("edit", ["rep"]),
        ("photo", ["rep"]),
        ("assign", ["rep"]),
        ("account_link", ["rep"]),
        ("workroom", ["workroom"]),
    ],
)
def test_anonymous_is_sent_to_sign_in(client, rep_a, wr, name, args):
    values = {"rep": rep_a.pk, "workroom": wr.a.pk}
    url = reverse(f"representatives:{name}", args=[values[a] for a in args])

    assert_redirects_to_login(client.get(url), url)
