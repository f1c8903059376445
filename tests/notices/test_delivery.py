"""Deliveries end to end: the WeCom and DingTalk robots against a local recorder (bodies, the
DingTalk signature, the link back), e-mail, SMS on the console; failures retried a bounded
number of times, then failed and shown to administrators; never sent twice."""

import base64
import hashlib
import hmac
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from notices import delivery as deliveries
from notices.channels import dingtalk_sign, dingtalk_url
from notices.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    NoticePreference,
    Notification,
    RobotKind,
    RobotWebhook,
)

pytestmark = pytest.mark.django_db

LINK = f"{settings.SITE_URL}/requests/1/"


def wecom(wr, url):
    return RobotWebhook.objects.create(
        name="长安街道工作群", kind=RobotKind.WECOM, workroom=wr.a, url=url
    )


def dingtalk(area, url, secret="SECtest-secret"):
    return RobotWebhook.objects.create(
        name="雁南区党联办群", kind=RobotKind.DINGTALK, area=area, url=url, secret=secret
    )


@pytest.fixture
def nobody_mailed(clerk_a):
    """clerk_a is told in the inbox only, so the deliveries are the robots'."""
    NoticePreference.objects.create(user=clerk_a, email=False)
    return clerk_a


# --- WeCom ----------------------------------------------------------------------------------


def test_the_wecom_robot_gets_markdown_with_the_link(
    robot_server, tell, wr, nobody_mailed, committed
):
    robot = wecom(wr, robot_server.url())

    committed(tell, [nobody_mailed], key="k")

    [post] = robot_server.posts
    assert post.path == "/cgi-bin/webhook/send"
    assert post.query == {"key": ["test-key"]}
    assert post.content_type.startswith("application/json")
    assert post.json["msgtype"] == "markdown"
    content = post.json["markdown"]["content"]
    assert "诉求 2026-000001 已交您办理：路灯不亮" in content
    assert "工作室：长安街道党代表工作室" in content
    assert f"]({LINK})" in content
    sent = Delivery.objects.get(robot=robot)
    assert (sent.status, sent.attempts, sent.address) == (DeliveryStatus.SENT, 1, robot.name)
    assert sent.sent_at is not None


# --- DingTalk -------------------------------------------------------------------------------


def test_the_dingtalk_robot_gets_signed_markdown_with_the_link(
    robot_server, tell, wr, areas, nobody_mailed, committed
):
    dingtalk(areas.d, robot_server.url("/robot/send?access_token=abc"))
    before = int(time.time() * 1000)

    committed(tell, [nobody_mailed], key="k")

    [post] = robot_server.posts
    assert post.path == "/robot/send"
    assert post.query["access_token"] == ["abc"]
    [timestamp], [sign] = post.query["timestamp"], post.query["sign"]
    assert before <= int(timestamp) <= int(time.time() * 1000)
    # What DingTalk checks: Base64 of HMAC-SHA256 over "timestamp\nsecret", keyed by the secret.
    expected = base64.b64encode(
        hmac.new(
            b"SECtest-secret", f"{timestamp}\nSECtest-secret".encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert sign == expected
    assert post.json["msgtype"] == "markdown"
    assert post.json["markdown"]["title"] == "诉求 2026-000001 已交您办理：路灯不亮"
    assert f"]({LINK})" in post.json["markdown"]["text"]


def test_the_signature_is_url_encoded_in_the_address():
    url = dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=t", "SECx", now=1.0)

    sign = dingtalk_sign("SECx", "1000")
    assert url == f"https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1000&sign={sign}"
    assert "+" not in sign and "/" not in sign and "=" not in sign  # %2B, %2F, %3D


def test_a_dingtalk_robot_without_a_secret_is_not_signed(
    robot_server, tell, wr, areas, nobody_mailed, committed
):
    dingtalk(areas.a, robot_server.url("/robot/send?access_token=abc"), secret="")

    committed(tell, [nobody_mailed], key="k")

    [post] = robot_server.posts
    assert post.query == {"access_token": ["abc"]}


# --- failures -------------------------------------------------------------------------------


def admin_failed_list(admin_client):
    return admin_client.get(
        reverse("admin:notices_delivery_changelist"), {"status__exact": DeliveryStatus.FAILED}
    )


def test_a_robot_answering_an_error_fails_after_the_bounded_retries(
    robot_server, tell, wr, nobody_mailed, committed, admin_client
):
    robot_server.answer = {"errcode": 310000, "errmsg": "keywords not in content"}
    robot = wecom(wr, robot_server.url())

    committed(tell, [nobody_mailed], key="k")

    assert len(robot_server.posts) == settings.NOTICE_ATTEMPTS == 3
    failed = Delivery.objects.get(robot=robot)
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 3)
    assert "310000" in failed.last_error
    # The person still has it in the inbox.
    assert Notification.objects.filter(recipient=nobody_mailed, read_at=None).count() == 1
    page = admin_failed_list(admin_client).content.decode()
    assert "310000" in page
    assert robot.name in page


def test_a_refused_connection_fails_after_the_bounded_retries(
    closed_port, tell, wr, areas, nobody_mailed, committed, admin_client
):
    robot = dingtalk(areas.d, closed_port)

    committed(tell, [nobody_mailed], key="k")

    failed = Delivery.objects.get(robot=robot)
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 3)
    assert "refused" in failed.last_error.lower()
    assert failed.sent_at is None
    assert robot.name in admin_failed_list(admin_client).content.decode()


