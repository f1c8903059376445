"""Scoped reads of requests (诉求). Pages, exports and other apps call these, not the managers.

A request is readable where it is now and where it has been (``Petition.objects.visible_to``);
only users whose role reaches its current workroom may act on it (``is_writable``).
"Overdue" and "due soon" are computed here, once, for the lists, the detail page and the export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.scope import get_visible_or_404
from core import audit
from core.dates import show_date
from core.models import AuditEntry
from core.workdays import next_workday
from petitions.models import EventKind, Petition, State

# Not yet answered: the deadline (reply within N working days) still runs for these.
OPEN_STATES = (State.REGISTERED, State.RECEIVED, State.HANDLED)

OVERDUE = "overdue"
DUE_TODAY = "due_today"
DUE_SOON = "due_soon"


def _related(queryset):
    # Everything a list row, the export and the detail page show, in the same query.
    return queryset.select_related(
        "workroom__area", "handler", "registered_by", "receiving_representative", "updated_by"
    )


def petitions_visible_to(user, *, kinds=None):
    """Requests the user may read (now at, or once at, a workroom in their subtree), with the
    workroom, its area, the handler and the receiving representative loaded: one query for
    any number of rows."""
    return _related(Petition.objects.visible_to(user, kinds=kinds))


def get_petition(user, pk) -> Petition:
    """One request the user may read, or 404 (missing and out of scope look the same). A
    request marked as spam still opens here: it is kept for the record and can be restored."""
    return get_visible_or_404(_related(Petition.with_spam.all()), user, pk=pk)


def is_writable(user, petition: Petition) -> bool:
    """Whether the user's scope reaches the request's current workroom. A transferred request
    stays readable to the sender but is no longer theirs to change."""
    return Petition.with_spam.writable_by(user).filter(pk=petition.pk).exists()


def spam_visible_to(user):
    """Requests marked as spam or abuse that the user may read, latest first."""
    return _related(Petition.with_spam.visible_to(user).filter(spam_at__isnull=False)).order_by(
        "-spam_at", "-pk"
    )


def my_petitions(user):
    """Requests the user is the responsible handler of: open ones first (earliest deadline
    first), then the answered ones, newest first."""
    return (
        petitions_visible_to(user)
        .filter(handler=user)
        .annotate(
            done=Case(
                When(state__in=OPEN_STATES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            open_deadline=Case(When(state__in=OPEN_STATES, then=F("deadline"))),
        )
        .order_by("done", F("open_deadline").asc(nulls_last=True), "-registered_at", "-pk")
    )


# --- deadlines ------------------------------------------------------------------------------


def due_soon_until(today: date) -> date:
    """The last deadline that counts as "due soon": the next working day after ``today``
    (the same day the handler's e-mail reminder is sent for)."""
    return next_workday(today + timedelta(days=1))


def overdue_q(today: date | None = None) -> Q:
    """Open requests whose reply deadline has passed."""
    today = today or timezone.localdate()
    return Q(state__in=OPEN_STATES, deadline__lt=today)


def due_today_q(today: date | None = None) -> Q:
    """Open requests whose reply deadline is today."""
    return Q(state__in=OPEN_STATES, deadline=today or timezone.localdate())


def due_soon_q(today: date | None = None) -> Q:
    """Open requests due today or on the next working day."""
    today = today or timezone.localdate()
    return Q(state__in=OPEN_STATES, deadline__gte=today, deadline__lte=due_soon_until(today))


def deadline_status(petition: Petition, today: date | None = None) -> str | None:
    """``OVERDUE``, ``DUE_SOON`` or None: the same rule as ``overdue_q`` / ``due_soon_q``."""
    if petition.state not in OPEN_STATES or petition.deadline is None:
        return None
    today = today or timezone.localdate()
    if petition.deadline < today:
        return OVERDUE
    if petition.deadline <= due_soon_until(today):
        return DUE_SOON
    return None


def mark_deadlines(petitions, today: date | None = None):
    """Set ``deadline_status`` on each request (no query), for templates and exports."""
    today = today or timezone.localdate()
    soon = due_soon_until(today)
    for petition in petitions:
        status = None
        if petition.state in OPEN_STATES and petition.deadline is not None:
            if petition.deadline < today:
                status = OVERDUE
            elif petition.deadline <= soon:
                status = DUE_SOON
        petition.deadline_status = status
    return petitions


# --- people who may take part --------------------------------------------------------------


def _area_and_ancestor_paths(area) -> list[str]:
    step = type(area).steplen
    return [area.path[: step * depth] for depth in range(1, len(area.path) // step + 1)]


def workrooms_for_registering(user):
    """Open workrooms where the user may register requests (any role reaching them)."""
    from petitions.workflow import ACTORS
    from workrooms.models import Workroom

    return (
        Workroom.objects.visible_to(user, kinds=ACTORS)
        .filter(is_active=True)
        .select_related("area")
        .order_by("area__path", "name")
    )


def handler_candidates(workroom):
    """Active users who may be named responsible handler at ``workroom``: a role on its area
    or above (the same rule the workflow checks)."""
    from petitions.workflow import ACTORS

    return (
        User.objects.filter(
            is_active=True,
            roles__kind__in=ACTORS,
            roles__area__path__in=_area_and_ancestor_paths(workroom.area),
        )
        .distinct()
        .order_by("full_name", "username")
    )


def current_representatives(workroom):
    """Representatives stationed at ``workroom`` today (who may be the receiving one)."""
    from representatives.models import Assignment, Representative

    here = Assignment.objects.current().filter(workroom=workroom)
    return Representative.objects.filter(
        is_active=True, pk__in=here.values("representative")
    ).order_by("-highest_level", "name", "pk")


def recent_shifts(workrooms, *, today: date | None = None, days: int = 30):
    """Duty shifts of ``workrooms`` from the last ``days`` days up to today, newest first: the
    shift a request came in on is picked from these."""
    from rosters.models import DutyShift

    today = today or timezone.localdate()
    return (
        DutyShift.objects.filter(
            workroom__in=workrooms, date__gte=today - timedelta(days=days), date__lte=today
        )
        .select_related("workroom")
        .order_by("-date", "-start_time", "pk")
    )


# --- the timeline ---------------------------------------------------------------------------


def _choice_label(choices, value) -> str:
    return str(dict(choices).get(value, value or "—"))


def _day(iso: str) -> str:
    """A date kept as ISO text in an entry's data, written the page's way."""
    try:
        return show_date(date.fromisoformat(iso))
    except ValueError:
        return iso


def _event_details(event: AuditEntry) -> list[tuple[str, str]]:
    from petitions.models import ReminderKind, ReplyMethod, Resolution, Satisfaction, Triage

    data = event.data or {}
    details: list[tuple[str, str]] = []
    if data.get("triage"):
        details.append((_("Triage"), _choice_label(Triage.choices, data["triage"])))
    if data.get("handler_name"):
        details.append((_("Responsible handler"), data["handler_name"]))
    if data.get("representative"):
        details.append((_("Receiving representative"), data["representative"]))
    if data.get("deadline") and event.action != EventKind.REMINDER:
        details.append((_("Reply deadline"), _day(data["deadline"])))
    if data.get("from_name") or data.get("to_name"):
        details.append((_("From workroom"), data.get("from_name", "—")))
        details.append((_("To workroom"), data.get("to_name", "—")))
    if data.get("method"):
        details.append((_("Replied by"), _choice_label(ReplyMethod.choices, data["method"])))
    if data.get("satisfaction"):
        details.append(
            (_("Satisfaction"), _choice_label(Satisfaction.choices, data["satisfaction"]))
        )
    if data.get("resolution"):
        details.append((_("Resolution"), _choice_label(Resolution.choices, data["resolution"])))
    if data.get("returns"):
        details.append((_("Times returned"), str(data["returns"])))
    if event.action == EventKind.REMINDER and data.get("kind"):
        details.append((_("Reminder"), _choice_label(ReminderKind.choices, data["kind"])))
        if data.get("deadline"):
            details.append((_("Reply deadline"), _day(data["deadline"])))
    if data.get("superior_name"):
        details.append((_("Asked"), data["superior_name"]))
    if data.get("visited_at"):
        details.append((_("Visit time"), data["visited_at"]))
    if data.get("file_name"):
        details.append((_("File"), data["file_name"]))
    return details


def timeline(petition: Petition) -> list[audit.HistoryItem]:
    """The request's history from the audit log, in order (steps, notes, transfers, reminders
    sent), each with its own fields spelled out: one query. Reveals of the resident's data are
    in the audit log but not on the page."""
    return audit.history(
        petition,
        labels=dict(EventKind.choices),
        details=_event_details,
        exclude=[EventKind.REVEAL, EventKind.PRINT, EventKind.READ],
    )


# --- personal data ---------------------------------------------------------------------------


@dataclass
class Resident:
    """The resident's particulars as this user may see them."""

    name: str
    phone: str
    address: str
    masked: bool


def resident_data(user, petition: Petition, *, revealed: bool = False) -> Resident:
    """Full particulars for those handling the request (``can_see_personal_data``) or right
    after an explicit, logged reveal; masked (王*, 138****5678, 雁塔路12号***) for everyone else.
    Lists, the detail page and the export all use this, so the rule is the same everywhere."""
    from petitions.personal_data import can_see_personal_data, full, masked

    shown_in_full = revealed or can_see_personal_data(user, petition)
    data = full(petition) if shown_in_full else masked(petition)
    return Resident(data.name, data.phone, data.address, masked=not shown_in_full)


# --- where the request stands ----------------------------------------------------------------

STEPS = [
    (State.REGISTERED, pgettext_lazy("step", "Register"), "registered_at"),
    (State.RECEIVED, pgettext_lazy("step", "Receive"), "received_at"),
    (State.HANDLED, pgettext_lazy("step", "Handle"), "handled_at"),
    (State.REPLIED, pgettext_lazy("step", "Reply"), "replied_at"),
    (State.FEEDBACK, pgettext_lazy("step", "Feedback"), "feedback_at"),
    (State.ARCHIVED, pgettext_lazy("step", "Archive"), "archived_at"),
]


@dataclass
class Step:
    label: str
    at: object
    status: str  # "done", "current" (the step to take next) or "todo"


def progress(petition: Petition) -> list[Step]:
    """The six steps, each done (with its date), the one to take next, or still to come."""
    reached = [state for state, _label, _field in STEPS].index(petition.state)
    steps = []
    for index, (_state, label, field) in enumerate(STEPS):
        if index <= reached:
            status = "done"
        elif index == reached + 1:
            status = "current"
        else:
            status = "todo"
        steps.append(
            Step(str(label), getattr(petition, field) if status == "done" else None, status)
        )
    return steps


# --- the same resident again -----------------------------------------------------------------

DUPLICATE_DAYS = 30


def earlier_requests(user, phone: str, *, limit: int = 5) -> list[Petition]:
    """The user's visible requests from the same phone number, newest first."""
    if not phone:
        return []
    return list(
        petitions_visible_to(user)
        .filter(resident_phone=phone)
        .order_by("-registered_at", "-pk")[:limit]
    )


def likely_duplicates(user, *, phone: str, category: str, workroom) -> list[Petition]:
    """Open requests of the same resident (phone), category and workroom registered in the last
    ``DUPLICATE_DAYS`` days: probably the same matter again."""
    if not phone:
        return []
    since = timezone.now() - timedelta(days=DUPLICATE_DAYS)
    return list(
        petitions_visible_to(user)
        .filter(
            resident_phone=phone,
            category=category,
            workroom=workroom,
            registered_at__gte=since,
        )
        .exclude(state=State.ARCHIVED)
        .order_by("-registered_at")[:5]
    )
