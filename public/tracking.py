"""What the tracking page shows a resident, and the resident's feedback.

Only what the resident may know: the steps with their dates, who handles the matter by role
(never a staff member's name or number), the reply they were given, their own feedback. Never
the staff's notes, the handling result written for the ledger, or anyone's personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import RoleKind
from accounts.scope import has_role_on
from activities.models import Wish, WishStatus
from core.errors import DomainError
from core.transitions import Outsider
from petitions import workflow
from petitions.models import Petition, State
from public.models import Submission

# The role shown for whoever handles a request: the first one the handler holds there.
ROLE_ORDER = (RoleKind.REPRESENTATIVE, RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
ROLE_NAMES = {
    RoleKind.REPRESENTATIVE: gettext_lazy("a party representative"),
    RoleKind.CLERK: gettext_lazy("the workroom's staff"),
    RoleKind.LIAISON_OFFICE: gettext_lazy("the party liaison office"),
    RoleKind.ADMIN: gettext_lazy("the party liaison office"),
}


@dataclass(frozen=True)
class Step:
    label: str
    at: datetime | None
    done: bool


def handled_by(petition: Petition) -> str:
    """Who handles the request, by role only."""
    if petition.handler is None:
        return ""
    for kind in ROLE_ORDER:
        if has_role_on(petition.handler, petition.workroom.area, kind):
            return str(ROLE_NAMES[kind])
    return str(ROLE_NAMES[RoleKind.CLERK])


def request_steps(petition: Petition) -> list[Step]:
    """The six steps with the date each was reached (the current round after a return)."""
    dates = [
        (_("Registered"), petition.registered_at),
        (_("Received"), petition.received_at),
        (_("Handled"), petition.handled_at),
        (_("Replied"), petition.replied_at),
        (_("Feedback"), petition.feedback_at if petition.state in _AFTER_FEEDBACK else None),
        (_("Archived"), petition.archived_at if petition.state == State.ARCHIVED else None),
    ]
    reached = list(State.values).index(petition.state)
    return [Step(label, at, i <= reached) for i, (label, at) in enumerate(dates)]


_AFTER_FEEDBACK = (State.FEEDBACK, State.ARCHIVED)


def may_give_feedback(petition: Petition) -> bool:
    """After the reply and before any feedback: the tracking page offers the form."""
    return petition.spam_at is None and petition.state == State.REPLIED


def give_feedback(
    submission: Submission, *, satisfaction: str, resolution: str, comment: str
) -> Petition:
    """The resident's 反馈: the feedback step itself, made by an outsider holding the code.
    Dissatisfied or not solved sends the request back to handling with a new deadline, as a
    return visit would. Raises ``DomainError`` when it is not (or no longer) possible."""
    petition = Petition.with_spam.select_related("workroom__area").get(pk=submission.petition_id)
    if not may_give_feedback(petition):
        raise DomainError(_("Feedback is not possible on this request now."))
    return workflow.feedback(
        petition,
        actor=Outsider.holding(petition),
        satisfaction=satisfaction,
        resolution=resolution,
        note=comment.strip(),
    )


def wish_steps(wish: Wish) -> list[Step]:
    order = list(WishStatus.values)
    reached = order.index(wish.status)
    dates = [
        (_("Posted"), wish.recorded_at),
        (_("Claimed by a representative"), wish.claimed_at),
        (_("Fulfilled"), wish.fulfilled_at),
        (_("Confirmed"), wish.confirmed_at),
    ]
    return [
        Step(label, at if i <= reached else None, i <= reached)
        for i, (label, at) in enumerate(dates)
    ]


def view_of(submission: Submission) -> dict[str, Any]:
    """Everything the tracking page shows for ``submission``."""
    if submission.petition_id:
        petition = Petition.with_spam.select_related("workroom__area", "handler").get(
            pk=submission.petition_id
        )
        return {
            "petition": petition,
            "set_aside": petition.spam_at is not None,
            "steps": request_steps(petition),
            "handled_by": handled_by(petition),
            "may_give_feedback": may_give_feedback(petition),
            "workroom": petition.workroom,
        }
    wish = Wish.with_spam.select_related("workroom", "claimed_by").get(pk=submission.wish_id)
    return {
        "wish": wish,
        "set_aside": wish.spam_at is not None,
        "steps": wish_steps(wish),
        "workroom": wish.workroom,
    }
