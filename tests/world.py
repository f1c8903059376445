"""One of everything per workroom: the world the tests that enumerate every URL walk through.

``one_of_everything({"a": wr.a, ..., "foreign": foreign_workroom})`` gives, for each key, the
objects that the URL patterns name by id (a request, its attachment and referral, a shift, a
swap, a wish ...), each marked with the workroom's key (``标记a``). ``OBJECT_OF`` says which of
them a URL's id refers to, read from the route: the tests that enumerate the URL conf fail when
a new URL takes an id this table does not know.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db.models import Model
from django.utils import timezone

from accounts.models import RoleKind
from activities.models import ActivityPhoto, ResearchReportStatus
from notices.models import Notice, NoticeKind, Notification
from petitions.models import Attachment, Referral, State
from reports.models import Report, ReportKind, ReportStatus
from rosters.models import SwapStatus
from tests.activities.factories import (
    ActivityFactory,
    CourseFactory,
    CourseOrderFactory,
    LiaisonTalkFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    ResolutionFactory,
    WishFactory,
)
from tests.factories import png_bytes
from tests.petitions.factories import PetitionFactory, advance, staff_of
from tests.rosters.factories import (
    AssignmentFactory,
    DutyFactory,
    DutyShiftFactory,
    RepresentativeFactory,
    RotationRuleFactory,
    SwapRequestFactory,
)

# (route prefix, URL keyword, key of the object in a workroom's world), the first match wins:
# ``requests/<int:pk>/attachments/<int:attachment_pk>/`` takes a request and its attachment.
OBJECT_OF: list[tuple[str, str, str]] = [
    ("workrooms/", "pk", "workroom"),
    ("workrooms/", "item_pk", "checklist_item"),
    ("representatives/workrooms/", "pk", "workroom"),
    ("representatives/", "pk", "representative"),
    ("representatives/", "assignment_pk", "assignment"),
    ("rosters/workrooms/", "pk", "workroom"),
    ("rosters/rules/", "pk", "rule"),
    ("rosters/shifts/", "pk", "shift"),
    ("rosters/duties/", "pk", "duty"),
    ("rosters/swaps/", "pk", "swap"),
    ("requests/", "pk", "petition"),
    ("requests/", "attachment_pk", "attachment"),
    ("requests/", "referral_pk", "referral"),
    ("activities/wishes/board/", "workroom_pk", "workroom"),
    ("activities/wishes/", "pk", "wish"),
    ("activities/resolutions/", "pk", "resolution"),
    ("activities/courses/orders/", "pk", "order"),
    ("activities/courses/workrooms/", "pk", "workroom"),
    ("activities/courses/", "pk", "course"),
    ("activities/research/topics/", "pk", "topic"),
    ("activities/research/reports/", "pk", "report"),
    ("activities/", "pk", "activity"),
    ("activities/", "photo_pk", "photo"),
    ("reports/dashboard/", "area_pk", "area"),
    ("reports/workroom/", "pk", "workroom"),
    ("reports/", "pk", "pdf"),
    ("records/", "pk", "representative"),
    ("notices/", "pk", "notification"),
    ("w/photos/representatives/", "pk", "representative"),
    ("w/photos/activities/", "pk", "photo"),
    ("w/", "pk", "workroom"),
]


def object_key(route: str, keyword: str) -> str | None:
    """Which object of a workroom's world ``keyword`` of ``route`` names, or None."""
    for prefix, name, key in OBJECT_OF:
        if route.startswith(prefix) and keyword == name:
            return key
    return None


