"""The six steps 登记→接待→处理→回复→反馈→归档: the functions that make the moves.

The table of moves is ``petitions.moves.MACHINE`` (built with ``core.transitions``); import
everything from this module, which also carries the transfers. Each function enforces the table
through ``MACHINE.move``: check (a stale ``version`` is a ``Conflict`` naming who changed the request),
one conditional UPDATE on (pk, state, version) so that of two users acting at once exactly one
wins, and the audit entry, all in one transaction. Each function holds only its own rule.

Refusals raise ``DomainError`` (a translated message; nothing changed); a lost race raises
``Conflict``. After the second dissatisfied return visit only the liaison office (or an
administrator) may take the request further.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import has_role_on
from core import audit
from core.errors import Conflict, DomainError
from core.transitions import Outsider, Step
from petitions.models import (
    Category,
    Channel,
    EventKind,
    Petition,
    ReplyMethod,
    Resolution,
    Satisfaction,
    State,
    Triage,
)
from petitions.moves import (
    ACTORS,
    DEFAULT_DEADLINE_DAYS,
    MACHINE,
    MOVES,
    OPEN,
    STAFF,
    SUPERVISORS,
    allowed_moves,
    deadline_for,
    may_move,
    require_choice,
)
from petitions.online import mark_spam, not_spam, register_online
from petitions.referrals import refuse_while_open
from petitions.transfers import escalate, transfer, transfer_targets

# The one module pages and other apps import the workflow from.
__all__ = [
    "ACTORS",
    "DEFAULT_DEADLINE_DAYS",
    "MACHINE",
    "MOVES",
    "OPEN",
    "REGISTER_FIELDS",
    "STAFF",
    "SUPERVISORS",
    "Conflict",
    "DomainError",
    "add_note",
    "allowed_moves",
    "answer_on_the_spot",
    "archive",
    "deadline_for",
    "escalate",
    "feedback",
    "handle",
    "mark_spam",
    "may_move",
    "not_spam",
    "reassign",
    "receive",
    "register",
    "register_online",
    "reply",
    "transfer",
    "transfer_targets",
    "unarchive",
]

# --- 登记 register ----------------------------------------------------------------------------

# What ``register`` accepts besides the workroom, the actor and the activity: never state,
# version, dates.
REGISTER_FIELDS = frozenset(
    {
        "resident_name",
        "resident_phone",
        "resident_address",
        "resident_is_party_member",
        "anonymous_publicly",
        "channel",
        "category",
        "title",
        "place",
        "content",
        "duty_shift",
    }
)


# How far back a visit may be logged (a morning's visits entered in the afternoon, a week of
# household visits at the end of it).
BACKDATE_DAYS = 30


def register(
    *,
    workroom: Any,
    actor: User,
    activity: Any = None,
    registered_at: datetime | None = None,
    **fields: Any,
) -> Petition:
    """Record a new request at ``workroom``; ``fields`` are the register fields
    (``REGISTER_FIELDS``); ``activity`` is the visit or meeting it came up at, which must be of
    the same workroom; ``registered_at`` is when the resident came (default now, at most
    ``BACKDATE_DAYS`` back). The actor needs a role reaching the workroom's area."""
    unknown = set(fields) - REGISTER_FIELDS
    if unknown:
        raise TypeError(f"register() got unexpected fields: {', '.join(sorted(unknown))}")
    if not has_role_on(actor, workroom.area, *ACTORS):
        raise DomainError(_("Your role does not allow registering requests here."))
    if not workroom.is_active:
        raise DomainError(_("That workroom is closed."))
    for name in ("resident_name", "title", "content"):
        if not str(fields.get(name, "")).strip():
            raise DomainError(_("Give the resident's name, the subject and what they ask."))
    require_choice(fields.get("channel", ""), Channel, _("Choose how the request came in."))
    require_choice(fields.get("category", ""), Category, _("Choose a category."))
    shift = fields.get("duty_shift")
    if shift is not None and shift.workroom_id != workroom.pk:
        raise DomainError(_("This duty shift belongs to another workroom."))
    if activity is not None and activity.workroom_id != workroom.pk:
        raise DomainError(_("This activity belongs to another workroom."))
    now = timezone.now()
    visited = registered_at or now
    if visited > now + timedelta(minutes=1):
        raise DomainError(_("The visit cannot be in the future."))
    if visited < now - timedelta(days=BACKDATE_DAYS):
        raise DomainError(
            _("A visit can be logged up to %(days)d days back.") % {"days": BACKDATE_DAYS}
        )
    data = (
        {}
        if registered_at is None
        else {"visited_at": f"{timezone.localtime(visited):%Y-%m-%d %H:%M}"}
    )
    with transaction.atomic():
        petition: Petition = Petition.objects.create(
            workroom=workroom,
            registered_by=actor,
            registered_at=min(visited, now),
            updated_by=actor,
            activity=activity,
            **fields,
        )
        audit.log(
            petition,
            EventKind.REGISTER,
            actor=actor,
            to_state=State.REGISTERED,
            at=now,
            data=data,
        )
    return petition