def test_the_tests_never_reach_the_internet(tell, wr, areas, nobody_mailed, committed):
    robot = dingtalk(areas.d, "https://oapi.dingtalk.com/robot/send?access_token=real")

    committed(tell, [nobody_mailed], key="k")

    failed = Delivery.objects.get(robot=robot)
    assert failed.status == DeliveryStatus.FAILED
    assert "do not reach the internet" in failed.last_error


def test_a_worker_retries_later_with_a_growing_delay(
    robot_server, tell, wr, nobody_mailed, monkeypatch
):
    robot_server.answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
    wecom(wr, robot_server.url())
    tell([nobody_mailed], key="k")  # the commit callbacks are not run: the worker runs it
    [pk] = Delivery.objects.values_list("pk", flat=True)
    delays = []

    class Retry(Exception):
        pass

    def retry(**options):
        delays.append(options["countdown"])
        return Retry()

    monkeypatch.setattr(deliveries.deliver, "retry", retry)
    for retries in range(3):
        deliveries.deliver.push_request(retries=retries, is_eager=False)
        try:
            if retries < 2:
                with pytest.raises(Retry):
                    deliveries.deliver.run(pk)
            else:
                assert deliveries.deliver.run(pk) == deliveries.FAILED
        finally:
            deliveries.deliver.pop_request()

    assert delays == [60, 120]
    assert Delivery.objects.get(pk=pk).status == DeliveryStatus.FAILED
    assert len(robot_server.posts) == 3


def test_an_administrator_sends_a_failed_delivery_again(
    robot_server, tell, wr, nobody_mailed, committed, admin_client
):
    robot_server.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    robot = wecom(wr, robot_server.url())
    committed(tell, [nobody_mailed], key="k")
    failed = Delivery.objects.get(robot=robot)

    robot_server.answer = {"errcode": 0, "errmsg": "ok"}
    committed(
        admin_client.post,
        reverse("admin:notices_delivery_changelist"),
        {"action": "send_again", "_selected_action": [failed.pk]},
    )

    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (DeliveryStatus.SENT, 1, "")
    assert len(robot_server.posts) == 4


# --- never twice ----------------------------------------------------------------------------


def test_a_delivery_is_sent_once_however_often_it_is_run(
    robot_server, tell, wr, nobody_mailed, committed
):
    wecom(wr, robot_server.url())
    committed(tell, [nobody_mailed], key="k")
    [pk] = Delivery.objects.values_list("pk", flat=True)

    assert deliveries.attempt(pk) == deliveries.SKIPPED
    assert committed(deliveries.deliver.delay, pk).get() == deliveries.SKIPPED
    assert len(robot_server.posts) == 1


def test_a_delivery_left_sending_by_a_dead_worker_is_taken_up_after_the_lease(
    robot_server, tell, wr, nobody_mailed
):
    wecom(wr, robot_server.url())
    tell([nobody_mailed], key="k")
    [pk] = Delivery.objects.values_list("pk", flat=True)
    # A worker claimed it and died.
    assert deliveries.claim(pk) is not None
    assert deliveries.sweep_deliveries() == 0
    assert robot_server.posts == []

    later = timezone.now() + timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
    assert deliveries.sweep_deliveries(now=later) == 1

    assert len(robot_server.posts) == 1
    sent = Delivery.objects.get(pk=pk)
    assert (sent.status, sent.attempts) == (DeliveryStatus.SENT, 2)


def test_a_delivery_whose_worker_died_on_the_last_attempt_fails_with_the_reason(
    robot_server, tell, wr, nobody_mailed, settings
):
    settings.NOTICE_ATTEMPTS = 1
    wecom(wr, robot_server.url())
    tell([nobody_mailed], key="k")
    [pk] = Delivery.objects.values_list("pk", flat=True)
    assert deliveries.claim(pk) is not None

    later = timezone.now() + timedelta(seconds=settings.JOB_LEASE_SECONDS + 1)
    assert deliveries.sweep_deliveries(now=later) == 1

    failed = Delivery.objects.get(pk=pk)
    assert failed.status == DeliveryStatus.FAILED
    assert "worker stopped during attempt 1 of 1" in failed.last_error
    assert robot_server.posts == []


