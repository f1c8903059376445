"""Roster management pages: who may see and do what (anonymous → sign-in, out of scope → 404,
wrong role → 403, wrong method → 405), the happy paths, and constant query counts."""

from datetime import date, time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from rosters.models import Attendance, Duty, DutyShift, RotationRule, SwapRequest, SwapStatus
from tests.factories import WorkroomFactory
from tests.helpers import assert_redirects_to_login
from tests.rosters.factories import (
    DutyFactory,
    DutyShiftFactory,
    RotationRuleFactory,
    SwapRequestFactory,
    assign,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(wr):
    return RotationRuleFactory(workroom=wr.a)


@pytest.fixture
def my_duty(wr, me, tomorrow):
    return DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=tomorrow), representative=me)


@pytest.fixture
def past_duty(wr, me, yesterday):
    return DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=yesterday), representative=me)


@pytest.fixture
def swap(my_duty, peer, representative):
    return SwapRequestFactory(duty=my_duty, counterpart=peer, requested_by=representative)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Anonymous, out of scope, wrong role, wrong method -------------------------------------


def _urls(wr, rule, my_duty, swap):
    return {
        "overview": (reverse("rosters:overview"), "get"),
        "workroom": (reverse("rosters:workroom", args=[wr.a.pk]), "get"),
        "workroom_month": (reverse("rosters:workroom_month", args=[wr.a.pk, 2026, 11]), "get"),
        "generate": (reverse("rosters:generate", args=[wr.a.pk]), "post"),
        "rule_create": (reverse("rosters:rule_create", args=[wr.a.pk]), "get"),
        "rule_edit": (reverse("rosters:rule_edit", args=[rule.pk]), "get"),
        "rule_deactivate": (reverse("rosters:rule_deactivate", args=[rule.pk]), "post"),
        "rule_activate": (reverse("rosters:rule_activate", args=[rule.pk]), "post"),
        "shift_detail": (reverse("rosters:shift_detail", args=[my_duty.shift_id]), "get"),
        "shift_edit": (reverse("rosters:shift_edit", args=[my_duty.shift_id]), "get"),
        "duty_attendance": (reverse("rosters:duty_attendance", args=[my_duty.pk]), "post"),
        "swap_request": (reverse("rosters:swap_request", args=[my_duty.pk]), "get"),
        "swap_inbox": (reverse("rosters:swap_inbox"), "get"),
        "swap_detail": (reverse("rosters:swap_detail", args=[swap.pk]), "get"),
        **{
            f"swap_{move}": (reverse(f"rosters:swap_{move}", args=[swap.pk]), "post")
            for move in ("accept", "decline", "approve", "reject", "cancel")
        },
    }


def test_anonymous_is_sent_to_sign_in_everywhere(client, wr, rule, my_duty, swap):
    for url, method in _urls(wr, rule, my_duty, swap).values():
        assert_redirects_to_login(getattr(client, method)(url), url)


OBJECT_PAGES = [
    "workroom",
    "workroom_month",
    "generate",
    "rule_create",
    "rule_edit",
    "rule_deactivate",
    "rule_activate",
    "shift_detail",
    "shift_edit",
    "duty_attendance",
    "swap_request",
    "swap_detail",
    "swap_accept",
    "swap_approve",
    "swap_cancel",
]


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_a_clerk_of_another_subdistrict_gets_404(clerk_b_client, wr, rule, my_duty, swap, name):
    url, method = _urls(wr, rule, my_duty, swap)[name]

    assert getattr(clerk_b_client, method)(url).status_code == 404


