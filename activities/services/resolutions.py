"""State changes of micro-deliberation resolutions (微议事 议定事项): adding the matters a
meeting agreed, and following them up. ``MACHINE`` is the table of follow-up moves; each is a
conditional UPDATE on status and version, audited."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import User
from activities.models import Activity, Resolution, ResolutionStatus
from activities.selectors.log import may_edit_activity
from activities.selectors.resolutions import may_follow_up
from core.errors import DomainError
from core.transitions import Machine, Who, edge
from representatives.models import Representative

# The follow-up moves: forward only. A done resolution stays done (the meeting's record); a
# matter that comes back is a new resolution at the next meeting.
R = ResolutionStatus
FOLLOWERS = Who(
    lambda resolution, user: may_follow_up(user, resolution),
    gettext_lazy("Only staff of this workroom or the resolution's owner can follow it up."),
)
DONE_ALREADY = {R.DONE: gettext_lazy("This resolution is done; its follow-up cannot change.")}
MACHINE: Machine[Resolution] = Machine(
    Resolution,
    [
        edge(
            "progress",
            gettext_lazy("In progress"),
            {R.OPEN, R.IN_PROGRESS},
            R.IN_PROGRESS,
            FOLLOWERS,
            blocked=DONE_ALREADY,
        ),
        edge(
            "done",
            gettext_lazy("Done"),
            {R.OPEN, R.IN_PROGRESS},
            R.DONE,
            FOLLOWERS,
            blocked=DONE_ALREADY,
        ),
    ],
    noun=pgettext_lazy("what a move acts on", "resolution"),
)
# A follow-up's status → the move that reaches it.
MOVE_TO: dict[str, str] = {R.IN_PROGRESS: "progress", R.DONE: "done"}


@transaction.atomic
def resolution_add(
    activity: Activity,
    *,
    actor: User,
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
        raise DomainError(_("Only micro-deliberation meetings have resolutions."))
    if owner is None and not owner_note.strip():
        raise DomainError(_("Name who is responsible for this resolution."))
    return Resolution.objects.create(
        activity=activity, text=text, owner=owner, owner_note=owner_note, due_date=due_date
    )


def resolution_follow_up(
    resolution: Resolution, *, actor: User, status: str, note: str, version: int
) -> Resolution:
    """Record progress on a resolution: open → in progress → done (or open → done), with a note
    appended to the follow-up. Done is final. ``version`` is what the user saw."""
    if not may_follow_up(actor, resolution):
        raise PermissionDenied
    if status not in MOVE_TO:
        if resolution.status == R.DONE:
            raise DomainError(_("This resolution is done; its follow-up cannot change."))
        raise DomainError(_("This resolution cannot go back to not started."))
    now = timezone.now()
    line = f"[{timezone.localtime(now):%Y-%m-%d %H:%M} {actor.display_name}] {note.strip()}"
    follow_up = f"{resolution.follow_up}\n{line}" if resolution.follow_up else line
    MACHINE.move(
        resolution,
        MOVE_TO[status],
        actor=actor,
        version=version,
        changes={
            "follow_up": follow_up,
            "done_at": now if status == R.DONE else None,
            "updated_at": now,
        },
        note=note.strip(),
        at=now,
    )
    return resolution
