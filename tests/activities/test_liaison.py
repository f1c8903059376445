"""Liaison talks (个别谈话, about four a month) and study sessions (研学) with who attended."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import LiaisonTalk, StudySession
from activities.services.liaison import talk_counts, talk_create
from activities.services.study import session_create
from core.errors import DomainError
from tests.activities.factories import LiaisonTalkFactory, StudyPlanFactory
from tests.helpers import assert_redirects_to_login

pytestmark = pytest.mark.django_db


def test_talk_counts_compare_this_month_with_the_aim_of_four(areas, me, peer):
    today = timezone.localdate()
    LiaisonTalkFactory.create_batch(3, area=areas.d, representative=me, date=today)
    LiaisonTalkFactory(area=areas.d, representative=peer, date=today - timedelta(days=40))

    [row] = talk_counts([areas.d], year=today.year, month=today.month)
    assert (row["count"], row["target"], row["met"]) == (3, 4, False)

    LiaisonTalkFactory(area=areas.d, representative=peer, date=today)
    [row] = talk_counts([areas.d], year=today.year, month=today.month)
    assert (row["count"], row["met"]) == (4, True)


def test_only_the_liaison_office_records_talks(areas, clerk_a, liaison, me):
    talk = talk_create(
        actor=liaison, area=areas.d, representative=me, on=timezone.localdate(), summary="谈履职"
    )
    assert talk.talked_by == liaison
    with pytest.raises(DomainError):
        talk_create(
            actor=clerk_a, area=areas.a, representative=me, on=timezone.localdate(), summary="x"
        )


def test_a_study_session_records_who_attended(areas, liaison, me, peer):
    plan = StudyPlanFactory(area=areas.d)
    session = session_create(
        actor=liaison,
        area=areas.d,
        plan=plan,
        on=timezone.localdate(),
        title="研学",
        attended=[me, peer],
    )
    assert set(session.attended.all()) == {me, peer}


def test_the_liaison_office_records_a_talk_and_sees_the_month_count(
    liaison_client, liaison, areas, me
):
    response = liaison_client.post(
        reverse("activities:talk_new"),
        {
            "area": areas.d.pk,
            "representative": me.pk,
            "date": timezone.localdate().isoformat(),
            "summary": "了解值班情况",
            "suggestions": "希望增加培训",
        },
    )
    assert response.status_code == 302
    talk = LiaisonTalk.objects.get()
    assert (talk.representative, talk.talked_by, talk.area) == (me, liaison, areas.d)

    response = liaison_client.get(reverse("activities:talks"))
    [row] = response.context["month_counts"]
    assert (row["area"], row["count"], row["target"]) == (areas.d, 1, 4)
    assert "1 / 4" in response.content.decode()


def test_talks_are_for_the_liaison_office(clerk_a_client, representative_client):
    assert clerk_a_client.get(reverse("activities:talks")).status_code == 403
    assert representative_client.get(reverse("activities:talk_new")).status_code == 403


def test_talks_need_sign_in(client):
    url = reverse("activities:talks")
    assert_redirects_to_login(client.get(url), url)


def test_talks_of_another_district_are_not_listed(liaison_client, foreign_workroom, me, areas):
    LiaisonTalkFactory(area=foreign_workroom.area, representative=me)
    LiaisonTalkFactory(area=areas.d, representative=me)
    response = liaison_client.get(reverse("activities:talks"))
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize("count", [1, 12])
def test_talk_list_query_count_is_constant(
    liaison_client, areas, me, count, django_assert_max_num_queries
):
    LiaisonTalkFactory.create_batch(count, area=areas.d, representative=me)
    with django_assert_max_num_queries(8):
        response = liaison_client.get(reverse("activities:talks"))
    assert response.context["page"].paginator.count == count


def test_talks_export_to_excel(liaison_client, areas, me):
    LiaisonTalkFactory(area=areas.d, representative=me)
    response = liaison_client.get(
        reverse("activities:talks_export"), {"year": timezone.localdate().year}
    )
    assert response.status_code == 200
    assert response.getvalue()[:2] == b"PK"


def test_the_liaison_office_records_a_study_session(liaison_client, areas, me, peer):
    plan = StudyPlanFactory(area=areas.d)
    response = liaison_client.post(
        reverse("activities:study_session_new"),
        {
            "plan": plan.pk,
            "date": timezone.localdate().isoformat(),
            "title": "学习新修订的条例",
            "record": "集中学习两小时",
            "attended": [me.pk, peer.pk],
        },
    )
    assert response.status_code == 302
    session = StudySession.objects.get()
    assert (session.area, session.plan) == (areas.d, plan)
    assert set(session.attended.all()) == {me, peer}


def test_a_clerk_cannot_record_study(clerk_a_client):
    assert clerk_a_client.get(reverse("activities:study_session_new")).status_code == 403
    assert clerk_a_client.get(reverse("activities:study_plan_new")).status_code == 403


def test_the_liaison_office_writes_a_study_plan(liaison_client, areas):
    response = liaison_client.post(
        reverse("activities:study_plan_new"),
        {"area": areas.d.pk, "year": 2026, "title": "2026年研学计划", "content": "每季度一次"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("count", [1, 12])
def test_study_page_lists_sessions_with_constant_queries(
    representative_client, areas, me, count, django_assert_max_num_queries
):
    plan = StudyPlanFactory(area=areas.d)
    for _ in range(count):
        StudySession.objects.create(
            area=areas.d, plan=plan, date=timezone.localdate(), title="研学"
        ).attended.set([me])
    with django_assert_max_num_queries(9):
        response = representative_client.get(reverse("activities:study"))
    assert response.context["page"].paginator.count == count


def test_study_elsewhere_is_not_listed(clerk_b_client, areas, foreign_workroom, me):
    StudySession.objects.create(area=areas.a, date=timezone.localdate(), title="长安街道研学")
    StudySession.objects.create(area=areas.d, date=timezone.localdate(), title="区研学")
    StudySession.objects.create(area=foreign_workroom.area, date=timezone.localdate(), title="外区")
    response = clerk_b_client.get(reverse("activities:study"))
    assert [s.title for s in response.context["page"]] == ["区研学"]


def test_the_forms_render_for_the_liaison_office(liaison_client):
    for name in (
        "activities:talk_new",
        "activities:study_plan_new",
        "activities:study_session_new",
    ):
        assert liaison_client.get(reverse(name)).status_code == 200
