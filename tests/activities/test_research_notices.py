"""Research reports tell people in their inbox: the representative when the liaison office
forwards their report; the liaison office when the written reply is overdue. Once each."""

from datetime import date, timedelta

import pytest

from activities.services.research import report_forward, send_research_reminders
from core.errors import DomainError
from notices.models import NoticeKind, Notification
from tests.activities.factories import ResearchReportFactory, ResearchTopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(areas, me):
    topic = ResearchTopicFactory(area=areas.d, title="老旧小区加装电梯")
    return ResearchReportFactory(topic=topic, representative=me, title="长安街道加装电梯情况")


def forward(report, liaison):
    return report_forward(
        report, actor=liaison, forwarded_to="区住建局", workdays=5, today=date(2026, 3, 2)
    )


def told(kind):
    return sorted(
        Notification.objects.filter(notice__kind=kind).values_list("recipient__username", flat=True)
    )


def test_the_representative_hears_their_report_was_forwarded_once(report, liaison, representative):
    forward(report, liaison)
    with pytest.raises(DomainError):
        forward(report, liaison)

    assert told(NoticeKind.RESEARCH_FORWARDED) == [representative.username]
    notification = Notification.objects.get(recipient=representative)
    assert "区住建局" in notification.title
    assert "2026-03-09" in notification.body
    assert notification.notice.url == f"/activities/research/reports/{report.pk}/"


def test_a_report_of_a_representative_without_an_account_tells_nobody(areas, liaison):
    from tests.representatives.factories import RepresentativeFactory

    topic = ResearchTopicFactory(area=areas.d)
    report = ResearchReportFactory(topic=topic, representative=RepresentativeFactory(area=areas.a))

    forward(report, liaison)

    assert told(NoticeKind.RESEARCH_FORWARDED) == []


def test_the_liaison_office_is_told_once_a_reply_is_overdue(report, liaison, area_admin):
    report = forward(report, liaison)
    later = report.reply_deadline + timedelta(days=2)

    send_research_reminders(later)
    send_research_reminders(later)

    assert told(NoticeKind.RESEARCH_OVERDUE) == [liaison.username]
    notice = Notification.objects.get(recipient=liaison).notice
    assert notice.area == report.topic.area  # the district's group robots hear it too
