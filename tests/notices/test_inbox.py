"""The inbox (/notices/): one's own notifications only, unread first; marking one read leads
to its object; marking all read; the unread count in the menu; the account page's choices."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notices.models import NoticePreference, Notification
from notices.services import mark_read
from tests.helpers import assert_redirects_to_login, client_for

pytestmark = pytest.mark.django_db

INBOX = "/notices/"


def read_url(notification):
    return reverse("notices:read", args=[notification.pk])


@pytest.fixture
def three(tell, clerk_a):
    """Three notifications of clerk_a, the oldest read."""
    for n in range(3):
        tell([clerk_a], key=f"k{n}", title=f"通知{n}", url=f"/requests/{n}/")
    rows = list(Notification.objects.filter(recipient=clerk_a).order_by("pk"))
    for n, row in enumerate(rows):
        Notification.objects.filter(pk=row.pk).update(
            created_at=timezone.now() - timedelta(hours=3 - n)
        )
    mark_read(rows[0], user=clerk_a)
    return rows


def titles(response):
    return [n.title for n in response.context["page"]]


def test_the_inbox_lists_unread_first_then_newest(clerk_a_client, three):
    response = clerk_a_client.get(INBOX)

    assert response.status_code == 200
    assert titles(response) == ["通知2", "通知1", "通知0"]
    page = response.content.decode()
    assert reverse("notices:read_all") in page


def test_the_inbox_shows_only_ones_own(clerk_b_client, three, tell, clerk_b):
    tell([clerk_b], key="other", title="乙的通知")

    assert titles(clerk_b_client.get(INBOX)) == ["乙的通知"]


@pytest.mark.parametrize("count", [1, 30])
def test_the_inbox_runs_a_constant_number_of_queries(
    clerk_a_client, tell, clerk_a, count, django_assert_max_num_queries
):
    for n in range(count):
        tell([clerk_a], key=f"k{n}", title=f"通知{n}")

    # Session, user, roles (menu), unread count (menu), page count, page rows.
    with django_assert_max_num_queries(6):
        response = clerk_a_client.get(INBOX)

    assert len(response.context["page"]) == min(count, 25)


def test_the_inbox_pages_by_twenty_five(clerk_a_client, tell, clerk_a):
    for n in range(27):
        tell([clerk_a], key=f"k{n}", title=f"通知{n}")

    second = clerk_a_client.get(INBOX, {"page": 2})

    assert len(second.context["page"]) == 2


def test_opening_one_marks_it_read_and_leads_to_its_object(clerk_a_client, three):
    response = clerk_a_client.post(read_url(three[2]))

    assert response.status_code == 302
    assert response["Location"] == "/requests/2/"
    assert Notification.objects.get(pk=three[2].pk).read_at is not None
    assert Notification.objects.get(pk=three[1].pk).read_at is None


def test_opening_a_read_one_keeps_when_it_was_read(clerk_a_client, three):
    first_read = Notification.objects.get(pk=three[0].pk).read_at

    clerk_a_client.post(read_url(three[0]))

    assert Notification.objects.get(pk=three[0].pk).read_at == first_read


def test_someone_elses_notification_is_404(clerk_b_client, three):
    assert clerk_b_client.post(read_url(three[2])).status_code == 404
    assert Notification.objects.get(pk=three[2].pk).read_at is None


def test_marking_read_is_post_only(clerk_a_client, three):
    assert clerk_a_client.get(read_url(three[2])).status_code == 405
    assert clerk_a_client.get(reverse("notices:read_all")).status_code == 405
    assert Notification.objects.get(pk=three[2].pk).read_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client, three):
    assert_redirects_to_login(client.get(INBOX), INBOX)
    assert_redirects_to_login(client.post(read_url(three[2])), read_url(three[2]))
    assert Notification.objects.get(pk=three[2].pk).read_at is None


def test_mark_all_read(clerk_a_client, three, tell, clerk_b):
    tell([clerk_b], key="other")

    response = clerk_a_client.post(reverse("notices:read_all"))

    assert response.status_code == 302
    assert response["Location"] == INBOX
    assert not Notification.objects.filter(recipient=three[0].recipient, read_at=None).exists()
    assert Notification.objects.filter(recipient=clerk_b, read_at=None).count() == 1


def test_a_link_off_the_site_is_never_followed(clerk_a_client, tell, clerk_a):
    notice = tell([clerk_a], key="k", url="https://elsewhere.example/")
    item = Notification.objects.get(notice=notice)

    response = clerk_a_client.post(read_url(item))

    assert response["Location"] == INBOX


# --- the menu -------------------------------------------------------------------------------


def menu_count(response) -> str:
    page = response.content.decode()
    start = page.index('href="/notices/"')
    return page[start : page.index("</a>", start)]


def test_the_menu_shows_the_unread_count_and_follows_the_reads(clerk_a_client, three):
    assert '<span class="badge badge-bad nav-count"' in menu_count(clerk_a_client.get("/"))
    assert ">2</span>" in menu_count(clerk_a_client.get("/"))

    clerk_a_client.post(read_url(three[2]))
    assert ">1</span>" in menu_count(clerk_a_client.get("/"))

    clerk_a_client.post(reverse("notices:read_all"))
    assert "nav-count" not in menu_count(clerk_a_client.get("/"))


def test_a_new_notification_shows_in_the_menu_at_once(clerk_a_client, tell, clerk_a):
    assert "nav-count" not in menu_count(clerk_a_client.get("/"))

    tell([clerk_a], key="k")

    assert ">1</span>" in menu_count(clerk_a_client.get("/"))


# --- the account page -----------------------------------------------------------------------

PREFERENCES = "/notices/preferences/"


def test_the_account_page_offers_the_channels(clerk_a_client):
    page = clerk_a_client.get("/account/").content.decode()

    assert f'action="{PREFERENCES}"' in page
    assert re.search(r'<input type="checkbox" name="email"[^>]* checked', page)
    assert re.search(r'<input type="checkbox" name="sms"[^>]*>', page)
    assert not re.search(r'<input type="checkbox" name="sms"[^>]* checked', page)


def test_choosing_sms_with_a_mobile_number(clerk_a_client, clerk_a):
    response = clerk_a_client.post(PREFERENCES, {"sms": "on", "phone": "139 1234 5678"})

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    choice = NoticePreference.objects.get(user=clerk_a)
    assert (choice.email, choice.sms) == (False, True)
    clerk_a.refresh_from_db()
    assert clerk_a.phone == "13912345678"


def test_sms_without_a_valid_number_is_refused(clerk_a_client, clerk_a):
    for phone in ("", "abc"):
        response = clerk_a_client.post(PREFERENCES, {"sms": "on", "phone": phone}, follow=True)

        assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not NoticePreference.objects.filter(user=clerk_a).exists()


def test_choices_are_post_only_and_need_a_sign_in(clerk_a_client, client):
    assert clerk_a_client.get(PREFERENCES).status_code == 405
    assert_redirects_to_login(client.post(PREFERENCES, {"sms": "on"}), PREFERENCES)


def test_a_deployment_without_sms_does_not_offer_it(clerk_a_client, clerk_a, settings):
    settings.NOTICE_CHANNELS = ["email"]

    page = clerk_a_client.get("/account/").content.decode()
    clerk_a_client.post(PREFERENCES, {"email": "on", "sms": "on", "phone": ""})

    assert 'name="sms"' not in page
    assert NoticePreference.objects.get(user=clerk_a).sms is False


def test_another_users_choices_are_untouched(clerk_a_client, clerk_b):
    NoticePreference.objects.create(user=clerk_b, email=True)

    clerk_a_client.post(PREFERENCES, {})

    assert NoticePreference.objects.get(user=clerk_b).email is True


def test_a_representative_sees_their_inbox(representative, tell):
    tell([representative], key="k", title="调班请求")

    response = client_for(representative).get(INBOX)

    assert titles(response) == ["调班请求"]
