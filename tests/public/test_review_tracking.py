"""Review: the tracking page attacked with spam, malformed codes and feedback at the wrong time."""

import pytest
from django.urls import reverse

from petitions.models import Petition, Resolution, Satisfaction, State
from petitions.online import mark_spam
from public import codes
from tests.public.helpers import request_data, wish_data

pytestmark = pytest.mark.django_db


def _code_of(response) -> str:
    html = response.content.decode()
    start = html.index('class="tracking-code"')
    return html[html.index(">", start) + 1 : html.index("<", start + 1)].strip()


def _submit(client, workroom, kind="request"):
    if kind == "request":
        response = client.post(reverse("public:request", args=[workroom.pk]), request_data())
    else:
        response = client.post(reverse("public:wish", args=[workroom.pk]), wish_data())
    return _code_of(response)


def _feedback(client, code, **extra):
    data = {
        "action": "feedback",
        "code": code,
        "satisfaction": Satisfaction.SATISFIED,
        "resolution": Resolution.SOLVED,
        "comment": "谢谢",
    }
    data.update(extra)
    return client.post(reverse("public:track"), data)


def _petition(code):
    return Petition.with_spam.get(submission__code_digest=codes.digest(code))


def test_feedback_posted_on_a_request_marked_as_spam_is_refused_not_a_server_error(
    client, wr, clerk_a
):
    code = _submit(client, wr.a)
    mark_spam(_petition(code), actor=clerk_a, reason="广告")

    response = _feedback(client, code)

    assert response.status_code < 500
    assert _petition(code).state == State.REGISTERED


def test_feedback_posted_before_the_reply_does_not_say_feedback_was_recorded(client, wr):
    code = _submit(client, wr.a)

    response = _feedback(client, code)

    html = response.content.decode()
    assert _petition(code).state == State.REGISTERED
    # The resident has given no feedback yet: the page must not claim that someone already did.
    assert "already been recorded" not in html and "已记录" not in html and "已经" not in html


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "A" * 5000,
        "Ａ" * 12,  # full-width letters
        "' OR 1=1 --",
        "\x00" * 12,
        "ABCD-EFGH-JKMN\x00",
        "٣٣٣٣٣٣٣٣٣٣٣٣",
    ],
)
def test_a_malformed_code_is_answered_without_a_server_error(client, wr, typed):
    response = client.post(reverse("public:track"), {"code": typed})
    assert response.status_code in (400, 404, 429)
    response = _feedback(client, typed)
    assert response.status_code in (400, 404, 429)


def test_feedback_on_a_wish_code_changes_nothing(client, wr):
    code = _submit(client, wr.a, kind="wish")
    response = _feedback(client, code)
    assert response.status_code < 500
    assert not Petition.with_spam.exists()


def test_the_lookup_limit_counts_feedback_posts_too(client, wr, settings):
    settings.PUBLIC_LOOKUPS_PER_ADDRESS_PER_HOUR = 3
    code = _submit(client, wr.a)
    for _ in range(3):
        _feedback(client, code)
    assert client.post(reverse("public:track"), {"code": code}).status_code == 429


def test_wrong_codes_in_feedback_posts_count_as_wrong_codes(client, wr, settings):
    settings.PUBLIC_WRONG_CODES_PER_ADDRESS_PER_HOUR = 3
    code = _submit(client, wr.a)
    for wrong in ("AAAA-AAAA-AAAB", "AAAA-AAAA-AAAC", "AAAA-AAAA-AAAD"):
        _feedback(client, wrong)
    assert client.post(reverse("public:track"), {"code": code}).status_code == 429


def test_the_tracking_page_of_a_spam_request_shows_no_steps_and_no_feedback_form(
    client, wr, clerk_a
):
    code = _submit(client, wr.a)
    mark_spam(_petition(code), actor=clerk_a, reason="广告")
    response = client.post(reverse("public:track"), {"code": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="satisfaction"' not in html
    assert "广告" not in html  # the reason staff gave is theirs
