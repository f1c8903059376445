"""How each channel sends one message: e-mail, SMS, and the WeCom and DingTalk group robots.

Each function sends or raises, and returns where it sent (kept on the delivery). The robots get
Markdown with a link back to the object (absolute, from ``SITE_URL``), in the site's language;
a robot that answers anything but ``errcode`` 0 has not posted, and that is a failure.
Requests use the standard library with a timeout (``NOTICE_TIMEOUT``): no client library.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from core.personal_data import mask_phone
from notices.models import Notice, Notification, RobotWebhook
from notices.sms import SMS_MAX_LENGTH, SmsMessage, get_backend

# A robot's answer is a small JSON object; anything longer is not one.
MAX_ANSWER_BYTES = 64 * 1024


class DeliveryError(Exception):
    """The channel answered, but not with success (a robot's errcode, a missing address)."""


def absolute(url: str) -> str:
    """The link for a message leaving the site: SITE_URL and the object's path."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url or '/'}"


# --- e-mail and SMS: one person, in their language ----------------------------------------------


def send_email(notification: Notification) -> str:
    address = notification.recipient.email
    if not address:
        raise DeliveryError("the recipient has no e-mail address")
    body = f"{notification.body}\n\n{absolute(notification.notice.url)}".lstrip()
    send_mail(notification.title, body, None, [address], fail_silently=False)
    return address


def send_sms(notification: Notification) -> str:
    phone = notification.recipient.phone
    if not phone:
        raise DeliveryError("the recipient has no phone number")
    link = absolute(notification.notice.url)
    room = SMS_MAX_LENGTH - len(link) - 1
    title = (
        notification.title
        if len(notification.title) <= room
        else notification.title[: room - 1] + "…"
    )
    get_backend().send(
        SmsMessage(
            phone=phone,
            text=f"{title} {link}",
            kind=notification.notice.kind,
            title=notification.title,
            url=link,
        )
    )
    return mask_phone(phone)


# --- group robots: one post per event, in the site's language -----------------------------------


def _lines(notice: Notice) -> tuple[str, list[str], str]:
    with translation.override(settings.LANGUAGE_CODE):
        label = _("View details")
    lines = [line.strip() for line in notice.body.splitlines() if line.strip()]
    return notice.title, lines, f"[{label}]({absolute(notice.url)})"


def wecom_payload(notice: Notice) -> dict[str, Any]:
    """WeCom (企业微信) group robot, markdown message."""
    title, lines, link = _lines(notice)
    content = "\n".join([f"**{title}**", *lines, link])
    return {"msgtype": "markdown", "markdown": {"content": content}}


def dingtalk_payload(notice: Notice) -> dict[str, Any]:
    """DingTalk (钉钉) group robot, markdown message: the title shows in the chat list."""
    title, lines, link = _lines(notice)
    text = "\n\n".join([f"#### {title}", *lines, link])
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def dingtalk_sign(secret: str, timestamp: str) -> str:
    """DingTalk's "加签": HMAC-SHA256 of "timestamp\\nsecret" keyed with the secret, in Base64,
    URL-encoded; ``timestamp`` is milliseconds since the epoch, as text."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode("ascii"))


def dingtalk_url(url: str, secret: str, *, now: float | None = None) -> str:
    """The webhook address with ``timestamp`` and ``sign`` added (unchanged without a secret).
    DingTalk refuses a timestamp more than an hour off: it is taken at each attempt."""
    if not secret:
        return url
    timestamp = str(round((time.time() if now is None else now) * 1000))
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{separator}timestamp={timestamp}&sign={dingtalk_sign(secret, timestamp)}"


def post_to_robot(robot: RobotWebhook, notice: Notice) -> str:
    if robot.kind == "dingtalk":
        post_json(dingtalk_url(robot.url, robot.secret), dingtalk_payload(notice))
    else:
        post_json(robot.url, wecom_payload(notice))
    return robot.name


def post_json(url: str, payload: dict[str, Any]) -> dict[str, Any]:
    """POST ``payload`` as JSON and read the robot's answer; errcode other than 0 raises."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryError("the webhook address must start with https:// (or http://)")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=settings.NOTICE_TIMEOUT) as response:
        raw = response.read(MAX_ANSWER_BYTES)
    try:
        answer = json.loads(raw.decode("utf-8"))
    except ValueError as exc:
        raise DeliveryError(f"the robot's answer is not JSON: {raw[:200]!r}") from exc
    if not isinstance(answer, dict) or answer.get("errcode") != 0:
        code = answer.get("errcode") if isinstance(answer, dict) else None
        text = answer.get("errmsg", "") if isinstance(answer, dict) else ""
        raise DeliveryError(f"the robot answered errcode {code}: {text}")
    return answer