# --- 接待 receive ------------------------------------------------------------------------------


def _reception(triage: str, handler: User, deadline: date, representative: Any) -> dict[str, Any]:
    return {
        "triage": triage,
        "handler": handler.pk,
        "handler_name": handler.display_name,
        "deadline": deadline.isoformat(),
        "representative": getattr(representative, "name", ""),
    }


def receive(
    petition: Petition,
    *,
    actor: User,
    triage: str,
    handler: User,
    receiving_representative: Any = None,
    note: str = "",
    version: int | None = None,
) -> Petition:
    """Hear the request and triage it (请示办 or 限时办); name the responsible handler, who is
    told by e-mail after the commit. The deadline runs from today."""
    MACHINE.check(petition, actor, "receive", version=version)
    if triage == Triage.ON_THE_SPOT:
        raise DomainError(_("Use “Answer on the spot” to answer a request on the spot."))
    require_choice(triage, Triage, _("Choose how the request is to be dealt with."))
    _check_handler(petition, handler)
    _check_representative(petition, receiving_representative)
    now = timezone.now()
    deadline = deadline_for(triage, start=timezone.localdate(now))
    MACHINE.move(
        petition,
        "receive",
        actor=actor,
        version=version,
        changes={
            "triage": triage,
            "handler": handler,
            "receiving_representative": receiving_representative,
            "received_at": now,
            "deadline": deadline,
        },
        note=note,
        data=_reception(triage, handler, deadline, receiving_representative),
        at=now,
        then=lambda: _notify_assigned(petition),
    )
    return petition


def answer_on_the_spot(
    petition: Petition,
    *,
    actor: User,
    handling_result: str,
    reply_content: str,
    reply_method: str,
    receiving_representative: Any = None,
    satisfaction: str = "",
    resolution: str = "",
    version: int | None = None,
) -> Petition:
    """小事当场办: receive, handle and reply in one sitting; each step is still recorded (three
    audit entries, in order). The actor is the handler ("谁走访谁负责").

    With the resident's ``satisfaction`` and ``resolution`` (they are there to say), the return
    visit is recorded in the same sitting and, when they are satisfied and the actor may archive,
    the request is archived too: closed in one submit. Dissatisfied, it goes back to handling."""
    MACHINE.check(petition, actor, "on_the_spot", version=version)
    if not handling_result.strip() or not reply_content.strip():
        raise DomainError(_("Write what was done and what the resident was told."))
    require_choice(reply_method, ReplyMethod, _("Choose how the resident was told."))
    if satisfaction or resolution:
        require_choice(satisfaction, Satisfaction, _("Choose how satisfied the resident is."))
        require_choice(resolution, Resolution, _("Choose whether the matter was solved."))
    _check_representative(petition, receiving_representative)
    now = timezone.now()
    deadline = deadline_for(Triage.ON_THE_SPOT, start=timezone.localdate(now))
    reception = _reception(Triage.ON_THE_SPOT, actor, deadline, receiving_representative)
    with transaction.atomic():
        _answer_now(
            petition,
            actor=actor,
            version=version,
            now=now,
            reception=reception,
            changes={
                "triage": Triage.ON_THE_SPOT,
                "handler": actor,
                "receiving_representative": receiving_representative,
                "received_at": now,
                "deadline": deadline,
                "handling_result": handling_result,
                "handled_at": now,
                "reply_content": reply_content,
                "reply_method": reply_method,
                "replied_at": now,
            },
        )
        if satisfaction:
            feedback(petition, actor=actor, satisfaction=satisfaction, resolution=resolution)
            if MACHINE.can(petition, actor, "archive"):
                archive(petition, actor=actor, note=_("Closed on the spot."))
    return petition


