"""One way of writing dates on a page: the app's Chinese format (2026年12月2日, 2026年12月2日 14:30)
and, in English, "Dec. 2, 2026" and "Dec. 2, 2026, 14:30" — never 2026-12-02 beside 2026年12月9日,
nor "12/02/2026 4:56 p.m." beside "Dec. 2, 2026" (config/formats/).

Only the text a reader sees is checked: ISO dates stay in attributes (a date input's value, a
<time datetime>), where browsers need them.
"""

import re
from datetime import date, time, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from rosters.attendance import duty_mark
from rosters.models import Attendance
from rosters.swaps import swap_accept, swap_request
from tests.activities.factories import (
    CourseFactory,
    CourseOrderFactory,
    LiaisonTalkFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    StudySessionFactory,
    on,
)
from tests.helpers import client_for
from tests.rosters.factories import (
    AssignmentFactory,
    DutyFactory,
    DutyShiftFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SLASHED = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}/\d{1,2}/\d{1,2}\b")
TWELVE_HOUR = re.compile(r"\b(a\.m\.|p\.m\.|noon|midnight)\b")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(response) -> str:
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(parser.parts)


@pytest.fixture
def pages(wr, areas, clerk_a, liaison, representative):
    """A page of each kind that writes dates, with something dated on it."""
    wr.a.liaison_officers.add(clerk_a)
    today = timezone.localdate()
    me = RepresentativeFactory(name="党代表甲", area=areas.a, user=representative)
    peer = RepresentativeFactory(name="党代表乙", area=areas.a, user=liaison)
    for person in (me, peer):
        AssignmentFactory(representative=person, workroom=wr.a)
    worked = DutyFactory(
        shift=DutyShiftFactory(
            workroom=wr.a, date=today, start_time=time(0, 0), end_time=time(23, 59)
        ),
        representative=me,
    )
    duty_mark(worked, actor=clerk_a, attendance=Attendance.WORKED)
    ahead = DutyFactory(
        shift=DutyShiftFactory(workroom=wr.a, date=today + timedelta(days=3)), representative=me
    )
    swap = swap_request(ahead, counterpart=peer, actor=representative)
    swap_accept(swap, actor=liaison)
    topic = ResearchTopicFactory(area=areas.d, year=today.year)
    ResearchReportFactory(topic=topic, representative=me, submitted_at=on(date(today.year, 1, 9)))
    LiaisonTalkFactory(area=areas.d, representative=me, date=date(today.year, 1, 9))
    StudySessionFactory(area=areas.d, date=date(today.year, 1, 9), attended=[me])
    CourseOrderFactory(course=CourseFactory(workroom=wr.a, representative=me))
    return {
        "shift": reverse("rosters:shift_detail", args=[worked.shift_id]),
        "swap": reverse("rosters:swap_detail", args=[swap.pk]),
        "research": reverse("activities:research_reports"),
        "talks": reverse("activities:talks"),
        "study": reverse("activities:study"),
        "course orders": reverse("activities:course_orders"),
        "record": reverse("records:record", args=[me.pk]),
    }


@pytest.mark.parametrize(
    "page", ["shift", "swap", "research", "talks", "study", "course orders", "record"]
)
def test_a_chinese_page_writes_every_date_the_chinese_way(pages, liaison, page):
    text = visible_text(client_for(liaison).get(pages[page]))

    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text)
    assert ISO.findall(text) == []
    assert SLASHED.findall(text) == []


@pytest.mark.parametrize(
    "page", ["shift", "swap", "research", "talks", "study", "course orders", "record"]
)
def test_an_english_page_writes_every_date_one_way(pages, liaison, page):
    liaison.language = "en"
    liaison.save(update_fields=["language"])

    text = visible_text(client_for(liaison).get(pages[page]))

    assert ISO.findall(text) == []
    assert SLASHED.findall(text) == []
    assert TWELVE_HOUR.findall(text) == []