def test_out_of_another_district_is_404_even_for_the_liaison_office(
    liaison_client, foreign_workroom
):
    shift = DutyShiftFactory(workroom=foreign_workroom)
    foreign_rule = RotationRuleFactory(workroom=foreign_workroom)

    assert liaison_client.get(reverse("rosters:shift_detail", args=[shift.pk])).status_code == 404
    assert (
        liaison_client.get(reverse("rosters:rule_edit", args=[foreign_rule.pk])).status_code == 404
    )
    assert (
        liaison_client.get(reverse("rosters:workroom", args=[foreign_workroom.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "name",
    [
        "generate",
        "rule_create",
        "rule_edit",
        "rule_deactivate",
        "rule_activate",
        "shift_edit",
        "swap_approve",
        "swap_reject",
    ],
)
def test_a_representative_cannot_manage_the_roster(
    representative_client, me, wr, rule, my_duty, swap, name
):
    url, method = _urls(wr, rule, my_duty, swap)[name]

    assert getattr(representative_client, method)(url).status_code == 403


def test_only_the_counterpart_may_answer_and_only_the_requester_withdraw(
    clerk_a_client, peer_client, wr, rule, my_duty, swap
):
    urls = _urls(wr, rule, my_duty, swap)

    assert clerk_a_client.post(urls["swap_accept"][0]).status_code == 403
    assert clerk_a_client.post(urls["swap_cancel"][0]).status_code == 403
    assert peer_client.post(urls["swap_cancel"][0]).status_code == 403
    assert peer_client.get(urls["swap_request"][0]).status_code == 403


def test_the_liaison_office_may_not_mark_attendance(liaison_client, past_duty):
    response = liaison_client.post(
        reverse("rosters:duty_attendance", args=[past_duty.pk]), {"attendance": "worked"}
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "generate",
        "rule_deactivate",
        "rule_activate",
        "duty_attendance",
        "swap_accept",
        "swap_decline",
        "swap_approve",
        "swap_reject",
        "swap_cancel",
    ],
)
def test_changes_are_post_only(area_admin_client, wr, rule, my_duty, swap, name):
    url, _method = _urls(wr, rule, my_duty, swap)[name]

    assert area_admin_client.get(url).status_code == 405


# --- Overview -------------------------------------------------------------------------------


def test_overview_lists_the_users_workrooms_with_this_months_figures(
    clerk_a_client, wr, me, peer, today
):
    RotationRuleFactory(workroom=wr.a)
    worked = DutyShiftFactory(workroom=wr.a, date=today)
    DutyFactory(shift=worked, representative=me, attendance=Attendance.WORKED)
    DutyFactory(shift=worked, representative=peer, attendance=Attendance.MISSED)
    SwapRequestFactory(
        duty=DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=today), representative=me),
        counterpart=peer,
    )
    DutyShiftFactory(workroom=wr.b, date=today)

    response = clerk_a_client.get(reverse("rosters:overview"))

    assert response.status_code == 200
    rows = {w.name: w for w in response.context["page"]}
    assert set(rows) == {wr.a.name, wr.a1.name}
    row = rows[wr.a.name]
    assert (row.shift_count, row.worked_count, row.missed_count, row.pending_swaps) == (2, 1, 1, 1)
    assert [r.name for r in row.active_rules] == ["党代表接待日"]


def _populate(areas, workrooms: int, shifts: int, today):
    for i in range(workrooms):
        workroom = WorkroomFactory(area=areas.a1, name=f"加测工作室{i}")
        RotationRuleFactory(workroom=workroom)
        RotationRuleFactory(workroom=workroom, name="月度接待")
        people = assign(workroom, 2)
        for j in range(shifts):
            shift = DutyShiftFactory(workroom=workroom, date=today.replace(day=1) + timedelta(j))
            for person in people:
                DutyFactory(shift=shift, representative=person, attendance=Attendance.MISSED)


