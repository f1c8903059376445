"""The six steps 登记→接待→处理→回复→反馈→归档, enforced here and only here.

``MOVES`` (in ``petitions.moves``) is the table of allowed moves: from which states a move may
be made, where it leads and which roles may make it. Templates read it (through
``allowed_moves``) to offer buttons, but every function below checks it again: a hand-made POST
gets the same refusal. Import everything from this module: it also carries the transfers
(``petitions.transfers``) and the table; attachments are ``petitions.attachments``.

Each function takes the request and the acting user (keyword-only), checks the move, claims it
with a conditional UPDATE on (pk, version, state) so that of two users acting at once exactly
one wins, and writes the audit event in the same transaction. Refusals raise ``WorkflowError``
(a translated message for the user; nothing was changed); a lost race raises ``Conflict``
naming who was faster.

Every move accepts ``version``: the version of the request the user saw (forms carry it in a
hidden field). When it is no longer the current one, the move is refused with ``Conflict``
before anything else, so a user acting on a stale page is told who changed the request rather
than that the step "is not possible" any more.

The one allowed return: a dissatisfied (or unsolved) return visit sends the request from
反馈 back to 接待 (``State.RECEIVED``) with a new deadline; after the second such return only the
liaison office (or an administrator) may take the request further (``Move.supervised``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import has_role_on
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
    MOVES,
    OPEN,
    STAFF,
    SUPERVISORS,
    Conflict,
    Move,
    WorkflowError,
    allowed_moves,
    check_move,
    claim,
    deadline_for,
    log_event,
    may_move,
    require_choice,
)
from petitions.transfers import escalate, transfer, transfer_targets

# The one module pages and other apps import the workflow from.
__all__ = [
    "ACTORS",
    "DEFAULT_DEADLINE_DAYS",
    "MOVES",
    "OPEN",
    "REGISTER_FIELDS",
    "STAFF",
    "SUPERVISORS",
    "Conflict",
    "Move",
    "WorkflowError",
    "add_note",
    "allowed_moves",
    "answer_on_the_spot",
    "archive",
    "deadline_for",
    "escalate",
    "feedback",
    "handle",
    "may_move",
    "reassign",
    "receive",
    "register",
    "reply",
    "transfer",
    "transfer_targets",
    "unarchive",
]

# What ``register`` accepts besides the workroom and the actor: never state, version, dates.
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
        "content",
        "duty_shift",
    }
)

# --- 登记 register ----------------------------------------------------------------------------


def register(*, workroom, actor, **fields) -> Petition:
    """Record a new request at ``workroom``; ``fields`` are the register fields
    (``REGISTER_FIELDS``). The actor needs a role reaching the workroom's area."""
    unknown = set(fields) - REGISTER_FIELDS
    if unknown:
        raise TypeError(f"register() got unexpected fields: {', '.join(sorted(unknown))}")
    if not has_role_on(actor, workroom.area, *ACTORS):
        raise WorkflowError(_("Your role does not allow registering requests here."))
    if not workroom.is_active:
        raise WorkflowError(_("That workroom is closed."))
    for name in ("resident_name", "title", "content"):
        if not str(fields.get(name, "")).strip():
            raise WorkflowError(_("Give the resident's name, the subject and what they ask."))
    require_choice(fields.get("channel", ""), Channel, _("Choose how the request came in."))
    require_choice(fields.get("category", ""), Category, _("Choose a category."))
    shift = fields.get("duty_shift")
    if shift is not None and shift.workroom_id != workroom.pk:
        raise WorkflowError(_("This duty shift belongs to another workroom."))
    now = timezone.now()
    with transaction.atomic():
        petition = Petition.objects.create(
            workroom=workroom,
            registered_by=actor,
            registered_at=now,
            updated_by=actor,
            **fields,
        )
        log_event(petition, EventKind.REGISTER, actor=actor, to_state=State.REGISTERED, at=now)
    return petition


