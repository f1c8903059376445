"""State changes of micro-wishes (微心愿): record, claim (认领), release, fulfil (代表答题) and
confirm. ``MACHINE`` (``core.transitions``) is the table of moves; every move is a conditional
UPDATE on status and version, so of two people acting at once exactly one succeeds and the other
is told who was first. Every step is in the audit log; a wish's page shows its history."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from celery import shared_task
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import RoleKind, User
from accounts.scope import has_role_on
from activities.models import Wish, WishStatus
from activities.selectors import RECORDERS, is_staff_for, representative_of
from core import audit
from core.errors import DomainError
from core.retention import DEIDENTIFIED_NAME, cutoff
from core.transitions import Machine, Who, edge, spam_marking
from core.uploads import validate_image_upload
from workrooms.models import Workroom

W = WishStatus
RECORDED = "record"  # the audit action of writing a wish down (creating it)


def _claimant(wish: Wish, user: User) -> bool:
    rep = representative_of(user)
    return rep is not None and rep.pk == wish.claimed_by_id


REPRESENTATIVE_HERE = Who(
    lambda wish, user: (
        wish.spam_at is None
        and representative_of(user) is not None
        and has_role_on(user, wish.workroom.area, RoleKind.REPRESENTATIVE)
    ),
    gettext_lazy("Only a representative of this workroom's area can claim a wish."),
)
CLAIMANT_OR_STAFF = Who(
    lambda wish, user: _claimant(wish, user) or is_staff_for(user, wish.workroom),
    gettext_lazy("Only the representative who claimed this wish can release it."),
)
CLAIMANT = Who(
    _claimant, gettext_lazy("Only the representative who claimed this wish can fulfil it.")
)
STAFF_HERE = Who(
    lambda wish, user: is_staff_for(user, wish.workroom),
    gettext_lazy("Only a clerk of this workroom can confirm a wish."),
)
CLAIMED_ALREADY = gettext_lazy("This wish has already been claimed.")


def _online_spam(spam: bool) -> Who:
    """Staff of the workroom, on a wish a resident posted online that is (``spam``) or is
    not yet marked as spam."""
    return spam_marking(
        Who(
            lambda wish, user: is_staff_for(user, wish.workroom),
            gettext_lazy("Only staff of this workroom can mark a wish posted online as spam."),
        ),
        online=lambda wish: wish.recorded_by_id is None,
        spam=spam,
        not_online=gettext_lazy("Only a wish posted online can be marked as spam."),
        already=gettext_lazy("This wish is already marked as spam."),
        not_marked=gettext_lazy("This wish is not marked as spam."),
    )


FULFILLED_ALREADY = gettext_lazy("This wish has already been fulfilled.")

MACHINE: Machine[Wish] = Machine(
    Wish,
    [
        edge(
            "claim",
            gettext_lazy("Claimed"),
            {W.OPEN},
            W.CLAIMED,
            REPRESENTATIVE_HERE,
            blocked={s: CLAIMED_ALREADY for s in (W.CLAIMED, W.FULFILLED, W.CONFIRMED)},
        ),
        edge(
            "release",
            gettext_lazy("Released"),
            {W.CLAIMED},
            W.OPEN,
            CLAIMANT_OR_STAFF,
            blocked={
                s: gettext_lazy("Only a claimed wish can be released.")
                for s in (W.OPEN, W.FULFILLED, W.CONFIRMED)
            },
        ),
        edge(
            "fulfil",
            gettext_lazy("Fulfilled"),
            {W.CLAIMED},
            W.FULFILLED,
            CLAIMANT,
            blocked={
                W.OPEN: gettext_lazy("Claim this wish before fulfilling it."),
                W.FULFILLED: FULFILLED_ALREADY,
                W.CONFIRMED: FULFILLED_ALREADY,
            },
        ),
        edge(
            "confirm",
            gettext_lazy("Confirmed"),
            {W.FULFILLED},
            W.CONFIRMED,
            STAFF_HERE,
            blocked={
                W.CONFIRMED: gettext_lazy("This wish has already been confirmed."),
                W.OPEN: gettext_lazy("Only a fulfilled wish can be confirmed."),
                W.CLAIMED: gettext_lazy("Only a fulfilled wish can be confirmed."),
            },
        ),
        # A wish posted online that is spam or abuse: off the board and the counts, kept.
        edge("spam", gettext_lazy("Marked as spam"), {W.OPEN}, None, _online_spam(False)),
        edge("not_spam", gettext_lazy("Put back"), {W.OPEN}, None, _online_spam(True)),
    ],
    noun=pgettext_lazy("what a move acts on", "wish"),
)
# What the history page calls each audit entry of a wish.
HISTORY_LABELS = {
    RECORDED: gettext_lazy("Recorded"),
    **MACHINE.labels(),
    "deidentify": gettext_lazy("Resident's personal data removed"),
}


def wish_history(wish: Wish) -> list[audit.HistoryItem]:
    """The wish's steps so far, oldest first, from the audit log."""
    return audit.history(wish, labels=HISTORY_LABELS)


def wish_mark_spam(wish: Wish, *, actor: User, reason: str = "") -> Wish:
    """Take a wish posted online off the board, the lists and the counts; kept for the record."""
    reason = reason.strip() or _("Spam or abuse")
    changes = {"spam_at": timezone.now(), "spam_reason": reason[:200]}
    MACHINE.move(wish, "spam", actor=actor, changes=changes, note=reason)
    return wish