@pytest.mark.parametrize("workrooms, shifts", [(1, 1), (12, 6)])
def test_overview_runs_a_constant_number_of_queries(
    clerk_a_client, areas, wr, today, workrooms, shifts, django_assert_max_num_queries
):
    _populate(areas, workrooms, shifts, today)

    with django_assert_max_num_queries(9):
        response = clerk_a_client.get(reverse("rosters:overview"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == workrooms + 2


# --- The workroom's month ---------------------------------------------------------------------


def test_month_page_shows_shifts_people_and_missed_duties(clerk_a_client, wr, me, peer):
    shift = DutyShiftFactory(workroom=wr.a, date=date(2026, 11, 3), note="国庆节顺延")
    DutyFactory(shift=shift, representative=me, attendance=Attendance.MISSED)
    DutyFactory(shift=shift, representative=peer, attendance=Attendance.WORKED)
    DutyShiftFactory(workroom=wr.a, date=date(2026, 12, 1))

    response = clerk_a_client.get(reverse("rosters:workroom_month", args=[wr.a.pk, 2026, 11]))

    assert response.status_code == 200
    assert response.context["shifts"] == [shift]
    assert [d.representative for d in response.context["missed"]] == [me]
    assert response.context["counts"] == {"worked": 1, "missed": 1, "duties": 2}
    body = response.content.decode()
    assert "党代表甲" in body and "党代表乙" in body and "国庆节顺延" in body
    assert response.context["can_manage"] and response.context["notice"] is None


def test_month_page_of_a_year_without_holiday_data_carries_the_notice(clerk_a_client, wr):
    response = clerk_a_client.get(reverse("rosters:workroom_month", args=[wr.a.pk, 2027, 3]))

    assert "2027" in response.context["notice"]
    assert response.context["notice"] in response.content.decode()


def test_month_page_refuses_a_month_that_does_not_exist(clerk_a_client, wr):
    url = reverse("rosters:workroom_month", args=[wr.a.pk, 2026, 13])

    assert clerk_a_client.get(url).status_code == 404


def test_representative_reads_the_month_without_management_buttons(representative_client, wr, rule):
    response = representative_client.get(reverse("rosters:workroom", args=[wr.a.pk]))

    assert response.status_code == 200
    assert not response.context["can_manage"]
    assert reverse("rosters:rule_create", args=[wr.a.pk]) not in response.content.decode()


@pytest.mark.parametrize("people, shifts", [(1, 1), (12, 20)])
def test_month_page_runs_a_constant_number_of_queries(
    clerk_a_client, wr, people, shifts, django_assert_max_num_queries
):
    RotationRuleFactory(workroom=wr.a)
    staff = assign(wr.a, people)
    for day in range(shifts):
        shift = DutyShiftFactory(workroom=wr.a, date=date(2026, 11, 1) + timedelta(day))
        for person in staff:
            DutyFactory(shift=shift, representative=person)

    with django_assert_max_num_queries(8):
        response = clerk_a_client.get(reverse("rosters:workroom_month", args=[wr.a.pk, 2026, 11]))

    assert len(response.context["shifts"]) == shifts


# --- Rules and generation ---------------------------------------------------------------------


def rule_data(**changes):
    return {
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
    } | changes


def test_clerk_adds_a_weekly_rule(clerk_a_client, wr):
    response = clerk_a_client.post(reverse("rosters:rule_create", args=[wr.a.pk]), rule_data())

    assert response.status_code == 302
    rule = RotationRule.objects.get(workroom=wr.a)
    assert (rule.kind, rule.weekdays, rule.month_days, rule.representatives_per_shift) == (
        "weekly",
        "2,4",
        "",
        2,
    )


def test_clerk_adds_a_monthly_rule_and_the_days_are_tidied(clerk_a_client, wr):
    clerk_a_client.post(
        reverse("rosters:rule_create", args=[wr.a.pk]),
        rule_data(kind="month_days", weekday_set=["2"], month_days="25，10"),
    )

    rule = RotationRule.objects.get(workroom=wr.a)
    assert (rule.month_days, rule.weekdays) == ("10,25", "")


def test_clerk_adds_a_second_tuesday_rule(clerk_a_client, wr):
    clerk_a_client.post(
        reverse("rosters:rule_create", args=[wr.a.pk]),
        rule_data(kind="month_nth", weekday_set=["2"], nth="2"),
    )

    rule = RotationRule.objects.get(workroom=wr.a)
    assert (rule.weekdays, rule.nth) == ("2", 2)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"weekday_set": []}, "weekday_set"),
        ({"kind": "month_days", "month_days": ""}, "month_days"),
        ({"kind": "month_days", "month_days": "10,32"}, "month_days"),
        ({"kind": "month_nth", "weekday_set": ["1", "2"], "nth": "2"}, "weekday_set"),
        ({"end_time": "08:00"}, "end_time"),
    ],
)
def test_an_incomplete_rule_is_refused(clerk_a_client, wr, changes, field):
    response = clerk_a_client.post(
        reverse("rosters:rule_create", args=[wr.a.pk]), rule_data(**changes)
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not RotationRule.objects.exists()


def test_clerk_edits_and_deactivates_a_rule(clerk_a_client, rule):
    clerk_a_client.post(
        reverse("rosters:rule_edit", args=[rule.pk]), rule_data(name="周二接待", weekday_set=["2"])
    )
    clerk_a_client.post(reverse("rosters:rule_deactivate", args=[rule.pk]))

    rule.refresh_from_db()
    assert (rule.name, rule.weekdays, rule.is_active) == ("周二接待", "2", False)

    clerk_a_client.post(reverse("rosters:rule_activate", args=[rule.pk]))
    rule.refresh_from_db()
    assert rule.is_active


def test_the_liaison_office_manages_rules_too(liaison_client, rule):
    liaison_client.post(reverse("rosters:rule_deactivate", args=[rule.pk]))

    rule.refresh_from_db()
    assert not rule.is_active


def test_generate_button_creates_the_month_and_reports(clerk_a_client, wr, rule):
    assign(wr.a, 2)

    response = clerk_a_client.post(
        reverse("rosters:generate", args=[wr.a.pk]), {"month": "2026-11"}
    )

    assert response["Location"] == reverse("rosters:workroom_month", args=[wr.a.pk, 2026, 11])
    assert DutyShift.objects.filter(workroom=wr.a).count() == 8
    assert len(messages_of(response)) == 1


def test_generate_for_an_unknown_year_warns(clerk_a_client, wr, rule):
    assign(wr.a, 1)

    response = clerk_a_client.post(
        reverse("rosters:generate", args=[wr.a.pk]), {"month": "2027-03"}
    )

    assert any("2027" in m for m in messages_of(response))


def test_generate_refuses_a_bad_month(clerk_a_client, wr, rule):
    clerk_a_client.post(reverse("rosters:generate", args=[wr.a.pk]), {"month": "2026-13"})

    assert not DutyShift.objects.exists()


# --- Shifts and attendance --------------------------------------------------------------------


def test_everyone_in_scope_reads_a_shift(representative_client, my_duty):
    response = representative_client.get(reverse("rosters:shift_detail", args=[my_duty.shift_id]))

    assert response.status_code == 200
    assert response.context["duties"] == [my_duty]
    assert my_duty.pk in response.context["own"]
    assert reverse("rosters:swap_request", args=[my_duty.pk]) in response.content.decode()


def test_clerk_edits_a_shift(clerk_a_client, my_duty, peer):
    shift = my_duty.shift
    url = reverse("rosters:shift_edit", args=[shift.pk])
    assert clerk_a_client.get(url).status_code == 200

    response = clerk_a_client.post(
        url,
        {
            "version": shift.version,
            "day": f"{shift.date:%Y-%m-%d}",
            "start_time": "14:00",
            "end_time": "16:00",
            "representatives": [peer.pk],
            "liaison_officer": "",
            "note": "改到下午",
        },
    )

    assert response.status_code == 302
    shift.refresh_from_db()
    assert (shift.start_time, shift.note, shift.edited_by_hand) == (time(14, 0), "改到下午", True)
    assert [d.representative for d in shift.duties.all()] == [peer]


def test_a_stale_shift_edit_is_refused_with_a_message(clerk_a_client, my_duty):
    shift = my_duty.shift
    DutyShift.objects.filter(pk=shift.pk).update(version=5)

    response = clerk_a_client.post(
        reverse("rosters:shift_edit", args=[shift.pk]),
        {
            "version": 1,
            "day": f"{shift.date:%Y-%m-%d}",
            "start_time": "14:00",
            "end_time": "16:00",
            "representatives": [],
        },
    )

    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    shift.refresh_from_db()
    assert shift.start_time == time(9, 0)


def test_officer_marks_a_missed_duty_from_the_month_page(clerk_a_client, past_duty):
    response = clerk_a_client.post(
        reverse("rosters:duty_attendance", args=[past_duty.pk]),
        {"attendance": "missed", "back": "month"},
    )

    past_duty.refresh_from_db()
    assert past_duty.attendance == Attendance.MISSED
    assert response["Location"] == reverse(
        "rosters:workroom_month",
        args=[past_duty.shift.workroom_id, past_duty.shift.date.year, past_duty.shift.date.month],
    )


def test_representative_signs_in_on_the_day(representative_client, wr, me, today):
    duty = DutyFactory(
        shift=DutyShiftFactory(
            workroom=wr.a, date=today, start_time=time(0, 0), end_time=time(23, 59)
        ),
        representative=me,
    )

    representative_client.post(
        reverse("rosters:duty_attendance", args=[duty.pk]), {"attendance": "worked"}
    )

    duty.refresh_from_db()
    assert duty.attendance == Attendance.WORKED


def test_a_refused_mark_leaves_the_duty_and_says_why(representative_client, my_duty):
    response = representative_client.post(
        reverse("rosters:duty_attendance", args=[my_duty.pk]), {"attendance": "worked"}
    )

    assert response.status_code == 302
    assert len(messages_of(response)) == 1
    my_duty.refresh_from_db()
    assert my_duty.attendance == Attendance.SCHEDULED


def test_a_representative_may_not_mark_someone_else(representative_client, wr, me, peer, today):
    duty = DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=today), representative=peer)

    response = representative_client.post(
        reverse("rosters:duty_attendance", args=[duty.pk]), {"attendance": "worked"}
    )

    assert response.status_code == 403


