"""请示办: a big matter is referred upward. The handler asks a named superior (the liaison
office, or staff of a workroom above); the superior approves, returns it with instructions, or
takes it over (and becomes the responsible handler). While the question waits the request
cannot record its result, and the wait counts in the reply deadline: it is not extended.

Asking is the request's ``refer`` move (``petitions.moves``); the answer is this module's
``MACHINE``, whose audit entries go into the request's history.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import RoleKind, User
from accounts.scope import has_role_on
from core.errors import DomainError
from core.transitions import Machine, Who, edge
from petitions.models import Petition, Referral, ReferralStatus
from petitions.moves import MACHINE as PETITION
from petitions.notifications import notify_answered, notify_referred

R = ReferralStatus
# Who may be asked: the liaison office (党联办) and administrators whose role reaches the
# request, and staff of a workroom above it.
OFFICE = (RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)


def _answers(referral: Referral, user: User) -> bool:
    # The named superior; an administrator of the area may answer in their absence.
    return user.pk == referral.superior_id or has_role_on(
        user, referral.petition.workroom.area, RoleKind.ADMIN
    )


def _withdraws(referral: Referral, user: User) -> bool:
    # The one who asked, or whoever handles the request now; never the one asked.
    return user.pk != referral.superior_id and user.pk in (
        referral.asked_by_id,
        referral.petition.handler_id,
    )


ANSWERER = Who(
    _answers,
    lambda referral, _user: (
        _("Only %(name)s, who was asked, can answer.") % {"name": referral.superior.display_name}
    ),
)
ASKER = Who(_withdraws, gettext_lazy("Only the handler who asked can withdraw the referral."))
ANSWERED = {
    status: gettext_lazy("This referral has already been answered or withdrawn.")
    for status in (R.APPROVED, R.INSTRUCTED, R.TAKEN_OVER, R.WITHDRAWN)
}

MACHINE: Machine[Referral] = Machine(
    Referral,
    [
        edge(
            "approve",
            pgettext_lazy("referral move", "Approve"),
            {R.ASKED},
            R.APPROVED,
            ANSWERER,
            blocked=ANSWERED,
        ),
        edge(
            "instruct",
            pgettext_lazy("referral move", "Return with instructions"),
            {R.ASKED},
            R.INSTRUCTED,
            ANSWERER,
            blocked=ANSWERED,
        ),
        edge(
            "take_over",
            pgettext_lazy("referral move", "Take it over"),
            {R.ASKED},
            R.TAKEN_OVER,
            ANSWERER,
            blocked=ANSWERED,
        ),
        edge(
            "withdraw",
            pgettext_lazy("referral move", "Withdraw"),
            {R.ASKED},
            R.WITHDRAWN,
            ASKER,
            blocked=ANSWERED,
        ),
    ],
    noun=pgettext_lazy("what a move acts on", "referral"),
    history_of=lambda referral: referral.petition,
)
ANSWERS = ("approve", "instruct", "take_over")


def superiors_for(petition: Petition) -> QuerySet[User]:
    """Who may be asked about ``petition``: active users holding the liaison office or
    administrator role on its workroom's area or above, or any staff role strictly above it."""
    area = petition.workroom.area
    step = type(area).steplen
    above = [area.path[: step * depth] for depth in range(1, area.depth)]
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(roles__kind__in=OFFICE, roles__area__path__in=[*above, area.path])
            | Q(roles__kind=RoleKind.CLERK, roles__area__path__in=above)
        )
        .distinct()
        .order_by("full_name", "username")
    )


def open_referral(petition: Petition) -> Referral | None:
    """The question waiting for an answer, if any (one at most)."""
    return (
        Referral.objects.open()
        .filter(petition=petition)
        .select_related("superior", "asked_by")
        .first()
    )