def _answer_now(
    petition: Petition,
    *,
    actor: User,
    version: int | None,
    now: datetime,
    reception: dict[str, Any],
    changes: dict[str, Any],
) -> None:
    MACHINE.move(
        petition,
        "on_the_spot",
        actor=actor,
        version=version,
        changes=changes,
        at=now,
        steps=[
            Step(EventKind.RECEIVE, State.REGISTERED, State.RECEIVED, "", reception),
            Step(EventKind.HANDLE, State.RECEIVED, State.HANDLED, changes["handling_result"]),
            Step(
                EventKind.REPLY,
                State.HANDLED,
                State.REPLIED,
                changes["reply_content"],
                {"method": changes["reply_method"]},
            ),
        ],
    )


def _check_handler(petition: Petition, handler: User | None) -> None:
    if handler is None or not handler.is_active:
        raise DomainError(_("Name the responsible handler."))
    if not has_role_on(handler, petition.workroom.area, *ACTORS):
        raise DomainError(
            _("%(name)s has no role at this workroom and cannot handle the request.")
            % {"name": handler.display_name}
        )


def _check_representative(petition: Petition, representative: Any) -> None:
    """The receiving representative must be stationed at the request's workroom today."""
    if representative is None:
        return
    stationed = representative.assignments.current().filter(workroom=petition.workroom_id)
    if not representative.is_active or not stationed.exists():
        raise DomainError(
            _("%(name)s is not a representative of this workroom.") % {"name": representative.name}
        )


def _notify_assigned(petition: Petition) -> None:
    from petitions.notifications import notify_assigned

    notify_assigned(petition)


# --- 处理 handle -------------------------------------------------------------------------------


def add_note(petition: Petition, *, actor: User, note: str, version: int | None = None) -> Petition:
    """A progress note. Bumps the version: whoever has the page open sees it before acting."""
    MACHINE.check(petition, actor, "note", version=version)
    if not note.strip():
        raise DomainError(_("The note is empty."))
    MACHINE.move(petition, "note", actor=actor, version=version, note=note)
    return petition


def reassign(
    petition: Petition,
    *,
    actor: User,
    handler: User,
    note: str = "",
    version: int | None = None,
) -> Petition:
    """Name another responsible handler (also after a transfer, which clears the handler);
    the new handler is told by e-mail after the commit."""
    MACHINE.check(petition, actor, "reassign", version=version)
    _check_handler(petition, handler)
    if handler.pk == petition.handler_id:
        raise DomainError(
            _("%(name)s already handles this request.") % {"name": handler.display_name}
        )
    MACHINE.move(
        petition,
        "reassign",
        actor=actor,
        version=version,
        changes={"handler": handler},
        note=note,
        data={"handler": handler.pk, "handler_name": handler.display_name},
        then=lambda: _notify_assigned(petition),
    )
    return petition


def handle(petition: Petition, *, actor: User, result: str, version: int | None = None) -> Petition:
    """Record what was done (办理结果)."""
    MACHINE.check(petition, actor, "handle", version=version)
    if not result.strip():
        raise DomainError(_("Write what was done."))
    refuse_while_open(petition, _("Recording the result"))
    now = timezone.now()
    MACHINE.move(
        petition,
        "handle",
        actor=actor,
        version=version,
        changes={"handling_result": result, "handled_at": now},
        note=result,
        at=now,
    )
    return petition


# --- 回复 reply --------------------------------------------------------------------------------


