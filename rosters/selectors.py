"""Scoped reads of rules, shifts, duties and swaps for the roster pages, and the figures other
apps use (the representatives' pages, the monthly report). Every function runs a fixed number
of queries whatever the number of shifts or representatives."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.scope import get_visible_or_404
from core.months import month_days
from representatives.models import Representative
from rosters.models import Attendance, Duty, DutyShift, RotationRule, SwapRequest, SwapStatus
from rosters.services import MANAGERS
from workrooms.models import Workroom

OPEN_SWAPS = (SwapStatus.REQUESTED, SwapStatus.ACCEPTED)


def _count(queryset) -> Coalesce:
    """A correlated COUNT per workroom as an annotation (``queryset`` filtered on OuterRef)."""
    counted = queryset.order_by().values("workroom").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _duty_count(first: date, last: date, **filters) -> Coalesce:
    counted = (
        Duty.objects.filter(
            shift__workroom=OuterRef("pk"), shift__date__range=(first, last), **filters
        )
        .order_by()
        .values("shift__workroom")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def roster_overview(user, *, year: int, month: int) -> QuerySet[Workroom]:
    """The active workrooms ``user`` may see, each with its active rules (``active_rules``) and
    the month's ``shift_count``, ``worked_count``, ``missed_count``, and ``pending_swaps``."""
    first, last = month_days(date(year, month, 1))
    pending = (
        SwapRequest.objects.filter(duty__shift__workroom=OuterRef("pk"), status__in=OPEN_SWAPS)
        .order_by()
        .values("duty__shift__workroom")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Workroom.objects.visible_to(user)
        .filter(is_active=True)
        .select_related("area")
        .annotate(
            shift_count=_count(
                DutyShift.objects.filter(workroom=OuterRef("pk"), date__range=(first, last))
            ),
            worked_count=_duty_count(first, last, attendance=Attendance.WORKED),
            missed_count=_duty_count(first, last, attendance=Attendance.MISSED),
            pending_swaps=Coalesce(Subquery(pending, output_field=IntegerField()), Value(0)),
        )
        .prefetch_related(
            Prefetch(
                "rotation_rules",
                queryset=RotationRule.objects.filter(is_active=True).order_by("pk"),
                to_attr="active_rules",
            )
        )
    )


def workroom_rules(workroom: Workroom) -> list[RotationRule]:
    """All the workroom's rules, active first."""
    return list(workroom.rotation_rules.order_by("-is_active", "pk"))


def _people_on_shift():
    return Duty.objects.select_related("representative").order_by(
        "-representative__highest_level", "representative__name", "pk"
    )


def month_shifts(workroom: Workroom, *, year: int, month: int) -> list[DutyShift]:
    """The workroom's shifts in the month, with their representatives (highest level first),
    attendance and liaison officer; three queries."""
    first, last = month_days(date(year, month, 1))
    return list(
        DutyShift.objects.filter(workroom=workroom, date__range=(first, last))
        .select_related("liaison_officer", "rule")
        .prefetch_related(Prefetch("duties", queryset=_people_on_shift()))
        .order_by("date", "start_time", "pk")
    )


def get_rule(user, pk) -> RotationRule:
    return get_visible_or_404(RotationRule.objects.select_related("workroom__area"), user, pk=pk)


def get_shift(user, pk) -> DutyShift:
    """One shift ``user`` may see (404 otherwise), with its people."""
    return get_visible_or_404(
        DutyShift.objects.select_related(
            "workroom__area", "liaison_officer", "rule"
        ).prefetch_related(Prefetch("duties", queryset=_people_on_shift())),
        user,
        pk=pk,
    )


def get_duty(user, pk) -> Duty:
    return get_visible_or_404(
        Duty.objects.select_related("shift__workroom__area", "representative", "marked_by"),
        user,
        pk=pk,
    )


def _swaps():
    return SwapRequest.objects.select_related(
        "duty__shift__workroom__area",
        "duty__representative",
        "requester",
        "counterpart",
        "counterpart_duty__shift",
        "requested_by",
        "answered_by",
        "decided_by",
        "cancelled_by",
    )


