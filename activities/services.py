"""State changes of activities, resolutions and micro-wishes. Views call these; each checks who
may act and the current state, runs in one transaction, and raises ``ActivityError`` with a
message the view shows. Races are decided by the database: every move of a wish or a
resolution is a conditional UPDATE on its status and version, so of two people acting at once
exactly one succeeds.
"""

from __future__ import annotations

import io
import os
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from accounts.models import RoleKind
from accounts.scope import has_role_on
from activities.models import (
    Activity,
    ActivityPhoto,
    ActivityType,
    Resolution,
    ResolutionStatus,
    Wish,
    WishStatus,
)
from activities.selectors import (
    RECORDERS,
    is_staff_for,
    may_edit_activity,
    may_follow_up,
    representative_of,
)
from core.uploads import validate_image_upload
from representatives.models import Representative
from workrooms.models import Workroom

THUMBNAIL_SIZE = (320, 320)


class ActivityError(Exception):
    """A refused change; ``str(error)`` is the message for the user."""


# --- activities -------------------------------------------------------------------------------


def _check_may_record(user, workroom: Workroom, representatives) -> None:
    if is_staff_for(user, workroom):
        return
    if not has_role_on(user, workroom.area, RoleKind.REPRESENTATIVE):
        raise PermissionDenied
    rep = representative_of(user)
    # A representative records only activities they took part in.
    if rep is None or rep.pk not in {r.pk for r in representatives}:
        raise ActivityError(_("Representatives may only record activities they took part in."))


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


# --- resolutions (微议事 议定事项) ------------------------------------------------------------

# The follow-up moves: forward only. A done resolution stays done (the meeting's record); a
# matter that comes back is a new resolution at the next meeting.
RESOLUTION_MOVES = {
    ResolutionStatus.OPEN: (ResolutionStatus.IN_PROGRESS, ResolutionStatus.DONE),
    ResolutionStatus.IN_PROGRESS: (ResolutionStatus.IN_PROGRESS, ResolutionStatus.DONE),
    ResolutionStatus.DONE: (),
}


@transaction.atomic
def resolution_add(
    activity: Activity,
    *,
    actor,
    text: str,
    owner: Representative | None = None,
    owner_note: str = "",
    due_date: date | None = None,
) -> Resolution:
    """Add a matter agreed at a micro-deliberation meeting, with its owner (a representative or
    someone else named in ``owner_note``) and due date."""
    if not may_edit_activity(actor, activity):
        raise PermissionDenied
    if activity.type.code != "deliberation":
        raise ActivityError(_("Only micro-deliberation meetings have resolutions."))
    if owner is None and not owner_note.strip():
        raise ActivityError(_("Name who is responsible for this resolution."))
    return Resolution.objects.create(
        activity=activity, text=text, owner=owner, owner_note=owner_note, due_date=due_date
    )


@transaction.atomic
def resolution_follow_up(
    resolution: Resolution, *, actor, status: str, note: str, version: int
) -> Resolution:
    """Record progress on a resolution: open → in progress → done (or open → done), with a note
    appended to the follow-up. Done is final. ``version`` is what the user saw."""
    if not may_follow_up(actor, resolution):
        raise PermissionDenied
    if status not in RESOLUTION_MOVES[resolution.status]:
        if resolution.status == ResolutionStatus.DONE:
            raise ActivityError(_("This resolution is done; its follow-up cannot change."))
        raise ActivityError(_("This resolution cannot go back to not started."))
    now = timezone.now()
    line = f"[{timezone.localtime(now):%Y-%m-%d %H:%M} {actor.display_name}] {note.strip()}"
    follow_up = f"{resolution.follow_up}\n{line}" if resolution.follow_up else line
    updated = Resolution.objects.filter(
        pk=resolution.pk, version=version, status=resolution.status
    ).update(
        status=status,
        follow_up=follow_up,
        done_at=now if status == ResolutionStatus.DONE else None,
        version=F("version") + 1,
        updated_at=now,
    )
    if updated != 1:
        raise ActivityError(
            _("Someone else updated this resolution just now. Reload the page and try again.")
        )
    resolution.refresh_from_db()
    return resolution


# --- micro-wishes (微心愿) ----------------------------------------------------------------------


def _move(wish: Wish, *, frm: str, conflict: str, **values) -> Wish:
    """The conditional UPDATE every wish move makes: from ``frm`` at the version read."""
    updated = Wish.objects.filter(pk=wish.pk, status=frm, version=wish.version).update(
        version=F("version") + 1, **values
    )
    if updated != 1:
        raise ActivityError(conflict)
    wish.refresh_from_db()
    return wish