# --- 接待 receive ------------------------------------------------------------------------------


def receive(
    petition: Petition,
    *,
    actor,
    triage: str,
    handler,
    receiving_representative=None,
    note: str = "",
    version: int | None = None,
) -> Petition:
    """Hear the request and triage it (请示办 or 限时办); name the responsible handler, who is
    told by e-mail after the commit. The deadline runs from today."""
    move = check_move(petition, actor, "receive", version)
    if triage == Triage.ON_THE_SPOT:
        raise WorkflowError(_("Use “Answer on the spot” to answer a request on the spot."))
    require_choice(triage, Triage, _("Choose how the request is to be dealt with."))
    _check_handler(petition, handler)
    _check_representative(petition, receiving_representative)
    now = timezone.now()
    deadline = deadline_for(triage, start=timezone.localdate(now))
    with transaction.atomic():
        claim(
            petition,
            actor=actor,
            target=move.target,
            triage=triage,
            handler=handler,
            receiving_representative=receiving_representative,
            received_at=now,
            deadline=deadline,
        )
        log_event(
            petition,
            EventKind.RECEIVE,
            actor=actor,
            from_state=State.REGISTERED,
            to_state=State.RECEIVED,
            note=note,
            at=now,
            data={
                "triage": triage,
                "handler": handler.pk,
                "handler_name": handler.display_name,
                "deadline": deadline.isoformat(),
                "representative": getattr(receiving_representative, "name", ""),
            },
        )
        _notify_assigned(petition)
    return petition


def answer_on_the_spot(
    petition: Petition,
    *,
    actor,
    handling_result: str,
    reply_content: str,
    reply_method: str,
    receiving_representative=None,
    version: int | None = None,
) -> Petition:
    """小事当场办: receive, handle and reply in one sitting; each step is still recorded (three
    events, in order). The actor is the handler ("谁走访谁负责"); the return visit follows."""
    check_move(petition, actor, "on_the_spot", version)
    if not handling_result.strip() or not reply_content.strip():
        raise WorkflowError(_("Write what was done and what the resident was told."))
    require_choice(reply_method, ReplyMethod, _("Choose how the resident was told."))
    _check_representative(petition, receiving_representative)
    now = timezone.now()
    deadline = deadline_for(Triage.ON_THE_SPOT, start=timezone.localdate(now))
    with transaction.atomic():
        claim(
            petition,
            actor=actor,
            target=State.REPLIED,
            triage=Triage.ON_THE_SPOT,
            handler=actor,
            receiving_representative=receiving_representative,
            received_at=now,
            deadline=deadline,
            handling_result=handling_result,
            handled_at=now,
            reply_content=reply_content,
            reply_method=reply_method,
            replied_at=now,
        )
        receive_data = {
            "triage": Triage.ON_THE_SPOT,
            "handler": actor.pk,
            "handler_name": actor.display_name,
            "deadline": deadline.isoformat(),
            "representative": getattr(receiving_representative, "name", ""),
        }
        steps = [
            (EventKind.RECEIVE, State.REGISTERED, State.RECEIVED, "", receive_data),
            (EventKind.HANDLE, State.RECEIVED, State.HANDLED, handling_result, {}),
            (
                EventKind.REPLY,
                State.HANDLED,
                State.REPLIED,
                reply_content,
                {"method": reply_method},
            ),
        ]
        for kind, source, target, text, data in steps:
            log_event(
                petition,
                kind,
                actor=actor,
                from_state=source,
                to_state=target,
                note=text,
                data=data,
                at=now,
            )
    return petition


def _check_handler(petition: Petition, handler) -> None:
    if handler is None or not handler.is_active:
        raise WorkflowError(_("Name the responsible handler."))
    if not has_role_on(handler, petition.workroom.area, *ACTORS):
        raise WorkflowError(
            _("%(name)s has no role at this workroom and cannot handle the request.")
            % {"name": handler.display_name}
        )