# --- Swaps ------------------------------------------------------------------------------------


def test_the_swap_flow_through_the_pages(
    representative_client, peer_client, clerk_a_client, my_duty, peer
):
    url = reverse("rosters:swap_request", args=[my_duty.pk])
    first = representative_client.get(url)
    assert list(first.context["chooser"].fields["counterpart"].queryset) == [peer]
    assert first.context["form"] is None
    assert representative_client.get(url, {"counterpart": peer.pk}).context["form"].chosen == peer

    response = representative_client.post(
        reverse("rosters:swap_request", args=[my_duty.pk]),
        {"counterpart": peer.pk, "reason": "单位临时有会"},
    )
    swap = SwapRequest.objects.get()
    assert response["Location"] == reverse("rosters:swap_detail", args=[swap.pk])

    inbox = peer_client.get(reverse("rosters:swap_inbox"))
    assert inbox.context["to_answer"] == [swap]
    peer_client.post(reverse("rosters:swap_accept", args=[swap.pk]))

    inbox = clerk_a_client.get(reverse("rosters:swap_inbox"))
    assert list(inbox.context["to_decide"]) == [swap]
    clerk_a_client.post(reverse("rosters:swap_approve", args=[swap.pk]), {"note": "同意"})

    swap.refresh_from_db()
    my_duty.refresh_from_db()
    assert (swap.status, swap.decision_note) == (SwapStatus.APPROVED, "同意")
    assert my_duty.representative == peer
    detail = representative_client.get(reverse("rosters:swap_detail", args=[swap.pk]))
    assert len(detail.context["history"]) == 3


