"""The home page is each role's work queue: what is due, waiting, or asked of the user today.

clerk_a is liaison officer (联络员) of wr.a; ``me`` is the shared representative user's
representative record, stationed at wr.a; the liaison office covers district D. What belongs
to subdistrict B must never show up for A's people, and the counts are exact.
"""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import ResearchReportStatus, ResolutionStatus, WishStatus
from petitions import referrals
from petitions.models import Petition, State
from portal.queues import SHOWN
from reports.models import Report, ReportKind, ReportStatus
from rosters.models import Attendance, SwapStatus
from tests.activities.factories import (
    ActivityFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    ResolutionFactory,
    WishFactory,
)
from tests.factories import RoleFactory, UserFactory
from tests.helpers import assert_redirects_to_login, client_for
from tests.petitions.factories import make_petition, staff_of
from tests.petitions.pages import at, beijing
from tests.representatives.factories import stationed
from tests.rosters.factories import DutyFactory, DutyShiftFactory, SwapRequestFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture
def officer(clerk_a, wr):
    wr.a.liaison_officers.add(clerk_a)
    return clerk_a


@pytest.fixture
def me(representative, wr):
    return stationed(wr.a, name="党代表甲", user=representative)


def queue(response, role):
    return next(q for q in response.context["queues"] if q.role == role)


def dated(petition, **fields):
    Petition.objects.filter(pk=petition.pk).update(**fields)
    petition.refresh_from_db()
    return petition


# --- clerk / liaison officer --------------------------------------------------------------


def test_todays_duty_shows_who_is_on_and_lets_the_officer_sign_them_in(officer, wr, me):
    now = timezone.localtime()
    started = DutyShiftFactory(
        workroom=wr.a, date=now.date(), start_time=time(0, 0), end_time=time(23, 59)
    )
    duty = DutyFactory(shift=started, representative=me)
    DutyShiftFactory(workroom=wr.b, date=now.date())  # sibling subdistrict: not mine

    response = client_for(officer).get(HOME)

    assert [s.pk for s in queue(response, "clerk")["shifts"]] == [started.pk]
    body = response.content.decode()
    assert "党代表甲" in body
    assert reverse("rosters:duty_attendance", args=[duty.pk]) in body

    signed = client_for(officer).post(
        reverse("rosters:duty_attendance", args=[duty.pk]),
        {"attendance": Attendance.WORKED, "back": "home"},
    )
    assert signed["Location"] == HOME
    duty.refresh_from_db()
    assert duty.attendance == Attendance.WORKED


def test_request_counts_are_exact_and_stay_in_my_workrooms(officer, wr, clerk_a, clerk_b):
    today = timezone.localdate()
    overdue = dated(
        make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a),
        deadline=today - timedelta(days=2),
    )
    due = dated(make_petition(State.HANDLED, workroom=wr.a, actor=clerk_a), deadline=today)
    make_petition(State.REGISTERED, workroom=wr.a, actor=clerk_a)
    make_petition(State.REPLIED, workroom=wr.a, actor=clerk_a)
    make_petition(State.FEEDBACK, workroom=wr.a, actor=clerk_a)
    dated(
        make_petition(State.RECEIVED, workroom=wr.b, actor=clerk_b),
        deadline=today - timedelta(days=9),
    )

    response = client_for(officer).get(HOME)

    clerk = queue(response, "clerk")
    assert clerk["counts"] == {
        "overdue": 1,
        "due_today": 1,
        "to_receive": 1,
        "to_visit": 1,
        "to_archive": 1,
    }
    assert clerk["urgent"] == [overdue, due]
    body = response.content.decode()
    assert f"{reverse('petitions:list')}?deadline=overdue" in body
    assert reverse("petitions:detail", args=[overdue.pk]) in body


