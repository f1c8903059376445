"""The rule "每月有接待、每月有反馈", computed in one place for the page, the PDF and the roll-up.

For a workroom and a month (calendar month in Asia/Shanghai):

- 有接待 (reception held): at least one duty shift dated in the month with a representative
  marked as worked (签到), or at least one request received (接待, ``received_at``) in the month.
- 有反馈 (feedback given): at least one request replied to (``replied_at``) in the month, AND no
  request whose reply deadline fell in the month was still without a reply when the month ended.

"Still without a reply" is judged at the month's end (24:00 Beijing time on its last day): a
request replied late but within the month no longer breaks the rule (it counts as overdue in
the figures); a reply given in a later month does not mend the month's report, so a month's
verdict never changes once it is over. For the month in progress the cut-off is now, and only
deadlines that have already passed (the whole deadline day is over) count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.months import add_months, month_bounds
from petitions.models import Petition
from rosters.models import Attendance, DutyShift

if TYPE_CHECKING:
    from workrooms.models import Workroom

# The rule in words, for the pages (in the reader's language) and the PDFs' footnote (always in
# Chinese: the PDFs are rendered under zh-hans).
RULE_TEXT = gettext_lazy(
    "Reception held: in the month at least one duty shift with a representative signed in, or at "
    "least one resident's request received. Feedback given: in the month at least one request "
    "replied to, and every request whose reply deadline fell in the month replied to by the "
    "month's end (Beijing time); a reply given in a later month does not change the month's "
    "verdict. The month in progress is judged as of now."
)


@dataclass
class RuleResult:
    """Both flags of one workroom and month, and the figures they rest on."""

    workroom_id: int
    month: date
    shifts_worked: int = 0
    received: int = 0
    replied: int = 0
    deadlines_due: int = 0
    unanswered: int = 0
    unanswered_ids: list[int] = field(default_factory=list)

    @property
    def reception(self) -> bool:
        return self.shifts_worked > 0 or self.received > 0

    @property
    def feedback(self) -> bool:
        return self.replied > 0 and self.unanswered == 0

    @property
    def passed(self) -> bool:
        return self.reception and self.feedback

    @property
    def reasons(self) -> list[str]:
        """Why the month fails, in the active language (empty when it passes)."""
        reasons = []
        if not self.reception:
            reasons.append(_("No duty shift worked and no request received"))
        if self.replied == 0:
            reasons.append(_("No request replied to"))
        if self.unanswered:
            reasons.append(
                ngettext(
                    "%(count)d request due this month left without a reply",
                    "%(count)d requests due this month left without a reply",
                    self.unanswered,
                )
                % {"count": self.unanswered}
            )
        return reasons


def _local_month(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def evaluate(
    workroom_ids: Iterable[int], months: Iterable[date], *, now: datetime | None = None
) -> dict[tuple[int, date], RuleResult]:
    """The rule for every (workroom, month) asked, in four queries whatever their number.

    ``months`` are first days of months; months that have not begun are evaluated as empty.
    """
    ids = list(workroom_ids)
    months = sorted(set(months))
    now = now or timezone.now()
    results = {(w, m): RuleResult(w, m) for w in ids for m in months}
    if not ids or not months:
        return results
    start, _unused = month_bounds(months[0])
    _unused, end = month_bounds(months[-1])
    cutoff = min(end, now)

    worked = (
        DutyShift.objects.filter(
            workroom_id__in=ids,
            date__gte=months[0],
            date__lt=add_months(months[-1], 1),
            duties__attendance=Attendance.WORKED,
        )
        .values_list("workroom_id", "date", "pk")
        .distinct()
    )
    for workroom_id, day, _pk in worked:
        result = results.get((workroom_id, day.replace(day=1)))
        if result and timezone.make_aware(datetime(day.year, day.month, day.day)) < cutoff:
            result.shifts_worked += 1

    petitions = Petition.objects.filter(workroom_id__in=ids)
    for workroom_id, at in petitions.filter(
        received_at__gte=start, received_at__lt=cutoff
    ).values_list("workroom_id", "received_at"):
        if result := results.get((workroom_id, _local_month(at))):
            result.received += 1
    for workroom_id, at in petitions.filter(
        replied_at__gte=start, replied_at__lt=cutoff
    ).values_list("workroom_id", "replied_at"):
        if result := results.get((workroom_id, _local_month(at))):
            result.replied += 1

    due = petitions.filter(
        deadline__gte=months[0], deadline__lt=add_months(months[-1], 1)
    ).values_list("pk", "workroom_id", "deadline", "replied_at")
    for pk, workroom_id, deadline, replied_at in due:
        month = deadline.replace(day=1)
        result = results.get((workroom_id, month))
        if result is None:
            continue
        month_cutoff = min(month_bounds(month)[1], now)
        deadline_over = timezone.make_aware(
            datetime.combine(deadline + timedelta(days=1), datetime.min.time())
        )
        if deadline_over > month_cutoff:
            continue  # the deadline is still running in the month in progress
        result.deadlines_due += 1
        if replied_at is None or replied_at >= month_cutoff:
            result.unanswered += 1
            result.unanswered_ids.append(pk)
    return results


def month_rule(workroom: Workroom, month: date, *, now: datetime | None = None) -> RuleResult:
    """The rule for one workroom and month: ``evaluate`` for a single cell."""
    month = month.replace(day=1)
    return evaluate([workroom.pk], [month], now=now)[(workroom.pk, month)]
