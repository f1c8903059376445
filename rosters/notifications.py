"""Notices about duty swaps: asked of a representative, accepted (the liaison officers decide),
decided (approved, rejected, or declined by the other representative).

Called by ``rosters.swaps`` inside each move's transaction, after its claim: a move that loses
its race or is refused tells nobody. Each event has its key, so it reaches each person once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import RoleKind, User
from notices.models import NoticeKind
from notices.services import notify, role_holders
from rosters.models import SwapRequest, SwapStatus


def _when(swap: SwapRequest) -> dict[str, str]:
    shift = swap.duty.shift
    return {
        "workroom": shift.workroom.name,
        "date": f"{shift.date:%Y-%m-%d}",
        "start": f"{shift.start_time:%H:%M}",
        "end": f"{shift.end_time:%H:%M}",
    }


def _requester_name(swap: SwapRequest) -> str:
    if swap.requested_by is not None:
        return swap.requested_by.display_name
    return swap.duty.representative.name


def _body(swap: SwapRequest) -> str:
    lines = []
    if swap.counterpart_duty is not None:
        other = swap.counterpart_duty.shift
        lines.append(
            _("In exchange for: %(date)s %(start)s–%(end)s")
            % {
                "date": f"{other.date:%Y-%m-%d}",
                "start": f"{other.start_time:%H:%M}",
                "end": f"{other.end_time:%H:%M}",
            }
        )
    if swap.reason:
        lines.append(_("Reason: %(reason)s") % {"reason": swap.reason})
    return "\n".join(lines)


def _tell(
    swap: SwapRequest,
    kind: str,
    people: Sequence[User | None],
    title: Callable[[], str],
    *,
    robots: bool,
) -> None:
    notify(
        people,
        kind=kind,
        key=f"rosters.{kind}:{swap.pk}",
        message=lambda: (title(), _body(swap)),
        url=reverse("rosters:swap_detail", args=[swap.pk]),
        subject=swap,
        place=swap.duty.shift.workroom if robots else None,
    )


def tell_asked(swap: SwapRequest) -> None:
    """The other representative is asked to take the duty."""

    def title() -> str:
        return _(
            "%(name)s asks you to take over a duty: %(workroom)s, %(date)s %(start)s–%(end)s"
        ) % {
            "name": _requester_name(swap),
            **_when(swap),
        }

    _tell(swap, NoticeKind.SWAP_ASKED, [swap.counterpart.user], title, robots=False)


def tell_accepted(swap: SwapRequest) -> None:
    """The other representative agreed: the workroom's liaison officers decide (its clerks when
    it has none)."""
    workroom = swap.duty.shift.workroom
    people: list[User] = list(workroom.liaison_officers.filter(is_active=True).order_by("pk"))
    if not people:
        people = role_holders(workroom.area, RoleKind.CLERK)

    def title() -> str:
        return _(
            "Swap waiting for your approval: %(name)s → %(other)s, %(workroom)s, %(date)s "
            "%(start)s–%(end)s"
        ) % {"name": _requester_name(swap), "other": swap.counterpart.name, **_when(swap)}

    _tell(swap, NoticeKind.SWAP_ACCEPTED, people, title, robots=True)


def tell_decided(swap: SwapRequest) -> None:
    """The swap is decided: the representative who asked is told; when a liaison officer
    decided, the other representative too (their duties change or stay). Called before an
    approval hands the duties over, while the duty is still the asker's."""
    # No account when asking (asked on their behalf): nobody to tell.
    people = [swap.requested_by]
    if swap.status != SwapStatus.DECLINED:
        people.append(swap.counterpart.user)

    def title() -> str:
        return _(
            "%(status)s: duty swap at %(workroom)s, %(date)s %(start)s–%(end)s, "
            "%(name)s → %(other)s"
        ) % {
            "status": swap.get_status_display(),
            "name": _requester_name(swap),
            "other": swap.counterpart.name,
            **_when(swap),
        }

    _tell(swap, NoticeKind.SWAP_DECIDED, people, title, robots=True)