def _check_representative(petition: Petition, representative) -> None:
    """The receiving representative must be stationed at the request's workroom today."""
    if representative is None:
        return
    stationed = representative.assignments.current().filter(workroom=petition.workroom_id)
    if not representative.is_active or not stationed.exists():
        raise WorkflowError(
            _("%(name)s is not a representative of this workroom.") % {"name": representative.name}
        )


def _notify_assigned(petition: Petition) -> None:
    # Imported here: notifications import this module's models and errors.
    from petitions.notifications import notify_assigned

    notify_assigned(petition)


# --- 处理 handle -------------------------------------------------------------------------------


def add_note(petition: Petition, *, actor, note: str, version: int | None = None) -> Petition:
    """A progress note. Bumps the version: whoever has the page open sees it before acting."""
    check_move(petition, actor, "note", version)
    if not note.strip():
        raise WorkflowError(_("The note is empty."))
    with transaction.atomic():
        claim(petition, actor=actor, target=None)
        log_event(petition, EventKind.NOTE, actor=actor, note=note)
    return petition


def reassign(
    petition: Petition, *, actor, handler, note: str = "", version: int | None = None
) -> Petition:
    """Name another responsible handler (also after a transfer, which clears the handler);
    the new handler is told by e-mail after the commit."""
    check_move(petition, actor, "reassign", version)
    _check_handler(petition, handler)
    if handler.pk == petition.handler_id:
        raise WorkflowError(
            _("%(name)s already handles this request.") % {"name": handler.display_name}
        )
    with transaction.atomic():
        claim(petition, actor=actor, target=None, handler=handler)
        log_event(
            petition,
            EventKind.REASSIGN,
            actor=actor,
            note=note,
            data={"handler": handler.pk, "handler_name": handler.display_name},
        )
        _notify_assigned(petition)
    return petition


def handle(petition: Petition, *, actor, result: str, version: int | None = None) -> Petition:
    """Record what was done (办理结果)."""
    move = check_move(petition, actor, "handle", version)
    if not result.strip():
        raise WorkflowError(_("Write what was done."))
    now = timezone.now()
    with transaction.atomic():
        claim(petition, actor=actor, target=move.target, handling_result=result, handled_at=now)
        log_event(
            petition,
            EventKind.HANDLE,
            actor=actor,
            from_state=State.RECEIVED,
            to_state=State.HANDLED,
            note=result,
            at=now,
        )
    return petition


# --- 回复 reply --------------------------------------------------------------------------------


def reply(
    petition: Petition,
    *,
    actor,
    content: str,
    method: str,
    replied_at=None,
    version: int | None = None,
) -> Petition:
    """What the resident was told, how and when (every request is answered, "no" included).

    ``replied_at`` (default now) is when the resident was told and what the deadline is
    measured against; the event is dated when it was recorded, so the timeline stays in the
    order things were entered, and carries ``replied_at`` in its data.
    """
    move = check_move(petition, actor, "reply", version)
    if not content.strip():
        raise WorkflowError(_("Write what the resident was told."))
    require_choice(method, ReplyMethod, _("Choose how the resident was told."))
    now = timezone.now()
    replied_at = replied_at or now
    if replied_at > now:
        raise WorkflowError(_("The reply cannot be in the future."))
    if petition.received_at and replied_at < petition.received_at:
        raise WorkflowError(_("The reply cannot be before the request was received."))
    with transaction.atomic():
        claim(
            petition,
            actor=actor,
            target=move.target,
            reply_content=content,
            reply_method=method,
            replied_at=replied_at,
        )
        log_event(
            petition,
            EventKind.REPLY,
            actor=actor,
            from_state=State.HANDLED,
            to_state=State.REPLIED,
            note=content,
            data={"method": method, "replied_at": replied_at.isoformat()},
            at=now,
        )
    return petition