def refuse_while_open(petition: Petition, what: str) -> None:
    """Refuse ``what`` while a question waits for its answer (the handler must wait, or
    withdraw it)."""
    waiting = open_referral(petition)
    if waiting is not None:
        raise DomainError(
            _("%(what)s must wait for %(name)s's answer to the referral of %(date)s.")
            % {
                "what": what,
                "name": waiting.superior.display_name,
                "date": f"{timezone.localtime(waiting.asked_at):%Y-%m-%d}",
            }
        )


def _open_oldest_first() -> QuerySet[Referral]:
    return (
        Referral.objects.open()
        .select_related("petition__workroom", "asked_by", "superior")
        .order_by("asked_at", "pk")
    )


def asked_by(user: User) -> QuerySet[Referral]:
    """The questions ``user`` asked that still wait for their answer, oldest first."""
    return _open_oldest_first().filter(asked_by=user)


def waiting_for(user: User) -> QuerySet[Referral]:
    """The referrals ``user`` has been asked and not yet answered, oldest first."""
    return _open_oldest_first().filter(superior=user)


def open_around(user: User) -> QuerySet[Referral]:
    """Both of the above at once (nobody asks themselves): the open referrals ``user`` asked
    or was asked, oldest first."""
    return _open_oldest_first().filter(Q(asked_by=user) | Q(superior=user))


def refer(
    petition: Petition,
    *,
    actor: User,
    superior: User,
    question: str,
    version: int | None = None,
) -> Referral:
    """Ask ``superior`` about the request (请示). One open question at a time."""
    PETITION.check(petition, actor, "refer", version=version)
    if not question.strip():
        raise DomainError(_("Write what you ask."))
    if superior.pk == actor.pk:
        raise DomainError(_("Ask someone above you, not yourself."))
    if not superiors_for(petition).filter(pk=superior.pk).exists():
        raise DomainError(
            _(
                "%(name)s cannot answer for this workroom: ask the liaison office or a workroom above."
            )
            % {"name": superior.display_name}
        )
    now = timezone.now()
    made: list[Referral] = []

    def ask() -> None:
        try:
            with transaction.atomic():
                made.append(
                    Referral.objects.create(
                        petition=petition,
                        asked_by=actor,
                        superior=superior,
                        question=question,
                        asked_at=now,
                    )
                )
        except IntegrityError as exc:
            raise DomainError(_("This request already waits for an answer.")) from exc
        notify_referred(made[0])

    PETITION.move(
        petition,
        "refer",
        actor=actor,
        version=version,
        note=question,
        data={"superior": superior.pk, "superior_name": superior.display_name},
        at=now,
        then=ask,
    )
    return made[0]


def answer(referral: Referral, *, actor: User, decision: str, text: str) -> Referral:
    """The superior's answer: ``approve``, ``instruct`` (instructions required) or
    ``take_over`` (the superior becomes the responsible handler)."""
    if decision not in ANSWERS:
        raise DomainError(_("Choose an answer."))
    MACHINE.check(referral, actor, decision)
    if decision == "instruct" and not text.strip():
        raise DomainError(_("Write the instructions."))

    def hand_over() -> None:
        notify_answered(referral)
        if decision != "take_over":
            return
        petition = Petition.objects.select_related("workroom__area").get(pk=referral.petition_id)
        if petition.handler_id != actor.pk:
            # The superior takes the handler's place; the request keeps its workroom.
            PETITION.claim(petition, PETITION["reassign"], actor=actor, changes={"handler": actor})

    MACHINE.move(
        referral,
        decision,
        actor=actor,
        changes={"answer": text, "answered_by": actor, "answered_at": timezone.now()},
        note=text,
        then=hand_over,
    )
    return referral


def withdraw(referral: Referral, *, actor: User) -> Referral:
    """The handler withdraws the question (the matter turned out to be small after all)."""
    MACHINE.move(
        referral,
        "withdraw",
        actor=actor,
        changes={"answered_by": actor, "answered_at": timezone.now()},
    )
    return referral