def one_of_everything(workrooms: dict) -> dict[str, dict[str, Model]]:
    """For each workroom, one object of every kind a URL names, carrying the workroom's marker."""
    made: dict[str, dict[str, Model]] = {}
    month = timezone.localdate().replace(day=1) - timedelta(days=1)
    for key, workroom in workrooms.items():
        mark = f"标记{key}"
        clerk = staff_of(workroom)
        rep = RepresentativeFactory(area=workroom.area, name=f"代表{mark}")
        assignment = AssignmentFactory(representative=rep, workroom=workroom)
        petition = PetitionFactory(workroom=workroom, registered_by=clerk, title=f"诉求{mark}")
        archived = advance(
            PetitionFactory(workroom=workroom, registered_by=clerk, title=f"归档{mark}"),
            State.ARCHIVED,
            actor=clerk,
        )
        attachment = Attachment.objects.create(
            petition=petition,
            file=ContentFile(png_bytes(), name="photo.png"),
            original_name="photo.png",
            content_type="image/png",
            size=100,
            uploaded_by=clerk,
        )
        referral = Referral.objects.create(
            petition=petition,
            asked_by=clerk,
            superior=staff_of(workroom, kind=RoleKind.LIAISON_OFFICE),
            question=f"请示{mark}",
            asked_at=timezone.now(),
        )
        # Registered in the area but stationed nowhere: in scope by its own area only.
        RepresentativeFactory(area=workroom.area, name=f"未驻室{mark}")
        other = RepresentativeFactory(area=workroom.area, name=f"同事{mark}")
        AssignmentFactory(representative=other, workroom=workroom)
        rule = RotationRuleFactory(workroom=workroom)
        shift = DutyShiftFactory(workroom=workroom, date=timezone.localdate() + timedelta(days=7))
        duty = DutyFactory(shift=shift, representative=rep)
        swap = SwapRequestFactory(
            duty=duty, counterpart=other, status=SwapStatus.ACCEPTED, reason=f"调班{mark}"
        )
        activity = ActivityFactory(workroom=workroom, title=f"活动{mark}")
        photo = ActivityPhoto.objects.create(
            activity=activity, image=ContentFile(png_bytes(), name="photo.png"), uploaded_by=clerk
        )
        resolution = ResolutionFactory(
            activity=ActivityFactory(workroom=workroom, title=f"议事{mark}"),
            text=f"议定{mark}",
            due_date=timezone.localdate() - timedelta(days=1),
        )
        wish = WishFactory(workroom=workroom, content=f"心愿{mark}")
        course = CourseFactory(workroom=workroom, representative=rep, title=f"课程{mark}")
        order = CourseOrderFactory(course=course, unit=f"支部{mark}")
        topic = ResearchTopicFactory(area=workroom.area, title=f"课题{mark}")
        report = ResearchReportFactory(
            topic=topic,
            representative=rep,
            title=f"调研{mark}",
            status=ResearchReportStatus.SUBMITTED,
        )
        talk = LiaisonTalkFactory(area=workroom.area, representative=rep, summary=f"谈话{mark}")
        pdf = Report.objects.create(
            kind=ReportKind.WORKROOM,
            workroom=workroom,
            month=month.replace(day=1),
            status=ReportStatus.FAILED,
            error=f"失败{mark}",
        )
        notice = Notice.objects.create(
            kind=NoticeKind.values[0],
            key=f"world:{key}",
            title=f"通知{mark}",
            created_at=timezone.now(),
        )
        notification = Notification.objects.create(
            notice=notice, recipient=clerk, title=f"通知{mark}", created_at=timezone.now()
        )
        made[key] = {
            "workroom": workroom,
            "area": workroom.area,
            "clerk": clerk,
            "checklist_item": workroom.standard.items.first(),
            "petition": petition,
            "archived": archived,
            "attachment": attachment,
            "referral": referral,
            "representative": rep,
            "assignment": assignment,
            "rule": rule,
            "shift": shift,
            "duty": duty,
            "swap": swap,
            "activity": activity,
            "photo": photo,
            "resolution": resolution,
            "wish": wish,
            "course": course,
            "order": order,
            "topic": topic,
            "report": report,
            "talk": talk,
            "pdf": pdf,
            "notification": notification,
        }
    return made
