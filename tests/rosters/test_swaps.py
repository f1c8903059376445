"""Swaps: asked, accepted by the other, approved by the liaison officer; every step recorded,
every refusal with its reason; two approvers at once, one wins."""

import threading
from datetime import time, timedelta

import pytest
from django.db import connection, connections
from django.utils import translation

from core.errors import Conflict, DomainError
from rosters.models import Attendance, Duty, DutyShift, SwapRequest, SwapStatus
from rosters.services import shift_update
from rosters.swaps import (
    swap_accept,
    swap_actions,
    swap_approve,
    swap_cancel,
    swap_decline,
    swap_history,
    swap_reject,
    swap_request,
)
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


@pytest.fixture
def my_duty(wr, me, tomorrow):
    return DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=tomorrow), representative=me)


@pytest.fixture
def peer_duty(wr, peer, tomorrow):
    return DutyFactory(
        shift=DutyShiftFactory(workroom=wr.a, date=tomorrow + timedelta(days=7)),
        representative=peer,
    )


def ask(duty, counterpart, **extra):
    return swap_request(duty, counterpart=counterpart, actor=duty.representative.user, **extra)


def test_the_whole_flow_moves_both_duties_and_records_each_step(
    my_duty, peer_duty, me, peer, peer_user, officer
):
    swap = ask(my_duty, peer, counterpart_duty=peer_duty, reason="单位临时有会")
    assert swap.status == SwapStatus.REQUESTED

    swap_accept(swap, actor=peer_user)
    assert swap.status == SwapStatus.ACCEPTED
    swap_approve(swap, actor=officer, note="同意")

    swap.refresh_from_db()
    my_duty.refresh_from_db()
    peer_duty.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    assert my_duty.representative == peer
    assert peer_duty.representative == me
    assert (swap.requested_by, swap.answered_by, swap.decided_by) == (
        me.user,
        peer_user,
        officer,
    )
    assert swap.requested_at <= swap.answered_at <= swap.decided_at
    assert swap.decision_note == "同意"
    with translation.override("en"):
        history = swap_history(swap)
    assert [(item.label, item.actor_name) for item in history] == [
        ("Requested", "党代表"),
        ("Accepted", "党代表乙"),
        ("Approved", "甲办事员"),
    ]


def test_a_plain_handover_moves_one_duty(my_duty, peer, peer_user, officer):
    swap = ask(my_duty, peer)
    swap_accept(swap, actor=peer_user)
    swap_approve(swap, actor=officer)

    my_duty.refresh_from_db()
    assert my_duty.representative == peer


def test_approval_makes_open_edit_forms_stale(my_duty, peer, peer_user, officer):
    shift = my_duty.shift
    seen = shift.version
    swap = ask(my_duty, peer)
    swap_accept(swap, actor=peer_user)
    swap_approve(swap, actor=officer)

    with pytest.raises(Conflict):
        shift_update(
            shift,
            actor=officer,
            version=seen,
            day=shift.date,
            start_time=shift.start_time,
            end_time=shift.end_time,
            representatives=[],
        )


def test_declined_rejected_and_cancelled_change_no_duty(
    my_duty, peer, peer_user, officer, representative
):
    declined = ask(my_duty, peer)
    swap_decline(declined, actor=peer_user)
    rejected = ask(my_duty, peer)
    swap_accept(rejected, actor=peer_user)
    swap_reject(rejected, actor=officer, note="人手不足")
    cancelled = ask(my_duty, peer)
    swap_cancel(cancelled, actor=representative)

    my_duty.refresh_from_db()
    assert my_duty.representative.user == representative
    assert [s.status for s in (declined, rejected, cancelled)] == [
        SwapStatus.DECLINED,
        SwapStatus.REJECTED,
        SwapStatus.CANCELLED,
    ]
    assert cancelled.cancelled_by == representative and cancelled.cancelled_at
    assert rejected.decided_by == officer and rejected.decision_note == "人手不足"


# --- Refusals at request ----------------------------------------------------------------------