@transaction.atomic
def wish_record(
    *,
    actor,
    workroom: Workroom,
    resident_name: str,
    content: str,
    resident_phone: str = "",
    place: str = "",
) -> Wish:
    """A resident's wish, written down by a clerk or by a representative on their behalf."""
    if not has_role_on(actor, workroom.area, *RECORDERS):
        raise PermissionDenied
    return Wish.objects.create(
        workroom=workroom,
        resident_name=resident_name,
        resident_phone=resident_phone,
        content=content,
        place=place,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )


@transaction.atomic
def wish_claim(wish: Wish, *, actor) -> Wish:
    """认领: a representative whose role reaches the workroom takes the wish on. One claimant:
    of two claims at once, one wins and the other is told who was first."""
    rep = representative_of(actor)
    if rep is None or not has_role_on(actor, wish.workroom.area, RoleKind.REPRESENTATIVE):
        raise ActivityError(_("Only a representative of this workroom's area can claim a wish."))
    if wish.status != WishStatus.OPEN:
        raise ActivityError(_("This wish has already been claimed."))
    updated = Wish.objects.filter(pk=wish.pk, status=WishStatus.OPEN).update(
        status=WishStatus.CLAIMED,
        claimed_by=rep,
        claimed_at=timezone.now(),
        version=F("version") + 1,
    )
    if updated != 1:
        raise ActivityError(_("This wish has already been claimed."))
    wish.refresh_from_db()
    return wish


@transaction.atomic
def wish_release(wish: Wish, *, actor) -> Wish:
    """Give a claimed wish back (the claimant, or staff of the workroom's area): open again."""
    if wish.status != WishStatus.CLAIMED:
        raise ActivityError(_("Only a claimed wish can be released."))
    rep = representative_of(actor)
    if not (is_staff_for(actor, wish.workroom) or (rep and rep.pk == wish.claimed_by_id)):
        raise ActivityError(_("Only the representative who claimed this wish can release it."))
    return _move(
        wish,
        frm=WishStatus.CLAIMED,
        conflict=_("This wish was changed just now. Reload the page and try again."),
        status=WishStatus.OPEN,
        claimed_by=None,
        claimed_at=None,
    )


@transaction.atomic
def wish_fulfil(wish: Wish, *, actor, how: str, when: date, photo=None) -> Wish:
    """代表答题: the claimant says how and when the wish was fulfilled, with an optional photo
    (checked by content)."""
    if wish.status != WishStatus.CLAIMED:
        if wish.status == WishStatus.OPEN:
            raise ActivityError(_("Claim this wish before fulfilling it."))
        raise ActivityError(_("This wish has already been fulfilled."))
    rep = representative_of(actor)
    if rep is None or rep.pk != wish.claimed_by_id:
        raise ActivityError(_("Only the representative who claimed this wish can fulfil it."))
    if when > timezone.localdate():
        raise ActivityError(_("The date of fulfilment cannot be in the future."))
    if photo is not None:
        validate_image_upload(photo)
    # Today keeps the moment; an earlier day is dated at noon (the hour was not asked).
    if when == timezone.localdate():
        fulfilled_at = timezone.now()
    else:
        fulfilled_at = timezone.make_aware(datetime.combine(when, time(12)))
    wish = _move(
        wish,
        frm=WishStatus.CLAIMED,
        conflict=_("This wish was changed just now. Reload the page and try again."),
        status=WishStatus.FULFILLED,
        fulfilled_how=how,
        fulfilled_at=fulfilled_at,
    )
    if photo is not None:
        wish.fulfilled_photo.save(photo.name, photo, save=False)
        Wish.objects.filter(pk=wish.pk).update(fulfilled_photo=wish.fulfilled_photo.name)
    return wish


@transaction.atomic
def wish_confirm(wish: Wish, *, actor) -> Wish:
    """The resident's confirmation, recorded by staff of the workroom's area (the clerk checked
    with the resident, or the resident came in person)."""
    if wish.status != WishStatus.FULFILLED:
        if wish.status == WishStatus.CONFIRMED:
            raise ActivityError(_("This wish has already been confirmed."))
        raise ActivityError(_("Only a fulfilled wish can be confirmed."))
    if not is_staff_for(actor, wish.workroom):
        raise ActivityError(_("Only a clerk of this workroom can confirm a wish."))
    return _move(
        wish,
        frm=WishStatus.FULFILLED,
        conflict=_("This wish was changed just now. Reload the page and try again."),
        status=WishStatus.CONFIRMED,
        confirmed_by=actor,
        confirmed_at=timezone.now(),
    )
