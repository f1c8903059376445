"""Attachments of a request (photos of the site, letters, spreadsheets): validated by content
(``core.uploads.validate_attachment``), stored under a name we choose, recorded in the history.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.uploads import validate_attachment
from petitions.models import Attachment, Petition
from petitions.moves import MACHINE


def attachment_add(petition: Petition, *, actor, upload, version: int | None = None) -> Attachment:
    """Attach ``upload`` to ``petition`` (the workflow's "attach" move: any open state, a role
    at the current workroom). Refusals, an unacceptable file included, raise ``DomainError``
    and store nothing."""
    MACHINE.check(petition, actor, "attach", version=version)
    try:
        content_type, extension = validate_attachment(upload)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    original_name = (getattr(upload, "name", "") or _("attachment"))[-200:]
    attachment = Attachment(
        petition=petition,
        original_name=original_name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    # Stored under a random name: the resident's or clerk's file name never reaches the disk.
    attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    data = {"file_name": original_name, "size": upload.size}

    def save() -> None:
        attachment.save()
        data["attachment"] = attachment.pk  # logged after this, in the same transaction

    try:
        MACHINE.move(petition, "attach", actor=actor, version=version, then=save, data=data)
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment
