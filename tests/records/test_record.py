"""The representative's record page (履职档案): what they did in a year, scoped like the
registry, a constant number of queries."""

import io
from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import CourseOrderStatus, WishStatus
from activities.services.courses import order_confirm
from core.models import AuditEntry
from petitions.models import Petition, State
from records.selectors import record_for
from rosters.models import Attendance, Duty, DutyShift
from tests.activities.factories import (
    ActivityFactory,
    CourseFactory,
    CourseOrderFactory,
    LiaisonTalkFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    StudySessionFactory,
    WishFactory,
    on,
)
from tests.helpers import assert_redirects_to_login
from tests.petitions.factories import make_petition

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def duty(rep, workroom, day, attendance):
    shift = DutyShift.objects.create(
        workroom=workroom, date=day, start_time=time(9), end_time=time(12)
    )
    return Duty.objects.create(shift=shift, representative=rep, attendance=attendance)


@pytest.fixture
def full_year(wr, areas, me, peer, liaison):
    """One of everything for ``me`` this year, and some for last year and for ``peer``."""
    this = date(YEAR, 1, 15)
    last = date(YEAR - 1, 6, 1)
    duty(me, wr.a, this, Attendance.WORKED)
    duty(me, wr.a, date(YEAR, 1, 22), Attendance.MISSED)
    duty(me, wr.a, last, Attendance.WORKED)
    ActivityFactory(workroom=wr.a, representatives=[me], date=this, title="微宣讲：民法典")
    ActivityFactory(workroom=wr.a, representatives=[peer], date=this, title="别人的活动")
    ActivityFactory(workroom=wr.a, representatives=[me], date=last, title="去年的活动")
    WishFactory(workroom=wr.a, status=WishStatus.FULFILLED, claimed_by=me, recorded_at=on(this))
    WishFactory(workroom=wr.a, status=WishStatus.CLAIMED, claimed_by=me, recorded_at=on(this))
    order = CourseOrderFactory(course=CourseFactory(workroom=wr.a, representative=me))
    order_confirm(order, actor=liaison, on=date(YEAR, 12, 31))
    CourseOrderFactory(course=order.course, status=CourseOrderStatus.DECLINED)
    topic = ResearchTopicFactory(area=areas.d, year=YEAR)
    ResearchReportFactory(topic=topic, representative=me, submitted_at=on(this))
    LiaisonTalkFactory(area=areas.d, representative=me, date=this)
    LiaisonTalkFactory(area=areas.d, representative=me, date=last)
    StudySessionFactory(area=areas.d, date=this, attended=[me, peer])
    StudySessionFactory(area=areas.d, date=this, attended=[peer])


def test_the_record_gathers_the_year(full_year, me):
    summary = record_for(me, year=YEAR).summary
    assert summary == {
        "duties_worked": 1,
        "duties_missed": 1,
        "received": 0,
        "handled": 0,
        "activities": 2,  # the lecture and the course delivered (a 送课 activity)
        "wishes": 1,
        "courses": 1,
        "reports": 1,
        "talks": 1,
        "study_sessions": 1,
    }


def test_the_record_of_last_year(full_year, me):
    summary = record_for(me, year=YEAR - 1).summary
    assert (summary["duties_worked"], summary["activities"], summary["talks"]) == (1, 1, 1)
    assert summary["courses"] == summary["reports"] == summary["study_sessions"] == 0


def test_requests_received_and_handled_are_on_the_record(wr, clerk_a, me):
    petition = make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a, handler=me.user)
    # The representative on duty heard it (set directly: the workflow's own tests cover how).
    Petition.objects.filter(pk=petition.pk).update(receiving_representative=me)
    make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a, handler=clerk_a)

    record = record_for(me, year=timezone.localdate().year)
    assert [p.pk for p in record.received] == [petition.pk]
    assert [p.pk for p in record.handled] == [petition.pk]


def test_a_representative_opens_their_own_record(representative_client, me, full_year):
    response = representative_client.get(reverse("records:mine"), follow=True)
    assert response.status_code == 200
    assert response.context["rep"] == me
    assert response.context["year"] == YEAR
    content = response.content.decode()
    assert "微宣讲：民法典" in content
    assert "别人的活动" not in content and "去年的活动" not in content


def test_the_year_filter(clerk_a_client, me, full_year):
    response = clerk_a_client.get(reverse("records:record", args=[me.pk]), {"year": YEAR - 1})
    assert response.context["record"].summary["activities"] == 1
    assert "去年的活动" in response.content.decode()


def test_a_record_elsewhere_is_not_found(clerk_b_client, me):
    assert clerk_b_client.get(reverse("records:record", args=[me.pk])).status_code == 404
    assert clerk_b_client.get(reverse("records:export", args=[me.pk])).status_code == 404