def test_a_delivery_whose_message_was_lost_is_queued_again(robot_server, tell, wr, nobody_mailed):
    wecom(wr, robot_server.url())
    tell([nobody_mailed], key="k")  # committed, but never handed to a worker
    Delivery.objects.update(lease_until=timezone.now() - timedelta(seconds=1))

    assert deliveries.requeue_stalled_task.delay().get() == 1
    assert deliveries.sweep_deliveries() == 0
    assert len(robot_server.posts) == 1


def test_a_retry_whose_message_was_lost_is_queued_again(robot_server, tell, wr, nobody_mailed):
    robot_server.answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
    wecom(wr, robot_server.url())
    tell([nobody_mailed], key="k")
    [pk] = Delivery.objects.values_list("pk", flat=True)
    assert deliveries.attempt(pk) == deliveries.RETRY  # and the retry's message is lost

    robot_server.answer = {"errcode": 0, "errmsg": "ok"}
    later = timezone.now() + timedelta(
        seconds=settings.NOTICE_RETRY_DELAY + settings.JOB_PICKUP_SECONDS + 1
    )
    assert deliveries.sweep_deliveries(now=later) == 1

    sent = Delivery.objects.get(pk=pk)
    assert (sent.status, sent.attempts) == (DeliveryStatus.SENT, 2)


def test_a_broker_down_at_the_commit_loses_no_e_mail(clerk_a, tell, committed, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(deliveries.deliver, "delay", unreachable)
        committed(tell, [clerk_a], key="k")
    assert mail.outbox == []
    waiting = Delivery.objects.get(channel=Channel.EMAIL)
    assert (waiting.status, waiting.attempts) == (DeliveryStatus.QUEUED, 0)

    # The broker is back; the sweep runs after the pickup time.
    later = timezone.now() + timedelta(seconds=settings.JOB_PICKUP_SECONDS + 1)
    assert deliveries.sweep_deliveries(now=later) == 1

    assert len(mail.outbox) == 1
    assert Delivery.objects.get(pk=waiting.pk).status == DeliveryStatus.SENT


def test_a_duplicate_message_sends_one_e_mail(clerk_a, tell, committed):
    tell([clerk_a], key="k")  # queued, not yet sent
    pk = Delivery.objects.get(channel=Channel.EMAIL).pk

    # The broker hands the same message to two workers (a redelivery), one after the other.
    assert deliveries.deliver.delay(pk).get() == deliveries.SENT
    assert deliveries.deliver.delay(pk).get() == deliveries.SKIPPED
    assert len(mail.outbox) == 1


# --- e-mail and SMS -------------------------------------------------------------------------


def test_e_mail_carries_the_title_the_text_and_the_link(tell, clerk_a, committed):
    committed(tell, [clerk_a], key="k", place=None)

    [message] = mail.outbox
    assert message.to == [clerk_a.email]
    assert message.subject == "诉求 2026-000001 已交您办理：路灯不亮"
    assert "工作室：长安街道党代表工作室" in message.body
    assert message.body.endswith(LINK)
    assert Delivery.objects.get().address == clerk_a.email


def test_sms_goes_to_the_console_backend(tell, clerk_a, committed, capsys):
    clerk_a.phone = "13912345678"
    clerk_a.save()
    NoticePreference.objects.create(user=clerk_a, email=False, sms=True)

    committed(tell, [clerk_a], key="k", place=None)

    printed = capsys.readouterr().out
    assert f"SMS to 13912345678: 诉求 2026-000001 已交您办理：路灯不亮 {LINK}" in printed
    sent = Delivery.objects.get(channel=Channel.SMS)
    assert (sent.status, sent.address) == (DeliveryStatus.SENT, "139****5678")


class RefusingSms:
    """A provider that refuses every message (the contract: raise)."""

    def send(self, message):
        raise RuntimeError("isv.BUSINESS_LIMIT_CONTROL")


def test_a_refusing_sms_provider_is_recorded_as_failed(tell, clerk_a, committed, settings):
    settings.SMS_BACKEND = f"{__name__}.RefusingSms"
    clerk_a.phone = "13912345678"
    clerk_a.save()
    NoticePreference.objects.create(user=clerk_a, email=False, sms=True)

    committed(tell, [clerk_a], key="k", place=None)

    failed = Delivery.objects.get(channel=Channel.SMS)
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 3)
    assert "BUSINESS_LIMIT_CONTROL" in failed.last_error
    assert "13912345678" not in failed.last_error