def swaps_visible_to(user) -> QuerySet[SwapRequest]:
    """Swaps at workrooms in ``user``'s scope, and those ``user`` asked for or is asked about
    (a representative may be stationed outside their own area)."""
    return _swaps().visible_to(user)


def get_swap(user, pk) -> SwapRequest:
    """One swap ``user`` may see (404 otherwise)."""
    try:
        return swaps_visible_to(user).get(pk=pk)
    except (SwapRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def swap_inbox(user) -> dict[str, QuerySet[SwapRequest]]:
    """What waits for ``user``: ``to_answer`` (asked of me), ``to_decide`` (accepted swaps at
    workrooms I keep, and those whose colleague has no account to accept with), ``mine`` (my
    open requests)."""
    if not user.is_authenticated:
        none = SwapRequest.objects.none()
        return {"to_answer": none, "to_decide": none, "mine": none}
    return {
        "to_answer": _swaps().filter(counterpart__user=user, status=SwapStatus.REQUESTED),
        # Accepted swaps, and those asked of someone without an account: only the liaison
        # officer can record their consent, given in person.
        "to_decide": _swaps()
        .within_scope_of(user, kinds=MANAGERS)
        .filter(
            Q(status=SwapStatus.ACCEPTED)
            | Q(status=SwapStatus.REQUESTED, counterpart__user__isnull=True)
        ),
        "mine": _swaps().filter(requested_by=user, status__in=OPEN_SWAPS),
    }


def duties_for_representative(
    representative: Representative, *, year: int | None = None
) -> QuerySet[Duty]:
    """The representative's duties (anywhere), oldest first, with shift and workroom; only
    ``year``'s when given. For the representative's page and the monthly report."""
    duties = Duty.objects.filter(representative=representative).select_related(
        "shift__workroom", "marked_by"
    )
    if year is not None:
        duties = duties.filter(shift__date__year=year)
    return duties.order_by("shift__date", "shift__start_time", "pk")


def missed_duties(
    *,
    representative: Representative | None = None,
    workroom: Workroom | None = None,
    year: int | None = None,
    month: int | None = None,
) -> QuerySet[Duty]:
    """Duties marked missed, most recent first, narrowed by representative, workroom, year and
    month (month needs year). Callers scope the representative or workroom they pass."""
    duties = Duty.objects.filter(attendance=Attendance.MISSED).select_related(
        "shift__workroom", "representative", "marked_by"
    )
    if representative is not None:
        duties = duties.filter(representative=representative)
    if workroom is not None:
        duties = duties.filter(shift__workroom=workroom)
    if year is not None and month is not None:
        duties = duties.filter(shift__date__range=month_days(date(year, month, 1)))
    elif year is not None:
        duties = duties.filter(shift__date__year=year)
    return duties.order_by("-shift__date", "-shift__start_time", "-pk")


def shift_counts(workroom: Workroom, year: int, month: int) -> dict:
    """The month's duty figures at ``workroom`` (two queries), for the monthly report:

    ``{"shifts": shifts held or planned, "planned": duties (one per representative and shift),
    "worked": n, "missed": n, "scheduled": not yet marked,
    "per_representative": {representative_id: {"name", "planned", "worked", "missed"}}}``
    """
    first, last = month_days(date(year, month, 1))
    shifts = DutyShift.objects.filter(workroom=workroom, date__range=(first, last)).count()
    rows = (
        Duty.objects.filter(shift__workroom=workroom, shift__date__range=(first, last))
        .values("representative", "representative__name")
        .annotate(
            planned=Count("pk"),
            worked=Count("pk", filter=Q(attendance=Attendance.WORKED)),
            missed=Count("pk", filter=Q(attendance=Attendance.MISSED)),
        )
        .order_by("representative__name", "representative")
    )
    per_representative = {
        row["representative"]: {
            "name": row["representative__name"],
            "planned": row["planned"],
            "worked": row["worked"],
            "missed": row["missed"],
        }
        for row in rows
    }
    totals = {
        key: sum(r[key] for r in per_representative.values())
        for key in ("planned", "worked", "missed")
    }
    return {
        "shifts": shifts,
        **totals,
        "scheduled": totals["planned"] - totals["worked"] - totals["missed"],
        "per_representative": per_representative,
    }
