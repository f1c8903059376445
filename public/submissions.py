"""A resident's request or micro-wish from a workroom's public page, and the tracking code.

``submit_request`` and ``submit_wish`` create the request (at 登记, channel 网上, in the
workroom's queue, the workroom told) or the wish (open for representatives to claim), and the
``Submission`` that links a fresh tracking code to it, in one transaction. The code is returned
once to be shown, and sent by SMS after the commit when the resident asked for it; only its
digest is stored. The views have already passed the bot check and the rate limits.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.services.wishes import wish_record_online
from notices.models import NoticeKind
from notices.sms import SmsMessage, get_backend
from petitions.workflow import register_online
from public import codes
from public.forms import NOTICE_VERSION
from public.models import Submission, SubmissionKind


def submit_request(
    workroom: Any, data: dict[str, Any], photos: list[Any], *, code: str | None = None
) -> tuple[Submission, str]:
    """The request from ``RequestForm.cleaned_data`` (plus its ``title``) and cleaned
    ``photos``; returns the submission and its tracking code (shown once). ``code`` is for
    the demo only, whose codes the README prints."""
    with transaction.atomic():
        petition = register_online(
            workroom=workroom,
            photos=photos,
            resident_name=data["resident_name"],
            resident_phone=data["resident_phone"],
            anonymous_publicly=not data.get("show_name", False),
            category=data["category"],
            title=data["title"],
            content=data["content"],
            place=data.get("place", ""),
        )
        submission, shown = _submission(
            SubmissionKind.REQUEST, workroom, code=code, petition=petition
        )
    if data.get("send_sms"):
        _send_code_later(submission, data["resident_phone"], shown)
    return submission, shown


def submit_wish(
    workroom: Any, data: dict[str, Any], *, code: str | None = None
) -> tuple[Submission, str]:
    """The wish from ``WishForm.cleaned_data``; returns the submission and its code."""
    with transaction.atomic():
        wish = wish_record_online(
            workroom=workroom,
            resident_name=data["resident_name"].strip(),
            resident_phone=data["resident_phone"],
            content=data["content"].strip(),
            place=data.get("place", "").strip(),
        )
        submission, shown = _submission(SubmissionKind.WISH, workroom, code=code, wish=wish)
    if data.get("send_sms"):
        _send_code_later(submission, data["resident_phone"], shown)
    return submission, shown


def _submission(
    kind: str, workroom: Any, *, code: str | None, **target: Any
) -> tuple[Submission, str]:
    # A collision of two 59-bit codes is all but impossible; if it happens, draw again.
    for _attempt in range(5):
        drawn = code or codes.new_code()
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    kind=kind,
                    workroom=workroom,
                    code_digest=codes.digest(drawn),
                    consent_version=NOTICE_VERSION,
                    **target,
                )
            return submission, drawn
        except IntegrityError:
            continue
    raise RuntimeError("could not draw a free tracking code")


def find(code: str) -> Submission | None:
    """The submission a typed code opens, with what it tracks; None for a wrong code (or one
    that cannot be a code: no lookup then)."""
    if codes.normalise(code) is None:
        return None
    return (
        Submission.objects.select_related("workroom", "petition__workroom", "wish__claimed_by")
        .filter(code_digest=codes.digest(code))
        .first()
    )


def _send_code_later(submission: Submission, phone: str, code: str) -> None:
    Submission.objects.filter(pk=submission.pk).update(code_sent_by_sms=True)
    submission.code_sent_by_sms = True
    name = submission.workroom.name
    # robust: a provider that fails must not turn the resident's confirmation into an error.
    transaction.on_commit(lambda: send_code.delay(phone, code, name), robust=True)


@shared_task(
    name="public.send_code",
    ignore_result=True,
    autoretry_for=(Exception,),
    max_retries=3,
    retry_backoff=True,
)
def send_code(phone: str, code: str, workroom_name: str) -> None:
    """Send a resident their tracking code by SMS (the deployment's ``SMS_BACKEND``). Nothing
    is stored: if the provider fails, the resident still has the code on the screen."""
    url = f"{settings.SITE_URL}{reverse('public:track')}"
    text = _(
        "%(workroom)s received your submission. Tracking code %(code)s; follow it at %(url)s"
    ) % {
        "workroom": workroom_name,
        "code": code,
        "url": url,
    }
    get_backend().send(
        SmsMessage(
            phone=phone,
            text=text,
            kind=NoticeKind.TRACKING_CODE,
            title=_("Tracking code %(code)s") % {"code": code},
            url=url,
        )
    )