def wish_not_spam(wish: Wish, *, actor: User) -> Wish:
    """Put a wish marked as spam back on the board."""
    MACHINE.move(wish, "not_spam", actor=actor, changes={"spam_at": None, "spam_reason": ""})
    return wish


@transaction.atomic
def wish_record_online(
    *, workroom: Workroom, resident_name: str, content: str, resident_phone: str, place: str = ""
) -> Wish:
    """A wish a resident posted on the workroom's public page (``public``): open for
    representatives to claim, recorded by nobody (the audit entry says "the resident
    (online)"). The caller has checked the form, the consent and the rate limits."""
    if not workroom.is_active:
        raise DomainError(_("That workroom is closed."))
    wish: Wish = Wish.objects.create(
        workroom=workroom,
        resident_name=resident_name,
        resident_phone=resident_phone,
        content=content,
        place=place,
        recorded_by=None,
        recorded_at=timezone.now(),
    )
    audit.log(
        wish,
        RECORDED,
        actor=None,
        to_state=wish.status,
        at=wish.recorded_at,
        data={"by": "resident"},
    )
    return wish


@transaction.atomic
def wish_record(
    *,
    actor: User,
    workroom: Workroom,
    resident_name: str,
    content: str,
    resident_phone: str = "",
    place: str = "",
) -> Wish:
    """A resident's wish, written down by a clerk or by a representative on their behalf."""
    if not has_role_on(actor, workroom.area, *RECORDERS):
        raise PermissionDenied
    wish: Wish = Wish.objects.create(
        workroom=workroom,
        resident_name=resident_name,
        resident_phone=resident_phone,
        content=content,
        place=place,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    audit.log(wish, RECORDED, actor=actor, to_state=wish.status, at=wish.recorded_at)
    return wish


def wish_claim(wish: Wish, *, actor: User) -> Wish:
    """认领: a representative whose role reaches the workroom takes the wish on. One claimant:
    of two claims at once, one wins and the other is told who was first."""
    changes = {"claimed_by": representative_of(actor), "claimed_at": timezone.now()}
    MACHINE.move(wish, "claim", actor=actor, changes=changes)
    return wish


def wish_release(wish: Wish, *, actor: User) -> Wish:
    """Give a claimed wish back (the claimant, or staff of the workroom's area): open again."""
    MACHINE.move(wish, "release", actor=actor, changes={"claimed_by": None, "claimed_at": None})
    return wish


def wish_fulfil(wish: Wish, *, actor: User, how: str, when: date, photo: Any = None) -> Wish:
    """代表答题: the claimant says how and when the wish was fulfilled, with an optional photo
    (checked by content)."""
    MACHINE.check(wish, actor, "fulfil")
    if when > timezone.localdate():
        raise DomainError(_("The date of fulfilment cannot be in the future."))
    if photo is not None:
        validate_image_upload(photo)
    # Today keeps the moment; an earlier day is dated at noon (the hour was not asked).
    if when == timezone.localdate():
        fulfilled_at = timezone.now()
    else:
        fulfilled_at = timezone.make_aware(datetime.combine(when, time(12)))

    def store_photo() -> None:
        if photo is not None:
            wish.fulfilled_photo.save(photo.name, photo, save=False)
            Wish.objects.filter(pk=wish.pk).update(fulfilled_photo=wish.fulfilled_photo.name)

    MACHINE.move(
        wish,
        "fulfil",
        actor=actor,
        changes={"fulfilled_how": how, "fulfilled_at": fulfilled_at},
        note=how,
        then=store_photo,
    )
    return wish


def wish_confirm(wish: Wish, *, actor: User) -> Wish:
    """The resident's confirmation, recorded by staff of the workroom's area (the clerk checked
    with the resident, or the resident came in person)."""
    MACHINE.move(
        wish,
        "confirm",
        actor=actor,
        changes={"confirmed_by": actor, "confirmed_at": timezone.now()},
    )
    return wish


# --- retention (core.retention) ---------------------------------------------------------------


def wishes_past_retention(now: datetime | None = None) -> QuerySet[Wish]:
    """Wishes closed (fulfilled, confirmed or set aside as spam) before the retention cutoff
    and still holding the resident's name or phone."""
    before = cutoff(now)
    return Wish.with_spam.filter(deidentified_at__isnull=True).filter(
        Q(status=W.CONFIRMED, confirmed_at__lt=before)
        | Q(status=W.FULFILLED, fulfilled_at__lt=before)
        | Q(spam_at__lt=before)
    )


@transaction.atomic
def wishes_deidentify(
    wishes: QuerySet[Wish], *, actor: User | None = None, reason: str = "retention"
) -> int:
    """Remove the resident's name, phone and place from ``wishes`` (a queryset), each with an
    audit entry; the wish, its steps and the counts stay."""
    now = timezone.now()
    ids = list(wishes.filter(deidentified_at__isnull=True).values_list("pk", flat=True))
    Wish.with_spam.filter(pk__in=ids).update(
        resident_name=DEIDENTIFIED_NAME, resident_phone="", place="", deidentified_at=now
    )
    audit.log_all(
        audit.unsaved(Wish(pk=pk), "deidentify", actor=actor, data={"reason": reason}, at=now)
        for pk in ids
    )
    return len(ids)


@shared_task(name="activities.deidentify_expired_wishes", ignore_result=True)
def deidentify_expired_wishes() -> int:
    """Nightly: de-identify every wish past its retention."""
    return wishes_deidentify(wishes_past_retention())
