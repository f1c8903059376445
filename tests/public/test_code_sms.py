"""The tracking code by SMS cannot be lost: the message is an outbox row written with the
submission, so a broker that is down when the resident submits leaves it waiting, and the sweep
sends it once the broker is back, once. The code waits sealed, never in plain text, and the
seal is wiped once the message is sent or given up."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.jobs import sweep
from notices.models import DeliveryStatus
from notices.sms import SmsBackend
from public import codes, submissions
from public.models import CodeSms
from tests.public.helpers import request_data, wish_data

pytestmark = pytest.mark.django_db

SENT: list = []


class RecordingSms(SmsBackend):
    def send(self, message):
        SENT.append(message)


class DownSms(SmsBackend):
    def send(self, message):
        raise ConnectionError("the provider is down")


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "tests.public.test_code_sms.RecordingSms"
    SENT.clear()
    yield SENT
    SENT.clear()


@pytest.fixture
def broker_down():
    """Queueing the SMS fails as with Redis unreachable, until ``.undo()`` (the broker is
    back)."""

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(submissions.send_code_sms, "delay", unreachable)
        yield patched


def _after(seconds):
    return timezone.now() + timedelta(seconds=seconds + 1)


def _code_on(response) -> str:
    html = response.content.decode()
    start = html.index('class="tracking-code"')
    return html[html.index(">", start) + 1 : html.index("<", start + 1)].strip()


def _submit(client, wr, django_capture_on_commit_callbacks, url="public:request", data=None):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(url, args=[wr.a.pk]), data or request_data(send_sms="on"))
    assert response.status_code == 200
    return _code_on(response)


def test_a_broker_down_at_submission_leaves_the_sms_for_the_sweep_which_sends_it_once(
    client, wr, sms, broker_down, celery_in_process, django_capture_on_commit_callbacks
):
    code = _submit(client, wr, django_capture_on_commit_callbacks)

    assert sms == []
    waiting = CodeSms.objects.get()
    assert waiting.status == DeliveryStatus.QUEUED
    assert code.replace("-", "") not in waiting.sealed_code
    broker_down.undo()  # the broker is back
    assert submissions.sweep_code_sms() == 0  # not before the pickup time
    assert submissions.sweep_code_sms(now=_after(settings.JOB_PICKUP_SECONDS)) == 1
    assert submissions.sweep_code_sms(now=_after(2 * settings.JOB_PICKUP_SECONDS)) == 0

    [message] = sms
    assert message.phone == "13812345678"
    assert code in message.text
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts, waiting.sealed_code) == (DeliveryStatus.SENT, 1, "")
    assert waiting.address == "138****5678"


def test_the_core_sweep_sends_a_wishs_code_too(
    client, wr, sms, broker_down, celery_in_process, django_capture_on_commit_callbacks
):
    code = _submit(
        client, wr, django_capture_on_commit_callbacks, "public:wish", wish_data(send_sms="on")
    )
    broker_down.undo()
    CodeSms.objects.update(created_at=_after(-settings.JOB_PICKUP_SECONDS * 2))

    assert sweep()["public.submissions.sweep_code_sms"] == 1

    [message] = sms
    assert (message.phone, code in message.text) == ("13987654321", True)


def test_the_sweep_while_the_broker_is_still_down_tries_once_a_pickup_period(
    client, wr, sms, broker_down, django_capture_on_commit_callbacks
):
    _submit(client, wr, django_capture_on_commit_callbacks)
    later = _after(settings.JOB_PICKUP_SECONDS)

    assert submissions.sweep_code_sms(now=later) == 1  # tried, still down
    assert submissions.sweep_code_sms(now=later) == 0
    assert CodeSms.objects.get().status == DeliveryStatus.QUEUED
    assert sms == []


def test_a_message_still_waiting_after_a_day_is_given_up_and_its_seal_wiped(
    client, wr, sms, broker_down, django_capture_on_commit_callbacks
):
    _submit(client, wr, django_capture_on_commit_callbacks)

    assert submissions.sweep_code_sms(now=_after(24 * 3600)) == 1

    waiting = CodeSms.objects.get()
    assert (waiting.status, waiting.sealed_code) == (DeliveryStatus.FAILED, "")
    assert sms == []


def test_a_provider_that_keeps_failing_gives_up_after_the_bounded_attempts(
    client, wr, settings, celery_in_process, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.public.test_code_sms.DownSms"

    _submit(client, wr, django_capture_on_commit_callbacks)

    failed = CodeSms.objects.get()
    assert failed.status == DeliveryStatus.FAILED
    assert failed.attempts == settings.NOTICE_ATTEMPTS
    assert failed.sealed_code == ""
    assert "the provider is down" in failed.last_error


def test_a_duplicate_task_sends_once(
    client, wr, sms, broker_down, django_capture_on_commit_callbacks
):
    _submit(client, wr, django_capture_on_commit_callbacks)
    waiting = CodeSms.objects.get()

    assert submissions.attempt(waiting.pk) == "sent"
    assert submissions.attempt(waiting.pk) == "skipped"

    assert len(sms) == 1


def test_a_seal_that_no_longer_opens_is_given_up_not_sent_wrong(
    client, wr, sms, broker_down, settings, django_capture_on_commit_callbacks
):
    _submit(client, wr, django_capture_on_commit_callbacks)
    settings.SECRET_KEY = "another-key-" + "x" * 50  # the key was changed meanwhile

    assert submissions.attempt(CodeSms.objects.get().pk) == "failed"

    assert sms == []
    assert CodeSms.objects.get().sealed_code == ""


def test_a_sealed_code_opens_only_with_the_same_key(settings):
    code = codes.new_code()
    sealed = codes.seal(code)

    assert codes.unseal(sealed) == code
    assert codes.seal(code) != sealed  # a fresh nonce each time
    settings.SECRET_KEY = "another-key-" + "x" * 50
    assert codes.unseal(sealed) != code
    assert codes.unseal("not hex") is None
