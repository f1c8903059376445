"""The door notice (公示牌): one A4 page that hangs at the workroom, and what it shows.

The workroom, its level and address, when it receives residents (its reception hours, the
rotation and this month's reception days from the duty roster), its contact phone, its service
theme, the representatives stationed there with their levels, the service promises, and the QR
code of its public page. Everything on it is public: never a person's phone or address.

A district's notices print as one PDF, one page a workroom, at a fixed number of queries
whatever the number of workrooms: representatives, shifts and rules come by prefetch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import RoleKind, User
from core.months import month_days
from core.pdf import render_pdf
from core.storage import embedded_uri
from petitions.models import DeadlinePolicy, Triage
from petitions.moves import DEFAULT_DEADLINE_DAYS
from public.qr import public_url, qr_svg_data_uri
from representatives.models import Assignment, AssignmentRole, Representative
from rosters.models import DutyShift, RotationRule
from workrooms.models import Area, Workroom
from workrooms.selectors import public_workrooms

TEMPLATE = "public/pdf/door_notice.html"
NOTICE_CACHE_SECONDS = 600
# Who prints a whole district's notices: the liaison office, and administrators.
OFFICE = (RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)


@dataclass(frozen=True)
class Stationed:
    """A representative as the door shows them: name, levels, post; never phone or address."""

    name: str
    levels: str  # "国、省党代表"
    post: str
    is_leader: bool
    photo: str | None  # a file:// or data: address WeasyPrint reads, or None


@dataclass(frozen=True)
class ReceptionDays:
    """Days of the month the workroom receives at the same time of day."""

    days: list[str]  # ["12月2日", "12月4日"]
    times: str  # "9:00–11:30"


@dataclass(frozen=True)
class DoorNotice:
    workroom: Workroom
    url: str
    qr: str  # the QR code as an SVG data: URI
    representatives: list[Stationed]
    rotation: list[str]  # "每周二、周四 9:00–11:30"
    month: date
    reception_days: list[ReceptionDays]
    promises: list[str]


# --- Reads -----------------------------------------------------------------------------------


def _with_notice_data(workrooms: QuerySet[Workroom], *, today: date) -> QuerySet[Workroom]:
    first, last = month_days(today)
    stationed = (
        Assignment.objects.current(today)
        .filter(representative__is_active=True)
        .select_related("representative")
        # The order of representatives.selectors.current_assignments: leader first ("leader"
        # sorts before "member"), then by level and name.
        .order_by("role", "-representative__highest_level", "representative__name", "pk")
    )
    shifts = DutyShift.objects.filter(date__range=(first, last)).order_by("date", "start_time")
    rules = RotationRule.objects.filter(is_active=True, valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    return (
        workrooms.filter(is_active=True)
        .select_related("area")
        .prefetch_related(
            Prefetch("assignments", queryset=stationed, to_attr="notice_assignments"),
            Prefetch("duty_shifts", queryset=shifts, to_attr="notice_shifts"),
            Prefetch("rotation_rules", queryset=rules.order_by("pk"), to_attr="notice_rules"),
        )
    )


def public_workroom(pk: int, *, today: date | None = None) -> Workroom:
    """An open workroom with what its notice needs, for anyone (its door is public); 404 for a
    closed or unknown one."""
    queryset = _with_notice_data(public_workrooms(), today=today or timezone.localdate())
    try:
        return queryset.get(pk=pk)
    except Workroom.DoesNotExist as exc:
        raise Http404 from exc


def district_workrooms(user: User, area: Area, *, today: date | None = None) -> list[Workroom]:
    """Every open workroom in ``area``'s subtree that ``user`` reaches as liaison office or
    administrator, in tree order, with what their notices need."""
    in_scope = Workroom.objects.visible_to(user, kinds=OFFICE).filter(
        area__path__startswith=area.path
    )
    return list(_with_notice_data(in_scope, today=today or timezone.localdate()))


# --- What a notice says ----------------------------------------------------------------------


def _photo(representative: Representative) -> str | None:
    return embedded_uri(representative.photo)


def _stationed(workroom: Workroom) -> list[Stationed]:
    return [
        Stationed(
            name=a.representative.name,
            levels=a.representative.level_label,
            post=a.representative.post,
            is_leader=a.role == AssignmentRole.LEADER,
            photo=_photo(a.representative),
        )
        for a in workroom.notice_assignments  # type: ignore[attr-defined]
    ]


def _times(start: time, end: time) -> str:
    return f"{start.hour}:{start:%M}–{end.hour}:{end:%M}"


def _reception_days(shifts: Iterable[DutyShift]) -> list[ReceptionDays]:
    """This month's shifts as dates, one line per time of day, in date order."""
    by_times: dict[tuple[time, time], list[date]] = {}
    for shift in shifts:
        days = by_times.setdefault((shift.start_time, shift.end_time), [])
        if shift.date not in days:
            days.append(shift.date)
    return [
        ReceptionDays(
            days=[formats.date_format(day, "MONTH_DAY_FORMAT") for day in days],
            times=_times(*times),
        )
        for times, days in sorted(by_times.items(), key=lambda item: item[1][0])
    ]


