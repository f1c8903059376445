"""Requests residents raise online (the public pages, ``public/``), and what staff do with
submissions that are spam or abuse.

A request raised online enters the six steps at 登记 like any other, with channel 网上 and
nobody as "registered by"; its audit entry says the resident. Marking it as spam takes it out of
every list, queue, count and monthly figure (``Petition.objects`` leaves it out) while keeping it
for the record (``Petition.with_spam``); putting it back returns it where it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import audit
from core.errors import DomainError
from petitions.models import Attachment, Category, Channel, EventKind, Petition, State
from petitions.moves import MACHINE, require_choice
from petitions.notifications import notify_online

# What a resident gives online; the rest of a request is the workroom's to fill in.
ONLINE_FIELDS = frozenset(
    {
        "resident_name",
        "resident_phone",
        "anonymous_publicly",
        "category",
        "title",
        "content",
        "place",
    }
)


def register_online(*, workroom: Any, photos: Iterable[Any] = (), **fields: Any) -> Petition:
    """Record a request a resident raised on ``workroom``'s public page: state 登记, channel
    网上, registered now by nobody (the audit entry says "the resident (online)"), with
    ``photos`` (JPEG or PNG files named .jpg or .png, already checked and stripped of
    metadata: ``core.uploads.sanitize_image``). The workroom's liaison officers and clerks are told. The caller
    (``public``) has checked the form, the consent and the rate limits."""
    unknown = set(fields) - ONLINE_FIELDS
    if unknown:
        raise TypeError(f"register_online() got unexpected fields: {', '.join(sorted(unknown))}")
    if not workroom.is_active:
        raise DomainError(_("That workroom is closed."))
    for name in ("resident_name", "title", "content"):
        if not str(fields.get(name, "")).strip():
            raise DomainError(_("Give your name and what happened."))
    require_choice(fields.get("category", ""), Category, _("Choose a category."))
    now = timezone.now()
    with transaction.atomic():
        petition: Petition = Petition.objects.create(
            workroom=workroom,
            channel=Channel.ONLINE,
            registered_by=None,
            registered_at=now,
            **fields,
        )
        audit.log(
            petition,
            EventKind.REGISTER,
            actor=None,
            to_state=State.REGISTERED,
            at=now,
            data={"by": "resident"},
        )
        for photo in photos:
            _attach(petition, photo)
        notify_online(petition)
    return petition


def _attach(petition: Petition, photo: Any) -> None:
    """A resident's photo, already checked and stripped of its metadata by the caller."""
    name = getattr(photo, "name", "") or "photo.jpg"
    extension = ".png" if name.lower().endswith(".png") else ".jpg"
    attachment = Attachment(
        petition=petition,
        original_name=name[-200:],
        content_type="image/png" if extension == ".png" else "image/jpeg",
        size=photo.size,
        uploaded_by=None,
    )
    attachment.file.save(f"{uuid.uuid4().hex}{extension}", photo, save=False)
    attachment.save()
    audit.log(
        petition,
        EventKind.ATTACHMENT,
        actor=None,
        data={"by": "resident", "file_name": attachment.original_name, "attachment": attachment.pk},
    )


def mark_spam(
    petition: Petition, *, actor: User, reason: str, version: int | None = None
) -> Petition:
    """Take a request raised online out of the queue, the counts and the figures, with a
    reason; it is kept and can be put back (``not_spam``)."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why this is spam or abuse."))
    MACHINE.move(
        petition,
        "spam",
        actor=actor,
        version=version,
        changes={"spam_at": timezone.now(), "spam_reason": reason[:200]},
        note=reason,
    )
    return petition


def not_spam(petition: Petition, *, actor: User, version: int | None = None) -> Petition:
    """Put a request marked as spam back where it was: in the queue and the counts again."""
    MACHINE.move(
        petition,
        "not_spam",
        actor=actor,
        version=version,
        changes={"spam_at": None, "spam_reason": ""},
    )
    return petition
