"""Small assertions shared by the view tests."""

from urllib.parse import quote

from django.test import Client


def assert_redirects_to_login(response, next_url: str) -> None:
    """Anonymous visitors are sent to allauth's sign-in page, coming back where they were."""
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(next_url)}"


def client_for(user) -> Client:
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client