def test_refused_for_a_past_duty(wr, me, peer, yesterday):
    past = DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=yesterday), representative=me)

    with pytest.raises(DomainError, match="past"):
        ask(past, peer)


def test_refused_for_a_duty_already_worked(wr, me, peer, today):
    worked = DutyFactory(
        shift=DutyShiftFactory(
            workroom=wr.a, date=today, start_time=time(23, 0), end_time=time(23, 59)
        ),
        representative=me,
        attendance=Attendance.WORKED,
    )

    with pytest.raises(DomainError, match="recorded"):
        ask(worked, peer)


def test_refused_with_oneself(my_duty, me):
    with pytest.raises(DomainError, match="yourself"):
        ask(my_duty, me)


def test_refused_with_someone_not_stationed_at_the_workroom(my_duty, wr):
    elsewhere = RepresentativeFactory(name="外室代表", area=wr.b.area)
    AssignmentFactory(representative=elsewhere, workroom=wr.b)

    with pytest.raises(DomainError, match="外室代表"):
        ask(my_duty, elsewhere)


def test_refused_with_someone_whose_assignment_has_ended(my_duty, wr, yesterday):
    former = RepresentativeFactory(area=wr.a.area)
    AssignmentFactory(representative=former, workroom=wr.a, end_date=yesterday)

    with pytest.raises(DomainError, match="not currently stationed"):
        ask(my_duty, former)


def test_refused_when_the_other_would_have_two_overlapping_duties(my_duty, peer, wr):
    AssignmentFactory(representative=peer, workroom=wr.b)
    clash = DutyShiftFactory(
        workroom=wr.b, date=my_duty.shift.date, start_time=time(11, 0), end_time=time(12, 0)
    )
    DutyFactory(shift=clash, representative=peer)

    with pytest.raises(DomainError, match="overlapping") as refused:
        ask(my_duty, peer)
    assert "党代表乙" in str(refused.value) and wr.b.name in str(refused.value)


def test_refused_when_the_exchange_would_give_me_two_overlapping_duties(
    my_duty, peer_duty, me, peer, wr
):
    AssignmentFactory(representative=me, workroom=wr.b)
    clash = DutyShiftFactory(workroom=wr.b, date=peer_duty.shift.date)
    DutyFactory(shift=clash, representative=me)

    with pytest.raises(DomainError, match="党代表甲"):
        ask(my_duty, peer, counterpart_duty=peer_duty)


def test_refused_when_the_duty_offered_is_not_the_others(my_duty, peer, wr, tomorrow):
    third = RepresentativeFactory(area=wr.a.area)
    AssignmentFactory(representative=third, workroom=wr.a)
    theirs = DutyFactory(shift=DutyShiftFactory(workroom=wr.a, date=tomorrow), representative=third)

    with pytest.raises(DomainError):
        ask(my_duty, peer, counterpart_duty=theirs)


def test_refused_for_someone_elses_duty(my_duty, peer, peer_user):
    with pytest.raises(DomainError, match="own duties"):
        swap_request(my_duty, counterpart=peer, actor=peer_user)


def test_refused_while_another_request_for_the_duty_is_open(my_duty, peer, wr):
    ask(my_duty, peer)
    third = RepresentativeFactory(area=wr.a.area)
    AssignmentFactory(representative=third, workroom=wr.a)

    with pytest.raises(DomainError, match="already an open"):
        ask(my_duty, third)


# --- Refusals later ---------------------------------------------------------------------------


def test_only_the_counterpart_answers(my_duty, peer, officer, representative):
    swap = ask(my_duty, peer)

    for someone in (officer, representative):
        with pytest.raises(DomainError, match="党代表乙"):
            swap_accept(swap, actor=someone)


def test_only_a_liaison_officer_of_the_workroom_decides(my_duty, peer, peer_user, clerk_b):
    swap = ask(my_duty, peer)
    swap_accept(swap, actor=peer_user)

    for someone in (clerk_b, peer_user):
        with pytest.raises(DomainError, match="liaison officer"):
            swap_approve(swap, actor=someone)