def test_a_referral_asked_of_me_waits_on_my_home(clerk_a, wr, areas):
    community_clerk = UserFactory(full_name="社区联络员")
    RoleFactory(user=community_clerk, kind="clerk", area=areas.a1)
    petition = make_petition(State.RECEIVED, workroom=wr.a1, actor=community_clerk)
    referrals.refer(petition, actor=community_clerk, superior=clerk_a, question="可否占用绿地？")

    response = client_for(clerk_a).get(HOME)

    clerk = queue(response, "clerk")
    assert clerk["referral_count"] == 1
    assert clerk["referrals"][0].petition == petition
    assert (
        f"{reverse('petitions:detail', args=[petition.pk])}#referral" in response.content.decode()
    )


def test_referrals_both_ways_are_listed_apart_oldest_first(clerk_a, wr, areas, liaison):
    community_clerk = UserFactory(full_name="社区联络员")
    RoleFactory(user=community_clerk, kind="clerk", area=areas.a1)
    asked_of_me = []
    for _ in range(SHOWN + 1):
        petition = make_petition(State.RECEIVED, workroom=wr.a1, actor=community_clerk)
        referrals.refer(petition, actor=community_clerk, superior=clerk_a, question="可否？")
        asked_of_me.append(petition)
    mine = []
    for _ in range(2):
        petition = make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a)
        referrals.refer(petition, actor=clerk_a, superior=liaison, question="能否？")
        mine.append(petition)

    clerk = queue(client_for(clerk_a).get(HOME), "clerk")

    assert clerk["referral_count"] == SHOWN + 1
    assert [r.petition for r in clerk["referrals"]] == asked_of_me[:SHOWN]
    assert [r.petition for r in clerk["my_referrals"]] == mine


def test_swaps_waiting_for_approval_are_listed(officer, wr, me):
    accepted = SwapRequestFactory(
        duty=DutyFactory(shift=DutyShiftFactory(workroom=wr.a)), status=SwapStatus.ACCEPTED
    )
    SwapRequestFactory(
        duty=DutyFactory(shift=DutyShiftFactory(workroom=wr.a)), status=SwapStatus.REQUESTED
    )
    SwapRequestFactory(
        duty=DutyFactory(shift=DutyShiftFactory(workroom=wr.b)), status=SwapStatus.ACCEPTED
    )

    clerk = queue(client_for(officer).get(HOME), "clerk")

    assert (clerk["swap_count"], clerk["swaps"]) == (1, [accepted])


def test_unclaimed_wishes_and_late_resolutions_are_followed_up(officer, wr, clerk_a):
    today = timezone.localdate()
    wish = WishFactory(workroom=wr.a, recorded_by=clerk_a)
    WishFactory(workroom=wr.a, recorded_by=clerk_a, status=WishStatus.CLAIMED)
    WishFactory(workroom=wr.b, recorded_by=clerk_a)
    meeting = ActivityFactory(workroom=wr.a)
    late = ResolutionFactory(activity=meeting, due_date=today - timedelta(days=1))
    ResolutionFactory(activity=meeting, due_date=today + timedelta(days=5))
    ResolutionFactory(
        activity=meeting, due_date=today - timedelta(days=3), status=ResolutionStatus.DONE
    )

    clerk = queue(client_for(officer).get(HOME), "clerk")

    assert (clerk["wish_count"], clerk["wishes"]) == (1, [wish])
    assert (clerk["resolution_count"], clerk["resolutions"]) == (1, [late])


def test_the_months_two_flags_say_what_is_missing(officer, wr, clerk_a):
    make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a)

    response = client_for(officer).get(HOME)

    [(workroom, rule)] = queue(response, "clerk")["flags"]
    assert workroom == wr.a
    assert (rule.reception, rule.feedback) == (True, False)
    assert rule.reasons[0] in response.content.decode()


def test_an_empty_day_says_everything_is_done(officer, wr):
    body = client_for(officer).get(HOME).content.decode()

    for panel in ("panel-duty", "panel-requests", "panel-approvals", "panel-followups"):
        assert f'id="{panel}"' in body
    assert 'class="muted"' in body
    assert reverse("petitions:register") in body


