"""Signing in (django-allauth), the interface language, the admin door and two-factor."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", email="bob@example.cn")


# --- Language -------------------------------------------------------------------------------


def test_login_page_is_chinese_by_default(client):
    response = client.get(LOGIN_URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body
    assert "登录" in body
    assert response["Content-Language"] == "zh-hans"


def test_login_page_is_english_with_the_language_cookie(client):
    client.cookies[LANGUAGE_COOKIE] = "en"

    response = client.get(LOGIN_URL)

    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Sign In" in body
    assert "登录" not in body


def test_browser_accept_language_does_not_switch_to_english(client):
    response = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert "登录" in body


def test_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies[LANGUAGE_COOKIE] = "fr"

    assert '<html lang="zh-hans">' in client.get(LOGIN_URL).content.decode()


def test_own_pages_are_chinese_by_default(client, bob):
    # Needs locale/zh_Hans/LC_MESSAGES/django.mo: the app's own strings, not allauth's.
    client.force_login(bob)

    body = client.get(reverse("home")).content.decode()

    assert "<span>党代表工作室</span>" in body


def test_signed_in_users_saved_language_wins_over_the_cookie(client, bob):
    bob.language = "en"
    bob.save()
    client.force_login(bob)
    client.cookies[LANGUAGE_COOKIE] = "zh-hans"

    body = client.get(reverse("home")).content.decode()

    assert '<html lang="en">' in body
    assert "Party Representative Workrooms" in body


def test_switching_language_saves_it_on_the_user(client, bob):
    client.force_login(bob)

    response = client.post("/language/", {"language": "en", "next": "/workrooms/"})

    assert response.status_code == 302
    assert response["Location"] == "/workrooms/"
    bob.refresh_from_db()
    assert bob.language == "en"
    assert response.cookies[LANGUAGE_COOKIE].value == "en"
    # The choice follows the user to a fresh browser, where there is no cookie.
    client.cookies.clear()
    client.force_login(bob)
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_switching_language_when_signed_out_sets_the_cookie(client):
    response = client.post("/language/", {"language": "en", "next": LOGIN_URL})

    assert response["Location"] == LOGIN_URL
    assert response.cookies[LANGUAGE_COOKIE].value == "en"
    assert "Sign In" in client.get(LOGIN_URL).content.decode()


def test_switching_to_an_unsupported_language_changes_nothing(client, bob):
    client.force_login(bob)

    response = client.post("/language/", {"language": "fr"})

    assert response.status_code == 302
    assert LANGUAGE_COOKIE not in response.cookies
    bob.refresh_from_db()
    assert bob.language == "zh-hans"


def test_language_switch_does_not_redirect_to_another_site(client):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_language_switch_is_post_only(client):
    assert client.get("/language/", {"language": "en"}).status_code == 405


# --- Signing in -----------------------------------------------------------------------------


def test_sign_in_with_username(client, bob):
    response = client.post(LOGIN_URL, {"login": "bob", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(bob.pk)


def test_sign_in_with_email(client, bob):
    response = client.post(LOGIN_URL, {"login": "bob@example.cn", "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(bob.pk)


def test_sign_in_with_a_wrong_password_is_refused(client, bob):
    response = client.post(LOGIN_URL, {"login": "bob", "password": "not-the-password"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert signed_in_user_id(client) is None


def fail_sign_in(client, login, times):
    for _ in range(times):
        response = client.post(LOGIN_URL, {"login": login, "password": "not-the-password"})
        assert signed_in_user_id(client) is None
    return response


def _answer(response) -> dict:
    """The question's token and its right answer, read from the form as a person reads it."""
    form = response.context["form"]
    label = str(form.fields["challenge"].label)
    a, b = (int(n) for n in re.findall(r"\d+", label)[:2])
    return {"challenge_token": form["challenge_token"].value(), "challenge": str(a + b)}