# --- 反馈 feedback -----------------------------------------------------------------------------


def feedback(
    petition: Petition,
    *,
    actor,
    satisfaction: str,
    resolution: str,
    note: str = "",
    version: int | None = None,
) -> Petition:
    """The return visit (回访). Dissatisfied or not solved sends the request back to handling
    (state RECEIVED, ``returns`` + 1, a new deadline from today); after the second return only
    the liaison office may take it further."""
    check_move(petition, actor, "feedback", version)
    require_choice(satisfaction, Satisfaction, _("Choose how satisfied the resident is."))
    require_choice(resolution, Resolution, _("Choose whether the matter was solved."))
    now = timezone.now()
    unhappy = satisfaction == Satisfaction.DISSATISFIED or resolution == Resolution.NOT_SOLVED
    data = {"satisfaction": satisfaction, "resolution": resolution}
    answers = {"satisfaction": satisfaction, "resolution": resolution, "feedback_at": now}
    if not unhappy:
        with transaction.atomic():
            claim(petition, actor=actor, target=State.FEEDBACK, **answers)
            log_event(
                petition,
                EventKind.FEEDBACK,
                actor=actor,
                from_state=State.REPLIED,
                to_state=State.FEEDBACK,
                note=note,
                data=data,
                at=now,
            )
        return petition
    returns = petition.returns + 1
    # An on-the-spot answer that did not satisfy is no longer a small matter: its second round
    # gets the time-limited deadline, not "today".
    triage = petition.triage if petition.triage in Triage.values else Triage.TIME_LIMITED
    if triage == Triage.ON_THE_SPOT:
        triage = Triage.TIME_LIMITED
    deadline = deadline_for(triage, start=timezone.localdate(now))
    with transaction.atomic():
        claim(
            petition,
            actor=actor,
            target=State.RECEIVED,
            **answers,
            returns=returns,
            needs_liaison_office=returns >= 2,
            deadline=deadline,
            # The request is back before handling: the next round records its own dates; the
            # first round's stay in the events.
            handled_at=None,
            replied_at=None,
        )
        log_event(
            petition,
            EventKind.FEEDBACK,
            actor=actor,
            from_state=State.REPLIED,
            to_state=State.FEEDBACK,
            note=note,
            data=data,
            at=now,
        )
        log_event(
            petition,
            EventKind.RETURN,
            actor=actor,
            from_state=State.FEEDBACK,
            to_state=State.RECEIVED,
            data={"returns": returns, "deadline": deadline.isoformat()},
            at=now,
        )
    return petition


# --- 归档 archive ------------------------------------------------------------------------------


def archive(petition: Petition, *, actor, note: str = "", version: int | None = None) -> Petition:
    """Enter the ledger (党代表工作台账); the request is read-only from now on."""
    move = check_move(petition, actor, "archive", version)
    now = timezone.now()
    with transaction.atomic():
        claim(petition, actor=actor, target=move.target, archived_at=now)
        log_event(
            petition,
            EventKind.ARCHIVE,
            actor=actor,
            from_state=State.FEEDBACK,
            to_state=State.ARCHIVED,
            note=note,
            at=now,
        )
    return petition


def unarchive(petition: Petition, *, actor, reason: str, version: int | None = None) -> Petition:
    """An administrator's correction, with a mandatory reason, audited: the request goes back
    to waiting for its return visit (the earlier one stays in the events)."""
    move = check_move(petition, actor, "unarchive", version)
    if not reason.strip():
        raise WorkflowError(_("Give the reason for taking the request out of the archive."))
    with transaction.atomic():
        claim(petition, actor=actor, target=move.target, archived_at=None, feedback_at=None)
        log_event(
            petition,
            EventKind.UNARCHIVE,
            actor=actor,
            from_state=State.ARCHIVED,
            to_state=move.target,
            note=reason,
        )
    return petition