def test_approval_needs_the_others_acceptance_first(my_duty, peer, officer):
    swap = ask(my_duty, peer)

    with pytest.raises(DomainError, match="no longer possible"):
        swap_approve(swap, actor=officer)


def test_overlap_arising_after_acceptance_is_refused_at_approval(
    my_duty, peer, peer_user, officer, wr
):
    swap = ask(my_duty, peer)
    swap_accept(swap, actor=peer_user)
    AssignmentFactory(representative=peer, workroom=wr.b)
    DutyFactory(shift=DutyShiftFactory(workroom=wr.b, date=my_duty.shift.date), representative=peer)

    with pytest.raises(DomainError, match="overlapping"):
        swap_approve(swap, actor=officer)

    swap.refresh_from_db()
    my_duty.refresh_from_db()
    assert swap.status == SwapStatus.ACCEPTED
    assert my_duty.representative.name == "党代表甲"


def test_a_decided_request_cannot_be_withdrawn(my_duty, peer, peer_user, officer, representative):
    swap = ask(my_duty, peer)
    swap_accept(swap, actor=peer_user)
    swap_approve(swap, actor=officer)

    with pytest.raises(DomainError):
        swap_cancel(swap, actor=representative)


def test_actions_offered_follow_the_state_and_the_person(
    my_duty, peer, peer_user, officer, representative
):
    swap = ask(my_duty, peer)

    assert swap_actions(swap, peer_user) == {"accept", "decline"}
    assert swap_actions(swap, representative) == {"cancel"}
    # The officer may also record the colleague's consent, given in person.
    assert swap_actions(swap, officer) == {"accept_in_person", "reject"}
    swap_accept(swap, actor=peer_user)
    assert swap_actions(swap, officer) == {"approve", "reject"}
    assert swap_actions(swap, peer_user) == set()


def test_a_stale_copy_gets_a_clear_conflict(my_duty, peer, peer_user, officer, area_admin):
    swap = ask(my_duty, peer)
    swap_accept(swap, actor=peer_user)
    stale = SwapRequest.objects.get(pk=swap.pk)
    swap_reject(swap, actor=officer)

    with pytest.raises(Conflict) as refused:
        swap_approve(stale, actor=area_admin)
    assert refused.value.who == officer.display_name
    assert officer.display_name in str(refused.value)
    assert not refused.value.same_user
    my_duty.refresh_from_db()
    assert my_duty.representative.name == "党代表甲"


# --- Two approvers at the same moment (real threads and connections) ----------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_approvers_at_once_one_wins(my_duty, peer, peer_user, officer, area_admin):
    swap = ask(my_duty, peer)
    swap_accept(swap, actor=peer_user)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            copy = SwapRequest.objects.select_related(
                "duty__shift__workroom__area", "duty__representative", "counterpart"
            ).get(pk=swap.pk)
            barrier.wait(timeout=10)
            # Language activation is per thread: read the message in English here too.
            with translation.override("en"):
                swap_approve(copy, actor=user, note=user.username)
            outcomes.append("approved")
        except DomainError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (officer, area_admin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("approved") == 1
    winner = SwapRequest.objects.get(pk=swap.pk).decided_by
    assert any(f"changed by {winner.display_name}" in o for o in outcomes), outcomes
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    assert Duty.objects.get(pk=my_duty.pk).representative == peer
    assert DutyShift.objects.get(pk=my_duty.shift_id).version == 2


def test_deciding_twice_from_two_tabs_is_already_done(my_duty, peer, peer_user, officer):
    swap = ask(my_duty, peer)
    swap_accept(swap, actor=peer_user)
    second_tab = SwapRequest.objects.get(pk=swap.pk)
    swap_reject(swap, actor=officer)

    with pytest.raises(Conflict) as refused:
        swap_reject(second_tab, actor=officer)

    assert refused.value.same_user
    assert SwapRequest.objects.get(pk=swap.pk).status == SwapStatus.REJECTED
