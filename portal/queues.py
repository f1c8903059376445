"""Each role's work queue: what the home page shows a clerk, a representative and the liaison
office first thing in the morning. Read-only; it reads every app (the portal is the top layer).

Every panel is a fixed number of queries whatever the number of rows (asserted in the tests):
counts come from one aggregate, the items shown from one bounded query each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleKind, User
from accounts.scope import grants_for, has_role
from activities.models import (
    ResearchReport,
    ResearchReportStatus,
    Resolution,
    ResolutionStatus,
    Wish,
    WishStatus,
)
from activities.selectors import representative_of
from activities.selectors.research import topics_visible_to
from core.months import add_months
from petitions.models import Petition, State
from petitions.referrals import asked_by, open_around, waiting_for
from petitions.selectors import OPEN_STATES, mark_deadlines, petitions_visible_to
from reports.models import Report, ReportKind, ReportStatus
from reports.rule import evaluate
from rosters.models import Attendance, Duty, DutyShift, SwapRequest, SwapStatus
from rosters.schedule import upcoming_duties
from rosters.services import MANAGERS
from workrooms.models import Workroom
from workrooms.selectors import workrooms_visible_to

SHOWN = 8  # items a panel lists; its count is exact and links to the whole list


def _panel(
    items: str, count: str, queryset: QuerySet[Any], then: Any = list, **counts: Q
) -> dict[str, Any]:
    """A panel's first ``SHOWN`` items and their exact total, in one query (the total is a
    window count over the same rows, taken before the limit). ``counts``: more totals over the
    same rows, each of the rows matching its condition (a filtered window count, same query)."""
    windows = {f"panel_{name}": Window(Count("pk", filter=when)) for name, when in counts.items()}
    rows = list(queryset.annotate(panel_total=Window(Count("pk")), **windows)[:SHOWN])
    first = rows[0] if rows else None
    return {
        items: then(rows),
        count: first.panel_total if first else 0,
        **{name: getattr(first, f"panel_{name}") if first else 0 for name in counts},
    }


STAFF = (RoleKind.CLERK, RoleKind.ADMIN)
OFFICE = (RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)


@dataclass
class Queue:
    """What one role's part of the home page holds (each attribute one panel's data)."""

    role: str
    data: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


def queues_for(user: User, *, today: date | None = None) -> list[Queue]:
    """The queues of every role the user holds, clerk first."""
    today = today or timezone.localdate()
    kinds = {g.kind for g in grants_for(user)}
    queues = []
    if kinds & set(STAFF) or user.is_superuser:
        queues.append(clerk_queue(user, today=today))
    if RoleKind.REPRESENTATIVE in kinds and representative_of(user) is not None:
        queues.append(representative_queue(user, today=today))
    if kinds & set(OFFICE) or user.is_superuser:
        queues.append(office_queue(user, today=today))
    return queues


# --- clerk / liaison officer of a workroom -------------------------------------------------


def my_workrooms(user: User) -> QuerySet[Workroom]:
    """The workrooms a clerk keeps: those they are liaison officer (联络员) of, else every active
    workroom their clerk or administrator role reaches."""
    reach = workrooms_visible_to(user, kinds=STAFF).filter(is_active=True)
    officer_of = Workroom.liaison_officers.through.objects.filter(user=user)
    # One query, not "are there any of mine?" then the list: the second condition is the same
    # for every row (PostgreSQL evaluates it once).
    return reach.filter(
        Exists(officer_of.filter(workroom=OuterRef("pk")))
        | ~Exists(officer_of.filter(workroom__in=reach.values("pk")))
    )


def clerk_queue(user: User, *, today: date) -> Queue:
    workrooms = list(my_workrooms(user).order_by("area__path", "name"))
    ids = [w.pk for w in workrooms]
    here = petitions_visible_to(user).filter(workroom_id__in=ids)
    # The tally's five counts are window counts of the two lists below (same rows, same query):
    # the open requests due by today, and those waiting for the clerk's next step.
    urgent = _panel(
        "urgent",
        "urgent_count",
        here.filter(state__in=OPEN_STATES, deadline__lte=today).order_by(
            "deadline", "registered_at"
        ),
        mark_deadlines,
        overdue=Q(deadline__lt=today),
        due_today=Q(deadline=today),
    )
    waiting_next = _panel(
        "waiting_next",
        "waiting_count",
        here.filter(state__in=(State.REGISTERED, State.REPLIED, State.FEEDBACK)).order_by(
            "registered_at"
        ),
        to_receive=Q(state=State.REGISTERED),
        to_visit=Q(state=State.REPLIED),
        to_archive=Q(state=State.FEEDBACK),
    )
    tally = {**urgent, **waiting_next}
    month = today.replace(day=1)
    rule = evaluate(ids, [month])
    flags = [(w, rule[(w.pk, month)]) for w in workrooms]
    return Queue(
        "clerk",
        {
            "workrooms": workrooms,
            "shifts": todays_shifts(ids, today=today),
            "counts": {
                key: tally[key]
                for key in ("overdue", "due_today", "to_receive", "to_visit", "to_archive")
            },
            "urgent": urgent["urgent"],
            "waiting_next": waiting_next["waiting_next"],
            **_referrals(user),
            **_panel("swaps", "swap_count", _swaps_to_decide(user)),
            **_panel("wishes", "wish_count", _open_wishes(ids)),
            **_panel("resolutions", "resolution_count", _late_resolutions(ids, today)),
            "flags": flags,
            "links": {
                "overdue": f"{reverse('petitions:list')}?deadline=overdue",
                "due_today": f"{reverse('petitions:list')}?deadline=due_today",
                "to_receive": f"{reverse('petitions:list')}?state={State.REGISTERED}",
                "to_visit": f"{reverse('petitions:list')}?state={State.REPLIED}",
                "to_archive": f"{reverse('petitions:list')}?state={State.FEEDBACK}",
            },
        },
    )


def todays_shifts(workroom_ids: list[int], *, today: date) -> list[DutyShift]:
    """Today's reception duties at these workrooms, with who is on and whether they signed in
    (``started``: attendance can be recorded): two queries."""
    now = timezone.now()
    shifts = list(
        DutyShift.objects.filter(workroom_id__in=workroom_ids, date=today)
        .select_related("workroom", "liaison_officer")
        .prefetch_related(
            Prefetch(
                "duties",
                queryset=Duty.objects.select_related("representative").order_by("pk"),
            )
        )
        .order_by("start_time", "workroom__name")
    )
    for shift in shifts:
        shift.started = shift.starts_at <= now
    return shifts


def _referrals(user: User) -> dict[str, Any]:
    """The referrals asked of the user (a panel: the first ``SHOWN`` and their total) and the
    user's own waiting for an answer (the first ``SHOWN``), in one query: each side's rows are
    numbered and counted apart (windows partitioned by the side), the numbers cut at ``SHOWN``."""
    side = Case(When(superior=user, then=Value(True)), default=Value(False))
    rows = list(
        open_around(user)
        .annotate(
            asked_of_me=side,
            place=Window(RowNumber(), partition_by=side, order_by=("asked_at", "pk")),
            side_total=Window(Count("pk"), partition_by=side),
        )
        .filter(place__lte=SHOWN)
    )
    asked_of_me = [r for r in rows if r.asked_of_me]
    return {
        "referrals": asked_of_me,
        "referral_count": asked_of_me[0].side_total if asked_of_me else 0,
        "my_referrals": [r for r in rows if not r.asked_of_me],
    }


def _swaps_to_decide(user: User) -> QuerySet[SwapRequest]:
    return (
        SwapRequest.objects.within_scope_of(user, kinds=MANAGERS)
        .filter(status=SwapStatus.ACCEPTED)
        .select_related("duty__shift__workroom", "duty__representative", "counterpart")
        .order_by("duty__shift__date", "pk")
    )


def _open_wishes(workroom_ids: list[int]) -> QuerySet[Wish]:
    """Wishes nobody has claimed yet, oldest first."""
    return (
        Wish.objects.filter(workroom_id__in=workroom_ids, status=WishStatus.OPEN)
        .select_related("workroom")
        .order_by("recorded_at", "pk")
    )


def _late_resolutions(workroom_ids: list[int], today: date) -> QuerySet[Resolution]:
    """Matters agreed at a micro-deliberation meeting, past their follow-up date, not done."""
    return (
        Resolution.objects.filter(activity__workroom_id__in=workroom_ids, due_date__lt=today)
        .exclude(status=ResolutionStatus.DONE)
        .select_related("activity__workroom", "owner")
        .order_by("due_date", "pk")
    )


# --- representative --------------------------------------------------------------------------


def representative_queue(user: User, *, today: date) -> Queue:
    rep = representative_of(user)
    assert rep is not None
    duties = list(upcoming_duties(representative=rep)[:3])
    # Today's duty stays first all day: the representative signs in "on the day", even after
    # the reception hours.
    today_duty = (
        Duty.objects.filter(representative=rep, shift__date=today, attendance=Attendance.SCHEDULED)
        .select_related("shift__workroom")
        .order_by("shift__start_time")
        .first()
    )
    if today_duty is not None and today_duty not in duties:
        duties.insert(0, today_duty)
    next_duty = duties[0] if duties else None
    colleagues: list[Any] = []
    if next_duty is not None:
        colleagues = [
            d.representative
            for d in Duty.objects.filter(shift_id=next_duty.shift_id)
            .exclude(representative=rep)
            .select_related("representative")
        ]
    my_requests = (
        petitions_visible_to(user)
        .filter(handler=user, state__in=OPEN_STATES)
        .order_by("deadline", "registered_at")
    )
    half = 1 if today.month <= 6 else 2
    topics = (
        topics_visible_to(user)
        .filter(year=today.year, half=half)
        .exclude(reports__representative=rep)
        .order_by("pk")
    )
    claimed = (
        Wish.objects.filter(claimed_by=rep, status=WishStatus.CLAIMED)
        .select_related("workroom")
        .order_by("claimed_at", "pk")
    )
    swaps = (
        SwapRequest.objects.filter(counterpart=rep, status=SwapStatus.REQUESTED)
        .select_related("duty__shift__workroom", "duty__representative")
        .order_by("duty__shift__date", "pk")
    )
    return Queue(
        "representative",
        {
            "representative": rep,
            "next_duty": next_duty,
            "later_duties": duties[1:],
            "colleagues": colleagues,
            "sign_in_today": next_duty is not None
            and next_duty.shift.date == today
            and next_duty.attendance == Attendance.SCHEDULED,
            "duty_today": next_duty is not None and next_duty.shift.date == today,
            # Today's shift stays first after it ends, to sign in late: say it is over.
            "duty_over": next_duty is not None
            and next_duty.shift.date == today == timezone.localdate()
            and timezone.localtime().time() >= next_duty.shift.end_time,
            **_panel("swaps", "swap_count", swaps),
            **_panel("requests", "request_count", my_requests, mark_deadlines),
            **_panel("topics", "topic_count", topics),
            **_panel("wishes", "wish_count", claimed),
            "my_referrals": list(asked_by(user)[:SHOWN]),
        },
    )


# --- liaison office ----------------------------------------------------------------------


def office_queue(user: User, *, today: date) -> Queue:
    workrooms = list(
        workrooms_visible_to(user, kinds=OFFICE)
        .filter(is_active=True)
        .order_by("area__path", "name")
    )
    ids = [w.pk for w in workrooms]
    month = today.replace(day=1)
    rule = evaluate(ids, [month])
    failing = [(w, rule[(w.pk, month)]) for w in workrooms if not rule[(w.pk, month)].passed]
    # Counted on the open requests alone (a partial index), then put on the workrooms: a join
    # of the workrooms to every request they ever had would read the district's history.
    overdue = dict(
        Petition.objects.filter(workroom_id__in=ids, state__in=OPEN_STATES, deadline__lt=today)
        .values_list("workroom_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for w in workrooms:
        w.overdue = overdue.get(w.pk, 0)
    overdue_by_workroom = sorted(
        (w for w in workrooms if w.overdue), key=lambda w: (-w.overdue, w.name)
    )
    supervised = (
        petitions_visible_to(user, kinds=OFFICE)
        .filter(needs_liaison_office=True)
        .exclude(state=State.ARCHIVED)
        .order_by("deadline", "registered_at")
    )
    research_overdue = (
        ResearchReport.objects.visible_to(user, kinds=OFFICE)
        .filter(status=ResearchReportStatus.FORWARDED, reply_deadline__lt=today)
        .select_related("representative", "topic")
        .order_by("reply_deadline", "pk")
    )
    # Annotated with their checklist totals by the workrooms' selector.
    standards = [w for w in workrooms if w.items_total and w.items_met < w.items_total]
    last_month = add_months(month, -1)
    pdfs = list(
        Report.objects.visible_to(user, kinds=OFFICE)
        .filter(month=last_month, status=ReportStatus.DONE)
        .select_related("workroom", "area")
        .order_by("-kind", "workroom__name")[: SHOWN * 3]
    )
    return Queue(
        "office",
        {
            "workrooms": workrooms,
            "failing": failing,
            "overdue_by_workroom": overdue_by_workroom,
            **_panel("supervised", "supervised_count", supervised, mark_deadlines),
            **_panel("research_overdue", "research_overdue_count", research_overdue),
            "standards": standards,
            "pdfs": [p for p in pdfs if p.kind == ReportKind.DISTRICT]
            + [p for p in pdfs if p.kind == ReportKind.WORKROOM],
            "last_month": last_month,
            **_panel("referrals", "referral_count", waiting_for(user)),
        },
    )


def may_register(user: User) -> bool:
    """The big 登记诉求 button is for anyone who may register a request somewhere."""
    return has_role(user)
