"""Changes to the registry: representatives, their workroom assignments, their user accounts.

Views check roles and scope before calling these; these check the state (one current group
leader per workroom, no second open assignment at the same workroom, ...) and raise
``DomainError`` with a message for the user when a change cannot be made.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Role, RoleKind, User
from core.errors import Conflict, DomainError
from core.transitions import moved
from representatives.models import Assignment, AssignmentRole, Representative
from workrooms.models import Workroom


def _overlapping(queryset, start: date, end: date | None):
    """Assignments whose period meets [start, end] (an open end runs for ever)."""
    queryset = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        queryset = queryset.filter(start_date__lte=end)
    return queryset


def _check_leader_free(
    workroom: Workroom, start: date, end: date | None, *, exclude_pk: int | None = None
) -> None:
    leaders = _overlapping(
        Assignment.objects.filter(workroom=workroom, role=AssignmentRole.LEADER), start, end
    ).select_related("representative")
    if exclude_pk is not None:
        leaders = leaders.exclude(pk=exclude_pk)
    leader = leaders.first()
    if leader is not None:
        raise DomainError(
            _(
                "%(name)s is already the group leader of %(workroom)s. "
                "Change or end that assignment first."
            )
            % {"name": leader.representative.name, "workroom": workroom.name}
        )


def representative_save(*, representative: Representative, actor, old_photo: str = "") -> None:
    """Store a new or edited representative (validated by ``RepresentativeForm``)."""
    try:
        with transaction.atomic():
            representative.save()
    except IntegrityError as exc:
        # The form checked the phone; another office registered the same number meanwhile.
        raise DomainError(
            _("Another representative with this phone number was saved at the same moment.")
        ) from exc
    if old_photo and old_photo != representative.photo.name:
        storage = representative.photo.storage
        # The replaced photo goes only once the new record is safely stored.
        transaction.on_commit(lambda: storage.delete(old_photo))


def assignment_start(
    *,
    representative: Representative,
    workroom: Workroom,
    role: str,
    start_date: date,
    note: str = "",
    actor,
) -> Assignment:
    """Station a representative at a workroom (驻室) from ``start_date``, as member or leader."""
    if not representative.is_active:
        raise DomainError(_("%(name)s is no longer in office.") % {"name": representative.name})
    with transaction.atomic():
        already = _overlapping(
            Assignment.objects.filter(representative=representative, workroom=workroom),
            start_date,
            None,
        )
        if already.exists():
            raise DomainError(
                _("%(name)s is already stationed at %(workroom)s.")
                % {"name": representative.name, "workroom": workroom.name}
            )
        if role == AssignmentRole.LEADER:
            _check_leader_free(workroom, start_date, None)
        try:
            with transaction.atomic():
                return Assignment.objects.create(
                    representative=representative,
                    workroom=workroom,
                    role=role,
                    start_date=start_date,
                    note=note,
                )
        except IntegrityError as exc:
            # The partial unique indexes decide between two clerks saving at the same moment.
            raise DomainError(
                _("Someone changed this workroom's representatives at the same moment. Try again.")
            ) from exc


def _changed(assignment: Assignment, move: str) -> None:
    # A conditional UPDATE sends no post_save: tell the listeners (the public pages' cache).
    transaction.on_commit(
        lambda: moved.send(sender=Assignment, obj=assignment, move=move), robust=True
    )


def assignment_end(*, assignment: Assignment, end_date: date, actor) -> Assignment:
    """End an assignment on ``end_date`` (the last day served). The record stays as history."""
    if end_date < assignment.start_date:
        raise DomainError(_("An assignment cannot end before it starts."))
    if assignment.end_date is not None and assignment.end_date < end_date:
        raise DomainError(_("This assignment has already ended."))
    # Claim with a conditional update: a second click or another clerk finds nothing to change.
    changed = Assignment.objects.filter(pk=assignment.pk, end_date=assignment.end_date).update(
        end_date=end_date
    )
    if not changed:
        raise Conflict(_("Someone changed this assignment at the same moment. Try again."))
    assignment.end_date = end_date
    _changed(assignment, "end")
    return assignment


def assignment_change_role(*, assignment: Assignment, role: str, on: date, actor) -> Assignment:
    """Make a stationed representative group leader or member from ``on``.

    The earlier role stays in the history: the assignment ends the day before and a new one
    starts on ``on`` (changed in place when ``on`` is its first day).
    """
    if assignment.role == role:
        raise DomainError(
            _("The role is already %(role)s.") % {"role": assignment.get_role_display()}
        )
    if assignment.end_date is not None:
        raise DomainError(_("Only an open assignment can change role."))
    if on < assignment.start_date:
        raise DomainError(_("The change cannot take effect before the assignment starts."))
    with transaction.atomic():
        if role == AssignmentRole.LEADER:
            _check_leader_free(assignment.workroom, on, None, exclude_pk=assignment.pk)
        claim = Assignment.objects.filter(
            pk=assignment.pk, role=assignment.role, end_date__isnull=True
        )
        try:
            with transaction.atomic():
                if on == assignment.start_date:
                    if not claim.update(role=role):
                        raise DomainError(
                            _("Someone changed this assignment at the same moment. Try again.")
                        )
                    assignment.role = role
                    _changed(assignment, "change_role")
                    return assignment
                if not claim.update(end_date=on - timedelta(days=1)):
                    raise DomainError(
                        _("Someone changed this assignment at the same moment. Try again.")
                    )
                return Assignment.objects.create(
                    representative=assignment.representative,
                    workroom=assignment.workroom,
                    role=role,
                    start_date=on,
                    note=assignment.note,
                )
        except IntegrityError as exc:
            raise DomainError(
                _("Someone changed this workroom's representatives at the same moment. Try again.")
            ) from exc


def representative_link_user(*, representative: Representative, user: User, actor) -> None:
    """Link a user account, so the representative signs in and sees their own pages."""
    if Representative.objects.filter(user=user).exclude(pk=representative.pk).exists():
        raise DomainError(
            _("The account %(username)s already belongs to another representative.")
            % {"username": user.get_username()}
        )
    changed = Representative.objects.filter(pk=representative.pk, user__isnull=True).update(
        user=user
    )
    if not changed:
        raise DomainError(_("This representative already has an account. Unlink it first."))
    representative.user = user


def representative_create_account(
    *, representative: Representative, username: str, email: str, password: str, actor
) -> User:
    """Create a sign-in for the representative, with the representative role on the area that
    registered them, and link it."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                user = User(
                    username=username,
                    email=email,
                    full_name=representative.name,
                    phone=representative.phone,
                )
                user.set_password(password)
                user.save()
        except IntegrityError as exc:
            raise DomainError(_("This user name is already taken.")) from exc
        Role.objects.get_or_create(
            user=user, kind=RoleKind.REPRESENTATIVE, area_id=representative.area_id
        )
        representative_link_user(representative=representative, user=user, actor=actor)
    return user


def representative_unlink_user(*, representative: Representative, actor) -> None:
    """Detach the user account; the account itself and its roles stay."""
    changed = Representative.objects.filter(
        pk=representative.pk, user_id=representative.user_id, user__isnull=False
    ).update(user=None)
    if not changed:
        raise DomainError(_("This representative has no account to unlink."))
    representative.user = None