def reply(
    petition: Petition,
    *,
    actor: User,
    content: str,
    method: str,
    replied_at: datetime | None = None,
    version: int | None = None,
) -> Petition:
    """What the resident was told, how and when (every request is answered, "no" included).

    ``replied_at`` (default now) is when the resident was told and what the deadline is
    measured against; the audit entry is dated when it was recorded, so the history stays in
    the order things were entered, and carries ``replied_at`` in its data.
    """
    MACHINE.check(petition, actor, "reply", version=version)
    if not content.strip():
        raise DomainError(_("Write what the resident was told."))
    require_choice(method, ReplyMethod, _("Choose how the resident was told."))
    now = timezone.now()
    replied_at = replied_at or now
    if replied_at > now:
        raise DomainError(_("The reply cannot be in the future."))
    if petition.received_at and replied_at < petition.received_at:
        raise DomainError(_("The reply cannot be before the request was received."))
    MACHINE.move(
        petition,
        "reply",
        actor=actor,
        version=version,
        changes={"reply_content": content, "reply_method": method, "replied_at": replied_at},
        note=content,
        data={"method": method, "replied_at": replied_at.isoformat()},
        at=now,
    )
    return petition


# --- 反馈 feedback -----------------------------------------------------------------------------


def feedback(
    petition: Petition,
    *,
    actor: User | Outsider,
    satisfaction: str,
    resolution: str,
    note: str = "",
    version: int | None = None,
) -> Petition:
    """The return visit (回访), or the resident's own feedback online when ``actor`` is an
    ``Outsider`` holding the request's tracking code: the same step, made once, by whoever is
    first. Dissatisfied or not solved sends the request back to handling (the ``return`` move:
    state RECEIVED, ``returns`` + 1, a new deadline from today); after the second return only
    the liaison office may take it further."""
    name = "resident_feedback" if isinstance(actor, Outsider) else "feedback"
    MACHINE.check(petition, actor, name, version=version)
    require_choice(satisfaction, Satisfaction, _("Choose how satisfied the resident is."))
    require_choice(resolution, Resolution, _("Choose whether the matter was solved."))
    now = timezone.now()
    unhappy = satisfaction == Satisfaction.DISSATISFIED or resolution == Resolution.NOT_SOLVED
    with transaction.atomic():
        MACHINE.move(
            petition,
            name,
            actor=actor,
            version=version,
            changes={"satisfaction": satisfaction, "resolution": resolution, "feedback_at": now},
            note=note,
            data={"satisfaction": satisfaction, "resolution": resolution},
            at=now,
        )
        if unhappy:
            _send_back(petition, actor=actor, at=now)
    return petition


def _send_back(petition: Petition, *, actor: User | Outsider, at: datetime) -> None:
    returns = petition.returns + 1
    # An on-the-spot answer that did not satisfy is no longer a small matter: its second round
    # gets the time-limited deadline, not "today".
    triage = petition.triage if petition.triage in Triage.values else Triage.TIME_LIMITED
    if triage == Triage.ON_THE_SPOT:
        triage = Triage.TIME_LIMITED
    deadline = deadline_for(triage, start=timezone.localdate(at))
    MACHINE.move(
        petition,
        "return",
        actor=actor,
        changes={
            "returns": returns,
            "needs_liaison_office": returns >= 2,
            "deadline": deadline,
            # The request is back before handling: the next round records its own dates; the
            # first round's stay in the audit log.
            "handled_at": None,
            "replied_at": None,
        },
        data={"returns": returns, "deadline": deadline.isoformat()},
        at=at,
        then=lambda: _notify_returned(petition),
    )


def _notify_returned(petition: Petition) -> None:
    from petitions.notifications import notify_returned

    notify_returned(petition)


# --- 归档 archive ------------------------------------------------------------------------------


def archive(
    petition: Petition, *, actor: User, note: str = "", version: int | None = None
) -> Petition:
    """Enter the ledger (党代表工作台账); the request is read-only from now on."""
    MACHINE.move(
        petition,
        "archive",
        actor=actor,
        version=version,
        changes={"archived_at": timezone.now()},
        note=note,
    )
    return petition


def unarchive(
    petition: Petition, *, actor: User, reason: str, version: int | None = None
) -> Petition:
    """An administrator's correction, with a mandatory reason, audited: the request goes back
    to waiting for its return visit (the earlier one stays in the audit log)."""
    MACHINE.check(petition, actor, "unarchive", version=version)
    if not reason.strip():
        raise DomainError(_("Give the reason for taking the request out of the archive."))
    MACHINE.move(
        petition,
        "unarchive",
        actor=actor,
        version=version,
        changes={"archived_at": None, "feedback_at": None},
        note=reason,
    )
    return petition