def test_my_record_without_a_representative_record_is_not_found(clerk_a_client):
    assert clerk_a_client.get(reverse("records:mine")).status_code == 404


def test_the_record_needs_sign_in(client, me):
    url = reverse("records:record", args=[me.pk])
    assert_redirects_to_login(client.get(url), url)


def test_the_record_is_get_only(clerk_a_client, me):
    assert clerk_a_client.post(reverse("records:record", args=[me.pk])).status_code == 405


def test_the_record_exports_to_excel(clerk_a_client, me, full_year):
    response = clerk_a_client.get(reverse("records:export", args=[me.pk]))
    assert response.status_code == 200
    assert response.getvalue()[:2] == b"PK"


def test_the_record_export_is_chinese_for_an_english_speaking_reader(
    clerk_a, clerk_a_client, wr, me, full_year
):
    petition = make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a, handler=me.user)
    clerk_a.language = "en"
    clerk_a.save(update_fields=["language"])

    response = clerk_a_client.get(reverse("records:export", args=[me.pk]))

    assert response["Content-Language"] == "en"
    workbook = load_workbook(io.BytesIO(response.getvalue()))

    def column(sheet, index):
        return [row[index] for row in workbook[sheet].iter_rows(min_row=2, values_only=True)]

    assert column("值班", 2) == ["已到岗", "缺勤"]
    assert column("诉求", 0) == [str(petition)]
    assert column("诉求", 3) == ["已接待"]
    assert column("调研报告", 3) == ["已提交"]


def test_the_record_export_is_logged_with_whose_record_it_is(
    clerk_a, clerk_a_client, me, full_year
):
    clerk_a_client.get(reverse("records:export", args=[me.pk]), {"year": YEAR})

    entry = AuditEntry.objects.get(action="export")
    assert (entry.subject, entry.actor) == (me, clerk_a)
    # 2 duties, 2 activities, and one each of wishes, courses, reports, talks and study.
    assert entry.data == {"rows": 9, "query": f"year={YEAR}"}


@pytest.mark.parametrize("copies", [1, 6])
def test_the_record_page_query_count_is_constant(
    liaison_client, wr, areas, me, peer, liaison, copies, django_assert_max_num_queries
):
    for n in range(copies):
        day = date(YEAR, 1, n + 1)
        duty(me, wr.a, day, Attendance.WORKED)
        ActivityFactory(workroom=wr.a, representatives=[me], date=day)
        WishFactory(workroom=wr.a, status=WishStatus.FULFILLED, claimed_by=me, recorded_at=on(day))
        LiaisonTalkFactory(area=areas.d, representative=me, date=day)
        StudySessionFactory(area=areas.d, date=day, attended=[me])
        ResearchReportFactory(
            topic=ResearchTopicFactory(area=areas.d, year=YEAR - n, half=1),
            representative=me,
            submitted_at=on(day),
        )
        order = CourseOrderFactory(course=CourseFactory(workroom=wr.a, representative=me))
        order_confirm(order, actor=liaison, on=date(YEAR, 12, 31))
    with django_assert_max_num_queries(16):
        response = liaison_client.get(reverse("records:record", args=[me.pk]))
    assert response.context["record"].summary["talks"] == copies


# --- how the page writes it ----------------------------------------------------------------------


def test_a_request_title_is_written_once_and_links_to_the_request(clerk_a_client, wr, clerk_a, me):
    petition = make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a, handler=me.user)

    body = clerk_a_client.get(reverse("records:record", args=[me.pk])).content.decode()

    assert body.count(petition.title) == 1
    assert f'href="{reverse("petitions:detail", args=[petition.pk])}"' in body


def test_every_item_of_the_record_links_to_its_page(liaison_client, me, full_year):
    response = liaison_client.get(reverse("records:record", args=[me.pk]))
    body = response.content.decode()
    record = response.context["record"]

    for duty_ in record.duties:
        assert f'href="{reverse("rosters:shift_detail", args=[duty_.shift_id])}"' in body
    for wish in record.wishes:
        assert f'href="{reverse("activities:wish", args=[wish.pk])}"' in body
    for order in record.courses:
        assert f'href="{reverse("activities:detail", args=[order.activity_id])}"' in body
    assert f'href="{reverse("activities:study")}"' in body
    assert f'href="{reverse("activities:talks")}?' in body


def test_the_record_writes_every_date_the_same_way(liaison_client, me, full_year):
    body = liaison_client.get(reverse("records:record", args=[me.pk])).content.decode()

    assert f"{YEAR}年1月15日" in body
    assert f"{YEAR}-01-15" not in body
