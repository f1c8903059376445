"""The read model of the residents' pages: the workroom directory and a workroom's public page.

One place decides what the public sees. Everything leaves this module as small records that
carry only public fields (``PublicRepresentative`` has no phone and no residence, ``PublicWish``
a masked name and no place), so a template cannot reach personal data by accident.

Both reads run a fixed number of queries whatever the number of workrooms, representatives,
shifts, activities, wishes or requests (tests/public/test_pages.py holds them to it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Course
from activities.selectors.wishes import wish_board
from core.months import next_month
from core.personal_data import mask_name, redact_phones
from reports.figures import trend, year_petition_figures
from representatives.models import Assignment, AssignmentRole
from representatives.selectors import current_assignments, level_breakdown
from rosters.schedule import workroom_feed_shifts
from workrooms.models import Area, ChecklistStatus, Workroom, WorkroomLevel
from workrooms.selectors import checklist_rows, public_workrooms

DIRECTORY_PAGE_SIZE = 20
QUERY_MAX_LENGTH = 40
RECENT_ACTIVITIES = 8
OPEN_WISHES = 10
FULFILLED_WISHES = 6
# 个别谈话 is the liaison office's one-to-one talk with a representative: internal, not news.
PRIVATE_ACTIVITY_TYPES = frozenset({"talk"})

_SPACES = re.compile(r"\s+")


# --- the directory -----------------------------------------------------------------------------


def normalise_query(value: str | None) -> str:
    """Search words as typed, trimmed, spaces collapsed, at most ``QUERY_MAX_LENGTH`` long.
    Control characters go: PostgreSQL refuses a NUL byte in a text comparison (a server error)."""
    printable = "".join(c for c in (value or "") if c.isprintable() or c.isspace())
    return _SPACES.sub(" ", printable.strip())[:QUERY_MAX_LENGTH]


def normalise_level(value: str | None) -> str:
    return value if value in WorkroomLevel.values else ""


@dataclass
class DirectoryEntry:
    workroom: Workroom
    areas: list[str]  # the area and its ancestors, district first

    @property
    def area_line(self) -> str:
        return " · ".join(self.areas)


def _matches(q: str) -> Q:
    """A workroom matches by its name, its area's name or the name of any area above it
    ("雁塔" finds the workrooms of every subdistrict and community of 雁塔区)."""
    above = Area.objects.annotate(path_length=Length("path")).filter(
        name__icontains=q,
        path=Substr(OuterRef("area__path"), 1, F("path_length")),
    )
    return Q(name__icontains=q) | Q(Exists(above))


def _area_chains(areas: list[Area]) -> dict[int, list[str]]:
    """Every area's names from the top down, for all ``areas`` in one query."""
    steplen = Area.steplen
    paths = {
        area.path[:end] for area in areas for end in range(steplen, len(area.path) + 1, steplen)
    }
    names = dict(Area.objects.filter(path__in=paths).values_list("path", "name"))
    return {
        area.pk: [
            names[area.path[:end]]
            for end in range(steplen, len(area.path) + 1, steplen)
            if area.path[:end] in names
        ]
        for area in areas
    }


def directory(*, q: str = "", level: str = "", page: int | str | None = 1) -> Page:
    """One page of the active workrooms matching ``q`` and ``level``, in tree order; its
    ``object_list`` are ``DirectoryEntry``. Three queries: count, page, area names."""
    workrooms = Workroom.objects.filter(is_active=True).select_related("area")
    if level:
        workrooms = workrooms.filter(level=level)
    if q:
        workrooms = workrooms.filter(_matches(q))
    paginator = Paginator(workrooms.order_by("area__path", "name", "pk"), DIRECTORY_PAGE_SIZE)
    result = paginator.get_page(page)
    rows = list(result.object_list)
    chains = _area_chains([w.area for w in rows])
    result.object_list = [DirectoryEntry(w, chains.get(w.area_id, [w.area.name])) for w in rows]
    return result


# --- a workroom's page -------------------------------------------------------------------------


@dataclass
class PublicRepresentative:
    name: str
    levels: str  # "国、省党代表"
    is_leader: bool
    work_unit: str
    work_field: str
    photo_url: str


@dataclass
class PublicShift:
    day: date
    start: time
    end: time
    names: list[str]
    is_past: bool


@dataclass
class PublicMonth:
    first: date
    shifts: list[PublicShift]


@dataclass
class PublicActivity:
    title: str
    day: date
    kind: str
    photo_urls: list[str]


@dataclass
class PublicCourse:
    title: str
    topic: str
    minutes: int
    description: str
    teacher: str


@dataclass
class PublicWish:
    content: str
    resident: str  # masked: 王*
    recorded: date
    claimed_by: str
    fulfilled: date | None = None


@dataclass
class WorkroomPage:
    workroom: Workroom
    areas: list[str]
    checklist: list[tuple[str, bool]]
    representatives: list[PublicRepresentative]
    representatives_text: str
    months: list[PublicMonth]
    activities: list[PublicActivity]
    courses: list[PublicCourse]
    wishes: list[PublicWish]
    more_wishes: bool
    fulfilled_wishes: list[PublicWish]
    year: int
    figures: dict
    record: list[dict] = field(default_factory=list)

    @property
    def area_line(self) -> str:
        return " · ".join(self.areas)

    @property
    def months_passed(self) -> int:
        return sum(1 for m in self.record if m["reception"] and m["feedback"])


