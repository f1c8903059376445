"""State changes of micro-wishes (微心愿): record, claim (认领), release, fulfil (代表答题) and
confirm. Every move is a conditional UPDATE on status and version: of two people acting at once
exactly one succeeds, the other is told."""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.scope import has_role_on
from activities.models import Wish, WishStatus
from activities.selectors import RECORDERS, is_staff_for, representative_of
from activities.services import ActivityError
from core.uploads import validate_image_upload
from workrooms.models import Workroom


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
