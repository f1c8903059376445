"""The account page: who I am, my roles, password, two-factor sign-in, sign-out."""

from django.urls import reverse

from tests.helpers import assert_redirects_to_login


def test_account_page_lists_my_roles_and_account_links(clerk_a_client, clerk_a, areas):
    response = clerk_a_client.get(reverse("account"))

    assert response.status_code == 200
    page = response.content.decode()
    assert areas.a.name in page
    assert reverse("account_change_password") in page
    assert reverse("mfa_index") in page
    assert reverse("account_logout") in page


def test_account_page_shows_no_other_users_roles(clerk_a_client, clerk_b, areas):
    page = clerk_a_client.get(reverse("account")).content.decode()

    assert areas.b.name not in page


def test_navigation_links_to_the_account_page_with_my_name(clerk_a_client, clerk_a):
    page = clerk_a_client.get(reverse("home")).content.decode()

    assert reverse("account") in page
    assert clerk_a.display_name in page


def test_anonymous_is_sent_to_sign_in(client):
    assert_redirects_to_login(client.get(reverse("account")), reverse("account"))
