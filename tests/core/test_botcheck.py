"""The bot check of the public forms (core.botcheck): a honeypot people never see and a signed
timestamp of when the form was shown. Robots are refused; a person who took their time is told
the form expired and can send it again without typing it anew."""

import re
import time

import pytest
from django import forms
from django.core import signing
from django.utils import translation

from core.botcheck import BotCheckMixin, issue_stamp, stamp_age


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the last test checks their Chinese."""
    with translation.override("en"):
        yield


class WishForm(BotCheckMixin, forms.Form):
    text = forms.CharField()


def sent(*, age: float = 10, website: str = "", stamp: str | None = None, **data) -> WishForm:
    """The form as sent back ``age`` seconds after it was shown."""
    stamp = issue_stamp(at=time.time() - age) if stamp is None else stamp
    return WishForm(data={"text": "路灯坏了", "website": website, "form_shown": stamp, **data})


def refusal(form: WishForm) -> str:
    assert not form.is_valid()
    return " ".join(form.non_field_errors())


def test_a_person_who_took_a_few_seconds_is_accepted():
    form = sent(age=10)

    assert form.is_valid(), form.errors
    assert form.is_bot is False
    assert form.cleaned_data["text"] == "路灯坏了"


def test_a_filled_honeypot_is_refused():
    form = sent(website="http://spam.example")

    assert "automated submission" in refusal(form)
    assert form.is_bot is True


def test_a_form_sent_back_too_fast_is_refused():
    form = sent(age=0.5)

    assert "Please take a moment" in refusal(form)
    assert form.is_bot is True


def test_the_minimum_time_is_a_setting(settings):
    settings.PUBLIC_FORM_MIN_SECONDS = 30

    assert "Please take a moment" in refusal(sent(age=10))
    assert sent(age=31).is_valid()


def test_a_forged_stamp_is_refused():
    genuine = issue_stamp(at=time.time() - 10)
    # Claim the form was shown an hour ago, keeping the genuine signature.
    _payload, timestamp, signature = genuine.split(":")
    forged_payload = signing.dumps({"t": time.time() - 3600}, salt="core.botcheck").split(":")[0]
    forged = f"{forged_payload}:{timestamp}:{signature}"

    form = sent(stamp=forged)

    assert "could not be checked" in refusal(form)
    assert form.is_bot is True


@pytest.mark.parametrize(
    "stamp",
    [
        "",
        "garbage",
        # Signed, but for another purpose (another salt): not a stamp of ours.
        signing.dumps({"t": 0}, salt="something.else"),
    ],
)
def test_a_missing_or_foreign_stamp_is_refused(stamp):
    form = sent(stamp=stamp)

    assert "could not be checked" in refusal(form)
    assert form.is_bot is True


def test_a_stamp_from_the_future_is_refused():
    assert "could not be checked" in refusal(sent(age=-600))


def test_a_form_left_open_too_long_has_expired_but_is_not_a_bot():
    form = sent(age=3 * 60 * 60)

    assert "expired" in refusal(form)
    assert form.is_bot is False


def test_an_expired_form_can_be_sent_again_at_once_with_the_entries_kept():
    form = sent(age=3 * 60 * 60)
    assert not form.is_valid()

    html = str(form)
    assert "路灯坏了" in html
    renewed = re.search(r'name="form_shown" value="([^"]+)"', html).group(1)
    again = sent(stamp=renewed)

    assert again.is_valid(), again.errors


def test_the_fields_rendered_are_a_hidden_honeypot_and_a_fresh_stamp():
    html = str(WishForm())

    honeypot = re.search(r"<input[^>]*name=\"website\"[^>]*>", html).group(0)
    assert 'type="text"' in honeypot
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot
    assert re.search(r'<div class="hp">\s*<label[^>]*aria-hidden="true"', html)
    stamp = re.search(r'<input type="hidden" name="form_shown" value="([^"]+)"', html).group(1)
    assert 0 <= stamp_age(stamp) < 2


def test_a_template_laying_out_fields_by_hand_gets_both_fields():
    html = WishForm().bot_check_fields

    assert '<div class="hp">' in html
    assert 'name="website"' in html
    assert 'type="hidden" name="form_shown"' in html


def test_the_refusals_speak_chinese():
    with translation.override("zh-hans"):
        messages = [
            refusal(sent(age=0)),
            refusal(sent(website="x")),
            refusal(sent(stamp="garbage")),
            refusal(sent(age=3 * 60 * 60)),
        ]

    assert all(re.search(r"[\u4e00-\u9fff]", message) for message in messages), messages
