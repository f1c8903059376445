"""State changes of micro-deliberation resolutions (微议事 议定事项): adding the matters a
meeting agreed, and following them up (a conditional UPDATE on status and version)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, Resolution, ResolutionStatus
from activities.selectors.log import may_edit_activity
from activities.selectors.resolutions import may_follow_up
from activities.services import ActivityError
from representatives.models import Representative

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
