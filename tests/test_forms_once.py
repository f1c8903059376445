"""Every creating form makes one thing however often the same rendered form is sent: a double
click, a retry after a timeout, ten impatient submissions at once (``core.once``). The second
answer leads to what the first made; a form refused for its input keeps its token, so the
corrected form still goes through.

Each case takes the token from the page as rendered (so a template that forgets the hidden
field fails here), then posts the form as the user would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleKind
from activities.models import (
    Activity,
    ActivityPhoto,
    Course,
    CourseOrder,
    LiaisonTalk,
    ResearchReport,
    ResearchTopic,
    Resolution,
    StudyPlan,
    StudySession,
    Wish,
)
from petitions.models import Petition
from representatives.models import Level, Representative, WorkField
from rosters.models import RotationRule, SwapRequest
from tests.activities.factories import (
    ActivityFactory,
    CourseFactory,
    DeliberationFactory,
    ResearchTopicFactory,
    StudyPlanFactory,
    activity_type,
)
from tests.factories import RoleFactory, UserFactory, png_upload
from tests.helpers import client_for
from tests.races import needs_postgres, race
from tests.representatives.factories import stationed
from tests.rosters.factories import DutyFactory, DutyShiftFactory

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    user: Any
    page: str  # where the form is rendered
    action: str  # where it is sent
    data: Callable[[], dict]  # valid input (a callable: uploads are read once)
    refused: dict  # changes that make the input invalid
    model: type[models.Model]


@pytest.fixture
def world(wr, areas, clerk_a, liaison, representative):
    me = stationed(wr.a, name="党代表甲", user=representative)
    peer_user = UserFactory(username="peer", full_name="党代表乙")
    RoleFactory(user=peer_user, kind=RoleKind.REPRESENTATIVE, area=areas.a)
    peer = stationed(wr.a, name="党代表乙", user=peer_user)
    return {"wr": wr, "areas": areas, "clerk": clerk_a, "liaison": liaison, "me": me, "peer": peer}


def _register(w) -> Case:
    url = reverse("petitions:register")
    data = {
        "workroom": w["wr"].a.pk,
        "resident_name": "王秀英",
        "resident_phone": "13811112222",
        "channel": "visit",
        "category": "property",
        "title": "路灯坏了",
        "content": "小区门口路灯坏了一周。",
    }
    return Case(w["clerk"], url, url, lambda: data, {"title": ""}, Petition)


def _activity(w) -> Case:
    url = reverse("activities:create")
    data = {
        "workroom": w["wr"].a.pk,
        "type": activity_type("micro_lecture").pk,
        "title": "微宣讲：新修订的条例",
        "date": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "start_time": "09:00",
        "end_time": "10:30",
        "place": "书院路社区",
        "representatives": [w["me"].pk],
        "attendees": "40",
        "summary": "讲解条例",
    }
    return Case(w["clerk"], url, url, lambda: data, {"title": ""}, Activity)


def _wish(w) -> Case:
    url = reverse("activities:wish_create")
    data = {"workroom": w["wr"].a.pk, "resident_name": "李桂兰", "content": "借轮椅"}
    return Case(w["clerk"], url, url, lambda: data, {"content": ""}, Wish)


def _photo(w) -> Case:
    activity = ActivityFactory(workroom=w["wr"].a)
    return Case(
        w["clerk"],
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:photo_add", args=[activity.pk]),
        lambda: {"image": png_upload("现场.png"), "caption": "现场"},
        {"image": ""},
        ActivityPhoto,
    )


def _resolution(w) -> Case:
    meeting = DeliberationFactory(workroom=w["wr"].a)
    return Case(
        w["clerk"],
        reverse("activities:detail", args=[meeting.pk]),
        reverse("activities:resolution_add", args=[meeting.pk]),
        lambda: {"text": "增设20个停车位", "owner_note": "物业公司"},
        {"text": ""},
        Resolution,
    )


def _course(w) -> Case:
    url = reverse("activities:course_new", args=[w["wr"].a.pk])
    data = {
        "representative": w["me"].pk,
        "title": "红色家风",
        "topic": "party_history",
        "minutes": 45,
    }
    return Case(w["me"].user, url, url, lambda: data, {"title": ""}, Course)


def _course_order(w) -> Case:
    course = CourseFactory(workroom=w["wr"].a, representative=w["me"])
    url = reverse("activities:course_order", args=[course.pk])
    data = {
        "unit": "兴善社区第一党支部",
        "contact_name": "李老师",
        "contact_phone": "",
        "preferred_dates": "三月任一周三下午",
        "expected_attendees": 30,
    }
    return Case(w["clerk"], url, url, lambda: data, {"unit": ""}, CourseOrder)


def _topic(w) -> Case:
    url = reverse("activities:research_topic_new")
    data = {"area": w["areas"].d.pk, "year": 2026, "half": 1, "title": "社区养老调研"}
    return Case(w["liaison"], url, url, lambda: data, {"title": ""}, ResearchTopic)


def _report(w) -> Case:
    topic = ResearchTopicFactory(area=w["areas"].d)
    url = reverse("activities:research_report_new", args=[topic.pk])
    data = {"representative": w["me"].pk, "title": "电梯调研", "text": "走访了12个小区"}
    return Case(w["me"].user, url, url, lambda: data, {"text": ""}, ResearchReport)


def _talk(w) -> Case:
    url = reverse("activities:talk_new")
    data = {
        "area": w["areas"].d.pk,
        "representative": w["me"].pk,
        "date": timezone.localdate().isoformat(),
        "summary": "了解值班情况",
        "suggestions": "",
    }
    return Case(w["liaison"], url, url, lambda: data, {"summary": ""}, LiaisonTalk)


def _plan(w) -> Case:
    url = reverse("activities:study_plan_new")
    data = {"area": w["areas"].d.pk, "year": 2026, "title": "2026年研学计划", "content": "每季度"}
    return Case(w["liaison"], url, url, lambda: data, {"title": ""}, StudyPlan)


def _session(w) -> Case:
    plan = StudyPlanFactory(area=w["areas"].d)
    url = reverse("activities:study_session_new")
    data = {
        "plan": plan.pk,
        "date": timezone.localdate().isoformat(),
        "title": "学习新修订的条例",
        "record": "集中学习两小时",
        "attended": [w["me"].pk],
    }
    return Case(w["liaison"], url, url, lambda: data, {"title": ""}, StudySession)


def _representative(w) -> Case:
    url = reverse("representatives:create")
    data = {
        "name": "新代表",
        "gender": "F",
        "level_set": [str(Level.CITY.value)],
        "area": w["areas"].a1.pk,
        "phone": "",  # without a phone nothing else would stop a second record
        "work_field": WorkField.EDUCATION,
        "work_unit": "实验小学",
        "post": "校长",
        "term": "第十四次党代会",
        "is_active": "on",
    }
    return Case(w["clerk"], url, url, lambda: data, {"name": ""}, Representative)


def _rule(w) -> Case:
    url = reverse("rosters:rule_create", args=[w["wr"].a.pk])
    data = {
        "name": "党代表接待日",
        "kind": "weekly",
        "weekday_set": ["2", "4"],
        "month_days": "",
        "nth": "",
        "start_time": "09:00",
        "end_time": "11:30",
        "representatives_per_shift": "2",
        "with_liaison": "on",
        "on_holiday": "move",
        "valid_from": "2026-01-01",
        "valid_until": "",
    }
    return Case(w["clerk"], url, url, lambda: data, {"name": ""}, RotationRule)


def _swap(w) -> Case:
    tomorrow = timezone.localdate() + timedelta(days=1)
    duty = DutyFactory(
        shift=DutyShiftFactory(workroom=w["wr"].a, date=tomorrow), representative=w["me"]
    )
    url = reverse("rosters:swap_request", args=[duty.pk])
    data = {"counterpart": w["peer"].pk, "counterpart_duty": "", "reason": "单位临时有会"}
    return Case(
        w["me"].user,
        f"{url}?counterpart={w['peer'].pk}",
        url,
        lambda: data,
        {"reason": "x" * 201},
        SwapRequest,
    )


CASES = {
    "request": _register,
    "activity": _activity,
    "wish": _wish,
    "activity photo": _photo,
    "resolution": _resolution,
    "course": _course,
    "course order": _course_order,
    "research topic": _topic,
    "research report": _report,
    "liaison talk": _talk,
    "study plan": _plan,
    "study session": _session,
    "representative": _representative,
    "rotation rule": _rule,
    "swap request": _swap,
}


def rendered_token(client, case: Case) -> str:
    """The hidden token of the form sent to ``case.action``, as its page renders it."""
    html = client.get(case.page).content.decode()
    elsewhere = case.page.split("?")[0] != case.action  # a form on another object's page
    start = html.index(f'action="{case.action}"') if elsewhere else 0
    found = re.search(r'<input type="hidden" name="once" value="([^"]+)"', html[start:])
    assert found, f"{case.page} renders no token for {case.action}"
    return unescape(found.group(1))


def made(case: Case) -> int:
    return case.model._default_manager.count()


@pytest.fixture(params=list(CASES))
def case(request, world) -> Case:
    return CASES[request.param](world)


def test_the_same_rendered_form_sent_twice_makes_one_and_leads_to_it(case):
    client = client_for(case.user)
    token = rendered_token(client, case)
    before = made(case)

    first = client.post(case.action, {**case.data(), "once": token})
    second = client.post(case.action, {**case.data(), "once": token})

    assert first.status_code == 302, first.context and first.context.get("form").errors
    assert made(case) == before + 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert client.get(second["Location"]).status_code == 200


def test_each_rendering_carries_its_own_token(case):
    client = client_for(case.user)

    assert rendered_token(client, case) != rendered_token(client, case)


def test_a_form_refused_for_its_input_keeps_its_token(case):
    client = client_for(case.user)
    token = rendered_token(client, case)
    before = made(case)

    refused = client.post(case.action, {**case.data(), **case.refused, "once": token})
    corrected = client.post(case.action, {**case.data(), "once": token})

    assert refused.status_code in (200, 400)
    assert corrected.status_code == 302
    assert made(case) == before + 1


@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("restore_migrated_data")
def test_ten_submissions_at_once_make_one(case):
    token = rendered_token(client_for(case.user), case)
    before = made(case)

    def submit():
        return client_for(case.user).post(case.action, {**case.data(), "once": token})

    answers = race(*[submit for _ in range(10)])

    assert made(case) == before + 1
    # Each is led to the one made; the request form may instead be shown again with its
    # duplicate warning when it arrived as the first was being saved.
    statuses = {getattr(answer, "status_code", answer) for answer in answers}
    assert statuses <= {302, 200} if case.model is Petition else statuses == {302}, answers
