"""Menu courses (菜单课程): representatives publish, units order (学员点单), the liaison officer
confirms and the order becomes a 送课 activity delivered by that representative (党代表送课).

``MACHINE`` (``core.transitions``) is the table of an order's decisions; each is claimed with a
conditional update on the order's status and version, so two officers deciding at once cannot
both win (the loser is told who decided), on SQLite and PostgreSQL alike, and audited.
"""

from __future__ import annotations

from datetime import date, time

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import RoleKind, User
from accounts.scope import has_role_on
from activities.models import Activity, ActivityType, Course, CourseOrder, CourseOrderStatus
from core.errors import DomainError
from core.transitions import Machine, Who, edge
from representatives.models import Assignment, Representative
from workrooms.models import Workroom

# Who publishes a course for any representative of the workroom, and who decides orders.
COURSE_EDITORS = (RoleKind.CLERK, RoleKind.ADMIN)
DECIDERS = (RoleKind.CLERK, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
DELIVERY_TYPE = "course_delivery"


def can_publish_for(user: User, workroom: Workroom, representative: Representative) -> bool:
    """A representative publishes their own courses; clerks and admins of the workroom's area
    publish for any representative stationed there."""
    if has_role_on(user, workroom.area, *COURSE_EDITORS):
        return True
    return representative.user_id is not None and representative.user_id == user.pk


def can_decide(user: User, course: Course) -> bool:
    return has_role_on(user, course.workroom.area, *DECIDERS)


def course_create(
    *,
    actor: User,
    workroom: Workroom,
    representative: Representative,
    title: str,
    topic: str,
    minutes: int,
    description: str = "",
) -> Course:
    """Put a course on the workroom's menu. The representative must be stationed there today."""
    if not can_publish_for(actor, workroom, representative):
        raise DomainError(_("You may publish courses only for yourself."))
    stationed = Assignment.objects.current().filter(
        workroom=workroom, representative=representative
    )
    if not stationed.exists():
        raise DomainError(_("The representative is not stationed at this workroom."))
    return Course.objects.create(
        workroom=workroom,
        representative=representative,
        title=title,
        topic=topic,
        minutes=minutes,
        description=description,
    )


def order_create(
    *,
    actor: User,
    course: Course,
    unit: str,
    contact_name: str,
    contact_phone: str = "",
    preferred_dates: str,
    expected_attendees: int = 0,
) -> CourseOrder:
    """A party branch or unit orders a course (学员点单), recorded by a signed-in user."""
    if not course.is_published:
        raise DomainError(_("This course is no longer on the menu."))
    return CourseOrder.objects.create(
        course=course,
        unit=unit,
        contact_name=contact_name,
        contact_phone=contact_phone,
        preferred_dates=preferred_dates,
        expected_attendees=expected_attendees,
        ordered_by=actor,
    )


ORDER = CourseOrderStatus
DECIDER = Who(
    lambda order, user: can_decide(user, order.course),
    gettext_lazy("Only the liaison officers of the workroom decide orders."),
)
DECIDED = {
    status: lambda order, _user: (
        _("This order has already been decided (%(status)s).")
        % {"status": order.get_status_display()}
    )
    for status in (ORDER.CONFIRMED, ORDER.DECLINED, ORDER.CANCELLED)
}
MACHINE: Machine[CourseOrder] = Machine(
    CourseOrder,
    [
        edge(
            "confirm",
            gettext_lazy("Confirmed"),
            {ORDER.REQUESTED},
            ORDER.CONFIRMED,
            DECIDER,
            blocked=DECIDED,
        ),
        edge(
            "decline",
            gettext_lazy("Declined"),
            {ORDER.REQUESTED},
            ORDER.DECLINED,
            DECIDER,
            blocked=DECIDED,
        ),
    ],
    noun=pgettext_lazy("what a move acts on", "course order"),
)


def order_confirm(
    order: CourseOrder,
    *,
    actor: User,
    on: date,
    start_time: time | None = None,
    place: str = "",
) -> Activity:
    """Confirm an order for a date: in one transaction the order is marked confirmed and a
    送课 activity is scheduled at the course's workroom, delivered by its representative."""
    course = order.course
    made: list[Activity] = []

    def schedule() -> None:
        activity = Activity.objects.create(
            workroom=course.workroom,
            type=ActivityType.objects.get(code=DELIVERY_TYPE),
            title=f"{course.title}（{order.unit}）",
            date=on,
            start_time=start_time,
            place=place or order.unit,
            summary=_("Menu course ordered by %(unit)s.") % {"unit": order.unit},
            other_participants=order.unit,
            attendees=order.expected_attendees,
            created_by=actor,
        )
        activity.representatives.set([course.representative])
        CourseOrder.objects.filter(pk=order.pk).update(activity=activity)
        made.append(activity)

    MACHINE.move(
        order,
        "confirm",
        actor=actor,
        changes={"decided_by": actor, "decided_at": timezone.now()},
        data={"date": on.isoformat()},
        then=schedule,
    )
    order.refresh_from_db()
    return made[0]


def order_decline(order: CourseOrder, *, actor: User) -> None:
    """Decline an order that is still waiting for a decision."""
    MACHINE.move(
        order, "decline", actor=actor, changes={"decided_by": actor, "decided_at": timezone.now()}
    )
