"""Scoped reads of activities, one module per subject: ``log``, ``resolutions``, ``wishes``,
``research``. Pages, exports, the monthly reports and the representatives' record pages call
these, never the managers directly. Out of scope is 404.

Who may *change* what is decided in the selectors too (``may_edit_activity`` ...), so views and
templates ask one place; the services enforce the same rules. Here: who records activities and
wishes, and who the liaison office is, which every subject asks.
"""

from __future__ import annotations

from accounts.models import RoleKind
from accounts.scope import has_role_on
from representatives.models import Representative
from workrooms.models import Workroom

# Staff who record activities and wishes for any workroom their role reaches.
STAFF = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
# Anyone who may record: staff, and representatives for activities they took part in.
RECORDERS = (*STAFF, RoleKind.REPRESENTATIVE)
# The liaison office (党联办): sets research topics, forwards reports, records talks and study.
OFFICE = (RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)


def representative_of(user) -> Representative | None:
    """The representative record linked to the account (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_activities_rep"):
        user._activities_rep = Representative.objects.filter(user=user).first()
    return user._activities_rep


def workrooms_for_recording(user):
    """Active workrooms where the user may record activities and wishes (staff and
    representatives whose role reaches them)."""
    return (
        Workroom.objects.visible_to(user, kinds=RECORDERS)
        .filter(is_active=True)
        .select_related("area")
        .order_by("area__path", "name")
    )


def is_staff_for(user, workroom: Workroom) -> bool:
    """Clerk, liaison office or admin whose role reaches the workroom."""
    return has_role_on(user, workroom.area, *STAFF)
