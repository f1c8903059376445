"""A representative's record (履职档案): everything they did in a year, read from the rosters,
the requests and the activities, for their page and its export. The caller has already checked
the representative is visible (``get_representative``).

Each part is one query, whatever the number of rows: the page's query count is constant.
Requests show reference, subject, state and dates only: residents' particulars stay on the
request's own page, under its own rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from activities.models import (
    Activity,
    CourseOrder,
    CourseOrderStatus,
    LiaisonTalk,
    ResearchReport,
    StudySession,
    Wish,
    WishStatus,
)
from petitions.models import Petition
from representatives.models import Representative
from rosters.models import Attendance
from rosters.selectors import duties_for_representative


@dataclass
class Record:
    representative: Representative
    year: int
    duties: list = field(default_factory=list)
    received: list = field(default_factory=list)
    handled: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    wishes: list = field(default_factory=list)
    courses: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    talks: list = field(default_factory=list)
    study_sessions: list = field(default_factory=list)

    @property
    def duties_worked(self) -> list:
        return [d for d in self.duties if d.attendance == Attendance.WORKED]

    @property
    def duties_missed(self) -> list:
        return [d for d in self.duties if d.attendance == Attendance.MISSED]

    @property
    def summary(self) -> dict[str, int]:
        return {
            "duties_worked": len(self.duties_worked),
            "duties_missed": len(self.duties_missed),
            "received": len(self.received),
            "handled": len(self.handled),
            "activities": len(self.activities),
            "wishes": len(self.wishes),
            "courses": len(self.courses),
            "reports": len(self.reports),
            "talks": len(self.talks),
            "study_sessions": len(self.study_sessions),
        }


def record_for(representative: Representative, *, year: int) -> Record:
    """The representative's record for ``year`` (ten queries at most)."""
    rep = representative
    record = Record(representative=rep, year=year)
    record.duties = list(duties_for_representative(rep, year=year))
    petitions = Petition.objects.select_related("workroom").only(
        "pk", "title", "state", "registered_at", "replied_at", "workroom__name"
    )
    record.received = list(
        petitions.filter(receiving_representative=rep, registered_at__year=year).order_by(
            "registered_at", "pk"
        )
    )
    if rep.user_id is not None:
        record.handled = list(
            petitions.filter(handler_id=rep.user_id, registered_at__year=year).order_by(
                "registered_at", "pk"
            )
        )
    record.activities = list(
        Activity.objects.filter(representatives=rep, date__year=year)
        .select_related("type", "workroom")
        .order_by("date", "pk")
    )
    record.wishes = list(
        Wish.objects.filter(
            claimed_by=rep,
            status__in=(WishStatus.FULFILLED, WishStatus.CONFIRMED),
            fulfilled_at__year=year,
        )
        .select_related("workroom")
        .order_by("fulfilled_at", "pk")
    )
    record.courses = list(
        CourseOrder.objects.filter(
            course__representative=rep,
            status=CourseOrderStatus.CONFIRMED,
            activity__date__year=year,
        )
        .select_related("course", "activity")
        .order_by("activity__date", "pk")
    )
    record.reports = list(
        ResearchReport.objects.filter(representative=rep, submitted_at__year=year)
        .select_related("topic")
        .order_by("submitted_at", "pk")
    )
    record.talks = list(
        LiaisonTalk.objects.filter(representative=rep, date__year=year)
        .select_related("talked_by")
        .order_by("date", "pk")
    )
    record.study_sessions = list(
        StudySession.objects.filter(attended=rep, date__year=year).order_by("date", "pk")
    )
    return record
