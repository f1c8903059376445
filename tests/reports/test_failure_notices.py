"""A monthly report that failed for good tells the liaison office of its area and the
administrators, once per failure."""

import pytest

from accounts.models import RoleKind
from notices.models import NoticeKind, Notification
from reports.models import ReportKind, ReportStatus
from reports.services import record_failure, request_report
from tests.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def told():
    return sorted(
        Notification.objects.filter(notice__kind=NoticeKind.REPORT_FAILED).values_list(
            "recipient__username", flat=True
        )
    )


@pytest.fixture
def report(wr, now):
    return request_report(kind=ReportKind.WORKROOM, subject=wr.a, month=now.date(), queue=False)


def test_a_final_failure_tells_the_office_and_the_administrators_once(
    report, liaison, area_admin, admin_user, clerk_a, foreign_workroom
):
    other_office = UserFactory(username="other_office")
    RoleFactory(user=other_office, kind=RoleKind.LIAISON_OFFICE, area=foreign_workroom.area)

    record_failure(report_id=report.pk, error="OSError: disk full", final=True)
    record_failure(report_id=report.pk, error="OSError: disk full", final=True)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert told() == sorted([liaison.username, area_admin.username, admin_user.username])
    notification = Notification.objects.get(recipient=liaison)
    assert "disk full" in notification.body
    assert notification.notice.url.startswith("/reports/?month=")


def test_a_failure_that_will_be_retried_tells_nobody(report, liaison):
    record_failure(report_id=report.pk, error="OSError: disk full", final=False)

    assert told() == []


def test_failing_again_after_a_regeneration_is_told_again(report, wr, now, liaison):
    record_failure(report_id=report.pk, error="OSError: disk full", final=True)
    request_report(kind=ReportKind.WORKROOM, subject=wr.a, month=now.date(), queue=False)
    record_failure(report_id=report.pk, error="OSError: disk full", final=True)

    assert told() == [liaison.username, liaison.username]