def _representatives(workroom: Workroom, today: date) -> tuple[list[PublicRepresentative], str]:
    assignments = list(current_assignments(workroom, on=today))
    people = [
        PublicRepresentative(
            name=a.representative.name,
            levels=a.representative.level_label,
            is_leader=a.role == AssignmentRole.LEADER,
            work_unit=a.representative.work_unit,
            work_field=a.representative.get_work_field_display(),
            photo_url=reverse("public:representative_photo", args=[a.representative_id])
            if a.representative.photo
            else "",
        )
        for a in assignments
    ]
    # Counted once each, as the offices' own sentence does, even if assigned twice.
    levels = {a.representative_id: a.representative.levels for a in assignments}
    return people, level_breakdown(list(levels.values())).text


def _months(workroom: Workroom, today: date) -> list[PublicMonth]:
    """This month's and next month's shifts with the representatives on duty (never the liaison
    officer's name: staff are not published, the workroom's phone is)."""
    first = today.replace(day=1)
    after = next_month(next_month(first))
    months = [PublicMonth(first, []), PublicMonth(next_month(first), [])]
    stints: dict[int, list[tuple[date, date | None]]] = {}
    for rep_id, start, end in Assignment.objects.filter(workroom=workroom).values_list(
        "representative_id", "start_date", "end_date"
    ):
        stints.setdefault(rep_id, []).append((start, end))

    def announced(duty, day: date) -> bool:
        # Someone who has left (or leaves before the day) is no longer announced, though the
        # duty row stays until the roster is changed.
        spans = stints.get(duty.representative_id)
        covered = spans is None or any(s <= day and (e is None or e >= day) for s, e in spans)
        return duty.representative.is_active and covered

    for shift in workroom_feed_shifts(workroom=workroom, since=first):
        if shift.date >= after:
            continue
        month = months[0] if shift.date < months[1].first else months[1]
        month.shifts.append(
            PublicShift(
                day=shift.date,
                start=shift.start_time,
                end=shift.end_time,
                names=[
                    duty.representative.name
                    for duty in shift.duties.all()
                    if announced(duty, shift.date)
                ],
                is_past=shift.date < today,
            )
        )
    return months


def _activities(workroom: Workroom, today: date) -> list[PublicActivity]:
    activities = (
        Activity.objects.filter(workroom=workroom, date__lte=today)
        .exclude(type__code__in=PRIVATE_ACTIVITY_TYPES)
        .select_related("type")
        .prefetch_related("photos")
        .order_by("-date", "-pk")[:RECENT_ACTIVITIES]
    )
    return [
        PublicActivity(
            title=redact_phones(a.title),
            day=a.date,
            kind=a.type.name,
            photo_urls=[reverse("public:activity_photo", args=[p.pk]) for p in a.photos.all()],
        )
        for a in activities
    ]


def _courses(workroom: Workroom) -> list[PublicCourse]:
    courses = (
        Course.objects.filter(workroom=workroom, is_published=True)
        .select_related("representative")
        .order_by("topic", "title", "pk")
    )
    return [
        PublicCourse(
            title=c.title,
            topic=c.get_topic_display(),
            minutes=c.minutes,
            description=c.description,
            teacher=c.representative.name,
        )
        for c in courses
    ]


def _public_wish(w) -> PublicWish:
    return PublicWish(
        # Residents write wishes in their own words, sometimes with a number to call.
        content=redact_phones(w.content),
        resident=mask_name(w.resident_name),
        recorded=timezone.localtime(w.recorded_at).date(),
        claimed_by=w.claimed_by.name if w.claimed_by else "",
        fulfilled=timezone.localtime(w.fulfilled_at).date() if w.fulfilled_at else None,
    )


def _wishes(workroom: Workroom) -> tuple[list[PublicWish], bool, list[PublicWish]]:
    """The open wishes (oldest first, at most ``OPEN_WISHES``) and the latest fulfilled ones:
    the board of 基层出题、代表答题, with names masked and no place or phone."""
    board = wish_board(workroom)
    rows = list(board["open"][: OPEN_WISHES + 1])
    done = [_public_wish(w) for w in board["fulfilled"][:FULFILLED_WISHES]]
    return [_public_wish(w) for w in rows[:OPEN_WISHES]], len(rows) > OPEN_WISHES, done


def workroom_page(pk: int, *, now: datetime | None = None) -> WorkroomPage:
    """Everything a workroom's public page shows; 404 for a closed or unknown workroom."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    workroom = public_workrooms().filter(pk=pk).first()
    if workroom is None:
        raise Http404
    chains = _area_chains([workroom.area])
    people, people_text = _representatives(workroom, today)
    wishes, more_wishes, fulfilled_wishes = _wishes(workroom)
    return WorkroomPage(
        workroom=workroom,
        areas=chains.get(workroom.area_id, [workroom.area.name]),
        checklist=[
            (item.name, entry is not None and entry.status == ChecklistStatus.MET)
            for item, entry in checklist_rows(workroom)
        ],
        representatives=people,
        representatives_text=people_text,
        months=_months(workroom, today),
        activities=_activities(workroom, today),
        courses=_courses(workroom),
        wishes=wishes,
        more_wishes=more_wishes,
        fulfilled_wishes=fulfilled_wishes,
        year=today.year,
        figures=year_petition_figures(workroom, today.year, now=now),
        record=trend(workroom, today.replace(day=1), now=now),
    )
