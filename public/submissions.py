"""A resident's request or micro-wish from a workroom's public page, and the tracking code.

``submit_request`` and ``submit_wish`` create the request (at 登记, channel 网上, in the
workroom's queue, the workroom told) or the wish (open for representatives to claim), and the
``Submission`` that links a fresh tracking code to it, in one transaction. The code is returned
once to be shown; only its digest is stored. The views have already passed the bot check and
the rate limits.

When the resident asks for the code by SMS, the same transaction writes the message's outbox
row (``CodeSms``) with the code sealed (``codes.seal``: unreadable without ``SECRET_KEY``), and
the task is queued after the commit. The row is what counts, as for notices' deliveries
(``core.jobs``): a broker that is down at the submission leaves it queued, and the sweep
(``sweep_code_sms``) queues it again once the broker is back; a worker claims it with a
conditional UPDATE, so it goes out once; the seal is wiped as soon as the message is sent or
given up (``NOTICE_ATTEMPTS`` attempts; or a day after the submission: the resident had the
code on the screen).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.services.wishes import wish_record_online
from core import jobs
from core.personal_data import mask_phone
from notices import delivery
from notices.models import DeliveryStatus, NoticeKind
from notices.sms import SmsMessage, get_backend
from petitions.workflow import register_online
from public import codes
from public.forms import NOTICE_VERSION
from public.models import CodeSms, Submission, SubmissionKind

logger = logging.getLogger(__name__)

S = DeliveryStatus
# A code not sent within a day is given up: the resident had it on the screen, and its seal
# should not wait in the database for ever.
GIVE_UP_AFTER = timedelta(days=1)


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
            _send_code_later(submission, shown)
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
            _send_code_later(submission, shown)
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


def _send_code_later(submission: Submission, code: str) -> None:
    """The SMS's outbox row, in the submission's transaction; its task after the commit."""
    sms = CodeSms.objects.create(submission=submission, sealed_code=codes.seal(code))
    Submission.objects.filter(pk=submission.pk).update(code_sent_by_sms=True)
    submission.code_sent_by_sms = True
    # robust: a failure to queue must not turn the resident's confirmation into an error; a
    # broker that is down leaves the row queued for the sweep (``jobs.enqueue`` logs it).
    transaction.on_commit(lambda: _queue([sms.pk]), robust=True)


def _queue(sms_ids: list[int]) -> None:
    for sms_id in sms_ids:
        try:
            jobs.enqueue(send_code_sms, sms_id)
        except Exception:
            # In-process (no broker), a failed send is recorded on its row; the others go on.
            logger.exception("Tracking code SMS %s could not be sent", sms_id)


def claim(sms_id: int) -> CodeSms | None:
    """Take the message for this attempt, or None when it is not ours to send (sent, given up,
    or being sent by another worker)."""
    now = timezone.now()
    claimed = CodeSms.objects.filter(
        pk=sms_id, status=S.QUEUED, attempts__lt=delivery.max_attempts()
    ).update(
        status=S.SENDING,
        attempts=F("attempts") + 1,
        claimed_at=now,
        lease_until=jobs.lease_deadline(now),
    )
    if claimed != 1:
        return None
    return CodeSms.objects.select_related(
        "submission__workroom", "submission__petition", "submission__wish"
    ).get(pk=sms_id)


class Undeliverable(Exception):
    """No attempt can succeed: the sealed code does not open to the submission's code
    (``SECRET_KEY`` changed), or the resident's phone number is gone. Given up at once."""


def _send(sms: CodeSms) -> str:
    submission = sms.submission
    code = codes.unseal(sms.sealed_code)
    if code is None or codes.digest(code) != submission.code_digest:
        raise Undeliverable("the sealed code cannot be read back (was SECRET_KEY changed?)")
    target = submission.petition or submission.wish
    phone = target.resident_phone if target is not None else ""
    if not phone:
        raise Undeliverable("the resident's phone number is gone")
    _send_text(phone, code, submission.workroom.name)
    return mask_phone(phone)


