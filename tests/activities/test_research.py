"""Research topics (集中调查研究): reports, forwarding with a reply deadline in working days,
the overdue flag and the daily reminder (once per report and deadline), attachments."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities.models import ResearchReminder, ResearchReport, ResearchReportStatus
from activities.services.research import (
    is_overdue,
    report_forward,
    report_reply,
    report_submit,
    send_research_reminders,
    topic_create,
)
from activities.services.research import send_research_reminders_task as reminders_task
from core.errors import DomainError
from core.workdays import add_workdays
from tests.activities.factories import ResearchReportFactory, ResearchTopicFactory
from tests.helpers import assert_redirects_to_login
from tests.petitions.factories import docx_upload, pdf_upload, photo_upload, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(areas):
    return ResearchTopicFactory(area=areas.d, title="老旧小区加装电梯")


@pytest.fixture
def report(topic, me):
    return ResearchReportFactory(topic=topic, representative=me, title="长安街道加装电梯情况")


def forwarded(report, actor, *, today, workdays=5):
    return report_forward(
        report, actor=actor, forwarded_to="区住建局", workdays=workdays, today=today
    )


# --- services ------------------------------------------------------------------------------


def test_the_liaison_office_sets_one_topic_per_area_and_half_year(areas, liaison):
    topic_create(actor=liaison, area=areas.d, year=2026, half=2, title="加装电梯")
    with pytest.raises(DomainError):
        topic_create(actor=liaison, area=areas.d, year=2026, half=2, title="再来一个")


def test_a_clerk_cannot_set_a_topic(areas, clerk_a):
    with pytest.raises(DomainError):
        topic_create(actor=clerk_a, area=areas.a, year=2026, half=2, title="加装电梯")


def test_the_reply_deadline_counts_working_days_over_the_national_day_holiday(report, liaison):
    # 30 September 2026 + 3 working days: 1–7 October are holidays, 10 October (a Saturday) is a
    # make-up working day; counting calendar days would give 3 October.
    report = forwarded(report, liaison, today=date(2026, 9, 30), workdays=3)
    assert report.status == ResearchReportStatus.FORWARDED
    assert report.reply_deadline == add_workdays(date(2026, 9, 30), 3)
    assert report.reply_deadline == date(2026, 10, 10)
    assert report.forwarded_by == liaison


def test_a_report_is_overdue_once_its_deadline_passes_without_reply(report, liaison):
    report = forwarded(report, liaison, today=date(2026, 3, 2))
    deadline = report.reply_deadline
    assert not is_overdue(report, deadline)
    assert is_overdue(report, deadline + timedelta(days=1))
    report = report_reply(report, actor=liaison, reply_text="已纳入年度加装计划。")
    assert report.status == ResearchReportStatus.REPLIED
    assert not is_overdue(report, deadline + timedelta(days=1))


def test_a_report_is_forwarded_once(report, liaison):
    forwarded(report, liaison, today=date(2026, 3, 2))
    with pytest.raises(DomainError):
        forwarded(report, liaison, today=date(2026, 3, 2))


def test_a_stale_page_cannot_forward(report, liaison):
    stale = ResearchReport.objects.get(pk=report.pk)
    forwarded(report, liaison, today=date(2026, 3, 2))
    with pytest.raises(DomainError):
        forwarded(stale, liaison, today=date(2026, 3, 2))


def test_a_reply_needs_a_forwarded_report(report, liaison):
    with pytest.raises(DomainError):
        report_reply(report, actor=liaison, reply_text="x")


def test_a_clerk_cannot_forward(report, clerk_a):
    with pytest.raises(DomainError):
        forwarded(report, clerk_a, today=date(2026, 3, 2))


def test_the_overdue_reminder_is_sent_once_to_the_liaison_office(
    report, liaison, clerk_a, celery_in_process, django_capture_on_commit_callbacks
):
    report = forwarded(report, liaison, today=date(2026, 3, 2))
    later = report.reply_deadline + timedelta(days=2)

    # The e-mail goes out after the reminder's commit.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_research_reminders(later) == {"sent": 1, "failed": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert send_research_reminders(later) == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [liaison.email]
    assert "长安街道加装电梯情况" in mail.outbox[0].subject
    assert ResearchReminder.objects.get().deadline == report.reply_deadline


def test_no_reminder_before_the_deadline_or_after_the_reply(report, liaison):
    report = forwarded(report, liaison, today=date(2026, 3, 2))
    assert send_research_reminders(report.reply_deadline)["sent"] == 0
    report_reply(report, actor=liaison, reply_text="已答复")
    assert send_research_reminders(report.reply_deadline + timedelta(days=5))["sent"] == 0
    assert mail.outbox == []


def test_the_daily_task_sends_the_reminders(report, liaison):
    forwarded(report, liaison, today=timezone.localdate() - timedelta(days=60))
    assert reminders_task() == {"sent": 1, "failed": 0}
    assert reminders_task() == {"sent": 0, "failed": 0}


def test_a_representative_submits_their_own_report_but_not_anothers(
    topic, me, peer, representative
):
    report = report_submit(
        actor=representative, topic=topic, representative=me, title="报告", text="内容"
    )
    assert report.status == ResearchReportStatus.SUBMITTED
    with pytest.raises(DomainError):
        report_submit(actor=representative, topic=topic, representative=peer, title="x", text="y")


@pytest.mark.parametrize("make", [pdf_upload, docx_upload])
def test_pdf_and_word_attachments_are_stored_under_a_new_name(topic, me, representative, make):
    report = report_submit(
        actor=representative,
        topic=topic,
        representative=me,
        title="报告",
        text="内容",
        attachment=make(),
    )
    assert report.attachment.name.startswith("research/")
    assert report.attachment.name.rsplit(".", 1)[-1] in ("pdf", "docx")
    assert "回复函" not in report.attachment.name and "情况说明" not in report.attachment.name


@pytest.mark.parametrize(
    "make",
    [
        lambda: upload("调研报告.pdf", b"just some text, not a PDF"),
        lambda: upload("调研报告.docx", b"<html>not a document</html>"),
        lambda: photo_upload("调研报告.pdf"),  # a real picture, but not a document
    ],
)
def test_other_attachments_are_refused_whatever_their_name(topic, me, representative, make):
    with pytest.raises(DomainError):
        report_submit(
            actor=representative,
            topic=topic,
            representative=me,
            title="报告",
            text="内容",
            attachment=make(),
        )
    assert not ResearchReport.objects.exists()


# --- pages ---------------------------------------------------------------------------------


def test_a_representative_submits_a_report_on_the_district_topic(representative_client, topic, me):
    response = representative_client.post(
        reverse("activities:research_report_new", args=[topic.pk]),
        {"representative": me.pk, "title": "电梯调研", "text": "内容", "attachment": pdf_upload()},
    )
    assert response.status_code == 302
    report = ResearchReport.objects.get()
    assert (report.representative, report.topic) == (me, topic)


def test_the_submit_page_refuses_a_fake_pdf(representative_client, topic, me):
    response = representative_client.post(
        reverse("activities:research_report_new", args=[topic.pk]),
        {
            "representative": me.pk,
            "title": "电梯调研",
            "text": "内容",
            "attachment": upload("报告.pdf", b"MZ\x90\x00 an executable"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["attachment"]
    assert not ResearchReport.objects.exists()


def test_submitting_needs_a_representative_or_staff(areas, topic):
    from tests.factories import RoleFactory, UserFactory
    from tests.helpers import client_for

    user = UserFactory()
    RoleFactory(user=user, kind="representative", area=areas.b)  # a role, but no record
    response = client_for(user).get(reverse("activities:research_report_new", args=[topic.pk]))
    assert response.status_code == 403


def test_the_liaison_office_forwards_a_report(liaison_client, report):
    response = liaison_client.post(
        reverse("activities:research_report_forward", args=[report.pk]),
        {"forwarded_to": "长安街道办事处", "workdays": 10},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.forwarded_to == "长安街道办事处"
    assert report.reply_deadline == add_workdays(timezone.localdate(), 10)


def test_the_liaison_office_records_the_reply(liaison_client, liaison, report):
    forwarded(report, liaison, today=timezone.localdate())
    response = liaison_client.post(
        reverse("activities:research_report_reply", args=[report.pk]),
        {"reply_text": "已列入明年民生实事项目。"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ResearchReportStatus.REPLIED
    assert report.reply_text == "已列入明年民生实事项目。"


def test_a_clerk_who_sees_the_report_may_not_forward_it(clerk_a_client, report):
    assert (
        clerk_a_client.get(reverse("activities:research_report", args=[report.pk])).status_code
        == 200
    )
    response = clerk_a_client.post(
        reverse("activities:research_report_forward", args=[report.pk]),
        {"forwarded_to": "x", "workdays": 5},
    )
    assert response.status_code == 403


def test_a_report_elsewhere_is_not_found(clerk_b_client, report):
    assert (
        clerk_b_client.get(reverse("activities:research_report", args=[report.pk])).status_code
        == 404
    )
    response = clerk_b_client.post(
        reverse("activities:research_report_forward", args=[report.pk]),
        {"forwarded_to": "x", "workdays": 5},
    )
    assert response.status_code == 404


def test_forward_and_reply_are_post_only(liaison_client, report):
    for name in ("activities:research_report_forward", "activities:research_report_reply"):
        assert liaison_client.get(reverse(name, args=[report.pk])).status_code == 405


def test_the_report_list_needs_sign_in(client):
    url = reverse("activities:research_reports")
    assert_redirects_to_login(client.get(url), url)


def test_the_list_flags_and_filters_overdue_replies(liaison_client, liaison, topic, me, peer):
    late = ResearchReportFactory(topic=topic, representative=me, title="逾期未复")
    forwarded(late, liaison, today=date(2026, 1, 5))
    ResearchReportFactory(topic=topic, representative=peer, title="刚提交")

    response = liaison_client.get(reverse("activities:research_reports"))
    flags = {r.title: r.overdue for r in response.context["page"]}
    assert flags == {"逾期未复": True, "刚提交": False}

    response = liaison_client.get(reverse("activities:research_reports"), {"overdue": "on"})
    assert [r.title for r in response.context["page"]] == ["逾期未复"]


@pytest.mark.parametrize("count", [1, 12])
def test_report_list_query_count_is_constant(
    liaison_client, topic, me, count, django_assert_max_num_queries
):
    ResearchReportFactory.create_batch(count, topic=topic, representative=me)
    with django_assert_max_num_queries(8):
        response = liaison_client.get(reverse("activities:research_reports"))
    assert response.context["page"].paginator.count == count


def test_reports_export_to_excel(liaison_client, report):
    response = liaison_client.get(reverse("activities:research_export"))
    assert response.status_code == 200
    assert response.getvalue()[:2] == b"PK"


def test_the_attachment_is_served_only_in_scope(
    representative_client, clerk_b_client, topic, me, representative
):
    report = report_submit(
        actor=representative,
        topic=topic,
        representative=me,
        title="报告",
        text="内容",
        attachment=pdf_upload(),
    )
    url = reverse("activities:research_attachment", args=[report.pk])
    assert representative_client.get(url).status_code == 200
    assert clerk_b_client.get(url).status_code == 404


def test_the_pages_render_for_their_users(
    liaison_client, representative_client, clerk_b_client, topic, report
):
    assert liaison_client.get(reverse("activities:research_topic_new")).status_code == 200
    assert representative_client.get(reverse("activities:research_topic_new")).status_code == 403
    # A district topic concerns every subdistrict below it.
    response = clerk_b_client.get(reverse("activities:research_topic", args=[topic.pk]))
    assert response.status_code == 200
    response = representative_client.get(reverse("activities:research_topic", args=[topic.pk]))
    assert [r.title for r in response.context["reports"]] == ["长安街道加装电梯情况"]
    response = liaison_client.get(reverse("activities:research_report", args=[report.pk]))
    assert response.context["forward_form"] is not None
    response = representative_client.get(reverse("activities:research_report", args=[report.pk]))
    assert response.context["forward_form"] is None
    assert representative_client.get(reverse("activities:research_reports")).status_code == 200


def test_the_liaison_office_sets_a_topic_through_the_page(liaison_client, areas):
    response = liaison_client.post(
        reverse("activities:research_topic_new"),
        {"area": areas.d.pk, "year": 2026, "half": 1, "title": "社区养老调研", "description": ""},
    )
    assert response.status_code == 302
    assert ResearchTopicFactory._meta.model.objects.get().title == "社区养老调研"
