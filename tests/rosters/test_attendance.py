"""Attendance (签到) and shifts edited by hand."""

from datetime import time, timedelta

import pytest
from django.utils import translation

from core.errors import Conflict, DomainError
from rosters.attendance import duty_mark
from rosters.models import Attendance
from rosters.services import shift_update
from tests.rosters.factories import (
    AssignmentFactory,
    DutyFactory,
    DutyShiftFactory,
    RepresentativeFactory,
)


@pytest.fixture(autouse=True)
def _english_messages():
    # These tests read the refusal messages; English keeps them independent of the catalogue.
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

WORKED, MISSED = Attendance.WORKED, Attendance.MISSED


def duty_on(workroom, day, person, **shift):
    return DutyFactory(
        shift=DutyShiftFactory(workroom=workroom, date=day, **shift), representative=person
    )


def all_day(workroom, day, person):
    return duty_on(workroom, day, person, start_time=time(0, 0), end_time=time(23, 59))


# --- The liaison officer --------------------------------------------------------------------


@pytest.mark.parametrize("attendance", [WORKED, MISSED])
def test_liaison_officer_marks_a_past_shift(wr, me, officer, yesterday, attendance):
    duty = duty_on(wr.a, yesterday, me)

    duty_mark(duty, actor=officer, attendance=attendance)

    duty.refresh_from_db()
    assert duty.attendance == attendance
    assert duty.marked_by == officer and duty.marked_at


def test_liaison_officer_may_correct_a_mark(wr, me, officer, yesterday):
    duty = duty_on(wr.a, yesterday, me)
    duty_mark(duty, actor=officer, attendance=MISSED)

    duty_mark(duty, actor=officer, attendance=WORKED)

    duty.refresh_from_db()
    assert duty.attendance == WORKED


def test_nobody_marks_a_shift_before_it_starts(wr, me, officer, tomorrow):
    duty = duty_on(wr.a, tomorrow, me)

    with pytest.raises(DomainError, match="not started"):
        duty_mark(duty, actor=officer, attendance=WORKED)


def test_a_district_admin_marks_too(wr, me, area_admin, yesterday):
    duty = duty_on(wr.a, yesterday, me)

    duty_mark(duty, actor=area_admin, attendance=MISSED)

    assert duty.attendance == MISSED


def test_a_clerk_of_another_subdistrict_may_not_mark(wr, me, clerk_b, yesterday):
    duty = duty_on(wr.a, yesterday, me)

    with pytest.raises(DomainError, match="liaison officer"):
        duty_mark(duty, actor=clerk_b, attendance=WORKED)


def test_the_liaison_office_does_not_mark_attendance(wr, me, liaison, yesterday):
    duty = duty_on(wr.a, yesterday, me)

    with pytest.raises(DomainError):
        duty_mark(duty, actor=liaison, attendance=WORKED)


def test_scheduled_is_not_a_mark(wr, me, officer, yesterday):
    with pytest.raises(DomainError):
        duty_mark(duty_on(wr.a, yesterday, me), actor=officer, attendance=Attendance.SCHEDULED)


# --- The representative themselves ----------------------------------------------------------


def test_representative_signs_in_on_the_day(wr, me, representative, today):
    duty = all_day(wr.a, today, me)

    duty_mark(duty, actor=representative, attendance=WORKED)

    duty.refresh_from_db()
    assert duty.attendance == WORKED and duty.marked_by == representative


@pytest.mark.parametrize("offset", [-1, 1])
def test_representative_cannot_sign_in_on_another_day(wr, me, representative, today, offset):
    duty = all_day(wr.a, today + timedelta(days=offset), me)

    with pytest.raises(DomainError, match="on the day"):
        duty_mark(duty, actor=representative, attendance=WORKED)


def test_representative_cannot_mark_themselves_missed(wr, me, representative, today):
    duty = all_day(wr.a, today, me)

    with pytest.raises(DomainError, match="only sign yourself in"):
        duty_mark(duty, actor=representative, attendance=MISSED)


def test_representative_cannot_overturn_a_recorded_mark(wr, me, representative, officer, today):
    duty = all_day(wr.a, today, me)
    Duty = type(duty)
    Duty.objects.filter(pk=duty.pk).update(attendance=MISSED)
    duty.refresh_from_db()

    with pytest.raises(DomainError, match="already been recorded"):
        duty_mark(duty, actor=representative, attendance=WORKED)


def test_representative_cannot_sign_in_someone_else(wr, me, peer, representative, today):
    duty = all_day(wr.a, today, peer)

    with pytest.raises(DomainError, match="representative on duty"):
        duty_mark(duty, actor=representative, attendance=WORKED)


def test_a_stale_mark_is_a_conflict(wr, me, officer, area_admin, yesterday):
    duty = duty_on(wr.a, yesterday, me)
    stale = type(duty).objects.get(pk=duty.pk)
    duty_mark(duty, actor=officer, attendance=WORKED)

    with pytest.raises(Conflict):
        duty_mark(stale, actor=area_admin, attendance=MISSED)


# --- Shifts edited by hand ------------------------------------------------------------------


def edit(shift, actor, **changes):
    values = {
        "version": shift.version,
        "day": shift.date,
        "start_time": shift.start_time,
        "end_time": shift.end_time,
        "representatives": [d.representative for d in shift.duties.all()],
        "liaison_officer": shift.liaison_officer,
        "note": shift.note,
    } | changes
    return shift_update(shift, actor=actor, **values)


def test_edit_changes_time_people_and_marks_the_shift(wr, me, peer, officer, tomorrow):
    shift = duty_on(wr.a, tomorrow, me).shift

    edit(shift, officer, start_time=time(14, 0), end_time=time(16, 0), representatives=[peer])

    shift.refresh_from_db()
    assert (shift.start_time, shift.edited_by_hand, shift.version) == (time(14, 0), True, 2)
    assert [d.representative for d in shift.duties.all()] == [peer]


def test_edit_with_a_stale_version_is_refused(wr, me, officer, tomorrow):
    shift = duty_on(wr.a, tomorrow, me).shift
    edit(shift, officer, note="第一次")

    with pytest.raises(Conflict):
        edit(shift, officer, version=1, note="第二次")


def test_edit_refuses_someone_not_stationed_there(wr, me, officer, tomorrow):
    shift = duty_on(wr.a, tomorrow, me).shift
    outsider = RepresentativeFactory(name="外室代表", area=wr.b.area)
    AssignmentFactory(representative=outsider, workroom=wr.b)

    with pytest.raises(DomainError, match="外室代表"):
        edit(shift, officer, representatives=[me, outsider])


def test_edit_refuses_an_overlapping_duty(wr, me, peer, officer, tomorrow):
    AssignmentFactory(representative=peer, workroom=wr.b)
    duty_on(wr.b, tomorrow, peer)
    shift = duty_on(wr.a, tomorrow, me).shift

    with pytest.raises(DomainError, match="overlapping"):
        edit(shift, officer, representatives=[me, peer])


def test_edit_refused_once_attendance_is_recorded(wr, me, officer, yesterday):
    duty = duty_on(wr.a, yesterday, me)
    duty_mark(duty, actor=officer, attendance=WORKED)

    with pytest.raises(DomainError, match="recorded"):
        edit(duty.shift, officer, note="补记")


def test_edit_refused_to_a_representative_user(wr, me, representative, tomorrow):
    shift = duty_on(wr.a, tomorrow, me).shift

    with pytest.raises(DomainError):
        edit(shift, representative, note="想改")
