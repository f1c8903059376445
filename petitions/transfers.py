"""Transfer to another workroom and escalation up the area tree (处理 step).

"小事不出小区、大事不出社区、难事不出街道": escalation goes to the nearest workroom above; a
transfer to any other workroom of the same district. The request leaves the sender's scope for
writing (``Petition.objects.writable_by``) but stays readable there (``visible_to``): the
``Transfer`` row is its history.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError
from petitions.models import Petition, Transfer
from petitions.moves import MACHINE
from petitions.referrals import refuse_while_open
from workrooms.models import AreaKind, Workroom


def transfer(
    petition: Petition,
    *,
    actor: User,
    to_workroom: Workroom,
    reason: str,
    escalation: bool = False,
    version: int | None = None,
) -> Petition:
    """Send the request to another workroom (``transfer_targets``). The receiving workroom
    names a new handler; the sender keeps the request in its history, read-only."""
    name = "escalate" if escalation else "transfer"
    MACHINE.check(petition, actor, name, version=version)
    if not reason.strip():
        raise DomainError(_("Give the reason for the transfer."))
    if to_workroom.pk == petition.workroom_id:
        raise DomainError(_("The request is already at this workroom."))
    if not to_workroom.is_active:
        raise DomainError(_("That workroom is closed."))
    if not transfer_targets(petition, escalation=escalation).filter(pk=to_workroom.pk).exists():
        raise DomainError(_("The request cannot be sent to that workroom from here."))
    refuse_while_open(petition, _("Sending the request on"))
    now = timezone.now()
    source = petition.workroom

    def record() -> None:
        Transfer.objects.create(
            petition=petition,
            from_workroom=source,
            to_workroom=to_workroom,
            is_escalation=escalation,
            reason=reason,
            actor=actor,
            at=now,
        )
        from petitions.notifications import notify_transferred

        notify_transferred(petition)

    MACHINE.move(
        petition,
        name,
        actor=actor,
        version=version,
        changes={"workroom": to_workroom, "handler": None},
        note=reason,
        data={
            "from": source.pk,
            "from_name": source.name,
            "to": to_workroom.pk,
            "to_name": to_workroom.name,
        },
        at=now,
        then=record,
    )
    return petition


def escalate(
    petition: Petition, *, actor: User, reason: str, version: int | None = None
) -> Petition:
    """Send the request to the nearest workroom up the area tree."""
    target = transfer_targets(petition, escalation=True).first()
    if target is None:
        raise DomainError(_("There is no workroom above this one to escalate to."))
    return transfer(
        petition, actor=actor, to_workroom=target, reason=reason, escalation=True, version=version
    )


def transfer_targets(petition: Petition, *, escalation: bool) -> QuerySet[Workroom]:
    """Where the request may go, as a Workroom queryset.

    Escalation goes to the nearest active workroom up the area tree ("小事不出小区、大事不出社区、
    难事不出街道": compound → community → subdistrict → district); a transfer to any other
    active workroom of the same district (区县), the root of the tree when there is none.
    """
    area = petition.workroom.area
    step = type(area).steplen
    ancestor_paths = [area.path[: step * depth] for depth in range(1, area.depth)]
    if escalation:
        nearest = (
            Workroom.objects.filter(area__path__in=ancestor_paths, is_active=True)
            .order_by("-area__depth", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        return Workroom.objects.filter(pk=nearest) if nearest else Workroom.objects.none()
    district = (
        type(area)
        .objects.filter(path__in=[*ancestor_paths, area.path], kind=AreaKind.DISTRICT)
        .order_by("depth")
        .values_list("path", flat=True)
        .first()
    )
    within = district or area.path[:step]
    return (
        Workroom.objects.filter(area__path__startswith=within, is_active=True)
        .exclude(pk=petition.workroom_id)
        .select_related("area")
    )
