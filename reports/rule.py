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
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    IntegerField,
    Model,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Extract, ExtractMonth, ExtractYear, TruncMonth
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
    """The rule for every (workroom, month) asked, in one query whatever their number.

    ``months`` are first days of months; months that have not begun are evaluated as empty.
    The database counts per workroom and month (Beijing time), so the rows fetched are one per
    cell and figure, not one per shift or request: a province's month is as quick as a street
    office's. The four counts (shifts worked, requests received, replied, due) are four grouped
    selects joined by UNION ALL: each keeps its own index, the page pays one round trip.
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
    # A shift counts once its day has begun before the cut-off.
    last_day = timezone.localtime(cutoff - timedelta(microseconds=1)).date()

    def cells(
        queryset: QuerySet[Any], field: str, figure: str, n: Count, unanswered: Count | Value
    ) -> QuerySet[Any]:
        # The same columns in the same order in every part of the union; the month as its
        # (Beijing) year and number, which reach Python without a time-zone conversion each.
        grouped: QuerySet[Any] = (
            queryset.annotate(
                year=_part(ExtractYear, queryset.model, field),
                month=_part(ExtractMonth, queryset.model, field),
                figure=Value(figure),
            )
            .values("workroom_id", "year", "month", "figure")
            .annotate(n=n, unanswered=unanswered)
            .order_by()
        )
        return grouped

    none = Value(0, output_field=IntegerField())
    worked = DutyShift.objects.filter(
        workroom_id__in=ids,
        date__gte=months[0],
        date__lte=min(last_day, add_months(months[-1], 1) - timedelta(days=1)),
        duties__attendance=Attendance.WORKED,
    )
    parts = [cells(worked, "date", "shifts_worked", Count("pk", distinct=True), none)]

    # Counted as COUNT(*) over columns the indexes hold (workroom, the step's moment, the
    # deadline with the reply's), so a district's year is read from them alone.
    petitions = Petition.objects.filter(workroom_id__in=ids)
    for step, figure in (("received_at", "received"), ("replied_at", "replied")):
        done = petitions.filter(**{f"{step}__gte": start, f"{step}__lt": cutoff})
        parts.append(cells(done, step, figure, Count("*"), none))

    # A deadline counts once its whole day is over by the cut-off: every deadline of a month
    # gone by, only those before today in the month in progress. It is unanswered when no reply
    # came by the month's end: none yet, or one given in a later month.
    due = petitions.filter(
        deadline__gte=months[0],
        deadline__lt=min(add_months(months[-1], 1), timezone.localtime(now).date()),
    )
    late = Q(replied_at__isnull=True) | Q(reply_month__gt=TruncMonth("deadline"))
    due = due.annotate(reply_month=_month_of("replied_at"))
    parts.append(
        cells(due, "deadline", "deadlines_due", Count("*"), Count("deadline", filter=late))
    )

    for row in parts[0].union(*parts[1:], all=True):
        if result := results.get((row["workroom_id"], date(row["year"], row["month"], 1))):
            setattr(result, row["figure"], row["n"])
            if row["figure"] == "deadlines_due":
                result.unanswered = row["unanswered"]
    return results


def _part(extract: type[Extract], model: type[Model], field_name: str) -> Extract:
    """The year or month of a date, or of a moment in Beijing time."""
    if isinstance(model._meta.get_field(field_name), DateTimeField):
        return extract(field_name, tzinfo=timezone.get_current_timezone())
    return extract(field_name)


def _month_of(field_name: str) -> TruncMonth:
    """The first day of the Beijing month a moment falls in, as a date."""
    return TruncMonth(field_name, output_field=DateField(), tzinfo=timezone.get_current_timezone())


def month_rule(workroom: Workroom, month: date, *, now: datetime | None = None) -> RuleResult:
    """The rule for one workroom and month: ``evaluate`` for a single cell."""
    month = month.replace(day=1)
    return evaluate([workroom.pk], [month], now=now)[(workroom.pk, month)]
