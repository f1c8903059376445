"""State changes of the activity log: recording and editing an activity, adding a photo (checked
by content, with a thumbnail). Staff of the workroom's area record any activity; a
representative only one they took part in."""

from __future__ import annotations

import io
import os
from datetime import date, time

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from accounts.models import RoleKind
from accounts.scope import has_role_on
from activities.models import Activity, ActivityPhoto, ActivityType
from activities.selectors import is_staff_for, representative_of
from activities.selectors.log import may_edit_activity
from core.errors import DomainError
from core.uploads import validate_image_upload
from workrooms.models import Workroom

THUMBNAIL_SIZE = (320, 320)


def _check_may_record(user, workroom: Workroom, representatives) -> None:
    if is_staff_for(user, workroom):
        return
    if not has_role_on(user, workroom.area, RoleKind.REPRESENTATIVE):
        raise PermissionDenied
    rep = representative_of(user)
    # A representative records only activities they took part in.
    if rep is None or rep.pk not in {r.pk for r in representatives}:
        raise DomainError(_("Representatives may only record activities they took part in."))


@transaction.atomic
def activity_create(
    *,
    actor,
    workroom: Workroom,
    type: ActivityType,
    title: str,
    date: date,
    representatives=(),
    start_time: time | None = None,
    end_time: time | None = None,
    place: str = "",
    summary: str = "",
    other_participants: str = "",
    attendees: int = 0,
    deliberation_kind: str = "",
) -> Activity:
    """Record an activity. Staff of the workroom's area may record any; a representative only
    one they took part in (they must be among ``representatives``)."""
    representatives = list(representatives)
    _check_may_record(actor, workroom, representatives)
    if deliberation_kind and type.code != "deliberation":
        deliberation_kind = ""
    activity = Activity.objects.create(
        workroom=workroom,
        type=type,
        title=title,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        summary=summary,
        other_participants=other_participants,
        attendees=attendees,
        deliberation_kind=deliberation_kind,
        created_by=actor,
    )
    activity.representatives.set(representatives)
    return activity


@transaction.atomic
def activity_update(activity: Activity, *, actor, representatives=None, **fields) -> Activity:
    """Change an activity's fields (and participants). Same rights as recording; a
    representative cannot take themselves off an activity they edit."""
    if not may_edit_activity(actor, activity):
        raise PermissionDenied
    workroom = fields.get("workroom", activity.workroom)
    if representatives is not None:
        representatives = list(representatives)
        _check_may_record(actor, workroom, representatives)
    for name, value in fields.items():
        setattr(activity, name, value)
    if activity.type.code != "deliberation":
        activity.deliberation_kind = ""
    activity.save()
    if representatives is not None:
        activity.representatives.set(representatives)
    return activity


def make_thumbnail(upload) -> ContentFile:
    """A JPEG no larger than ``THUMBNAIL_SIZE``, turned upright from the camera's EXIF tag."""
    position = upload.tell()
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="JPEG", quality=80)
    upload.seek(position)
    return ContentFile(buffer.getvalue())


@transaction.atomic
def photo_add(activity: Activity, *, actor, image, caption: str = "") -> ActivityPhoto:
    """Attach a photo: checked by content (``validate_image_upload``; a renamed file is refused
    with ``django.core.exceptions.ValidationError``) and given a thumbnail."""
    if not may_edit_activity(actor, activity):
        raise PermissionDenied
    validate_image_upload(image)
    thumbnail = make_thumbnail(image)
    stem = os.path.splitext(os.path.basename(image.name))[0][:60] or "photo"
    photo = ActivityPhoto(activity=activity, caption=caption, uploaded_by=actor)
    photo.image.save(image.name, image, save=False)
    photo.thumbnail.save(f"{stem}-thumb.jpg", thumbnail, save=False)
    photo.save()
    return photo