def test_the_clerk_home_shows_every_panel_within_15_queries_whatever_the_rows(
    officer, wr, clerk_a, clerk_b, liaison, django_assert_max_num_queries
):
    """Two workrooms kept, requests in every state, and something in each panel: the page
    costs the same few queries for one row of each as for several, and shows them all."""
    wr.a1.liaison_officers.add(officer)
    today = timezone.localdate()
    asker = staff_of(wr.a1, full_name="社区联络员")

    def add(n):
        for _ in range(n):
            for workroom in (wr.a, wr.a1):
                dated(
                    make_petition(State.RECEIVED, workroom=workroom, actor=clerk_a),
                    deadline=today - timedelta(days=1),
                )
                dated(
                    make_petition(State.HANDLED, workroom=workroom, actor=clerk_a), deadline=today
                )
                for state in (State.REGISTERED, State.REPLIED, State.FEEDBACK, State.ARCHIVED):
                    make_petition(state, workroom=workroom, actor=clerk_a)
                WishFactory(workroom=workroom, recorded_by=clerk_a)
                SwapRequestFactory(
                    duty=DutyFactory(
                        shift=DutyShiftFactory(workroom=workroom, date=today + timedelta(days=7))
                    ),
                    status=SwapStatus.ACCEPTED,
                )
                ResolutionFactory(
                    activity=ActivityFactory(workroom=workroom),
                    due_date=today - timedelta(days=1),
                )
                DutyFactory(shift=DutyShiftFactory(workroom=workroom, date=today))
            asked = make_petition(State.RECEIVED, workroom=wr.a1, actor=asker)
            referrals.refer(asked, actor=asker, superior=officer, question="可否占用绿地？")
            mine = make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a)
            referrals.refer(mine, actor=clerk_a, superior=liaison, question="能否？")
        # Subdistrict B's overdue request: never counted on A's home.
        dated(
            make_petition(State.RECEIVED, workroom=wr.b, actor=clerk_b),
            deadline=today - timedelta(days=1),
        )

    client = client_for(officer)
    add(1)
    client.get(HOME)  # the first page after signing in also touches the session (3 writes)
    # Session, user, roles, my workrooms, two request lists (with the tally's five counts), the
    # month's rule, today's shifts and their duties, the referrals both ways, swaps, wishes,
    # resolutions, the menu's unread count: 14.
    with django_assert_max_num_queries(15) as few:
        client.get(HOME)
    add(3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(HOME)

    clerk = queue(response, "clerk")
    assert clerk["workrooms"] == [wr.a, wr.a1]
    assert clerk["counts"] == {
        "overdue": 8,
        "due_today": 8,
        "to_receive": 8,
        "to_visit": 8,
        "to_archive": 8,
    }
    assert len(clerk["urgent"]) == len(clerk["waiting_next"]) == 8
    assert {p.workroom_id for p in clerk["urgent"]} == {wr.a.pk, wr.a1.pk}
    assert {p.state for p in clerk["waiting_next"]} <= {
        State.REGISTERED,
        State.REPLIED,
        State.FEEDBACK,
    }
    assert (clerk["referral_count"], len(clerk["referrals"])) == (4, 4)
    assert len(clerk["my_referrals"]) == 4
    assert (clerk["swap_count"], len(clerk["swaps"])) == (8, 8)
    assert (clerk["wish_count"], len(clerk["wishes"])) == (8, 8)
    assert (clerk["resolution_count"], len(clerk["resolutions"])) == (8, 8)
    assert len(clerk["shifts"]) == 8
    assert all(len(shift.duties.all()) == 1 for shift in clerk["shifts"])
    assert [w for w, _rule in clerk["flags"]] == [wr.a, wr.a1]
    body = response.content.decode()
    for petition in clerk["urgent"] + clerk["waiting_next"]:
        assert reverse("petitions:detail", args=[petition.pk]) in body
    assert "<b>8</b>" in body
    assert wr.b.name not in body


# --- representative ------------------------------------------------------------------------


def test_my_next_duty_shows_when_where_and_with_whom(representative, me, wr):
    tomorrow = timezone.localdate() + timedelta(days=1)
    shift = DutyShiftFactory(workroom=wr.a, date=tomorrow)
    DutyFactory(shift=shift, representative=me)
    DutyFactory(shift=shift, representative=stationed(wr.a, name="同班代表"))

    response = client_for(representative).get(HOME)

    rep = queue(response, "representative")
    assert rep["next_duty"].shift == shift
    assert [c.name for c in rep["colleagues"]] == ["同班代表"]
    assert not rep["sign_in_today"]
    assert "同班代表" in response.content.decode()


def test_a_duty_over_today_is_called_todays_and_over_not_the_next_one(representative, me, wr):
    with at(beijing(2026, 12, 3, 15, 0)):
        shift = DutyShiftFactory(
            workroom=wr.a, date=timezone.localdate(), start_time=time(9), end_time=time(11, 30)
        )
        DutyFactory(shift=shift, representative=me)

        body = client_for(representative).get(HOME).content.decode()

    assert "我今天的值班" in body
    assert "我的下次值班" not in body
    assert "本班已结束，如已到岗请补签到。" in body


def test_a_duty_later_today_is_todays_and_not_over(representative, me, wr):
    with at(beijing(2026, 12, 3, 8, 0)):
        shift = DutyShiftFactory(
            workroom=wr.a, date=timezone.localdate(), start_time=time(9), end_time=time(11, 30)
        )
        DutyFactory(shift=shift, representative=me)

        body = client_for(representative).get(HOME).content.decode()

    assert "我今天的值班" in body
    assert "本班已结束" not in body


def test_on_the_day_the_representative_signs_in_from_home(representative, me, wr):
    shift = DutyShiftFactory(
        workroom=wr.a, date=timezone.localdate(), start_time=time(23, 58), end_time=time(23, 59)
    )
    duty = DutyFactory(shift=shift, representative=me)

    response = client_for(representative).get(HOME)

    assert queue(response, "representative")["sign_in_today"]
    assert reverse("rosters:duty_attendance", args=[duty.pk]) in response.content.decode()


def test_the_representative_sees_swaps_requests_topics_and_wishes(
    representative, me, wr, areas, clerk_a
):
    swap = SwapRequestFactory(
        duty=DutyFactory(shift=DutyShiftFactory(workroom=wr.a)),
        counterpart=me,
        status=SwapStatus.REQUESTED,
    )
    mine = make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a, handler=representative)
    topic = ResearchTopicFactory(area=areas.d, title="老旧小区加装电梯")
    done_topic = ResearchTopicFactory(
        area=areas.a, title="已交报告的课题", year=topic.year, half=topic.half
    )
    ResearchReportFactory(topic=done_topic, representative=me)
    wish = WishFactory(workroom=wr.a, recorded_by=clerk_a, status=WishStatus.CLAIMED, claimed_by=me)

    rep = queue(client_for(representative).get(HOME), "representative")

    assert (rep["swap_count"], rep["swaps"]) == (1, [swap])
    assert (rep["request_count"], rep["requests"]) == (1, [mine])
    assert (rep["topic_count"], rep["topics"]) == (1, [topic])
    assert (rep["wish_count"], rep["wishes"]) == (1, [wish])