def attempt(sms_id: int) -> str:
    """One attempt at one message: SENT, RETRY (failed, attempts left), FAILED (given up) or
    SKIPPED (not ours to send)."""
    sms = claim(sms_id)
    if sms is None:
        return delivery.SKIPPED
    try:
        address = _send(sms)
    except Exception as exc:  # every failure of the provider is recorded, whatever it is
        final = isinstance(exc, Undeliverable) or sms.attempts >= delivery.max_attempts()
        logger.warning("Tracking code SMS %s attempt %s failed: %s", sms.pk, sms.attempts, exc)
        CodeSms.objects.filter(pk=sms.pk, status=S.SENDING, attempts=sms.attempts).update(
            status=S.FAILED if final else S.QUEUED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            lease_until=None
            if final
            else jobs.pickup_deadline(delay=delivery.retry_delay(sms.attempts)),
            **({"sealed_code": ""} if final else {}),
        )
        return delivery.FAILED if final else delivery.RETRY
    CodeSms.objects.filter(pk=sms.pk).update(
        status=S.SENT,
        sealed_code="",
        sent_at=timezone.now(),
        address=address[:200],
        last_error="",
        lease_until=None,
    )
    return delivery.SENT


def sweep_code_sms(now: datetime | None = None) -> int:
    """The sweep's part for tracking code SMS (``core.sweep``): a queued message past its
    pickup time lost its task (the broker was down) and is queued again; one "sending" past its
    lease lost its worker and is queued again, or given up once its attempts are used up; one
    still queued a day after the submission is given up. Returns how many it acted on;
    conditional UPDATEs, so two sweeps at once act once."""
    now = now or timezone.now()
    given_up = CodeSms.objects.filter(status=S.QUEUED, created_at__lt=now - GIVE_UP_AFTER).update(
        status=S.FAILED,
        sealed_code="",
        lease_until=None,
        last_error=f"not sent within {GIVE_UP_AFTER}",
    )
    rows = CodeSms.objects.all()
    again = jobs.lost_messages(rows, waiting=S.QUEUED, since="created_at", now=now)
    for held, pk, attempts in jobs.dead_workers(
        rows, running=S.SENDING, since="claimed_at", now=now
    ):
        final = attempts >= delivery.max_attempts()
        if held.update(
            status=S.FAILED if final else S.QUEUED,
            last_error=delivery.worker_stopped(attempts),
            lease_until=None if final else jobs.pickup_deadline(now),
            **({"sealed_code": ""} if final else {}),
        ):
            if final:
                given_up += 1
            else:
                again.append(pk)
    _queue(again)
    return len(again) + given_up


@shared_task(bind=True, acks_late=True, name="public.send_code_sms")
def send_code_sms(self: Any, sms_id: int) -> str:
    """Send one tracking code SMS (its outbox row ``sms_id``). A failure is retried with a
    growing delay until ``NOTICE_ATTEMPTS`` attempts, counted on the row, were made."""
    outcome = attempt(sms_id)
    if self.request.is_eager:
        # In-process (no broker): the resident is waiting, so try again at once, within bound.
        for _again in range(delivery.max_attempts() - 1):
            if outcome != delivery.RETRY:
                break
            outcome = attempt(sms_id)
        return outcome
    if outcome == delivery.RETRY:
        attempts = CodeSms.objects.filter(pk=sms_id).values_list("attempts", flat=True).first()
        raise self.retry(
            countdown=delivery.retry_delay(attempts or 1), max_retries=delivery.max_attempts()
        )
    return outcome


@shared_task(
    name="public.send_code",
    ignore_result=True,
    autoretry_for=(Exception,),
    max_retries=3,
    retry_backoff=True,
)
def send_code(phone: str, code: str, workroom_name: str) -> None:
    """Kept for the messages queued before the outbox (``send_code_sms``) took its place."""
    _send_text(phone, code, workroom_name)


def _send_text(phone: str, code: str, workroom_name: str) -> None:
    """Send a resident their tracking code by SMS (the deployment's ``SMS_BACKEND``)."""
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
