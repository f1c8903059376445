"""The one kit every state machine is built with: a table, a check, a claim and a log entry.

A machine is declared as a table of edges (from which states a move may be made, where it
leads, who may make it). Templates read the table (``Machine.allowed``) to offer buttons; only
``Machine.move`` enforces it:

1. ``check``: a stale page (the version the user saw is no longer current) is a ``Conflict``;
   a move not possible in the current state, or by this user, is a ``DomainError`` with the
   edge's own message;
2. ``claim``: one conditional UPDATE on (pk, state, version) that also bumps the version, so of
   two users acting at once exactly one wins, on SQLite and PostgreSQL alike; the loser gets a
   ``Conflict`` naming who acted and when (read from the audit log), or "you already did this"
   when the winner was the same user;
3. ``core.audit.log``: who, when, which object, from → to, note, in the same transaction.

A step function then holds only its own rule and one call to ``move``::

    PETITION.move(petition, "handle", actor=user, version=v, note=result,
                  changes={"handling_result": result, "handled_at": now})
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.db import models, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core import audit
from core.errors import Conflict, DomainError

M = TypeVar("M", bound=models.Model)

# Sent once a move has committed, with ``sender`` the moved model, ``obj`` and ``move`` (the
# edge's name). A claim is a conditional UPDATE, which sends no ``post_save``: listeners that
# must know an object changed (the public pages' cache) listen here.
moved = Signal()
# A message for the user: a lazy translation, or a function of (object, user) giving one.
Message = str | Promise | Callable[[Any, Any], str]


def _text(message: Message, obj: Any, user: Any) -> str:
    return str(message(obj, user)) if callable(message) else str(message)


@dataclass(frozen=True)
class Outsider:
    """Someone acting without an account: a resident holding the tracking code of one object.

    Not a user: an outsider may make only the moves whose ``Who`` admits outsiders, only on the
    object its code opens; the audit entry has no actor and records ``by`` (the role) in its
    data, and "last changed by" stays empty.
    """

    role: str
    opens: tuple[str, Any]  # (model label, pk) of the one object the code opens
    is_authenticated = False
    pk = None

    @classmethod
    def holding(cls, obj: models.Model, role: str = "resident") -> Outsider:
        return cls(role, (obj._meta.label_lower, obj.pk))

    def holds(self, obj: Any) -> bool:
        return self.opens == (obj._meta.label_lower, obj.pk)


@dataclass(frozen=True)
class Who:
    """Who may make a move: a test on (object, user) and what anyone else is told.
    ``outsiders``: an ``Outsider`` holding the object may pass the test too."""

    test: Callable[[Any, Any], bool]
    refusal: Message
    outsiders: bool = False

    def allows(self, obj: Any, user: Any) -> bool:
        if isinstance(user, Outsider):
            return self.outsiders and user.holds(obj) and self.test(obj, user)
        return bool(getattr(user, "is_authenticated", False) and self.test(obj, user))


def spam_marking(
    staff: Who,
    *,
    online: Callable[[Any], bool],
    spam: bool,
    not_online: Message,
    already: Message,
    not_marked: Message,
) -> Who:
    """The spam and put-back moves of what residents send online (requests, wishes): ``staff``
    may make them on something sent ``online`` (only that can be spam) that is (``spam``) or
    is not yet marked; anyone else is told which of the three conditions fails."""

    def test(obj: Any, user: Any) -> bool:
        return online(obj) and (obj.spam_at is not None) == spam and staff.test(obj, user)

    def refusal(obj: Any, user: Any) -> str:
        if not online(obj):
            return _text(not_online, obj, user)
        if (obj.spam_at is not None) != spam:
            return _text(not_marked if spam else already, obj, user)
        return _text(staff.refusal, obj, user)

    return Who(test, refusal)


@dataclass(frozen=True)
class Edge:
    """One move of a machine. ``target`` None: the state stays (a note, a transfer).

    ``blocked`` gives a state-specific refusal ("this wish has already been claimed") for a
    state the move cannot start from; other states get the machine's general message.
    ``manual`` False: the move is made only as part of another (the return to handling after a
    dissatisfied return visit), so no page offers it as a button.
    """

    name: str
    label: Promise | str
    sources: frozenset[str]
    target: str | None
    who: Who
    blocked: Mapping[Any, Message] = field(default_factory=dict)
    manual: bool = True

    def leads_from(self, state: str) -> bool:
        return state in self.sources


def edge(
    name: str,
    label: Promise | str,
    sources: Iterable[str],
    target: str | None,
    who: Who,
    *,
    blocked: Mapping[Any, Message] | None = None,
    manual: bool = True,
) -> Edge:
    return Edge(name, label, frozenset(sources), target, who, dict(blocked or {}), manual)


@dataclass(frozen=True)
class Step:
    """An audit entry a move writes in place of its own, when one move passes several steps
    (an on-the-spot answer records reception, handling and reply)."""

    action: str
    from_state: str
    to_state: str
    note: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


class Machine(Generic[M]):
    """A state machine over ``model``'s ``state_field``, claimed through ``version_field``.

    ``noun`` names the object in messages ("request", "swap request"). ``final`` states refuse
    every move with ``final_message`` (an archived request). ``stamp`` names the model's
    "last changed by / at" fields, set by every claim when the model has them. ``history_of``
    names the object whose history holds the entries, when it is not the moved object.
    """

    def __init__(
        self,
        model: type[M],
        edges: Iterable[Edge],
        *,
        noun: Promise | str,
        state_field: str = "status",
        version_field: str = "version",
        wrong_state: Message | None = None,
        stamp: tuple[str, str] | None = None,
        history_of: Callable[[M], models.Model] | None = None,
    ) -> None:
        self.model = model
        self.edges: dict[str, Edge] = {e.name: e for e in edges}
        self.noun = noun
        self.state_field = state_field
        self.version_field = version_field
        self.wrong_state = wrong_state
        self.stamp = stamp
        self._history_of = history_of

    def history_of(self, obj: M) -> models.Model:
        """The object whose history the audit entries of ``obj``'s moves belong to: ``obj``
        itself, or its owner (a referral's moves are in its request's history)."""
        return self._history_of(obj) if self._history_of is not None else obj

    # --- reading the table -------------------------------------------------------------------

    def __getitem__(self, name: str) -> Edge:
        return self.edges[name]

    def state_of(self, obj: M) -> str:
        return str(getattr(obj, self.state_field))

    def version_of(self, obj: M) -> int:
        return int(getattr(obj, self.version_field))

    def can(self, obj: M, user: Any, name: str) -> bool:
        """Whether ``user`` may make move ``name`` on ``obj`` now (state and who)."""
        move = self.edges[name]
        return move.leads_from(self.state_of(obj)) and move.who.allows(obj, user)

    def allowed(self, obj: M, user: Any) -> list[Edge]:
        """The moves to offer ``user`` on ``obj``: what a page shows as buttons."""
        return [e for name, e in self.edges.items() if e.manual and self.can(obj, user, name)]

    def labels(self) -> dict[str, Promise | str]:
        """Each move's label, still lazy: translated when shown."""
        return {name: e.label for name, e in self.edges.items()}

    # --- enforcing it ------------------------------------------------------------------------

    def check(self, obj: M, user: Any, name: str, *, version: int | None = None) -> Edge:
        """The edge, or a refusal: ``Conflict`` for a stale ``version``, else ``DomainError``."""
        move = self.edges[name]
        if version is not None and version != self.version_of(obj):
            raise self.conflict(obj, user)
        state = self.state_of(obj)
        if not move.leads_from(state):
            if state in move.blocked:
                raise DomainError(_text(move.blocked[state], obj, user))
            if self.wrong_state is not None:
                raise DomainError(_text(self.wrong_state, obj, user))
            raise DomainError(
                _("“%(move)s” is not possible while the %(noun)s is “%(state)s”.")
                % {"move": move.label, "noun": self.noun, "state": self._state_label(obj)}
            )
        if not move.who.allows(obj, user):
            raise DomainError(_text(move.who.refusal, obj, user))
        return move

    def claim(self, obj: M, move: Edge, *, actor: Any, changes: Mapping[str, Any]) -> None:
        """Take the move with one conditional UPDATE; no row means someone was faster.

        Must run inside the move's transaction: on PostgreSQL the loser's UPDATE waits for the
        winner's commit, then finds the version changed and matches no row.
        """
        values: dict[str, Any] = {self.version_field: F(self.version_field) + 1, **changes}
        if move.target is not None:
            values[self.state_field] = move.target
        if self.stamp is not None:
            values[self.stamp[0]] = None if isinstance(actor, Outsider) else actor
            values[self.stamp[1]] = timezone.now()
        # The base manager: a default manager that hides rows (requests marked as spam) must not
        # hide them from the move that takes them out of that state.
        claimed = self.model._base_manager.filter(
            pk=obj.pk,
            **{self.state_field: self.state_of(obj), self.version_field: self.version_of(obj)},
        ).update(**values)
        if claimed != 1:
            raise self.conflict(obj, actor)
        values[self.version_field] = self.version_of(obj) + 1
        for name, value in values.items():
            setattr(obj, name, value)

    def move(
        self,
        obj: M,
        name: str,
        *,
        actor: Any,
        version: int | None = None,
        changes: Mapping[str, Any] | None = None,
        note: str = "",
        data: Mapping[str, Any] | None = None,
        at: datetime | None = None,
        steps: Iterable[Step] | None = None,
        then: Callable[[], None] | None = None,
    ) -> Edge:
        """Check, claim and log move ``name`` in one transaction; ``then`` runs inside it after
        the claim (more checks on fresh data, rows that change with the move: anything it
        raises rolls the move back). ``steps`` replace the move's one audit entry."""
        move = self.check(obj, actor, name, version=version)
        source = self.state_of(obj)
        at = at or timezone.now()
        if isinstance(actor, Outsider):
            data = {**(data or {}), "by": actor.role}
        with transaction.atomic():
            self.claim(obj, move, actor=actor, changes=changes or {})
            if then is not None:
                then()
            if steps is None:
                steps = [Step(name, source, move.target or "", note, data or {})]
            elif isinstance(actor, Outsider):
                steps = [
                    Step(s.action, s.from_state, s.to_state, s.note, {**s.data, "by": actor.role})
                    for s in steps
                ]
            for step in steps:
                audit.log(
                    self.history_of(obj),
                    step.action,
                    actor=actor,
                    from_state=step.from_state,
                    to_state=step.to_state,
                    note=step.note,
                    data=step.data,
                    at=at,
                )
            transaction.on_commit(
                lambda: moved.send(sender=self.model, obj=obj, move=name), robust=True
            )
        return move

    def conflict(self, obj: M, user: Any) -> Conflict:
        """The loser's message: who acted on ``obj`` last and when, from the audit log."""
        entry = audit.latest(self.history_of(obj))
        if entry is None or entry.actor is None:
            return Conflict(
                _("This %(noun)s was changed by someone else just now. Check it and try again.")
                % {"noun": self.noun}
            )
        when = _when(entry.at)
        what = self.edges[entry.action].label if entry.action in self.edges else entry.action
        if getattr(user, "pk", None) is not None and entry.actor_id == user.pk:
            return Conflict(
                _("You already did this (“%(what)s” at %(when)s).") % {"what": what, "when": when},
                who=entry.actor.display_name,
                when=entry.at,
                same_user=True,
            )
        return Conflict(
            _(
                "This %(noun)s was changed by %(who)s at %(when)s (“%(what)s”). "
                "Check it and try again."
            )
            % {"noun": self.noun, "who": entry.actor.display_name, "when": when, "what": what},
            who=entry.actor.display_name,
            when=entry.at,
        )

    def _state_label(self, obj: M) -> str:
        display = getattr(obj, f"get_{self.state_field}_display", None)
        return str(display()) if callable(display) else self.state_of(obj)


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return f"{local:%H:%M}"
    return formats.date_format(local, "DATETIME_FORMAT")
