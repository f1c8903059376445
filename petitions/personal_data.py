"""Residents' personal data (PIPL): who sees it in full, the masked forms, and the logged reveal.

Who sees a resident's name, phone and address in full (``can_see_personal_data``) — the people
handling the matter at the request's CURRENT workroom:

- the responsible handler, the receiving representative's user and whoever registered it,
  as long as a role of theirs still reaches the current workroom (after a transfer the
  sender's people lose it);
- clerks (街道工作人员/联络员) whose role reaches the current workroom: they register requests and
  carry them through the steps;
- the liaison office and administrators only when the request was escalated to the liaison
  office (second dissatisfaction): then they handle it. Otherwise they supervise and see masked
  data in lists and exports like everyone else;
- superusers (technical accounts).

Everyone else who may read the request (other representatives of the workroom, the liaison
office, the sender workroom after a transfer) sees masked data. Users whose role reaches the
current workroom may ``reveal`` the full record; each reveal is logged (who, when, which
request). Public pages and roll-up reports show none of it, masked or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from accounts.models import RoleKind
from accounts.scope import has_role_on
from core import audit
from core.personal_data import mask_address, mask_name, mask_phone
from petitions.models import EventKind, Petition


@dataclass(frozen=True)
class PersonalData:
    name: str
    phone: str
    address: str


def masked(petition: Petition) -> PersonalData:
    return PersonalData(
        name=mask_name(petition.resident_name),
        phone=mask_phone(petition.resident_phone),
        address=mask_address(petition.resident_address),
    )


def full(petition: Petition) -> PersonalData:
    return PersonalData(
        name=petition.resident_name,
        phone=petition.resident_phone,
        address=petition.resident_address,
    )


def can_see_personal_data(user, petition: Petition) -> bool:
    """Whether ``user`` sees the resident's data unmasked without revealing it (see above)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    area = petition.workroom.area
    if not has_role_on(user, area):
        return False
    representative = petition.receiving_representative
    involved = {petition.handler_id, petition.registered_by_id}
    if representative is not None:
        involved.add(representative.user_id)
    if user.pk in involved:
        return True
    if has_role_on(user, area, RoleKind.CLERK):
        return True
    return petition.needs_liaison_office and has_role_on(
        user, area, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN
    )


def personal_data_for(user, petition: Petition) -> PersonalData:
    """What a list, export or page shows ``user``: full or masked. Never logs (not a reveal)."""
    return full(petition) if can_see_personal_data(user, petition) else masked(petition)


def may_reveal(user, petition: Petition) -> bool:
    """Any role reaching the request's current workroom may open the full record (logged)."""
    return getattr(user, "is_authenticated", False) and has_role_on(user, petition.workroom.area)


def reveal(petition: Petition, *, user) -> PersonalData:
    """Open the resident's full name, phone and address, logging who and when.

    Raises ``PermissionDenied`` (403) for users whose roles do not reach the request's current
    workroom, e.g. the sender workroom after a transfer, which still reads the request.
    """
    if not may_reveal(user, petition):
        raise PermissionDenied
    audit.log(petition, EventKind.REVEAL, actor=user)
    return full(petition)
