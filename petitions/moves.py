"""The table of the six steps' moves, built with ``core.transitions``.

``MACHINE`` says from which states each move may be made, where it leads and who may make it,
including the return from 反馈 to 接待 after a dissatisfied return visit and the on-the-spot answer
that passes three steps at once. Templates read it (``allowed_moves``) to offer buttons; the
step functions (``petitions.workflow``, ``petitions.transfers``, ``petitions.attachments``)
enforce it through ``MACHINE.move``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import RoleKind, User
from accounts.scope import has_role_on
from core.errors import DomainError
from core.transitions import Edge, Machine, Outsider, Who, edge, spam_marking
from core.workdays import add_workdays
from petitions.models import DeadlinePolicy, Petition, State, Triage

STAFF = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
ACTORS = (*STAFF, RoleKind.REPRESENTATIVE)
SUPERVISORS = (RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)

# Used when an administrator has not set a deadline rule for a triage (working days).
DEFAULT_DEADLINE_DAYS = {
    Triage.ON_THE_SPOT: 0,
    Triage.TIME_LIMITED: 5,
    Triage.REFER_UP: 15,
}

# Every state but archived: notes and attachments may be added in any of them.
OPEN = (State.REGISTERED, State.RECEIVED, State.HANDLED, State.REPLIED, State.FEEDBACK)


def roles_may(*roles: str, supervised: bool = False, on_spam: bool = False) -> Who:
    """Users holding one of ``roles`` at the request's current workroom. ``supervised``: once
    the resident was dissatisfied twice, only the liaison office and administrators. A request
    marked as spam allows no move but those made ``on_spam`` (putting it back)."""

    def allowed_roles(petition: Petition) -> tuple[str, ...]:
        if supervised and petition.needs_liaison_office:
            return tuple(r for r in roles if r in SUPERVISORS)
        return roles

    def test(petition: Petition, user: User) -> bool:
        if petition.spam_at is not None and not on_spam:
            return False
        return has_role_on(user, petition.workroom.area, *allowed_roles(petition))

    def refusal(petition: Petition, user: User) -> str:
        if petition.spam_at is not None and not on_spam:
            return _("This request is marked as spam: put it back before acting on it.")
        if (
            supervised
            and petition.needs_liaison_office
            and has_role_on(user, petition.workroom.area, *roles)
        ):
            return _("The resident was dissatisfied twice: only the liaison office may act now.")
        return _("Your role does not allow this step on this request.")

    return Who(test, refusal)


ARCHIVED = {State.ARCHIVED: gettext_lazy("This request is archived and can no longer change.")}
# Who may make each move; the views answer 403 to anyone holding none of these at the workroom.
MOVE_ROLES: dict[str, tuple[str, ...]] = {}


def _edge(
    name: str,
    label: Promise,
    sources: Iterable[str],
    target: str | None,
    roles: tuple[str, ...],
    *,
    supervised: bool = False,
    manual: bool = True,
    outsiders: bool = False,
) -> Edge:
    MOVE_ROLES[name] = roles
    blocked = {} if name == "unarchive" else ARCHIVED
    who = roles_may(*roles, supervised=supervised)
    if outsiders:
        staff = who
        who = Who(
            lambda p, u: isinstance(u, Outsider) or staff.test(p, u), staff.refusal, outsiders=True
        )
    return edge(name, label, sources, target, who, blocked=blocked, manual=manual)


_NOT_STAFF = gettext_lazy("Only the resident gives this feedback, from the tracking page.")


def _online_and(staff: Who, *, spam: bool) -> Who:
    """Staff of the workroom, on a request a resident raised online, that is (``spam``) or is
    not yet marked as spam."""
    return spam_marking(
        staff,
        online=lambda petition: petition.registered_by_id is None,
        spam=spam,
        not_online=gettext_lazy("Only a request raised online can be marked as spam."),
        already=gettext_lazy("This request is already marked as spam."),
        not_marked=gettext_lazy("This request is not marked as spam."),
    )


MACHINE: Machine[Petition] = Machine(
    Petition,
    [
        _edge("receive", gettext_lazy("Receive"), {State.REGISTERED}, State.RECEIVED, ACTORS),
        # 小事当场办: receive, handle and reply in one sitting (three audit entries).
        _edge(
            "on_the_spot",
            gettext_lazy("Answer on the spot"),
            {State.REGISTERED},
            State.REPLIED,
            ACTORS,
        ),
        # Notes and attachments do not change the state: a note after the reply ("回访电话未接通")
        # belongs in the record as much as one while handling.
        _edge("note", gettext_lazy("Add a progress note"), OPEN, None, ACTORS),
        _edge("attach", gettext_lazy("Add an attachment"), OPEN, None, ACTORS),
        _edge(
            "transfer",
            gettext_lazy("Transfer to another workroom"),
            {State.REGISTERED, State.RECEIVED},
            None,
            STAFF,
            supervised=True,
        ),
        _edge(
            "escalate",
            gettext_lazy("Escalate to the workroom above"),
            {State.REGISTERED, State.RECEIVED},
            None,
            STAFF,
            supervised=True,
        ),
        _edge(
            "reassign",
            gettext_lazy("Change the handler"),
            {State.RECEIVED},
            None,
            STAFF,
            supervised=True,
        ),
        # 请示办: ask a named superior (``petitions.referrals``); the state stays "received".
        _edge(
            "refer",
            gettext_lazy("Refer upward (请示)"),
            {State.RECEIVED},
            None,
            ACTORS,
            supervised=True,
        ),
        _edge(
            "handle",
            gettext_lazy("Record the result"),
            {State.RECEIVED},
            State.HANDLED,
            ACTORS,
            supervised=True,
        ),
        _edge(
            "reply",
            gettext_lazy("Record the reply"),
            {State.HANDLED},
            State.REPLIED,
            ACTORS,
            supervised=True,
        ),
        _edge(
            "feedback",
            gettext_lazy("Record the return visit"),
            {State.REPLIED},
            State.FEEDBACK,
            ACTORS,
            supervised=True,
        ),
        # The resident's own feedback on the tracking page (public/): the same step as a return
        # visit; whichever is made first counts, the other finds the state moved on.
        edge(
            "resident_feedback",
            gettext_lazy("Feedback from the resident (online)"),
            {State.REPLIED},
            State.FEEDBACK,
            Who(lambda p, u: isinstance(u, Outsider), _NOT_STAFF, outsiders=True),
            blocked=ARCHIVED,
            manual=False,
        ),
        # Dissatisfied or not solved: back to handling, with a new deadline. Made by ``feedback``
        # in the same transaction, never on its own; so also by the resident's feedback.
        _edge(
            "return",
            gettext_lazy("Send back to handling"),
            {State.FEEDBACK},
            State.RECEIVED,
            ACTORS,
            supervised=True,
            manual=False,
            outsiders=True,
        ),
        # A submission from the public that is spam or abuse leaves the queue and the counts; it
        # is kept, and can be restored (``petitions.spam``).
        edge(
            "spam",
            gettext_lazy("Mark as spam or abuse"),
            {State.REGISTERED, State.RECEIVED},
            None,
            _online_and(roles_may(*STAFF), spam=False),
            blocked=ARCHIVED,
        ),
        edge(
            "not_spam",
            gettext_lazy("Not spam: put it back"),
            {State.REGISTERED, State.RECEIVED},
            None,
            _online_and(roles_may(*STAFF, on_spam=True), spam=True),
        ),
        _edge(
            "archive",
            gettext_lazy("Archive"),
            {State.FEEDBACK},
            State.ARCHIVED,
            STAFF,
            supervised=True,
        ),
        # Back to "waiting for the return visit": the usual reason is a return visit recorded
        # wrongly or a resident who turns out not to be satisfied after all.
        _edge(
            "unarchive",
            gettext_lazy("Take out of the archive"),
            {State.ARCHIVED},
            State.REPLIED,
            (RoleKind.ADMIN,),
        ),
    ],
    noun=pgettext_lazy("what a move acts on", "request"),
    state_field="state",
    stamp=("updated_by", "updated_at"),
)

MOVE_ROLES.update(spam=STAFF, not_spam=STAFF)

# The moves a user makes from a page (one form and one URL each).
MOVES: dict[str, Edge] = {name: e for name, e in MACHINE.edges.items() if e.manual}

# The move that takes a request to its next step: the request page shows its form first, open.
NEXT_STEP = {
    State.REGISTERED: "receive",
    State.RECEIVED: "handle",
    State.HANDLED: "reply",
    State.REPLIED: "feedback",
    State.FEEDBACK: "archive",
}


def may_move(petition: Petition, user: Any, name: str) -> bool:
    """Whether ``user`` may make move ``name`` on ``petition`` now (state and role)."""
    return MACHINE.can(petition, user, name)


def allowed_moves(petition: Petition, user: Any) -> list[Edge]:
    """The moves to offer ``user`` on ``petition``: what the detail page shows as actions."""
    return MACHINE.allowed(petition, user)


def require_choice(value: str, choices: Any, message: str) -> str:
    if value not in choices.values:
        raise DomainError(message)
    return value


def deadline_for(triage: str, *, start: date) -> date:
    """The reply deadline: ``start`` plus the triage's working days on the Chinese calendar
    (holidays skipped, make-up working weekend days counted). The administrator's
    ``DeadlinePolicy`` row wins; without one, ``DEFAULT_DEADLINE_DAYS``."""
    days = (
        DeadlinePolicy.objects.filter(triage=triage).values_list("working_days", flat=True).first()
    )
    if days is None:
        days = DEFAULT_DEADLINE_DAYS[Triage(triage)]
    return add_workdays(start, days)