def test_after_three_wrong_passwords_the_owner_answers_a_question_and_signs_in(client, bob):
    response = fail_sign_in(client, "bob", 3)
    assert "challenge" in response.context["form"].fields

    # The right password alone is not enough now, but it is not a lockout.
    refused = client.post(LOGIN_URL, {"login": "bob", "password": PASSWORD})
    assert signed_in_user_id(client) is None
    assert refused.context["form"].has_error("__all__", "challenge")

    client.post(LOGIN_URL, {"login": "bob", "password": PASSWORD, **_answer(refused)})
    assert signed_in_user_id(client) == str(bob.pk)


def test_many_wrong_passwords_never_lock_the_owner_out(client, bob):
    response = fail_sign_in(client, "bob", 12)

    client.post(LOGIN_URL, {"login": "bob", "password": PASSWORD, **_answer(response)})

    assert signed_in_user_id(client) == str(bob.pk)


def test_a_wrong_answer_or_a_forged_token_does_not_sign_in(client, bob):
    response = fail_sign_in(client, "bob", 3)
    answer = _answer(response)

    client.post(
        LOGIN_URL,
        {
            "login": "bob",
            "password": PASSWORD,
            **answer,
            "challenge": str(int(answer["challenge"]) + 1),
        },
    )
    assert signed_in_user_id(client) is None
    client.post(
        LOGIN_URL,
        {"login": "bob", "password": PASSWORD, "challenge_token": "forged", "challenge": "7"},
    )
    assert signed_in_user_id(client) is None


def test_two_wrong_passwords_ask_nothing(client, bob):
    response = fail_sign_in(client, "bob", 2)
    assert "challenge" not in response.context["form"].fields

    client.post(LOGIN_URL, {"login": "bob", "password": PASSWORD})

    assert signed_in_user_id(client) == str(bob.pk)


def test_one_persons_failures_do_not_slow_down_a_colleague_at_the_same_address(client, bob):
    alice = UserFactory(username="alice")
    fail_sign_in(client, "bob", 5)

    client.post(LOGIN_URL, {"login": "alice", "password": PASSWORD})

    assert signed_in_user_id(client) == str(alice.pk)


def test_an_address_trying_many_accounts_is_asked_for_every_account(client, bob, settings):
    settings.SIGNIN_ADDRESS_CHALLENGE_AFTER = 5
    for name in ["u1", "u2", "u3", "u4", "u5"]:
        fail_sign_in(client, name, 1)

    response = client.post(LOGIN_URL, {"login": "bob", "password": PASSWORD})

    assert signed_in_user_id(client) is None
    assert "challenge" in response.context["form"].fields


def test_signup_is_closed(client):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]


def test_posting_a_signup_form_creates_no_account(client):
    before = User.objects.count()

    client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.cn",
            "username": "newcomer",
            "password1": "Long-enough-2026",
            "password2": "Long-enough-2026",
        },
    )

    assert User.objects.count() == before
    assert not User.objects.filter(username="newcomer").exists()
    assert signed_in_user_id(client) is None


def test_login_page_links_to_password_reset(client):
    assert "/accounts/password/reset/" in client.get(LOGIN_URL).content.decode()


def test_password_reset_mails_a_link_to_a_known_address(client, bob):
    response = client.post("/accounts/password/reset/", {"email": "bob@example.cn"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bob@example.cn"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


# --- Admin and two-factor -------------------------------------------------------------------


def test_admin_sends_anonymous_visitors_to_the_allauth_sign_in(client):
    response = client.get("/admin/", follow=True)

    final_url, _status = response.redirect_chain[-1]
    parsed = urlparse(final_url)
    assert parsed.path == LOGIN_URL
    assert parse_qs(parsed.query)["next"] == ["/admin/"]


def test_admin_login_page_is_not_served_to_anonymous_visitors(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert urlparse(response["Location"]).path == LOGIN_URL


def test_admin_refuses_a_signed_in_non_staff_user(client, bob):
    client.force_login(bob)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403


def test_admin_opens_for_a_superuser(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_two_factor_page_is_reachable_when_signed_in(client, bob):
    client.force_login(bob)

    response = client.get("/accounts/2fa/")

    assert response.status_code == 200


def test_two_factor_page_needs_sign_in(client):
    response = client.get("/accounts/2fa/")

    assert response.status_code == 302
    assert urlparse(response["Location"]).path == LOGIN_URL
