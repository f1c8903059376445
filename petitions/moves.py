"""The table of the six steps' moves and the machinery every move shares.

``MOVES`` says from which states a move may be made, where it leads and which roles may make
it. Templates read it (through ``allowed_moves``) to offer buttons; the move functions
(``petitions.workflow``, ``petitions.transfers``, ``petitions.attachments``) check it again
with ``check_move``, claim the request with ``claim`` (one conditional UPDATE on pk, version
and state: of two users acting at once exactly one wins) and record the step with
``log_event`` in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import RoleKind
from accounts.scope import has_role_on
from core.workdays import add_workdays
from petitions.models import DeadlinePolicy, Petition, PetitionEvent, State, Triage

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


class WorkflowError(Exception):
    """A refused move. ``str(error)`` is the message for the user; nothing was changed."""


class Conflict(WorkflowError):
    """Someone else changed the request between reading and acting."""


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    roles: tuple[str, ...]
    # Once the resident was dissatisfied twice only the liaison office may make these.
    supervised: bool = False


def _move(name, label, sources, target, roles, supervised=False):
    return Move(name, label, frozenset(sources), target, roles, supervised)


MOVES: dict[str, Move] = {
    m.name: m
    for m in (
        _move("receive", gettext_lazy("Receive"), {State.REGISTERED}, State.RECEIVED, ACTORS),
        _move(
            "on_the_spot",
            gettext_lazy("Answer on the spot"),
            {State.REGISTERED},
            State.REPLIED,
            ACTORS,
        ),
        # Notes and attachments do not change the state: a note after the reply ("回访电话未接通")
        # belongs in the record as much as one while handling.
        _move("note", gettext_lazy("Add a progress note"), OPEN, None, ACTORS),
        _move("attach", gettext_lazy("Add an attachment"), OPEN, None, ACTORS),
        _move(
            "transfer",
            gettext_lazy("Transfer to another workroom"),
            {State.REGISTERED, State.RECEIVED},
            None,
            STAFF,
            supervised=True,
        ),
        _move(
            "escalate",
            gettext_lazy("Escalate to the workroom above"),
            {State.REGISTERED, State.RECEIVED},
            None,
            STAFF,
            supervised=True,
        ),
        _move(
            "reassign",
            gettext_lazy("Change the handler"),
            {State.RECEIVED},
            None,
            STAFF,
            supervised=True,
        ),
        _move(
            "handle",
            gettext_lazy("Record the result"),
            {State.RECEIVED},
            State.HANDLED,
            ACTORS,
            supervised=True,
        ),
        _move(
            "reply",
            gettext_lazy("Record the reply"),
            {State.HANDLED},
            State.REPLIED,
            ACTORS,
            supervised=True,
        ),
        _move(
            "feedback",
            gettext_lazy("Record the return visit"),
            {State.REPLIED},
            State.FEEDBACK,
            ACTORS,
            supervised=True,
        ),
        _move(
            "archive",
            gettext_lazy("Archive"),
            {State.FEEDBACK},
            State.ARCHIVED,
            STAFF,
            supervised=True,
        ),
        # Back to "waiting for the return visit": the usual reason is a return visit recorded
        # wrongly or a resident who turns out not to be satisfied after all.
        _move(
            "unarchive",
            gettext_lazy("Take out of the archive"),
            {State.ARCHIVED},
            State.REPLIED,
            (RoleKind.ADMIN,),
        ),
    )
}


def may_move(petition: Petition, user, name: str) -> bool:
    """Whether ``user`` may make move ``name`` on ``petition`` now (state and role)."""
    move = MOVES[name]
    if petition.state not in move.sources:
        return False
    roles = move.roles
    if move.supervised and petition.needs_liaison_office:
        roles = tuple(r for r in roles if r in SUPERVISORS)
    return has_role_on(user, petition.workroom.area, *roles)


def allowed_moves(petition: Petition, user) -> list[Move]:
    """The moves to offer ``user`` on ``petition``: what the detail page shows as actions."""
    return [move for name, move in MOVES.items() if may_move(petition, user, name)]


def conflict(petition: Petition) -> Conflict:
    latest = Petition.objects.filter(pk=petition.pk).select_related("updated_by").first()
    who = latest.updated_by.display_name if latest and latest.updated_by else _("someone")
    return Conflict(
        _("This request was changed by %(who)s just now. Check it and try again.") % {"who": who}
    )


def check_move(petition: Petition, user, name: str, version: int | None = None) -> Move:
    move = MOVES[name]
    if version is not None and version != petition.version:
        raise conflict(petition)
    if petition.state == State.ARCHIVED and name != "unarchive":
        raise WorkflowError(_("This request is archived and can no longer change."))
    if petition.state not in move.sources:
        raise WorkflowError(
            _("“%(move)s” is not possible while the request is “%(state)s”.")
            % {"move": move.label, "state": petition.get_state_display()}
        )
    if not may_move(petition, user, name):
        if (
            move.supervised
            and petition.needs_liaison_office
            and has_role_on(user, petition.workroom.area, *move.roles)
        ):
            raise WorkflowError(
                _("The resident was dissatisfied twice: only the liaison office may act now.")
            )
        raise WorkflowError(_("Your role does not allow this step on this request."))
    return move


def require_choice(value: str, choices, message: str) -> str:
    if value not in choices.values:
        raise WorkflowError(message)
    return value


def claim(petition: Petition, *, actor, target: str | None, **changes) -> None:
    """Move the request with one conditional UPDATE; 0 rows means someone was faster.

    Must run inside the step's transaction: on PostgreSQL the loser's UPDATE waits for the
    winner's commit, then finds the version changed and matches no row.
    """
    now = timezone.now()
    values = {"version": F("version") + 1, "updated_by": actor, "updated_at": now, **changes}
    if target:
        values["state"] = target
    claimed = Petition.objects.filter(
        pk=petition.pk, version=petition.version, state=petition.state
    ).update(**values)
    if claimed != 1:
        raise conflict(petition)
    petition.version += 1
    petition.updated_by = actor
    petition.updated_at = now
    if target:
        petition.state = target
    for field, value in changes.items():
        setattr(petition, field, value)


def log_event(petition, kind, *, actor, from_state="", to_state="", note="", data=None, at=None):
    return PetitionEvent.objects.create(
        petition=petition,
        kind=kind,
        actor=actor,
        at=at or timezone.now(),
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
    )


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