def test_a_representative_without_a_record_has_no_representative_queue(representative, wr):
    response = client_for(representative).get(HOME)

    assert [q.role for q in response.context["queues"]] == []


# --- liaison office ------------------------------------------------------------------------


def test_the_office_sees_failing_workrooms_with_the_reason(liaison, wr, clerk_a):
    make_petition(State.REPLIED, workroom=wr.a, actor=clerk_a)

    office = queue(client_for(liaison).get(HOME), "office")

    failing = {w.pk: rule for w, rule in office["failing"]}
    assert wr.a.pk not in failing  # received and replied this month
    assert set(failing) == {wr.d.pk, wr.a1.pk, wr.b.pk}
    assert failing[wr.b.pk].reasons


def test_overdue_requests_are_counted_by_workroom(liaison, wr, clerk_a, clerk_b):
    today = timezone.localdate()
    for _ in range(2):
        dated(
            make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a),
            deadline=today - timedelta(days=1),
        )
    dated(
        make_petition(State.RECEIVED, workroom=wr.b, actor=clerk_b),
        deadline=today - timedelta(days=1),
    )

    office = queue(client_for(liaison).get(HOME), "office")

    assert [(w.pk, w.overdue) for w in office["overdue_by_workroom"]] == [
        (wr.a.pk, 2),
        (wr.b.pk, 1),
    ]


