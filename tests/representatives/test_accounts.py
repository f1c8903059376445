"""Linking, creating and unlinking a representative's user account: staff of their area only."""

import pytest
from django.urls import reverse

from accounts.models import RoleKind
from representatives.models import Representative
from tests.factories import RoleFactory, UserFactory
from tests.representatives.pages import detail_url

pytestmark = pytest.mark.django_db


def account_url(rep, name="account_link"):
    return reverse(f"representatives:{name}", args=[rep.pk])


def test_clerk_links_an_account_holding_the_representative_role(
    clerk_a_client, rep_a, representative
):
    response = clerk_a_client.get(account_url(rep_a))
    assert list(response.context["link_form"].fields["user"].queryset) == [representative]

    response = clerk_a_client.post(account_url(rep_a), {"user": representative.pk})

    assert response.status_code == 302
    rep_a.refresh_from_db()
    assert rep_a.user == representative


def test_accounts_of_other_areas_cannot_be_linked(clerk_a_client, rep_a, areas):
    stranger = UserFactory(username="stranger")
    RoleFactory(user=stranger, kind=RoleKind.REPRESENTATIVE, area=areas.b)

    response = clerk_a_client.post(account_url(rep_a), {"user": stranger.pk})

    assert "user" in response.context["link_form"].errors
    rep_a.refresh_from_db()
    assert rep_a.user is None


def test_clerk_creates_an_account_for_a_representative(clerk_a_client, rep_a, client):
    response = clerk_a_client.post(
        account_url(rep_a, "account_create"),
        {"username": "jia", "email": "jia@example.cn", "password": "Jia-daibiao-2026"},
    )

    assert response.status_code == 302
    rep_a.refresh_from_db()
    assert rep_a.user.username == "jia"
    # The representative signs in and reaches their own record.
    signed_in = client.post("/accounts/login/", {"login": "jia", "password": "Jia-daibiao-2026"})
    assert signed_in.status_code == 302
    assert client.get(reverse("representatives:me")).url == detail_url(rep_a)


def test_a_weak_or_taken_user_name_and_password_are_refused(clerk_a_client, rep_a, clerk_b):
    response = clerk_a_client.post(
        account_url(rep_a, "account_create"), {"username": "clerk_b", "password": "123"}
    )

    assert response.status_code == 400
    errors = response.context["create_form"].errors
    assert "username" in errors and "password" in errors


def test_clerk_unlinks_an_account(clerk_a_client, rep_a, representative):
    Representative.objects.filter(pk=rep_a.pk).update(user=representative)

    assert clerk_a_client.get(account_url(rep_a, "account_unlink")).status_code == 405
    assert clerk_a_client.post(account_url(rep_a, "account_unlink")).status_code == 302

    rep_a.refresh_from_db()
    assert rep_a.user is None
    representative.refresh_from_db()
    assert representative.is_active


@pytest.mark.parametrize("name", ["account_link", "account_create", "account_unlink"])
def test_accounts_are_not_for_representatives_to_manage(representative_client, rep_a, name):
    assert representative_client.post(account_url(rep_a, name), {}).status_code == 403


@pytest.mark.parametrize("name", ["account_link", "account_create", "account_unlink"])
def test_accounts_out_of_scope_are_404(clerk_b_client, rep_a, name):
    assert clerk_b_client.post(account_url(rep_a, name), {}).status_code == 404
