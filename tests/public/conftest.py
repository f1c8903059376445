"""A workroom's public page with something in every section, made ``n`` times over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import ActivityPhoto, WishStatus
from petitions.models import State
from representatives.models import AssignmentRole, Level
from tests.activities.factories import ActivityFactory, CourseFactory, WishFactory
from tests.factories import png_upload
from tests.petitions.factories import make_petition, staff_of
from tests.representatives.factories import stationed
from tests.rosters.factories import DutyFactory, DutyShiftFactory


def populate(workroom, n: int) -> dict:
    """``n`` of everything the page shows: representatives (one the group leader), shifts with
    two on duty, activities with a photo, courses, open and claimed wishes, requests."""
    today = timezone.localdate()
    clerk = staff_of(workroom)
    people = [
        stationed(
            workroom,
            role=AssignmentRole.LEADER
            if i == 0 and not workroom.assignments.exists()
            else "member",
            levels=Level.CITY.bit | Level.DISTRICT.bit,
            work_unit=f"第{i}中学",
        )
        for i in range(n)
    ]
    for i in range(n):
        shift = DutyShiftFactory(workroom=workroom, date=today.replace(day=1) + timedelta(days=i))
        DutyFactory(shift=shift, representative=people[i])
        DutyFactory(shift=shift, representative=people[(i + 1) % n])
        activity = ActivityFactory(workroom=workroom, representatives=people[:2])
        ActivityPhoto.objects.create(activity=activity, image=png_upload(f"a{i}.png"))
        CourseFactory(workroom=workroom, representative=people[i])
        WishFactory(workroom=workroom)
        WishFactory(workroom=workroom, status=WishStatus.CLAIMED, claimed_by=people[i])
        make_petition(State.REPLIED, workroom=workroom, actor=clerk)
    return {"people": people, "clerk": clerk}


@pytest.fixture
def count_queries():
    """``with count_queries() as q: ...`` then ``len(q)``; the SQL is in ``q.captured_queries``."""

    def context():
        return CaptureQueriesContext(connection)

    return context