def test_supervised_requests_and_overdue_research_replies(liaison, wr, clerk_a, areas):
    supervised = dated(
        make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a), needs_liaison_office=True
    )
    report = ResearchReportFactory(
        topic=ResearchTopicFactory(area=areas.d),
        status=ResearchReportStatus.FORWARDED,
        reply_deadline=timezone.localdate() - timedelta(days=3),
    )

    office = queue(client_for(liaison).get(HOME), "office")

    assert (office["supervised_count"], office["supervised"]) == (1, [supervised])
    assert (office["research_overdue_count"], office["research_overdue"]) == (1, [report])


def test_standards_not_met_and_last_months_pdfs(liaison, wr):
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    pdf = Report.objects.create(
        kind=ReportKind.WORKROOM, workroom=wr.a, month=last_month, status=ReportStatus.DONE
    )
    Report.objects.create(
        kind=ReportKind.WORKROOM, workroom=wr.b, month=last_month, status=ReportStatus.FAILED
    )

    response = client_for(liaison).get(HOME)

    office = queue(response, "office")
    assert {w.pk for w in office["standards"]} == {wr.d.pk, wr.a.pk, wr.a1.pk, wr.b.pk}
    assert office["pdfs"] == [pdf]
    assert reverse("reports:download", args=[pdf.pk]) in response.content.decode()


def test_the_office_queue_costs_the_same_queries_for_many_rows(
    liaison, wr, clerk_a, django_assert_max_num_queries
):
    client = client_for(liaison)
    make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a)
    with django_assert_max_num_queries(15) as few:
        client.get(HOME)
    for workroom in (wr.a, wr.a1, wr.b, wr.d):
        clerk = staff_of(workroom)
        for _ in range(3):
            dated(
                make_petition(State.RECEIVED, workroom=workroom, actor=clerk),
                needs_liaison_office=True,
                deadline=timezone.localdate() - timedelta(days=1),
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(HOME)


# --- everyone ------------------------------------------------------------------------------


def test_a_user_with_several_roles_sees_each_queue(clerk_a, me, representative, areas):
    RoleFactory(user=clerk_a, kind="representative", area=areas.a)
    me.user = clerk_a
    me.save()

    response = client_for(clerk_a).get(HOME)

    assert [q.role for q in response.context["queues"]] == ["clerk", "representative"]


def test_a_user_without_a_role_is_told_to_ask_for_one(db):
    response = client_for(UserFactory()).get(HOME)

    assert response.context["queues"] == []
    assert not response.context["may_register"]


def test_home_sends_anonymous_visitors_to_sign_in(client):
    assert_redirects_to_login(client.get(HOME), "/")


def test_the_asker_sees_their_question_waiting_too(clerk_a, wr, liaison):
    petition = make_petition(State.RECEIVED, workroom=wr.a, actor=clerk_a)
    referrals.refer(petition, actor=clerk_a, superior=liaison, question="能否？")

    clerk = queue(client_for(clerk_a).get(HOME), "clerk")

    assert [r.petition for r in clerk["my_referrals"]] == [petition]