def reply_days() -> dict[str, int]:
    """Working days to reply, per triage: the administrator's rules, else the defaults."""
    days = {str(triage): n for triage, n in DEFAULT_DEADLINE_DAYS.items()}
    days.update(DeadlinePolicy.objects.values_list("triage", "working_days"))
    return days


def service_promises(days: dict[str, int]) -> list[str]:
    """The standard promises of every workroom (seeds 001 and 004; the monthly rule): no
    workroom keeps promises of its own, so every door shows the same ones."""
    return [
        _(
            "Small matters answered on the spot, big matters referred upward, important matters "
            "done within a deadline."
        ),
        _(
            "A reply within %(limited)d working days for a matter done within a deadline, and "
            "within %(referred)d working days for one referred upward."
        )
        % {"limited": days[Triage.TIME_LIMITED], "referred": days[Triage.REFER_UP]},
        _("Every request answered, every matter followed through."),
        _("Reception every month, feedback every month."),
        _("Your name, phone number and address are never made public."),
    ]


def build_notices(
    workrooms: Iterable[Workroom], *, request: HttpRequest | None = None
) -> list[DoorNotice]:
    """The notices of workrooms loaded by ``public_workroom`` or ``district_workrooms``, in
    the current language (``notices_pdf`` builds them in Chinese)."""
    promises = service_promises(reply_days())
    today = timezone.localdate()
    notices = []
    for workroom in workrooms:
        url = public_url(workroom, request=request)
        notices.append(
            DoorNotice(
                workroom=workroom,
                url=url,
                qr=qr_svg_data_uri(url),
                representatives=_stationed(workroom),
                rotation=[rule.describe() for rule in workroom.notice_rules],  # type: ignore[attr-defined]
                month=today.replace(day=1),
                reception_days=_reception_days(workroom.notice_shifts),  # type: ignore[attr-defined]
                promises=promises,
            )
        )
    return notices


def workroom_notice_pdf(workroom: Workroom, *, request: HttpRequest | None = None) -> bytes:
    """One workroom's notice, kept ``NOTICE_CACHE_SECONDS``: anyone may ask for it, and a PDF
    takes a second or two of CPU, so a shared link opened by a whole WeChat group (or a
    crawler) renders it once. A change to the workroom itself shows at once; one to its
    representatives or roster within the cache's lifetime."""
    url = public_url(workroom, request=request)
    stamp = f"{workroom.pk}|{url}|{workroom.updated_at.isoformat()}|{timezone.localdate()}"
    key = "public:door-notice:" + hashlib.sha256(stamp.encode()).hexdigest()
    pdf: bytes | None = cache.get(key)
    if pdf is None:
        pdf = notices_pdf([workroom], request=request)
        cache.set(key, pdf, NOTICE_CACHE_SECONDS)
    return pdf


def notices_pdf(workrooms: Iterable[Workroom], *, request: HttpRequest | None = None) -> bytes:
    """One PDF, one A4 page per workroom, in Chinese whatever the language of the request."""
    with translation.override("zh-hans"):
        notices = build_notices(workrooms, request=request)
        return render_pdf(TEMPLATE, {"notices": notices, "generated_at": timezone.now()})