def test_a_refused_swap_request_is_explained_and_nothing_is_saved(
    representative_client, wr, me, peer, yesterday
):
    past = DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=yesterday), representative=me)

    response = representative_client.post(
        reverse("rosters:swap_request", args=[past.pk]), {"counterpart": peer.pk}
    )

    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    assert not SwapRequest.objects.exists()


def test_rejecting_through_the_page(clerk_a_client, swap):
    clerk_a_client.post(reverse("rosters:swap_reject", args=[swap.pk]), {"note": "人手不足"})

    swap.refresh_from_db()
    assert (swap.status, swap.decided_by.username, swap.decision_note) == (
        SwapStatus.REJECTED,
        "clerk_a",
        "人手不足",
    )


def test_a_late_answer_gets_a_message_not_an_error(peer_client, swap):
    SwapRequest.objects.filter(pk=swap.pk).update(status=SwapStatus.CANCELLED)

    response = peer_client.post(reverse("rosters:swap_accept", args=[swap.pk]))

    assert response.status_code == 302
    assert len(messages_of(response)) == 1
    swap.refresh_from_db()
    assert swap.status == SwapStatus.CANCELLED


def test_the_parties_and_staff_in_scope_read_a_swap(
    representative_client, peer_client, liaison_client, swap
):
    url = reverse("rosters:swap_detail", args=[swap.pk])

    for client in (representative_client, peer_client, liaison_client):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("swaps", [1, 8])
def test_swap_inbox_runs_a_constant_number_of_queries(
    clerk_a_client, wr, peer, django_assert_max_num_queries, tomorrow, swaps
):
    for person in assign(wr.a, swaps):
        duty = DutyFactory(
            shift=DutyShiftFactory(workroom=wr.a, date=tomorrow), representative=person
        )
        SwapRequestFactory(duty=duty, counterpart=peer, status=SwapStatus.ACCEPTED)

    with django_assert_max_num_queries(8):
        response = clerk_a_client.get(reverse("rosters:swap_inbox"))

    assert len(response.context["to_decide"].object_list) == swaps
    assert Duty.objects.count() == swaps
